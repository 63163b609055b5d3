// Brief 002's whole scenario as one story (issue 15, « Tests and evidence »), against one real server data
// directory, in the real app window of each user's laptop (tauri-driver, WebKitWebDriver, Xvfb) one after
// the other, and the back office in Chromium:
//   0. the admin prepares the office: the SMTP server (a real one on loopback), Luc Girard the sales
//      director (a manager) leading the three reps' team, the two products of brief 002 in the catalogue;
//   1. Luc sets up the trade show « House & Design » as a campaign on his laptop;
//   2. three reps type the business cards they got at the stand, offline, in « Saisie rapide »; then they
//      sync and the master holds every lead with the campaign;
//   3. Thomas (the demo's jdupont) qualifies his most promising lead and converts it into an opportunity and
//      a partner in one step;
//   4. on the phone with the client he plans a meeting for Luc at the client's, linked to the opportunity
//      (brief 002's order: the meeting, then the call); the server's automaton mails the invitation to the
//      SMTP server and Python's icalendar reads it;
//   5. Luc, another user, logs the client's call linked to the opportunity;
//   6. the day of the meeting, Luc opens the partner's page: the last 15 days show the card, the call and
//      the meeting;
//   7. Luc makes the quote from the opportunity with the two products, the client signs it; after sync its
//      PDF is one A4 page whose totals are those computed here from the catalogue's prices;
//   8. the accepted quote closed the opportunity won; the average time to close is shown in Luc's
//      opportunities screen and in his « Rapports » in the back office, equal to the master's timestamps.
// Under the built-in policy (brief 003's): reps read and write their own parties, the manager his team's.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { choose, fill } from './lib/app.mjs';
import { click, gone, openContact, shootClean } from './lib/crm.mjs';
import { freePort, launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';
import { readInvitation, startSmtpSink } from './lib/mail.mjs';
import { ADMIN_PASSWORD, eventually, launchBrowser, newPage, shoot as shootOffice, signIn, sql, startServer } from './lib/office.mjs';
import {
  averageHoursTenths, frenchAmount, into, printQuotePdf, quoteRow, quoteTotals, secondsBetween, setValue, sign, tenthsOf,
} from './lib/selling.mjs';

const TAB = '\uE004';
const ENTER = '\uE007';
const ADMIN_NEW = 'Scenario-002-admin-2';
const DIRECTOR = { login: 'lgirard', erp: 'LG07', name: 'Luc Girard', email: 'luc.girard@pneus-tournee.fr' };
const DIRECTOR_NEW = 'Scenario-002-luc-3';
const CAMPAIGN = 'House & Design';
const LEAD = 'Cuisines Dubois';
const TITLE = 'Armoires rouges';
const TEAM = 'Ventes Paris';
// Brief 002's two products, priced in the catalogue by the admin; the quote takes one of each.
const PRODUCTS = [
  { reference: 'CUI-DESIGN', label: 'Projet de design de cuisine', price: '1200,00', cents: 120000, unit: 'forfait' },
  { reference: 'ARM-100', label: 'Armoire de 100 cm', price: '489,90', cents: 48990, unit: 'pièce' },
];
const VAT_BP = 2000;
const SELLER = {
  seller_name: 'NotSoTiny',
  seller_legal_form: 'SAS',
  seller_capital: '50 000 €',
  seller_address: '14 rue du Faubourg Saint-Antoine\n75011 Paris',
  seller_siret: '73282932000009',
  seller_rcs_city: 'Paris',
  seller_vat_number: 'FR44732829320',
};
// Brief 002, exercise 7: the partner's address, completed by Thomas after the phone call.
const ADDRESS = { address1: '8 rue des Ébénistes', postal_code: '75011', city: 'PARIS' };
// The cards each rep got at the stand: company, first name, last name, phone, e-mail, notes.
const THOMAS_CARDS = [
  [LEAD, 'Marc', 'Dubois', '06 52 00 20 01', 'marc@cuisines-dubois.fr', 'Cuisine complète, armoires'],
  ['Bains Leroy', 'Paul', 'Leroy', '06 52 00 20 02', '', 'Salle de bain'],
];
const OTHER_CARDS = [
  [
    ['Menuiserie Blanc', 'Anne', 'Blanc', '06 52 00 20 03', 'anne@menuiserie-blanc.fr', 'Stand 7'],
    ['', 'Chloé', 'Martin', '06 52 00 20 04', 'chloe.martin@free.fr', 'Particulier, dressing'],
  ],
  [
    ['Dressings Roux', '', '', '01 45 00 20 05', '', ''],
    ['Verrières Petit', 'Luc', 'Petit', '06 52 00 20 06', 'luc@verrieres-petit.fr', 'Rappeler lundi'],
  ],
];

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** `YYYY-MM-DD` of a local date. */
const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** The same date `days` later. */
const plusDays = (d, days) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, d.getHours(), d.getMinutes());

/** When the meeting starts: in ten minutes, on the day Luc will prepare it (brief 002: he reads the last 15 days
 * on the meeting's day, a meeting counted on its local day). Within ten minutes of midnight it waits for the next
 * day. */
async function meetingSlot() {
  let at;
  await eventually('a meeting slot later today', () => {
    const today = ymd(new Date());
    at = new Date(Math.ceil((Date.now() + 10 * 60000) / 60000) * 60000);
    return ymd(at) === today;
  }, 3700000);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return { at, local: `${ymd(at)}T${time}` };
}

/** Integrates what waits in the inbox with the real server; every file must be integrated. */
function integrate(data) {
  const summary = server(data, 'integrate', '--once');
  assert.match(summary, /^integrated\t/m, summary);
  assert.doesNotMatch(summary, /^(failed|refused|parked)/m, summary);
  return summary;
}

/** The RC files a laptop's outbox holds (written offline, not yet synced). */
const outboxFiles = (world) => readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${world.user}_`));

/** Opens the laptop of `world` (its snapshot installed at start) and waits for the tabs. */
async function open(world) {
  const app = await launch(driver, world.home);
  await app.waitFor('[data-testid="nav-campaigns"]', { timeout: 60000 });
  return app;
}

test('brief 002 from the trade show to the won quote: campaign, offline cards by three reps, conversion, meeting invitation, call, 15 days, quote PDF, time to close', async (t) => {
  const now = new Date();
  const thomas = makeWorld(REP); // the server's data directory (small demo) and Thomas's laptop
  const { data } = thomas;
  const db = join(data, 'tournee.sqlite');
  const reps = [REP, ...sql(db, "SELECT windows_user FROM app_user WHERE role = 'rep' AND windows_user <> ?1 ORDER BY rowid LIMIT 2", REP).map((r) => r[0])];
  assert.equal(reps.length, 3, `three reps in the demo: ${reps}`);
  const sink = await startSmtpSink(await freePort(), join(thomas.root, 'smtp'));
  const browser = await launchBrowser();
  let failed = false;
  /** One step of the story: after a failure the later steps fail at once instead of running on. */
  const step = (name, body) => t.test(name, async () => {
    if (failed) throw new Error('an earlier step failed');
    try {
      await body();
    } catch (error) {
      failed = true;
      throw error;
    }
  });
  const state = {};

  try {
    await step('0. the admin prepares the office: SMTP on loopback, the sales director and his team, the catalogue', async () => {
      const running = await startServer(data);
      try {
        const admin = await newPage(browser);
        await signIn(admin, running.base, 'admin', ADMIN_PASSWORD, ADMIN_NEW);
        await admin.goto(`${running.base}/office/admin/parameters`);
        await admin.check('[name=smtp_enabled]');
        await admin.fill('[name=smtp_host]', '127.0.0.1');
        await admin.fill('[name=smtp_port]', String(sink.port));
        await admin.selectOption('[name=smtp_tls]', 'none');
        await admin.fill('[name=smtp_sender]', 'automate@pneus-tournee.fr');
        // The seller's identity the quote prints (brief 002's company); SIREN 732 829 320 and its keys.
        for (const [field, value] of Object.entries(SELLER)) await admin.fill(`[name=${field}]`, value);
        await admin.click('button:has-text("Enregistrer les paramètres")');
        await admin.waitForSelector('.notice');
        const smtp = JSON.parse(sql(db, "SELECT value FROM parameter WHERE key = 'smtp'")[0][0]);
        assert.equal(smtp.port, sink.port);

        await admin.goto(`${running.base}/office/admin/users`);
        await admin.fill('[name=windows_user]', DIRECTOR.login);
        await admin.fill('[name=erp_code]', DIRECTOR.erp);
        await admin.fill('[name=email]', DIRECTOR.email);
        await admin.fill('[name=display_name]', DIRECTOR.name);
        await admin.selectOption('[name=role]', 'manager');
        await admin.click('button:has-text("Enregistrer l\'utilisateur")');
        await admin.waitForURL(`**/office/admin/users?saved=${DIRECTOR.login}`);
        await admin.click(`tr[data-user="${DIRECTOR.login}"] button:has-text("Définir un mot de passe")`);
        state.directorPassword = (await admin.textContent('[data-testid=new-password]')).trim();
        await shootOffice(admin, 'scenario-002-users');

        await admin.goto(`${running.base}/office/admin/teams`);
        await admin.fill('#f-new-name', TEAM);
        await admin.click('button:has-text("Créer l\'équipe")');
        const team = await (await admin.waitForSelector(`section[data-team]:has(h2:text-is("${TEAM}"))`)).getAttribute('data-team');
        for (const [login, leads] of [[DIRECTOR.login, true], ...reps.map((r) => [r, false])]) {
          await admin.selectOption(`#f-member-${team}`, login);
          if (leads) await admin.check(`#f-leads-${team}`);
          await admin.click(`section[data-team="${team}"] button:has-text("Ajouter le membre")`);
          await admin.waitForSelector(`section[data-team="${team}"] tr[data-member="${login}"]`);
        }
        await shootOffice(admin, 'scenario-002-team');

        await admin.goto(`${running.base}/office/admin/catalogue`);
        for (const p of PRODUCTS) {
          await admin.fill('[name=reference]', p.reference);
          await admin.fill('[name=label]', p.label);
          await admin.fill('[name=price]', p.price);
          await admin.selectOption('[name=vat]', String(VAT_BP));
          await admin.fill('[name=unit]', p.unit);
          await admin.click('button:has-text("Enregistrer l\'article")');
          await admin.waitForSelector(`tr[data-catalogue-item="${p.reference}"]`);
        }
        await shootOffice(admin, 'scenario-002-catalogue');
        await admin.close();
      } finally {
        await running.stop();
      }
      for (const user of [DIRECTOR.login, ...reps]) server(data, 'snapshot', '--user', user);
    });

    const luc = makeWorld(DIRECTOR.login, data);
    luc.preconfigure();
    const others = reps.slice(1).map((rep) => makeWorld(rep, data));
    thomas.preconfigure();
    for (const w of others) w.preconfigure();
    const today = ymd(now);

    await step('1. the sales director sets up the trade show « House & Design » as a campaign on his laptop', async () => {
      const app = await open(luc);
      try {
        await click(app, '[data-testid="nav-campaigns"]');
        await click(app, '[data-testid="campaign-new"]');
        await fill(app, 'camp-name', CAMPAIGN);
        state.campaignStart = ymd(plusDays(now, -2));
        await setValue(app, 'camp-starts_on', state.campaignStart);
        await setValue(app, 'camp-ends_on', today);
        await fill(app, 'camp-place', 'Paris, Porte de Versailles');
        await fill(app, 'camp-cost', '12500');
        await shoot(app, 'scenario-002-1-campaign-new');
        await click(app, '[data-testid="campaign-create"]');
        await app.waitFor('[data-testid="quick-entry"]');
        await shootClean(app, 'scenario-002-1-campaign-created');
      } finally {
        await app.quit();
      }
      assert.equal(outboxFiles(luc).length, 1, 'one record change: the campaign');
      luc.syncUp();
      integrate(data);
      const rows = sql(db, 'SELECT id, created_by, cost_cents FROM campaign WHERE name = ?1', CAMPAIGN);
      assert.deepEqual(rows.map((r) => [r[1], r[2]]), [[DIRECTOR.login, 1250000]], 'the campaign is the director\'s on the server');
      state.campaign = rows[0][0];
      for (const rep of reps) server(data, 'snapshot', '--user', rep);
    });

    await step('2. three reps type their business cards offline in « Saisie rapide »; synced, the master holds every lead with the campaign', async () => {
      const typists = [[thomas, THOMAS_CARDS], ...others.map((w, i) => [w, OTHER_CARDS[i]])];
      for (const [world, cards] of typists) {
        const app = await open(world);
        try {
          await click(app, '[data-testid="nav-campaigns"]');
          await click(app, `[data-testid="campaign-${state.campaign}"]`);
          await app.waitFor('[data-testid="quick-entry"]');
          await click(app, '[data-testid="quick-company"]');
          for (const [index, card] of cards.entries()) {
            await (await app.find('[data-testid="quick-company"]')).type(card.join(TAB) + ENTER);
            await app.waitUntil(
              async () => (await (await app.find('[data-testid="quick-count"]')).text()).trim().startsWith(`${index + 1} carte`),
              `card ${index + 1} of ${world.user} to be counted`,
            );
          }
          await shoot(app, `scenario-002-2-quick-entry-${world.user}`);
        } finally {
          await app.quit();
        }
        // Offline: the cards wait in the laptop's outbox, the server has none of them yet.
        assert.ok(outboxFiles(world).length >= cards.length, `${world.user}'s cards in the outbox`);
        assert.equal(sql(db, 'SELECT count(*) FROM party WHERE campaign = ?1 AND created_by = ?2', state.campaign, world.user)[0][0], 0);
      }
      for (const [world] of typists) world.syncUp();
      integrate(data);
      const leads = sql(db, 'SELECT created_by, count(*) FROM party WHERE campaign = ?1 GROUP BY created_by ORDER BY 1', state.campaign);
      const expected = typists.map(([w, cards]) => [w.user, cards.length]).sort((a, b) => a[0].localeCompare(b[0]));
      assert.deepEqual(leads, expected, 'every card is a lead under the campaign, by the rep who typed it');
      const names = sql(db, "SELECT trim(coalesce(first_name || ' ', '') || name) FROM party WHERE campaign = ?1 ORDER BY 1", state.campaign).map((r) => r[0]);
      for (const [company, first, last] of typists.flatMap(([, cards]) => cards)) {
        assert.ok(names.includes(company || `${first} ${last}`), `${company || last} on the server: ${names}`);
      }
      server(data, 'snapshot', '--user', REP);
    });

    // Thomas's session: the conversion, then the meeting he plans for Luc while on the phone with the client.
    await step('3–4. Thomas converts his lead into an opportunity and a partner, plans a meeting for Luc; the invitation reaches the SMTP server', async () => {
      const app = await open(thomas);
      try {
        state.party = await openContact(app, LEAD);
        await app.waitFor(`[data-testid="contact-page"][data-id="${state.party}"][data-status="lead"]`);
        await click(app, '[data-testid="btn-new-opportunity"]');
        await app.waitFor('[data-testid="opportunity-create-dialog"]');
        await app.waitFor('[data-testid="opportunity-convert-note"]');
        await fill(app, 'opp-title', TITLE);
        await fill(app, 'opp-value', '5000');
        await setValue(app, 'opp-close', ymd(plusDays(now, 30)));
        await shoot(app, 'scenario-002-3-convert');
        await click(app, '[data-testid="opportunity-create-submit"]');
        await gone(app, '[data-testid="opportunity-create-dialog"]', 'the dialog to close');
        await app.waitFor(`[data-testid="contact-page"][data-id="${state.party}"][data-status="prospect"]`);
        const listed = await app.waitFor('[data-testid="contact-opportunities"] [data-testid="contact-opportunity"]');
        state.opportunity = await listed.attribute('data-id');
        assert.match(await listed.text(), new RegExp(TITLE));
        // Exercise 7: the partner's address, completed from what the client said on the phone.
        await click(app, '[data-testid="btn-edit-contact"]');
        await app.waitFor('[data-testid="party-dialog"]');
        for (const [field, value] of Object.entries(ADDRESS)) await fill(app, `party-${field}`, value);
        await click(app, '[data-testid="party-submit"]');
        await gone(app, '[data-testid="party-dialog"]', 'the edit dialog to close');
        await shootClean(app, 'scenario-002-3-partner-with-opportunity');

        await click(app, '[data-testid="btn-meeting"]');
        await app.waitFor('[data-testid="meeting-dialog"]');
        await app.waitFor(`[data-testid="meet-opportunity"] option[value="${state.opportunity}"]`, { visible: false });
        await choose(app, 'meet-opportunity', state.opportunity);
        await fill(app, 'meet-subject', 'Projet cuisine : armoires');
        await app.waitFor(`[data-testid="meet-attendee"] option[value="${DIRECTOR.login}"]`, { visible: false });
        await choose(app, 'meet-attendee', DIRECTOR.login);
        const slot = await meetingSlot();
        state.meetingAt = slot.at;
        await setValue(app, 'meet-starts_at', slot.local);
        await choose(app, 'meet-duration', '90');
        await fill(app, 'meet-place', 'Chez le client, Paris');
        await shoot(app, 'scenario-002-4-meeting-for-luc');
        await click(app, '[data-testid="meet-submit"]');
        await gone(app, '[data-testid="meeting-dialog"]', 'the meeting dialog to close');
      } finally {
        await app.quit();
      }
      thomas.syncUp();
      integrate(data);
      const opp = sql(db, 'SELECT party_id, status, coalesce(owner, created_by), value_cents FROM opportunity WHERE id = ?1', state.opportunity);
      assert.deepEqual(opp, [[state.party, 'open', REP, 500000]], 'the opportunity is Thomas\'s, open, 5 000 €');
      assert.deepEqual(
        sql(db, 'SELECT status, address1, postal_code, city FROM party WHERE id = ?1', state.party),
        [['prospect', ADDRESS.address1, ADDRESS.postal_code, ADDRESS.city]],
        'the lead became a partner (a prospect) with its address',
      );
      const [meeting] = sql(db, 'SELECT id, starts_at, attendee, opportunity FROM meeting WHERE party_id = ?1', state.party);
      assert.deepEqual(meeting.slice(2), [DIRECTOR.login, state.opportunity]);
      assert.equal(Date.parse(meeting[1]), state.meetingAt.getTime(), 'the start as typed, in UTC');

      // The server's automaton sends the invitation to the SMTP server on loopback.
      const running = await startServer(data);
      try {
        const mail = await eventually('the invitation at the SMTP server', () => sink.received().find((m) => m.calendar && m.rcpt_tos.includes(DIRECTOR.email)), 90000);
        const invitation = readInvitation(mail.calendar.text);
        assert.equal(invitation.method, 'REQUEST');
        assert.equal(mail.calendar.method, 'REQUEST');
        assert.equal(invitation.uid.split('@')[0], meeting[0], 'the meeting is the invitation');
        assert.match(invitation.organizer, new RegExp(`${REP}@`, 'i'), 'Thomas organises');
        assert.match(invitation.attendee, new RegExp(DIRECTOR.email, 'i'), 'Luc is invited');
        assert.equal(Date.parse(invitation.start), state.meetingAt.getTime(), `DTSTART as planned: ${invitation.start}`);
        assert.equal(Date.parse(invitation.end) - Date.parse(invitation.start), 90 * 60000, 'an hour and a half');
        assert.match(invitation.location, /Chez le client/);
      } finally {
        await running.stop();
      }
      server(data, 'snapshot', '--user', DIRECTOR.login);
    });

    // Luc's session: the client's call, the partner's last 15 days, the quote signed.
    const app = await open(luc);
    try {
      await step('5. Luc, another user, logs the client\'s call linked to the opportunity', async () => {
        assert.equal(await openContact(app, LEAD), state.party);
        await click(app, '[data-testid="btn-call"]');
        await app.waitFor('[data-testid="call-dialog"]');
        await app.waitFor(`[data-testid="meet-opportunity"] option[value="${state.opportunity}"]`, { visible: false });
        await choose(app, 'meet-opportunity', state.opportunity);
        await fill(app, 'meet-comment', 'Veut des armoires rouges ; apporter le catalogue');
        await shoot(app, 'scenario-002-5-call');
        await click(app, '[data-testid="meet-submit"]');
        await gone(app, '[data-testid="call-dialog"]', 'the call dialog to close');
      });

      await step('6. the day of the meeting Luc opens the partner\'s page: the last 15 days show the card, the call and the meeting', async () => {
        const lines = async () => {
          const section = await app.find('[data-testid="recent-activity"]');
          return (await section.text()).split('\n');
        };
        await app.waitUntil(async () => {
          const text = (await lines()).join('\n');
          return /Carte de visite/.test(text) && /Veut des armoires rouges/.test(text) && /Projet cuisine/.test(text);
        }, 'the card, the call and the meeting in the last 15 days', 30000);
        const text = (await lines()).join('\n');
        assert.match(text, new RegExp(`Carte de visite\\s+${CAMPAIGN}\\s+${REP}`), text);
        assert.match(text, new RegExp(`Appel\\s+Veut des armoires rouges.*\\s+${DIRECTOR.login}`), text);
        assert.match(text, new RegExp(`Rendez-vous\\s+Projet cuisine : armoires\\s+${REP}`), text);
        await into(app, '[data-testid="recent-activity"]');
        await shootClean(app, 'scenario-002-6-last-15-days');
      });

      const totals = quoteTotals(PRODUCTS.map((p) => ({ cents: p.cents, quantity: 1, vatBp: VAT_BP })));
      await step('7. Luc makes the quote of the two products from the opportunity, the client signs it; its PDF is one A4 page with the totals', async () => {
        await click(app, `[data-testid="contact-opportunity"][data-id="${state.opportunity}"] button.link`);
        await app.waitFor(`[data-testid="opportunity-page"][data-id="${state.opportunity}"]`);
        await app.waitFor('[data-testid="quotes-none"]');
        await click(app, '[data-testid="quote-new"]');
        await app.waitFor('[data-testid="quote-editor"]');
        for (const p of PRODUCTS) {
          await fill(app, 'quote-pick', p.reference);
          await click(app, '[data-testid="quote-pick-add"]');
          await app.waitFor(`[data-testid="quote-line"][data-reference="${p.reference}"]`);
        }
        for (const input of await app.findAll('[data-testid="quote-line-quantity"]')) {
          await input.clear();
          await input.type('1');
        }
        await app.waitUntil(
          async () => frenchAmount(totals.incl).test(await (await app.find('[data-testid="quote-total-incl"]')).text()),
          'the live totals',
        );
        assert.match(await (await app.find('[data-testid="quote-total-excl"]')).text(), frenchAmount(totals.excl));
        assert.match(await (await app.find('[data-testid="quote-total-vat"]')).text(), frenchAmount(totals.vat));
        await into(app, '[data-testid="quote-totals"]');
        await shoot(app, 'scenario-002-7-quote-editor');
        await click(app, '[data-testid="quote-save"]');
        await gone(app, '[data-testid="quote-editor"]', 'the editor to close');
        await app.waitUntil(async () => (await quoteRow(app, 'data-status')) === 'draft', 'the draft listed');
        await click(app, '[data-testid="quote-send"]');
        await app.waitUntil(async () => (await quoteRow(app, 'data-status')) === 'sent', 'the quote sent');
        await click(app, '[data-testid="quote-sign"]');
        await app.waitFor('[data-testid="quote-sign-form"]');
        await fill(app, 'quote-signer', 'Marc Dubois');
        await sign(app);
        await shoot(app, 'scenario-002-7-quote-sign');
        await click(app, '[data-testid="quote-sign-confirm"]');
        await gone(app, '[data-testid="quote-sign-form"]', 'the signature form to close');
        await app.waitUntil(async () => (await quoteRow(app, 'data-status')) === 'accepted', 'the quote signed');

        // Luc's laptop syncs: the server numbers the quote and the acceptance wins the opportunity.
        luc.syncUp();
        integrate(data);
        server(data, 'snapshot', '--user', DIRECTOR.login);
        await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 60000 });
        await app.execute(`document.querySelector('[data-testid="freshness-refresh"]').click()`);
        await app.waitUntil(async () => (await (await app.find('[data-testid="pending-count"]')).text()).trim() === '0', 'nothing pending', 30000);
        await app.waitUntil(async () => /^D-\d{4}-\d+$/.test((await quoteRow(app, 'data-number')) ?? ''), 'the final number', 30000);
        state.number = await quoteRow(app, 'data-number');
        const [quote] = sql(db, 'SELECT number, status, opportunity_id FROM quote WHERE opportunity_id = ?1', state.opportunity);
        assert.deepEqual(quote, [state.number, 'accepted', state.opportunity]);

        const pdf = await printQuotePdf(app, 'scenario-002-7-quote-pdf');
        assert.match(pdf.info, /Pages:\s+1\n/, pdf.info);
        assert.match(pdf.info, /\(A4\)/, pdf.info);
        // « Devis » and its number, beside the seller's identity in the page's layout.
        assert.match(pdf.text, /\bDevis\b/);
        assert.match(pdf.text, new RegExp(`\\b${state.number}\\b`));
        for (const p of PRODUCTS) assert.match(pdf.text, new RegExp(p.label), `${p.label} on the quote`);
        for (const cents of [totals.excl, totals.vat, totals.incl]) assert.match(pdf.text, frenchAmount(cents), pdf.text);
        assert.match(pdf.text, /Marc Dubois/);
        for (const mention of ['NotSoTiny', SELLER.seller_siret, SELLER.seller_vat_number, LEAD, ADDRESS.address1, ADDRESS.city]) {
          assert.ok(pdf.text.replace(/\s+/g, ' ').includes(mention), `${mention} on the quote:\n${pdf.text}`);
        }
        await into(app, '[data-testid="quotes-section"]');
        await shootClean(app, 'scenario-002-7-quote-numbered');
      });

      await step('8. the opportunity is closed won; the average time to close is shown in the app and equals the master\'s', async () => {
        await app.waitFor(`[data-testid="opportunity-page"][data-id="${state.opportunity}"][data-status="won"]`, { timeout: 30000 });
        const [won] = sql(db, 'SELECT status, created_at, closed_at FROM opportunity WHERE id = ?1', state.opportunity);
        assert.equal(won[0], 'won');
        state.closedAt = won[2];
        await click(app, '[data-testid="dialog-close"]');
        await click(app, '[data-testid="nav-opportunities"]');
        await app.waitFor('[data-testid="opp-time-to-close-all"]', { timeout: 30000 });

        // Thomas's line for the month closed: his opportunities closed (won or lost) that month, as the
        // field app averages them.
        const month = state.closedAt.slice(0, 7);
        const rows = sql(db,
          "SELECT created_at, closed_at FROM opportunity WHERE coalesce(owner, created_by) = ?1 AND status IN ('won', 'lost') AND substr(closed_at, 1, 7) = ?2",
          REP, month);
        const expected = averageHoursTenths(rows.map(([c, d]) => secondsBetween(c, d)));
        const label = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })
          .format(new Date(`${month}-01T00:00:00Z`));
        const table = await app.execute(`return [...document.querySelectorAll('[data-testid="opp-ttc-line"]')]
          .map((tr) => [...tr.cells].map((td) => td.textContent.trim()))`);
        const shown = table.find(([owner, period]) => owner === REP && period === label);
        assert.ok(shown, `a line for ${REP} in ${label}: ${JSON.stringify(table)}`);
        assert.equal(shown[2], String(rows.length), `closed by ${REP} in ${label}: ${shown}`);
        assert.equal(tenthsOf(shown[3]), expected, `the average time to close: ${shown}`);
        await into(app, '[data-testid="opp-time-to-close"]');
        await shootClean(app, 'scenario-002-8-time-to-close');
      });
    } finally {
      await app.quit();
    }

    await step('8. in the back office, Luc\'s « Rapports » show the same average time to close and the campaign\'s results', async () => {
      const running = await startServer(data);
      try {
        const page = await newPage(browser);
        await signIn(page, running.base, DIRECTOR.login, state.directorPassword, DIRECTOR_NEW);
        // The month closed, from its first day or the show's if earlier (a campaign is reported by its
        // start), to the day closed.
        const to = state.closedAt.slice(0, 10);
        const from = [state.campaignStart, `${to.slice(0, 7)}-01`].sort()[0];
        await page.goto(`${running.base}/office/reports?from=${from}&to=${to}`);
        const row = page.locator(`tr[data-close-time]:has(td:text-is("${REP}"))`);
        const cells = await row.locator('td').allTextContents();
        const rows = sql(db,
          "SELECT created_at, closed_at FROM opportunity WHERE coalesce(owner, created_by) = ?1 AND status IN ('won', 'lost') AND closed_at >= ?2 AND closed_at < ?3",
          REP, `${from}T00:00:00`, `${ymd(plusDays(new Date(`${to}T12:00:00`), 1))}T00:00:00`);
        const expected = averageHoursTenths(rows.map(([c, d]) => secondsBetween(c, d, { wholeSeconds: true })));
        assert.equal(cells[1], String(rows.length), `closed by ${REP}: ${cells}`);
        assert.equal(tenthsOf(cells[2]), expected, `the average time to close: ${cells}`);
        const campaign = await page.locator(`tr[data-campaign]:has(td:text-is("${CAMPAIGN}"))`).locator('td').allTextContents();
        const cards = THOMAS_CARDS.length + OTHER_CARDS.flat().length;
        assert.deepEqual([campaign[3], campaign[4]], [String(cards), '1'], `the campaign's leads and opportunities: ${campaign}`);
        await page.locator('#close-times').scrollIntoViewIfNeeded();
        await shootOffice(page, 'scenario-002-8-reports');
      } finally {
        await running.stop();
      }
    });
  } finally {
    await browser.close();
    await sink.stop();
  }
});
