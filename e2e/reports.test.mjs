// « Rapports » (issue 15, « Reports »: charts in the app and in the browser). In the real app window
// (tauri-driver, WebKitWebDriver, Xvfb) over the rep's snapshot of the small demo: the five reports of the
// last 12 months, their figures equal to the snapshot's counted again in SQL; a bad period said under its
// field; an opportunity won offline counts at once (pending), and the same after the real server integrated
// it and « actualiser » brought its snapshot. Then in Debian's Chromium at 375 px: a manager's team reports
// through the server's web back end, nothing wider than the phone, axe's WCAG 2.2 A/AA rules.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { axeViolations, overflowing } from './lib/a11y.mjs';
import { click } from './lib/crm.mjs';
import { launch, makeWorld, REPO, server, shoot, SHOTS, startDriver, REP } from './lib/fixture.mjs';
import { launchBrowser, makeOfficeData, snapshotFile, sql, startServer } from './lib/office.mjs';

const UI = join(REPO, 'ui', 'dist');

/** `YYYY-MM-DD` one day later. */
function dayAfter(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** What the snapshot holds for the period [from, to], counted again in SQL as the reports define it. */
function countedInSql(file, from, to) {
  const [start, until] = [`${from}T00:00:00`, `${dayAfter(to)}T00:00:00`];
  const [[wonCents]] = sql(file, "SELECT coalesce(sum(value_cents), 0) FROM opportunity WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2", start, until);
  const [[leads, prospects]] = sql(
    file,
    "SELECT count(*), count(*) FILTER (WHERE status IN ('prospect', 'dead_prospect', 'client')) FROM party WHERE created_at >= ?1 AND created_at < ?2 AND unassigned = 0",
    start,
    until,
  );
  const [[withOpportunity]] = sql(
    file,
    'SELECT count(*) FROM party p WHERE created_at >= ?1 AND created_at < ?2 AND unassigned = 0 AND EXISTS (SELECT 1 FROM opportunity o WHERE o.party_id = p.id)',
    start,
    until,
  );
  return { wonCents, leads, prospects, withOpportunity };
}

/** The figures the screen shows: the sales total and the funnel's steps. */
async function shown(app) {
  const total = await app.findAll('[data-testid="report-sales-total"]');
  const wonCents = total.length ? Number(await total[0].attribute('data-cents')) : 0;
  const steps = {};
  for (const row of await app.findAll('[data-testid="report-funnel-step"]')) {
    steps[await row.attribute('data-step')] = Number(await row.attribute('data-count'));
  }
  return { wonCents, ...steps };
}

test('the rep opens « Rapports »: the snapshot counted, a bad period refused, an offline win counted then integrated', async () => {
  const driver = await startDriver();
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    await click(app, '[data-testid="nav-reports"]');
    await app.waitFor('[data-testid="report-sales"]');
    const period = await app.waitFor('[data-testid="reports-period"]');
    const [from, to] = [await period.attribute('data-from'), await period.attribute('data-to')];
    // The last 12 months by default.
    assert.equal(from, dayAfter(`${Number(to.slice(0, 4)) - 1}${to.slice(4)}`));

    const { file } = snapshotFile(world.data, REP);
    const expected = countedInSql(file, from, to);
    const before = await shown(app);
    assert.ok(expected.wonCents > 0, 'the demo sold in the last 12 months');
    assert.equal(before.wonCents, expected.wonCents, 'sales: the won opportunities closed in the period');
    assert.equal(before.leads, expected.leads, 'funnel: the parties created in the period');
    assert.equal(before.prospects, expected.prospects);
    assert.equal(before.opportunities, expected.withOpportunity);
    // Each report is a picture named for screen readers, followed by its figures.
    for (const chart of ['chart-sales', 'chart-funnel', 'chart-forecast', 'chart-close-times', 'chart-campaigns']) {
      const named = await app.findAll(`[data-testid="${chart}"] [role="img"][aria-label]`);
      const empty = await app.findAll(`[data-testid="${chart}-empty"]`);
      assert.equal(named.length + empty.length, 1, chart);
    }
    await shoot(app, 'reports');

    // A period that ends before it starts: said under « Au », the figures shown stay.
    await app.execute(
      `const set = (id, v) => { const i = document.querySelector('[data-testid="' + id + '"]'); i.value = v; i.dispatchEvent(new Event('input', { bubbles: true })); };
       set('reports-from', '2026-06-30'); set('reports-to', '2026-01-01');`,
    );
    await click(app, '[data-testid="reports-show"]');
    const error = await app.waitFor('[data-testid="error-to"]');
    assert.match(await error.text(), /La fin doit suivre le début/);
    assert.equal((await app.findAll('[data-testid="report-sales"]')).length, 1);
    await shoot(app, 'reports-bad-period');
    await app.execute(
      `const set = (id, v) => { const i = document.querySelector('[data-testid="' + id + '"]'); i.value = v; i.dispatchEvent(new Event('input', { bubbles: true })); };
       set('reports-from', arguments[0]); set('reports-to', arguments[1]);`,
      [from, to],
    );
    await click(app, '[data-testid="reports-show"]');
    await app.waitUntil(async () => (await app.findAll('[data-testid="error-to"]')).length === 0, 'the error to go');

    // An open opportunity at the last stage, won offline on the board.
    const [[id, value]] = sql(file, "SELECT id, coalesce(value_cents, 0) FROM opportunity WHERE status = 'open' AND stage = 'negociation' AND owner = ?1 ORDER BY value_cents DESC LIMIT 1", REP);
    assert.ok(value > 0, 'an open opportunity at « Négociation » with a value');
    await click(app, '[data-testid="nav-opportunities"]');
    // By keyboard: the demo's cards fill the columns, the card may sit below the fold.
    await (await app.waitFor(`[data-testid="opp-card"][data-id="${id}"] [data-testid="opp-card-open"]`)).type('\uE007');
    await app.waitFor('[data-testid="opportunity-page"][data-stage="negociation"]');
    await click(app, '[data-testid="opportunity-win"]');
    await app.waitFor('[data-testid="opportunity-page"][data-status="won"]');
    await click(app, '[data-testid="dialog-close"]');
    await click(app, '[data-testid="nav-reports"]');
    await app.waitUntil(async () => (await shown(app)).wonCents === before.wonCents + value, 'the win counted in the sales');
    assert.match(await (await app.waitFor('[data-testid="reports-pending"]')).text(), /Dont 1 enregistrement/);
    await shoot(app, 'reports-pending-win');

    // Integrated by the real server: the server's closing time falls in the same period, nothing pending.
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    server(world.data, 'snapshot', '--user', REP);
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await app.waitUntil(async () => (await (await app.find('[data-testid="pending-count"]')).text()).trim() === '0', 'nothing pending');
    await app.waitUntil(async () => (await app.findAll('[data-testid="reports-pending"]')).length === 0, 'no pending record counted');
    const after = await shown(app);
    assert.equal(after.wonCents, before.wonCents + value);
    assert.equal(countedInSql(snapshotFile(world.data, REP).file, from, to).wonCents, after.wonCents, 'the new snapshot agrees');
  } finally {
    await app.quit();
    await driver.stop();
  }
});

/** Signs in from the app's address, through the forced change of a drawn password. */
async function signIn(page, base, login, drawn) {
  const fresh = 'Manager-reports-pass-7 nouveau';
  await page.goto(`${base}/`);
  await page.waitForURL('**/office/login?next=app');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', drawn);
  await page.click('button:has-text("Se connecter")');
  await page.waitForURL('**/office/password');
  await page.fill('input[name=old]', drawn);
  await page.fill('input[name=new]', fresh);
  await page.click('button:has-text("Enregistrer")');
  await page.waitForURL('**/office/login');
  await page.goto(`${base}/app/`);
  await page.waitForURL('**/office/login?next=app');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', fresh);
  await page.click('button:has-text("Se connecter")');
  await page.waitForURL(`${base}/app/`);
}

test('a manager reads his team\'s reports in a browser on a phone (375 px)', async () => {
  assert.ok(existsSync(join(UI, 'index.html')), `build the screens first: (cd ui && npm run build) → ${UI}`);
  const world = makeOfficeData();
  // nbertrand leads the team « Ouest » (jdupont, mgarcia) as a manager.
  execFileSync('python3', [
    '-c',
    'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.executescript(sys.argv[2])\nc.commit()',
    world.db,
    `UPDATE app_user SET role = 'manager', is_admin = 0 WHERE windows_user = 'nbertrand';
     INSERT INTO team (id, name) VALUES (1, 'Ouest');
     INSERT INTO team_member (team_id, windows_user, leads) VALUES (1, 'nbertrand', 1), (1, 'jdupont', 0), (1, 'mgarcia', 0);`,
  ]);
  appendFileSync(join(world.data, 'config.toml'), `\nweb_ui = ${JSON.stringify(UI)}\n`);
  server(world.data, 'snapshot');
  const running = await startServer(world.data);
  const browser = await launchBrowser();
  const problems = [];
  try {
    const drawn = server(world.data, 'account', 'reset-password', 'nbertrand').trim().split('\n')[0].trim();
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'fr-FR', isMobile: true, hasTouch: true, bypassCSP: true }); // CSP bypassed only to inject axe
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(page, running.base, 'nbertrand', drawn);
    await page.click('[data-testid="nav-reports"]');
    await page.waitForSelector('[data-testid="report-sales-line"]');
    // The team's sales only: jdupont's or mgarcia's, never another rep's.
    const reps = await page.$$eval('[data-testid="report-sales-line"]', (rows) => [...new Set(rows.map((r) => r.dataset.rep))]);
    assert.ok(reps.length > 0 && reps.every((rep) => ['jdupont', 'mgarcia', 'nbertrand'].includes(rep)), reps.join(', '));
    // The sales total is the team's won value in the manager's snapshot.
    const from = await page.getAttribute('[data-testid="reports-period"]', 'data-from');
    const to = await page.getAttribute('[data-testid="reports-period"]', 'data-to');
    const { file } = snapshotFile(world.data, 'nbertrand');
    assert.equal(Number(await page.getAttribute('[data-testid="report-sales-total"]', 'data-cents')), countedInSql(file, from, to).wonCents);
    await page.screenshot({ path: join(SHOTS, 'web-375-reports.png'), fullPage: true });
    for (const v of await axeViolations(page)) problems.push(`reports @375: ${v}`);
    const wide = await overflowing(page);
    if (wide.out.length) problems.push(`reports @375 wider than the window: ${wide.out.join(', ')}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'web-1280-reports.png'), fullPage: true });
    for (const v of await axeViolations(page)) problems.push(`reports @1280: ${v}`);
    // The screen scrolls inside the page's shell: for the pictures of the whole screen only, the
    // shell is let grow to its content (after the checks above).
    await page.addStyleTag({ content: '.shell { height: auto !important } .content { overflow: visible !important }' });
    await page.screenshot({ path: join(SHOTS, 'web-1280-reports-whole.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: join(SHOTS, 'web-375-reports-whole.png'), fullPage: true });

    // « Imprimer » in a browser: the page's PDF is downloaded (the laptop writes it), under the
    // page's real Content-Security-Policy.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', storageState: await context.storageState(), acceptDownloads: true });
    const desk = await desktop.newPage();
    desk.setDefaultTimeout(20000);
    desk.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await desk.goto(`${running.base}/app/`);
    await desk.click('[data-testid="nav-reports"]');
    await desk.waitForSelector('[data-testid="report-sales-line"]');
    const [pdf] = await Promise.all([desk.waitForEvent('download'), desk.click('[data-testid="btn-print-reports"]')]);
    assert.equal(pdf.suggestedFilename(), `rapports-${from}-${to}.pdf`);
    const saved = join(SHOTS, 'web-reports-download.pdf');
    await pdf.saveAs(saved);
    const info = execFileSync('pdfinfo', [saved]).toString();
    assert.match(info, /Pages:\s+1\n/);
    assert.match(info, /\(A4\)/);
    assert.match(execFileSync('pdftotext', [saved, '-']).toString(), /Rapports des ventes/);
    await desktop.close();
    await context.close();
  } finally {
    await browser.close();
    await running.stop();
  }
  assert.deepEqual(problems, []);
  assert.ok(readdirSync(SHOTS).includes('web-375-reports-whole.png'));
});
