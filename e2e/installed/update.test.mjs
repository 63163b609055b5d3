// A signed update of the installed field app, end to end with real components, for each
// installed form (TOURNEE_UPDATE_KIND): `deb`, the `.deb` built by packaging/build-deb.sh
// with a throwaway update key and installed with dpkg (scripts/check-installers.sh), or
// `appimage`, the AppImage built by packaging/build-appimage.sh with that key
// (scripts/check-appimage.sh). The real server publishes a newer package of the same form
// signed with the key's secret half (`tournee-server update publish --key`), the installed
// app, enrolled on the built-in HTTPS transport, offers it (« Une mise à jour est
// disponible »), and « Installer » downloads it over the pinned TLS, has Tauri's updater
// check its signature and install it (`dpkg -i`; for the AppImage, the image file itself
// replaced), and starts the new version. Afterwards the installed package is the new one,
// and the change file and the draft typed before are still there.
//
// The newer package holds the same binary repackaged with a higher version (the app's
// own version, built in, does not change): what is tested is the path of an update, not
// a new build.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { openCard, recordVisit, setUp } from '../lib/app.mjs';
import { APP, SERVER, launch, startDriver, REP } from '../lib/fixture.mjs';
import { issueEnrollmentCode, makeLinkWorld, startLinkServer } from '../lib/link.mjs';

const KIND = process.env.TOURNEE_UPDATE_KIND ?? 'deb';
const UPDATE_PACKAGE = process.env.TOURNEE_UPDATE_PACKAGE;
const UPDATE_KEY = process.env.TOURNEE_UPDATE_KEY;
const UPDATE_VERSION = process.env.TOURNEE_UPDATE_VERSION;
// Update checks every 2 s instead of every 4 hours; sync rounds only at start and when a
// change wakes them (hourly otherwise), so that the change written while the server is
// down stays pending through the update (tauri-driver passes its environment on to the app).
process.env.TOURNEE_UPDATE_INTERVAL_SECS = '2';
process.env.TOURNEE_SYNC_INTERVAL_SECS = '3600';

const COMMENT = 'Visite avant la mise à jour (e2e)';
const DRAFT = 'Brouillon tapé avant la mise à jour';

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const UPDATE_DIGEST = UPDATE_PACKAGE ? sha256(UPDATE_PACKAGE) : '';

/** Whether the installed app is the published update: dpkg's version of the package, or
 * the AppImage file now holding the published image. */
const updated = () =>
  KIND === 'deb'
    ? execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'tournee'], { encoding: 'utf8' }) === UPDATE_VERSION
    : sha256(APP) === UPDATE_DIGEST;

/** Whether process `pid` is the installed app: the installed binary, or the unpacked copy
 * an AppImage runs (its runtime sets APPIMAGE to the image's path). */
function isTheApp(pid, argv) {
  if (KIND === 'deb') return argv[0] === APP;
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return argv[0].endsWith('/AppRun') && environ.includes(`APPIMAGE=${APP}`);
}

/** Process ids of the installed app started for `home` (its command line names it). */
function appsFor(home) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes(home) && isTheApp(pid, argv)) found.push(Number(pid));
    } catch {
      continue; // gone meanwhile
    }
  }
  return found;
}

async function until(what, check, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

let driver;
let world;
let running;
before(async () => {
  if (KIND === 'deb') assert.equal(APP, '/usr/bin/tournee', 'run with TOURNEE_APP=/usr/bin/tournee (the installed app)');
  else assert.match(APP, /\.AppImage$/, 'run with TOURNEE_APP=<the AppImage> (scripts/check-appimage.sh)');
  assert.ok(UPDATE_PACKAGE && UPDATE_KEY && UPDATE_VERSION, 'TOURNEE_UPDATE_PACKAGE, _KEY and _VERSION (scripts/check-installers.sh, check-appimage.sh)');
  world = await makeLinkWorld();
  running = await startLinkServer(world.data);
  driver = await startDriver();
});
after(async () => {
  for (const pid of world ? appsFor(world.home) : []) process.kill(pid);
  await driver?.stop();
  await running?.stop();
});

test('an enrolled laptop offers the published update, installs it, and keeps the pending change and the draft', async () => {
  assert.ok(!updated(), 'the update is not installed yet');
  const issued = await issueEnrollmentCode(running.base, REP);
  world.firstSnapshot();
  let app = await launch(driver, world.home);
  let outboxFile;
  try {
    await setUp(app, world.snapshotDir, world.outbox);
    // « Réglages » says updates come through the HTTPS sync, which this laptop has not joined yet.
    await (await app.find('[data-testid="open-settings"]')).click();
    const line = await app.waitFor('[data-testid="settings-updates"]');
    await app.waitUntil(async () => /pas enrôlé/.test(await line.text()), '« Réglages » to say the laptop is not enrolled', 15000);
    await (await app.find('[data-testid="dialog-close"]')).click();

    await (await app.waitFor('[data-testid="open-sync"]')).click();
    await (await app.waitFor('[data-testid="link-server-url"]')).type(world.syncUrl);
    await (await app.find('[data-testid="link-code"]')).type(issued.code);
    await (await app.find('[data-testid="link-enroll"]')).click();
    await app.waitFor('[data-testid="link-certificate"]', { timeout: 30000 });
    await (await app.find('[data-testid="dialog-close"]')).click();

    // The release manager publishes; the laptop offers it within a check.
    const published = execFileSync(SERVER, ['update', 'publish', '--data', world.data, '--file', UPDATE_PACKAGE,
      '--version', UPDATE_VERSION, '--key', UPDATE_KEY, '--notes', 'Mise à jour de test'], { encoding: 'utf8' });
    const form = KIND === 'deb' ? 'linux-x86_64-deb' : 'linux-x86_64-appimage';
    assert.match(published, new RegExp(`^published version ${UPDATE_VERSION.replaceAll('.', '\\.')} for ${form} `));
    const banner = await app.waitFor('[data-testid="update-banner"]', { timeout: 30000 });
    assert.equal(await banner.attribute('data-version'), UPDATE_VERSION);
    assert.match(await banner.text(), new RegExp(`Une mise à jour est disponible \\(version ${UPDATE_VERSION.replaceAll('.', '\\.')}\\)`));
    assert.ok(await app.find('[data-testid="update-later"]'), '« Plus tard » is offered too');

    // A change written while the server is down stays pending; a draft is typed.
    await running.stop();
    const row = await app.waitFor('[data-testid="home-row"]');
    const code = await row.attribute('data-code');
    await openCard(app, code, code);
    await recordVisit(app, COMMENT);
    const files = readdirSync(world.outbox).filter((n) => n.startsWith(`VC_${REP}_`));
    assert.equal(files.length, 1, 'one VC file in the outbox');
    outboxFile = { name: files[0], bytes: readFileSync(`${world.outbox}/${files[0]}`) };
    await (await app.find('[data-testid="btn-visit"]')).click();
    await (await app.waitFor('[data-testid="visit-comment"]')).type(DRAFT);
    await (await app.find('[data-testid="dialog-close"]')).click();

    assert.equal(await (await app.find('[data-testid="pending-count"]')).text(), '1');

    // The server is back (no round runs before the next change or hour): « Installer ».
    running = await startLinkServer(world.data);
    const oldPids = new Set(appsFor(world.home));
    await (await app.find('[data-testid="update-install"]')).click();

    // The updater installs the new package; the app starts the new version and ends.
    await until('the package to be upgraded', updated, 120000);
    // The download is over: the laptop is offline again, so the change stays pending.
    await running.stop();
    const fresh = () => appsFor(world.home).filter((pid) => !oldPids.has(pid));
    const relaunched = await until('the new version to start', () => fresh().length > 0 && fresh(), 60000);
    assert.ok(relaunched.length >= 1, 'the app started again for the same home');
    await until('the old version to end', () => [...oldPids].every((pid) => !appsFor(world.home).includes(pid)), 30000);
  } finally {
    try {
      await app.quit();
    } catch {
      // The session's app ended itself with the update.
    }
  }
  // The relaunched window is not under WebDriver: end it, and open the app as the rep would.
  for (const pid of appsFor(world.home)) process.kill(pid);
  await until('the relaunched app to end', () => appsFor(world.home).length === 0, 20000);

  app = await launch(driver, world.home);
  try {
    await app.waitFor('[data-testid="home-row"]');
    assert.deepEqual(readFileSync(`${world.outbox}/${outboxFile.name}`), outboxFile.bytes, 'the change file is still there, unchanged');
    assert.equal(await (await app.find('[data-testid="pending-count"]')).text(), '1', 'still pending');
    const row = await app.waitFor('[data-testid="home-row"]');
    const code = await row.attribute('data-code');
    await openCard(app, code, code);
    await (await app.find('[data-testid="btn-history"]')).click();
    await app.waitFor('[data-testid="history-row"]');
    const texts = await Promise.all((await app.findAll('[data-testid="history-row"]')).map((r) => r.text()));
    assert.ok(texts.some((t) => t.includes(COMMENT)), 'the visit is still in the history');
    assert.equal((await app.findAll('[data-testid="history-row"][data-pending="true"]')).length, 1, 'marked pending');
    await (await app.find('[data-testid="dialog-close"]')).click();
    await (await app.find('[data-testid="btn-visit"]')).click();
    const comment = await app.waitFor('[data-testid="visit-comment"]');
    await app.waitUntil(async () => (await comment.property('value')) === DRAFT, 'the draft to be restored', 10000);
  } finally {
    await app.quit();
  }
});
