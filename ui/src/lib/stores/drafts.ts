// Debounced autosave of dialog input through draft_save, so nothing typed is lost on close or crash.
import * as api from '../api';

export type DraftBackend = {
  save: (key: string, value: string) => Promise<unknown>;
  load: (key: string) => Promise<string | null>;
  discard: (key: string) => Promise<unknown>;
};

const tauriBackend: DraftBackend = { save: api.draftSave, load: api.draftLoad, discard: api.draftDiscard };

const live = new Set<Draft<unknown>>();
if (typeof window !== 'undefined') {
  // Last chance when the window goes away: write whatever is still waiting.
  window.addEventListener('pagehide', () => flushAllDrafts());
  window.addEventListener('beforeunload', () => flushAllDrafts());
}

/** Writes every draft with a save still waiting for its debounce; resolves once all are
 * written (before an update is installed). */
export function flushAllDrafts(): Promise<void> {
  return Promise.all([...live].map((d) => d.flush())).then(() => undefined);
}

export class Draft<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: string | null = null;
  private closed = false;

  constructor(
    readonly key: string,
    private readonly backend: DraftBackend = tauriBackend,
    private readonly delayMs = 300,
  ) {}

  /** The saved value, or null when none (or unreadable). */
  async load(): Promise<T | null> {
    try {
      const raw = await this.backend.load(this.key);
      return raw === null ? null : (JSON.parse(raw) as T);
    } catch {
      return null;
    }
  }

  /** Saves `value` once no other change came for the debounce delay. */
  schedule(value: T): void {
    if (this.closed) return;
    this.pending = JSON.stringify(value);
    live.add(this as Draft<unknown>);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes the waiting value now, if any. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    live.delete(this as Draft<unknown>);
    const v = this.pending;
    this.pending = null;
    if (v === null) return;
    try {
      await this.backend.save(this.key, v);
    } catch {
      // A failed draft write must never block the rep; the next change retries.
    }
  }

  /** Forgets what was saved while the input goes on (an edit brought back to the record's values). */
  async forget(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.timer);
    live.delete(this as Draft<unknown>);
    this.pending = null;
    try {
      await this.backend.discard(this.key);
    } catch {
      // Nothing to do: a stale draft is only offered again next time.
    }
  }

  /** Forgets the draft (after a successful submit, or when the rep abandons the input). */
  async discard(): Promise<void> {
    clearTimeout(this.timer);
    live.delete(this as Draft<unknown>);
    this.pending = null;
    this.closed = true;
    try {
      await this.backend.discard(this.key);
    } catch {
      // Nothing to do: a stale draft is only offered again next time.
    }
  }
}
