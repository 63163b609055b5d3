// The quote editor's pure rules (issue 15): the lines as typed (text fields) ↔ the lines the back
// end takes (integer cents, thousandths, basis points), picking a catalogue product by reference or
// label, and how a quote is named. Amounts and totals are the back end's (tournee-core's
// quote_totals, the one computation in integer cents): nothing here adds money up.
import type { CatalogueChoice } from './bindings/CatalogueChoice';
import type { QuoteLineDto } from './bindings/QuoteLineDto';
import type { QuoteView } from './bindings/QuoteView';
import { centsToEuros, eurosToCents } from './opportunities';

/** The French VAT rates a line may carry, in basis points, as the back end knows them. */
export const VAT_RATES = [2000, 1000, 550, 210, 0] as const;

/** One line as the editor's fields hold it. */
export interface EditorLine {
  /** The catalogue reference it came from; null for a free line. */
  reference: string | null;
  label: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  vatBp: number;
}

/** A decimal as typed (« 1,5 », « 2 », « 0.125 ») scaled by 10^`digits`; `NaN` when not one
 * (more decimals than `digits`, a sign, letters); `null` when blank. */
function scaled(text: string, digits: number): number | null {
  const compact = text.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  if (compact === '') return null;
  if (!new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`).test(compact)) return Number.NaN;
  const [whole, fraction = ''] = compact.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0'));
}

/** A quantity as typed to thousandths (« 1,5 » → 1500). */
export const quantityMilli = (text: string) => scaled(text, 3);

/** A percentage as typed to basis points (« 10 » → 1000, « 12,5 » → 1250). */
export const percentBp = (text: string) => scaled(text, 2);

/** Thousandths or basis points back to the text a field shows (decimals only as needed). */
function unscaled(value: number, digits: number): string {
  const whole = Math.trunc(value / 10 ** digits);
  const rest = value % 10 ** digits;
  if (rest === 0) return String(whole);
  return `${whole},${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

export const quantityText = (milli: number) => unscaled(milli, 3);
export const percentText = (bp: number) => unscaled(bp, 2);

/** A VAT rate as people write it: 550 → « 5,5 % » (fr) / « 5.5% » (en). */
export function vatLabel(bp: number, lang: 'fr' | 'en'): string {
  const text = percentText(bp);
  return lang === 'fr' ? `${text} %` : `${text.replace(',', '.')}%`;
}

/** The catalogue product a typed text names: its reference exactly, else its label exactly, else
 * the only product whose reference or label contains the text (case and accents ignored). */
export function findInCatalogue(catalogue: CatalogueChoice[], text: string): CatalogueChoice | null {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .trim();
  const wanted = fold(text);
  if (!wanted) return null;
  const exact =
    catalogue.find((c) => fold(c.reference) === wanted) ?? catalogue.find((c) => fold(c.label) === wanted);
  if (exact) return exact;
  const near = catalogue.filter((c) => fold(c.reference).includes(wanted) || fold(c.label).includes(wanted));
  return near.length === 1 ? (near[0] ?? null) : null;
}

/** A line taken from the catalogue: its values filled in, editable; one unit, no discount. */
export function lineFromCatalogue(entry: CatalogueChoice): EditorLine {
  return {
    reference: entry.reference,
    label: entry.label,
    quantity: '1',
    unit: entry.unit,
    unitPrice: centsToEuros(entry.unit_price_cents),
    discount: '',
    vatBp: entry.vat_bp,
  };
}

/** A free line, at the standard rate. */
export function freeLine(): EditorLine {
  return { reference: null, label: '', quantity: '1', unit: '', unitPrice: '', discount: '', vatBp: 2000 };
}

/** A stored line as the editor's fields show it. */
export function editorLine(line: QuoteLineDto): EditorLine {
  return {
    reference: line.reference,
    label: line.label,
    quantity: quantityText(line.quantity_milli),
    unit: line.unit,
    unitPrice: centsToEuros(line.unit_price_cents),
    discount: line.discount_bp === 0 ? '' : percentText(line.discount_bp),
    vatBp: line.vat_bp,
  };
}

/** The field a number typed wrong is refused under, named as the back end names it. */
export type LineField = 'quantity_milli' | 'unit_price_cents' | 'discount_bp';

/** The editor's lines as the back end takes them, and the fields typed wrong (`lines[i].field`,
 * as the back end names them, so one map shows both sides' refusals). A blank number is a
 * fault but for the discount (none). The back end checks the rest (bounds, label, VAT). */
export function toDto(lines: EditorLine[]): { lines: QuoteLineDto[]; errors: Record<string, LineField> } {
  const errors: Record<string, LineField> = {};
  const out = lines.map((line, i) => {
    const quantity = quantityMilli(line.quantity);
    const price = eurosToCents(line.unitPrice);
    const discount = percentBp(line.discount);
    if (quantity === null || Number.isNaN(quantity)) errors[`lines[${i}].quantity_milli`] = 'quantity_milli';
    if (price === null || Number.isNaN(price)) errors[`lines[${i}].unit_price_cents`] = 'unit_price_cents';
    if (discount !== null && Number.isNaN(discount)) errors[`lines[${i}].discount_bp`] = 'discount_bp';
    return {
      reference: line.reference,
      label: line.label.trim(),
      quantity_milli: quantity !== null && !Number.isNaN(quantity) ? quantity : 0,
      unit: line.unit.trim(),
      unit_price_cents: price !== null && !Number.isNaN(price) ? price : 0,
      discount_bp: discount !== null && !Number.isNaN(discount) ? discount : 0,
      vat_bp: line.vatBp,
    };
  });
  return { lines: out, errors };
}

/** What names a quote to the rep: its number once the server gave it, else its temporary one. */
export function quoteName(q: Pick<QuoteView, 'number' | 'temp_ref'>): { provisional: boolean; ref: string } {
  return q.number ? { provisional: false, ref: q.number } : { provisional: true, ref: q.temp_ref };
}

/** What may be done with a quote in its status: edited (draft or sent), sent (draft), signed or
 * refused (sent). The back end's lifecycle decides; this only decides the buttons offered. */
export function quoteActions(status: QuoteView['status']): { edit: boolean; send: boolean; sign: boolean; refuse: boolean } {
  return {
    edit: status === 'draft' || status === 'sent',
    send: status === 'draft',
    sign: status === 'sent',
    refuse: status === 'sent',
  };
}
