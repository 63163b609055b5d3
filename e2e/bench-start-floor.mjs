// The floor under the field app's start: what this machine takes to start WebKitGTK's own
// MiniBrowser through WebKitWebDriver and show one row of a static page, with no Tauri and
// no app. Measured the same way as e2e/bench-start.mjs (new-session request to the row
// seen), so the difference between the two is what Tauri and the app add.
// `xvfb-run -a node e2e/bench-start-floor.mjs [runs]`
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './lib/fixture.mjs';
import { Session } from './lib/webdriver.mjs';

const runs = Number(process.argv[2] ?? 5);
const browser = process.env.WEBKIT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const page = join(mkdtempSync(join(tmpdir(), 'tournee-floor-')), 'index.html');
writeFileSync(page, '<!doctype html><meta charset="utf-8"><table><tr data-testid="home-row"><td>Garage Martin</td></tr></table>');

const port = await freePort();
const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const base = `http://127.0.0.1:${port}`;
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const session = await Session.start(base, {
      'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] },
    });
    await session.call('POST', `/session/${session.id}/url`, { url: `file://${page}` });
    await session.waitFor('[data-testid="home-row"]');
    const seen = performance.now() - started;
    times.push(seen);
    console.log(`run ${i + 1}: row seen ${seen.toFixed(0)} ms`);
    await session.quit();
  }
} finally {
  driver.kill('SIGTERM');
}
times.sort((a, b) => a - b);
console.log(`WebKitGTK MiniBrowser, static page, ${runs} runs: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms`);
