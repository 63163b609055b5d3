// Texts of the built-in HTTPS sync's status: online state, last sync, files waiting or refused.
import { formatDate } from './i18n/format';
import { t } from './i18n/index.svelte';

/** « En ligne » / « Hors ligne ». */
export function onlineText(online: boolean): string {
  return online ? t('link.online') : t('link.offline');
}

/**
 * The end of the last successful round (`YYYY-MM-DD HH:MM`, local time): « 14:05 » on the
 * laptop's `today`, « 22/11/2026 14:05 » another day, « jamais » when none yet.
 */
export function lastSyncText(lastSync: string | null | undefined, today: string): string {
  if (!lastSync) return t('days.never');
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(lastSync);
  if (!m) return lastSync;
  const [, date = '', time = ''] = m;
  return date === today ? time : `${formatDate(date)} ${time}`;
}

/** « tout est envoyé », « 1 fichier en attente », « 3 fichiers en attente ». */
export function waitingText(waiting: number): string {
  if (waiting <= 0) return t('link.allSent');
  return waiting === 1 ? t('link.waitingOne') : t('link.waitingMany', { n: waiting });
}

/** « 1 fichier refusé par le serveur », « 2 fichiers refusés par le serveur ». */
export function refusedText(refused: number): string {
  return refused === 1 ? t('link.refusedOne') : t('link.refusedMany', { n: refused });
}
