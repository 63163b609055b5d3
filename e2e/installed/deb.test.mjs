// The Debian packages as a company installs them: `packaging/build-deb.sh` built them and
// `dpkg -i` installed them on this machine (scripts/check-installers.sh does both, then
// runs this file with TOURNEE_APP=/usr/bin/tournee and TOURNEE_SERVER=/usr/bin/tournee-server).
// The installed app is started under Xvfb and driven to its home screen; the installed
// server initialises a data directory as its own user. Not part of `e2e/*.test.mjs`: it
// needs the packages installed first.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { seeDemoHome } from '../lib/app.mjs';
import { APP, SERVER, launch, makeWorld, shoot, startDriver } from '../lib/fixture.mjs';

const dpkgStatus = (name) =>
  execFileSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', name], { encoding: 'utf8' });

let driver;
before(async () => {
  assert.equal(APP, '/usr/bin/tournee', 'run with TOURNEE_APP=/usr/bin/tournee (the installed app)');
  assert.equal(SERVER, '/usr/bin/tournee-server', 'run with TOURNEE_SERVER=/usr/bin/tournee-server');
  driver = await startDriver();
});
after(async () => { await driver?.stop(); });

test('the installed field app starts from its menu entry and reaches its home screen', async () => {
  assert.match(dpkgStatus('tournee'), /^install ok installed /);
  const desktop = readFileSync('/usr/share/applications/tournee.desktop', 'utf8');
  assert.match(desktop, /^Exec=tournee$/m);
  assert.match(desktop, /^Icon=tournee$/m);
  assert.ok(existsSync('/usr/share/icons/hicolor/128x128/apps/tournee.png'), 'the icon is installed');

  const world = makeWorld();
  world.preconfigure();
  const app = await launch(driver, world.home);
  try {
    await seeDemoHome(app);
    await shoot(app, 'installed-deb-home');
  } finally {
    await app.quit();
  }
});

test('the installed server runs as its own user, with its unit and its environment file', () => {
  assert.match(dpkgStatus('tournee-server'), /^install ok installed /);
  const passwd = execFileSync('getent', ['passwd', 'tournee'], { encoding: 'utf8' });
  assert.match(passwd, /^tournee:x:\d+:\d+:/, 'the system user made by the postinst');
  assert.match(passwd, /:\/usr\/sbin\/nologin\n?$/, 'a system user cannot log in');
  const unit = readFileSync('/lib/systemd/system/tournee-server.service', 'utf8');
  assert.match(unit, /^User=tournee$/m);
  assert.match(unit, /^ExecStart=\/usr\/bin\/tournee-server run --data \$\{TOURNEE_DATA\}$/m);
  const backup = readFileSync('/lib/systemd/system/tournee-server-backup.service', 'utf8');
  assert.match(backup, /^ExecStart=.*tournee-server backup --data "\$TOURNEE_DATA"/m);
  assert.match(readFileSync('/lib/systemd/system/tournee-server-backup.timer', 'utf8'), /^OnCalendar=\*-\*-\* 02:30:00$/m);
  const backupDir = execFileSync('stat', ['-c', '%U %a', '/var/backups/tournee'], { encoding: 'utf8' }).trim();
  assert.equal(backupDir, 'tournee 700', 'backups readable by the service only');
  assert.match(readFileSync('/etc/default/tournee-server', 'utf8'), /^TOURNEE_DATA=\/var\/lib\/tournee$/m);
  const conffiles = execFileSync('dpkg-query', ['--control-show', 'tournee-server', 'conffiles'], { encoding: 'utf8' });
  assert.match(conffiles, /\/etc\/default\/tournee-server/, 'an admin’s edits survive upgrades');

  // The deployment guide's first step, as the service's user.
  const root = mkdtempSync(join(tmpdir(), 'tournee-deb-'));
  chmodSync(root, 0o777);
  const data = join(root, 'data');
  execFileSync('runuser', ['-u', 'tournee', '--', SERVER, 'init', '--data', data, '--demo', 'small',
    '--admin-password', 'Deb-admin-pass-1'], { encoding: 'utf8' });
  const owner = execFileSync('stat', ['-c', '%U', join(data, 'tournee.sqlite')], { encoding: 'utf8' }).trim();
  assert.equal(owner, 'tournee');
  execFileSync('runuser', ['-u', 'tournee', '--', SERVER, 'samples', '--data', data, '--count', '12'], { encoding: 'utf8' });
  const summary = execFileSync('runuser', ['-u', 'tournee', '--', SERVER, 'integrate', '--once', '--data', data], { encoding: 'utf8' });
  assert.match(summary, /^integrated 12, duplicates 0, parked 0, failed 0$/m);

  // The backup unit's command, as systemd runs it ($$ and %% unescaped), on that directory.
  const script = /^ExecStart=\/bin\/sh -c '(.*)'$/m.exec(backup)[1].replaceAll('$$', '$').replaceAll('%%', '%');
  const backups = join(root, 'backups');
  execFileSync('runuser', ['-u', 'tournee', '--', 'mkdir', backups]);
  execFileSync('runuser', ['-u', 'tournee', '--', 'env', `TOURNEE_DATA=${data}`, `TOURNEE_BACKUPS=${backups}`, '/bin/sh', '-c', script]);
  const written = readdirSync(backups);
  assert.equal(written.length, 1);
  assert.match(written[0], /^tournee-\d{4}-\d{2}-\d{2}-\d{4}\.backup$/);
});
