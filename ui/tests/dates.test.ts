// Revisit presets: days and calendar months from today, clamped to the end of shorter months.
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, inRange, parseYmd, presetDate } from '../src/lib/dates';

describe('date arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('adds calendar months and clamps to the last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-11-15', 1)).toBe('2026-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('gives every preset from today', () => {
    const today = '2026-11-23';
    expect(presetDate(today, '1w')).toBe('2026-11-30');
    expect(presetDate(today, '2w')).toBe('2026-12-07');
    expect(presetDate(today, '1m')).toBe('2026-12-23');
    expect(presetDate(today, '3m')).toBe('2027-02-23');
    expect(presetDate(today, '6m')).toBe('2027-05-23');
    expect(presetDate(today, '1y')).toBe('2027-11-23');
    expect(presetDate('2026-08-31', '6m')).toBe('2027-02-28');
  });

  it('rejects invalid dates and checks ranges', () => {
    expect(parseYmd('2026-02-30')).toBeNull();
    expect(parseYmd('23/11/2026')).toBeNull();
    expect(inRange('2026-11-20', '2026-11-16', '2026-11-23')).toBe(true);
    expect(inRange('2026-11-15', '2026-11-16', '2026-11-23')).toBe(false);
    expect(inRange('2026-11-24', '2026-11-16', '2026-11-23')).toBe(false);
    expect(inRange('', '2026-11-16')).toBe(false);
  });
});
