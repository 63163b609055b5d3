// A file the rep asked the back end to write (stats PDF, calendar .ics): in progress, its path, or why it failed.
import type { CommandError } from '../bindings/CommandError';
import type { ExportedFile } from '../bindings/ExportedFile';

export class Exported {
  path = $state<string | null>(null);
  busy = $state(false);
  error = $state<CommandError | null>(null);

  async run(write: () => Promise<ExportedFile>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.path = (await write()).path;
    } catch (e) {
      this.error = e as CommandError;
    } finally {
      this.busy = false;
    }
  }

  /** Forgets the last result (the screen was left). */
  clear(): void {
    this.path = null;
    this.error = null;
  }
}
