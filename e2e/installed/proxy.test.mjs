// The back office under its public address, behind nginx with TLS, configured with the
// example the deployment guide gives (packaging/nginx/tournee.conf, only its names, ports
// and certificate paths replaced), in front of the installed server running as its own
// user. Signed in through the proxy in Chromium: the forced password change, the public
// address set in the parameters (the home page's warning goes), and after the restart the
// session cookie is `__Host-` and `Secure`. Run by scripts/check-installers.sh after the
// .deb packages are installed (nginx and openssl from Debian).

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { REPO, SERVER, freePort } from '../lib/fixture.mjs';
import { eventually } from '../lib/office.mjs';

const HOST = 'crm.exemple.test';
const stops = [];
after(async () => {
  // Each one stopped even if another fails: nginx and the server must not outlive the run.
  for (const stop of stops.reverse()) {
    try { await stop(); } catch (error) { console.error('cleanup:', error); }
  }
});

function asService(...args) {
  return execFileSync('runuser', ['-u', 'tournee', '--', ...args], { encoding: 'utf8' });
}

/** `tournee-server run` as the service's user; resolves once the back office answers. */
async function startService(data, officePort) {
  const child = spawn('runuser', ['-u', 'tournee', '--', SERVER, 'run', '--data', data], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  await eventually('the back office to answer', async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try { return (await fetch(`http://127.0.0.1:${officePort}/office/login`)).ok; } catch { return false; }
  }, 30000);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // runuser forwards SIGTERM to the server, which finishes its batch and stops.
    child.kill('SIGTERM');
    await exited;
  };
  stops.push(stop);
  return stop;
}

test('the back office behind the guide’s nginx configuration, under its public https address', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tournee-proxy-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const password = 'Proxy-admin-pass-1';
  execFileSync('install', ['-d', '-o', 'tournee', '-g', 'tournee', '-m', '0750', data]);
  asService(SERVER, 'init', '--data', data, '--admin-password', password);
  const [officePort, httpsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  // The guide's config.toml lines: the office's address, the proxy trusted for X-Forwarded-For.
  const config = join(data, 'config.toml');
  const text = readFileSync(config, 'utf8')
    .replace(/^office_listen = .*$/m, `office_listen = "127.0.0.1:${officePort}"\noffice_trusted_proxies = ["127.0.0.1"]`);
  writeFileSync(config, text);

  // The example configuration, with this test's names, ports and a self-signed certificate.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${HOST}`,
    '-addext', `subjectAltName=DNS:${HOST}`, '-keyout', join(root, 'key.pem'), '-out', join(root, 'cert.pem')],
  { stdio: 'ignore' });
  const site = readFileSync(join(REPO, 'packaging', 'nginx', 'tournee.conf'), 'utf8')
    .replaceAll('crm.votre-societe.fr', HOST)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${join(root, 'cert.pem')};`)
    .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${join(root, 'key.pem')};`)
    .replace('proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${officePort};`)
    .replace('return 301 https://$host$request_uri;', `return 301 https://$host:${httpsPort}$request_uri;`);
  assert.match(site, new RegExp(`proxy_pass http://127.0.0.1:${officePort};`), 'the example still proxies to the office');
  writeFileSync(join(root, 'nginx.conf'), `pid ${root}/nginx.pid;\nerror_log ${root}/nginx-error.log;\n`
    + `events {}\nhttp {\n  access_log off;\n  client_body_temp_path ${root}/body;\n  proxy_temp_path ${root}/proxy;\n`
    + `  include /etc/nginx/mime.types;\n${site}\n}\n`);
  execFileSync('nginx', ['-t', '-c', join(root, 'nginx.conf')], { stdio: 'pipe' });
  execFileSync('nginx', ['-c', join(root, 'nginx.conf')]);
  stops.push(async () => {
    execFileSync('nginx', ['-s', 'quit', '-c', join(root, 'nginx.conf')], { stdio: 'ignore' });
  });

  let stopService = await startService(data, officePort);
  const base = `https://${HOST}:${httpsPort}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`, '--disable-background-networking'],
  });
  stops.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', ignoreHTTPSErrors: true });
  const page = await context.newPage();

  // Plain http is sent to https by the example's first server block.
  const redirect = await new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: httpPort, path: '/office/login', headers: { Host: HOST } }, (res) => {
      res.resume();
      resolve(res);
    }).on('error', reject);
  });
  assert.equal(redirect.statusCode, 301);
  assert.equal(redirect.headers.location, `${base}/office/login`);

  await page.goto(`${base}/office/login`);
  await page.fill('input[name=login]', 'admin');
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("Se connecter")');
  await page.waitForURL('**/office/password');
  const newPassword = 'Lanterne-ardoise-Vercors-27';
  await page.fill('input[name=old]', password);
  await page.fill('input[name=new]', newPassword);
  await page.click('button:has-text("Enregistrer")');
  await page.waitForURL('**/office/login');
  const signIn = async () => {
    await page.goto(`${base}/office/login`);
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', newPassword);
    await page.click('button:has-text("Se connecter")');
    await page.waitForURL(`${base}/office`);
  };
  await signIn();
  assert.equal(await page.locator('[data-warning=back_office_url]').count(), 1, 'the unset public address is flagged');

  await page.goto(`${base}/office/admin/parameters`);
  await page.fill('input[name=back_office_url]', base);
  await page.click('button:has-text("Enregistrer")');
  await page.waitForLoadState();
  await page.goto(`${base}/office`);
  assert.equal(await page.locator('[data-warning=back_office_url]').count(), 0, 'the public address is set');

  // The cookies become Secure at the next start, as the guide says.
  await stopService();
  stopService = await startService(data, officePort);
  await context.clearCookies();
  await signIn();
  const session = (await context.cookies()).find((c) => c.name.endsWith('tournee_session'));
  assert.equal(session?.name, '__Host-tournee_session');
  assert.equal(session.secure, true);
  // A direct http request to the office no longer gets a usable session cookie.
  const direct = await fetch(`http://127.0.0.1:${officePort}/office/login`);
  assert.match(direct.headers.get('set-cookie') ?? '', /Secure/);
});
