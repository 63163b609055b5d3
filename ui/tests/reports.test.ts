// « Rapports »: the default period, each report turned into bars as the back office draws them (a long
// period per year, the time to close longest first, a bar's length against the longest), and the screen
// against a mocked back end: five charts each followed by its figures, the period sent by « Afficher », a
// bad day said in French under its field while the figures shown stay.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesReports } from '../src/lib/bindings/SalesReports';
import { i18n } from '../src/lib/i18n/index.svelte';
import { addDays, bars, closeTimesLongestFirst, funnelSteps, lastTwelveMonths, perMonthOrYear, returnOnCost, salesPerPeriod } from '../src/lib/reports';
import ReportsScreen from '../src/screens/reports/ReportsScreen.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  i18n.lang = 'fr';
});

const report: SalesReports = {
  from: '2025-11-24',
  to: '2026-11-23',
  sales: [
    { month: '2026-10', rep: 'jdupont', rep_name: 'Jean Dupont', won: 2, won_cents: 300_000 },
    { month: '2026-10', rep: 'mmartin', rep_name: 'Marie Martin', won: 1, won_cents: 100_000 },
    { month: '2026-11', rep: 'jdupont', rep_name: 'Jean Dupont', won: 1, won_cents: 200_000 },
  ],
  funnel: { leads: 40, prospects: 20, opportunities: 10, won: 4 },
  forecast: [
    { month: '2026-12', cents: 80_000 },
    { month: '2027-01', cents: 160_000 },
  ],
  close_times: [
    { rep: 'jdupont', rep_name: 'Jean Dupont', closed: 3, hours_tenths: 505 },
    { rep: 'mmartin', rep_name: 'Marie Martin', closed: 1, hours_tenths: 1010 },
  ],
  campaigns: [
    { id: 'C1', name: 'House & Design', starts_on: '2026-10-05', cost_cents: 150_000, leads: 24, opportunities: 6, won_cents: 450_000 },
    { id: 'C2', name: 'Portes ouvertes', starts_on: '2026-11-02', cost_cents: 0, leads: 3, opportunities: 0, won_cents: 0 },
  ],
  pending: 2,
};

describe('the reports turned into bars', () => {
  it('takes the last 12 months up to today by default, a 29 February included', () => {
    expect(lastTwelveMonths('2026-11-23')).toEqual({ from: '2025-11-24', to: '2026-11-23' });
    expect(lastTwelveMonths('2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(lastTwelveMonths('2026-01-01')).toEqual({ from: '2025-01-02', to: '2026-01-01' });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('adds the reps up per month, and a period past 24 months per year', () => {
    expect(salesPerPeriod(report)).toEqual({
      byYear: false,
      rows: [
        ['2026-10', 400_000],
        ['2026-11', 200_000],
      ],
    });
    const months = new Map(Array.from({ length: 30 }, (_, i) => [`${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, 100]));
    expect(perMonthOrYear(months)).toEqual({
      byYear: true,
      rows: [
        ['2024', 1200],
        ['2025', 1200],
        ['2026', 600],
      ],
    });
  });

  it('draws each bar against the longest, a zero as nothing, the longest time to close first', () => {
    const rows = bars(
      [
        { key: 'a', label: 'A', values: [50, 100] },
        { key: 'b', label: 'B', values: [0, -5] },
      ],
      (v) => `${v} €`,
    );
    expect(rows[0]?.bars.map((b) => [b.share, b.figure])).toEqual([
      [0.5, '50 €'],
      [1, '100 €'],
    ]);
    expect(rows[1]?.bars.map((b) => b.share)).toEqual([0, 0]);
    expect(closeTimesLongestFirst(report).map((c) => c.rep)).toEqual(['mmartin', 'jdupont']);
    expect(funnelSteps(report).map(([step]) => step)).toEqual(['leads', 'prospects', 'opportunities', 'won']);
    expect(returnOnCost(report.campaigns[0]!)).toBe(3);
    expect(returnOnCost(report.campaigns[1]!)).toBeNull();
  });
});

describe('the « Rapports » screen', () => {
  it('shows each report as a chart followed by its figures, and asks the period typed', async () => {
    const backend = mockBackend({ sales_reports: () => report });
    render(ReportsScreen, { active: true });
    const sales = await screen.findByTestId('report-sales');
    // The chart is one picture named for screen readers; its bars and the table after it hold the figures.
    const chart = within(sales).getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('Ventes gagnées HT, par mois de clôture (chiffres dans le tableau qui suit)');
    expect(within(sales).getAllByTestId('chart-sales-row').map((r) => r.dataset.key)).toEqual(['2026-10', '2026-11']);
    expect(within(sales).getByTestId('report-sales-total').dataset.cents).toBe('600000');
    expect(within(sales).getAllByTestId('report-sales-line')).toHaveLength(3);
    expect(screen.getAllByTestId('report-funnel-step').map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Pistes créées40100 %',
      'Devenues prospects2050 %',
      'Avec une opportunité1025 %',
      'Gagnées410 %',
    ]);
    expect(screen.getAllByTestId('report-close-line').map((r) => r.dataset.rep)).toEqual(['mmartin', 'jdupont']);
    expect(screen.getByTestId('report-close-times').textContent).toContain('101 h');
    expect(screen.getAllByTestId('report-forecast-month')).toHaveLength(2);
    const campaigns = screen.getAllByTestId('report-campaign');
    expect(campaigns[0]?.textContent).toContain('× 3');
    expect(campaigns[1]?.textContent).toContain('—');
    expect(screen.getByTestId('reports-pending').textContent).toContain('2 enregistrement(s)');
    // The last 12 months up to today were asked first.
    const first = backend.called('sales_reports')[0]?.query as { from: string; to: string };
    expect(first.from < first.to).toBe(true);

    await fireEvent.input(screen.getByTestId('reports-from'), { target: { value: '2026-01-01' } });
    await fireEvent.input(screen.getByTestId('reports-to'), { target: { value: '2026-06-30' } });
    await fireEvent.submit(screen.getByTestId('reports-form'));
    await waitFor(() => expect(backend.called('sales_reports').at(-1)).toEqual({ query: { from: '2026-01-01', to: '2026-06-30' } }));
  });

  it('says a bad day under its field, in French, and keeps the figures shown', async () => {
    mockBackend({
      sales_reports: (args) => {
        const query = args.query as { from: string };
        // A date field left incomplete (or an impossible day) reads as blank: the back end says so.
        if (query.from === '') {
          throw {
            code: 'invalid_date',
            field: 'from',
            values: { field: 'from' },
            problems: [{ code: 'invalid_date', field: 'from', values: { field: 'from' } }],
          };
        }
        return report;
      },
    });
    render(ReportsScreen, { active: true });
    await screen.findByTestId('report-sales');
    await fireEvent.input(screen.getByTestId('reports-from'), { target: { value: '' } });
    await fireEvent.submit(screen.getByTestId('reports-form'));
    const error = await screen.findByTestId('error-from');
    expect(error.textContent).toBe('Le champ « date de début » doit être une date valide (AAAA-MM-JJ).');
    expect(screen.getByTestId('reports-from').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('report-sales')).toBeInTheDocument();
  });
});
