// What the policy lets the user write (`api.grants`, issue 15), asked once per data version (a new snapshot may carry
// a new policy) and shared by every screen that hides a button by it.
import * as api from '../api';
import type { Entity } from '../bindings/Entity';
import type { UserGrants } from '../bindings/UserGrants';
import { mayWrite } from '../grants';
import { appState } from './status.svelte';

class Grants {
  /** `null` until read, or when reading failed: everything is offered then (the server decides). */
  value = $state<UserGrants | null>(null);
  private loadedFor = -1;
  private loading: Promise<void> | null = null;

  /** Loads the grants unless they are current; resolves when they are. */
  ensure(): Promise<void> {
    const version = appState.dataVersion;
    if (version === this.loadedFor) return Promise.resolve();
    if (this.loading) return this.loading;
    this.loading = api
      .grants()
      .then((g) => {
        this.value = g;
        this.loadedFor = version;
      })
      .catch(() => {
        // Hiding is a courtesy: without the grants every button stays and the server decides.
        this.value = null;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Whether the user may write `entity` at all. */
  mayWrite(entity: Entity): boolean {
    return mayWrite(this.value, entity);
  }
}

export const grants = new Grants();
