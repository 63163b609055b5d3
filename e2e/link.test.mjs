// The built-in HTTPS sync in the real app window (tauri-driver, WebKitWebDriver, Xvfb)
// against the real `tournee-server run` with its transport on: a laptop set up from a
// first snapshot, a wrong enrollment code refused under its field with what was typed
// kept, the admin's code enrolling the laptop with the server's certificate fingerprint
// shown, then a visit that leaves by itself (« tout est envoyé », « En ligne »), is
// integrated by the server, and comes back in a new snapshot that clears the pending mark;
// with the server stopped, « Hors ligne » and a change waiting until it is back.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { openCard, recordVisit, setUp } from './lib/app.mjs';
import { launch, shoot, startDriver, REP } from './lib/fixture.mjs';
import { certificateFingerprint, groupsOfFour, issueEnrollmentCode, makeLinkWorld, startLinkServer } from './lib/link.mjs';

// The app's background round every second instead of every 30 (tauri-driver passes its
// environment on to the app it launches).
process.env.TOURNEE_SYNC_INTERVAL_SECS = '1';

/** A well-formed code the server never issued. */
const WRONG_CODE = 'K7QM-3XPD-9RTA-WZ4C';
const COMMENT = 'Pneus été commandés (e2e HTTPS)';

describe('built-in HTTPS sync', () => {
  let driver;
  let world;
  let running;
  let app;
  let issued;

  before(async () => {
    world = await makeLinkWorld();
    running = await startLinkServer(world.data);
    issued = await issueEnrollmentCode(running.base, REP);
    driver = await startDriver();
    // What a first folder sync would have brought: the set-up screen needs a snapshot.
    world.firstSnapshot();
    app = await launch(driver, world.home);
    await setUp(app, world.snapshotDir, world.outbox);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
    await running?.stop();
  });

  /** The text of `testid`, trimmed ('' when absent). */
  async function text(testid) {
    const found = await app.findAll(`[data-testid="${testid}"]`);
    return found.length ? (await found[0].text()).trim() : '';
  }

  /** Waits for the confirmation toast to go, so it hides nothing in a screenshot. */
  async function noToast() {
    await app.waitUntil(async () => (await app.findAll('[data-testid="toast"]')).length === 0, 'the toast to go', 10000);
  }

  test('folder mode: nothing new in the status strip; a wrong code is refused under its field', async () => {
    assert.equal((await app.findAll('[data-testid="link-status"]')).length, 0, 'no sync state before enrolling');
    await (await app.waitFor('[data-testid="open-sync"]')).click();
    await app.waitFor('[data-testid="sync-dialog"]');
    const url = await app.waitFor('[data-testid="link-server-url"]');
    assert.equal(await url.attribute('placeholder'), 'https://serveur:8443');
    assert.equal(await (await app.find('[data-testid="link-code"]')).attribute('placeholder'), 'XXXX-XXXX-XXXX-XXXX');
    await url.type(world.syncUrl);
    await (await app.find('[data-testid="link-code"]')).type(WRONG_CODE);
    await (await app.find('[data-testid="link-enroll"]')).click();

    const error = await app.waitFor('[data-testid="error-code"]', { timeout: 30000 });
    const message = (await error.text()).trim();
    assert.ok(message.length > 0, 'an error under the code field');
    assert.match(message, /code d.enrôlement (inconnu|expiré|déjà utilisé)/, `in French: ${message}`);
    assert.equal((await app.findAll('[data-testid="error-server_url"]')).length, 0, 'the address is not blamed');
    assert.equal(await (await app.find('[data-testid="link-server-url"]')).property('value'), world.syncUrl);
    assert.equal(await (await app.find('[data-testid="link-code"]')).property('value'), WRONG_CODE);
    assert.equal(await (await app.find('[data-testid="link-code"]')).attribute('aria-invalid'), 'true');
    await shoot(app, 'field-link-enroll');
  });

  test("the admin's code enrolls the laptop; the fingerprint is the server certificate's", async () => {
    const code = await app.find('[data-testid="link-code"]');
    await code.clear();
    await code.type(issued.code);
    await (await app.find('[data-testid="link-enroll"]')).click();

    const certificate = await app.waitFor('[data-testid="link-certificate"]', { timeout: 30000 });
    const shown = (await certificate.text()).replace(/\s+/g, ' ').trim();
    const expected = certificateFingerprint(world.data);
    assert.match(shown, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/, `upper case, groups of 4: ${shown}`);
    assert.equal(shown, expected, 'the SHA-256 of tls/cert.pem');
    assert.equal(shown, groupsOfFour(issued.sha256), 'what the back office shows beside the code');
    assert.equal(await text('link-server'), world.syncUrl);
    assert.equal(await text('link-user'), REP);
    assert.match(await text('link-details'), /Comparez avec l’empreinte affichée par l’administrateur/);

    // The first round starts at once: the panel says so once « Synchroniser maintenant » re-reads.
    await (await app.find('[data-testid="link-sync-now"]')).click();
    await app.waitUntil(async () => (await text('link-detail-online')) === 'En ligne', 'the panel to say « En ligne »', 30000);
    assert.notEqual(await text('link-detail-last-sync'), 'jamais');
    await noToast();
    await shoot(app, 'field-link-enrolled');
    await (await app.find('[data-testid="dialog-close"]')).click();
  });

  test('a visit leaves by itself, is integrated, and the new snapshot clears the pending mark', async () => {
    const strip = await app.waitFor('[data-testid="link-status"]');
    assert.ok(strip, 'the sync state shows in the status strip once enrolled');

    const row = await app.waitFor('[data-testid="home-row"]');
    const clientCode = await row.attribute('data-code');
    await openCard(app, clientCode, clientCode);
    await recordVisit(app, COMMENT);
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`VC_${REP}_`));
    assert.equal(files.length, 1, 'one VC file written in the outbox');
    assert.equal(await text('pending-count'), '1');

    await app.waitUntil(
      async () => (await text('link-waiting')) === 'tout est envoyé' && (await text('link-online')) === 'En ligne',
      '« tout est envoyé » and « En ligne »',
      60000,
    );
    assert.match(await text('link-last-sync'), /^Dernière synchro : \d{2}:\d{2}$/);
    assert.equal((await app.findAll('[data-testid="link-refused"]')).length, 0, 'nothing refused');

    // The server integrated it and published a new snapshot, which the transport brought.
    const refresh = await app.waitFor('[data-testid="freshness-refresh"]', { timeout: 60000 });
    await noToast();
    await shoot(app, 'field-link-status');
    await refresh.click();
    await app.waitUntil(async () => (await text('pending-count')) === '0', 'the pending count to drop to 0', 30000);
    await (await app.find('[data-testid="btn-history"]')).click();
    await app.waitFor('[data-testid="history-row"]');
    assert.equal((await app.findAll('[data-testid="history-row"][data-pending="true"]')).length, 0, 'no pending mark left');
    const rows = await app.findAll('[data-testid="history-row"]');
    const texts = await Promise.all(rows.map((r) => r.text()));
    assert.ok(texts.some((t) => t.includes(COMMENT)), 'the visit is in the history, from the server');
    await (await app.find('[data-testid="dialog-close"]')).click();
  });

  test('offline, a change waits on the laptop and leaves by itself when the server is back', async () => {
    await running.stop();
    await app.waitUntil(async () => (await text('link-online')) === 'Hors ligne', '« Hors ligne »', 30000);
    const why = await (await app.find('[data-testid="link-open"]')).attribute('title');
    assert.match(why, /injoignable/, `the last error as a tooltip: ${why}`);

    await (await app.find('[data-testid="btn-revisit"]')).click();
    await (await app.waitFor('[data-testid="revisit-preset-1m"]')).click();
    await (await app.find('[data-testid="revisit-submit"]')).click();
    await app.waitUntil(
      async () => (await text('link-waiting')) === '1 fichier en attente',
      '« 1 fichier en attente »',
      30000,
    );
    assert.equal(await text('link-online'), 'Hors ligne');
    await noToast();
    await shoot(app, 'field-link-offline');

    running = await startLinkServer(world.data);
    await app.waitUntil(
      async () => (await text('link-online')) === 'En ligne' && (await text('link-waiting')) === 'tout est envoyé',
      'back « En ligne », « tout est envoyé »',
      60000,
    );
  });
});
