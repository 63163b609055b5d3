// The unassigned pool in the real app window (tauri-driver, WebKitWebDriver, Xvfb) and the real server, issue 15:
// the office puts two trade-show leads in the pool (record changes with `"owner": null`, integrated by the real
// server), the rep's snapshot lists them under « Contacts » › « Leads non attribués » with their campaign; he takes
// both offline with « Prendre »; each shows as his at once (pending) and leaves the list. A colleague's take of the
// second reaches the server first: once synced, the first lead is the rep's in the master, the second stays the
// colleague's, and after « actualiser » the home screen names who took it. Under the built-in policy the rep is not
// offered « Nouvelle campagne ».

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { click, gone } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';
import { sql } from './lib/office.mjs';

const CAMPAIGN = 'Salon Pool E2E';
const FIRST = 'Menuiserie Pool E2E';
const SECOND = 'Verrières Pool E2E';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** A ULID for now (48-bit milliseconds, 80 random bits, Crockford base 32). */
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

/** Delivers a record change by `user` into the server's inbox the way a sync tool does (whole file, then renamed). */
function deliver(world, user, payload) {
  const inbox = join(world.data, 'inbox', user);
  mkdirSync(inbox, { recursive: true });
  const change = ulid();
  const name = `RC_${user}_${change}.json`;
  const envelope = { spec: 2, type: 'RC', change_id: change, user, device: `PC-${user}`, created_at: new Date().toISOString(), payload };
  writeFileSync(join(inbox, `.${name}.tmp`), JSON.stringify(envelope));
  renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
  return name;
}

/** Integrates what the inbox holds; every line of the summary must be `integrated`. */
function integrateAll(world) {
  const summary = server(world.data, 'integrate', '--once');
  assert.match(summary, /^integrated\t/m, summary);
  assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
}

/** The pool list's lead named `name`, once it shows. */
async function poolLead(app, name) {
  let found = null;
  await app.waitUntil(async () => {
    for (const lead of await app.findAll('[data-testid="pool-lead"]')) {
      if ((await lead.text()).includes(name)) found = lead;
    }
    return found !== null;
  }, `${name} in the pool list`);
  return found;
}

test('pool leads listed from the snapshot, taken offline with « Prendre », the first take wins on the server', async () => {
  const world = makeWorld();
  const db = `${world.data}/tournee.sqlite`;
  const [[admin]] = sql(db, 'SELECT windows_user FROM app_user WHERE is_admin = 1 ORDER BY windows_user LIMIT 1');
  const [[colleague]] = sql(db, `SELECT windows_user FROM app_user WHERE is_admin = 0 AND role = 'rep' AND windows_user <> '${REP}' ORDER BY windows_user LIMIT 1`);

  // The office sets up the trade show and leaves two of its leads unassigned.
  const campaign = ulid();
  const firstId = ulid();
  const secondId = ulid();
  deliver(world, admin, { entity: 'campaign', op: 'create', id: campaign, fields: { name: CAMPAIGN, starts_on: '2026-11-18' } });
  integrateAll(world);
  deliver(world, admin, { entity: 'party', op: 'create', id: firstId, fields: { kind: 'company', name: FIRST, city: 'Lyon', campaign, owner: null } });
  deliver(world, admin, { entity: 'party', op: 'create', id: secondId, fields: { kind: 'company', name: SECOND, city: 'Vienne', campaign, owner: null } });
  integrateAll(world);
  assert.deepEqual(sql(db, 'SELECT owner, pooled FROM party WHERE id IN (?1, ?2)', firstId, secondId), [[null, 1], [null, 1]]);
  server(world.data, 'snapshot', '--user', REP);

  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');

    // Brief 003's policy: the rep reads campaigns but does not set them up.
    await click(app, '[data-testid="nav-campaigns"]');
    await app.waitFor(`[data-testid="campaign-${campaign}"]`);
    await click(app, `[data-testid="campaign-${campaign}"]`);
    await app.waitFor('[data-testid="quick-entry"]');
    assert.equal((await app.findAll('[data-testid="campaign-new"]')).length, 0, '« Nouvelle campagne » is not offered to a rep');
    await shoot(app, 'pool-rep-campaigns');

    // « Leads non attribués »: both leads with their campaign, the count on the tab.
    await click(app, '[data-testid="nav-contacts"]');
    const tab = await app.waitFor('[data-testid="contacts-tab-pool"]');
    await app.waitUntil(async () => /\(2\)/.test(await tab.text()), 'the pool tab to count 2 leads');
    await tab.click();
    const first = await poolLead(app, FIRST);
    assert.match(await first.text(), new RegExp(CAMPAIGN));
    assert.match(await first.text(), /Lyon/);
    assert.match(await first.text(), /créé le \d{2}\/\d{2}\/\d{4}/);
    await poolLead(app, SECOND);
    await shoot(app, 'pool-list');

    // « Prendre »: the page opens as his, pending, and the lead leaves the pool list.
    await click(app, `[data-testid="pool-lead"][data-id="${firstId}"] [data-testid="pool-take"]`);
    await app.waitFor(`[data-testid="contact-page"][data-id="${firstId}"]`);
    await app.waitFor(`[data-testid="contact-page"][data-id="${firstId}"] [data-testid="pending-mark"]`);
    await gone(app, `[data-testid="pool-lead"][data-id="${firstId}"]`, 'the taken lead to leave the pool list');
    assert.equal((await app.findAll('[data-testid="btn-take-lead"]')).length, 0, 'no « Prendre » on a lead taken here');
    await app.waitUntil(async () => /\(1\)/.test(await (await app.find('[data-testid="contacts-tab-pool"]')).text()), 'the pool tab to count 1 lead');
    await gone(app, '[data-testid="toast"]', 'the toast to go');
    await shoot(app, 'pool-taken-page');

    // The second lead, from its page this time.
    await click(app, `[data-testid="pool-lead"][data-id="${secondId}"] [data-testid="pool-open"]`);
    await app.waitFor(`[data-testid="contact-page"][data-id="${secondId}"] [data-testid="contact-pool-badge"]`);
    await click(app, '[data-testid="btn-take-lead"]');
    await app.waitFor(`[data-testid="contact-page"][data-id="${secondId}"] [data-testid="pending-mark"]`);
    await app.waitFor('[data-testid="pool-empty"]');

    // A colleague's take of the second lead reaches the server first.
    deliver(world, colleague, { entity: 'party', op: 'update', id: secondId, fields: { owner: colleague } });
    integrateAll(world);
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.equal(files.length, 2, `the two takes in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.match(summary, /^failed\t.*not_allowed/m, summary);
    assert.deepEqual(sql(db, 'SELECT owner, pooled FROM party WHERE id = ?1', firstId), [[REP, 0]], 'the first lead is the rep\'s on the server');
    assert.deepEqual(sql(db, 'SELECT owner FROM party WHERE id = ?1', secondId), [[colleague]], 'the first take integrated wins');

    // Back from the snapshot: the home screen names who took the second lead first.
    server(world.data, 'snapshot', '--user', REP);
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await click(app, '[data-testid="nav-home"]');
    const notice = await app.waitFor(`[data-testid="take-notice"][data-id="${secondId}"]`);
    const [[takerName]] = sql(db, 'SELECT display_name FROM app_user WHERE windows_user = ?1', colleague);
    assert.match(await notice.text(), new RegExp(`« ${SECOND} ».*déjà été par ${takerName}`));
    await shoot(app, 'pool-take-refused-notice');
    await click(app, `[data-testid="take-notice"][data-id="${secondId}"] [data-testid="notice-seen"]`);
    await gone(app, '[data-testid="take-notice"]', 'the notice to go once seen');
  } finally {
    await app.quit();
  }
});
