// Texts of the field app's updates: the line of « Réglages ».
import type { UpdateStatus } from './bindings/UpdateStatus';
import { t } from './i18n/index.svelte';

/** « désactivées… », « version 0.1.0, à jour », « … la version 0.2.0 est disponible ». */
export function updateText(status: UpdateStatus | null): string {
  if (!status) return t('common.none');
  if (!status.enabled) return t('settings.updatesOff');
  if (!status.enrolled) return t('settings.updatesNeedLink', { current: status.current });
  if (status.offered) return t('settings.updatesOffered', { current: status.current, version: status.offered });
  return status.last_check
    ? t('settings.updatesCurrentChecked', { current: status.current, when: status.last_check })
    : t('settings.updatesCurrent', { current: status.current });
}
