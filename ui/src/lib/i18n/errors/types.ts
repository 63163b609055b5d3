// The shapes of the error catalogues: one sentence per code, typed by the codes the Rust
// side exports (bindings/ErrorCode.ts, bindings/ReasonCode.ts, bindings/RefusalCode.ts), so a code without its
// French or English sentence is a type error.
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { ReasonCode } from '../../bindings/ReasonCode';
import type { RefusalCode } from '../../bindings/RefusalCode';

/**
 * A value of the error by name ('' when absent). `label` is the field's label in the
 * language shown (the error carries `label_fr` and `label_en` when the label is the admin's
 * data; a pseudo field is worded from the catalogue's `field.<name>`, see ../fields.ts; an
 * unknown one shows its name); `reason` is the reason's clause, already worded in that
 * language.
 */
export type Value = (name: string) => string;

/** Words one code with its values. */
export type Sentence = (v: Value) => string;

/** Every error code's sentence in one language. */
export type ErrorSentences = Record<ErrorCode, Sentence>;

/** Every reason's clause in one language (completing its error's sentence). */
export type ReasonSentences = Record<ReasonCode, Sentence>;

/** Every refused change file's detail in one language (`problems`: the broken rules, worded). */
export type RefusalSentences = Record<RefusalCode, Sentence>;

/** A language's catalogue of errors. */
export type ErrorCatalogue = { errors: ErrorSentences; reasons: ReasonSentences; refusals: RefusalSentences };
