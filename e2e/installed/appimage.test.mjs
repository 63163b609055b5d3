// The AppImage as a rep downloads it: `packaging/build-appimage.sh` built it from this run's
// binaries (scripts/check-appimage.sh does, then runs this file with TOURNEE_APP pointing at
// the .AppImage). Its contents are checked through its own `--appimage-extract`, then the
// file itself is started under Xvfb through tauri-driver (no FUSE: the runtime unpacks into
// the user's cache) and driven to its home screen with the small demo, twice: the second
// start reuses the unpacked copy. Not part of `e2e/*.test.mjs`: it needs the image built first.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { seeDemoHome } from '../lib/app.mjs';
import { APP, launch, makeWorld, shoot, startDriver } from '../lib/fixture.mjs';

// The runtime's cache goes to a fresh XDG_CACHE_HOME, so each run starts from no unpacked copy.
const cacheHome = mkdtempSync(join(tmpdir(), 'tournee-appimage-cache-'));
const cacheRoot = join(cacheHome, 'tournee', 'appimage');
// The unpacked copies weigh what the app does (70 MB in debug): removed after the run.
const scratch = [cacheHome];
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

let driver;
before(async () => {
  assert.match(APP, /\.AppImage$/, 'run with TOURNEE_APP=<the .AppImage> (scripts/check-appimage.sh)');
  driver = await startDriver({ env: { XDG_CACHE_HOME: cacheHome } });
});
after(async () => {
  await driver?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

test('the AppImage is a type-2 image holding the app, its menu entry, its icon and AppRun', () => {
  const head = readFileSync(APP).subarray(0, 16);
  assert.deepEqual([...head.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'an ELF executable');
  assert.deepEqual([...head.subarray(8, 11)], [0x41, 0x49, 0x02], 'the AppImage type-2 magic AI\\x02 at offset 8');
  assert.ok(statSync(APP).mode & 0o100, 'executable');

  const dir = mkdtempSync(join(tmpdir(), 'tournee-appimage-extract-'));
  scratch.push(dir);
  const printed = execFileSync(APP, ['--appimage-extract'], { cwd: dir, encoding: 'utf8' }).trim();
  const root = join(dir, 'squashfs-root');
  assert.equal(printed, root);
  assert.equal(readlinkSync(join(root, 'AppRun')), 'usr/bin/tournee');
  assert.ok(statSync(join(root, 'usr/bin/tournee')).mode & 0o100, 'the app is executable');
  const desktop = readFileSync(join(root, 'tournee.desktop'), 'utf8');
  assert.match(desktop, /^Exec=tournee$/m);
  assert.match(desktop, /^Icon=tournee$/m);
  assert.ok(existsSync(join(root, 'tournee.png')), 'the icon at the root');
  assert.equal(readlinkSync(join(root, '.DirIcon')), 'tournee.png');
  assert.ok(existsSync(join(root, 'usr/share/icons/hicolor/128x128/apps/tournee.png')));
  // The updater reads the bundle type from the binary: an AppImage is replaced in place.
  const binary = readFileSync(join(root, 'usr/bin/tournee'));
  assert.ok(binary.includes('__TAURI_BUNDLE_TYPE_VAR_APP'), 'bundle type AppImage');
  assert.ok(!binary.includes('__TAURI_BUNDLE_TYPE_VAR_UNK'));
  assert.match(execFileSync(APP, ['--appimage-version'], { encoding: 'utf8' }), /^tournee-appimage-runtime \d/);
});

test('the AppImage starts without FUSE, reaches its home screen, and a second start reuses its unpacked copy', async () => {
  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await seeDemoHome(app);
    await shoot(app, 'installed-appimage-home');
  } finally {
    await app.quit();
  }
  const digest = sha256(APP);
  assert.deepEqual(readdirSync(cacheRoot), [digest], 'one unpacked copy, named by the image’s SHA-256');
  const appdir = join(cacheRoot, digest);
  assert.equal(statSync(cacheRoot).mode & 0o777, 0o700, 'the cache is the user’s own');

  // Something only the previous start's copy holds: it must still be there after the next.
  writeFileSync(join(appdir, 'left-by-the-first-start'), '');
  const again = await launch(driver, world.home);
  try {
    await again.waitFor('[data-testid="home-row"]');
  } finally {
    await again.quit();
  }
  assert.ok(existsSync(join(appdir, 'left-by-the-first-start')), 'the second start did not unpack again');
  assert.deepEqual(readdirSync(cacheRoot), [digest]);
});
