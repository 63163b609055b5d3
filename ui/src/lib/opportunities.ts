// The opportunities screen's pure rules (issue 15): euros typed ↔ cents, hours from the back
// end's tenths, where a dragged card may go (the next stage, or back), and the board's summary.
// The pipeline's rules themselves are the back end's (tournee-core), checked before writing:
// these only decide what the screen offers.
import type { OpportunityBoard } from './bindings/OpportunityBoard';
import type { Stage } from './bindings/Stage';

/** Euros as typed (« 5000 », « 5 000,50 », « 5000.5 ») to cents; `null` for blank, `NaN` when not an amount. */
export function eurosToCents(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (compact === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return Number.NaN;
  const [whole, fraction = ''] = compact.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Cents to the euros a field shows for editing (« 5000 », « 5000,5 » → « 5000,50 »). */
export function centsToEuros(cents: number | null): string {
  if (cents === null) return '';
  const whole = Math.trunc(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, '0')}`;
}

/** Tenths of an hour to hours with one decimal, in the language's form (« 36 », « 7,5 »). */
export function hoursText(tenths: number, lang: 'fr' | 'en'): string {
  const hours = tenths / 10;
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** Where a card at stage `from` may be dropped: the next stage, or any earlier one (never a skip,
 * never where it is). A stage unknown to the pipeline may go anywhere, as the back end allows. */
export function canDrop(stages: Stage[], from: string, to: string): boolean {
  const at = stages.findIndex((s) => s.code === from);
  const target = stages.findIndex((s) => s.code === to);
  if (target < 0 || from === to) return false;
  if (at < 0) return true;
  return target <= at + 1;
}

/** The label of stage `code` (its code when the pipeline no longer has it). */
export function stageLabel(stages: Stage[], code: string | null): string {
  if (code === null) return '';
  return stages.find((s) => s.code === code)?.label ?? code;
}

/** How many open opportunities the board holds, and their total value in cents. */
export function boardSummary(board: OpportunityBoard): { open: number; cents: number } {
  return board.columns.reduce(
    (sum, column) => ({ open: sum.open + column.cards.length, cents: sum.cents + column.total_cents }),
    { open: 0, cents: 0 },
  );
}

/** « 2027-02 » → « février 2027 » / « February 2027 ». */
export function monthLabel(month: string, lang: 'fr' | 'en'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
