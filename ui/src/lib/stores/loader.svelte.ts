// One back-end answer shown by a component: the newest request wins, the old value stays shown while re-fetching.
import { untrack } from 'svelte';
import type { CommandError } from '../bindings/CommandError';
import { appState } from './status.svelte';

export class Loader<T> {
  value = $state<T | null>(null);
  error = $state<CommandError | null>(null);
  loading = $state(false);
  private seq = 0;
  private key: string | null = null;

  /** Runs `fetch` unless the last run was for the same `key` (a screen shown again keeps its data). */
  runFor(key: string, fetch: () => Promise<T>): void {
    if (key === this.key) return;
    this.key = key;
    this.run(fetch);
  }

  /** Calls `fetch` now (synchronously, so an effect tracks what it reads); answers of older calls are dropped. */
  run(fetch: () => Promise<T>): void {
    const id = ++this.seq;
    this.loading = true;
    fetch().then(
      (v) => {
        if (id !== this.seq) return;
        this.value = v;
        this.error = null;
        this.loading = false;
      },
      (e: CommandError) => {
        if (id !== this.seq) return;
        this.error = e;
        this.loading = false;
      },
    );
  }

  /** Forgets the value (another record was chosen) and any answer still on its way. */
  clear(): void {
    this.seq++;
    this.key = null;
    this.value = null;
    this.error = null;
    this.loading = false;
  }
}

/**
 * Keeps `loader` on the record named by `key()` (a card): fetched again when the key or the
 * offline data change; the old record stays shown meanwhile so open dialogs keep living, but a
 * different record clears it first and calls `onSwitch`. Call during component set-up.
 */
export function followRecord<T>(
  loader: Loader<T>,
  key: () => string,
  keyOf: (value: T) => string,
  fetch: (key: string) => Promise<T>,
  onSwitch: () => void,
): void {
  $effect(() => {
    const k = key();
    void appState.dataVersion;
    untrack(() => {
      if (loader.value && keyOf(loader.value) !== k) {
        loader.clear();
        onSwitch();
      }
    });
    loader.run(() => fetch(k));
  });
}
