// A client's and a prospect's contact in the real app window (tauri-driver, WebKitWebDriver, Xvfb), issue 13:
// the contact page of an ERP client has no « Supprimer », its edit dialog shows the fields the client row owns
// read-only with the hint saying where they are corrected, its notes are still edited; « Fiche client » opens
// the client card and its « Fiche contact » comes back; a prospect's contact opens its prospect card the same
// way. The notes' RC file is then integrated by the real server, refused nowhere.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { choose, fill } from './lib/app.mjs';
import { click, gone, shootClean } from './lib/crm.mjs';
import { launch, makeWorld, server, startDriver, REP } from './lib/fixture.mjs';

/** The ids the server derives for clients' and prospects' parties (docs/crm-lifecycle.md). */
const LINKED = '0000000000';
const NOTE = 'Livraisons le mardi matin (e2e)';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** Whether the element `selector` carries the `readonly` attribute. */
async function readOnly(app, testid) {
  return app.execute(`return document.querySelector('[data-testid="${testid}"]').hasAttribute('readonly');`);
}

test('a client’s contact: no « Supprimer », copied fields read-only, notes edited, the client card and back', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="dashboard"]');

    // A client of the rep's portfolio, from the Contacts list filtered on « Client ».
    await click(app, '[data-testid="nav-contacts"]');
    await choose(app, 'contact-filter-status', 'client');
    await app.waitFor('[data-testid="contact-hit"]');
    const party = await app.execute(`return [...document.querySelectorAll('[data-testid="contact-hit"]')]
      .map((hit) => hit.dataset.id).find((id) => id.startsWith('${LINKED}'));`);
    assert.ok(party, 'a client’s contact in the list');
    await click(app, `[data-testid="contact-hit"][data-id="${party}"]`);
    await app.waitFor(`[data-testid="contact-page"][data-id="${party}"][data-status="client"]`);
    const name = (await (await app.find('[data-testid="contact-name"]')).text()).trim();
    assert.equal((await app.findAll('[data-testid="btn-delete-contact"]')).length, 0, 'no « Supprimer » on a client’s contact');
    assert.equal(await (await app.find('[data-testid="btn-open-client"]')).text(), 'Fiche client');
    await shootClean(app, 'crm-linked-client-contact');

    // « Modifier »: what the client row owns is shown read-only, with where it is corrected; the notes are the rep's.
    await click(app, '[data-testid="btn-edit-contact"]');
    const hint = await app.waitFor('[data-testid="party-dialog"] [data-testid="party-locked-hint"]');
    assert.match(await hint.text(), /Repris de la fiche client.*demande de modification/);
    for (const field of ['party-name', 'party-phone', 'party-email', 'party-address1', 'party-postal_code', 'party-city']) {
      assert.equal(await readOnly(app, field), true, `${field} is read-only`);
    }
    assert.equal(await readOnly(app, 'party-notes'), false, 'the notes are editable');
    const nameStarred = await app.execute(`return !!document.querySelector('label[for="party-name"] .req');`);
    assert.equal(nameStarred, false, 'no « required » star on a name the rep cannot type');
    await fill(app, 'party-notes', NOTE);
    await shootClean(app, 'crm-linked-client-edit-dialog');
    await click(app, '[data-testid="party-submit"]');
    await gone(app, '[data-testid="party-dialog"]', 'the edit dialog to close');
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="contact-page"]')).text()).includes(NOTE),
      'the notes on the page',
    );

    // « Fiche client » opens the client's card; its « Fiche contact » comes back to the same contact page.
    await click(app, '[data-testid="btn-open-client"]');
    const card = await app.waitFor('[data-testid="client-card"][data-code]');
    const code = await card.attribute('data-code');
    assert.equal((await (await app.waitFor('[data-testid="card-name"]')).text()).trim(), name);
    await app.waitFor('[data-testid="client-card"] [data-testid="btn-open-contact"]');
    await shootClean(app, 'crm-linked-client-card');
    await click(app, '[data-testid="client-card"] [data-testid="btn-open-contact"]');
    await app.waitFor(`[data-testid="contact-page"][data-id="${party}"]`);
    assert.ok(code, 'the client card names its code');

    // A prospect's contact: its card's « Fiche contact », then « Fiche prospect » back to the card.
    await click(app, '[data-testid="nav-prospects"]');
    await app.waitFor('[data-testid="prospect-hit"]');
    const prospects = await app.execute(`return [...document.querySelectorAll('[data-testid="prospect-hit"]')].map((h) => h.dataset.id);`);
    let prospect = null;
    for (const id of prospects) {
      await click(app, `[data-testid="prospect-hit"][data-id="${id}"]`);
      await app.waitFor(`[data-testid="prospect-card"][data-id="${id}"]`);
      if ((await app.findAll('[data-testid="prospect-card"] [data-testid="btn-open-contact"]')).length) {
        prospect = id;
        break;
      }
    }
    assert.ok(prospect, `a prospect with its contact among ${prospects.join(', ')}`);
    await click(app, '[data-testid="prospect-card"] [data-testid="btn-open-contact"]');
    const prospectPage = await app.waitFor('[data-testid="contact-page"]');
    assert.ok((await prospectPage.attribute('data-id')).startsWith(LINKED));
    assert.equal((await app.findAll('[data-testid="btn-delete-contact"]')).length, 0, 'no « Supprimer » on a prospect’s contact');
    await click(app, '[data-testid="btn-edit-contact"]');
    const prospectHint = await app.waitFor('[data-testid="party-dialog"] [data-testid="party-locked-hint"]');
    assert.match(await prospectHint.text(), /fiche prospect/);
    await click(app, '[data-testid="dialog-close"]');
    await gone(app, '[data-testid="party-dialog"]', 'the dialog to close');
    await shootClean(app, 'crm-linked-prospect-contact');
    await click(app, '[data-testid="btn-open-prospect"]');
    await app.waitFor(`[data-testid="prospect-card"][data-id="${prospect}"]`);

    // The notes' change is one the server accepts: integrated, nothing refused.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.equal(files.length, 1, `one RC file: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
  } finally {
    await app.quit();
  }
});
