// What the « Stats » screen asks and how it turns the answer into chart series.
import type { Series } from './bindings/Series';
import type { Stats } from './bindings/Stats';

export const STATS_PERIODS = ['month', '3m', '6m', '12m', 'year', 'last_year'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

/** The period's code as the catalogue knows it (`stats.period.<code>`), or null for a code
 * this window does not know (a newer laptop's); the stats arrive with the code, not words. */
export function statsPeriod(code: string): StatsPeriod | null {
  return (STATS_PERIODS as readonly string[]).includes(code) ? (code as StatsPeriod) : null;
}
export const DEFAULT_PERIOD: StatsPeriod = '12m';

/** The twelve months of `year`, "YYYY-MM". */
export function yearMonths(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** Client visits per grid, then prospect visits as their own series (named `prospectName` when the back end gave no name). */
export function visitSeries(stats: Stats, prospectName: string): Series[] {
  return [...stats.visits_by_grid, { ...stats.prospect_visits, name: stats.prospect_visits.name || prospectName }];
}

/** CA N then CA N-1, named after their year when the back end gave no name. */
export function caSeries(stats: Stats, name: (year: number) => string): Series[] {
  return [
    { ...stats.ca_n, name: stats.ca_n.name || name(stats.year) },
    { ...stats.ca_n1, name: stats.ca_n1.name || name(stats.year - 1) },
  ];
}
