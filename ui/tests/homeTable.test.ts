// The home table draws a screenful of rows first, then the rest in short steps once those are
// painted: the first rows do not wait for the full demo's 1,565, and the page answers between steps.
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { HomeRow } from '../src/lib/bindings/HomeRow';
import HomeTable from '../src/screens/home/HomeTable.svelte';

afterEach(cleanup);

const rows: HomeRow[] = Array.from({ length: 500 }, (_, i) => ({
  c_client: `C${String(i).padStart(5, '0')}`,
  nom_client: `Garage ${i}`,
  c_agence: 'A01',
  date_revoir: '2026-12-10',
  revisit_in_days: 5,
  last_visit: null,
  days_since_visit: null,
  revisit_pending: false,
}));

describe('home table', () => {
  it('draws 60 rows first, then the rest in steps, in order', async () => {
    render(HomeTable, { rows, mode: 'revisit', selected: null, onselect: () => undefined });
    expect(screen.getAllByTestId('home-row')).toHaveLength(60);

    const seen = new Set<number>();
    await waitFor(() => {
      const count = screen.getAllByTestId('home-row').length;
      seen.add(count);
      expect(count).toBe(500);
    });
    // At least one step between the first screenful and the whole list.
    expect([...seen].some((n) => n > 60 && n < 500)).toBe(true);
    const codes = screen.getAllByTestId('home-row').map((r) => r.getAttribute('data-code'));
    expect(codes).toEqual(rows.map((r) => r.c_client));
  });

  it('draws a short list at once', () => {
    render(HomeTable, { rows: rows.slice(0, 12), mode: 'last', selected: null, onselect: () => undefined });
    expect(screen.getAllByTestId('home-row')).toHaveLength(12);
  });
});
