// Start of the field app: from launching the window (WebDriver new session) to the home
// screen's first row on screen, several runs, median and max. Also the app's resident
// memory once the home screen is up, and where each run's time went.
// `xvfb-run -a node e2e/bench-start.mjs [runs]` (TOURNEE_APP=… for a release build) on the
// small demo data; TOURNEE_BENCH_DATA=<data dir of `init --demo full`> for the full demo.
//
// The laptop home is new, so the first run installs the snapshot (copy, SHA-256) as on the
// rep's first start or after a new snapshot arrived; the later runs open the copy already
// verified, as every other morning. Each run also prints its breakdown: when the app's
// process started, when the page's navigation began (`performance.timeOrigin`), and the
// page's own marks (`performance.mark`) when the build sets them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { APP, launch, makeWorld, startDriver } from './lib/fixture.mjs';

const runs = Number(process.argv[2] ?? 5);
const driver = await startDriver();
const world = makeWorld(undefined, process.env.TOURNEE_BENCH_DATA ?? null);
if (process.env.TOURNEE_BENCH_DATA) console.log(`data: ${process.env.TOURNEE_BENCH_DATA}`);
world.preconfigure();

/** Wall-clock time (epoch ms) at which process `pid` started (to the clock tick). */
function processStart(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22, starttime, in clock ticks after boot
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const now = Date.now();
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  return now - (uptime - ticks / hz) * 1000;
}

const times = [];
const rss = [];
try {
  for (let i = 0; i < runs; i++) {
    const wall = Date.now();
    const started = performance.now();
    const app = await launch(driver, world.home);
    const session = performance.now() - started;
    await app.waitFor('[data-testid="home-row"]');
    const seen = performance.now() - started;
    times.push(seen);
    const pid = execFileSync('pgrep', ['-n', '-f', APP], { encoding: 'utf8' }).trim();
    const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
    rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
    const page = await app.execute(
      'return { origin: performance.timeOrigin, marks: performance.getEntriesByType("mark").map((m) => [m.name, m.startTime]) };',
    );
    const origin = page.origin - wall;
    const steps = [
      `process ${(processStart(pid) - wall).toFixed(0)}`,
      `page ${origin.toFixed(0)}`,
      ...page.marks.map(([name, at]) => `${name} ${(origin + at).toFixed(0)}`),
      `session ${session.toFixed(0)}`,
      `row seen ${seen.toFixed(0)}`,
    ];
    console.log(`run ${i + 1} at ${new Date(wall).toISOString()}${i === 0 ? ' (snapshot installed)' : ''}: ${steps.join(', ')} ms`);
    await app.quit();
  }
} finally {
  await driver.stop();
}
const first = times[0];
times.sort((a, b) => a - b);
rss.sort((a, b) => a - b);
console.log(`app: ${APP}`);
console.log(`start to home rows, ${runs} runs: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms (first run, with the snapshot's install: ${first.toFixed(0)} ms)`);
console.log(`app process RSS at home screen (WebKit web process not included): median ${rss[Math.floor(runs / 2)].toFixed(1)} MiB`);
