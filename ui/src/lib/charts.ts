// Geometry of the « Stats » charts (inline SVG): rounded axis maxima, stacked segments, bar positions.
import type { Series } from './bindings/Series';

/** Fills told apart in black and white: grey levels and patterns, in the order series use them. */
export const FILLS = ['solid-dark', 'hatch', 'solid-light', 'dots', 'cross', 'solid-mid', 'lines', 'solid-white'] as const;
export type Fill = (typeof FILLS)[number];

export function fillOf(index: number): Fill {
  return FILLS[index % FILLS.length] as Fill;
}

/** A round step at or above `rough`: 1, 2 or 5 times a power of ten, never below 1 (series hold whole numbers). */
export function niceStep(rough: number): number {
  if (!(rough > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const step of [1, 2, 5]) if (step * power >= rough * (1 - 1e-9)) return step * power;
  return 10 * power;
}

export type Axis = { top: number; ticks: number[] };

/** A value axis from 0 showing `max`, in about `count` round steps. */
export function valueAxis(max: number, count = 4): Axis {
  const step = niceStep(max / count);
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const n = Math.round(top / step);
  return { top, ticks: Array.from({ length: n + 1 }, (_, i) => i * step) };
}

/** Length of `value` on an axis of `size` whose top is `max` (clamped, 0 when `max` is not positive). */
export function scale(value: number, max: number, size: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return (Math.min(value, max) / max) * size;
}

/** Sum per month of every series. */
export function totals(series: readonly Series[], months: number): number[] {
  return Array.from({ length: months }, (_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

export type Segment = { series: number; month: number; value: number; from: number; to: number };

/** Stacked segments: for each month, each series sits on top of the previous ones. */
export function stackSegments(series: readonly Series[], months: number): Segment[] {
  const out: Segment[] = [];
  for (let m = 0; m < months; m++) {
    let base = 0;
    series.forEach((s, i) => {
      const value = Math.max(0, s.values[m] ?? 0);
      out.push({ series: i, month: m, value, from: base, to: base + value });
      base += value;
    });
  }
  return out;
}

/** Largest value a chart must show: the tallest stack, or the tallest single bar. */
export function chartMax(series: readonly Series[], months: number, stacked: boolean): number {
  if (stacked) return Math.max(0, ...totals(series, months));
  return Math.max(0, ...series.flatMap((s) => s.values));
}

export type Band = { x: number; width: number };

/**
 * Where bar `k` of `group` bars sits in category `index` of `count` over `width`:
 * each category keeps a 30 % gap, grouped bars share the rest.
 */
export function barBand(index: number, count: number, width: number, k = 0, group = 1): Band {
  const band = width / Math.max(1, count);
  const inner = band * 0.7;
  const w = inner / Math.max(1, group);
  return { x: index * band + (band - inner) / 2 + k * w, width: w };
}

/** Share of `part` in `total` between 0 and 1 (0 when there is nothing to share). */
export function share(part: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, part / total));
}

/** One bar of a shares chart: `part` of `total`. */
export type ShareRow = { key: string; label: string; part: number; total: number };
