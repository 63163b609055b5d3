// The « Webhooks » page for the admin guide (docs/screenshots/office-webhooks.png): a
// webhook created through the page to a receiver on loopback (server/tests/
// webhook_receiver.py), a few events queued as integration writes them, then delivered
// by the real worker; and a second webhook whose receiver is down, so the page shows
// attempts waiting. Not a test (the server's tests/webhooks.rs are): run with
//   SCREENSHOT_DIR=docs/screenshots TOURNEE_SERVER=<binary> node e2e/webhooks-screenshot.mjs

import { appendFileSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { freePort } from './lib/fixture.mjs';
import {
  ADMIN_PASSWORD, eventually, launchBrowser, makeOfficeData, newPage, shoot, signIn, sql, startServer,
} from './lib/office.mjs';

function ulid() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let value = (BigInt(Date.now()) << 80n) | BigInt(`0x${randomBytes(10).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i += 1) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** Writes through Python's sqlite3 (the lib's `sql` opens read-only). */
function write(db, query, ...params) {
  const script = 'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.execute(sys.argv[2],sys.argv[3:])\nc.commit()';
  execFileSync('python3', ['-c', script, db, query, ...params.map(String)]);
}

const world = makeOfficeData();
appendFileSync(join(world.data, 'config.toml'), '\n[webhooks]\npoll_millis = 200\nfirst_retry_millis = 60000\n');
const running = await startServer(world.data);
const port = await freePort();
const out = join(world.root, 'received.jsonl');
let receiver;
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await signIn(page, running.base, 'admin', ADMIN_PASSWORD, 'E2e-admin-pass-2 nouveau');
  await page.goto(`${running.base}/office/admin/webhooks`);
  await page.fill('[name=url]', `http://127.0.0.1:${port}/tournee`);
  for (const type of ['party.created', 'action.added', 'client.validated']) await page.check(`#t-${type.replace('.', '\\.')}`);
  await page.click('button:has-text("Créer le webhook")');
  const secret = (await page.textContent('[data-testid=webhook-secret]')).trim();
  await page.goto(`${running.base}/office/admin/webhooks`);
  await page.fill('[name=url]', 'http://localhost:9/erp-bridge');
  await page.check('#t-all');
  await page.click('button:has-text("Créer le webhook")');
  receiver = spawn('python3', ['server/tests/webhook_receiver.py', String(port), secret, out], { stdio: 'ignore' });
  // Events as the integration writes them (one per subscription wanting it).
  const parties = sql(world.db, 'SELECT id, name FROM party ORDER BY id LIMIT 4');
  const now = new Date().toISOString();
  for (const [i, [id, name]] of parties.entries()) {
    const event = ulid();
    const type = i === 3 ? 'action.added' : 'party.created';
    const payload = JSON.stringify({ entity: 'party', id, user: 'jdupont', change: { fields: { name } } });
    write(world.db, 'INSERT INTO event (id, type, occurred_at, entity, record_id, payload_json) VALUES (?, ?, ?, ?, ?, ?)', event, type, now, 'party', id, payload);
    write(world.db, 'INSERT INTO webhook_delivery (event_id, subscription_id, next_attempt_at, retry_from) SELECT ?, id, ?, ? FROM webhook_subscription', event, now, now);
    await new Promise((r) => setTimeout(r, 5));
  }
  await eventually('the deliveries', () => sql(world.db, "SELECT count(*) FROM webhook_delivery WHERE status = 'delivered'")[0][0] === 4, 30000);
  await eventually('the failed attempts', () => sql(world.db, 'SELECT count(*) FROM webhook_attempt WHERE status_code IS NULL')[0][0] >= 4, 30000);
  await page.goto(`${running.base}/office/admin/webhooks`);
  await shoot(page, 'webhooks');
} finally {
  receiver?.kill();
  await browser.close();
  await running.stop();
}
