// « Stats » chart geometry: round axes, bar scaling, stacked series and their totals, bar positions, shares.
import { describe, expect, it } from 'vitest';
import { stats as statsFixture } from '../dev/fixtures';
import type { Series } from '../src/lib/bindings/Series';
import { barBand, chartMax, fillOf, FILLS, niceStep, scale, share, stackSegments, totals, valueAxis } from '../src/lib/charts';
import { caSeries, visitSeries, yearMonths } from '../src/lib/stats';

const s = (name: string, values: number[]): Series => ({ name, values });

describe('axis', () => {
  it('rounds steps to 1, 2 or 5 times a power of ten, never below 1', () => {
    expect(niceStep(6)).toBe(10);
    expect(niceStep(2.25)).toBe(5);
    expect(niceStep(2)).toBe(2);
    expect(niceStep(340_000)).toBe(500_000);
    expect(niceStep(0.3)).toBe(1);
    expect(niceStep(0)).toBe(1);
  });

  it('covers the maximum with round ticks from 0', () => {
    expect(valueAxis(24)).toEqual({ top: 30, ticks: [0, 10, 20, 30] });
    expect(valueAxis(9)).toEqual({ top: 10, ticks: [0, 5, 10] });
    expect(valueAxis(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(valueAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(valueAxis(20)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
  });

  it('scales values to the axis, clamped, 0 when nothing to show', () => {
    expect(scale(15, 30, 200)).toBe(100);
    expect(scale(45, 30, 200)).toBe(200);
    expect(scale(-3, 30, 200)).toBe(0);
    expect(scale(3, 0, 200)).toBe(0);
  });
});

describe('series', () => {
  const series = [s('TRANS', [3, 0, 5]), s('AGRI', [1, 2]), s('Prospects', [0, 4, 1])];

  it('sums every series per month (missing values count as 0)', () => {
    expect(totals(series, 3)).toEqual([4, 6, 6]);
    expect(chartMax(series, 3, true)).toBe(6);
    expect(chartMax(series, 3, false)).toBe(5);
    expect(chartMax([], 3, true)).toBe(0);
  });

  it('stacks each series on the previous ones', () => {
    const month1 = stackSegments(series, 3).filter((x) => x.month === 1);
    expect(month1.map((x) => [x.series, x.from, x.to])).toEqual([
      [0, 0, 0],
      [1, 0, 2],
      [2, 2, 6],
    ]);
    const top = stackSegments(series, 3).filter((x) => x.series === series.length - 1).map((x) => x.to);
    expect(top).toEqual(totals(series, 3));
  });

  it('places bars in their month, grouped bars side by side', () => {
    expect(barBand(0, 4, 400)).toEqual({ x: 15, width: 70 });
    expect(barBand(3, 4, 400)).toEqual({ x: 315, width: 70 });
    const a = barBand(1, 4, 400, 0, 2);
    const b = barBand(1, 4, 400, 1, 2);
    expect(a.width).toBe(35);
    expect(b.x).toBe(a.x + a.width);
  });

  it('cycles through fills told apart in black and white', () => {
    expect(fillOf(0)).toBe(FILLS[0]);
    expect(fillOf(FILLS.length)).toBe(FILLS[0]);
    expect(new Set(FILLS).size).toBe(FILLS.length);
  });

  it('computes shares between 0 and 1', () => {
    expect(share(86, 140)).toBeCloseTo(0.614, 3);
    expect(share(3, 0)).toBe(0);
    expect(share(5, 4)).toBe(1);
  });
});

describe('stats series', () => {
  it('adds prospect visits as their own series after the grids', () => {
    const st = statsFixture({ rep: null, period: '3m' });
    const v = visitSeries({ ...st, prospect_visits: { name: '', values: [1, 2, 3] } }, 'Visites prospects');
    expect(v.map((x) => x.name)).toEqual(['TRANS', 'AGRI', 'GARAGE', 'Visites prospects']);
    expect(st.months).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('names CA N and N-1 after their year when unnamed', () => {
    const st = statsFixture({ rep: null, period: '12m' });
    const ca = caSeries({ ...st, ca_n: { name: '', values: [] }, ca_n1: { name: '', values: [] } }, (y) => `CA ${y}`);
    expect(ca.map((x) => x.name)).toEqual(['CA 2026', 'CA 2025']);
    expect(yearMonths(2026)).toHaveLength(12);
    expect(yearMonths(2026)[0]).toBe('2026-01');
    expect(yearMonths(2026)[11]).toBe('2026-12');
  });
});
