// The back office's world: a real data directory (small demo data), the real
// `tournee-server run` (automaton + back office) on a free loopback port, and Debian's
// Chromium driven headless through playwright-core. Nothing is mocked.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { freePort, SERVER, SHOTS } from './fixture.mjs';

export const ADMIN_PASSWORD = 'E2e-admin-pass-1';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs the server binary with `--data DIR` appended; returns stdout. */
export function server(data, ...args) {
  return execFileSync(SERVER, [...args, '--data', data], { encoding: 'utf8' });
}

/** Runs SQL on a SQLite file through Python's sqlite3 (Node 20 has no SQLite); rows as arrays. */
export function sql(file, query, ...params) {
  const script = 'import json,sqlite3,sys\n'
    + 'c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True)\n'
    + 'print(json.dumps(c.execute(sys.argv[2],sys.argv[3:]).fetchall()))';
  return JSON.parse(execFileSync('python3', ['-c', script, file, query, ...params.map(String)], { encoding: 'utf8' }));
}

/** The database file a rep's latest snapshot manifest points at. */
export function snapshotFile(data, user) {
  const folder = join(data, 'snapshots', user);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  return { file: join(folder, manifest.database), generation: manifest.generation };
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeout` ms. */
export async function eventually(what, check, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A fresh data directory with the small demo and a known first admin password. */
export function makeOfficeData() {
  const root = mkdtempSync(join(tmpdir(), 'tournee-office-'));
  const data = join(root, 'server');
  execFileSync(SERVER, ['init', '--data', data, '--demo', 'small', '--admin-password', ADMIN_PASSWORD], { encoding: 'utf8' });
  return { root, data, db: join(data, 'tournee.sqlite') };
}

/** Starts `tournee-server run` on `data`; resolves once the back office answers. */
export async function startServer(data) {
  const port = await freePort();
  const child = spawn(SERVER, ['run', '--listen', `127.0.0.1:${port}`, '--data', data], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = `http://127.0.0.1:${port}`;
  await eventually('the back office to answer', async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      return (await fetch(`${base}/office/login`)).ok;
    } catch {
      return false;
    }
  }, 30000);
  return {
    base,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Headless Chromium. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A new browser context and page at a desktop size. */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  return context.newPage();
}

/** Full-page PNG under the screenshot folder. */
export async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `office-${name}.png`), fullPage: true });
}

/** Signs in; with `newPassword`, goes through the forced first-login change too. */
export async function signIn(page, base, login, password, newPassword) {
  await page.goto(`${base}/office/login`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("Se connecter")');
  if (newPassword) {
    await page.waitForURL('**/office/password');
    await page.fill('input[name=old]', password);
    await page.fill('input[name=new]', newPassword);
    await page.click('button:has-text("Enregistrer")');
    await page.waitForURL('**/office/login');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', newPassword);
    await page.click('button:has-text("Se connecter")');
  }
  await page.waitForURL(`${base}/office`);
}

/**
 * The `.eml` files the automaton wrote (no SMTP configured), parsed enough to read. Files
 * still being written (`.tmp-*`, renamed when whole) are not mail yet: reading one raced
 * with its rename.
 */
export function mails(data) {
  const folder = join(data, 'mail');
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((n) => n.endsWith('.eml') && !n.startsWith('.')).map((name) => {
    const text = readFileSync(join(folder, name), 'utf8');
    return { name, text, decoded: decodeMail(text) };
  });
}

/** Unfolds headers and decodes quoted-printable or base64 bodies and RFC 2047 words. */
function decodeMail(text) {
  const [head, ...rest] = text.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const words = headers.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, value) => (
    kind.toLowerCase() === 'b'
      ? Buffer.from(value, 'base64').toString('utf8')
      : Buffer.from(value.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
  ));
  let body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(headers)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return `${words}\n\n${body}`;
}
