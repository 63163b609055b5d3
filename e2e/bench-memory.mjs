// Resident memory of the field app after a stretch of use: searches, cards, histories and
// the visit dialog opened and closed in a loop for N minutes (default 10) on the small demo
// data; RSS of the app process sampled at the start and at the end.
// `TOURNEE_APP=… xvfb-run -a node e2e/bench-memory.mjs [minutes]`
import { execFileSync } from 'node:child_process';

import { APP, launch, makeWorld, startDriver } from './lib/fixture.mjs';

const minutes = Number(process.argv[2] ?? 10);
const rss = () => {
  const pid = execFileSync('pgrep', ['-n', '-f', APP], { encoding: 'utf8' }).trim();
  const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};
const driver = await startDriver();
const world = makeWorld();
world.preconfigure();
const app = await launch(driver, world.home);
let rounds = 0;
try {
  await app.waitFor('[data-testid="home-row"]');
  const start = rss();
  const deadline = Date.now() + minutes * 60000;
  const patterns = ['gar*', 'tr?ns*', '*val*', 'C00*', 'auto', '*e*'];
  let retries = 0;
  while (Date.now() < deadline) {
    try {
      await round();
      rounds++;
    } catch (error) {
      // A list re-rendered between finding and clicking: take the round again.
      if (!String(error.message).includes('stale element')) throw error;
      retries++;
    }
  }
  async function round() {
    await (await app.waitFor('[data-testid="nav-clients"]')).click();
    const search = await app.waitFor('[data-testid="search-input"]');
    await search.clear();
    await search.type(patterns[rounds % patterns.length]);
    await (await app.waitFor('[data-testid="search-hit"]')).click();
    await app.waitFor('[data-testid="client-card"]');
    await (await app.find('[data-testid="btn-history"]')).click();
    await app.waitFor('[data-testid="history-list"]');
    await (await app.find('[data-testid="dialog-close"]')).click();
    await (await app.find('[data-testid="nav-home"]')).click();
    await app.waitFor('[data-testid="home-row"]');
  }
  console.log(`app: ${APP}`);
  console.log(`${rounds} rounds (${retries} retried after a re-render) (search, card, history, home) in ${minutes} min; RSS of the app process: ${start.toFixed(1)} MiB at the start, ${rss().toFixed(1)} MiB at the end`);
} finally {
  await app.quit();
  await driver.stop();
}
