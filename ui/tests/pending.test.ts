// A pending change's line is worded by the window's catalogue from the values the back end
// gives, in the rep's language; a change stored by an older version keeps its own line.
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingChange } from '../src/lib/bindings/PendingChange';
import type { PendingSubject } from '../src/lib/bindings/PendingSubject';
import { i18n } from '../src/lib/i18n/index.svelte';
import { fieldLabelsOf, pendingSummary } from '../src/lib/pending';

function change(subject: PendingSubject | null, legacy: string | null = null): PendingChange {
  return {
    change_id: '01JCHANGE',
    kind: 'visit',
    client_code: 'C001',
    subject,
    legacy_summary: legacy,
    written_at: '2026-12-04T10:00:00+01:00',
  };
}

describe('pending change lines', () => {
  afterEach(() => {
    i18n.lang = 'fr';
  });

  it('words every subject in French', () => {
    i18n.lang = 'fr';
    expect(pendingSummary(change({ type: 'visit', date: '2026-12-03' }))).toBe('Visite du 03/12/2026');
    expect(pendingSummary(change({ type: 'revisit', date: null }))).toBe('Date de revoir effacée');
    expect(
      pendingSummary(change({ type: 'fleet', counts: [{ code: 'VL', count: 3 }, { code: 'TP', count: 1 }] })),
    ).toBe('Type de parc : VL 3, TP 1');
    expect(
      pendingSummary(change({ type: 'prospect_visit', date: '2026-12-01', name: 'Garage Martin' })),
    ).toBe('Visite du 01/12/2026 chez Garage Martin');
  });

  it('words the CRM records’ subjects, the action type by the admin’s label', () => {
    i18n.lang = 'fr';
    expect(pendingSummary(change({ type: 'action_logged', action_type: 'Appel', party: 'Garage Martin' }))).toBe(
      'Appel : Garage Martin',
    );
    expect(pendingSummary(change({ type: 'person_created', company: 'Garage Martin', name: 'Paul Durand' }))).toBe(
      'Nouvelle personne chez Garage Martin : Paul Durand',
    );
    i18n.lang = 'en';
    expect(pendingSummary(change({ type: 'todo_done', text: 'Rappeler' }))).toBe('Todo done: Rappeler');
  });

  it('words the same subjects in English', () => {
    i18n.lang = 'en';
    expect(pendingSummary(change({ type: 'revisit', date: null }))).toBe('Revisit date cleared');
    expect(pendingSummary(change({ type: 'conversion', name: 'Garage Martin' }))).toBe(
      'Conversion into a client: Garage Martin',
    );
  });

  it('names a modification request’s fields by the labels the card knows', () => {
    i18n.lang = 'fr';
    const labels = fieldLabelsOf(
      [{ field: 'tel_1', label: 'téléphone', value: '', kind: 'phone' } as never],
      [
        {
          change_id: '01JOTHER',
          requested_at: '2026-12-01T09:00:00+01:00',
          status: 'pending',
          closed_at: null,
          note: null,
          changes: [{ field: 'e_mail', label: 'adresse e-mail', old: '', new: 'a@b.fr' }],
        } as never,
      ],
    );
    const line = pendingSummary(change({ type: 'modification', fields: ['tel_1', 'e_mail', 'autre'] }), labels);
    expect(line).toBe('Demande de modification : téléphone, adresse e-mail, autre');
  });

  it('shows the line an older version stored, as it is', () => {
    expect(pendingSummary(change(null, 'Visite du 02/12/2026'))).toBe('Visite du 02/12/2026');
    expect(pendingSummary(change(null))).toBe('');
  });
});
