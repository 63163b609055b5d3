// Quotes in the real app window (tauri-driver, WebKitWebDriver, Xvfb), issue 15, brief 002's « devis »: on
// the laptop, offline, an opportunity's « Nouveau devis » with two catalogue products picked by reference
// (tyres with a discount, their fitting), the live totals excl. VAT, VAT 20 % and incl. VAT; the draft is
// « Devis provisoire » with its temporary reference, sent, signed by the client on the signature pad
// (« Bon pour accord »), and its A4 PDF written (pdfinfo: one A4 page; pdftotext: the totals, the signer).
// The RC files go to the real server, which integrates them: after « actualiser » the quote carries its
// final number D-<year>-<seq>, its opportunity is won, and the PDF is « Devis » with that number.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { fill } from './lib/app.mjs';
import { click, gone } from './lib/crm.mjs';
import { launch, makeWorld, server, shoot, startDriver, REP, SHOTS } from './lib/fixture.mjs';

const LEAD = 'Transports Martin Devis E2E';
const TITLE = 'Pneus flotte hiver';

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

/** Draws a stroke in the signature pad with pointer events, as a pen would. */
async function sign(app) {
  await app.execute(`
    const pad = document.querySelector('[data-testid="signature-pad"]');
    pad.scrollIntoView({ block: 'center' });
    const box = pad.getBoundingClientRect();
    const at = (type, x, y) => pad.dispatchEvent(new PointerEvent(type, {
      bubbles: true, pointerId: 7, pointerType: 'pen', isPrimary: true, buttons: type === 'pointerup' ? 0 : 1,
      clientX: box.left + x, clientY: box.top + y,
    }));
    at('pointerdown', 20, 40);
    for (let i = 1; i <= 30; i += 1) at('pointermove', 20 + i * 8, 40 + Math.sin(i / 3) * 20);
    at('pointerup', 260, 40);`);
}

/** Scrolls `selector` into the middle of its dialog (for the screenshots). */
async function into(app, selector) {
  await app.execute(`document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' })`, [selector]);
}

/** The quote's row attribute `name`. */
async function rowAttribute(app, name) {
  const rows = await app.findAll('[data-testid="quote-row"]');
  return rows.length ? rows[0].attribute(name) : null;
}

/**
 * Writes the quote's PDF from its row and returns its path, its pdfinfo and its text. `previous`: the path an
 * earlier print wrote, whose notice may still be on screen when this one is clicked; only another path is this
 * print's (the final number names a new file).
 */
async function printPdf(app, name, previous = null) {
  await into(app, '[data-testid="quote-pdf"]');
  await click(app, '[data-testid="quote-row"] [data-testid="quote-pdf"]');
  let pdf = null;
  await app.waitUntil(async () => {
    const notices = await app.findAll('[data-testid="export-path"]');
    if (!notices.length) return false;
    const found = (await notices[0].text()).match(/(\/\S+\.pdf)/);
    pdf = found ? found[1] : null;
    return pdf !== null && pdf !== previous && existsSync(pdf);
  }, 'the quote PDF to be written');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  mkdirSync(SHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(SHOTS, name)]);
  return { pdf, info, text };
}

test('a quote of two catalogue products drafted offline, signed, printed; numbered and its opportunity won after sync', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');

    // An opportunity on a new lead (brief 002: converted in one step).
    await click(app, '[data-testid="nav-contacts"]');
    await click(app, '[data-testid="btn-new-contact"]');
    await app.waitFor('[data-testid="party-dialog"]');
    await fill(app, 'party-name', LEAD);
    await fill(app, 'party-city', 'LYON');
    await click(app, '[data-testid="party-submit"]');
    await app.waitFor('[data-testid="contact-page"][data-status="lead"]');
    await click(app, '[data-testid="btn-new-opportunity"]');
    await app.waitFor('[data-testid="opportunity-create-dialog"]');
    await fill(app, 'opp-title', TITLE);
    await fill(app, 'opp-value', '500');
    await setValue(app, 'opp-close', '2027-03-15');
    await click(app, '[data-testid="opportunity-create-submit"]');
    await gone(app, '[data-testid="opportunity-create-dialog"]', 'the dialog to close');
    const listed = await app.waitFor('[data-testid="contact-opportunities"] [data-testid="contact-opportunity"]');
    const opportunity = await listed.attribute('data-id');
    await click(app, '[data-testid="nav-opportunities"]');
    await click(app, `[data-testid="opp-card"][data-id="${opportunity}"] [data-testid="opp-card-open"]`);
    await app.waitFor('[data-testid="quotes-section"]');
    await app.waitFor('[data-testid="quotes-none"]');

    // « Nouveau devis »: two products of the catalogue, picked by their reference.
    await click(app, '[data-testid="quote-new"]');
    await app.waitFor('[data-testid="quote-editor"]');
    for (const reference of ['PN-20555R16-E', 'MO-MONTAGE']) {
      await fill(app, 'quote-pick', reference);
      await click(app, '[data-testid="quote-pick-add"]');
      await app.waitFor(`[data-testid="quote-line"][data-reference="${reference}"]`);
    }
    const quantities = await app.findAll('[data-testid="quote-line-quantity"]');
    for (const input of quantities) {
      await input.clear();
      await input.type('4');
    }
    const discount = (await app.findAll('[data-testid="quote-line-discount"]'))[0];
    await discount.type('5');
    // 4 × 89,00 − 5 % = 338,20; 4 × 18,00 = 72,00: 410,20 excl. VAT, 82,04 VAT at 20 %, 492,24 incl. VAT.
    await app.waitUntil(
      async () => /492,24/.test(await (await app.find('[data-testid="quote-total-incl"]')).text()),
      'the live totals',
    );
    assert.match(await (await app.find('[data-testid="quote-total-excl"]')).text(), /410,20/);
    assert.match(await (await app.find('[data-testid="quote-total-vat"]')).text(), /82,04/);
    await into(app, '[data-testid="quote-totals"]');
    await shoot(app, 'quote-editor');

    await click(app, '[data-testid="quote-save"]');
    await gone(app, '[data-testid="quote-editor"]', 'the editor to close');
    await app.waitUntil(async () => (await rowAttribute(app, 'data-status')) === 'draft', 'the draft listed');
    assert.match(await (await app.find('[data-testid="quote-name"]')).text(), /Devis provisoire P-jdupont-/);
    assert.match(await (await app.find('[data-testid="quote-row-total"]')).text(), /492,24/);

    // « Envoyer », then « Faire signer »: the client signs « Bon pour accord » on the pad.
    await click(app, '[data-testid="quote-send"]');
    await app.waitUntil(async () => (await rowAttribute(app, 'data-status')) === 'sent', 'the quote sent');
    await click(app, '[data-testid="quote-sign"]');
    await app.waitFor('[data-testid="quote-sign-form"]');
    await fill(app, 'quote-signer', 'Paul Martin');
    await sign(app);
    await shoot(app, 'quote-sign');
    await click(app, '[data-testid="quote-sign-confirm"]');
    await gone(app, '[data-testid="quote-sign-form"]', 'the signature form to close');
    await app.waitUntil(async () => (await rowAttribute(app, 'data-status')) === 'accepted', 'the quote signed');
    await into(app, '[data-testid="quotes-section"]');
    await shoot(app, 'quote-signed-pending');

    // Its PDF, made on the laptop before the server numbered it.
    const draft = await printPdf(app, 'quote-pdf-provisional');
    assert.match(draft.info, /Pages:\s+1\n/);
    assert.match(draft.info, /\(A4\)/);
    assert.match(draft.text, /Devis provisoire/);
    assert.match(draft.text, /410,20/);
    assert.match(draft.text, /82,04/);
    assert.match(draft.text, /492,24/);
    assert.match(draft.text, /Paul Martin/);

    // Every write was a record change in the outbox, offline; the server integrates them.
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`RC_${REP}_`));
    assert.ok(files.length >= 5, `RC files in the outbox: ${files.join(', ')}`);
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t/m, summary);
    assert.doesNotMatch(summary, /^(failed|refused)/m, summary);
    server(world.data, 'snapshot', '--user', REP);
    // « actualiser », the opportunity's dialog left open: it reads the new snapshot in place.
    await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 });
    await app.execute(`document.querySelector('[data-testid="freshness-refresh"]').click()`);
    await app.waitUntil(async () => (await (await app.find('[data-testid="pending-count"]')).text()).trim() === '0', 'nothing pending');

    // Back from the snapshot: the final number, the signature kept, the opportunity won.
    await app.waitUntil(async () => /^D-\d{4}-\d+$/.test((await rowAttribute(app, 'data-number')) ?? ''), 'the final number');
    const number = await rowAttribute(app, 'data-number');
    assert.equal(await rowAttribute(app, 'data-status'), 'accepted');
    assert.match(await (await app.find('[data-testid="quote-name"]')).text(), new RegExp(`Devis ${number}`));
    await app.waitFor('[data-testid="opportunity-page"][data-status="won"]');
    await into(app, '[data-testid="quotes-section"]');
    await shoot(app, 'quote-numbered-won');

    const final = await printPdf(app, 'quote-pdf-numbered', draft.pdf);
    assert.match(final.info, /Pages:\s+1\n/);
    assert.match(final.info, /\(A4\)/);
    assert.match(final.text, new RegExp(`Devis\\s+${number}`));
    assert.doesNotMatch(final.text, /provisoire/);
    assert.match(final.text, /492,24/);
    assert.match(final.text, /Paul Martin/);
  } finally {
    await app.quit();
  }
});
