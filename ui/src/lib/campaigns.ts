// « Saisie rapide » (brief 002: ~200 business cards typed by several reps over 3 days): the card's fields in
// typing order, the input sent for one card, the form field a refusal is shown under, and the cleared card
// for the next one. Pure, so the trade-show flow is tested without a window.
import type { LeadCardInput } from './bindings/LeadCardInput';

/** The card's fields, in the order the rep types them (the first one gets the focus back). */
export const CARD_FIELDS = ['company', 'first_name', 'last_name', 'phone', 'email', 'notes'] as const;
export type CardField = (typeof CARD_FIELDS)[number];
export type Card = Record<CardField, string>;

/** A blank card. */
export function emptyCard(): Card {
  return { company: '', first_name: '', last_name: '', phone: '', email: '', notes: '' };
}

/** Whether nothing is typed on the card (Enter on a blank card does nothing). */
export function isBlank(card: Card): boolean {
  return CARD_FIELDS.every((f) => card[f].trim() === '');
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The input of one card under campaign `campaignId`. */
export function cardInput(campaignId: string, card: Card, allowDuplicates = false): LeadCardInput {
  return {
    campaign_id: campaignId,
    company: orNull(card.company),
    first_name: orNull(card.first_name),
    last_name: orNull(card.last_name),
    phone: orNull(card.phone),
    email: orNull(card.email),
    notes: orNull(card.notes),
    allow_duplicates: allowDuplicates,
  };
}

/** The card's field a refusal names: the party's `name` is the company typed, else the person's last name;
 *  every other field is the card's own. `null` for a field the card does not show. */
export function cardField(field: string, card: Card): CardField | null {
  if (field === 'name') return card.company.trim() !== '' ? 'company' : 'last_name';
  return (CARD_FIELDS as readonly string[]).includes(field) ? (field as CardField) : null;
}

/** The card's errors by field, from the errors by the command's field names. */
export function cardErrors(errors: Record<string, string>, card: Card): Partial<Record<CardField, string>> {
  const out: Partial<Record<CardField, string>> = {};
  for (const [field, message] of Object.entries(errors)) {
    const mine = cardField(field, card);
    if (mine && !(mine in out)) out[mine] = message;
  }
  return out;
}

/** The first field in typing order that carries an error (focused after a refusal). */
export function firstErrorField(errors: Partial<Record<CardField, string>>): CardField | null {
  return CARD_FIELDS.find((f) => errors[f]) ?? null;
}
