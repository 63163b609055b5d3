// The visit-form configuration, fetched once per data version and shared by the dialogs.
import * as api from '../api';
import type { FormConfig } from '../bindings/FormConfig';

class FormConfigStore {
  config = $state<FormConfig | null>(null);
  private loadedFor = -1;
  private inflight: Promise<FormConfig> | null = null;

  /** Returns the config for `version`, fetching it when the data changed since last time. */
  async get(version: number): Promise<FormConfig> {
    if (this.config && this.loadedFor === version) return this.config;
    if (!this.inflight) {
      this.inflight = api.formConfig().finally(() => (this.inflight = null));
    }
    const c = await this.inflight;
    this.config = c;
    this.loadedFor = version;
    return c;
  }
}

export const formConfigStore = new FormConfigStore();
