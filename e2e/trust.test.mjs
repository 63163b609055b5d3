// What the rep reads must be true, in the real window (tauri-driver, WebKitWebDriver, Xvfb) against the
// real server binary: « actualiser » says whether newer data came; another rep's client offers no revisit
// date nor fleet; a modification request is labelled as such in the history, never a visit, and the
// accountant's refusal (in the real back office, Chromium) reaches the card and the home screen; an
// admin's calendar of another rep says how far back it goes; English mode reads English; the stats PDF
// opens in a real viewer (mupdf) through the desktop's own xdg-open; the prospect and conversion forms
// offer the admin's lists, prefilled with the rep's code and agency.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { choose, fill, openCard, toastSaying } from './lib/app.mjs';
import { launch, makeWorld, server, shoot, startDriver, SHOTS } from './lib/fixture.mjs';
import { ADMIN_PASSWORD, launchBrowser, newPage, signIn, sql, snapshotFile, startServer } from './lib/office.mjs';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => { await driver?.stop(); });

/** « actualiser » once it is offered. */
async function refresh(app) {
  await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
}

test('« actualiser » says when nothing newer arrived and why the bar is red; a switch turns it green', async () => {
  const world = makeWorld();
  const old = new Date(Date.now() - 200 * 3600 * 1000).toISOString();
  server(world.data, 'snapshot', '--user', world.user, '--now', old);
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    const bar = await app.waitFor('[data-testid="freshness"]');
    assert.equal(await bar.attribute('data-state'), 'stale');
    assert.match(await (await app.find('[data-testid="freshness-age"]')).text(), /vieilles de 8 j \(limite 24 h\)/);
    await refresh(app);
    const said = await toastSaying(app, /Aucune base plus récente/);
    assert.match(said, /il y a 8 j/);
    assert.doesNotMatch(said, /Bases actualisées/);
    await shoot(app, 'field-refresh-nothing-newer');
    assert.equal(await (await app.find('[data-testid="freshness"]')).attribute('data-state'), 'stale');

    server(world.data, 'snapshot', '--user', world.user);
    // The poll (or focus) sees the newer data; « actualiser » switches to it.
    await app.execute('window.dispatchEvent(new Event("focus"))');
    await app.waitUntil(async () => /plus récente est arrivée/.test(await (await app.find('[data-testid="freshness"]')).text()),
      'the newer data to be announced', 45000);
    await refresh(app);
    await toastSaying(app, /^Bases actualisées$/);
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="freshness"]')).attribute('data-state')) === 'fresh',
      'the bar to turn green',
    );
  } finally {
    await app.quit();
  }
});

test('a colleague’s client: no revisit date nor fleet, and the card says why', async () => {
  const world = makeWorld();
  world.preconfigure();
  const { file } = snapshotFile(world.data, world.user);
  const [[code, name]] = sql(file, 'SELECT c_client, nom_client FROM client WHERE in_portfolio = 0 ORDER BY c_client LIMIT 1');
  const app = await launch(driver, world.home);
  try {
    await openCard(app, code, code);
    const note = await app.waitFor('[data-testid="card-not-owner"]');
    assert.match(await note.text(), /pas dans votre portefeuille/);
    assert.equal((await app.findAll('[data-testid="btn-revisit"]')).length, 0);
    assert.equal((await app.findAll('[data-testid="btn-fleet"]')).length, 0);
    assert.equal((await app.findAll('[data-testid="btn-modify"]')).length, 1, 'a request stays possible');
    assert.match(await (await app.find('[data-testid="card-name"]')).text(), new RegExp(name.slice(0, 10)));
    await shoot(app, 'field-card-not-owner');
  } finally {
    await app.quit();
  }
});

test('a modification request is no visit; the accountant’s refusal reaches the card and the home screen', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  let backOffice;
  let browser;
  try {
    const row = await app.waitFor('[data-testid="tab-last-visit"]');
    await row.click();
    const first = await app.waitFor('[data-testid="home-row"]');
    const code = await first.attribute('data-code');
    await openCard(app, code, code);
    const lastVisit = async () => (await app.find('[data-testid="card-last-visit"]')).text();
    const before = await lastVisit();

    await (await app.find('[data-testid="btn-modify"]')).click();
    await (await app.waitFor('[data-testid="modif-field-adr2_fac"]')).click();
    await fill(app, 'modif-new-adr2_fac', 'Bâtiment B (e2e)');
    await (await app.find('[data-testid="modif-submit"]')).click();
    await toastSaying(app, /Demande de modification enregistrée/);
    const line = await app.waitFor('[data-testid="request-line"][data-status="pending"]');
    assert.match(await line.text(), /En attente d’envoi/);

    world.syncUp();
    assert.match(server(world.data, 'integrate', '--once'), /^integrated\t.*MC_/m);
    server(world.data, 'snapshot', '--user', world.user);
    await refresh(app);
    await app.waitFor('[data-testid="request-line"][data-status="open"]', { timeout: 30000 });
    assert.equal((await app.findAll('[data-testid="request-line"]')).length, 1, 'one line, handed over');
    assert.equal(await lastVisit(), before, 'the card’s last visit did not move');
    await (await app.find('[data-testid="btn-history"]')).click();
    const note = await app.waitFor('[data-testid="history-row"][data-kind="modification_request"]');
    assert.match(await note.text(), /Demande de modification/);
    await shoot(app, 'field-history-request');
    await (await app.find('[data-testid="dialog-close"]')).click();

    // The accountant declines it in the real back office (here the admin, who may too).
    backOffice = await startServer(world.data);
    browser = await launchBrowser();
    const page = await newPage(browser);
    await signIn(page, backOffice.base, 'admin', ADMIN_PASSWORD, 'E2e-admin-pass-2');
    await page.goto(`${backOffice.base}/office/modifications`);
    await page.fill('input[name=note]', 'Adresse déjà corrigée par le siège (e2e)');
    await page.click('button[value=declined]');
    await page.waitForURL('**/office/modifications');
    await backOffice.stop();
    backOffice = null;
    // Closing a request schedules no snapshot: the next generation carries the note.
    server(world.data, 'snapshot', '--user', world.user);
    await refresh(app);
    const declined = await app.waitFor('[data-testid="request-line"][data-status="declined"]', { timeout: 30000 });
    assert.match(await declined.text(), /Motif : Adresse déjà corrigée par le siège \(e2e\)/);
    // Once the refreshed card has settled (its toast gone), the requests in view.
    await app.waitUntil(async () => (await app.findAll('[data-testid="toast"]')).length === 0, 'the toast to go', 10000);
    await app.execute(`document.querySelector('[data-testid="request-list"]').scrollIntoView({ block: 'center' })`);
    await shoot(app, 'field-request-declined-card');

    await (await app.find('[data-testid="nav-home"]')).click();
    const notice = await app.waitFor(`[data-testid="declined-notice"][data-code="${code}"]`);
    assert.match(await notice.text(), /La comptabilité a refusé le .* votre demande de modification/);
    await shoot(app, 'field-request-declined-home');
    await (await app.find('[data-testid="notice-seen"]')).click();
    await app.waitUntil(async () => (await app.findAll('[data-testid="declined-notice"]')).length === 0, 'the notice to go');
  } finally {
    await browser?.close();
    await backOffice?.stop();
    await app.quit();
  }
});

test('an admin’s calendar of another rep says how far back it goes and hatches the days before', async () => {
  const world = makeWorld('nbertrand');
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await (await app.waitFor('[data-testid="nav-calendar"]')).click();
    await app.waitFor('[data-testid="calendar-screen"]');
    assert.equal((await app.findAll('[data-testid="cal-window-note"]')).length, 0, 'not on the admin’s own');
    await choose(app, 'cal-rep', 'JD01');
    const note = await app.waitFor('[data-testid="cal-window-note"]');
    assert.match(await note.text(), /Les visites des autres commerciaux sont disponibles sur les 42 derniers jours/);
    for (let back = 0; back < 3 && (await app.findAll('[data-unknown="true"]')).length === 0; back += 1) {
      await (await app.find('[data-testid="cal-prev"]')).click();
      await new Promise((r) => setTimeout(r, 400));
    }
    const hatched = await app.findAll('[data-unknown="true"]');
    assert.ok(hatched.length > 0, 'days before the window are hatched');
    const inside = await app.execute(
      'return [...document.querySelectorAll(\'[data-unknown="true"] [data-testid="cal-event"]\')].length',
    );
    assert.equal(inside, 0, 'no visit is shown on an unknown day');
    await shoot(app, 'field-calendar-other-rep');
  } finally {
    await app.quit();
  }
});

test('English mode reads English, errors included', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    await choose(app, 'lang-select', 'en');
    await app.waitUntil(async () => (await (await app.find('[data-testid="nav-home"]')).text()) === 'Home', 'the labels in English');

    // The sync panel's errors (the transport's, typed, worded in English).
    await (await app.find('[data-testid="open-sync"]')).click();
    await fill(app, 'link-server-url', 'http://crm.example.fr:8443');
    await fill(app, 'link-code', 'K7QM');
    await (await app.find('[data-testid="link-enroll"]')).click();
    const urlError = await app.waitFor('[data-error-for="server_url"]');
    assert.equal(await urlError.text(), 'The address must start with https://.');
    await shoot(app, 'field-en-error-enroll');
    await fill(app, 'link-server-url', 'https://crm.example.fr:8443');
    await (await app.find('[data-testid="link-enroll"]')).click();
    const codeError = await app.waitFor('[data-error-for="code"]');
    assert.match(await codeError.text(), /^The code has 16 characters/);
    await (await app.find('[data-testid="dialog-close"]')).click();

    // A colleague's client in English, and the back end's refusal of a wrong SIRET on one's own.
    const { file } = snapshotFile(world.data, world.user);
    const [[other]] = sql(file, 'SELECT c_client FROM client WHERE in_portfolio = 0 ORDER BY c_client LIMIT 1');
    await openCard(app, other, other);
    assert.match(await (await app.waitFor('[data-testid="card-not-owner"]')).text(), /not in your portfolio/);
    const [[own]] = sql(file, 'SELECT c_client FROM client WHERE in_portfolio = 1 ORDER BY c_client LIMIT 1');
    await openCard(app, own, own);
    // A SIRET the back end refuses (its key is wrong): the domain's rule, worded in English.
    await (await app.find('[data-testid="btn-modify"]')).click();
    await (await app.waitFor('[data-testid="modif-field-contact_divers_2"]')).click();
    await fill(app, 'modif-new-contact_divers_2', '12345678901234');
    await (await app.find('[data-testid="modif-submit"]')).click();
    const siretError = await app.waitFor('[data-error-for="contact_divers_2"]');
    assert.match(await siretError.text(), /^The field .* is not a valid SIRET/);
    assert.doesNotMatch(await siretError.text(), /[éèàç«»]/);
    await app.execute(`document.querySelector('[data-error-for="contact_divers_2"]').scrollIntoView({ block: 'center' })`);
    await shoot(app, 'field-en-error-siret');
  } finally {
    await app.quit();
  }
});

test('« Imprimer » opens the PDF in the desktop’s PDF viewer', async () => {
  // The desktop's own xdg-open, told by a private XDG configuration that mupdf opens PDFs.
  const xdg = mkdtempSync(join(tmpdir(), 'tournee-e2e-xdg-'));
  const config = join(xdg, 'config');
  const data = join(xdg, 'data');
  mkdirSync(config, { recursive: true });
  mkdirSync(join(data, 'applications'), { recursive: true });
  writeFileSync(join(data, 'applications', 'tournee-e2e-pdf.desktop'),
    '[Desktop Entry]\nType=Application\nName=MuPDF (e2e)\nExec=mupdf %f\nMimeType=application/pdf;\n');
  writeFileSync(join(config, 'mimeapps.list'), '[Default Applications]\napplication/pdf=tournee-e2e-pdf.desktop\n');
  const viewerDriver = await startDriver({ systemOpener: true, env: { XDG_CONFIG_HOME: config, XDG_DATA_HOME: data } });
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(viewerDriver, world.home);
  let viewer = null;
  try {
    await (await app.waitFor('[data-testid="nav-stats"]')).click();
    await app.waitFor('[data-testid="chart-visits"]');
    await (await app.find('[data-testid="btn-print"]')).click();
    const pdf = (await (await app.waitFor('[data-testid="export-path"]')).text()).trim();
    assert.ok(pdf.startsWith(join(world.home, 'exports')) && existsSync(pdf), pdf);
    await app.waitUntil(async () => (await (await app.find('[data-testid="export-notice"]')).attribute('data-opened')) === 'true',
      'the notice to say the file was opened');
    // A real mupdf process has the file, and its window is on the display.
    viewer = await app.waitUntil(async () => {
      // Debian's `mupdf` runs its X11 build, `/usr/lib/mupdf/mupdf-x11 FILE`.
      const lines = spawnSync('pgrep', ['-a', '-f', 'mupdf'], { encoding: 'utf8' }).stdout.split('\n');
      const line = lines.find((l) => l.endsWith(` ${pdf}`) && !l.includes('xdg-open'));
      return line ? Number(line.split(' ')[0]) : null;
    }, 'mupdf to open the PDF', 20000);
    await app.waitUntil(async () => execFileSync('xwininfo', ['-root', '-tree'], { encoding: 'utf8' }).includes('statistiques-'),
      'the viewer’s window');
    await shoot(app, 'field-stats-opened');
    mkdirSync(SHOTS, { recursive: true });
    execFileSync('import', ['-window', 'root', join(SHOTS, 'field-stats-viewer.png')]);
  } finally {
    if (viewer) process.kill(viewer, 'SIGTERM');
    await app.quit();
    // This driver stops before the file ends: let the window close first, so it is not left behind.
    await windowClosed(world.home);
    await viewerDriver.stop();
  }
});

/** Waits until the app window opened on `home` has exited (at most 15 s). */
async function windowClosed(home) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const running = spawnSync('pgrep', ['-f', `tournee --home ${home}$`], { encoding: 'utf8' }).stdout.trim();
    if (!running) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the window on ${home} did not close`);
}

test('the forms offer the admin’s lists, prefilled with the rep’s code and agency', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await (await app.waitFor('[data-testid="nav-prospects"]')).click();
    await (await app.waitFor('[data-testid="btn-new-prospect"]')).click();
    const category = await app.waitFor('select[data-testid="prospect-field-c_fam_client"]');
    const options = await app.execute(
      'return [...document.querySelectorAll(\'[data-testid="prospect-field-c_fam_client"] option\')].map((o) => o.value)',
    );
    assert.deepEqual(options, ['', 'AGRI', 'TRAN', 'GARA', 'TP', 'COLL', 'INDU']);
    assert.ok(category);
    assert.equal(await (await app.find('[data-testid="prospect-field-c_rep"]')).property('value'), 'JD01');
    assert.notEqual(await (await app.find('[data-testid="prospect-field-c_agence"]')).property('value'), '');
    await fill(app, 'prospect-field-nom_client', 'EARL des Listes (e2e)');
    await choose(app, 'prospect-field-c_fam_client', 'AGRI');
    await app.waitUntil(async () => (await app.execute(
      'return [...document.querySelectorAll(\'[data-testid="prospect-field-c_sfam_client"] option\')].map((o) => o.value).join()',
    )) === ',CERE,ELEV,VITI,MARA', 'the farmers’ sub-categories');
    await shoot(app, 'field-prospect-lists');
    await (await app.find('[data-testid="prospect-submit"]')).click();
    await app.waitFor('[data-testid="prospect-card"]');

    world.syncUp();
    assert.doesNotMatch(server(world.data, 'integrate', '--once'), /^failed/m);
    server(world.data, 'snapshot', '--user', world.user);
    await refresh(app);
    await (await app.waitFor('[data-testid="btn-convert"]')).click();
    await app.waitFor('[data-testid="conversion-dialog"]');
    const modes = () => app.execute(
      'return [...document.querySelectorAll(\'[data-testid="conv-field-c_mod_rgl_1"] option\')].map((o) => o.value).join()',
    );
    await app.waitUntil(async () => (await modes()).includes('CH'), 'CH offered to a farmer');
    await choose(app, 'conv-field-c_fam_client', 'TRAN');
    await app.waitUntil(async () => !(await modes()).includes('CH'), 'CH withdrawn for a carrier');
    assert.equal(await (await app.find('[data-testid="conv-field-c_rep"]')).property('value'), 'JD01');
    await shoot(app, 'field-conversion-lists');
  } finally {
    await app.quit();
  }
});
