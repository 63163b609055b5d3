// The screens other than the home, each in a chunk of its own (Vite's dynamic imports): the
// start's bundle holds only the shell and the home, so the page evaluates less and mounts only
// the home before its first rows (docs/benchmarks.md, « Start: the home alone in the first
// bundle »). Each screen is loaded once the home's first rows are painted, or at once when the
// rep opens it first, then stays mounted like the home (switching keeps its state).
import type { Component } from 'svelte';
import type { Screen } from '../lib/stores/nav.svelte';

/** A screen other than the home. */
export type LazyScreen = Exclude<Screen, 'home'>;
/** What every screen takes: whether it is the one shown. */
export type ScreenComponent = Component<{ active: boolean }>;

/** Each screen's chunk; a literal `import()` each, so Vite splits them. */
const loaders: Record<LazyScreen, () => Promise<{ default: ScreenComponent }>> = {
  contacts: () => import('./contacts/ContactsScreen.svelte'),
  clients: () => import('./clients/ClientsScreen.svelte'),
  prospects: () => import('./prospects/ProspectsScreen.svelte'),
  opportunities: () => import('./opportunities/OpportunitiesScreen.svelte'),
  campaigns: () => import('./campaigns/CampaignsScreen.svelte'),
  segments: () => import('./segments/SegmentsScreen.svelte'),
  stats: () => import('./stats/StatsScreen.svelte'),
  calendar: () => import('./calendar/CalendarScreen.svelte'),
  reports: () => import('./reports/ReportsScreen.svelte'),
};

/** The screens' order of loading after the start: the ones a rep opens most first. */
export const LAZY_SCREENS = Object.keys(loaders) as LazyScreen[];

/** How long the start waits for the home's first rows before loading the other screens anyway
 * (the home failed, or is empty): they must not wait for ever. */
export const FALLBACK_MS = 3000;

class LoadedScreens {
  /** The screens loaded so far. */
  components = $state<Partial<Record<LazyScreen, ScreenComponent>>>({});
  /** The screens whose chunk could not be loaded (a browser that lost the server): retried on demand. */
  failed = $state<Partial<Record<LazyScreen, true>>>({});
  private asked = new Set<LazyScreen>();

  /** Loads `screen`'s chunk unless it is loaded or on its way; resolves once it is in (or failed). */
  async load(screen: LazyScreen): Promise<void> {
    if (this.asked.has(screen)) return;
    this.asked.add(screen);
    delete this.failed[screen];
    try {
      const module = await loaders[screen]();
      this.components[screen] = module.default;
    } catch {
      // Asked again when the rep opens it (or presses « Réessayer »).
      this.asked.delete(screen);
      this.failed[screen] = true;
    }
  }

  /** Loads every screen, one after the other (each chunk's evaluation stays short). */
  async loadAll(): Promise<void> {
    for (const screen of LAZY_SCREENS) await this.load(screen);
  }
}

export const screens = new LoadedScreens();
