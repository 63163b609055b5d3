// The « Prospects », « Stats » and « Historique » tabs in the real app window (tauri-driver,
// WebKitWebDriver, Xvfb), against a real server data directory driven by the real
// `tournee-server` binary: a prospect created with the duplicate warning, converted with
// LD (IBAN errors shown, signature required) and accepted by the server, deleted by its
// creator; the stats printed to a PDF rendered to PNG; an admin switching rep in stats
// and calendar.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { choose, fill } from './lib/app.mjs';
import { launch, makeWorld, server, shoot, startDriver, SHOTS } from './lib/fixture.mjs';
import { sql, snapshotFile } from './lib/office.mjs';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => { await driver?.stop(); });

/** Draws a stroke in the signature pad with pointer events, as a pen would. */
async function sign(app) {
  await app.execute(`
    const pad = document.querySelector('[data-testid="signature-pad"]');
    const box = pad.getBoundingClientRect();
    const at = (type, x, y) => pad.dispatchEvent(new PointerEvent(type, {
      bubbles: true, pointerId: 7, pointerType: 'pen', isPrimary: true, buttons: type === 'pointerup' ? 0 : 1,
      clientX: box.left + x, clientY: box.top + y,
    }));
    at('pointerdown', 20, 40);
    for (let i = 1; i <= 30; i += 1) at('pointermove', 20 + i * 8, 40 + Math.sin(i / 3) * 20);
    at('pointerup', 260, 40);`);
}

function outboxFiles(world, prefix) {
  return readdirSync(world.outbox).filter((n) => n.startsWith(prefix));
}

test('a prospect: duplicate warning, LD conversion the server accepts, deletion by its creator', async () => {
  const world = makeWorld();
  world.preconfigure();
  const { file } = snapshotFile(world.data, world.user);
  const [[clientCode, clientPhone]] = sql(file, "SELECT c_client, tel_1 FROM client WHERE tel_1 LIKE '04%' LIMIT 1");
  const app = await launch(driver, world.home);
  try {
    await (await app.waitFor('[data-testid="nav-prospects"]')).click();
    await (await app.waitFor('[data-testid="btn-new-prospect"]')).click();
    await fill(app, 'prospect-field-nom_client', 'Transports Girard');
    // The client's number typed with dots: normalised, it matches.
    await fill(app, 'prospect-field-tel_1', clientPhone.replace(/\D/g, '').replace(/(\d\d)(?=\d)/g, '$1.'));
    await (await app.find('[data-testid="prospect-field-nom_client"]')).click();
    const warning = await app.waitFor('[data-testid="duplicate-warning"]');
    assert.match(await warning.text(), /déjà connu/);
    const open = await app.find(`[data-testid="duplicate-open"][data-code="${clientCode}"]`);
    assert.ok(open, `the client ${clientCode} is offered`);
    await shoot(app, 'field-prospect-duplicate');
    // « Créer quand même »: two companies may share a switchboard number.
    await (await app.find('[data-testid="duplicate-ignore"]')).click();
    const card = await app.waitFor('[data-testid="prospect-card"]');
    const prospectId = await card.attribute('data-id');
    assert.equal(outboxFiles(world, 'CP_').length, 1, 'one CP file');
    await shoot(app, 'field-prospect-card');

    // The server integrates the CP; the rep converts the prospect.
    world.syncUp();
    assert.doesNotMatch(server(world.data, 'integrate', '--once'), /^failed/m);
    server(world.data, 'snapshot', '--user', world.user);
    await (await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 45000 })).click();
    await (await app.waitFor('[data-testid="btn-convert"]')).click();
    await app.waitFor('[data-testid="conversion-dialog"]');
    // Category, sub-category, country, periodicity and grid are lists of the admin's parameters.
    for (const [field, value] of [
      ['c_fam_client', 'TRAN'], ['c_sfam_client', 'PL'], ['c_pays', 'FR'], ['c_per', 'M'], ['c_catc', 'TRANS'],
    ]) {
      await choose(app, `conv-field-${field}`, value);
    }
    for (const [field, value] of [
      ['adr1_fac', '3 route de Lyon'], ['dep_fac', '69'], ['bur_dis_fac', '003'], ['ville_fac', 'Lyon'],
      ['c_agence', 'LYON'], ['c_rep', 'JD01'], ['contact_divers_2', '73282932000074'], ['nb_jour_1', '30'],
      ['type_edition_fac', 'P'],
    ]) {
      await fill(app, `conv-field-${field}`, value);
    }
    await choose(app, 'conv-field-c_mod_rgl_1', 'LD');
    await fill(app, 'conv-field-iban', 'FR76 3000 6000 0112 3456 7890 188');
    await fill(app, 'conv-field-bic', 'BNPAFRPP');
    await app.waitFor('[data-error-for="iban"]');
    await app.waitFor('[data-error-for="signature"]');
    const submit = await app.find('[data-testid="convert-submit"]');
    assert.equal(await submit.property('disabled'), true, 'refused while the IBAN is wrong');
    await shoot(app, 'field-conversion-errors');
    await fill(app, 'conv-field-iban', 'FR76 3000 6000 0112 3456 7890 189');
    await sign(app);
    await app.waitUntil(async () => (await app.find('[data-testid="convert-submit"]').then((b) => b.property('disabled'))) === false,
      'the form to become valid');
    await app.execute(`document.querySelector('[data-testid="signature-pad"]').scrollIntoView({ block: 'center' })`);
    await shoot(app, 'field-conversion-signed');
    await (await app.find('[data-testid="convert-submit"]')).click();
    await app.waitUntil(async () => {
      const status = await app.find('[data-testid="prospect-status"]');
      return (await status.attribute('data-status')) === 'awaiting_validation';
    }, 'the prospect to wait for the accountant');
    const cc = outboxFiles(world, 'CC_');
    assert.equal(cc.length, 1, 'one CC file');
    world.syncUp();
    const summary = server(world.data, 'integrate', '--once');
    assert.match(summary, /^integrated\t.*CC_/m, summary);
    assert.doesNotMatch(summary, /^failed/m, summary);
    const [[signed]] = sql(join(world.data, 'tournee.sqlite'),
      'SELECT count(*) FROM client_creation_request WHERE prospect_id = ? AND signature_png IS NOT NULL', prospectId);
    assert.equal(signed, 1, 'the signature travelled as an image');
    await shoot(app, 'field-prospect-awaiting');

    // A second prospect, deleted by its creator.
    await (await app.find('[data-testid="btn-new-prospect"]')).click();
    await fill(app, 'prospect-field-nom_client', 'EARL Bonnet');
    await (await app.find('[data-testid="prospect-submit"]')).click();
    await app.waitFor('[data-testid="prospect-card"]');
    await (await app.waitFor('[data-testid="btn-delete-prospect"]')).click();
    await (await app.waitFor('[data-testid="confirm-delete"]')).click();
    await app.waitUntil(async () => outboxFiles(world, 'MP_').length === 1, 'the MP delete file');
  } finally {
    await app.quit();
  }
});

test('stats print on one A4 page; an admin switches rep in stats and calendar', async () => {
  const world = makeWorld('nbertrand');
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await (await app.waitFor('[data-testid="nav-stats"]')).click();
    await app.waitFor('[data-testid="chart-visits"]');
    await choose(app, 'stats-rep', 'JD01');
    await app.waitUntil(async () => /Jean Dupont/.test(await (await app.find('[data-testid="stats-screen"]')).text()),
      'the stats of Jean Dupont');
    await shoot(app, 'field-stats');
    await (await app.find('[data-testid="btn-print"]')).click();
    const notice = await app.waitFor('[data-testid="export-path"]');
    const pdf = (await notice.text()).match(/(\/\S+\.pdf)/)[1];
    assert.ok(existsSync(pdf), pdf);
    // Handed to the desktop's opener (here the recording one; trust.test.mjs opens a real viewer).
    await app.waitUntil(async () => driver.opened().includes(pdf), 'the PDF to be handed to the desktop');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Pages:\s+1\n/);
    assert.match(info, /\(A4\)/);
    assert.match(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), /Statistiques — Jean Dupont/);
    mkdirSync(SHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(SHOTS, 'field-stats-pdf')]);

    await (await app.find('[data-testid="nav-calendar"]')).click();
    await app.waitFor('[data-testid="calendar-screen"]');
    await (await app.find('[data-testid="cal-view-month"]')).click();
    await choose(app, 'cal-rep', 'JD01');
    const event = await app.waitFor('[data-testid="cal-event"]');
    await shoot(app, 'field-calendar-month');
    await event.click();
    await app.waitFor('[data-testid="cal-event-detail"]');
    await shoot(app, 'field-calendar-detail');
    await (await app.find('[data-testid="dialog-close"]')).click();
    await (await app.find('[data-testid="cal-view-week"]')).click();
    await shoot(app, 'field-calendar-week');
    await (await app.find('[data-testid="btn-export-ics"]')).click();
    const ics = ((await (await app.waitFor('[data-testid="export-path"]')).text()).match(/(\/\S+\.ics)/) ?? [])[1];
    assert.ok(ics && existsSync(ics), `ics file ${ics}`);
    await app.waitUntil(async () => driver.opened().includes(ics), 'the calendar file to be handed to the desktop');
    const count = execFileSync('python3', ['-c',
      "import sys,icalendar; print(len(icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()).walk('VEVENT')))", ics],
    { encoding: 'utf8' }).trim();
    assert.ok(Number(count) > 0, `events in ${ics}: ${count}`);
    copyFileSync(ics, join(world.root, 'export.ics'));
  } finally {
    await app.quit();
  }
});
