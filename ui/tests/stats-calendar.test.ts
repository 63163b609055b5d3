// « Stats » and « Historique » screens against a mocked back end: queries sent, charts drawn, exports, admin rep choice.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarView, reps, stats, status } from '../dev/fixtures';
import type { CalendarQuery } from '../src/lib/bindings/CalendarQuery';
import type { StatsQuery } from '../src/lib/bindings/StatsQuery';
import BarChart from '../src/lib/components/BarChart.svelte';
import { nav } from '../src/lib/stores/nav.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import CalendarScreen from '../src/screens/calendar/CalendarScreen.svelte';
import StatsScreen from '../src/screens/stats/StatsScreen.svelte';
import { mockBackend } from './backend';

function backend(admin: boolean, viewer = true) {
  appState.apply(status({ user: { ...status().user!, is_admin: admin } }));
  return mockBackend({
    open_export: () => {
      if (viewer) return null;
      throw { code: 'not_opened', field: null, values: { path: '/home/r/stats.pdf' }, problems: [] };
    },
    stats: (a) => stats(a.query as StatsQuery),
    print_stats: () => ({ path: '/home/r/stats.pdf', bytes: 1000 }),
    list_reps: () => reps,
    calendar: (a) => calendarView(a.query as CalendarQuery),
    export_calendar: () => ({ path: '/home/r/visites.ics', bytes: 500 }),
  }).called;
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('BarChart', () => {
  it('stacks series, prints totals and keeps a legend entry per series', () => {
    render(BarChart, {
      testid: 'chart-test',
      title: 'Visites',
      labels: ['sept.', 'oct.'],
      series: [
        { name: 'TRANS', values: [3, 0] },
        { name: 'Prospects', values: [1, 4] },
      ],
      stacked: true,
    });
    const chart = screen.getByTestId('chart-test');
    const rects = [...chart.querySelectorAll('rect[data-series]')];
    expect(rects.map((r) => `${r.getAttribute('data-series')}=${r.getAttribute('data-value')}`)).toEqual(['TRANS=3', 'Prospects=1', 'Prospects=4']);
    expect([...chart.querySelectorAll('[data-total]')].map((t) => t.textContent?.trim())).toEqual(['4', '4']);
    // Both months total 4: their stacks reach the same height.
    const top = (r: Element) => Number(r.getAttribute('y'));
    expect(top(rects[1]!)).toBeCloseTo(top(rects[2]!));
    expect(chart.querySelectorAll('.legend li')).toHaveLength(2);
    expect(chart.querySelector('pattern')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    // The figures, as a table a screen reader can walk (the drawing is one image to it).
    const figures = screen.getByTestId('chart-test-figures');
    const rows = [...figures.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ['Série', 'sept.', 'oct.'],
      ['TRANS', '3', '0'],
      ['Prospects', '1', '4'],
      ['Total', '4', '4'],
    ]);
    expect(figures.querySelector('caption')).toHaveTextContent('Visites');
  });
});

describe('StatsScreen', () => {
  it('asks 12 months for the signed-in rep by default and draws every chart', async () => {
    const called = backend(false);
    render(StatsScreen, { active: true });
    expect(await screen.findByTestId('stats-rep-name')).toHaveTextContent('Marie Dupont');
    expect(screen.getByTestId('stats-period-label')).toHaveTextContent('12 derniers mois');
    expect(called('stats')).toEqual([{ query: { rep: null, period: '12m' } }]);
    expect((screen.getByTestId('stats-period') as HTMLSelectElement).value).toBe('12m');
    expect([...(screen.getByTestId('stats-period') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Mois en cours',
      '3 derniers mois',
      '6 derniers mois',
      '12 derniers mois',
      'Année en cours',
      'Année N-1',
    ]);
    for (const id of ['chart-visits', 'chart-proposals', 'chart-ca', 'stats-shares']) expect(screen.getByTestId(id)).toBeInTheDocument();
    expect(screen.getByTestId('chart-visits').querySelectorAll('.legend li')).toHaveLength(4);
    expect(screen.getByTestId('share-clients')).toHaveTextContent(/61\s%/);
    expect(screen.queryByTestId('stats-rep')).toBeNull();
    expect(called('list_reps')).toHaveLength(0);

    await fireEvent.change(screen.getByTestId('stats-period'), { target: { value: '3m' } });
    await waitFor(() => expect(called('stats').at(-1)).toEqual({ query: { rep: null, period: '3m' } }));
  });

  it('lets an admin pick a rep, and prints', async () => {
    const called = backend(true);
    render(StatsScreen, { active: true });
    const rep = (await screen.findByTestId('stats-rep')) as HTMLSelectElement;
    await waitFor(() => expect(rep.options).toHaveLength(3));
    await fireEvent.change(rep, { target: { value: 'R09' } });
    await waitFor(() => expect(called('stats').at(-1)).toEqual({ query: { rep: 'R09', period: '12m' } }));
    await waitFor(() => expect(screen.getByTestId('btn-print')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('btn-print'));
    expect(await screen.findByTestId('export-path')).toHaveTextContent('/home/r/stats.pdf');
    expect(called('print_stats')).toEqual([{ query: { rep: 'R09', period: '12m' } }]);
    // « Imprimer » hands the PDF to the desktop's viewer, the path staying in view.
    await waitFor(() => expect(called('open_export')).toEqual([{ path: '/home/r/stats.pdf' }]));
    await waitFor(() => expect(screen.getByTestId('export-notice')).toHaveAttribute('data-opened', 'true'));
    expect(screen.getByTestId('export-notice')).toHaveTextContent('Fichier ouvert dans votre visionneuse');
  });

  it('keeps the PDF’s path in view when no viewer opens it, and offers to try again', async () => {
    const called = backend(false, false);
    render(StatsScreen, { active: true });
    await waitFor(() => expect(screen.getByTestId('btn-print')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('btn-print'));
    expect(await screen.findByTestId('export-open-error')).toHaveTextContent("Aucune application n'a pu ouvrir le fichier ; il est enregistré ici : /home/r/stats.pdf");
    expect(screen.getByTestId('export-path')).toHaveTextContent('/home/r/stats.pdf');
    expect(screen.getByTestId('export-notice')).toHaveAttribute('data-opened', 'false');
    await fireEvent.click(screen.getByTestId('export-open'));
    await waitFor(() => expect(called('open_export')).toHaveLength(2));
  });

  it('fetches nothing while hidden', async () => {
    const called = backend(false);
    render(StatsScreen, { active: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(called('stats')).toHaveLength(0);
  });
});

describe('CalendarScreen', () => {
  it('shows the weeks of the month, Monday first, and moves by month, week and day', async () => {
    const called = backend(false);
    render(CalendarScreen, { active: true });
    expect(await screen.findByTestId('cal-title')).toHaveTextContent('Novembre 2026');
    await waitFor(() => expect(called('calendar')).toEqual([{ query: { rep: null, from: '2026-10-26', to: '2026-12-06' } }]));
    expect((await screen.findAllByTestId('cal-event')).length).toBeGreaterThan(0);

    await fireEvent.click(screen.getByTestId('cal-next'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent('Décembre 2026');
    await waitFor(() => expect(called('calendar').at(-1)).toEqual({ query: { rep: null, from: '2026-11-30', to: '2027-01-03' } }));

    await fireEvent.click(screen.getByTestId('cal-today'));
    await fireEvent.click(screen.getByTestId('cal-view-week'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent('Semaine du 23/11/2026 au 29/11/2026');
    await fireEvent.click(screen.getByTestId('cal-prev'));
    await waitFor(() => expect(called('calendar').at(-1)).toEqual({ query: { rep: null, from: '2026-11-16', to: '2026-11-22' } }));

    await fireEvent.click(screen.getByTestId('cal-view-day'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent('Lundi 16 novembre 2026');
  });

  it('marks pending visits, opens one in full and then its card', async () => {
    backend(false);
    render(CalendarScreen, { active: true });
    await screen.findAllByTestId('cal-event');
    const pending = document.querySelector('[data-testid="cal-event"][data-pending="true"]') as HTMLElement;
    expect(pending).toHaveTextContent('en attente');
    expect(pending.getAttribute('data-key')).toBeTruthy();
    await fireEvent.click(pending);
    const detail = await screen.findByTestId('cal-event-detail');
    expect(detail).toHaveTextContent('Garage Martin');
    expect(screen.getByTestId('cal-detail-time')).toHaveTextContent('09:15');
    await fireEvent.click(screen.getByTestId('cal-open-card'));
    expect(nav.screen).toBe('clients');
    expect(nav.clientCode).toBe('C00123');
    expect(screen.queryByTestId('cal-event-detail')).toBeNull();
  });

  it('exports the displayed range as .ics and shows where', async () => {
    const called = backend(true);
    render(CalendarScreen, { active: true });
    await screen.findAllByTestId('cal-event');
    await fireEvent.click(screen.getByTestId('btn-export-ics'));
    expect(await screen.findByTestId('export-path')).toHaveTextContent('/home/r/visites.ics');
    expect(called('export_calendar')).toEqual([{ query: { rep: null, from: '2026-10-26', to: '2026-12-06' } }]);
    await waitFor(() => expect(called('open_export')).toEqual([{ path: '/home/r/visites.ics' }]));
    expect(screen.getByTestId('cal-rep')).toBeInTheDocument();
  });

  it('says how far back another rep’s visits go and hatches the days before, never on the rep’s own', async () => {
    backend(true);
    render(CalendarScreen, { active: true });
    await screen.findAllByTestId('cal-event');
    expect(screen.queryByTestId('cal-window-note')).toBeNull();
    expect(document.querySelector('[data-unknown="true"]')).toBeNull();

    const select = (await screen.findByTestId('cal-rep')) as HTMLSelectElement;
    await waitFor(() => expect(select.querySelectorAll('option').length).toBeGreaterThan(1));
    await fireEvent.change(select, { target: { value: 'R09' } });
    // 42 days before 23/11/2026: the 12th of October, before the month shown.
    await fireEvent.click(screen.getByTestId('cal-prev'));
    const note = await screen.findByTestId('cal-window-note');
    expect(note).toHaveTextContent('Les visites des autres commerciaux sont disponibles sur les 42 derniers jours (depuis le 12/10/2026)');
    const unknown = [...document.querySelectorAll('[data-unknown="true"]')].map((d) => d.getAttribute('data-day'));
    expect(unknown[0]).toBe('2026-09-28');
    expect(unknown.at(-1)).toBe('2026-10-11');
    expect(document.querySelector('[data-day="2026-10-12"]')?.getAttribute('data-unknown')).toBeNull();
    for (const day of unknown) expect(document.querySelector(`[data-day="${day}"] [data-testid="cal-event"]`)).toBeNull();
  });
});
