// The back office's pages, checked for accessibility in headless Chromium against the real
// `tournee-server run` (issue 14, « Accessible to everyone »): axe-core's WCAG 2.2 A/AA rules
// with no violation and reflow (nothing wider than the window but a data table scrolling in
// its own box) at 1280 and 320 px, signed in as the admin, who sees every page (the
// accountant's pages included). The page's Content-Security-Policy forbids scripts; the
// browser context bypasses it only to inject axe.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { axeViolations, overflowing } from './lib/a11y.mjs';
import { SHOTS } from './lib/fixture.mjs';
import { ADMIN_PASSWORD, eventually, launchBrowser, makeOfficeData, server, signIn, sql, startServer } from './lib/office.mjs';

const WIDTHS = [1280, 320];
const PAGES = [
  '/office',
  '/office/creations',
  'creation request', // the first pending request, found once the samples are integrated
  '/office/modifications',
  '/office/admin/parameters',
  '/office/admin/visit-form',
  '/office/admin/action-types',
  '/office/admin/follow-up',
  '/office/admin/pipelines',
  '/office/admin/catalogue',
  '/office/reports',
  '/office/admin/users',
  '/office/admin/teams',
  '/office/admin/policy',
  '/office/admin/devices',
  '/office/admin/integrations',
  '/office/admin/reassign',
  '/office/admin/import',
];

let world;
let running;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = makeOfficeData();
  // Prospects, visits and conversions: the accountant's pages have requests to show.
  server(world.data, 'samples', '--count', '300', '--seed', '7');
  running = await startServer(world.data);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await running?.stop();
});

test('every back-office page passes axe (WCAG 2.2 A/AA) and reflows at 1280 and 320 px', async () => {
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 }, locale: 'fr-FR', bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  const check = async (name) => {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const v of await axeViolations(page)) problems.push(`${name} @${width}px: ${v}`);
      const wide = await overflowing(page);
      if (wide.out.length) problems.push(`${name} @${width}px: wider than the window: ${wide.out.join(', ')}`);
      await page.screenshot({ path: join(SHOTS, `a11y-office-${name.replace(/\W+/g, '-').replace(/^-|-$/g, '')}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  };
  await page.goto(`${running.base}/office/login`);
  await check('login');
  await signIn(page, running.base, 'admin', ADMIN_PASSWORD, 'A11y-admin-pass-2 nouveau');
  const request = await eventually('a pending creation request', () => {
    const rows = sql(world.db, "SELECT id FROM client_creation_request WHERE status = 'pending' ORDER BY id LIMIT 1");
    return rows.length > 0 && rows[0][0];
  });
  for (const path of PAGES) {
    const url = path === 'creation request' ? `/office/creations/${request}` : path;
    const response = await page.goto(`${running.base}${url}`);
    assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
    await check(url);
  }
  await context.close();
  assert.deepEqual(problems, [], `${PAGES.length + 1} pages × ${WIDTHS.length} widths`);
});
