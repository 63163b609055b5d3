// The world an end-to-end test runs in: a real server data directory (small demo data)
// driven through the real `tournee-server` binary, a folder standing in for the synced
// folders, and tauri-driver launching the real `tournee` window.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { Session } from './webdriver.mjs';

export const REPO = resolve(import.meta.dirname, '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target');
export const APP = process.env.TOURNEE_APP ?? join(TARGET, 'debug', 'tournee');
export const SERVER = process.env.TOURNEE_SERVER ?? join(TARGET, 'debug', 'tournee-server');
const DRIVER = process.env.TAURI_DRIVER ?? join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'tauri-driver');
/** Where screenshots go: a temporary folder, so a test run leaves the tracked files as they were.
 * `SCREENSHOT_DIR=docs/screenshots` refreshes the documentation's on purpose. */
export const SHOTS = resolve(process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'tournee-e2e-screenshots'));
export const REP = 'jdupont';

/** Runs the server binary with `--data DIR` appended; returns stdout. */
export function server(data, ...args) {
  return execFileSync(SERVER, [...args, '--data', data], { encoding: 'utf8' });
}

/** A fresh server data directory with the rep's snapshot, and a laptop home used by `user`.
 * With `existingData` (a benchmark on the full demo), that data directory is used as it is:
 * it must hold `user`'s snapshot already. */
export function makeWorld(user = REP, existingData = null) {
  const root = mkdtempSync(join(tmpdir(), 'tournee-e2e-'));
  const data = existingData ?? join(root, 'server');
  if (!existingData) {
    execFileSync(SERVER, ['init', '--data', data, '--demo', 'small', '--admin-password', 'E2e-admin-pass-1'], { encoding: 'utf8' });
    server(data, 'snapshot', '--user', user);
  }
  const outbox = join(root, 'outbox');
  mkdirSync(outbox);
  const world = {
    root,
    data,
    outbox,
    user,
    snapshotDir: join(data, 'snapshots', user),
    home: join(root, 'laptop-home'),
    /** What the folder sync does: the outbox's files land in the server's inbox. */
    syncUp() {
      const inbox = join(data, 'inbox', user);
      mkdirSync(inbox, { recursive: true });
      const files = readdirSync(outbox).filter((n) => n.endsWith('.json'));
      for (const name of files) renameSync(join(outbox, name), join(inbox, name));
      return files;
    },
    /** Skips the first-run screen: the settings a finished set-up leaves. */
    preconfigure() {
      mkdirSync(world.home, { recursive: true });
      writeFileSync(
        join(world.home, 'config.json'),
        JSON.stringify({ user, snapshot_dir: world.snapshotDir, outbox_dir: outbox, lang: 'fr' }),
      );
    },
  };
  return world;
}

/** A free port on `host`, asked from the OS (never one a lingering process still holds). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Resolves once `port` accepts connections; rejects if `child` exits first or time runs out. */
function waitForPort(port, child, timeout = 20000) {
  const deadline = Date.now() + timeout;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolvePort();
      });
      socket.on('error', () => {
        if (child.exitCode !== null) reject(new Error(`tauri-driver exited (${child.exitCode}) before opening port ${port}`));
        else if (Date.now() > deadline) reject(new Error(`port ${port} never opened`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** A folder holding an `xdg-open` that records what the app hands to the desktop (one path per line in
 * `opened`) and opens nothing: first in PATH, it keeps the tests whose subject is not the viewer from
 * starting real applications (a PDF reader, a browser) that would outlive them. A boundary stub: the test
 * that checks the real hand-over (trust.test.mjs) runs the system's xdg-open with a real viewer. */
function recordingOpener() {
  const dir = mkdtempSync(join(tmpdir(), 'tournee-e2e-opener-'));
  const opened = join(dir, 'opened');
  writeFileSync(join(dir, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`, { mode: 0o755 });
  return { dir, opened };
}

/** Starts tauri-driver on a free-ish port; returns { base, stop, opened }. The app it launches inherits
 * `env`; unless `systemOpener`, its `xdg-open` only records (see `recordingOpener`), and `opened()` lists
 * what it was handed. */
export async function startDriver({ env = {}, systemOpener = false } = {}) {
  // Both ports from the OS: a fixed range could meet the driver of the previous test file,
  // still closing, and the session would go to it.
  const port = await freePort();
  const nativePort = await freePort();
  const opener = systemOpener ? null : recordingOpener();
  const path = opener ? `${opener.dir}:${process.env.PATH}` : process.env.PATH;
  const child = spawn(DRIVER, ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PATH: path, ...env },
  });
  await waitForPort(port, child);
  // tauri-driver listens before the WebKitWebDriver it starts does: a session asked for in
  // between is dropped unanswered (« other side closed »), so wait for both.
  await waitForPort(nativePort, child);
  return {
    base: `http://127.0.0.1:${port}`,
    /** Stops the driver and resolves once it has exited (its ports free again). */
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      return exited;
    },
    opened: () => (opener && existsSync(opener.opened) ? readFileSync(opener.opened, 'utf8').split('\n').filter(Boolean) : []),
  };
}

/** Launches the app window on `home`. */
export function launch(driver, home) {
  return Session.start(driver.base, {
    browserName: 'wry',
    'tauri:options': { application: APP, args: ['--home', home] },
  });
}

/** Saves a screenshot of the window under docs/screenshots/, once loading is over and
 * the last keystrokes are painted. */
export async function shoot(session, name) {
  await session.waitUntil(
    async () => !(await session.execute('return document.body.innerText')).includes('Chargement'),
    'the screen to finish loading',
  );
  await new Promise((r) => setTimeout(r, 400));
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, `${name}.png`), await session.screenshot());
}
