// The unassigned pool's leads (« Leads non attribués », issue 15), read once per data version and shared by the
// Contacts screen's tab (its count) and its list.
import * as api from '../api';
import type { CommandError } from '../bindings/CommandError';
import type { PoolView } from '../bindings/PoolView';
import { appState } from './status.svelte';

class Pool {
  view = $state<PoolView | null>(null);
  error = $state<CommandError | null>(null);
  private loadedFor = -1;
  private loading: Promise<void> | null = null;

  /** Reads the pool unless it is current; resolves when it is. */
  ensure(): Promise<void> {
    const version = appState.dataVersion;
    if (version === this.loadedFor) return Promise.resolve();
    if (this.loading) return this.loading;
    this.loading = api
      .poolLeads()
      .then((v) => {
        this.view = v;
        this.error = null;
        this.loadedFor = version;
      })
      .catch((e: unknown) => {
        this.error = e as CommandError;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}

export const pool = new Pool();
