// Search store: debounced as-you-type calls; a late answer to an older query never replaces a newer one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '../src/lib/bindings/SearchResult';
import { SearchStore, TypeAhead } from '../src/lib/stores/search.svelte';

const result = (name: string, truncated = false): SearchResult => ({
  hits: [{ c_client: name, nom_client: name, ville_fac: null, bur_dis_fac: null, c_agence: null, in_portfolio: true }],
  truncated,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SearchStore', () => {
  it('debounces keystrokes into one call with the last query', async () => {
    const fetch = vi.fn(async (q: string) => result(q));
    const s = new SearchStore(fetch, 120);
    s.setQuery('g');
    await vi.advanceTimersByTimeAsync(50);
    s.setQuery('ga');
    await vi.advanceTimersByTimeAsync(50);
    s.setQuery('gar*');
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(120);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('gar*');
    expect(s.result?.hits[0]?.c_client).toBe('gar*');
  });

  it('ignores an answer that arrives after a newer one', async () => {
    const pending = new Map<string, ReturnType<typeof deferred<SearchResult>>>();
    const fetch = vi.fn((q: string) => {
      const d = deferred<SearchResult>();
      pending.set(q, d);
      return d.promise;
    });
    const s = new SearchStore(fetch, 120);
    s.setQuery('mar');
    await vi.advanceTimersByTimeAsync(120);
    s.setQuery('martin');
    await vi.advanceTimersByTimeAsync(120);
    expect(fetch).toHaveBeenCalledTimes(2);

    pending.get('martin')!.resolve(result('martin', true));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.result?.hits[0]?.c_client).toBe('martin');
    expect(s.result?.truncated).toBe(true);

    pending.get('mar')!.resolve(result('mar'));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.result?.hits[0]?.c_client).toBe('martin');
    expect(s.loading).toBe(false);
  });

  it('clears results on an empty query and drops answers still on their way', async () => {
    const d = deferred<SearchResult>();
    const s = new SearchStore(() => d.promise, 120);
    s.setQuery('abc');
    await vi.advanceTimersByTimeAsync(120);
    s.setQuery('  ');
    d.resolve(result('abc'));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.result).toBeNull();
  });

  it('keeps the error of the newest request only', async () => {
    const s = new SearchStore(async () => Promise.reject({ code: 'internal', field: null, values: { detail: 'x' }, problems: [] }), 10);
    s.setQuery('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(s.error?.values.detail).toBe('x');
    expect(s.loading).toBe(false);
  });
});

describe('TypeAhead listing everything on an empty query', () => {
  it('asks the back end with an empty query instead of clearing', async () => {
    const fetch = vi.fn(async (q: string) => [q]);
    const s = new TypeAhead<string[]>(fetch, 120, true);
    await s.run();
    expect(fetch).toHaveBeenCalledWith('');
    expect(s.result).toEqual(['']);
    s.setQuery('fer');
    await vi.advanceTimersByTimeAsync(120);
    s.setQuery('  ');
    await vi.advanceTimersByTimeAsync(120);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['', 'fer', '']);
    expect(s.result).toEqual(['']);
  });
});
