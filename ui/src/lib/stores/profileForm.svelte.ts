// State shared by the prospect field dialogs (« Nouveau », « Modifier », « Transformation en client »):
// the field configuration, the values with the payment rules applied, and their draft.
import { untrack } from 'svelte';
import type { CommandError } from '../bindings/CommandError';
import type { ConversionConfig } from '../bindings/ConversionConfig';
import { applyRules, CATEGORY_FIELD, offeredModes, optionsFor, withPrefill, type ChoiceOption } from '../conversion';
import { draftOf, formValues, withDraft, type NullableValues, type Values } from '../prospect';
import { autosave, type Autosave } from './autosave.svelte';
import { conversionConfigStore } from './formConfig.svelte';
import { appState } from './status.svelte';

export class ProfileForm {
  config = $state<ConversionConfig | null>(null);
  values = $state<Values>({});
  loadError = $state<CommandError | null>(null);
  readonly draft: Autosave;

  /** Call during component init. `initial` prefills the fields; the draft keeps what differs from it. With
   * `prefill`, empty fields take the rep's own code and agency (a new prospect, a conversion). */
  constructor(draftKey: string, initial: NullableValues, prefill = false) {
    // Where the form starts: what the draft keeps is what differs from it (the prefill is no draft).
    let start = $state<NullableValues>(initial);
    this.draft = autosave<Values>(
      draftKey,
      () => draftOf(start, this.values),
      (d) => (this.values = this.ruled(withDraft(this.values, d))),
    );
    // Fetched again after a refresh; whatever was typed stays.
    $effect(() => {
      const version = appState.dataVersion;
      untrack(() => conversionConfigStore.get(version)).then(
        (c) => {
          this.config = c;
          const first = formValues(c.fields, initial);
          const filled = prefill ? withPrefill(c, first) : first;
          start = { ...initial, ...filled };
          this.values = applyRules(c, { ...filled, ...untrack(() => this.values) });
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

  /** The options of a column the admin made a list (null: free text). */
  options(field: string): ChoiceOption[] | null {
    return this.config ? optionsFor(this.config, field, this.values) : null;
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
