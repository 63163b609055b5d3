// The CRM screens in the real app window (tauri-driver, WebKitWebDriver, Xvfb), issue 13's
// scenario: a lead is created, a second one with the same phone is warned about then created
// anyway; a call on the first makes it a prospect; « Coordonnées erronées » on the second makes
// it a dead lead; a reply on the call asks about the open reminder and deletes it; a todo marked
// done shows in the timeline; the dashboard shows todos and figures. Then the RC files go to the
// real server, which integrates them; after « actualiser » nothing is pending and every record
// is still there, read from the new snapshot.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { choose, fill } from './lib/app.mjs';
import { click, openContact } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';

const PHONE = '04 78 55 66 77';
const FIRST = 'Transports Alpha E2E';
const SECOND = 'Durandeau E2E';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** The open contact page's status, once it reads `status`. */
async function statusBecomes(app, status) {
  await app.waitUntil(async () => {
    const badge = await app.find('[data-testid="contact-status"]');
    return (await badge.attribute('data-status')) === status;
  }, `the contact's status to become ${status}`);
}

/** Logs an action of `type` with `outcome` on the open contact; `reminders` answers each reminder asked. */
async function logAction(app, type, outcome, comment, reminders = null) {
  await click(app, '[data-testid="btn-new-action"]');
  await app.waitFor('[data-testid="action-dialog"]');
  await choose(app, 'action-type', type);
  if (outcome) await choose(app, 'action-outcome', outcome);
  await fill(app, 'action-comment', comment);
  if (reminders) {
    await app.waitFor('[data-testid="reminder"]');
    await click(app, `[data-testid="reminder-${reminders}"]`);
  }
}

test('leads, a call, a dead lead, a reply deleting a reminder, a todo done; all integrated and back after « actualiser »', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    // The home keeps its rows and shows the dashboard.
    await app.waitFor('[data-testid="home-row"]');
    await app.waitFor('[data-testid="dashboard"]');

    // A first lead, a company.
    await click(app, '[data-testid="nav-contacts"]');
    await shoot(app, 'crm-contacts');
    await click(app, '[data-testid="btn-new-contact"]');
    await app.waitFor('[data-testid="party-dialog"]');
    await fill(app, 'party-name', FIRST);
    await fill(app, 'party-phone', PHONE);
    await fill(app, 'party-city', 'LYON');
    await fill(app, 'party-postal_code', '69007');
    await shoot(app, 'crm-new-contact-dialog');
    await click(app, '[data-testid="party-submit"]');
    await app.waitFor('[data-testid="contact-page"]');
    const first = await (await app.find('[data-testid="contact-page"]')).attribute('data-id');
    await statusBecomes(app, 'lead');
    assert.equal(await (await app.find('[data-testid="contact-kind"]')).attribute('data-kind'), 'company');

    // A person in the company.
    await click(app, '[data-testid="btn-add-person"]');
    await app.waitFor('[data-testid="person-dialog"]');
    await fill(app, 'person-last_name', 'Girard');
    await fill(app, 'person-first_name', 'Paul');
    await fill(app, 'person-position', 'Responsable flotte');
    await fill(app, 'person-email', 'p.girard@alpha-e2e.fr');
    await shoot(app, 'crm-person-dialog');
    await click(app, '[data-testid="person-submit"]');
    const person = await app.waitFor('[data-testid="contact-people"] [data-testid="person"]');
    assert.match(await person.text(), /Paul Girard/);

    // A second lead, a private person, with the same phone: warned, then created anyway.
    await click(app, '[data-testid="btn-new-contact"]');
    await click(app, '[data-testid="party-kind-person"]');
    await fill(app, 'party-name', SECOND);
    await fill(app, 'party-first_name', 'Luc');
    await fill(app, 'party-phone', PHONE);
    await click(app, '[data-testid="party-submit"]');
    const warning = await app.waitFor('[data-testid="duplicate-warning"]');
    assert.match(await warning.text(), new RegExp(FIRST));
    await app.waitFor(`[data-testid="duplicate-open"][data-id="${first}"]`);
    await shoot(app, 'crm-duplicate-warning');
    await click(app, '[data-testid="duplicate-ignore"]');
    await app.waitFor('[data-testid="contact-page"][data-kind="person"]');
    const second = await (await app.find('[data-testid="contact-page"]')).attribute('data-id');
    assert.notEqual(second, first);
    await statusBecomes(app, 'lead');

    // « Coordonnées erronées » on the second lead: a dead lead.
    await logAction(app, 'appel', 'wrong_contact_details', 'Numéro attribué à une autre personne');
    await click(app, '[data-testid="action-submit"]');
    await statusBecomes(app, 'dead_lead');

    // The first lead: a reminder, then a call that keeps it and makes the lead a prospect.
    await openContact(app, FIRST);
    await click(app, '[data-testid="btn-new-todo"]');
    await fill(app, 'todo-text', 'Relancer pour le devis');
    await shoot(app, 'crm-todo-dialog');
    await click(app, '[data-testid="todo-submit"]');
    await app.waitFor('[data-testid="contact-todos"] [data-testid="todo"]');
    await logAction(app, 'appel', 'positive', 'Intéressé par l’offre hiver', 'keep');
    await shoot(app, 'crm-action-dialog');
    await click(app, '[data-testid="action-submit"]');
    await statusBecomes(app, 'prospect');
    await app.waitFor('[data-testid="timeline-entry"][data-kind="action"]');
    await app.waitFor('[data-testid="contact-todos"] [data-testid="todo"]');

    // A reply on the call asks about the reminder; « Supprimer » deletes it.
    const action = await (await app.find('[data-testid="timeline-entry"][data-kind="action"]')).attribute('data-id');
    await click(app, `[data-testid="btn-reply"][data-id="${action}"]`);
    await app.waitFor('[data-testid="reply-dialog"]');
    await fill(app, 'reply-text', 'Rappeler après le comité du 5');
    await app.waitFor('[data-testid="reminder"]');
    await click(app, '[data-testid="reminder-delete"]');
    await shoot(app, 'crm-reply-dialog');
    await click(app, '[data-testid="reply-submit"]');
    await app.waitFor('[data-testid="timeline-entry"][data-kind="reply"]');
    await app.waitUntil(
      async () => (await app.findAll('[data-testid="contact-todos"] [data-testid="todo"]')).length === 0,
      'the deleted reminder to leave the open todos',
    );

    // A todo marked done becomes an action of the timeline.
    await click(app, '[data-testid="btn-new-todo"]');
    await fill(app, 'todo-text', 'Envoyer la plaquette');
    await click(app, '[data-testid="todo-submit"]');
    await click(app, '[data-testid="contact-todos"] [data-testid="todo-done"]');
    await app.waitFor('[data-testid="done-dialog"]');
    await shoot(app, 'crm-done-dialog');
    await click(app, '[data-testid="done-submit"]');
    await app.waitUntil(async () => {
      for (const e of await app.findAll('[data-testid="timeline-entry"]')) {
        if ((await e.text()).includes('Envoyer la plaquette')) return true;
      }
      return false;
    }, 'the done todo in the timeline');
    await shoot(app, 'crm-contact-page');

    // The filters: the dead lead under « Lead mort », not the prospect; the other way round under « Prospect ».
    await app.execute(
      `const s = document.querySelector('[data-testid="contact-search"]');
       s.value = '';
       s.dispatchEvent(new Event('input', { bubbles: true }));`,
    );
    const listed = async () => Promise.all((await app.findAll('[data-testid="contact-hit"]')).map((h) => h.attribute('data-id')));
    await choose(app, 'contact-filter-status', 'dead_lead');
    await app.waitUntil(async () => {
      const ids = await listed();
      return ids.includes(second) && !ids.includes(first);
    }, 'the dead lead listed under « Lead mort », the prospect not');
    await shoot(app, 'crm-contacts-filtered');
    await choose(app, 'contact-filter-status', 'prospect');
    await app.waitUntil(async () => {
      const ids = await listed();
      return ids.includes(first) && !ids.includes(second);
    }, 'the prospect listed under « Prospect », the dead lead not');
    await choose(app, 'contact-filter-status', '');

    // The dashboard: a todo without party from « Nouvelle tâche », the figures, « Noter un appel ».
    await click(app, '[data-testid="nav-home"]');
    await click(app, '[data-testid="quick-new-todo"]');
    await fill(app, 'todo-text', 'Préparer la tournée');
    await click(app, '[data-testid="todo-submit"]');
    await app.waitFor('[data-testid="dashboard"] [data-testid="todo"]');
    const prospects = await app.waitFor('[data-testid="dash-count"][data-status="prospect"]');
    assert.match(await prospects.text(), /[1-9]/);
    await shoot(app, 'crm-dashboard');
    await click(app, '[data-testid="quick-log-call"]');
    await app.waitFor('[data-testid="action-dialog"]');
    await shoot(app, 'crm-quick-call-dialog');
    await click(app, '[data-testid="dialog-close"]');

    // Everything went to the outbox as RC files; the real server integrates them.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.ok(files.length >= 8, `RC files in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    server(world.data, 'snapshot', '--user', REP);
    // The app looks for a new snapshot every 30 s: the button can take that long to show.
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await app.waitUntil(async () => {
      const count = await app.find('[data-testid="pending-count"]');
      return (await count.text()).trim() === '0';
    }, 'the pending count to drop to 0');

    // Back from the snapshot: statuses, the reply under its call, the done todo, nothing pending.
    await openContact(app, FIRST);
    await statusBecomes(app, 'prospect');
    await app.waitFor('[data-testid="timeline-entry"][data-kind="reply"]');
    assert.equal((await app.findAll('[data-testid="timeline-entry"][data-pending="true"]')).length, 0);
    assert.equal((await app.findAll('[data-testid="contact-page"] [data-testid="pending-mark"]')).length, 0);
    await shoot(app, 'crm-contact-page-integrated');
    await openContact(app, SECOND);
    await statusBecomes(app, 'dead_lead');

    // « Exporter (CSV) »: every contact the rep may see, with its status, for French Excel.
    await click(app, '[data-testid="btn-export-contacts"]');
    const notice = await app.waitFor('[data-testid="export-path"]');
    const csv = ((await notice.text()).match(/(\/\S+\.csv)/) ?? [])[1];
    assert.ok(csv && existsSync(csv), `the exported file: ${csv}`);
    const text = readFileSync(csv, 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a BOM for French Excel');
    const line = (name) => text.split('\r\n').find((l) => l.includes(name)) ?? '';
    assert.match(line(FIRST), /;Prospect;/, line(FIRST));
    assert.match(line(`;${SECOND};Luc;`), /;Piste morte;/, line(`;${SECOND};Luc;`));
    await shoot(app, 'crm-contacts-exported');
  } finally {
    await app.quit();
  }
});

test('a refusal shows under its field, and what was typed survives closing the dialog', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await click(app, '[data-testid="nav-contacts"]');
    await click(app, '[data-testid="btn-new-contact"]');
    await fill(app, 'party-name', 'Ferme des Essais');
    await fill(app, 'party-email', 'pas-un-email');
    await click(app, '[data-testid="party-submit"]');
    const refusal = await app.waitFor('[data-testid="error-email"]');
    assert.match(await refusal.text(), /« E-mail »/);
    await shoot(app, 'crm-new-contact-error');
    await click(app, '[data-testid="dialog-close"]');
    await click(app, '[data-testid="btn-new-contact"]');
    const name = await app.waitFor('[data-testid="party-name"]');
    await app.waitUntil(async () => (await name.property('value')) === 'Ferme des Essais', 'the draft to come back');
  } finally {
    await app.quit();
  }
});
