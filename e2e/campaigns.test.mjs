// Campaigns, business cards, a call and a meeting in the real app window (tauri-driver, WebKitWebDriver, Xvfb),
// issue 15, brief 002's trade show: offline, the rep creates the campaign, types five business cards in « Saisie
// rapide » with the keyboard only (each card typed field after field with Tab, saved with Enter; the focus is back
// in the first field for the next one), logs a call on one of the leads and plans a meeting for a colleague. The
// RC files go to the real server, which integrates them: the leads carry the campaign in the master; then the
// server's `run` delivers the meeting's invitation (without SMTP configured, the automaton writes the mail as an
// .eml file in its data folder), a mail to the colleague with a `text/calendar` part.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { fill, choose } from './lib/app.mjs';
import { click, gone } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';
import { eventually, mails, sql, startServer } from './lib/office.mjs';

const CAMPAIGN = 'House & Design E2E';
const TAB = '\uE004';
const ENTER = '\uE007';
const CARDS = [
  ['Menuiserie Blanc E2E', 'Anne', 'Blanc', '06 11 22 33 01', 'anne@blanc-e2e.fr', 'Stand 7, cuisine'],
  ['Bains Leroy E2E', 'Paul', 'Leroy', '06 11 22 33 02', '', 'Salle de bain'],
  ['', 'Chloé', 'Martin E2E', '06 11 22 33 03', 'chloe@martin-e2e.fr', 'Particulier'],
  ['Dressings Roux E2E', '', '', '01 45 00 00 04', '', ''],
  ['Verrières Petit E2E', 'Luc', 'Petit', '06 11 22 33 05', 'luc@petit-e2e.fr', 'Rappeler lundi'],
];

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** The id of the element that has the focus. */
const focused = (app) => app.execute('return document.activeElement && document.activeElement.id');

/** Sets an input WebDriver cannot type into reliably (a date or date-time field) and tells the page. */
async function setValue(app, testid, value) {
  await app.waitFor(`[data-testid="${testid}"]`);
  await app.execute(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = arguments[0];
     s.dispatchEvent(new Event('input', { bubbles: true }));`,
    [value],
  );
}

test('a trade show typed offline with the keyboard, a call and a meeting for a colleague; integrated, invitation mailed', async () => {
  const world = makeWorld();
  // The default policy keeps campaigns to the office: the laptop would not offer « Nouvelle campagne » to a rep (and a
  // rep's campaign would be `not_allowed`, as this test first found). Brief 004's « tout lire, écrire le sien » lets the
  // rep at the stand set it up; his snapshot carries the grants it gives him.
  const policy = readFileSync(new URL('../crates/tournee-core/src/policy/read_all_write_own.json', import.meta.url), 'utf8');
  execFileSync('python3', ['-c',
    'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\n'
    + 'c.execute("INSERT INTO policy (id, document, changed_by, changed_at) VALUES (1, ?, \'e2e\', \'2027-01-01T00:00:00Z\')", (sys.argv[2],))\nc.commit()',
    `${world.data}/tournee.sqlite`, policy]);
  server(world.data, 'snapshot', '--user', REP);
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    await click(app, '[data-testid="nav-campaigns"]');
    await click(app, '[data-testid="campaign-new"]');
    await fill(app, 'camp-name', CAMPAIGN);
    await setValue(app, 'camp-starts_on', '2027-02-03');
    await setValue(app, 'camp-ends_on', '2027-02-05');
    await fill(app, 'camp-place', 'Paris, Porte de Versailles');
    await fill(app, 'camp-cost', '12500');
    await shoot(app, 'campaign-new');
    await click(app, '[data-testid="campaign-create"]');
    await app.waitFor('[data-testid="quick-entry"]');
    const title = await app.waitFor('#campaign-page-title');
    assert.equal((await title.text()).toLowerCase(), CAMPAIGN.toLowerCase(), 'the new campaign is open (its title shown in capitals)');

    // Five cards, keyboard only: the first field once, then Tab between fields and Enter to save.
    const first = await app.waitFor('[data-testid="quick-company"]');
    await first.click();
    for (const [index, card] of CARDS.entries()) {
      assert.equal(await focused(app), 'quick-company', `the focus is in the first field for card ${index + 1}`);
      const company = await app.find('[data-testid="quick-company"]');
      await company.type(card.join(TAB) + ENTER);
      await app.waitUntil(
        async () => (await (await app.find('[data-testid="quick-count"]')).text()).trim().startsWith(`${index + 1} carte`),
        `card ${index + 1} to be counted`,
      );
    }
    assert.equal(await focused(app), 'quick-company');
    assert.match(await (await app.find('[data-testid="quick-count"]')).text(), /5 carte/);
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="campaign-lead-count"]')).text()).trim() === '5',
      'the campaign to count its five leads',
    );
    await shoot(app, 'campaign-quick-entry');

    // A call on one of the leads, then a meeting for a colleague.
    await click(app, '[data-testid="campaign-leads"] button.link');
    await app.waitFor('[data-testid="contact-page"]');
    await click(app, '[data-testid="btn-call"]');
    await app.waitFor('[data-testid="call-dialog"]');
    await fill(app, 'meet-comment', 'Veut un devis avant le rendez-vous');
    await click(app, '[data-testid="meet-submit"]');
    await gone(app, '[data-testid="call-dialog"]', 'the call dialog to close');
    await click(app, '[data-testid="btn-meeting"]');
    await app.waitFor('[data-testid="meeting-dialog"]');
    await fill(app, 'meet-subject', 'Projet cuisine E2E');
    await app.waitFor('[data-testid="meet-attendee"] option[value="mgarcia"]', { visible: false });
    await choose(app, 'meet-attendee', 'mgarcia');
    const soon = new Date(Date.now() + 3 * 86400000);
    const local = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}T10:00`;
    await setValue(app, 'meet-starts_at', local);
    await fill(app, 'meet-place', 'Showroom');
    await shoot(app, 'meeting-dialog');
    await click(app, '[data-testid="meet-submit"]');
    await gone(app, '[data-testid="meeting-dialog"]', 'the meeting dialog to close');
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="recent-activity"]')).text()).includes('Veut un devis'),
      'the call in the last 15 days',
    );
    await shoot(app, 'contact-recent-activity');
    await click(app, '[data-testid="nav-calendar"]');
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="upcoming-meetings"]')).text()).includes('Projet cuisine E2E'),
      'the meeting on the calendar',
    );
    await shoot(app, 'calendar-upcoming-meetings');

    // The RC files go to the real server, which integrates them all.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.ok(files.length >= 9, `RC files in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    const db = `${world.data}/tournee.sqlite`;
    const carried = sql(db, "SELECT count(*) FROM party p JOIN campaign c ON c.id = p.campaign WHERE c.name = ?1", CAMPAIGN);
    assert.equal(carried[0][0], 5, 'the five leads carry the campaign on the server');

    // The server's automaton delivers the invitation to the colleague.
    const running = await startServer(world.data);
    try {
      const mail = await eventually('the invitation mail', () => mails(world.data).find((m) => m.text.includes('text/calendar')));
      assert.match(mail.decoded, /BEGIN:VCALENDAR/);
      assert.match(mail.decoded, /METHOD:REQUEST/);
      assert.match(mail.decoded, /Projet cuisine E2E/);
    } finally {
      await running.stop();
    }
  } finally {
    await app.quit();
  }
});
