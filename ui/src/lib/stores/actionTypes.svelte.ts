// The admin's action types, asked once per data version (a new snapshot may bring new ones) and shared by every screen.
import * as api from '../api';
import type { ActionType } from '../bindings/ActionType';
import type { CommandError } from '../bindings/CommandError';
import { appState } from './status.svelte';

class ActionTypes {
  list = $state<ActionType[]>([]);
  error = $state<CommandError | null>(null);
  private loadedFor = -1;
  private loading: Promise<void> | null = null;

  /** Loads the types unless they are current; resolves when they are. */
  ensure(): Promise<void> {
    const version = appState.dataVersion;
    if (version === this.loadedFor) return Promise.resolve();
    if (this.loading) return this.loading;
    this.loading = api
      .actionTypes()
      .then((types) => {
        this.list = types;
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

  /** The type stored as `code`, active or not (an old action keeps its label). */
  find(code: string | null): ActionType | undefined {
    return code ? this.list.find((t) => t.code === code) : undefined;
  }
}

export const actionTypes = new ActionTypes();
