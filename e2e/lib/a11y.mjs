// Accessibility checks run in a real Chromium page: axe-core's WCAG 2.2 A and AA rules, and
// reflow (nothing wider than the window, WCAG 1.4.10). Shared by the app's and the back
// office's tests.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets the issue asks for: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations on the page as it is now, one line per rule with its first nodes. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n')[1] ?? ''}`.trim()),
      count: v.nodes.length,
    }));
  }, WCAG_TAGS);
  return violations.map((v) => `${v.id} ×${v.count} (${v.nodes.join(' | ')})`);
}

/** The elements sticking out past the window's right edge: none when the page reflows.
 * What an ancestor clips (`overflow: hidden`, an ellipsis) does not stick out; what a
 * scrolling ancestor holds does, since reading it needs a sideways scroll. */
export async function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.right <= width + 1 || el.closest('.sr-only')) continue;
      let clipped = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const x = getComputedStyle(up).overflowX;
        if ((x === 'hidden' || x === 'clip') && up.getBoundingClientRect().right <= width + 1) {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      // A data table wider than the screen may scroll sideways inside its own box (WCAG 1.4.10
      // exempts content that needs two dimensions): the table itself, or a box holding it.
      let scroller = el;
      while (scroller && scroller !== document.body && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      const tableBox = scroller && scroller !== document.body && (scroller.tagName === 'TABLE' || scroller.firstElementChild?.tagName === 'TABLE');
      if (tableBox && scroller.getBoundingClientRect().right <= width + 1) continue;
      const name = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
      out.push(`${el.tagName.toLowerCase()}${name} → ${Math.round(box.right)} px`);
      if (out.length === 5) break;
    }
    return { width, out };
  });
}
