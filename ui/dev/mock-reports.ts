// Dev-only: « Rapports » for the browser mock (the axe tests' state): the five reports of a rep's year, and
// « Imprimer » answering a written file.
import type { ReportQuery } from '../src/lib/bindings/ReportQuery';
import type { SalesReports } from '../src/lib/bindings/SalesReports';

type Args = Record<string, unknown>;

const reports = (query: ReportQuery): SalesReports => ({
  from: query.from,
  to: query.to,
  sales: [
    { month: '2026-09', rep: 'mdupont', rep_name: 'Marc Dupont', won: 2, won_cents: 1_240_000 },
    { month: '2026-10', rep: 'mdupont', rep_name: 'Marc Dupont', won: 1, won_cents: 480_000 },
    { month: '2026-11', rep: 'mdupont', rep_name: 'Marc Dupont', won: 3, won_cents: 2_015_050 },
  ],
  funnel: { leads: 48, prospects: 31, opportunities: 12, won: 5 },
  forecast: [
    { month: '2026-12', cents: 360_000 },
    { month: '2027-01', cents: 1_120_000 },
    { month: '2027-02', cents: 96_000 },
  ],
  close_times: [{ rep: 'mdupont', rep_name: 'Marc Dupont', closed: 9, hours_tenths: 3_125 }],
  campaigns: [
    { id: 'C1', name: 'Salon House & Design', starts_on: '2026-10-06', cost_cents: 450_000, leads: 24, opportunities: 6, won_cents: 1_240_000 },
  ],
  pending: 1,
});

export const reportCommands: Record<string, (a: Args) => unknown> = {
  sales_reports: (a) => reports(a.query as ReportQuery),
  print_reports: (a) => ({ path: `/home/mdupont/Documents/Tournée/rapports-${(a.query as ReportQuery).from}-${(a.query as ReportQuery).to}.pdf`, bytes: 61_204 }),
};
