// How an error names a field the Rust side sends by name only: a pseudo field (the visit's
// date, the client's signature…) or a contact's part (`contacts[1].phone`), worded from the
// catalogue's `field.<name>` keys. Profile columns and visit-form questions are the admin's
// data: their labels travel with the error (`label_fr`, `label_en`) and win over these.
import type { Lang } from '../bindings/Lang';
import { catalogs, isMessageKey } from './index.svelte';

/** `contacts[<index>].<part>` or `lines[<index>].<part>` (a quote's line), as the Rust side
 * names a contact's or a line's field. */
const CONTACT_PART = /^(contacts|lines)\[(\d+)\]\.(\w+)$/;

/** The label of `field` in `lang`, or undefined when the catalogue words no such field. */
export function fieldLabel(field: string, lang: Lang): string | undefined {
  const key = `field.${field}`;
  if (isMessageKey(key)) return catalogs[lang][key];
  const contact = CONTACT_PART.exec(field);
  if (!contact) return undefined;
  const partKey = `field.${contact[1]}.${contact[3]}`;
  if (!isMessageKey(partKey)) return undefined;
  // People count contacts and lines from one.
  return catalogs[lang][partKey].replace('{n}', String(Number(contact[2]) + 1));
}
