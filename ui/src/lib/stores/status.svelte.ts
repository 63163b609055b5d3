// App status (user, freshness, pending count): polled every 30 s and on focus; `dataVersion` tells screens to re-fetch.
import * as api from '../api';
import type { AppStatus } from '../bindings/AppStatus';
import type { CommandError } from '../bindings/CommandError';
import type { Lang } from '../bindings/Lang';
import type { RefreshOutcome } from '../bindings/RefreshOutcome';
import { i18n } from '../i18n/index.svelte';
import { dropEarly } from './firstRows';
import { link } from './link.svelte';

export const POLL_MS = 30_000;

class StatusStore {
  status = $state<AppStatus | null>(null);
  loadError = $state<CommandError | null>(null);
  refreshing = $state(false);
  /** Bumped whenever back-end data may have changed (new snapshot, language): screens re-fetch, nothing remounts. */
  dataVersion = $state(0);
  private lastGeneration: string | null = null;

  /** The laptop's date as the back end gives it (the browser's before the first status). */
  get today(): string {
    return this.status?.today ?? new Date().toISOString().slice(0, 10);
  }

  /** Admins see every rep's statistics and calendar. */
  get isAdmin(): boolean {
    return this.status?.user?.is_admin ?? false;
  }

  /** Takes a fresh status; returns true when it bumped `dataVersion`. */
  apply(s: AppStatus): boolean {
    const gen = s.freshness?.generation ?? null;
    const langChanged = this.status !== null && this.status.lang !== s.lang;
    const genChanged = this.status !== null && gen !== this.lastGeneration;
    if (!s.configured) dropEarly();
    this.status = s;
    this.lastGeneration = gen;
    i18n.lang = s.lang;
    if (typeof document !== 'undefined') document.documentElement.lang = s.lang;
    if (langChanged || genChanged) {
      this.dataVersion++;
      return true;
    }
    return false;
  }

  async load(): Promise<void> {
    try {
      this.apply(await api.appStatus());
      this.loadError = null;
    } catch (e) {
      if (!this.status) this.loadError = e as CommandError;
    }
  }

  /** « actualiser »: switch to the newer snapshot if one arrived (the bar then follows its freshness),
   * and every screen re-fetches its data. Returns what happened, so the window says it truly;
   * `null` when a refresh was already running. */
  async refresh(): Promise<RefreshOutcome | null> {
    if (this.refreshing) return null;
    this.refreshing = true;
    try {
      const outcome = await api.refreshSnapshot();
      if (!this.apply(outcome.status)) this.dataVersion++;
      return outcome;
    } finally {
      this.refreshing = false;
    }
  }

  async setLang(lang: Lang): Promise<void> {
    i18n.lang = lang;
    this.apply(await api.setLang(lang));
  }

  /** Starts polling and focus re-checks; returns the function that stops them. */
  watch(): () => void {
    const timer = setInterval(() => void this.load(), POLL_MS);
    const onFocus = () => void this.load();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }

  /** Called after each written change: the pending count moves, screens re-fetch what changed,
   * and when the laptop is enrolled the change leaves for the server at once. */
  touch(): void {
    this.dataVersion++;
    void this.load();
    link.changed();
  }
}

export const appState = new StatusStore();
