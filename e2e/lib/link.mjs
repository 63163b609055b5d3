// The built-in HTTPS transport's world: a real data directory with `sync_listen` set,
// the real `tournee-server run` serving the back office and the transport, an
// enrollment code issued the way the admin does it (the back office's forms, over
// HTTP with the session cookie and the CSRF token), and the certificate's fingerprint
// as the laptop must show it.

import { spawn, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, REP, SERVER, server } from './fixture.mjs';

export const ADMIN_PASSWORD = 'E2e-admin-pass-1';
export const ADMIN_NEW_PASSWORD = 'E2e-admin-pass-2 nouveau';

async function until(what, check, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A server data directory (small demo) whose transport listens on a free loopback port,
 * with the rep's snapshot, and a laptop: two empty folders and an app home.
 */
export async function makeLinkWorld(user = REP) {
  const root = mkdtempSync(join(tmpdir(), 'tournee-e2e-link-'));
  const data = join(root, 'server');
  const syncPort = await freePort();
  execFileSync(
    SERVER,
    ['init', '--data', data, '--demo', 'small', '--admin-password', ADMIN_PASSWORD, '--sync-listen', `127.0.0.1:${syncPort}`],
    { encoding: 'utf8' },
  );
  server(data, 'snapshot', '--user', user);
  const snapshotDir = join(root, 'laptop-snapshot');
  const outbox = join(root, 'laptop-outbox');
  mkdirSync(snapshotDir);
  mkdirSync(outbox);
  return {
    root,
    data,
    user,
    snapshotDir,
    outbox,
    home: join(root, 'laptop-home'),
    syncUrl: `https://127.0.0.1:${syncPort}`,
    /** What a first folder sync brings: the server's snapshot of the rep in the laptop's folder. */
    firstSnapshot() {
      cpSync(join(data, 'snapshots', user), snapshotDir, { recursive: true });
    },
  };
}

/** Starts `tournee-server run` (back office on a free port; the transport from config.toml). */
export async function startLinkServer(data) {
  const port = await freePort();
  const child = spawn(SERVER, ['run', '--listen', `127.0.0.1:${port}`, '--data', data], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = `http://127.0.0.1:${port}`;
  await until('the back office to answer', async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      return (await fetch(`${base}/office/login`)).ok;
    } catch {
      return false;
    }
  });
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

/** A tiny back-office client: fetch with the session cookie, forms with the page's CSRF token. */
class Office {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  async request(path, form) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(this.base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    // The session cookie and the login form's token cookie, kept as a browser would.
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  /** The CSRF token of the form on the page at `path`. */
  async csrf(path) {
    const { html, status } = await this.request(path);
    const found = /name="csrf" value="([^"]+)"/.exec(html);
    if (!found) throw new Error(`no CSRF token on ${path} (${status})`);
    return found[1];
  }

  /** Signs in; the first time, goes through the forced password change. */
  async signIn(login, password, newPassword) {
    // The login form carries a token matching a cookie set with the page.
    const logIn = async (secret) => this.request('/office/login', {
      csrf: await this.csrf('/office/login'), login, password: secret,
    });
    let answer = await logIn(password);
    if (answer.location?.endsWith('/office/password')) {
      const csrf = await this.csrf('/office/password');
      answer = await this.request('/office/password', { csrf, old: password, new: newPassword });
      if (!answer.location?.endsWith('/office/login')) throw new Error(`password change refused: ${answer.html}`);
      answer = await logIn(newPassword);
    }
    if (!answer.location || answer.location.endsWith('/office/login') || answer.location.endsWith('/office/password')) {
      throw new Error(`sign-in refused (${answer.status}): ${answer.html}`);
    }
  }
}

/** The admin signs in and issues a one-time enrollment code for `user` on « Appareils »;
 * returns the code and the fingerprint (hex) the page shows beside it. */
export async function issueEnrollmentCode(base, user = REP) {
  const office = new Office(base);
  await office.signIn('admin', ADMIN_PASSWORD, ADMIN_NEW_PASSWORD);
  const csrf = await office.csrf('/office/admin/devices');
  const { status, html } = await office.request('/office/admin/devices/code', { csrf, user });
  const code = /data-testid="enrollment-code">([^<]+)</.exec(html)?.[1]?.trim();
  const sha256 = /data-testid="fingerprint" data-sha256="([0-9a-f]+)"/.exec(html)?.[1];
  if (!code) throw new Error(`no enrollment code in the page (${status})`);
  return { code, sha256 };
}

/** SHA-256 of the transport certificate's DER, as the app shows it: upper case, groups of 4. */
export function certificateFingerprint(data) {
  const cert = new X509Certificate(readFileSync(join(data, 'tls', 'cert.pem')));
  return groupsOfFour(cert.fingerprint256);
}

/** « AB:12:CD:… » or « ab12cd… » → « AB12 CD… ». */
export function groupsOfFour(hex) {
  return hex.replace(/[^0-9a-f]/gi, '').toUpperCase().match(/.{1,4}/g).join(' ');
}
