// Cold start of the field app: from launching the window (WebDriver new session) to the
// home screen's first row on screen, several runs, median and max. Also the app's resident
// memory once the home screen is up.
// `xvfb-run -a node e2e/bench-start.mjs [runs]` (TOURNEE_APP=… for a release build) on the
// small demo data; TOURNEE_BENCH_DATA=<data dir of `init --demo full`> for the full demo.
import { execFileSync } from 'node:child_process';

import { APP, launch, makeWorld, startDriver } from './lib/fixture.mjs';

const runs = Number(process.argv[2] ?? 5);
const driver = await startDriver();
const world = makeWorld(undefined, process.env.TOURNEE_BENCH_DATA ?? null);
if (process.env.TOURNEE_BENCH_DATA) console.log(`data: ${process.env.TOURNEE_BENCH_DATA}`);
world.preconfigure();
const times = [];
const rss = [];
try {
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const app = await launch(driver, world.home);
    await app.waitFor('[data-testid="home-row"]');
    times.push(performance.now() - started);
    const pid = execFileSync('pgrep', ['-n', '-f', APP], { encoding: 'utf8' }).trim();
    const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
    rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
    await app.quit();
  }
} finally {
  await driver.stop();
}
times.sort((a, b) => a - b);
rss.sort((a, b) => a - b);
console.log(`app: ${APP}`);
console.log(`cold start to home rows, ${runs} runs: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms`);
console.log(`app process RSS at home screen (WebKit web process not included): median ${rss[Math.floor(runs / 2)].toFixed(1)} MiB`);
