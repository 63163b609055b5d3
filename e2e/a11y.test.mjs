// The field app's screens and dialogs, checked for accessibility in Debian's Chromium
// (issue 14, « Accessible to everyone »): axe-core's WCAG 2.2 A/AA rules with no violation on
// a desktop (1280 px) and at the narrowest width WCAG asks (320 px), and reflow (nothing wider
// than the window) at those and on a phone (375 px); then three keyboard-only flows.
//
// The pages are the app's own code (`ui/`) served by Vite with the in-memory back end of
// `npm run dev:mock` (ui/dev/): the window's look and behaviour without the Rust side (which
// the WebDriver tests drive for real), so that every state is reached in a second. The issue
// asks for Chromium; the laptop's WebKitGTK renders the same CSS.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { axeViolations, overflowing } from './lib/a11y.mjs';
import { freePort, REPO, SHOTS } from './lib/fixture.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WIDTHS = [1280, 375, 320];
const UI = join(REPO, 'ui');

let vite;
let browser;
let base;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  vite = spawn(process.execPath, [join(UI, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', 'dev/vite.config.ts', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: UI,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Ready once it answers (its banner's words carry colour codes in some terminals).
  const deadline = Date.now() + 60000;
  for (;;) {
    if (vite.exitCode !== null) throw new Error(`Vite stopped (${vite.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Vite did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  vite?.kill();
});

const click = (testid) => ({ click: `[data-testid="${testid}"]` });
const dialog = { wait: '[role="dialog"]' };
const client = [click('nav-clients'), { fill: ['[data-testid="search-input"]', 'gar'] }, click('search-hit'), { wait: '[data-testid="card-name"]' }];
const contact = [click('nav-contacts'), click('contact-hit'), { wait: '[data-testid="contact-page"]' }];
// « Ferme des Saules », an active prospect (the one that can be converted).
const prospect = [click('nav-prospects'), { click: '[data-testid="prospect-hit"][data-id="01JD0P1ABCDEF"]' }, { wait: '[data-testid="prospect-name"]' }];

/** Each state: the query string the mock back end reads, then the steps that reach it. */
const STATES = [
  ['home', '', [{ wait: '[data-testid="home-row"]' }]],
  ['home-client-selected', '', [click('home-row'), { wait: '[data-testid="home-open-card"]' }]],
  ['home-stale-snapshot', '?stale', [{ wait: '[data-testid="home-row"]' }]],
  ['home-enrolled-offline', '?link&offline', [{ wait: '[data-testid="link-status"]' }]],
  ['home-update-offered', '?link&update', [{ wait: '[data-testid="update-banner"]' }]],
  ['contacts', '', [click('nav-contacts'), { wait: '[data-testid="contact-hit"]' }]],
  ['contact-page', '', contact],
  ['contact-new', '', [click('nav-contacts'), click('btn-new-contact'), dialog]],
  ['contact-action', '', [...contact, click('btn-new-action'), dialog]],
  ['contact-person', '', [...contact, click('btn-add-person'), dialog]],
  ['contact-todo', '', [...contact, click('btn-new-todo'), dialog]],
  ['quick-call', '', [click('quick-log-call'), dialog]],
  ['client-card', '', client],
  ['client-visit', '', [...client, click('btn-visit'), dialog]],
  ['client-revisit', '', [...client, click('btn-revisit'), dialog]],
  ['client-fleet', '', [...client, click('btn-fleet'), dialog]],
  ['client-modification', '', [...client, click('btn-modify'), dialog]],
  ['client-history', '', [...client, click('btn-history'), dialog]],
  ['prospects', '', [click('nav-prospects'), { wait: '[data-testid="prospect-hit"]' }]],
  ['prospect-card', '', prospect],
  ['prospect-new', '', [click('nav-prospects'), click('btn-new-prospect'), dialog]],
  ['prospect-conversion', '', [...prospect, click('btn-convert'), dialog]],
  // Opportunities (issue 15): the board with its figures, an opportunity's dialog, « Créer une opportunité ».
  ['opportunities', '', [click('nav-opportunities'), { wait: '[data-testid="opp-card"]' }]],
  ['opportunity', '', [click('nav-opportunities'), { click: '[data-testid="opp-card"][data-id="O1"] [data-testid="opp-card-open"]' }, dialog]],
  ['opportunity-create', '', [...contact, click('btn-new-opportunity'), dialog]],
  // Quotes (issue 15): the opportunity's « Devis » with the line editor (two lines, live totals), and « Faire signer ».
  ['quote-editor', '', [click('nav-opportunities'), { click: '[data-testid="opp-card"][data-id="O1"] [data-testid="opp-card-open"]' }, dialog, click('quote-new'), { fill: ['[data-testid="quote-pick"]', 'PN-20555R16-E'] }, click('quote-pick-add'), click('quote-free-line'), { wait: '[data-testid="quote-total-incl"]' }]],
  ['quote-sign', '', [click('nav-opportunities'), { click: '[data-testid="opp-card"][data-id="O1"] [data-testid="opp-card-open"]' }, dialog, click('quote-sign'), { wait: '[data-testid="quote-sign-form"]' }]],
  ['stats', '', [click('nav-stats'), { wait: '[data-testid="chart-visits"]' }]],
  ['calendar', '', [click('nav-calendar'), { wait: '[data-testid="cal-event"], [data-testid="cal-empty"]' }]],
  ['reports', '', [click('nav-reports'), { wait: '[data-testid="report-sales-line"]' }]],
  ['campaigns', '', [click('nav-campaigns'), { click: '[data-testid="campaign-C1"]' }, { wait: '[data-testid="quick-entry"]' }]],
  ['campaign-new', '', [click('nav-campaigns'), click('campaign-new'), { wait: '[data-testid="campaign-form"]' }]],
  ['quick-entry-refused', '', [click('nav-campaigns'), { click: '[data-testid="campaign-C1"]' }, { fill: ['[data-testid="quick-notes"]', 'stand 7'] }, click('quick-save'), { wait: '#error-company' }]],
  // The unassigned pool (issue 15): its tab, a pool lead's page with « Prendre », « Remettre dans le pool » asked first.
  ['contacts-pool', '', [click('nav-contacts'), click('contacts-tab-pool'), { wait: '[data-testid="pool-lead"]' }]],
  ['contact-pool-lead', '', [click('nav-contacts'), { click: '[data-testid="contact-hit"][data-id="P4"]' }, { wait: '[data-testid="btn-take-lead"]' }]],
  ['contact-release', '', [click('nav-contacts'), { click: '[data-testid="contact-hit"][data-id="P2"]' }, click('btn-release-lead'), dialog]],
  ['segments', '', [click('nav-segments'), { click: '[data-testid="segment-S1"]' }, { wait: '[data-testid="segment-party"]' }]],
  ['segment-new-refused', '', [click('nav-segments'), click('segment-new'), { fill: ['[data-testid="seg-name"]', 'Tout'] }, click('seg-submit'), { wait: '#error-criteria' }]],
  ['segment-assign', '', [click('nav-segments'), { click: '[data-testid="segment-S1"]' }, click('segment-assign'), dialog]],
  ['contact-add-to-segment', '', [...contact, click('btn-add-to-segment'), dialog]],
  ['contact-call', '', [...contact, click('btn-call'), dialog]],
  ['contact-meeting', '', [...contact, click('btn-meeting'), dialog]],
  ['sync', '?link', [click('open-sync'), dialog]],
  ['settings', '', [click('open-settings'), dialog]],
  ['setup', '?setup', [{ wait: '[data-testid="setup-save"], [data-testid="setup-way-folders"]' }]],
];

async function reach(page, query, steps) {
  await page.goto(base + query);
  await page.waitForSelector('[data-testid="nav-home"], [data-testid="setup-way-folders"]');
  for (const step of steps) {
    if (step.click) await page.click(step.click);
    if (step.fill) await page.fill(...step.fill);
    if (step.wait) await page.waitForSelector(step.wait);
  }
}

test('every screen and dialog passes axe (WCAG 2.2 A/AA) at 1280 and 320 px and reflows at 1280, 375 and 320 px', async () => {
  const page = await browser.newPage({ viewport: { width: WIDTHS[0], height: 800 } });
  page.setDefaultTimeout(10000);
  const problems = [];
  for (const [name, query, steps] of STATES) {
    await reach(page, query, steps);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      // Let the layout settle after the resize (media queries, a frame).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // axe at the two ends (colours, names and sizes do not change between phone widths);
      // the reflow at all three.
      if (width !== 375) for (const v of await axeViolations(page)) problems.push(`${name} @${width}px: ${v}`);
      const wide = await overflowing(page);
      if (wide.out.length) problems.push(`${name} @${width}px: wider than the window: ${wide.out.join(', ')}`);
      if (width !== 375) await page.screenshot({ path: join(SHOTS, `a11y-${name}-${width}.png`) });
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  }
  await page.close();
  assert.deepEqual(problems, [], `${STATES.length} states × ${WIDTHS.length} widths`);
});

/** Presses `key` until `testid` has the focus (at most `max` times). */
async function tabTo(page, testid, max = 40, key = 'Tab') {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testid)) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${testid} not reached with ${key} in ${max} presses`);
}

test('keyboard only: from the top of the page to a client card through the search', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await reach(page, '', [{ wait: '[data-testid="home-row"]' }]);
  await tabTo(page, 'nav-clients');
  await page.keyboard.press('Enter');
  // A user looks at the screen before tabbing on: on a cold dev server the screen's code is
  // compiled on this first visit, and presses sent before it shows walk past the search box.
  await page.waitForSelector('[data-testid="search-input"]');
  await tabTo(page, 'search-input');
  await page.keyboard.type('gar');
  await page.waitForSelector('[data-testid="search-hit"]');
  await tabTo(page, 'search-hit');
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('[data-testid="card-name"]'), /Garage/);
  await page.close();
});

test('keyboard only: a dialog keeps the focus inside, Escape closes it and gives the focus back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await reach(page, '', [click('nav-contacts'), { wait: '[data-testid="btn-new-contact"]' }]);
  await page.focus('[data-testid="btn-new-contact"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[role="dialog"]');
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]')), `Tab ${i + 1} left the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]')), 'Shift+Tab left the dialog');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'btn-new-contact');
  await page.close();
});

test('keyboard only: a refused field gets the focus after submit, and its error is its description', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await reach(page, '', [click('nav-contacts'), click('btn-new-contact'), dialog]);
  // Submitted without a name: the back end refuses the field `name`.
  await tabTo(page, 'party-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="error-name"]');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'party-name');
  assert.equal(await page.getAttribute('[data-testid="party-name"]', 'aria-describedby'), 'error-name');
  assert.equal(await page.getAttribute('[data-testid="party-name"]', 'aria-invalid'), 'true');
  await page.screenshot({ path: join(SHOTS, 'a11y-refused-field-375.png') });
  await page.close();
});

test('keyboard only: a card moves to the next stage with « Étape suivante », no mouse', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await reach(page, '', [{ wait: '[data-testid="home-row"]' }]);
  await tabTo(page, 'nav-opportunities');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="opp-card"][data-id="O2"][data-stage="qualification"]');
  // Tab through the board to the card's own button, then Enter.
  for (let i = 0; i < 60; i += 1) {
    const on = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.getAttribute('data-testid') === 'opp-card-next' && a.closest('[data-testid="opp-card"]')?.getAttribute('data-id') === 'O2';
    });
    if (on) break;
    await page.keyboard.press('Tab');
  }
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /Besoin identifié/);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="opp-column"][data-stage="besoin"] [data-testid="opp-card"][data-id="O2"]');
  await page.close();
});
