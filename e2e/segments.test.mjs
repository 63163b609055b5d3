// Segments in the real app window (tauri-driver, WebKitWebDriver, Xvfb), issue 15: offline, the rep creates a
// criteria segment (a criterion refused first, its French error under its field, nothing typed lost), sees the
// parties it holds — as many as the snapshot has in that city, whatever the case and accents typed — exports them
// as CSV, builds a list from a contact's page (« Ajouter au segment ») and assigns it to a colleague. The RC files go to the real server, which
// integrates them: the master has both segments, the criteria and the member as typed, the party its new owner.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { choose, fill } from './lib/app.mjs';
import { click, gone, shootClean } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';
import { snapshotFile, sql } from './lib/office.mjs';

const CITY = 'Villefranche-sur-Saône';
const CRITERIA = 'Villefranche E2E';
const LIST = 'À rappeler E2E';
const COLLEAGUE = 'mgarcia';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** Empties an input and tells the page (WebDriver types no empty text). */
async function emptyField(app, testid) {
  await app.waitFor(`[data-testid="${testid}"]`);
  await app.execute(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = '';
     s.dispatchEvent(new Event('input', { bubbles: true }));`,
  );
}

/** The segment page's count of parties, once it shows. */
async function shownTotal(app) {
  const count = await app.waitFor('[data-testid="segment-count"]');
  return Number(await count.attribute('data-total'));
}

test('a criteria segment created offline lists its parties and exports them; a list filled from a contact page; both in the master after sync', async () => {
  const world = makeWorld();
  world.preconfigure();
  const snapshot = snapshotFile(world.data, REP).file;
  const inCity = sql(snapshot, 'SELECT count(*) FROM party WHERE city = ?1', CITY)[0][0];
  assert.ok(inCity > 1, `the demo has parties in ${CITY}: ${inCity}`);
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    await click(app, '[data-testid="nav-segments"]');
    await click(app, '[data-testid="segment-new"]');
    await app.waitFor('[data-testid="segment-dialog"]');
    await fill(app, 'seg-name', CRITERIA);
    // Typed as people type it: case, accents and hyphens do not count.
    await fill(app, 'seg-city', 'villefranche sur saone');
    await fill(app, 'seg-idle_days', '0');
    await click(app, '[data-testid="seg-submit"]');
    const refused = await app.waitFor('[data-testid="error-idle_days"]');
    assert.match(await refused.text(), /jours sans action/, 'the refusal names the field, in French');
    assert.equal(await (await app.find('[data-testid="seg-city"]')).property('value'), 'villefranche sur saone', 'nothing typed is lost');
    await shoot(app, 'segment-dialog-error');
    await emptyField(app, 'seg-idle_days');
    await click(app, '[data-testid="seg-submit"]');
    await gone(app, '[data-testid="segment-dialog"]', 'the segment dialog to close');

    const page = await app.waitFor('[data-testid="segment-page"]');
    assert.match(await page.text(), new RegExp(CRITERIA, "i"), "the new segment is open (its title in capitals)");
    assert.equal(await shownTotal(app), inCity, 'as many parties as the snapshot has in that city');
    assert.equal((await app.findAll('[data-testid="segment-party"]')).length, inCity);
    await shootClean(app, 'segment-page');

    await click(app, '[data-testid="segment-export"]');
    const path = await (await app.waitFor('[data-testid="export-path"]')).text();
    const csv = (path.match(/(\/\S+\.csv)/) ?? [])[1];
    assert.ok(csv && existsSync(csv), `csv file ${path}`);
    await app.waitUntil(async () => driver.opened().includes(csv), 'the CSV to be handed to the desktop');
    const lines = readFileSync(csv, 'utf8').split('\r\n').filter((line) => line.length > 0);
    assert.equal(lines.length, inCity + 1, 'a header and one line per party');
    assert.ok(lines.slice(1).every((line) => line.includes(CITY)), 'each line is in the city');

    // A list, filled from a contact's page.
    await click(app, '[data-testid="segment-new"]');
    await app.waitFor('[data-testid="segment-dialog"]');
    await fill(app, 'seg-name', LIST);
    await click(app, '[data-testid="seg-kind-list"]');
    await click(app, '[data-testid="seg-submit"]');
    await gone(app, '[data-testid="segment-dialog"]', 'the list dialog to close');
    // A lead of the rep's own (a client's or a prospect's party is assigned on its card, not here).
    // Demo names repeat (a client of another town may share it): the hit is opened by its id.
    const [[partyId, name]] = sql(
      snapshot,
      'SELECT id, name FROM party WHERE city = ?1 AND kind = ?2 AND client_code IS NULL AND prospect_id IS NULL ORDER BY name LIMIT 1',
      CITY,
      'company',
    );
    await click(app, '[data-testid="nav-contacts"]');
    await fill(app, 'contact-search', name);
    await click(app, `[data-testid="contact-hit"][data-id="${partyId}"]`);
    await click(app, '[data-testid="btn-add-to-segment"]');
    await app.waitFor('[data-testid="add-to-segment-dialog"]');
    await shoot(app, 'segment-add-from-contact');
    await click(app, '[data-testid="add-to-segment-confirm"]');
    await gone(app, '[data-testid="add-to-segment-dialog"]', 'the add dialog to close');
    await click(app, '[data-testid="nav-segments"]');
    await app.waitUntil(async () => (await app.findAll('[data-testid="segment-list"] button')).length === 2, 'two segments listed');
    for (const button of await app.findAll('[data-testid="segment-list"] button')) {
      if ((await button.text()).includes(LIST)) await button.click();
    }
    await app.waitUntil(
      async () => (await app.findAll(`[data-testid="segment-party"][data-id="${partyId}"]`)).length === 1,
      'the party in the list',
    );
    assert.equal(await shownTotal(app), 1);
    await shootClean(app, 'segment-list-page');

    // « Attribuer à… » a colleague: one owner change, said with its count.
    await click(app, '[data-testid="segment-assign"]');
    await app.waitFor('[data-testid="segment-assign-dialog"]');
    await app.waitFor(`[data-testid="seg-assign-owner"] option[value="${COLLEAGUE}"]`, { visible: false });
    await choose(app, 'seg-assign-owner', COLLEAGUE);
    await app.waitFor('[data-testid="segment-assign-question"]');
    await click(app, '[data-testid="segment-assign-confirm"]');
    const said = await (await app.waitFor('[data-testid="segment-assign-result"]')).text();
    assert.match(said, /^1 contact\(s\) attribué\(s\) à /, said);
    await shoot(app, 'segment-assign-result');
    await click(app, '[data-testid="segment-assign-close"]');
    await gone(app, '[data-testid="segment-assign-dialog"]', 'the assignment dialog to close');

    // The RC files go to the real server, which integrates them all.
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    const db = `${world.data}/tournee.sqlite`;
    const stored = sql(db, 'SELECT name, kind, criteria, members, coalesce(owner, created_by) FROM segment ORDER BY name');
    assert.equal(stored.length, 2, JSON.stringify(stored));
    const [list, criteria] = stored[0][0] === LIST ? stored : [stored[1], stored[0]];
    assert.deepEqual(JSON.parse(criteria[2]), { city: 'villefranche sur saone' });
    assert.equal(criteria[4], REP);
    assert.deepEqual(JSON.parse(list[3]), [partyId]);
    assert.equal(sql(db, 'SELECT owner FROM party WHERE id = ?1', partyId)[0][0], COLLEAGUE, 'assigned in the master');
  } finally {
    await app.quit();
  }
});
