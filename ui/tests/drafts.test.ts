// Draft store: saves debounced to the last value, flushes on demand, stops after discard.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Draft, flushAllDrafts, type DraftBackend } from '../src/lib/stores/drafts';

function memory() {
  const store = new Map<string, string>();
  const backend: DraftBackend = {
    save: vi.fn(async (k: string, v: string) => void store.set(k, v)),
    load: vi.fn(async (k: string) => store.get(k) ?? null),
    discard: vi.fn(async (k: string) => void store.delete(k)),
  };
  return { store, backend };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Draft', () => {
  it('writes once, 300 ms after the last change, with the last value', async () => {
    const { store, backend } = memory();
    const d = new Draft<{ comment: string }>('visit:C1', backend, 300);
    d.schedule({ comment: 'B' });
    await vi.advanceTimersByTimeAsync(200);
    d.schedule({ comment: 'Bo' });
    await vi.advanceTimersByTimeAsync(200);
    d.schedule({ comment: 'Bonjour' });
    expect(backend.save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(backend.save).toHaveBeenCalledTimes(1);
    expect(store.get('visit:C1')).toBe('{"comment":"Bonjour"}');
    expect(await d.load()).toEqual({ comment: 'Bonjour' });
  });

  it('flushes a waiting save at once (window closing)', async () => {
    const { store, backend } = memory();
    const d = new Draft<number[]>('fleet:C1', backend, 300);
    d.schedule([1, 2]);
    flushAllDrafts();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.get('fleet:C1')).toBe('[1,2]');
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.save).toHaveBeenCalledTimes(1);
  });

  it('discard cancels the waiting save and deletes the draft', async () => {
    const { store, backend } = memory();
    store.set('modif:C1', '"old"');
    const d = new Draft<string>('modif:C1', backend, 300);
    d.schedule('new');
    await d.discard();
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.save).not.toHaveBeenCalled();
    expect(store.has('modif:C1')).toBe(false);
    d.schedule('after');
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.save).not.toHaveBeenCalled();
  });

  it('reads a missing or corrupt draft as null', async () => {
    const { store, backend } = memory();
    expect(await new Draft('x', backend).load()).toBeNull();
    store.set('y', '{not json');
    expect(await new Draft('y', backend).load()).toBeNull();
  });
});
