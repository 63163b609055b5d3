// CRM dialogs against a mocked back end: the duplicate warning's « Créer quand même », the outcome a type needs,
// the reminders asked one by one and the decisions sent, the draft kept when the dialog closes.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crmTypes } from '../dev/mock-crm';
import { status } from '../dev/fixtures';
import type { TodoView } from '../src/lib/bindings/TodoView';
import { i18n } from '../src/lib/i18n/index.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import ActionDialog from '../src/screens/contacts/ActionDialog.svelte';
import PartyDialog from '../src/screens/contacts/PartyDialog.svelte';
import ReplyDialog from '../src/screens/contacts/ReplyDialog.svelte';
import TodoDoneDialog from '../src/screens/contacts/TodoDoneDialog.svelte';
import { mockBackend } from './backend';

const reminder: TodoView = {
  id: 'T1',
  text: 'Rappeler Paul',
  due: '2026-11-21',
  overdue: true,
  party_id: 'P1',
  party_name: 'Transports Rhône',
  repeat_days: null,
  pending: false,
};

// A new data version each test: the shared action types are asked again.
beforeEach(() => {
  appState.apply(status());
  appState.dataVersion++;
});
afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
});

describe('PartyDialog', () => {
  it('shows the matches when the command answers duplicates, and « Créer quand même » sends it anyway', async () => {
    const onclose = vi.fn();
    const { called } = mockBackend({
      create_party: (a) => {
        const matches = JSON.stringify([{ id: 'P1', name: 'Transports Rhône', city: 'LYON', reasons: ['phone'] }]);
        if (!a.allowDuplicates) throw { code: 'duplicates', field: 'name', values: { count: '1', matches }, problems: [] };
        return { id: 'NEW', waiting_for_server: false };
      },
    });
    render(PartyDialog, { onclose });
    await fireEvent.input(screen.getByTestId('party-name'), { target: { value: 'Transports Rhone' } });
    await fireEvent.input(screen.getByTestId('party-phone'), { target: { value: '04 78 11 22 33' } });
    await fireEvent.click(screen.getByTestId('party-submit'));
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning).toHaveTextContent('Transports Rhône');
    expect(warning).toHaveTextContent('même téléphone');
    expect(onclose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('duplicate-ignore'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    const creates = called('create_party');
    expect(creates.map((c) => c.allowDuplicates)).toEqual([false, true]);
    expect(creates[1]?.input).toMatchObject({ kind: 'company', name: 'Transports Rhone', phone: '04 78 11 22 33', email: null });
  });

  it('puts a refusal under the field it names', async () => {
    mockBackend({
      create_party: () => {
        throw { code: 'invalid_email', field: 'email', values: { field: 'email', value: 'x@' }, problems: [] };
      },
    });
    render(PartyDialog, { onclose: () => {} });
    await fireEvent.input(screen.getByTestId('party-name'), { target: { value: 'Ferme Neuve' } });
    await fireEvent.input(screen.getByTestId('party-email'), { target: { value: 'x@' } });
    await fireEvent.click(screen.getByTestId('party-submit'));
    expect(await screen.findByTestId('error-email')).toBeInTheDocument();
    // The field names its error, and the failed submit put the focus on it.
    const email = screen.getByTestId('party-email');
    expect(email).toHaveAttribute('aria-describedby', 'error-email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(document.activeElement).toBe(email));
  });
});

describe('ActionDialog', () => {
  it('asks the outcome a call needs and an answer per reminder, then sends the decisions', async () => {
    const onclose = vi.fn();
    const { called } = mockBackend({
      action_types: () => crmTypes,
      open_reminders: () => [reminder],
      log_action: () => ({ id: 'A9', waiting_for_server: false }),
    });
    render(ActionDialog, { partyId: 'P1', partyName: 'Transports Rhône', onclose });
    await screen.findByTestId('reminder');
    await waitFor(() => expect((screen.getByTestId('action-type') as HTMLSelectElement).value).toBe('appel'));
    await fireEvent.click(screen.getByTestId('action-submit'));
    expect(await screen.findByTestId('error-outcome')).toHaveTextContent('Champ obligatoire');
    expect(screen.getByTestId('error-reminders')).toBeInTheDocument();
    expect(called('log_action')).toHaveLength(0);

    await fireEvent.change(screen.getByTestId('action-outcome'), { target: { value: 'positive' } });
    await fireEvent.click(screen.getByTestId('reminder-delete'));
    await fireEvent.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(called('log_action')[0]?.input).toMatchObject({
      party_id: 'P1',
      action_type: 'appel',
      outcome: 'positive',
      date: '2026-11-23',
      reminders: [{ todo_id: 'T1', keep: false }],
    });
  });

  it('never offers an inactive type nor the done-todo type', async () => {
    mockBackend({ action_types: () => crmTypes.map((t) => (t.code === 'email' ? { ...t, active: false } : t)), open_reminders: () => [] });
    render(ActionDialog, { partyId: 'P1', partyName: 'X', onclose: () => {} });
    await waitFor(() => expect((screen.getByTestId('action-type') as HTMLSelectElement).value).toBe('appel'));
    const codes = [...(screen.getByTestId('action-type') as HTMLSelectElement).options].map((o) => o.value);
    expect(codes).not.toContain('email');
    expect(codes).not.toContain('tache');
  });
});

describe('ReplyDialog', () => {
  it('keeps what was typed as a draft and sends the reminder decision with the reply', async () => {
    const { drafts, called } = mockBackend({
      open_reminders: () => [reminder],
      add_reply: () => ({ id: 'R1', waiting_for_server: false }),
    });
    const first = render(ReplyDialog, { actionId: 'A1', actionTitle: 'Appel', partyId: 'P1', onclose: () => {} });
    await screen.findByTestId('reminder');
    await fireEvent.input(screen.getByTestId('reply-text'), { target: { value: 'Rappeler après le 5' } });
    await waitFor(() => expect(JSON.parse(drafts.get('crm-reply:A1') ?? '{}').text).toBe('Rappeler après le 5'), { timeout: 2000 });
    first.unmount();

    const onclose = vi.fn();
    render(ReplyDialog, { actionId: 'A1', actionTitle: 'Appel', partyId: 'P1', onclose });
    await waitFor(() => expect((screen.getByTestId('reply-text') as HTMLTextAreaElement).value).toBe('Rappeler après le 5'));
    await screen.findByTestId('reminder');
    await fireEvent.click(screen.getByTestId('reminder-delete'));
    await fireEvent.click(screen.getByTestId('reply-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(called('add_reply')[0]?.input).toMatchObject({ action_id: 'A1', text: 'Rappeler après le 5', reminders: [{ todo_id: 'T1', keep: false }] });
    expect(drafts.has('crm-reply:A1')).toBe(false);
  });
});

describe('Dialog focus', () => {
  it('keeps Tab inside the dialog and closes on Escape', async () => {
    mockBackend();
    const onclose = vi.fn();
    render(TodoDoneDialog, { todo: reminder, onclose });
    const dialog = screen.getByRole('dialog');
    const submit = screen.getByTestId('done-submit');
    const close = screen.getByTestId('dialog-close');
    submit.focus();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(submit);
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onclose).toHaveBeenCalled();
  });
});
