// Component tests (jsdom): freshness bar states, the recursive visit form, and the visit dialog against a mocked back end.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { card, formConfig, status } from '../dev/fixtures';
import type { CommandError } from '../src/lib/bindings/CommandError';
import FormTree from '../src/lib/components/FormTree.svelte';
import FreshnessBar from '../src/lib/components/FreshnessBar.svelte';
import { i18n } from '../src/lib/i18n/index.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import { toast } from '../src/lib/stores/toast.svelte';
import { choose, type Answers } from '../src/lib/visitForm';
import VisitDialog from '../src/screens/clients/VisitDialog.svelte';
import { mockBackend } from './backend';

afterEach(() => {
  cleanup();
  clearMocks();
  i18n.lang = 'fr';
});

describe('FreshnessBar', () => {
  const fresh = status().freshness!;

  it('is green with the snapshot date and no refresh button when fresh', () => {
    render(FreshnessBar, { freshness: fresh, onrefresh: () => {} });
    const bar = screen.getByTestId('freshness');
    expect(bar).toHaveAttribute('data-state', 'fresh');
    expect(bar).toHaveTextContent('Bases à jour du 23/11/2026 14:05');
    expect(screen.queryByTestId('freshness-refresh')).toBeNull();
  });

  it('is red with the exact message and a refresh button when stale', async () => {
    const onrefresh = vi.fn();
    render(FreshnessBar, { freshness: { ...fresh, stale: true }, onrefresh });
    const bar = screen.getByTestId('freshness');
    expect(bar).toHaveAttribute('data-state', 'stale');
    expect(bar).toHaveTextContent('vos bases ne sont pas à jour, merci de vous connecter pour les actualiser');
    await fireEvent.click(screen.getByTestId('freshness-refresh'));
    expect(onrefresh).toHaveBeenCalledOnce();
  });

  it('offers refresh when a newer snapshot is available', () => {
    render(FreshnessBar, { freshness: { ...fresh, newer_available: true }, onrefresh: () => {} });
    expect(screen.getByTestId('freshness')).toHaveAttribute('data-state', 'fresh');
    expect(screen.getByTestId('freshness-refresh')).toBeInTheDocument();
  });
});

describe('FormTree', () => {
  it('reveals children of a chosen option and hides them again', async () => {
    const groups = formConfig.visit_form.groups;
    let answers: Answers = {};
    const errors: Record<string, string> = { objet: 'Champ obligatoire' };
    const { rerender } = render(FormTree, {
      groups,
      answers,
      errors,
      onchoose: (g, o, c) => {
        answers = choose(groups, answers, g, o, c);
      },
    });
    expect(screen.getByTestId('error-objet')).toHaveTextContent('Champ obligatoire');
    expect(screen.getByText('Objet de la visite').querySelector('.req')).toHaveTextContent('*');
    expect(screen.queryByTestId('form-opt-produits-pneus')).toBeNull();

    await fireEvent.click(screen.getByTestId('form-opt-objet-devis'));
    await rerender({ answers });
    await fireEvent.click(screen.getByTestId('form-opt-produits-autre'));
    await rerender({ answers });
    await fireEvent.click(screen.getByTestId('form-opt-urgence-haute'));
    await rerender({ answers });
    expect(answers).toEqual({ objet: 'devis', produits: ['autre'], urgence: 'haute' });

    await fireEvent.click(screen.getByTestId('form-opt-objet-sav'));
    await rerender({ answers });
    expect(answers).toEqual({ objet: 'sav' });
    expect(screen.queryByTestId('form-opt-produits-pneus')).toBeNull();
  });
});

describe('VisitDialog', () => {
  function backend(onRecord: (input: unknown) => unknown) {
    return mockBackend({
      form_config: () => formConfig,
      record_visit: (a) => onRecord(a.input),
      app_status: () => status(),
    });
  }

  it('checks required groups and the date range before calling the back end', async () => {
    const record = vi.fn();
    backend(record);
    render(VisitDialog, { card: card(), onclose: () => {} });
    const date = (await screen.findByTestId('visit-date')) as HTMLInputElement;
    await waitFor(() => expect(date.value).toBe('2026-11-23'));
    expect(date.min).toBe('2026-11-16');
    expect(date.max).toBe('2026-11-23');
    await fireEvent.input(date, { target: { value: '2026-11-01' } });
    await fireEvent.click(screen.getByTestId('visit-submit'));
    expect(await screen.findByTestId('error-visit_date')).toBeInTheDocument();
    expect(screen.getByTestId('error-objet')).toHaveTextContent('Champ obligatoire');
    expect(record).not.toHaveBeenCalled();
  });

  it('shows each server problem next to its field', async () => {
    const err: CommandError = {
      code: 'too_long',
      field: 'comment',
      values: {},
      problems: [
        { field: 'comment', code: 'too_long', values: { label_fr: 'commentaire', max: '2000', len: '2100' } },
        {
          field: 'objet',
          code: 'invalid_answers',
          values: { label_fr: 'Objet de la visite', reason: 'answer_unknown_option', option: 'zz' },
        },
      ],
    };
    backend(() => {
      throw err;
    });
    render(VisitDialog, { card: card(), onclose: () => {} });
    await fireEvent.click(await screen.findByTestId('form-opt-objet-sav'));
    await fireEvent.click(screen.getByTestId('visit-submit'));
    expect(await screen.findByTestId('error-comment')).toHaveTextContent('Le champ « commentaire » dépasse 2000 caractères (2100 saisis).');
    expect(screen.getByTestId('error-objet')).toHaveTextContent('Formulaire de visite, question « Objet de la visite » : choix « zz » inconnu.');
  });

  it('records the visit, discards the draft, closes and toasts', async () => {
    const record = vi.fn(() => ({ change_id: 'x', file_name: 'x.json' }));
    const { drafts } = backend(record);
    drafts.set('visit:C00123', JSON.stringify({ comment: 'Repris du brouillon', date: '2026-11-22', time: '', answers: { objet: 'sav' } }));
    const onclose = vi.fn();
    appState.apply(status());
    render(VisitDialog, { card: card(), onclose });
    const comment = (await screen.findByTestId('visit-comment')) as HTMLTextAreaElement;
    await waitFor(() => expect(comment.value).toBe('Repris du brouillon'));
    await fireEvent.input(screen.getByTestId('visit-time'), { target: { value: '09:15' } });
    await fireEvent.click(screen.getByTestId('visit-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(record).toHaveBeenCalledWith({
      client_code: 'C00123',
      visit_date: '2026-11-22',
      visit_time: '09:15',
      comment: 'Repris du brouillon',
      answers: { objet: 'sav' },
    });
    expect(drafts.has('visit:C00123')).toBe(false);
    expect(toast.message).toBe('Visite enregistrée');
  });

  it('autosaves what is typed under visit:<code>', async () => {
    const { drafts } = backend(() => null);
    render(VisitDialog, { card: card(), onclose: () => {} });
    const comment = await screen.findByTestId('visit-comment');
    await waitFor(() => expect((screen.getByTestId('visit-date') as HTMLInputElement).value).toBe('2026-11-23'));
    await fireEvent.input(comment, { target: { value: 'Client absent' } });
    await waitFor(() => expect(JSON.parse(drafts.get('visit:C00123') ?? '{}').comment).toBe('Client absent'), { timeout: 2000 });
  });
});
