// A client's or a prospect's contact: the copied fields read-only in the edit dialog with a hint saying where
// they are edited (a draft never brings them back), no « Supprimer », the links to the client or prospect card
// and back, and the laptop's `linked_party` refusal worded in French and English.
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { card, formConfig } from '../dev/fixtures';
import { crmTypes } from '../dev/mock-crm';
import type { ContactPage } from '../src/lib/bindings/ContactPage';
import type { PartyView } from '../src/lib/bindings/PartyView';
import { i18n } from '../src/lib/i18n/index.svelte';
import { errorSentence } from '../src/lib/i18n/errors';
import { nav } from '../src/lib/stores/nav.svelte';
import ClientCardView from '../src/screens/clients/ClientCardView.svelte';
import ContactPageView from '../src/screens/contacts/ContactPageView.svelte';
import PartyDialog from '../src/screens/contacts/PartyDialog.svelte';
import { mockBackend } from './backend';

/** What the server copies from the client row (tournee_sync::LINKED_PARTY_FIELDS), as the DTO lists it. */
const LOCKED = ['kind', 'name', 'siret', 'vat', 'phone', 'mobile', 'email', 'address1', 'address2', 'postal_code', 'city', 'country', 'owner'];
const CLIENT_PARTY = '0000000000C11ENTPARTY00001';

const clientParty: PartyView = {
  id: CLIENT_PARTY,
  kind: 'company',
  name: 'Garage Martin',
  first_name: null,
  siret: null,
  vat: null,
  phone: '04 78 00 00 01',
  mobile: null,
  email: 'contact@garage-martin.example',
  address1: '12 rue des Lilas',
  address2: null,
  postal_code: '69003',
  city: 'LYON',
  country: null,
  notes: 'Client historique',
  owner: 'mdupont',
  created_by: 'mdupont',
  client_code: 'C00123',
  prospect_id: null,
  locked_fields: LOCKED,
  pending: false,
  unassigned: false,
};

const page = (party: PartyView): ContactPage => ({ party, people: [], status: 'client', timeline: [], open_todos: [], pending: false, score: null });

beforeEach(() => {
  i18n.lang = 'fr';
  nav.screen = 'home';
  nav.clientCode = null;
  nav.partyId = null;
  nav.prospectId = null;
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('PartyDialog on a linked contact', () => {
  it('shows the copied fields read-only with the client hint, drops them from a restored draft, sends the notes', async () => {
    const onclose = vi.fn();
    const { drafts, called } = mockBackend({ update_party: () => ({ id: CLIENT_PARTY, waiting_for_server: false }) });
    // A draft kept before the fields were locked: its phone is not laid over the client's.
    drafts.set(`crm-party-edit:${CLIENT_PARTY}`, JSON.stringify({ phone: '06 00 00 00 00', notes: 'Livraisons le mardi' }));
    render(PartyDialog, { onclose, party: clientParty });
    expect(screen.getByTestId('party-locked-hint')).toHaveTextContent('Repris de la fiche client');
    expect(screen.getByTestId('party-locked-hint')).toHaveTextContent('demande de modification');
    for (const id of ['party-name', 'party-phone', 'party-email', 'party-address1', 'party-postal_code', 'party-city', 'party-siret']) {
      expect(screen.getByTestId(id)).toHaveAttribute('readonly');
    }
    expect(screen.getByTestId('party-notes')).not.toHaveAttribute('readonly');
    await waitFor(() => expect((screen.getByTestId('party-notes') as HTMLTextAreaElement).value).toBe('Livraisons le mardi'));
    expect((screen.getByTestId('party-phone') as HTMLInputElement).value).toBe('04 78 00 00 01');
    await fireEvent.click(screen.getByTestId('party-submit'));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    const [edit] = called('update_party');
    expect(edit?.input).toMatchObject({ phone: '04 78 00 00 01', name: 'Garage Martin', notes: 'Livraisons le mardi' });
  });

  it('tells a prospect’s contact that its data is edited on the prospect card, in English too', () => {
    mockBackend();
    i18n.lang = 'en';
    render(PartyDialog, { onclose: () => {}, party: { ...clientParty, client_code: null, prospect_id: 'PR-7' } });
    expect(screen.getByTestId('party-locked-hint')).toHaveTextContent('Taken from the prospect card');
    expect(screen.getByTestId('party-locked-hint')).toHaveTextContent('edited on the prospect card');
  });

  it('leaves every field of a contact linked to nothing editable, without a hint', () => {
    mockBackend();
    render(PartyDialog, { onclose: () => {}, party: { ...clientParty, client_code: null, locked_fields: [] } });
    expect(screen.queryByTestId('party-locked-hint')).toBeNull();
    expect(screen.getByTestId('party-phone')).not.toHaveAttribute('readonly');
  });
});

describe('the links between a client and its contact', () => {
  it('a client’s contact page has no « Supprimer » and opens the client card', async () => {
    mockBackend({ action_types: () => crmTypes, contact_page: () => page(clientParty) });
    render(ContactPageView, { id: CLIENT_PARTY });
    await screen.findByTestId('contact-page');
    expect(screen.queryByTestId('btn-delete-contact')).toBeNull();
    expect(screen.getByTestId('btn-edit-contact')).toBeInTheDocument();
    expect(screen.queryByTestId('btn-open-prospect')).toBeNull();
    await fireEvent.click(screen.getByTestId('btn-open-client'));
    expect(nav.screen).toBe('clients');
    expect(nav.clientCode).toBe('C00123');
  });

  it('a contact linked to nothing keeps « Supprimer » and has no card to open', async () => {
    mockBackend({ action_types: () => crmTypes, contact_page: () => page({ ...clientParty, client_code: null, locked_fields: [] }) });
    render(ContactPageView, { id: CLIENT_PARTY });
    await screen.findByTestId('contact-page');
    expect(screen.getByTestId('btn-delete-contact')).toBeInTheDocument();
    expect(screen.queryByTestId('btn-open-client')).toBeNull();
  });

  it('the client card opens its contact page, and shows no link when the snapshot has no party', async () => {
    mockBackend({ client_card: (a) => card(a.code as string, { party_id: a.code === 'C00123' ? CLIENT_PARTY : null }), form_config: () => formConfig });
    const { unmount } = render(ClientCardView, { code: 'C00123', active: true });
    await fireEvent.click(await screen.findByTestId('btn-open-contact'));
    expect(nav.screen).toBe('contacts');
    expect(nav.partyId).toBe(CLIENT_PARTY);
    unmount();
    render(ClientCardView, { code: 'C00999', active: true });
    await screen.findByTestId('card-name');
    expect(screen.queryByTestId('btn-open-contact')).toBeNull();
  });
});

describe('the linked_party refusal', () => {
  const sentence = (values: Record<string, string>, lang: 'fr' | 'en') => errorSentence('linked_party', values, lang);

  it('names the field and where it is edited, and says a client’s contact is not deleted', () => {
    const phone = { field: 'phone', label_fr: 'Téléphone', label_en: 'Phone', op: 'update' };
    expect(sentence({ ...phone, link: 'client' }, 'fr')).toBe(
      'Le champ « Téléphone » vient de la fiche client : il se corrige par une demande de modification.',
    );
    expect(sentence({ ...phone, link: 'prospect' }, 'en')).toBe('The field “Phone” comes from the prospect card: edit it on the prospect card.');
    expect(sentence({ field: 'id', link: 'client', op: 'delete' }, 'fr')).toBe('Ce contact est celui d’un client : il ne se supprime pas.');
    expect(sentence({ field: 'id', link: 'prospect', op: 'delete' }, 'en')).toContain('goes with the prospect');
  });
});
