// State shared by the prospect field dialogs (« Nouveau », « Modifier », « Transformation en client »):
// the field configuration, the values with the payment rules applied, and their draft.
import { untrack } from 'svelte';
import type { CommandError } from '../bindings/CommandError';
import type { ConversionConfig } from '../bindings/ConversionConfig';
import { applyRules, CATEGORY_FIELD, offeredModes } from '../conversion';
import { draftOf, formValues, withDraft, type NullableValues, type Values } from '../prospect';
import { autosave, type Autosave } from './autosave.svelte';
import { conversionConfigStore } from './formConfig.svelte';
import { appState } from './status.svelte';

export class ProfileForm {
  config = $state<ConversionConfig | null>(null);
  values = $state<Values>({});
  loadError = $state<CommandError | null>(null);
  readonly draft: Autosave;

  /** Call during component init. `initial` prefills the fields; the draft keeps what differs from it. */
  constructor(draftKey: string, initial: NullableValues) {
    this.draft = autosave<Values>(
      draftKey,
      () => draftOf(initial, this.values),
      (d) => (this.values = this.ruled(withDraft(this.values, d))),
    );
    // Fetched again after a refresh; whatever was typed stays.
    $effect(() => {
      const version = appState.dataVersion;
      untrack(() => conversionConfigStore.get(version)).then(
        (c) => {
          this.config = c;
          this.values = applyRules(c, { ...formValues(c.fields, initial), ...untrack(() => this.values) });
        },
        (e: CommandError) => (this.loadError = e),
      );
    });
  }

  get fields() {
    return this.config?.fields ?? [];
  }

  /** Payment modes offered for the category typed. */
  get modes(): [string, string][] {
    return this.config ? offeredModes(this.config, this.values[CATEGORY_FIELD] ?? '') : [];
  }

  /** Whether `field` is one of the form's inputs (to tell its errors from general ones). */
  has(field: string): boolean {
    return this.fields.some((f) => f.field === field);
  }

  set(field: string, value: string): void {
    this.values = this.ruled({ ...this.values, [field]: value });
  }

  private ruled(values: Values): Values {
    return this.config ? applyRules(this.config, values) : values;
  }
}
