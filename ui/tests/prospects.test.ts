// Prospect screens against a mocked back end: the card's status and buttons, « Nouveau » with duplicates,
// « Modifier » sending only changes, and the conversion form gated by check_conversion.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversionConfig, prospectCard, status } from '../dev/fixtures';
import type { Problem } from '../src/lib/bindings/Problem';
import type { ProspectCard } from '../src/lib/bindings/ProspectCard';
import { nav } from '../src/lib/stores/nav.svelte';
import { appState } from '../src/lib/stores/status.svelte';
import ConversionDialog from '../src/screens/prospects/ConversionDialog.svelte';
import ProspectCardView from '../src/screens/prospects/ProspectCardView.svelte';
import ProspectDialog from '../src/screens/prospects/ProspectDialog.svelte';
import { mockBackend, type Handlers } from './backend';

function backend(handlers: Handlers = {}) {
  return mockBackend({ conversion_config: () => conversionConfig, app_status: () => status(), ...handlers });
}

beforeEach(() => {
  appState.apply(status());
  nav.screen = 'prospects';
  nav.prospectId = null;
  nav.clientCode = null;
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('ProspectCardView', () => {
  function showCard(over: Partial<ProspectCard>, handlers: Handlers = {}) {
    const b = backend({ prospect_card: () => prospectCard('01JD0P1ABCDEF', over), ...handlers });
    render(ProspectCardView, { id: '01JD0P1ABCDEF' });
    return b;
  }

  it('shows an active prospect with every action', async () => {
    showCard({});
    const card = await screen.findByTestId('prospect-card');
    expect(card).toHaveAttribute('data-id', '01JD0P1ABCDEF');
    expect(screen.getByTestId('prospect-status')).toHaveAttribute('data-status', 'active');
    expect(screen.getByTestId('prospect-status')).toHaveTextContent('Prospect');
    for (const id of ['btn-convert', 'btn-prospect-visit', 'btn-prospect-history', 'btn-edit-prospect', 'btn-delete-prospect']) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
  });

  it('labels each status and offers the conversion only when active or rejected', async () => {
    showCard({ status: 'rejected', rejection_reason: 'SIRET inconnu' });
    expect(await screen.findByTestId('prospect-status')).toHaveTextContent('Refusé par la comptabilité');
    expect(screen.getByTestId('prospect-rejection')).toHaveTextContent('SIRET inconnu');
    expect(screen.getByTestId('btn-convert')).toBeInTheDocument();
    cleanup();

    showCard({ status: 'awaiting_validation' });
    expect(await screen.findByTestId('prospect-status')).toHaveTextContent('En attente de validation comptable');
    expect(screen.queryByTestId('btn-convert')).toBeNull();
    cleanup();

    showCard({ status: 'converted', converted_client: 'C00987' });
    expect(await screen.findByTestId('prospect-status')).toHaveTextContent('Devenu client C00987');
    expect(screen.queryByTestId('btn-convert')).toBeNull();
    await fireEvent.click(screen.getByTestId('prospect-open-client'));
    expect(nav.screen).toBe('clients');
    expect(nav.clientCode).toBe('C00987');
  });

  it('offers « Supprimer » only when allowed, and hides actions while a deletion is pending', async () => {
    showCard({ can_delete: false });
    await screen.findByTestId('prospect-card');
    expect(screen.queryByTestId('btn-delete-prospect')).toBeNull();
    cleanup();

    showCard({ deleted_pending: true });
    expect(await screen.findByTestId('prospect-deleted-pending')).toHaveTextContent('Suppression en attente');
    expect(screen.queryByTestId('btn-prospect-visit')).toBeNull();
    expect(screen.queryByTestId('btn-edit-prospect')).toBeNull();
  });

  it('deletes after confirmation', async () => {
    let deleted = false;
    const b = backend({
      prospect_card: () => prospectCard('01JD0P1ABCDEF', { deleted_pending: deleted }),
      delete_prospect: () => {
        deleted = true;
        return { change_id: 'd', file_name: 'd.json' };
      },
    });
    render(ProspectCardView, { id: '01JD0P1ABCDEF' });
    await fireEvent.click(await screen.findByTestId('btn-delete-prospect'));
    expect(b.called('delete_prospect')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(b.called('delete_prospect')).toEqual([{ prospectId: '01JD0P1ABCDEF' }]));
    expect(await screen.findByTestId('prospect-deleted-pending')).toBeInTheDocument();
  });

  it('records a visit with the shared visit form', async () => {
    const b = showCard({}, { form_config: () => import('../dev/fixtures').then((f) => f.formConfig), record_prospect_visit: () => ({ change_id: 'v', file_name: 'v.json' }) });
    await fireEvent.click(await screen.findByTestId('btn-prospect-visit'));
    await fireEvent.click(await screen.findByTestId('form-opt-objet-sav'));
    await fireEvent.input(screen.getByTestId('visit-comment'), { target: { value: 'Premier contact' } });
    await fireEvent.click(screen.getByTestId('visit-submit'));
    await waitFor(() => expect(b.called('record_prospect_visit')).toHaveLength(1));
    expect(b.called('record_prospect_visit')[0]).toEqual({
      input: { prospect_id: '01JD0P1ABCDEF', visit_date: '2026-11-23', visit_time: null, comment: 'Premier contact', answers: { objet: 'sav' } },
    });
  });
});

describe('ProspectDialog', () => {
  const dup = { kind: 'prospect', code: 'P9', name: 'Ferme des Saules', phone: '04 74 00 11 22' };

  it('warns about duplicates on blur and opens the existing record instead', async () => {
    const b = backend({ find_duplicates: (a) => (a.phone === '0474001122' ? [dup] : []) });
    const onclose = vi.fn();
    render(ProspectDialog, { onclose });
    const tel = await screen.findByTestId('prospect-field-tel_1');
    expect(screen.getByText('Nom').querySelector('.req')).toHaveTextContent('*');
    await fireEvent.input(tel, { target: { value: '0474001122' } });
    await fireEvent.blur(tel);
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning).toHaveTextContent('Ferme des Saules');
    expect(warning).toHaveTextContent('04 74 00 11 22');
    expect(b.called('find_duplicates')).toEqual([{ phone: '0474001122' }]);
    await fireEvent.click(screen.getByTestId('duplicate-open'));
    expect(nav.prospectId).toBe('P9');
    expect(onclose).toHaveBeenCalled();
  });

  it('checks both numbers before creating, then « Créer quand même » creates and opens the card', async () => {
    const b = backend({
      find_duplicates: (a) => (a.phone === '0612' ? [{ ...dup, kind: 'client', code: 'C00123' }] : []),
      create_prospect: () => ({ prospect_id: 'NEW1', change: { change_id: 'c', file_name: 'c.json' } }),
    });
    const onclose = vi.fn();
    render(ProspectDialog, { onclose });
    await screen.findByTestId('prospect-field-nom_client');
    await fireEvent.click(screen.getByTestId('prospect-submit'));
    expect(await screen.findByTestId('error-nom_client')).toHaveTextContent('Champ obligatoire');

    await fireEvent.input(screen.getByTestId('prospect-field-nom_client'), { target: { value: ' Ferme Neuve ' } });
    await fireEvent.input(screen.getByTestId('prospect-field-tel_1'), { target: { value: '0474' } });
    await fireEvent.input(screen.getByTestId('prospect-field-tel_2'), { target: { value: '0612' } });
    await fireEvent.click(screen.getByTestId('prospect-submit'));
    expect(await screen.findByTestId('duplicate-warning')).toBeInTheDocument();
    expect(screen.getByTestId('duplicate-open')).toHaveAttribute('data-code', 'C00123');
    expect(b.called('find_duplicates').map((a) => a.phone).sort()).toEqual(['0474', '0612']);
    expect(b.called('create_prospect')).toHaveLength(0);

    await waitFor(() => expect(screen.getByTestId('duplicate-ignore')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('duplicate-ignore'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    // A new prospect starts with the rep's code and agency.
    expect(b.called('create_prospect')).toEqual([
      { input: { fields: { c_agence: 'A12', c_rep: 'R07', nom_client: 'Ferme Neuve', tel_1: '0474', tel_2: '0612' } } },
    ]);
    expect(nav.prospectId).toBe('NEW1');
    expect(b.drafts.has('prospect-new')).toBe(false);
  });

  it('autosaves what is typed and restores it', async () => {
    const b = backend({ find_duplicates: () => [] });
    b.drafts.set('prospect-new', JSON.stringify({ ville_fac: 'VIENNE' }));
    render(ProspectDialog, { onclose: () => {} });
    await waitFor(() => expect((screen.getByTestId('prospect-field-ville_fac') as HTMLInputElement).value).toBe('VIENNE'));
    await fireEvent.input(screen.getByTestId('prospect-field-nom_client'), { target: { value: 'Ferme' } });
    await waitFor(() => expect(JSON.parse(b.drafts.get('prospect-new') ?? '{}')).toEqual({ nom_client: 'Ferme', ville_fac: 'VIENNE' }), {
      timeout: 2000,
    });
  });

  it('« Modifier » is prefilled and sends only the changed fields', async () => {
    const b = backend({ update_prospect: () => ({ change_id: 'u', file_name: 'u.json' }) });
    const onclose = vi.fn();
    render(ProspectDialog, { card: prospectCard(), onclose });
    const town = (await screen.findByTestId('prospect-field-ville_fac')) as HTMLInputElement;
    await waitFor(() => expect(town.value).toBe('VIENNE'));
    await fireEvent.click(screen.getByTestId('prospect-submit'));
    expect(await screen.findByText('Aucune modification à enregistrer.')).toBeInTheDocument();
    await fireEvent.input(town, { target: { value: 'GRENOBLE' } });
    await fireEvent.input(screen.getByTestId('prospect-field-tel_1'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('prospect-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(b.called('update_prospect')).toEqual([{ input: { prospect_id: '01JD0P1ABCDEF', fields: { ville_fac: 'GRENOBLE', tel_1: null } } }]);
    expect(b.called('find_duplicates')).toHaveLength(0);
  });
});

describe('ConversionDialog', () => {
  it('keeps « Transformer » disabled until check_conversion finds nothing, showing each problem by its field', async () => {
    let problems: Problem[] = [{ field: 'contact_divers_2', code: 'missing_mandatory', values: { label_fr: 'SIRET' } }];
    const b = backend({
      check_conversion: () => problems,
      convert_prospect: () => ({ change_id: 'cc', file_name: 'cc.json' }),
    });
    const onclose = vi.fn();
    render(ConversionDialog, { card: prospectCard(), onclose });
    const submit = await screen.findByTestId('convert-submit');
    await waitFor(() => expect(document.querySelector('[data-error-for="contact_divers_2"]')).toHaveTextContent('Le champ « SIRET » est obligatoire.'), { timeout: 2000 });
    expect(submit).toBeDisabled();

    problems = [];
    await fireEvent.input(screen.getByTestId('conv-field-contact_divers_2'), { target: { value: '73282932000074' } });
    expect(submit).toBeDisabled(); // not checked yet
    await waitFor(() => expect(submit).toBeEnabled(), { timeout: 2000 });
    expect(document.querySelector('[data-error-for]')).toBeNull();
    const last = b.called('check_conversion').at(-1)?.input as { fields: Record<string, string | null> };
    expect(last.fields.contact_divers_2).toBe('73282932000074');
    expect(last.fields.nom_client).toBe('Ferme des Saules');

    await fireEvent.click(submit);
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(b.called('convert_prospect')).toHaveLength(1);
  });

  it('offers CH to farmers only and then locks the due days', async () => {
    backend({ check_conversion: () => [] });
    render(ConversionDialog, { card: prospectCard(), onclose: () => {} });
    const mode = (await screen.findByTestId('conv-field-c_mod_rgl_1')) as HTMLSelectElement;
    const codes = () => [...mode.options].map((o) => o.value);
    expect(codes()).toEqual(['', 'VI', 'LD', 'CH', 'TR']); // the fixture prospect is AGRI
    await fireEvent.change(mode, { target: { value: 'CH' } });
    const days = screen.getByTestId('conv-field-nb_jour_1') as HTMLInputElement;
    await waitFor(() => expect(days.value).toBe('20'));
    expect(days.readOnly).toBe(true);

    // The category is picked from the admin's list, not typed.
    const category = screen.getByTestId('conv-field-c_fam_client') as HTMLSelectElement;
    expect([...category.options].map((o) => o.value)).toEqual(['', 'AGRI', 'TRAN', 'GARA']);
    await fireEvent.change(category, { target: { value: 'TRAN' } });
    await waitFor(() => expect(codes()).toEqual(['', 'VI', 'LD', 'TR']));
    expect(mode.value).toBe('');
    expect(days.readOnly).toBe(false);
  });

  it('starts with the rep’s code and agency, and offers the sub-categories of the category', async () => {
    backend({ check_conversion: () => [] });
    render(ConversionDialog, { card: prospectCard(), onclose: () => {} });
    const rep = (await screen.findByTestId('conv-field-c_rep')) as HTMLInputElement;
    expect(rep.value).toBe('R07');
    expect((screen.getByTestId('conv-field-c_agence') as HTMLInputElement).value).toBe('A12');
    const sub = screen.getByTestId('conv-field-c_sfam_client') as HTMLSelectElement;
    expect([...sub.options].map((o) => o.value)).toEqual(['', 'CERE', 'ELEV']); // AGRI's
    await fireEvent.change(screen.getByTestId('conv-field-c_fam_client'), { target: { value: 'TRAN' } });
    await waitFor(() => expect([...sub.options].map((o) => o.value)).toEqual(['', 'PL']));
  });

  it('asks for IBAN, BIC and a signature with LD', async () => {
    // jsdom has no canvas: the pad draws nothing but must still mount.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    backend({ check_conversion: () => [{ field: 'signature', code: 'signature_required', values: {} }] });
    render(ConversionDialog, { card: prospectCard(), onclose: () => {} });
    const mode = await screen.findByTestId('conv-field-c_mod_rgl_1');
    expect(screen.queryByTestId('signature-pad')).toBeNull();
    expect(screen.getByText('IBAN').querySelector('.req')).toBeNull();
    await fireEvent.change(mode, { target: { value: 'LD' } });
    expect(await screen.findByTestId('signature-pad')).toHaveAttribute('data-blank', 'true');
    expect(screen.getByText('IBAN').querySelector('.req')).toHaveTextContent('*');
    expect(screen.getByText('BIC').querySelector('.req')).toHaveTextContent('*');
    await waitFor(() => expect(document.querySelector('[data-error-for="signature"]')).toHaveTextContent('Le mode de règlement LD exige la signature du client.'), { timeout: 2000 });
  });
});
