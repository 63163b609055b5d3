// How an input shows a profile field, from its kind (sent by the back end: text, integer,
// date, code, siret, vat_number, phone, iban, bic). The checks themselves run in the core.

/** Kinds whose values are codes people read character by character: shown in monospace. */
const CODE_KINDS = new Set(['code', 'siret', 'vat_number', 'iban', 'bic']);

/** The `type` of the input: a date picker for dates, the phone keypad for phones. */
export function inputTypeOf(kind: string): string {
  if (kind === 'date') return 'date';
  if (kind === 'phone') return 'tel';
  return 'text';
}

/** Whether the input shows its value in monospace. */
export function isCodeKind(kind: string): boolean {
  return CODE_KINDS.has(kind);
}
