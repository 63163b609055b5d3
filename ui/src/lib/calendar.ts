// « Historique » calendar arithmetic on "YYYY-MM-DD" strings: Monday-first weeks, the range each view shows.
import type { CalendarEvent } from './bindings/CalendarEvent';
import { addDays, addMonths, daysInMonth, parseYmd, toYmd } from './dates';

export const CAL_VIEWS = ['month', 'week', 'day'] as const;
export type CalView = (typeof CAL_VIEWS)[number];

export type DayRange = { from: string; to: string };

function parse(s: string) {
  const p = parseYmd(s);
  if (!p) throw new Error(`bad date ${s}`);
  return p;
}

/** 0 for Monday … 6 for Sunday. */
export function weekday(s: string): number {
  const p = parse(s);
  return (new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding `s`. */
export function startOfWeek(s: string): string {
  return addDays(s, -weekday(s));
}

/** The days a view shows around `anchor`: whole weeks covering the month, the week, or the day. */
export function viewRange(view: CalView, anchor: string): DayRange {
  switch (view) {
    case 'month': {
      const p = parse(anchor);
      const first = toYmd({ y: p.y, m: p.m, d: 1 });
      const last = toYmd({ y: p.y, m: p.m, d: daysInMonth(p.y, p.m) });
      return { from: startOfWeek(first), to: addDays(startOfWeek(last), 6) };
    }
    case 'week': {
      const from = startOfWeek(anchor);
      return { from, to: addDays(from, 6) };
    }
    case 'day':
      return { from: anchor, to: anchor };
  }
}

/** The anchor one step back (-1) or forward (+1): a month, a week or a day. */
export function shiftAnchor(view: CalView, anchor: string, step: number): string {
  switch (view) {
    case 'month':
      return addMonths(anchor, step);
    case 'week':
      return addDays(anchor, 7 * step);
    case 'day':
      return addDays(anchor, step);
  }
}

/** Every day from `from` to `to`, both included. */
export function daysOf({ from, to }: DayRange): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** True when `s` is in the same month as `anchor`. */
export function sameMonth(s: string, anchor: string): boolean {
  return s.slice(0, 7) === anchor.slice(0, 7);
}

/** Events by day, each day's sorted by time (no time last), then by name. */
export function groupByDay(events: readonly CalendarEvent[]): Map<string, CalendarEvent[]> {
  const out = new Map<string, CalendarEvent[]>();
  for (const e of events) {
    const list = out.get(e.date);
    if (list) list.push(e);
    else out.set(e.date, [e]);
  }
  const time = (e: CalendarEvent) => e.time || '99:99';
  for (const list of out.values()) {
    list.sort((a, b) => time(a).localeCompare(time(b)) || a.entity_name.localeCompare(b.entity_name));
  }
  return out;
}

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });

function utc(s: string): Date {
  const p = parse(s);
  return new Date(Date.UTC(p.y, p.m - 1, p.d));
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** « Novembre 2026 ». */
export function monthTitle(anchor: string, locale: string): string {
  return capitalize(dateFormat(locale, { month: 'long', year: 'numeric' }).format(utc(anchor)));
}

/** « Lundi 23 novembre 2026 ». */
export function dayTitle(day: string, locale: string): string {
  return capitalize(dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(utc(day)));
}

/** Short weekday names, Monday first (« lun. », « mar. »…). */
export function weekdayNames(locale: string): string[] {
  const f = dateFormat(locale, { weekday: 'short' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => f.format(utc(addDays('2024-01-01', i))));
}

/** Visits a month cell shows before « + N autres » (a day view shows them all). */
export const MONTH_CELL_LIMIT = 4;

/** What a cell shows: pending visits first (their mark must stay visible), then by time; the rest is counted. */
export function cellEvents<T extends { pending: boolean }>(events: T[], limit: number): { shown: T[]; hidden: number } {
  if (events.length <= limit) return { shown: events, hidden: 0 };
  const ordered = [...events.filter((e) => e.pending), ...events.filter((e) => !e.pending)];
  return { shown: ordered.slice(0, limit), hidden: events.length - limit };
}
