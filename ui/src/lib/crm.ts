// Pure rules of the CRM screens (no Svelte, no Tauri): status and kind lists, todo order,
// the timeline's nesting of replies under their action, reminder decisions, action types offered.
import type { ActionOutcome } from './bindings/ActionOutcome';
import type { ActionType } from './bindings/ActionType';
import type { CommandError } from './bindings/CommandError';
import type { DuplicateMatchView } from './bindings/DuplicateMatchView';
import type { PartyKindDto } from './bindings/PartyKindDto';
import type { PartyStatus } from './bindings/PartyStatus';
import type { ReminderDecision } from './bindings/ReminderDecision';
import type { TimelineEntry } from './bindings/TimelineEntry';
import type { TodoView } from './bindings/TodoView';
import { fieldLabel } from './i18n/fields';

/** Every status, in the lifecycle's order (the filter's and the figures' order). */
export const PARTY_STATUSES: readonly PartyStatus[] = ['lead', 'dead_lead', 'prospect', 'dead_prospect', 'client'];

/** Both kinds of party. */
export const PARTY_KINDS: readonly PartyKindDto[] = ['company', 'person'];

/** Every outcome, the one that ends a lead first (the order the outcome select offers). */
export const OUTCOMES: readonly ActionOutcome[] = ['positive', 'neutral', 'no_answer', 'formal_refusal', 'wrong_contact_details'];

/** The filter's value for « every status / kind ». */
export const ALL = '' as const;

/** Reads a filter select's value back as a status (`null` for « tous »). */
export function statusFilter(value: string): PartyStatus | null {
  return (PARTY_STATUSES as readonly string[]).includes(value) ? (value as PartyStatus) : null;
}

/** Reads a filter select's value back as a kind (`null` for « tous »). */
export function kindFilter(value: string): PartyKindDto | null {
  return (PARTY_KINDS as readonly string[]).includes(value) ? (value as PartyKindDto) : null;
}

/** The types a rep may log now: the active ones, the done-todo type excepted (a todo becomes it). */
export function offeredTypes(types: readonly ActionType[], todoDoneType = 'tache'): ActionType[] {
  return types.filter((t) => t.active && t.code !== todoDoneType);
}

/** Whether `code` asks for an outcome before saving (an unknown type does not). */
export function needsOutcome(types: readonly ActionType[], code: string): boolean {
  return types.find((t) => t.code === code)?.needs_outcome ?? false;
}

/** Whether `todo` is overdue on `today` (dates as YYYY-MM-DD compare as text). */
export function isOverdue(todo: Pick<TodoView, 'due'>, today: string): boolean {
  return todo.due < today;
}

/** Open todos as every list shows them: overdue first, then by due date, then by text. */
export function sortTodos<T extends Pick<TodoView, 'due' | 'text'>>(todos: readonly T[], today: string): T[] {
  return [...todos].sort((a, b) => {
    const late = Number(isOverdue(b, today)) - Number(isOverdue(a, today));
    if (late !== 0) return late;
    if (a.due !== b.due) return a.due < b.due ? -1 : 1;
    return a.text.localeCompare(b.text, 'fr');
  });
}

/** One line of the timeline as drawn: an entry with the replies hanging under it (newest first). */
export type TimelineItem = { entry: TimelineEntry; replies: TimelineEntry[] };

/**
 * Nests the replies under their action, keeping the back end's newest-first order for the
 * entries; a reply whose action is not in the list (it arrived first) stays a line of its own.
 */
export function nestTimeline(entries: readonly TimelineEntry[]): TimelineItem[] {
  const actions = new Set(entries.filter((e) => e.kind === 'action').map((e) => e.id));
  const repliesOf = new Map<string, TimelineEntry[]>();
  const items: TimelineItem[] = [];
  for (const e of entries) {
    if (e.kind === 'reply' && e.parent_id && actions.has(e.parent_id)) {
      const list = repliesOf.get(e.parent_id) ?? [];
      list.push(e);
      repliesOf.set(e.parent_id, list);
    }
  }
  for (const e of entries) {
    if (e.kind === 'reply' && e.parent_id && actions.has(e.parent_id)) continue;
    items.push({ entry: e, replies: repliesOf.get(e.id) ?? [] });
  }
  return items;
}

/** What the rep answered per reminder: `undefined` while not answered yet. */
export type ReminderChoices = Record<string, boolean | undefined>;

/** The ids of the reminders not answered yet (the dialog will not save before every one is). */
export function unanswered(reminders: readonly Pick<TodoView, 'id'>[], choices: ReminderChoices): string[] {
  return reminders.filter((r) => typeof choices[r.id] !== 'boolean').map((r) => r.id);
}

/** The decisions sent with an action or a reply, one per reminder shown (all must be answered). */
export function reminderDecisions(reminders: readonly Pick<TodoView, 'id'>[], choices: ReminderChoices): ReminderDecision[] {
  return reminders.flatMap((r) => {
    const keep = choices[r.id];
    return typeof keep === 'boolean' ? [{ todo_id: r.id, keep }] : [];
  });
}

/** Drops empty strings to `null`, trimmed: what the record inputs expect for an absent value. */
export function opt(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}

/** « Dupont Jean » for a person, the company's name otherwise. */
export function partyName(p: { kind: PartyKindDto; name: string; first_name: string | null }): string {
  return p.kind === 'person' && p.first_name ? `${p.name} ${p.first_name}` : p.name;
}

/** A positive whole number of days from what was typed, `null` when empty, `NaN` when not one. */
export function repeatDays(value: string): number | null {
  const v = value.trim();
  if (v === '') return null;
  return /^\d{1,4}$/.test(v) && Number(v) > 0 ? Number(v) : Number.NaN;
}

/** The status badges' colours: each pair is tested to reach WCAG's 4.5:1 (tests/crm.test.ts). */
export const STATUS_COLOURS: Record<PartyStatus, { fg: string; bg: string }> = {
  lead: { fg: '#0b4a9e', bg: '#e3eeff' },
  dead_lead: { fg: '#5c4633', bg: '#efe8e0' },
  prospect: { fg: '#6e4300', bg: '#fff0cc' },
  dead_prospect: { fg: '#454f5b', bg: '#e6e9ed' },
  client: { fg: '#1b5a21', bg: '#e3f4e5' },
};

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Whether a command refused because the new record looks like known ones (« Créer quand même » then sends it anyway). */
export function isDuplicates(e: { code: string } | null): boolean {
  return e?.code === 'duplicates';
}

/** The matches a `duplicates` refusal carries (its `matches` value, a JSON array); none when unreadable. */
export function duplicateMatches(e: { values: Record<string, string | undefined> }): DuplicateMatchView[] {
  try {
    const parsed: unknown = JSON.parse(e.values.matches ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((m: unknown) => {
      if (typeof m !== 'object' || m === null) return [];
      const r = m as Record<string, unknown>;
      if (typeof r.id !== 'string' || typeof r.name !== 'string') return [];
      return [
        {
          id: r.id,
          name: r.name,
          city: typeof r.city === 'string' ? r.city : null,
          reasons: Array.isArray(r.reasons) ? r.reasons.filter((x): x is string => typeof x === 'string') : [],
        },
      ];
    });
  } catch {
    return [];
  }
}

/**
 * Gives a refusal the labels of the dialog's fields when the back end had none but the field's
 * name (« Le champ « E-mail »… » rather than « email »); real labels it carries are kept.
 */
export function withLabels(err: CommandError, labels: Record<string, string>): CommandError {
  const label = (field: string | null, values: Record<string, string | undefined>) => {
    const l = field ? labels[field] : undefined;
    // The back end sends a label only when it is data, and the catalogue words the pseudo
    // fields itself: a field known by neither takes the dialog's label.
    if (!l || (values.label_fr && values.label_fr !== field) || (field && fieldLabel(field, 'fr'))) return values;
    return { ...values, label_fr: l, label_en: l };
  };
  return {
    ...err,
    values: label(err.field, err.values) as CommandError['values'],
    problems: err.problems.map((p) => ({ ...p, values: label(p.field, p.values) as CommandError['values'] })),
  };
}

/**
 * What an edit dialog keeps as its draft: only the fields typed differently from the record's
 * values (an empty object when nothing was), so that a draft restored later lays the rep's typing
 * over the record as it is then, and a dialog left untouched leaves no draft.
 */
export function changedFields<T extends Record<string, string>>(values: T, original: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    if (values[key] !== original[key]) out[key] = values[key];
  }
  return out;
}

/** A record's values as an edit dialog's text fields: every `null` (or absent value) as an empty string. */
export function asTexts<K extends string>(record: Partial<Record<K, unknown>>, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) {
    const v = record[k];
    out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** What leaves with a deleted party: its people, its actions (done todos included; replies go with
 * their action) and its open todos. */
export function deletionCounts(page: {
  people: readonly unknown[];
  timeline: readonly Pick<TimelineEntry, 'kind'>[];
  open_todos: readonly unknown[];
}): { people: number; actions: number; todos: number } {
  return {
    people: page.people.length,
    actions: page.timeline.filter((e) => e.kind === 'action' || e.kind === 'todo_done').length,
    todos: page.open_todos.length,
  };
}

/** The confirmation's sentence of what leaves with a party (« Partent avec lui : 2 personnes, 3 actions
 * et 1 tâche ouverte. »), `tr` being the translator. */
export function deletionSentence(
  counts: { people: number; actions: number; todos: number },
  tr: (key: DeletionKey, params?: Record<string, string | number>) => string,
): string {
  const parts: string[] = [];
  const part = (n: number, what: 'people' | 'actions' | 'todos') => {
    if (n === 1) parts.push(tr(`partyDel.${what}.one`));
    else if (n > 1) parts.push(tr(`partyDel.${what}.many`, { n }));
  };
  part(counts.people, 'people');
  part(counts.actions, 'actions');
  part(counts.todos, 'todos');
  if (parts.length === 0) return tr('partyDel.nothing');
  const last = parts.pop() as string;
  const what = parts.length ? `${parts.join(tr('partyDel.sep'))}${tr('partyDel.and')}${last}` : last;
  return tr('partyDel.with', { what });
}

/** The catalogue's keys `deletionSentence` uses. */
export type DeletionKey =
  | `partyDel.${'people' | 'actions' | 'todos'}.${'one' | 'many'}`
  | 'partyDel.nothing'
  | 'partyDel.with'
  | 'partyDel.sep'
  | 'partyDel.and';
