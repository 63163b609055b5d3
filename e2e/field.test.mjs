// The field app in its real window: first run, search with a wildcard, a card, a visit
// whose VC file the real server integrates, the pending mark clearing after the new
// snapshot, and the freshness bar turning red on an old snapshot then green after
// « actualiser ».

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => { await driver?.stop(); });

async function openCard(app, query, code) {
  await (await app.waitFor('[data-testid="nav-clients"]')).click();
  const search = await app.waitFor('[data-testid="search-input"]');
  await search.clear();
  await search.type(query);
  const hit = await app.waitFor(`[data-testid="search-hit"][data-code="${code}"]`);
  await hit.click();
  await app.waitFor(`[data-testid="client-card"][data-code="${code}"]`);
}

test('first run: the rep picks the folders and is recognised', async () => {
  const world = makeWorld();
  const app = await launch(driver, world.home);
  try {
    // The HTTPS way comes first; this test takes the folder way.
    await (await app.waitFor('[data-testid="setup-way-folders"]')).click();
    await (await app.waitFor('[data-testid="setup-snapshot-dir"]')).type(world.snapshotDir);
    await (await app.find('[data-testid="setup-outbox-dir"]')).type(world.outbox);
    await (await app.find('[data-testid="setup-check"]')).click();
    const select = await app.waitFor('[data-testid="setup-user"]');
    assert.equal(await select.property('value'), REP);
    await shoot(app, 'field-setup');
    await (await app.find('[data-testid="setup-save"]')).click();
    await app.waitFor('[data-testid="home-row"]');
    const bar = await app.find('[data-testid="freshness"]');
    assert.equal(await bar.attribute('data-state'), 'fresh');
    await shoot(app, 'field-home');
  } finally {
    await app.quit();
  }
});

test('wildcard search, a card, a visit integrated by the server, the mark cleared', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    const row = await app.waitFor('[data-testid="home-row"]');
    const code = await row.attribute('data-code');
    await (await app.waitFor(`[data-testid="home-row"][data-code="${code}"] td`)).click();
    await app.waitFor('[data-testid="home-detail"]');

    // "C0*" style pattern: the code's first three characters then a star.
    await openCard(app, `${code.slice(0, 3)}*${code.slice(-2)}`, code);
    await shoot(app, 'field-client-card');
    for (const [button, marker, name] of [
      ['btn-revisit', 'revisit-submit', 'field-revisit-dialog'],
      ['btn-fleet', 'fleet-submit', 'field-fleet-dialog'],
      ['btn-modify', 'modif-submit', 'field-modification-dialog'],
    ]) {
      await (await app.find(`[data-testid="${button}"]`)).click();
      await app.waitFor(`[data-testid="${marker}"]`);
      await shoot(app, name);
      await (await app.find('[data-testid="dialog-close"]')).click();
    }

    await (await app.find('[data-testid="btn-visit"]')).click();
    await (await app.waitFor('[data-testid="visit-comment"]')).type('Pneus hiver commandés (e2e)');
    await (await app.find('[data-testid="form-opt-type_contact-visite"]')).click();
    await shoot(app, 'field-visit-dialog');
    await (await app.find('[data-testid="visit-submit"]')).click();
    await app.waitFor('[data-testid="toast"]');
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`VC_${REP}_`));
    assert.equal(files.length, 1, 'one VC file in the outbox');

    await (await app.find('[data-testid="btn-history"]')).click();
    const pendingRow = await app.waitFor('[data-testid="history-row"][data-pending="true"]');
    assert.match(await pendingRow.text(), /Pneus hiver commandés/);
    await shoot(app, 'field-history-pending');
    await (await app.find('[data-testid="dialog-close"]')).click();

    assert.deepEqual(world.syncUp(), files);
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^failed/m, summary);
    server(world.data, 'snapshot', '--user', REP);

    const refresh = await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 });
    await refresh.click();
    await app.waitUntil(async () => {
      const count = await app.find('[data-testid="pending-count"]');
      return (await count.text()).trim() === '0';
    }, 'the pending count to drop to 0');
    await (await app.find('[data-testid="btn-history"]')).click();
    await app.waitFor('[data-testid="history-row"]');
    const stillPending = await app.findAll('[data-testid="history-row"][data-pending="true"]');
    assert.equal(stillPending.length, 0, 'no pending mark left after the new snapshot');
    const rows = await app.findAll('[data-testid="history-row"]');
    assert.match(await rows[0].text(), /Pneus hiver commandés/);
  } finally {
    await app.quit();
  }
});

test('an old snapshot turns the bar red; « actualiser » takes the new one', async () => {
  const world = makeWorld();
  const old = new Date(Date.now() - 200 * 3600 * 1000).toISOString();
  server(world.data, 'snapshot', '--user', REP, '--now', old);
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    const bar = await app.waitFor('[data-testid="freshness"]');
    assert.equal(await bar.attribute('data-state'), 'stale');
    assert.match(await bar.text(), /vos bases ne sont pas à jour, merci de vous connecter pour les actualiser/);
    await shoot(app, 'field-stale');
    server(world.data, 'snapshot', '--user', REP);
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="freshness"]')).attribute('data-state')) === 'fresh',
      'the bar to turn green',
    );
  } finally {
    await app.quit();
  }
});
