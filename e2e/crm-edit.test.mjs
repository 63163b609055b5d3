// Editing and deleting from the CRM screens in the real app window (tauri-driver, WebKitWebDriver, Xvfb),
// issue 13: a contact's phone edited, a person edited, a person warned about as a duplicate of a known one
// (same e-mail) then added anyway and deleted, a todo edited then another deleted, and a contact of the
// snapshot deleted (its confirmation saying what goes with it; gone from the list at once). Then the RC
// files go to the real server, which integrates them; after « actualiser » nothing is pending and every
// edit and deletion came back in the new snapshot.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { choose, fill } from './lib/app.mjs';
import { click, gone, openContact, shootClean } from './lib/crm.mjs';
import { launch, makeWorld, server, startDriver, REP } from './lib/fixture.mjs';

const NAME = 'Transports Bêta E2E';
const PHONE = '04 72 10 20 30';
const NEW_PHONE = '04 72 99 88 77';
const EMAIL = 'c.roux@beta-e2e.fr';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** The text of the open contact page once `test` accepts it. */
async function pageSays(app, test, what) {
  let text = '';
  await app.waitUntil(async () => {
    try {
      text = await (await app.find('[data-testid="contact-page"]')).text();
      return test(text);
    } catch {
      return false; // the page was re-drawn while read
    }
  }, what);
  return text;
}

/** The ids the Contacts list shows for `text`. */
async function listed(app, text) {
  await click(app, '[data-testid="nav-contacts"]');
  await fill(app, 'contact-search', text);
  await new Promise((r) => setTimeout(r, 600)); // the type-ahead's delay, then its answer
  return Promise.all((await app.findAll('[data-testid="contact-hit"]')).map((h) => h.attribute('data-id')));
}

/** The people lines' texts on the open contact page. */
async function peopleTexts(app) {
  return Promise.all((await app.findAll('[data-testid="contact-people"] [data-testid="person"]')).map((p) => p.text()));
}

/** The open todos' texts on the open contact page. */
async function todoTexts(app) {
  return Promise.all((await app.findAll('[data-testid="contact-todos"] [data-testid="todo"]')).map((p) => p.text()));
}

test('a contact, a person and todos edited or deleted from the screens; integrated and back after « actualiser »', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="dashboard"]');

    // A contact of the snapshot (the demo's), with what goes with it: it will be deleted.
    await click(app, '[data-testid="nav-contacts"]');
    await choose(app, 'contact-filter-kind', 'company');
    await app.waitFor('[data-testid="contact-hit"]');
    // Not a client's or prospect's own contact (ids in the reserved range `0000000000…`,
    // docs/crm-lifecycle.md): the server refuses deleting those (`linked_party`).
    const doomed = await app.execute(`return [...document.querySelectorAll('[data-testid="contact-hit"]')]
      .map((hit) => hit.dataset.id).find((id) => !id.startsWith('0000000000'));`);
    assert.ok(doomed, 'a contact of the demo that is not a client’s or a prospect’s');
    await click(app, `[data-testid="contact-hit"][data-id="${doomed}"]`);
    await app.waitFor(`[data-testid="contact-page"][data-id="${doomed}"]`);
    const doomedName = (await (await app.find('[data-testid="contact-name"]')).text()).trim();
    await choose(app, 'contact-filter-kind', '');

    // A new company with one person.
    await click(app, '[data-testid="btn-new-contact"]');
    await fill(app, 'party-name', NAME);
    await fill(app, 'party-phone', PHONE);
    await fill(app, 'party-postal_code', '69003');
    await fill(app, 'party-city', 'LYON');
    await click(app, '[data-testid="party-submit"]');
    await pageSays(app, (t) => t.includes(NAME), 'the new contact page');
    const party = await (await app.find('[data-testid="contact-page"]')).attribute('data-id');
    assert.notEqual(party, doomed);
    await click(app, '[data-testid="btn-add-person"]');
    await fill(app, 'person-last_name', 'Roux');
    await fill(app, 'person-first_name', 'Claire');
    await fill(app, 'person-position', 'Gérante');
    await fill(app, 'person-email', EMAIL);
    await click(app, '[data-testid="person-submit"]');
    await app.waitFor('[data-testid="contact-people"] [data-testid="person"]');

    // The person-duplicate case: another person with a known e-mail is warned about, then added anyway.
    await click(app, '[data-testid="btn-add-person"]');
    await fill(app, 'person-last_name', 'Rousseau');
    await fill(app, 'person-email', EMAIL);
    await click(app, '[data-testid="person-submit"]');
    const warning = await app.waitFor('[data-testid="person-dialog"] [data-testid="duplicate-warning"]');
    assert.match(await warning.text(), /même e-mail/);
    await shootClean(app, 'crm-person-duplicate');
    await click(app, '[data-testid="duplicate-ignore"]');
    await app.waitUntil(async () => (await peopleTexts(app)).length === 2, 'two people on the page');

    // « Modifier » the contact: the creation dialog, pre-filled; a new phone.
    await click(app, '[data-testid="btn-edit-contact"]');
    const phone = await app.waitFor('[data-testid="party-dialog"] [data-testid="party-phone"]');
    assert.equal(await phone.property('value'), PHONE);
    assert.equal(await (await app.find('[data-testid="party-name"]')).property('value'), NAME);
    await fill(app, 'party-phone', NEW_PHONE);
    await shootClean(app, 'crm-edit-contact-dialog');
    await click(app, '[data-testid="party-submit"]');
    await gone(app, '[data-testid="party-dialog"]', 'the edit dialog to close');
    await pageSays(app, (t) => t.includes(NEW_PHONE) && !t.includes(PHONE), 'the new phone on the page');
    await app.waitFor('[data-testid="contact-page"] header [data-testid="pending-mark"]');

    // A refusal shows under its field in the edit dialog, and closing keeps what was typed.
    await click(app, '[data-testid="btn-edit-contact"]');
    await fill(app, 'party-email', 'pas-un-email');
    await click(app, '[data-testid="party-submit"]');
    const refusal = await app.waitFor('[data-testid="error-email"]');
    assert.match(await refusal.text(), /« E-mail »/);
    await shootClean(app, 'crm-edit-contact-error');
    await click(app, '[data-testid="dialog-close"]');
    await click(app, '[data-testid="btn-edit-contact"]');
    const email = await app.waitFor('[data-testid="party-email"]');
    await app.waitUntil(async () => (await email.property('value')) === 'pas-un-email', 'the draft to come back');
    await click(app, '[data-testid="party-dialog"] .danger'); // « Abandonner la saisie »
    await gone(app, '[data-testid="party-dialog"]', 'the abandoned edit to close');

    // « Modifier » a person: a new position.
    const people = await app.findAll('[data-testid="contact-people"] [data-testid="person"]');
    let claire = null;
    let rousseau = null;
    for (const p of people) {
      const text = await p.text();
      if (text.includes('Claire Roux')) claire = await p.attribute('data-id');
      if (text.includes('Rousseau')) rousseau = await p.attribute('data-id');
    }
    assert.ok(claire && rousseau, 'both people listed');
    await click(app, `[data-testid="btn-edit-person"][data-id="${claire}"]`);
    const position = await app.waitFor('[data-testid="person-dialog"] [data-testid="person-position"]');
    assert.equal(await position.property('value'), 'Gérante');
    await fill(app, 'person-position', 'Directrice générale');
    await shootClean(app, 'crm-edit-person-dialog');
    await click(app, '[data-testid="person-submit"]');
    await app.waitUntil(async () => (await peopleTexts(app)).some((t) => t.includes('Directrice générale')), 'the new position');

    // « Supprimer » the duplicate person, after the confirmation.
    await click(app, `[data-testid="btn-delete-person"][data-id="${rousseau}"]`);
    const askPerson = await app.waitFor('[data-testid="delete-person-dialog"]');
    assert.match(await askPerson.text(), /Rousseau/);
    await shootClean(app, 'crm-delete-person-dialog');
    await click(app, '[data-testid="confirm-delete-person"]');
    await app.waitUntil(async () => {
      const texts = await peopleTexts(app);
      return texts.length === 1 && texts[0].includes('Claire Roux');
    }, 'the deleted person to leave the page');

    // Two todos: one edited (text, due day, repetition), the other deleted.
    await click(app, '[data-testid="btn-new-todo"]');
    await fill(app, 'todo-text', 'Envoyer le tarif');
    await click(app, '[data-testid="todo-submit"]');
    await gone(app, '[data-testid="todo-dialog"]', 'the todo dialog to close');
    await click(app, '[data-testid="btn-new-todo"]');
    await fill(app, 'todo-text', 'Tâche à supprimer');
    await click(app, '[data-testid="todo-submit"]');
    await gone(app, '[data-testid="todo-dialog"]', 'the todo dialog to close');
    await app.waitUntil(async () => (await todoTexts(app)).length === 2, 'two open todos');
    const todoId = async (text) => {
      for (const line of await app.findAll('[data-testid="contact-todos"] [data-testid="todo"]')) {
        if ((await line.text()).includes(text)) return line.attribute('data-id');
      }
      return null;
    };
    const tarif = await todoId('Envoyer le tarif');
    const doomedTodo = await todoId('Tâche à supprimer');
    await click(app, `[data-testid="todo-edit"][data-id="${tarif}"]`);
    const text = await app.waitFor('[data-testid="todo-dialog"] [data-testid="todo-text"]');
    assert.equal(await text.property('value'), 'Envoyer le tarif');
    await fill(app, 'todo-text', 'Envoyer le tarif 2027');
    await app.execute(
      `const d = document.querySelector('[data-testid="todo-due"]');
       d.value = '2027-01-15';
       d.dispatchEvent(new Event('input', { bubbles: true }));`,
    );
    await fill(app, 'todo-repeat', '30');
    await shootClean(app, 'crm-edit-todo-dialog');
    await click(app, '[data-testid="todo-submit"]');
    await app.waitUntil(async () => (await todoTexts(app)).some((t) => t.includes('Envoyer le tarif 2027') && t.includes('30')), 'the edited todo');
    await click(app, `[data-testid="todo-delete"][data-id="${doomedTodo}"]`);
    await app.waitFor('[data-testid="delete-todo-dialog"]');
    await shootClean(app, 'crm-delete-todo-dialog');
    await click(app, '[data-testid="confirm-delete-todo"]');
    await app.waitUntil(async () => {
      const texts = await todoTexts(app);
      return texts.length === 1 && !texts[0].includes('Tâche à supprimer');
    }, 'the deleted todo to leave the page');
    await shootClean(app, 'crm-contact-page-edited');

    // The dashboard offers the same « Modifier » / « Supprimer » on each todo.
    await click(app, '[data-testid="nav-home"]');
    await app.waitFor(`[data-testid="dashboard"] [data-testid="todo-edit"][data-id="${tarif}"]`);
    await app.waitFor(`[data-testid="dashboard"] [data-testid="todo-delete"][data-id="${tarif}"]`);
    await shootClean(app, 'crm-dashboard-todos');

    // « Supprimer » the snapshot's contact: the confirmation says what goes; back to the list, gone at once.
    await openContact(app, doomedName);
    await click(app, '[data-testid="btn-delete-contact"]');
    const askParty = await app.waitFor('[data-testid="delete-contact-dialog"]');
    const said = await askParty.text();
    assert.ok(said.includes(doomedName), said);
    assert.match(said, /Partent avec lui : .*(personne|action|tâche)|Il n’a ni personne/, said);
    await shootClean(app, 'crm-delete-contact-dialog');
    await click(app, '[data-testid="confirm-delete-contact"]');
    await gone(app, '[data-testid="contact-page"]', 'back to the list');
    // The list, still searching its name, says at once that nothing matches any more.
    await app.waitUntil(
      async () => (await app.execute('return document.body.innerText')).includes('Aucun contact ne correspond.'),
      'the deleted contact to leave the list',
    );
    assert.ok(!(await listed(app, doomedName)).includes(doomed), 'the deleted contact left the list at once');

    // The real server integrates every RC file; « actualiser » brings the results back.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.ok(files.length >= 10, `RC files in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    server(world.data, 'snapshot', '--user', REP);
    // The app looks for a newer snapshot every 30 s (and on focus): wait that long for « actualiser ».
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 40000 })).click();
    await app.waitUntil(async () => {
      const count = await app.find('[data-testid="pending-count"]');
      return (await count.text()).trim() === '0';
    }, 'the pending count to drop to 0');

    assert.ok(!(await listed(app, doomedName)).includes(doomed), 'the deleted contact is not in the new snapshot');
    assert.equal(await openContact(app, NAME), party);
    await pageSays(app, (t) => t.includes(NEW_PHONE) && !t.includes(PHONE), 'the new phone from the snapshot');
    const back = await peopleTexts(app);
    assert.equal(back.length, 1, back.join(' | '));
    assert.match(back[0], /Claire Roux/);
    assert.match(back[0], /Directrice générale/);
    const todos = await todoTexts(app);
    assert.equal(todos.length, 1, todos.join(' | '));
    assert.match(todos[0], /Envoyer le tarif 2027/);
    assert.match(todos[0], /30/);
    assert.equal((await app.findAll('[data-testid="contact-page"] [data-testid="pending-mark"]')).length, 0);
    await shootClean(app, 'crm-contact-page-edited-integrated');
  } finally {
    await app.quit();
  }
});
