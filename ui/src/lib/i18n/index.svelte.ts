// Current UI language (reactive) and the `t` translator every component uses.
import type { Lang } from '../bindings/Lang';
import { en } from './en';
import { fr, type MessageKey, type Messages } from './fr';

export const catalogs: Record<Lang, Messages> = { fr, en };

class I18n {
  lang = $state<Lang>('fr');
}

export const i18n = new I18n();

/** Translates `key` in the current language, replacing `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogs[i18n.lang][key] ?? fr[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` names a message (for keys built from back-end values, such as a pending kind). */
export function isMessageKey(key: string): key is MessageKey {
  return key in fr;
}

/** Picks the French or English label of a back-end object that carries both. */
export function pickLabel(o: { label_fr: string; label_en: string }): string {
  return i18n.lang === 'en' ? o.label_en || o.label_fr : o.label_fr;
}

export type { MessageKey, Messages };
