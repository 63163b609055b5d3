// The laptop's first start over HTTPS in the real app window (tauri-driver, WebKitWebDriver,
// Xvfb) against the real `tournee-server run` with its transport on: a fresh home, no folder
// typed. An address nobody answers is refused under the address field, a code the server
// never issued under the code field; then the admin's code, pasted in lower case with
// spaces, enrolls the laptop, the first snapshot comes down with its progress bar (bytes
// received of the total), and the home screen opens with the rep's rows.
//
// The folder way's « Choisir… » opens the system's native folder dialog, which WebDriver
// cannot drive: the folder way is tested by typing the paths (field.test.mjs).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { freePort, launch, shoot, startDriver, REP, SHOTS } from './lib/fixture.mjs';
import { issueEnrollmentCode, makeLinkWorld, startLinkServer } from './lib/link.mjs';

/** A well-formed code the server never issued. */
const WRONG_CODE = 'K7QM-3XPD-9RTA-WZ4C';

describe('first run over HTTPS', () => {
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
    app = await launch(driver, world.home);
  });

  after(async () => {
    await app?.quit();
    await driver?.stop();
    await running?.stop();
  });

  async function fillIn(url, code) {
    const urlInput = await app.waitFor('[data-testid="first-run-server-url"]');
    await urlInput.clear();
    await urlInput.type(url);
    const codeInput = await app.find('[data-testid="first-run-code"]');
    await codeInput.clear();
    await codeInput.type(code);
    await (await app.find('[data-testid="first-run-start"]')).click();
  }

  test('the HTTPS way comes first; an unreachable address and a wrong code are refused under their fields', async () => {
    const way = await app.waitFor('[data-testid="setup-way-link"]');
    assert.equal(await way.property('checked'), true, 'the HTTPS way is chosen by default');
    assert.equal((await app.findAll('[data-testid="setup-snapshot-dir"]')).length, 0, 'no folder to type');

    await fillIn(`https://127.0.0.1:${await freePort()}`, WRONG_CODE);
    const unreachable = await app.waitFor('[data-testid="error-server_url"]', { timeout: 30000 });
    assert.match((await unreachable.text()).trim(), /Serveur injoignable/);
    assert.equal((await app.findAll('[data-testid="error-code"]')).length, 0, 'the code is not blamed');

    await fillIn(world.syncUrl, WRONG_CODE);
    const refused = await app.waitFor('[data-testid="error-code"]', { timeout: 30000 });
    const message = (await refused.text()).trim();
    assert.match(message, /code d.enrôlement (inconnu|expiré|déjà utilisé)/, `in French: ${message}`);
    assert.equal((await app.findAll('[data-testid="error-server_url"]')).length, 0, 'the address is not blamed');
    assert.equal(await (await app.find('[data-testid="first-run-code"]')).property('value'), WRONG_CODE, 'what was typed is kept');
    assert.equal(await (await app.find('[data-testid="first-run-code"]')).attribute('aria-invalid'), 'true');
    assert.ok(!existsSync(join(world.home, 'config.json')), 'nothing configured');
    await shoot(app, 'field-first-run-refused');
  });

  test('the admin code pasted as it comes: progress bar, then the home screen with the rep’s rows', async () => {
    // Every state the progress bar goes through, recorded in the page as it happens (the
    // download of the small demo is too quick for WebDriver's polling to see each one).
    await app.execute(`
      window.__progress = [];
      const record = () => {
        const bar = document.querySelector('[data-testid="first-run-progress"]');
        const text = document.querySelector('[data-testid="first-run-progress-text"]');
        if (bar) window.__progress.push({ value: bar.getAttribute('value'), max: bar.getAttribute('max'), text: text ? text.textContent : '' });
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    `);
    const pasted = issued.code.toLowerCase().replaceAll('-', ' ');
    await fillIn(world.syncUrl, pasted);

    // The finished bar stays a moment before the home screen: seen, and photographed.
    await app.waitUntil(async () => {
      const text = await app.findAll('[data-testid="first-run-progress-text"]');
      return text.length > 0 && /Données téléchargées/.test(await text[0].text());
    }, 'the download to finish', 60000);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'field-first-run-progress.png'), await app.screenshot());
    const bar = await app.find('[data-testid="first-run-progress"]');
    const [value, max] = [Number(await bar.attribute('value')), Number(await bar.attribute('max'))];
    assert.ok(max > 0 && value === max, `the bar is full: ${value} of ${max}`);

    await app.waitFor('[data-testid="home-row"]', { timeout: 30000 });
    const states = await app.execute('return window.__progress');
    assert.ok(states.length > 0, 'the progress bar was shown');
    assert.ok(states.some((s) => /Inscription|Téléchargement|Données téléchargées/.test(s.text)), JSON.stringify(states));
    assert.ok(existsSync(join(world.home, 'config.json')), 'the settings are saved');
    assert.ok(existsSync(join(world.home, 'sync', 'snapshots', 'manifest.json')), 'the app’s own snapshot folder');
    await shoot(app, 'field-first-run-home');

    // « Réglages » shows the rep, the server and the app's own folders.
    await (await app.waitFor('[data-testid="open-settings"]')).click();
    await app.waitFor('[data-testid="settings-dialog"]');
    assert.match(await (await app.find('[data-testid="settings-user"]')).text(), new RegExp(`\\(${REP}\\)`));
    await app.waitUntil(
      async () => (await (await app.find('[data-testid="settings-server"]')).text()).trim() === world.syncUrl,
      'the server to show',
    );
    assert.equal(
      await (await app.find('[data-testid="settings-snapshot-dir"]')).property('value'),
      join(world.home, 'sync', 'snapshots'),
    );
    await shoot(app, 'field-settings');
  });
});
