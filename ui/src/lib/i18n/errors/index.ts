// Words the errors the Rust side sends as codes and values, in the language shown now:
// components call these while rendering, so a language switch rewords an error already
// shown (a sync failure kept between rounds included).
import type { CommandError } from '../../bindings/CommandError';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { Lang } from '../../bindings/Lang';
import type { Problem } from '../../bindings/Problem';
import type { ReasonCode } from '../../bindings/ReasonCode';
import type { RefusedFile } from '../../bindings/RefusedFile';
import { fieldLabel } from '../fields';
import { i18n } from '../index.svelte';
import { enErrors } from './en';
import { frErrors } from './fr';
import type { ErrorCatalogue, Value } from './types';

/** The error catalogues by language. */
export const errorCatalogues: Record<Lang, ErrorCatalogue> = { fr: frErrors, en: enErrors };

/** The values an error carries. */
export type ErrorValues = CommandError['values'];

/** The sentence of `code` with its `values`, in `lang` (the language shown by default). */
export function errorSentence(code: ErrorCode, values: ErrorValues, lang: Lang = i18n.lang): string {
  const catalogue = errorCatalogues[lang];
  const raw = (name: string) => values[name] ?? '';
  const v: Value = (name) => {
    if (name === 'label') {
      // The admin's label when the field is data, else the catalogue's word, else its name.
      const field = raw('field');
      return raw(`label_${lang}`) || raw('label_fr') || fieldLabel(field, lang) || field;
    }
    if (name === 'reason') {
      const reason = raw('reason');
      return reason in catalogue.reasons ? catalogue.reasons[reason as ReasonCode](v) : reason;
    }
    return raw(name);
  };
  // A code this build does not know (a newer back end): shown as an internal error.
  if (!(code in catalogue.errors)) return catalogue.errors.internal(() => code);
  return catalogue.errors[code](v);
}

/** The sentence of one field's problem. */
export function problemText(problem: Problem, lang: Lang = i18n.lang): string {
  return errorSentence(problem.code, problem.values, lang);
}

/** The whole error as one text: each problem's sentence, or the error's own. */
export function errorText(error: CommandError, lang: Lang = i18n.lang): string {
  if (error.problems.length) return error.problems.map((p) => problemText(p, lang)).join(' ');
  return errorSentence(error.code, error.values, lang);
}

/**
 * What the server refused in a change file, in `lang`: from its code and values, broken
 * rules one by one as the app's own checks say them; the server's own sentence when it
 * sent no code this build knows (an older server, or a refusal recorded before).
 */
export function refusalText(file: RefusedFile, lang: Lang = i18n.lang): string {
  const refusal = file.refusal;
  const sentence = refusal ? errorCatalogues[lang].refusals[refusal.code] : undefined;
  if (!refusal || !sentence) return file.detail;
  const problems = refusal.problems.map((p) => problemText(p, lang)).join(' ');
  return sentence((name) => (name === 'problems' ? problems : (refusal.values[name] ?? '')));
}
