// Dev-only: in-memory quotes answering the quote commands for the browser mock (the axe tests' « Devis »
// states): the catalogue, one sent quote on opportunity O1, the editor's totals, drafts, sending, signing.
// The totals here only stand in for the back end's (tournee-core's quote_totals, the one computation):
// the WebDriver tests check the real ones.
import type { CatalogueChoice } from '../src/lib/bindings/CatalogueChoice';
import type { QuoteInput } from '../src/lib/bindings/QuoteInput';
import type { QuoteLineDto } from '../src/lib/bindings/QuoteLineDto';
import type { QuoteTotalsView } from '../src/lib/bindings/QuoteTotalsView';
import type { QuoteView } from '../src/lib/bindings/QuoteView';

type Args = Record<string, unknown>;

const catalogue: CatalogueChoice[] = [
  { reference: 'PN-20555R16-E', label: 'Pneu tourisme 205/55 R16 91V été', unit: 'pièce', unit_price_cents: 8_900, vat_bp: 2000 },
  { reference: 'MO-MONTAGE', label: 'Montage et équilibrage', unit: 'pièce', unit_price_cents: 1_800, vat_bp: 2000 },
  { reference: 'SV-GARDIENNAGE', label: "Gardiennage d'un train de pneus, une saison", unit: 'forfait', unit_price_cents: 4_000, vat_bp: 2000 },
];

/** Half-up division of non-negative integers, as the core rounds. */
const halfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

function totals(lines: QuoteLineDto[]): QuoteTotalsView {
  const nets = lines.map((l) => halfUp(l.quantity_milli * l.unit_price_cents * (10_000 - l.discount_bp), 10_000_000));
  const rates = [...new Set(lines.map((l) => l.vat_bp))].sort((a, b) => a - b);
  const vat = rates.map((rate) => {
    const base = lines.reduce((s, l, i) => s + (l.vat_bp === rate ? (nets[i] ?? 0) : 0), 0);
    return { vat_bp: rate, base_cents: base, vat_cents: halfUp(base * rate, 10_000) };
  });
  const excl = nets.reduce((s, n) => s + n, 0);
  const vatCents = vat.reduce((s, v) => s + v.vat_cents, 0);
  return { line_nets_cents: nets, excl_vat_cents: excl, vat, vat_cents: vatCents, incl_vat_cents: excl + vatCents };
}

const line = (c: CatalogueChoice, quantity: number, discount = 0): QuoteLineDto => ({
  reference: c.reference,
  label: c.label,
  quantity_milli: quantity * 1000,
  unit: c.unit,
  unit_price_cents: c.unit_price_cents,
  discount_bp: discount,
  vat_bp: c.vat_bp,
});

const [tyre, fitting] = catalogue as [CatalogueChoice, CatalogueChoice, CatalogueChoice];
const firstLines = [line(tyre, 40, 500), line(fitting, 40)];
const all: QuoteView[] = [
  {
    id: 'D1',
    party_id: 'P1',
    party_name: 'Transports Rhône Logistique',
    opportunity_id: 'O1',
    number: 'D-2026-12',
    temp_ref: 'P-jdupont-01JD0Q01',
    status: 'sent',
    valid_until: '2026-12-31',
    created_at: '2026-11-20T09:00:00Z',
    signed: false,
    signer_name: null,
    signed_at: null,
    lines: firstLines,
    totals: totals(firstLines),
    pending: false,
  },
];

const find = (id: unknown): QuoteView => {
  const q = all.find((x) => x.id === id);
  if (!q) throw { code: 'unknown_record', field: null, values: { entity: 'quote', id: String(id) }, problems: [] };
  return q;
};
const written = (q: QuoteView) => ({ id: q.id, waiting_for_server: false });

export const quoteCommands: Record<string, (a: Args) => unknown> = {
  quote_catalogue: () => catalogue,
  opportunity_quotes: (a) => all.filter((q) => q.opportunity_id === a.opportunityId),
  quote: (a) => find(a.id),
  quote_totals: (a) => totals(a.lines as QuoteLineDto[]),
  create_quote: (a) => {
    const input = a.input as QuoteInput;
    const id = `D${all.length + 1}-mock`;
    all.unshift({
      ...(all[0] as QuoteView),
      id,
      opportunity_id: input.opportunity_id,
      number: null,
      temp_ref: `P-jdupont-${id}`,
      status: 'draft',
      valid_until: input.valid_until ?? '2026-12-31',
      lines: input.lines,
      totals: totals(input.lines),
      pending: true,
    });
    return { id, waiting_for_server: false };
  },
  update_quote: (a) => {
    const q = find(a.id);
    const input = a.input as { lines: QuoteLineDto[]; valid_until: string };
    Object.assign(q, { lines: input.lines, valid_until: input.valid_until, totals: totals(input.lines), pending: true });
    return written(q);
  },
  send_quote: (a) => written(Object.assign(find(a.id), { status: 'sent', pending: true })),
  refuse_quote: (a) => written(Object.assign(find(a.id), { status: 'refused', pending: true })),
  accept_quote: (a) => {
    const input = a.input as { signer_name: string };
    return written(Object.assign(find(a.id), { status: 'accepted', signed: true, signer_name: input.signer_name, pending: true }));
  },
};
