// What the policy lets the user write (issue 15): the rules the buttons follow, and « Nouvelle campagne » hidden from a
// rep under brief 003's policy, shown under brief 004's and when the snapshot does not say (the server decides then).
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/lib/bindings/Entity';
import type { Scope } from '../src/lib/bindings/Scope';
import type { UserGrants } from '../src/lib/bindings/UserGrants';
import { mayRelease, mayTake, mayWrite, writeScope } from '../src/lib/grants';
import { appState } from '../src/lib/stores/status.svelte';
import CampaignsScreen from '../src/screens/campaigns/CampaignsScreen.svelte';
import { mockBackend } from './backend';

const ENTITIES: Entity[] = ['party', 'person', 'action', 'action_reply', 'todo', 'client', 'prospect', 'visit', 'modification_request', 'user', 'campaign', 'meeting', 'call', 'opportunity', 'quote'];

/** Grants where every entity is written as `write`, except those in `over`. */
function grantsOf(write: Scope, over: Partial<Record<Entity, Scope>> = {}): UserGrants {
  return { known: true, grants: ENTITIES.map((entity) => ({ entity, read: 'all', write: over[entity] ?? write })) };
}

/** Brief 003's rep: his own parties, campaigns read only. */
const rep = grantsOf('own', { campaign: 'none', user: 'none', client: 'none' });
const observer = grantsOf('none');
const manager = grantsOf('team', { campaign: 'all' });

const lead = { owner: 'jdupont', unassigned: false, client_code: null, prospect_id: null };

describe('grants', () => {
  it('allows everything while the snapshot does not say, and follows it once it does', () => {
    expect(mayWrite(null, 'campaign')).toBe(true);
    expect(writeScope(null, 'party')).toBe('all');
    expect(mayWrite(rep, 'campaign')).toBe(false);
    expect(mayWrite(rep, 'party')).toBe(true);
    expect(mayWrite(observer, 'party')).toBe(false);
  });

  it('offers « Prendre » on a pool lead to whoever writes parties, never to an observer', () => {
    expect(mayTake({ unassigned: true }, rep)).toBe(true);
    expect(mayTake({ unassigned: true }, null)).toBe(true);
    expect(mayTake({ unassigned: true }, observer)).toBe(false);
    expect(mayTake({ unassigned: false }, rep)).toBe(false);
  });

  it('offers « Remettre dans le pool » on an owned lead to its owner and to a manager, not on a prospect or a client’s party', () => {
    expect(mayRelease(lead, 'lead', 'jdupont', rep)).toBe(true);
    expect(mayRelease(lead, 'lead', 'mmartin', rep)).toBe(false);
    expect(mayRelease(lead, 'lead', 'pmanager', manager)).toBe(true);
    expect(mayRelease(lead, 'lead', 'oobs', observer)).toBe(false);
    expect(mayRelease(lead, 'prospect', 'jdupont', rep)).toBe(false);
    expect(mayRelease({ ...lead, client_code: 'C00123' }, 'lead', 'jdupont', rep)).toBe(false);
    expect(mayRelease({ ...lead, unassigned: true }, 'lead', 'jdupont', rep)).toBe(false);
  });
});

describe('CampaignsScreen and the policy', () => {
  beforeEach(() => {
    appState.dataVersion++; // the grants are read again for each test
  });
  afterEach(() => cleanup());

  const campaigns = () => [
    { id: 'C1', name: 'House & Design 2027', starts_on: '2027-02-03', ends_on: null, place: null, cost_cents: null, notes: null, leads: 0, pending: false },
  ];

  it('hides « Nouvelle campagne » from a rep the policy does not let set one up', async () => {
    const { called } = mockBackend({ campaigns, grants: () => rep });
    render(CampaignsScreen, { active: true });
    await screen.findByText('House & Design 2027');
    await waitFor(() => expect(called('grants')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('campaign-new')).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { name: 'Campagnes' })).toBeInTheDocument();
  });

  it('shows it when the policy lets the rep set one up (brief 004) and when the snapshot does not say', async () => {
    mockBackend({ campaigns, grants: () => grantsOf('own') });
    render(CampaignsScreen, { active: true });
    expect(await screen.findByTestId('campaign-new')).toBeInTheDocument();
    cleanup();
    appState.dataVersion++;
    mockBackend({ campaigns, grants: () => ({ known: false, grants: ENTITIES.map((entity) => ({ entity, read: 'all', write: 'all' })) }) });
    render(CampaignsScreen, { active: true });
    expect(await screen.findByTestId('campaign-new')).toBeInTheDocument();
  });
});
