// The CRM screens' pure rules: todo order, timeline nesting, reminder decisions, offered types, badge contrast.
import { describe, expect, it } from 'vitest';
import type { ActionType } from '../src/lib/bindings/ActionType';
import type { CommandError } from '../src/lib/bindings/CommandError';
import type { TimelineEntry } from '../src/lib/bindings/TimelineEntry';
import {
  contrast,
  duplicateMatches,
  withLabels,
  kindFilter,
  needsOutcome,
  nestTimeline,
  offeredTypes,
  opt,
  partyName,
  PARTY_STATUSES,
  reminderDecisions,
  repeatDays,
  sortTodos,
  STATUS_COLOURS,
  statusFilter,
  unanswered,
} from '../src/lib/crm';

const type = (code: string, over: Partial<ActionType> = {}): ActionType => ({
  code,
  label: code,
  icon: 'note',
  counts_as_contact: false,
  needs_outcome: false,
  active: true,
  ...over,
});

const entry = (id: string, kind: TimelineEntry['kind'], parent_id: string | null = null): TimelineEntry => ({
  id,
  kind,
  date: '2026-12-01',
  time: null,
  title: id,
  text: null,
  author: 'jdupont',
  action_type: kind === 'action' ? 'appel' : null,
  outcome: null,
  parent_id,
  status_from: null,
  status_to: null,
  pending: false,
});

describe('todos', () => {
  it('puts the overdue ones first, then by due date, then by text', () => {
    const todos = [
      { id: 'a', text: 'b', due: '2026-12-10' },
      { id: 'b', text: 'z', due: '2026-12-01' },
      { id: 'c', text: 'a', due: '2026-12-10' },
      { id: 'd', text: 'y', due: '2026-11-20' },
      { id: 'e', text: 'x', due: '2026-12-04' },
    ];
    expect(sortTodos(todos, '2026-12-04').map((t) => t.id)).toEqual(['d', 'b', 'e', 'c', 'a']);
  });

  it('reads a repetition: empty is none, a positive whole number is days, anything else is wrong', () => {
    expect(repeatDays(' ')).toBeNull();
    expect(repeatDays('7')).toBe(7);
    expect(repeatDays('0')).toBeNaN();
    expect(repeatDays('-3')).toBeNaN();
    expect(repeatDays('2.5')).toBeNaN();
    expect(repeatDays('99999')).toBeNaN();
  });
});

describe('timeline', () => {
  it('hangs the replies under their action and keeps the newest-first order', () => {
    const items = nestTimeline([
      entry('r2', 'reply', 'a1'),
      entry('t1', 'todo_done'),
      entry('r1', 'reply', 'a1'),
      entry('a1', 'action'),
      entry('s1', 'status_change'),
    ]);
    expect(items.map((i) => i.entry.id)).toEqual(['t1', 'a1', 's1']);
    expect(items[1]?.replies.map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('keeps a reply whose action is not there (it arrived first) as a line of its own', () => {
    const items = nestTimeline([entry('r1', 'reply', 'gone'), entry('a1', 'action')]);
    expect(items.map((i) => i.entry.id)).toEqual(['r1', 'a1']);
  });
});

describe('reminders', () => {
  const reminders = [{ id: 'x' }, { id: 'y' }];

  it('lists the reminders not answered yet', () => {
    expect(unanswered(reminders, {})).toEqual(['x', 'y']);
    expect(unanswered(reminders, { x: false })).toEqual(['y']);
    expect(unanswered(reminders, { x: false, y: true })).toEqual([]);
  });

  it('sends one decision per answered reminder, and none for a reminder no longer shown', () => {
    expect(reminderDecisions(reminders, { x: false, y: true, z: false })).toEqual([
      { todo_id: 'x', keep: false },
      { todo_id: 'y', keep: true },
    ]);
  });
});

describe('action types and filters', () => {
  const types = [type('appel', { needs_outcome: true }), type('fax', { active: false }), type('tache'), type('note')];

  it('offers the active types, never the done-todo one', () => {
    expect(offeredTypes(types).map((t) => t.code)).toEqual(['appel', 'note']);
  });

  it('asks an outcome only for a type that needs one', () => {
    expect(needsOutcome(types, 'appel')).toBe(true);
    expect(needsOutcome(types, 'note')).toBe(false);
    expect(needsOutcome(types, 'unknown')).toBe(false);
  });

  it('reads the filters back, « tous » as none', () => {
    expect(statusFilter('dead_lead')).toBe('dead_lead');
    expect(statusFilter('')).toBeNull();
    expect(statusFilter('bogus')).toBeNull();
    expect(kindFilter('person')).toBe('person');
    expect(kindFilter('')).toBeNull();
  });

  it('sends absent values as null and names people last name first', () => {
    expect(opt('  ')).toBeNull();
    expect(opt(' Lyon ')).toBe('Lyon');
    expect(partyName({ kind: 'person', name: 'Martin', first_name: 'Léa' })).toBe('Martin Léa');
    expect(partyName({ kind: 'company', name: 'Transports Rhône', first_name: 'ignored' })).toBe('Transports Rhône');
  });
});

describe('status badges', () => {
  it('reach a contrast of at least 4.5:1 for every status', () => {
    for (const s of PARTY_STATUSES) {
      const { fg, bg } = STATUS_COLOURS[s];
      expect(contrast(fg, bg), s).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe('duplicate refusals', () => {
  it('reads the matches a refusal carries, and nothing from a malformed value', () => {
    const matches = JSON.stringify([{ id: 'P1', name: 'Transports Rhône', city: null, reasons: ['phone', 7] }, { id: 3 }]);
    expect(duplicateMatches({ values: { matches } })).toEqual([{ id: 'P1', name: 'Transports Rhône', city: null, reasons: ['phone'] }]);
    expect(duplicateMatches({ values: { matches: '{oops' } })).toEqual([]);
    expect(duplicateMatches({ values: {} })).toEqual([]);
  });
});

describe('refusal labels', () => {
  it('names the field as the dialog shows it, keeping a label the back end sent', () => {
    const err: CommandError = {
      code: 'invalid_email',
      field: 'email',
      values: { field: 'email' },
      problems: [
        { field: 'email', code: 'invalid_email', values: { field: 'email', label_fr: 'email', label_en: 'email' } },
        { field: 'phone', code: 'invalid_phone', values: { label_fr: 'Tél.' } },
      ],
    };
    const out = withLabels(err, { email: 'E-mail', phone: 'Téléphone' });
    expect(out.values.label_fr).toBe('E-mail');
    expect(out.problems[0]?.values.label_en).toBe('E-mail');
    expect(out.problems[1]?.values.label_fr).toBe('Tél.');
    expect(err.values).toEqual({ field: 'email' });
  });
});
