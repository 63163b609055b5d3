// Wires a dialog to its draft: restore on open, debounced save on every change, flush on close.
import { onMount } from 'svelte';
import { Draft, type DraftBackend } from './drafts';

export type Autosave = {
  readonly ready: boolean;
  readonly restored: boolean;
  discard: () => Promise<void>;
};

/**
 * Call during component init. `snapshot` must read every piece of state to save (it is tracked);
 * `restore` receives the saved value, already parsed, when a draft exists. When `isEmpty` says the
 * value holds nothing typed (an edit dialog still showing the record's values), no draft is kept.
 */
export function autosave<T>(
  key: string,
  snapshot: () => T,
  restore: (saved: T) => void,
  backend?: DraftBackend,
  isEmpty?: (value: T) => boolean,
): Autosave {
  const draft = new Draft<T>(key, backend);
  const flags = $state({ ready: false, restored: false });

  onMount(() => {
    let alive = true;
    void draft.load().then((saved) => {
      if (!alive) return;
      if (saved !== null) {
        try {
          restore(saved);
          flags.restored = true;
        } catch {
          // An unreadable draft is ignored: the form starts empty.
        }
      }
      flags.ready = true;
    });
    return () => {
      alive = false;
      void draft.flush();
    };
  });

  $effect(() => {
    const value = snapshot();
    if (!flags.ready) return;
    if (isEmpty?.(value)) void draft.forget();
    else draft.schedule(value);
  });

  return {
    get ready() {
      return flags.ready;
    },
    get restored() {
      return flags.restored;
    },
    discard: () => draft.discard(),
  };
}
