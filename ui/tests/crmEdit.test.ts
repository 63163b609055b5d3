// Editing and deleting from the CRM screens: the edit dialogs pre-filled and sending what was typed, their
// drafts holding only what was changed (none when nothing was), a refusal under its field, the deletion's
// confirmation saying what goes with a contact; and the pure helpers behind them.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { status } from '../dev/fixtures';
import type { PartyView } from '../src/lib/bindings/PartyView';
import type { PersonView } from '../src/lib/bindings/PersonView';
import type { TodoView } from '../src/lib/bindings/TodoView';
import { asTexts, changedFields, deletionCounts, deletionSentence } from '../src/lib/crm';
import { i18n, t } from '../src/lib/i18n/index.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import { Draft } from '../src/lib/stores/drafts';
import PartyDialog from '../src/screens/contacts/PartyDialog.svelte';
import PersonDialog from '../src/screens/contacts/PersonDialog.svelte';
import TodoDeleteDialog from '../src/screens/contacts/TodoDeleteDialog.svelte';
import TodoDialog from '../src/screens/contacts/TodoDialog.svelte';
import { mockBackend } from './backend';

const party: PartyView = {
  id: 'P1',
  kind: 'company',
  name: 'Transports Rhône',
  first_name: null,
  siret: null,
  vat: null,
  phone: '04 78 11 22 33',
  mobile: null,
  email: 'contact@trl.fr',
  address1: null,
  address2: null,
  postal_code: '69007',
  city: 'LYON',
  country: null,
  notes: null,
  owner: 'mdupont',
  created_by: 'mdupont',
  client_code: null,
  prospect_id: null,
  locked_fields: [],
  pending: false,
  unassigned: false,
};
const person: PersonView = {
  id: 'H1',
  party_id: 'P1',
  first_name: 'Paul',
  last_name: 'Girard',
  position: 'Responsable flotte',
  phone: null,
  mobile: null,
  email: 'p.girard@trl.fr',
  notes: null,
  pending: false,
};
const todo: TodoView = {
  id: 'T1',
  text: 'Rappeler Paul',
  due: '2026-11-25',
  overdue: false,
  party_id: 'P1',
  party_name: 'Transports Rhône',
  repeat_days: 7,
  pending: false,
};

beforeEach(() => {
  appState.apply(status());
});
afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
});

describe('the helpers', () => {
  it('keeps only the fields typed differently, and reads nulls as empty texts', () => {
    const original = asTexts(party, ['name', 'phone', 'city', 'notes']);
    expect(original).toEqual({ name: 'Transports Rhône', phone: '04 78 11 22 33', city: 'LYON', notes: '' });
    expect(changedFields(original, original)).toEqual({});
    expect(changedFields({ ...original, phone: '04 78 99 99 99', notes: '' }, original)).toEqual({ phone: '04 78 99 99 99' });
    expect(changedFields({ ...original, city: '' }, original)).toEqual({ city: '' });
  });

  it('says what goes with a contact, in French and English, singular and plural', () => {
    const page = {
      people: [person, { ...person, id: 'H2' }],
      timeline: [{ kind: 'action' as const }, { kind: 'reply' as const }, { kind: 'todo_done' as const }, { kind: 'status_change' as const }],
      open_todos: [todo],
    };
    expect(deletionCounts(page)).toEqual({ people: 2, actions: 2, todos: 1 });
    expect(deletionSentence(deletionCounts(page), t)).toBe('Partent avec lui : 2 personnes, 2 actions (avec leurs réponses) et 1 tâche ouverte.');
    expect(deletionSentence({ people: 0, actions: 1, todos: 0 }, t)).toBe('Partent avec lui : 1 action (avec ses réponses).');
    expect(deletionSentence({ people: 0, actions: 0, todos: 0 }, t)).toBe('Il n’a ni personne, ni action, ni tâche ouverte.');
    i18n.lang = 'en';
    expect(deletionSentence({ people: 1, actions: 0, todos: 3 }, t)).toBe('Going with it: 1 person and 3 open todos.');
  });

  it('forgets a saved draft without closing it: the next change is saved again', async () => {
    vi.useFakeTimers();
    try {
      const store = new Map<string, string>();
      const backend = {
        save: async (k: string, v: string) => void store.set(k, v),
        load: async (k: string) => store.get(k) ?? null,
        discard: async (k: string) => void store.delete(k),
      };
      const d = new Draft<string>('edit:P1', backend, 300);
      d.schedule('typed');
      await vi.advanceTimersByTimeAsync(300);
      expect(store.get('edit:P1')).toBe('"typed"');
      await d.forget();
      expect(store.has('edit:P1')).toBe(false);
      d.schedule('again');
      await vi.advanceTimersByTimeAsync(300);
      expect(store.get('edit:P1')).toBe('"again"');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('PartyDialog editing', () => {
  it('opens pre-filled, sends the edit with the record id, and keeps only the changed field as its draft', async () => {
    const onclose = vi.fn();
    const { drafts, called } = mockBackend({ update_party: () => ({ id: 'P1', waiting_for_server: false }) });
    render(PartyDialog, { onclose, party });
    expect(screen.getByRole('dialog')).toHaveTextContent('Modifier le contact');
    const phone = screen.getByTestId('party-phone') as HTMLInputElement;
    expect(phone.value).toBe('04 78 11 22 33');
    expect(screen.queryByTestId('party-kind-person')).toBeNull();
    await fireEvent.input(phone, { target: { value: '04 78 99 88 77' } });
    await waitFor(() => expect(JSON.parse(drafts.get('crm-party-edit:P1') ?? '{}')).toEqual({ phone: '04 78 99 88 77' }), { timeout: 2000 });
    await fireEvent.input(phone, { target: { value: '04 78 11 22 33' } });
    await waitFor(() => expect(drafts.has('crm-party-edit:P1')).toBe(false), { timeout: 2000 });
    await fireEvent.input(phone, { target: { value: '04 78 99 88 77' } });
    await fireEvent.click(screen.getByTestId('party-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    const [edit] = called('update_party');
    expect(edit?.id).toBe('P1');
    expect(edit?.input).toMatchObject({ kind: 'company', name: 'Transports Rhône', phone: '04 78 99 88 77', email: 'contact@trl.fr', city: 'LYON' });
    expect(called('create_party')).toEqual([]);
    expect(drafts.has('crm-party-edit:P1')).toBe(false);
  });

  it('restores a draft over the record as it is now, and shows « nothing changed » under the name', async () => {
    const { drafts } = mockBackend({
      update_party: () => {
        throw { code: 'nothing_changed', field: 'name', values: { field: 'name' }, problems: [] };
      },
    });
    drafts.set('crm-party-edit:P1', JSON.stringify({ city: 'VIENNE' }));
    render(PartyDialog, { onclose: () => {}, party: { ...party, phone: '04 78 00 00 00' } });
    await waitFor(() => expect((screen.getByTestId('party-city') as HTMLInputElement).value).toBe('VIENNE'));
    expect((screen.getByTestId('party-phone') as HTMLInputElement).value).toBe('04 78 00 00 00');
    expect(screen.getByText('Brouillon restauré', { exact: false })).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('party-submit'));
    expect(await screen.findByTestId('error-name')).toBeInTheDocument();
  });
});

describe('PersonDialog editing', () => {
  it('sends update_person, never add_person, and puts a refusal under its field', async () => {
    const onclose = vi.fn();
    let refuse = true;
    const { called } = mockBackend({
      update_person: () => {
        if (refuse) throw { code: 'invalid_email', field: 'email', values: { field: 'email', value: 'x@' }, problems: [] };
        return { id: 'H1', waiting_for_server: false };
      },
    });
    render(PersonDialog, { partyId: 'P1', partyName: 'Transports Rhône', person, onclose });
    expect(screen.getByRole('dialog')).toHaveTextContent('Modifier Paul Girard');
    expect((screen.getByTestId('person-position') as HTMLInputElement).value).toBe('Responsable flotte');
    await fireEvent.input(screen.getByTestId('person-email'), { target: { value: 'x@' } });
    await fireEvent.click(screen.getByTestId('person-submit'));
    expect(await screen.findByTestId('error-email')).toBeInTheDocument();
    refuse = false;
    await fireEvent.input(screen.getByTestId('person-email'), { target: { value: 'paul@trl.fr' } });
    await fireEvent.click(screen.getByTestId('person-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(called('update_person').at(-1)).toMatchObject({ id: 'H1', input: { party_id: 'P1', last_name: 'Girard', email: 'paul@trl.fr' } });
    expect(called('add_person')).toEqual([]);
  });
});

describe('TodoDialog editing and TodoDeleteDialog', () => {
  it('edits the text, the due day and the repetition of the todo', async () => {
    const onclose = vi.fn();
    const { called } = mockBackend({ update_todo: () => ({ id: 'T1', waiting_for_server: false }) });
    render(TodoDialog, { partyId: 'P1', partyName: 'Transports Rhône', todo, onclose });
    expect(screen.getByRole('dialog')).toHaveTextContent('Modifier la tâche');
    expect((screen.getByTestId('todo-repeat') as HTMLInputElement).value).toBe('7');
    await fireEvent.input(screen.getByTestId('todo-text'), { target: { value: 'Rappeler Paul Girard' } });
    await fireEvent.input(screen.getByTestId('todo-due'), { target: { value: '2026-12-01' } });
    await fireEvent.input(screen.getByTestId('todo-repeat'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('todo-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(called('update_todo')).toEqual([
      { id: 'T1', input: { text: 'Rappeler Paul Girard', due: '2026-12-01', party_id: 'P1', repeat_days: null } },
    ]);
    expect(called('create_todo')).toEqual([]);
  });

  it('deletes only once confirmed, and shows a refusal in the dialog', async () => {
    const onclose = vi.fn();
    let refuse = true;
    const { called } = mockBackend({
      delete_todo: () => {
        if (refuse) throw { code: 'unknown_record', field: 'id', values: { entity: 'todo', id: 'T1' }, problems: [] };
        return { id: 'T1', waiting_for_server: false };
      },
    });
    render(TodoDeleteDialog, { todo, onclose });
    expect(screen.getByRole('dialog')).toHaveTextContent('« Rappeler Paul »');
    // « Annuler » starts focused: Enter pressed by habit does not delete.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: t('common.cancel') }));
    expect(called('delete_todo')).toEqual([]);
    await fireEvent.click(screen.getByTestId('confirm-delete-todo'));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(onclose).not.toHaveBeenCalled();
    refuse = false;
    await fireEvent.click(screen.getByTestId('confirm-delete-todo'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(called('delete_todo')).toHaveLength(2);
  });
});
