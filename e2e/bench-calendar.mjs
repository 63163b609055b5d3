// Calendar month view in the real window: from the click on « précédent » / « suivant » to
// the new month's visits painted (title changed, other visits in the grid, not busy, two
// animation frames later), timed inside the page; an admin's laptop looking at
// Jean Dupont, so the visits come from the team table. Median and max over the runs.
// `xvfb-run -a node e2e/bench-calendar.mjs [runs] [small|full]` (TOURNEE_APP=… for a release build).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, makeWorld, SERVER, startDriver } from './lib/fixture.mjs';

const runs = Number(process.argv[2] ?? 10);
const size = process.argv[3] ?? 'small';
const driver = await startDriver();
let world;
if (size === 'full') {
  const root = mkdtempSync(join(tmpdir(), 'tournee-bench-cal-'));
  const data = join(root, 'server');
  execFileSync(SERVER, ['init', '--data', data, '--demo', 'full', '--admin-password', 'Bench-admin-pass-1']);
  execFileSync(SERVER, ['snapshot', '--data', data, '--user', 'nbertrand']);
  world = makeWorld('nbertrand');
  world.preconfigure();
  // The laptop reads the full data's snapshot instead of the small one makeWorld made.
  writeFileSync(join(world.home, 'config.json'), JSON.stringify({
    user: 'nbertrand', snapshot_dir: join(data, 'snapshots', 'nbertrand'), outbox_dir: world.outbox, lang: 'fr',
  }));
} else {
  world = makeWorld('nbertrand');
  world.preconfigure();
}
const app = await launch(driver, world.home);
const times = [];
let shown = 0;
try {
  await (await app.waitFor('[data-testid="nav-calendar"]')).click();
  await app.waitFor('[data-testid="calendar-screen"]');
  await (await app.find('[data-testid="cal-view-month"]')).click();
  await app.execute(`
    const s = document.querySelector('[data-testid="cal-rep"]');
    s.value = 'JD01';
    s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await app.waitFor('[data-testid="cal-event"]');
  for (let i = 0; i < runs; i++) {
    const button = i % 2 === 0 ? 'cal-prev' : 'cal-next';
    const result = await app.executeAsync(`
      const done = arguments[arguments.length - 1];
      const title = () => document.querySelector('[data-testid="cal-title"]').textContent;
      const keys = () => [...document.querySelectorAll('[data-testid="cal-event"]')].map((e) => e.dataset.key).join();
      const before = title();
      const shownBefore = keys();
      const started = performance.now();
      document.querySelector('[data-testid="${button}"]').click();
      const settle = () => requestAnimationFrame(() => requestAnimationFrame(() =>
        done({ ms: performance.now() - started, events: document.querySelectorAll('[data-testid="cal-event"]').length })));
      const poll = () => {
        const busy = document.querySelector('[data-testid="calendar-screen"] [aria-busy="true"]');
        if (title() !== before && !busy && keys() !== shownBefore) settle(); else setTimeout(poll, 1);
      };
      poll();`);
    times.push(result.ms);
    shown = Math.max(shown, result.events);
  }
} finally {
  await app.quit();
  await driver.stop();
}
times.sort((a, b) => a - b);
console.log(`calendar month view (${size} demo, admin looking at JD01, up to ${shown} visits shown), ${runs} runs: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms`);
