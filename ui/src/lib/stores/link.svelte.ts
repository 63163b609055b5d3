// Built-in HTTPS sync: its status (polled every 5 s), the enrollment form as typed, and the
// « Synchroniser maintenant » / after-a-change wake-ups of the background round.
import * as api from '../api';
import type { CommandError } from '../bindings/CommandError';
import type { LinkStatus } from '../bindings/LinkStatus';

export const LINK_POLL_MS = 5_000;
/** Time given to a round woken on purpose before the status is read again. */
export const SYNC_SETTLE_MS = 1_500;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class LinkStore {
  status = $state<LinkStatus | null>(null);
  /** Why the status could not be read (the panel shows it). */
  loadError = $state<CommandError | null>(null);
  /** What the rep typed in the enrollment form: kept across errors and closing the panel. */
  serverUrl = $state('');
  code = $state('');
  enrollError = $state<CommandError | null>(null);
  enrolling = $state(false);
  syncing = $state(false);
  /** Called after each status read while enrolled (the app status then sees a new snapshot at once). */
  private onPoll: (() => void) | undefined;

  /** Whether this laptop is enrolled (false until the first status arrives). */
  get enrolled(): boolean {
    return this.status?.enrolled ?? false;
  }

  async load(): Promise<void> {
    try {
      this.status = await api.linkStatus();
      this.loadError = null;
      if (this.status.enrolled) this.onPoll?.();
    } catch (e) {
      this.loadError = e as CommandError;
    }
  }

  /** Starts polling; `onPoll` runs after each read while enrolled. Returns the function that stops it. */
  watch(onPoll?: () => void): () => void {
    this.onPoll = onPoll;
    void this.load();
    const timer = setInterval(() => void this.load(), LINK_POLL_MS);
    return () => {
      clearInterval(timer);
      this.onPoll = undefined;
    };
  }

  /** « Enrôler ce portable »: true on success (the typed code is then forgotten). */
  async enroll(): Promise<boolean> {
    if (this.enrolling) return false;
    this.enrolling = true;
    this.enrollError = null;
    try {
      this.status = await api.linkEnroll({ server_url: this.serverUrl.trim(), code: this.code.trim() });
      this.code = '';
      return true;
    } catch (e) {
      this.enrollError = e as CommandError;
      return false;
    } finally {
      this.enrolling = false;
    }
  }

  /** « Synchroniser maintenant »: wakes the round, then reads the status once it had time to run. */
  async syncNow(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      await api.linkSyncNow();
      await wait(SYNC_SETTLE_MS);
      await this.load();
    } catch (e) {
      this.loadError = e as CommandError;
    } finally {
      this.syncing = false;
    }
  }

  /** A change was just written: when enrolled, it leaves now rather than at the next round. */
  changed(): void {
    if (!this.enrolled) return;
    void api
      .linkSyncNow()
      .then(() => wait(SYNC_SETTLE_MS))
      .then(() => this.load())
      .catch(() => {
        // The next poll shows whatever went wrong.
      });
  }
}

export const link = new LinkStore();
