// The « Rapports » screen's pure rules (issue 15): the default period, and each report turned
// into horizontal bars (a label, the figure as people read it, the bar's length as a share of the
// longest) as the back office draws them (server/src/office/report_charts.rs): sales and the
// forecast per month (per year past 24 months), the funnel's four steps, the time to close
// longest first, each campaign's value won against its cost.
import type { ReportCampaign } from './bindings/ReportCampaign';
import type { SalesReports } from './bindings/SalesReports';
import { share } from './charts';

/** Months shown one by one; a longer period is shown year by year. */
export const MAX_MONTHS = 24;

/** One bar of a row: which series, its value, its figure, its length from 0 to 1. */
export type Bar = { series: number; value: number; figure: string; share: number };
/** One row of a horizontal chart: what it is, then its bars (one per series). */
export type HBar = { key: string; label: string; bars: Bar[] };

/**
 * Rows of `values` (key, label, one value per series), each figure printed by `figure`, every
 * length against the longest bar of the chart (a negative value draws nothing).
 */
export function bars(values: { key: string; label: string; values: number[] }[], figure: (v: number) => string): HBar[] {
  const longest = Math.max(0, ...values.flatMap((v) => v.values));
  return values.map((v) => ({
    key: v.key,
    label: v.label,
    bars: v.values.map((value, series) => ({ series, value, figure: figure(value), share: share(value, longest) })),
  }));
}

/** `YYYY-MM-DD` `days` later (or earlier), by the calendar. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last 12 months up to `today`: from the day after the same day a year before, to today. */
export function lastTwelveMonths(today: string): { from: string; to: string } {
  const [y = 1970, m = 1, d = 1] = today.split('-').map(Number);
  // 29 February a year before is 28 February.
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const yearBefore = `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  return { from: addDays(yearBefore, 1), to: today };
}

/** Sums per `YYYY-MM`, or per year when there are more than {@link MAX_MONTHS} months, in order. */
export function perMonthOrYear(perMonth: Map<string, number>): { byYear: boolean; rows: [string, number][] } {
  const months = [...perMonth.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (months.length <= MAX_MONTHS) return { byYear: false, rows: months };
  const years = new Map<string, number>();
  for (const [month, value] of months) {
    const year = month.slice(0, 4);
    years.set(year, (years.get(year) ?? 0) + value);
  }
  return { byYear: true, rows: [...years.entries()] };
}

/** Won sales, every rep together, per month of closing (per year past 24 months). */
export function salesPerPeriod(report: SalesReports): { byYear: boolean; rows: [string, number][] } {
  const perMonth = new Map<string, number>();
  for (const s of report.sales) perMonth.set(s.month, (perMonth.get(s.month) ?? 0) + s.won_cents);
  return perMonthOrYear(perMonth);
}

/** The weighed forecast per expected month of closing (per year past 24 months). */
export function forecastPerPeriod(report: SalesReports): { byYear: boolean; rows: [string, number][] } {
  return perMonthOrYear(new Map(report.forecast.map((f) => [f.month, f.cents])));
}

/** The four steps of the funnel, in order, as [key, count]. */
export function funnelSteps(report: SalesReports): [FunnelStep, number][] {
  const f = report.funnel;
  return [
    ['leads', f.leads],
    ['prospects', f.prospects],
    ['opportunities', f.opportunities],
    ['won', f.won],
  ];
}

/** A step of the funnel. */
export type FunnelStep = 'leads' | 'prospects' | 'opportunities' | 'won';

/** Share of the first step that reached `count` (0 when nobody was created). */
export function conversion(count: number, leads: number): number {
  return share(count, leads);
}

/** The time to close per rep, longest first (then by name). */
export function closeTimesLongestFirst(report: SalesReports): SalesReports['close_times'] {
  return [...report.close_times].sort((a, b) => b.hours_tenths - a.hours_tenths || a.rep_name.localeCompare(b.rep_name));
}

/** A campaign's value won against its cost: what it returned per euro spent (`null` without a cost). */
export function returnOnCost(c: ReportCampaign): number | null {
  return c.cost_cents > 0 ? c.won_cents / c.cost_cents : null;
}
