// « Historique » ranges: Monday-first weeks, the weeks a month view shows, moving by month/week/day, events per day.
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../src/lib/bindings/CalendarEvent';
import {
  cellEvents,
  dayTitle,
  daysOf,
  groupByDay,
  monthTitle,
  shiftAnchor,
  startOfWeek,
  viewRange,
  weekday,
  weekdayNames,
} from '../src/lib/calendar';

const ev = (key: string, date: string, time: string, name = 'X'): CalendarEvent => ({
  key,
  date,
  time,
  entity_kind: 'client',
  entity_code: 'C1',
  entity_name: name,
  objet: '',
  commentaire: '',
  answers: [],
  pending: false,
});

describe('weeks start on Monday', () => {
  it('numbers weekdays from Monday', () => {
    expect(weekday('2026-11-23')).toBe(0); // Monday
    expect(weekday('2026-11-29')).toBe(6); // Sunday
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(startOfWeek('2027-01-01')).toBe('2026-12-28');
  });
});

describe('view ranges', () => {
  it('shows the whole weeks covering the month', () => {
    expect(viewRange('month', '2026-11-23')).toEqual({ from: '2026-10-26', to: '2026-12-06' });
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    expect(viewRange('month', '2027-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(daysOf(viewRange('month', '2026-11-01')).length % 7).toBe(0);
  });

  it('shows Monday to Sunday for a week and one day for a day', () => {
    expect(viewRange('week', '2026-11-25')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(viewRange('week', '2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(viewRange('day', '2026-11-25')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
  });

  it('moves by a month, a week or a day', () => {
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('month', '2026-01-15', -1)).toBe('2025-12-15');
    expect(shiftAnchor('week', '2026-11-25', 1)).toBe('2026-12-02');
    expect(shiftAnchor('day', '2026-12-31', 1)).toBe('2027-01-01');
  });

  it('lists every day of a range, both ends included', () => {
    expect(daysOf({ from: '2026-12-30', to: '2027-01-02' })).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});

describe('events and titles', () => {
  it('groups events by day, sorted by time with untimed ones last', () => {
    const byDay = groupByDay([ev('a', '2026-11-23', '14:00'), ev('b', '2026-11-23', ''), ev('c', '2026-11-23', '09:15'), ev('d', '2026-11-24', '10:00')]);
    expect(byDay.get('2026-11-23')?.map((e) => e.key)).toEqual(['c', 'a', 'b']);
    expect(byDay.get('2026-11-24')?.map((e) => e.key)).toEqual(['d']);
    expect(byDay.has('2026-11-25')).toBe(false);
  });

  it('titles months and days in the UI language, weekdays Monday first', () => {
    expect(monthTitle('2026-11-23', 'fr-FR')).toBe('Novembre 2026');
    expect(monthTitle('2026-11-23', 'en-GB')).toBe('November 2026');
    expect(dayTitle('2026-11-23', 'fr-FR')).toBe('Lundi 23 novembre 2026');
    expect(weekdayNames('fr-FR')[0]).toBe('lun.');
    expect(weekdayNames('en-GB')[6]).toBe('Sun');
  });
});

describe('cellEvents', () => {
  const visit = (key: string, pending = false) => ({ key, pending });
  it('shows everything under the limit', () => {
    expect(cellEvents([visit('a'), visit('b')], 4)).toEqual({ shown: [visit('a'), visit('b')], hidden: 0 });
  });
  it('keeps pending visits visible and counts the rest', () => {
    const day = ['a', 'b', 'c', 'd', 'e'].map((k) => visit(k, k === 'e'));
    const { shown, hidden } = cellEvents(day, 3);
    expect(shown.map((v) => v.key)).toEqual(['e', 'a', 'b']);
    expect(hidden).toBe(2);
  });
});
