// « Transformation en client » rules the form applies while typing (the back end checks them all again).
import type { ConversionConfig } from './bindings/ConversionConfig';
import type { ConversionField } from './bindings/ConversionField';
import type { ConversionInput } from './bindings/ConversionInput';
import type { Values } from './prospect';

export const MODE_FIELD = 'c_mod_rgl_1';
export const CATEGORY_FIELD = 'c_fam_client';
export const DUE_DAYS_FIELD = 'nb_jour_1';
/** Direct debit: IBAN, BIC and the client's signature are required. */
export const LD = 'LD';
/** Cheque: farmers only, with imposed due days. */
export const CH = 'CH';
/** Required whenever the payment mode is LD, whatever the configuration says. */
const LD_FIELDS = ['iban', 'bic'];

/** One entry of a select: a code, its label, and whether it is outside the admin's list. */
export type ChoiceOption = { code: string; label: string; outside: boolean };

/** The options of `field` when the admin made it a list (null: free text), filtered by the column it
 * depends on (sub-categories by category). A value already there but outside the list stays offered, marked,
 * so nothing typed or stored is lost. */
export function optionsFor(config: ConversionConfig, field: string, values: Values): ChoiceOption[] | null {
  const list = config.choices.find((c) => c.field === field);
  if (!list) return null;
  const parent = list.depends_on ? (values[list.depends_on] ?? '').trim() : null;
  const options = list.options
    .filter((o) => parent === null || o.parent === parent)
    .map((o) => ({ code: o.code, label: o.label, outside: false }));
  const current = (values[field] ?? '').trim();
  if (current && !options.some((o) => o.code === current)) options.unshift({ code: current, label: '', outside: true });
  return options;
}

/** Empty fields of a new prospect or a conversion take the rep's own values (code, agency). */
export function withPrefill(config: ConversionConfig, values: Values): Values {
  const out = { ...values };
  for (const [field, value] of Object.entries(config.prefill)) {
    if (value !== undefined && !(out[field] ?? '').trim() && config.fields.some((f) => f.field === field)) out[field] = value;
  }
  return out;
}

/** Payment modes offered for the client category typed: CH only for the farmer categories. */
export function offeredModes(config: ConversionConfig, category: string): [string, string][] {
  const farmer = config.farmer_categories.includes(category.trim());
  return config.payment_modes.filter(([code]) => code !== CH || farmer);
}

/** The values once the rules are applied: a mode no longer offered is cleared, CH imposes its due days. */
export function applyRules(config: ConversionConfig, values: Values): Values {
  const out = { ...values };
  const mode = out[MODE_FIELD] ?? '';
  if (mode && !offeredModes(config, out[CATEGORY_FIELD] ?? '').some(([code]) => code === mode)) out[MODE_FIELD] = '';
  if (out[MODE_FIELD] === CH) out[DUE_DAYS_FIELD] = String(config.ch_due_days);
  return out;
}

export function isLd(values: Values): boolean {
  return values[MODE_FIELD] === LD;
}

/** The due days are read-only while CH is chosen. */
export function dueDaysLocked(values: Values): boolean {
  return values[MODE_FIELD] === CH;
}

/** Whether a field must be filled (marked with *). */
export function isRequired(field: ConversionField, values: Values): boolean {
  if (field.requirement === 'mandatory') return true;
  if (!isLd(values)) return false;
  return field.requirement === 'mandatory_if_ld' || LD_FIELDS.includes(field.field);
}

/** What check_conversion and convert_prospect receive; the signature only goes with LD. */
export function conversionInput(prospectId: string, values: Values, signature: string | null): ConversionInput {
  const fields: ConversionInput['fields'] = {};
  for (const [k, v] of Object.entries(values)) fields[k] = v.trim() === '' ? null : v.trim();
  return { prospect_id: prospectId, fields, signature_png_base64: isLd(values) ? signature : null };
}

/** A canvas data URL without its `data:image/png;base64,` prefix. */
export function stripDataUrl(url: string): string {
  const i = url.indexOf(',');
  return i >= 0 ? url.slice(i + 1) : url;
}
