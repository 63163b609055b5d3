// Steps of the selling screens (opportunities, quotes) in the field app's real window, and the sums a
// test checks a quote against: what the scenario test needs beside the CRM steps of `crm.mjs`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { click } from './crm.mjs';
import { SHOTS } from './fixture.mjs';

/** Sets an input WebDriver cannot type into reliably (a date or date-time field) and tells the page. */
export async function setValue(app, testid, value) {
  await app.waitFor(`[data-testid="${testid}"]`);
  await app.execute(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = arguments[0];
     s.dispatchEvent(new Event('input', { bubbles: true }));`,
    [value],
  );
}

/** Scrolls `selector` into the middle of its dialog (for the screenshots and the clicks). */
export async function into(app, selector) {
  await app.execute(`document.querySelector(arguments[0])?.scrollIntoView({ block: 'center' })`, [selector]);
}

/** Draws a stroke in the signature pad with pointer events, as a pen would. */
export async function sign(app) {
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

/** The first quote row's attribute `name`, or null without a row. */
export async function quoteRow(app, name) {
  const rows = await app.findAll('[data-testid="quote-row"]');
  return rows.length ? rows[0].attribute(name) : null;
}

/** Writes the quote's PDF from its row; returns its path, its `pdfinfo` and its `pdftotext -layout`, and
 * saves its page as `<name>.png` beside the screenshots. */
export async function printQuotePdf(app, name) {
  await into(app, '[data-testid="quote-pdf"]');
  await click(app, '[data-testid="quote-row"] [data-testid="quote-pdf"]');
  let pdf = null;
  await app.waitUntil(async () => {
    const notices = await app.findAll('[data-testid="export-path"]');
    if (!notices.length) return false;
    const found = (await notices[0].text()).match(/(\/\S+\.pdf)/);
    pdf = found ? found[1] : null;
    return pdf !== null && existsSync(pdf);
  }, 'the quote PDF to be written', 60000);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  mkdirSync(SHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(SHOTS, name)]);
  return { pdf, info, text };
}

/** A quote's totals from its lines (`{ cents, quantity, vatBp }`, no discount), the project's rule: each
 * line's net in cents, the VAT once per rate on that rate's sum, rounded half up. */
export function quoteTotals(lines) {
  const byRate = new Map();
  for (const line of lines) byRate.set(line.vatBp, (byRate.get(line.vatBp) ?? 0) + line.cents * line.quantity);
  let excl = 0;
  let vat = 0;
  for (const [bp, net] of byRate) {
    excl += net;
    vat += Math.floor((net * bp + 5000) / 10000);
  }
  return { excl, vat, incl: excl + vat };
}

/** A pattern matching `cents` written the French way (« 2 027,88 », any space between the thousands). */
export function frenchAmount(cents) {
  const euros = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u0000');
  const text = `${euros},${String(cents % 100).padStart(2, '0')}`;
  return new RegExp(text.replace(/\u0000/g, '[\\s\\u00a0\\u202f]?'));
}

/** Tenths of an hour as the project averages them: Σ seconds / count / 360, rounded to the nearest. */
export function averageHoursTenths(durations) {
  if (!durations.length) return null;
  const total = durations.reduce((sum, d) => sum + Math.max(d, 0), 0);
  return Math.floor((total + durations.length * 180) / (durations.length * 360));
}

/** Seconds between two RFC 3339 instants of the master, as each reader counts them: the field app
 * truncates the difference (`num_seconds`), the back office's reports subtract whole seconds
 * (`timestamp`); they can differ by one. */
export function secondsBetween(from, to, { wholeSeconds = false } = {}) {
  if (wholeSeconds) return Math.floor(Date.parse(to) / 1000) - Math.floor(Date.parse(from) / 1000);
  return Math.trunc((Date.parse(to) - Date.parse(from)) / 1000);
}

/** Reads « 12,5 » or « 12 » (the windows' hours) as tenths. */
export function tenthsOf(text) {
  const found = text.match(/(\d+)(?:,(\d))?\s*h/);
  assert.ok(found, `hours in ${text}`);
  return Number(found[1]) * 10 + Number(found[2] ?? 0);
}
