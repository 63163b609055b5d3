// Prospect form logic: the values typed, what « Modifier » sends, and the duplicates found by phone.
import type { DuplicateHit } from './bindings/DuplicateHit';

/** The only mandatory field of a new prospect. */
export const NAME_FIELD = 'nom_client';
/** Fields whose number is looked up in clients and prospects before creating. */
export const PHONE_FIELDS = ['tel_1', 'tel_2'] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];

export type Values = Record<string, string>;
export type NullableValues = { [key: string]: string | null };

export function isPhoneField(field: string): field is PhoneField {
  return (PHONE_FIELDS as readonly string[]).includes(field);
}

/** Form values for `fields`, prefilled from `from` (a card's raw values); missing or null values are empty. */
export function formValues(fields: readonly { field: string }[], from: NullableValues = {}): Values {
  return Object.fromEntries(fields.map((f) => [f.field, from[f.field] ?? '']));
}

/** What « Nouveau » sends: the filled fields, trimmed. */
export function filledFields(values: Values): NullableValues {
  const out: NullableValues = {};
  for (const [k, v] of Object.entries(values)) if (v.trim() !== '') out[k] = v.trim();
  return out;
}

/** What « Modifier » sends: only the fields whose trimmed value changed; an emptied field is null. */
export function changedFields(before: NullableValues, after: Values): NullableValues {
  const out: NullableValues = {};
  for (const [k, v] of Object.entries(after)) {
    const next = v.trim();
    if (next !== (before[k] ?? '').trim()) out[k] = next === '' ? null : next;
  }
  return out;
}

/** What a dialog's draft keeps: the values typed that differ from where the form started. */
export function draftOf(before: NullableValues, values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) if (v !== (before[k] ?? '')) out[k] = v;
  return out;
}

/** A saved draft laid over the form's values (anything that is not text is ignored). */
export function withDraft(values: Values, draft: unknown): Values {
  if (!draft || typeof draft !== 'object') return values;
  const out = { ...values };
  for (const [k, v] of Object.entries(draft)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Every duplicate once (the same record may match both numbers), in the order found. */
export function mergeHits(lists: readonly DuplicateHit[][]): DuplicateHit[] {
  const seen = new Set<string>();
  const out: DuplicateHit[] = [];
  for (const h of lists.flat()) {
    const k = `${h.kind}:${h.code}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(h);
    }
  }
  return out;
}

/** Identifies a set of duplicates, to remember that the rep chose « Créer quand même » for it. */
export function hitsKey(hits: readonly DuplicateHit[]): string {
  return hits
    .map((h) => `${h.kind}:${h.code}`)
    .sort()
    .join('|');
}
