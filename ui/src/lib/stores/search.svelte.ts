// As-you-type search: debounced calls, and only the newest request's answer is kept.
import * as api from '../api';
import type { CommandError } from '../bindings/CommandError';
import type { SearchResult } from '../bindings/SearchResult';

export type SearchFn<R = SearchResult> = (query: string) => Promise<R>;

export class TypeAhead<R> {
  query = $state('');
  result = $state<R | null>(null);
  loading = $state(false);
  error = $state<CommandError | null>(null);
  private issued = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** With `searchEmpty`, an empty query is asked too (the back end lists everything); otherwise it clears the results. */
  constructor(
    private readonly fetch: SearchFn<R>,
    private readonly delayMs = 120,
    private readonly searchEmpty = false,
  ) {}

  /** Records what was typed and schedules a search. */
  setQuery(q: string) {
    this.query = q;
    clearTimeout(this.timer);
    if (q.trim() === '' && !this.searchEmpty) {
      this.issued++; // any answer still on its way is now outdated
      this.result = null;
      this.loading = false;
      this.error = null;
      return;
    }
    this.timer = setTimeout(() => void this.run(), this.delayMs);
  }

  /** Runs the search for the current query now (also used to re-fetch after a refresh). */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const q = this.query.trim();
    if (q === '' && !this.searchEmpty) return;
    const id = ++this.issued;
    this.loading = true;
    try {
      const r = await this.fetch(q);
      if (id !== this.issued) return; // a newer request was sent meanwhile
      this.result = r;
      this.error = null;
    } catch (e) {
      if (id !== this.issued) return;
      this.error = e as CommandError;
    } finally {
      if (id === this.issued) this.loading = false;
    }
  }

  dispose() {
    clearTimeout(this.timer);
  }
}

/** The client search (an empty query shows nothing). */
export class SearchStore extends TypeAhead<SearchResult> {
  constructor(fetch: SearchFn = api.searchClients, delayMs = 120) {
    super(fetch, delayMs);
  }
}
