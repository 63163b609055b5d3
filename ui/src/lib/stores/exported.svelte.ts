// A file the rep asked the back end to write (stats PDF, calendar .ics): in progress, its path, whether the
// desktop's viewer took it, or why it failed. The path stays shown either way (the fallback when no viewer).
// In a browser the file is downloaded instead, and `path` is its name.
import * as api from '../api';
import type { CommandError } from '../bindings/CommandError';
import type { ExportedFile } from '../bindings/ExportedFile';

export class Exported {
  path = $state<string | null>(null);
  busy = $state(false);
  error = $state<CommandError | null>(null);
  /** Handed to the desktop's viewer (PDF reader, calendar application). */
  opened = $state(false);
  /** Why the desktop could not open it (no viewer for its type): the path is the fallback. */
  openError = $state<CommandError | null>(null);

  /** Writes the file, then hands it to the desktop's viewer. */
  async run(write: () => Promise<ExportedFile>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.opened = false;
    this.openError = null;
    try {
      this.path = (await write()).path;
    } catch (e) {
      this.error = e as CommandError;
      this.busy = false;
      return;
    }
    // In a browser the file was downloaded: the browser shows it, there is no viewer to call.
    if (!api.inBrowser()) await this.open();
    this.busy = false;
  }

  /** « Ouvrir » (again): hands the file written last to the desktop's viewer. */
  async open(): Promise<void> {
    if (!this.path) return;
    try {
      await api.openExport(this.path);
      this.opened = true;
      this.openError = null;
    } catch (e) {
      this.opened = false;
      this.openError = e as CommandError;
    }
  }

  /** Forgets the last result (the screen was left). */
  clear(): void {
    this.path = null;
    this.error = null;
    this.opened = false;
    this.openError = null;
  }
}
