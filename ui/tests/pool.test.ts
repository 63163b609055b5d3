// « Leads non attribués » (issue 15) against a mocked back end: the pool's leads with their city, campaign and day,
// the count on the Contacts screen's tab, « Prendre » sending the take and saying so, the take hidden from an
// observer; on a lead's page « Remettre dans le pool » asks first; a refused take on the home screen names the taker.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactHit } from '../src/lib/bindings/ContactHit';
import type { ContactPage } from '../src/lib/bindings/ContactPage';
import type { Entity } from '../src/lib/bindings/Entity';
import type { PoolView } from '../src/lib/bindings/PoolView';
import type { TakeNotice } from '../src/lib/bindings/TakeNotice';
import type { UserGrants } from '../src/lib/bindings/UserGrants';
import { appState } from '../src/lib/stores/status.svelte';
import { toast } from '../src/lib/stores/toast.svelte';
import ContactsScreen from '../src/screens/contacts/ContactsScreen.svelte';
import ContactPageView from '../src/screens/contacts/ContactPageView.svelte';
import PoolList from '../src/screens/contacts/PoolList.svelte';
import DeclinedNotices from '../src/screens/home/DeclinedNotices.svelte';
import { mockBackend } from './backend';

const ENTITIES: Entity[] = ['party', 'person', 'action', 'action_reply', 'todo', 'client', 'prospect', 'visit', 'modification_request', 'user', 'campaign', 'meeting', 'call', 'opportunity', 'quote'];
const grantsWriting = (write: 'own' | 'none'): UserGrants => ({ known: true, grants: ENTITIES.map((entity) => ({ entity, read: 'all', write })) });

const hit = (over: Partial<ContactHit>): ContactHit => ({
  id: 'P9',
  kind: 'company',
  name: 'Pneus Rivière',
  first_name: null,
  city: 'Lyon',
  postal_code: '69003',
  status: 'lead',
  last_action: null,
  pending: false,
  unassigned: true,
  campaign: 'House & Design',
  created_on: '2026-11-19',
  ...over,
});

const pool: PoolView = { total: 2, leads: [hit({}), hit({ id: 'P8', kind: 'person', name: 'Roux', first_name: 'Léa', city: null, postal_code: null, campaign: null, created_on: '2026-11-18' })] };

beforeEach(() => {
  appState.dataVersion++; // the shared stores read again for each test
});
afterEach(() => cleanup());

describe('the pool list', () => {
  it('lists each lead with its city, campaign and day, and « Prendre » takes it', async () => {
    const { called } = mockBackend({
      pool_leads: () => pool,
      grants: () => grantsWriting('own'),
      take_lead: () => ({ id: 'P9', waiting_for_server: false }),
      app_status: () => {
        throw 'not needed';
      },
    });
    render(PoolList, { active: true });
    expect(await screen.findByTestId('pool-count')).toHaveTextContent('2 lead(s) non attribué(s)');
    const [first, second] = screen.getAllByTestId('pool-lead');
    expect(first).toHaveTextContent('Pneus Rivière');
    expect(first).toHaveTextContent('69003 Lyon');
    expect(first).toHaveTextContent('House & Design');
    expect(first).toHaveTextContent('créé le 19/11/2026');
    expect(second).toHaveTextContent('Roux Léa');
    await fireEvent.click(within(first as HTMLElement).getByRole('button', { name: 'Prendre « Pneus Rivière »' }));
    await waitFor(() => expect(called('take_lead')).toEqual([{ id: 'P9' }]));
    expect(toast.message).toMatch(/^Lead pris/);
  });

  it('offers no « Prendre » to an observer', async () => {
    mockBackend({ pool_leads: () => pool, grants: () => grantsWriting('none') });
    render(PoolList, { active: true });
    await screen.findByTestId('pool-count');
    await waitFor(() => expect(screen.queryAllByTestId('pool-take')).toHaveLength(0));
  });

  it('says when the pool is empty', async () => {
    mockBackend({ pool_leads: () => ({ total: 0, leads: [] }), grants: () => grantsWriting('own') });
    render(PoolList, { active: true });
    expect(await screen.findByTestId('pool-empty')).toHaveTextContent('Aucun lead non attribué');
  });
});

describe('the Contacts screen', () => {
  it('counts the pool on its tab and shows the pool’s list from it, with the keyboard', async () => {
    mockBackend({
      contacts: () => [hit({}), hit({ id: 'P1', name: 'Garage Dupont', unassigned: false, campaign: null })],
      pool_leads: () => pool,
      grants: () => grantsWriting('own'),
    });
    render(ContactsScreen, { active: true });
    const tab = await screen.findByRole('tab', { name: 'Leads non attribués (2)' });
    // The pool's lead carries its badge in the whole list too.
    const rows = await screen.findAllByTestId('contact-hit');
    expect(rows[0]).toHaveTextContent('Non attribué');
    expect(rows[1]).not.toHaveTextContent('Non attribué');
    tab.focus();
    await fireEvent.click(tab);
    expect(await screen.findByTestId('pool-list')).toBeInTheDocument();
    expect(tab).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByTestId('contact-search')).not.toBeInTheDocument();
  });
});

describe('a lead’s page', () => {
  const page = (over: Partial<ContactPage['party']>, status: ContactPage['status'] = 'lead'): ContactPage => ({
    party: {
      id: 'P9',
      kind: 'company',
      name: 'Pneus Rivière',
      first_name: null,
      siret: null,
      vat: null,
      phone: null,
      mobile: null,
      email: null,
      address1: null,
      address2: null,
      postal_code: '69003',
      city: 'Lyon',
      country: null,
      notes: null,
      owner: 'accueil',
      created_by: 'accueil',
      client_code: null,
      prospect_id: null,
      locked_fields: [],
      pending: false,
      unassigned: true,
      ...over,
    },
    people: [],
    status,
    timeline: [],
    open_todos: [],
    pending: false,
    score: null,
  });
  const quiet = { party_opportunities: () => [], recent_activity: () => [], action_types: () => [] };

  it('offers « Prendre » on a pool lead and says it is unassigned', async () => {
    const { called } = mockBackend({
      ...quiet,
      contact_page: () => page({}),
      grants: () => grantsWriting('own'),
      take_lead: () => ({ id: 'P9', waiting_for_server: false }),
    });
    render(ContactPageView, { id: 'P9' });
    expect(await screen.findByTestId('contact-pool-badge')).toHaveTextContent('Non attribué');
    await fireEvent.click(await screen.findByTestId('btn-take-lead'));
    await waitFor(() => expect(called('take_lead')).toEqual([{ id: 'P9' }]));
    expect(screen.queryByTestId('btn-release-lead')).not.toBeInTheDocument();
  });

  it('puts the rep’s own lead back in the pool only after he confirms', async () => {
    appState.status = {
      configured: true,
      os_user: 'jdupont',
      user: { windows_user: 'jdupont', erp_code: 'JD01', display_name: 'Jean Dupont', is_admin: false },
      snapshot_dir: null,
      outbox_dir: null,
      freshness: null,
      lang: 'fr',
      today: '2026-11-21',
      pending_changes: 0,
      problem: null,
    };
    const { called } = mockBackend({
      ...quiet,
      contact_page: () => page({ owner: 'jdupont', unassigned: false }),
      grants: () => grantsWriting('own'),
      release_lead: () => ({ id: 'P9', waiting_for_server: false }),
      app_status: () => appState.status,
    });
    render(ContactPageView, { id: 'P9' });
    await fireEvent.click(await screen.findByTestId('btn-release-lead'));
    const dialog = await screen.findByTestId('release-dialog');
    expect(dialog).toHaveTextContent('Le lead ne sera plus à vous');
    expect(called('release_lead')).toEqual([]);
    await fireEvent.click(screen.getByTestId('confirm-release-lead'));
    await waitFor(() => expect(called('release_lead')).toEqual([{ id: 'P9' }]));
    expect(screen.queryByTestId('btn-take-lead')).not.toBeInTheDocument();
    appState.status = null;
  });
});

describe('the home screen', () => {
  it('names who took first a lead the rep took offline, until he has seen it', async () => {
    const notice: TakeNotice = {
      change_id: 'C1',
      party_id: 'P9',
      party_name: 'Pneus Rivière',
      taker: 'mmartin',
      taker_name: 'Marc Martin',
      reason: 'not_allowed',
      taken_at: '2026-11-20T10:00:00+01:00',
    };
    const { called } = mockBackend({ home_notices: () => [], take_notices: () => [notice], dismiss_notice: () => null });
    render(DeclinedNotices, { active: true });
    const shown = await screen.findByTestId('take-notice');
    expect(shown).toHaveTextContent('Le lead « Pneus Rivière » que vous aviez pris le 20/11/2026 l’avait déjà été par Marc Martin');
    await fireEvent.click(within(shown).getByTestId('notice-seen'));
    await waitFor(() => expect(called('dismiss_notice')).toEqual([{ changeId: 'C1' }]));
    expect(screen.queryByTestId('take-notice')).not.toBeInTheDocument();
  });
});
