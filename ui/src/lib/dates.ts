// Calendar arithmetic on "YYYY-MM-DD" strings (no time zone involved), used by the date dialogs.

export type Ymd = { y: number; m: number; d: number };

export function parseYmd(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m)) return null;
  return ymd;
}

export function toYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(s: string, n: number): string {
  const p = parseYmd(s);
  if (!p) throw new Error(`bad date ${s}`);
  const d = new Date(Date.UTC(p.y, p.m - 1, p.d + n));
  return toYmd({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() });
}

/** Adds calendar months; a day missing in the target month is clamped to its last day (31/01 + 1 month = 28 or 29/02). */
export function addMonths(s: string, n: number): string {
  const p = parseYmd(s);
  if (!p) throw new Error(`bad date ${s}`);
  const total = p.y * 12 + (p.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return toYmd({ y, m, d: Math.min(p.d, daysInMonth(y, m)) });
}

export const REVISIT_PRESETS = ['1w', '2w', '1m', '3m', '6m', '1y'] as const;
export type RevisitPreset = (typeof REVISIT_PRESETS)[number];

/** The date a revisit preset gives, counted from `today`. */
export function presetDate(today: string, preset: RevisitPreset): string {
  switch (preset) {
    case '1w':
      return addDays(today, 7);
    case '2w':
      return addDays(today, 14);
    case '1m':
      return addMonths(today, 1);
    case '3m':
      return addMonths(today, 3);
    case '6m':
      return addMonths(today, 6);
    case '1y':
      return addMonths(today, 12);
  }
}

/** True when `s` is a valid date within [min, max] (either bound optional). */
export function inRange(s: string, min?: string, max?: string): boolean {
  if (!parseYmd(s)) return false;
  if (min && s < min) return false;
  if (max && s > max) return false;
  return true;
}
