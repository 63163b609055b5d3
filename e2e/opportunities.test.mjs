// Opportunities in the real app window (tauri-driver, WebKitWebDriver, Xvfb), issue 15, brief 002's
// conversion: a lead created on the laptop is converted in one step from its contact page (« Créer une
// opportunité »): it becomes a prospect and its opportunity starts at the first stage, pending; the board
// shows the card and the forecast of its month; the card is moved to the next stage from the keyboard
// (Enter on its « Étape suivante »), then through every stage, and closed won from the last one in its
// dialog. The RC files go to the real server, which integrates them; after « actualiser » nothing is pending,
// the won opportunity has left the board and the average time to close is shown.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { fill } from './lib/app.mjs';
import { click, gone } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP } from './lib/fixture.mjs';

const LEAD = 'Cuisines House Design E2E';
const TITLE = 'Armoires rouges';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** Sets an input WebDriver cannot type into reliably (a date field) and tells the page. */
async function setValue(app, testid, value) {
  await app.waitFor(`[data-testid="${testid}"]`);
  await app.execute(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = arguments[0];
     s.dispatchEvent(new Event('input', { bubbles: true }));`,
    [value],
  );
}

/** The stage of the card of opportunity `id` on the board, or null when it is not there. */
async function cardStage(app, id) {
  const cards = await app.findAll(`[data-testid="opp-card"][data-id="${id}"]`);
  return cards.length ? cards[0].attribute('data-stage') : null;
}

/** Cents of the first French amount (« 1 234,56 € ») in `text`. */
function cents(text) {
  const found = text.match(/(\d[\d\s\u202f\u00a0]*),(\d{2})\s*€/);
  assert.ok(found, `an amount in ${text}`);
  return Number(found[1].replace(/\D/g, '')) * 100 + Number(found[2]);
}

/** The board's forecast of `month` in cents (0 without a row) and its count of won
 * opportunities: the demo sells too, so the test counts what it adds. */
async function boardFigures(app, month) {
  const summary = await app.waitFor('[data-testid="opportunities-summary"]');
  const won = Number((await summary.text()).match(/(\d+) gagnée/)[1]);
  const amounts = await app.findAll(`[data-testid="opp-forecast-month"][data-month="${month}"] td.num`);
  return { forecast: amounts.length ? cents(await amounts[0].text()) : 0, won };
}

async function stageBecomes(app, id, stage) {
  await app.waitUntil(async () => (await cardStage(app, id)) === stage, `the card to reach ${stage}`);
}

test('a lead converted into an opportunity, moved by keyboard, won; integrated and back after « actualiser »', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    // What the demo's opportunities already show.
    await click(app, '[data-testid="nav-opportunities"]');
    const before = await boardFigures(app, '2027-03');

    // A lead typed on the laptop (brief 002: a business card from the show).
    await click(app, '[data-testid="nav-contacts"]');
    await click(app, '[data-testid="btn-new-contact"]');
    await app.waitFor('[data-testid="party-dialog"]');
    await fill(app, 'party-name', LEAD);
    await fill(app, 'party-city', 'PARIS');
    await click(app, '[data-testid="party-submit"]');
    const page = await app.waitFor('[data-testid="contact-page"][data-status="lead"]');
    const party = await page.attribute('data-id');

    // « Créer une opportunité »: the lead is qualified and converted in one step.
    await click(app, '[data-testid="btn-new-opportunity"]');
    await app.waitFor('[data-testid="opportunity-create-dialog"]');
    await app.waitFor('[data-testid="opportunity-convert-note"]');
    await fill(app, 'opp-title', TITLE);
    await fill(app, 'opp-value', '5000');
    await setValue(app, 'opp-close', '2027-03-15');
    await shoot(app, 'opportunity-create-dialog');
    await click(app, '[data-testid="opportunity-create-submit"]');
    await gone(app, '[data-testid="opportunity-create-dialog"]', 'the dialog to close');
    await app.waitFor(`[data-testid="contact-page"][data-id="${party}"][data-status="prospect"]`);
    const listed = await app.waitFor('[data-testid="contact-opportunities"] [data-testid="contact-opportunity"]');
    const id = await listed.attribute('data-id');
    assert.match(await listed.text(), new RegExp(TITLE));
    await shoot(app, 'opportunity-contact-page');

    // The board: the card at the first stage, pending, and the forecast of its month (10 % of 5 000 €).
    await click(app, '[data-testid="nav-opportunities"]');
    await stageBecomes(app, id, 'qualification');
    const card = await app.find(`[data-testid="opp-card"][data-id="${id}"]`);
    assert.equal(await card.attribute('data-pending'), 'true');
    assert.match(await card.text(), new RegExp(LEAD));
    await app.waitFor('[data-testid="opp-forecast-month"][data-month="2027-03"]');
    await app.waitUntil(
      async () => (await boardFigures(app, '2027-03')).forecast === before.forecast + 50000,
      'the forecast of March 2027 to grow by 500,00 €',
    );
    await shoot(app, 'opportunity-board');

    // The keyboard's way: Enter on the card's « Étape suivante ».
    const next = await app.find(`[data-testid="opp-card"][data-id="${id}"] [data-testid="opp-card-next"]`);
    await next.type('\uE007');
    await stageBecomes(app, id, 'besoin');
    // Then again by keyboard: the demo's cards fill the columns, so the moved card may sit
    // below the fold or under a toast, where a pointer's click would not reach it.
    for (const stage of ['proposition', 'negociation']) {
      await (await app.find(`[data-testid="opp-card"][data-id="${id}"] [data-testid="opp-card-next"]`)).type('\uE007');
      await stageBecomes(app, id, stage);
    }
    await shoot(app, 'opportunity-board-last-stage');

    // Closed won from the last stage, in its dialog.
    await click(app, `[data-testid="opp-card"][data-id="${id}"] [data-testid="opp-card-open"]`);
    await app.waitFor('[data-testid="opportunity-page"][data-stage="negociation"]');
    await shoot(app, 'opportunity-dialog');
    await click(app, '[data-testid="opportunity-win"]');
    await app.waitFor('[data-testid="opportunity-page"][data-status="won"]');
    await click(app, '[data-testid="dialog-close"]');
    await app.waitUntil(async () => (await cardStage(app, id)) === null, 'the won card to leave the board');
    assert.equal((await boardFigures(app, '2027-03')).won, before.won + 1, 'one more won');

    // The RC files go to the real server, which integrates them all.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.ok(files.length >= 7, `RC files in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    server(world.data, 'snapshot', '--user', REP);
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await app.waitUntil(async () => (await (await app.find('[data-testid="pending-count"]')).text()).trim() === '0', 'nothing pending');

    // Back from the snapshot: won, closed by the server, the time to close shown.
    await app.waitFor('[data-testid="opp-time-to-close-all"]');
    assert.match(await (await app.find('[data-testid="opp-ttc-line"]')).text(), new RegExp(REP));
    await shoot(app, 'opportunity-figures-integrated');
  } finally {
    await app.quit();
  }
});
