// The field app's updates: where they stand (polled), « Plus tard » for this session, and
// « Installer », which first writes every draft still waiting, then hands over to the app.
import * as api from '../api';
import type { UpdateStatus } from '../bindings/UpdateStatus';
import { flushAllDrafts } from './drafts';

export const UPDATE_POLL_MS = 5_000;

class UpdateStore {
  status = $state<UpdateStatus | null>(null);
  /** The version the rep put off with « Plus tard » (offered again at the next start). */
  postponed = $state<string | null>(null);
  installing = $state(false);

  /** The offered version the banner shows, if any. */
  get offered(): string | null {
    const version = this.status?.offered ?? null;
    return version && version !== this.postponed ? version : null;
  }

  async load(): Promise<void> {
    try {
      this.status = await api.updateStatus();
    } catch {
      // The status is read again at the next poll; nothing to show meanwhile.
    }
  }

  watch(): () => void {
    void this.load();
    const timer = setInterval(() => void this.load(), UPDATE_POLL_MS);
    return () => clearInterval(timer);
  }

  later(): void {
    this.postponed = this.status?.offered ?? null;
  }

  /** Saves the drafts, then installs; the app restarts on success, so this returns on failure. */
  async install(): Promise<void> {
    if (this.installing) return;
    this.installing = true;
    try {
      await flushAllDrafts();
      this.status = await api.updateInstall();
    } finally {
      this.installing = false;
    }
  }
}

export const updates = new UpdateStore();
