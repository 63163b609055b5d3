// What the policy lets the user write, as the snapshot says (`grants`, issue 15), and the pool's buttons that follow
// from it: pure rules, no Svelte. The window hides what the user may not write; the server still decides every write,
// so while the grants are unknown (an older server, not loaded yet) everything is offered as before.
import type { Entity } from './bindings/Entity';
import type { PartyStatus } from './bindings/PartyStatus';
import type { Scope } from './bindings/Scope';
import type { UserGrants } from './bindings/UserGrants';

/** How far the user writes `entity`; `all` while the grants are unknown or do not name it. */
export function writeScope(grants: UserGrants | null, entity: Entity): Scope {
  return grants?.grants.find((g) => g.entity === entity)?.write ?? 'all';
}

/** Whether the user may write `entity` at all: its create buttons show. */
export function mayWrite(grants: UserGrants | null, entity: Entity): boolean {
  return writeScope(grants, entity) !== 'none';
}

/** The party as the pool's buttons need it. */
export type PoolParty = {
  owner: string;
  unassigned: boolean;
  client_code: string | null;
  prospect_id: string | null;
};

/** « Prendre »: a lead of the unassigned pool, for a user who writes parties at all (never an observer). */
export function mayTake(party: Pick<PoolParty, 'unassigned'>, grants: UserGrants | null): boolean {
  return party.unassigned && mayWrite(grants, 'party');
}

/**
 * « Remettre dans le pool »: one of the CRM's own leads (not a client's or a prospect's) that someone owns, offered to
 * its owner, and to a user whose party write reaches beyond their own (a manager for his team's leads: the server
 * checks the team).
 */
export function mayRelease(party: PoolParty, status: PartyStatus, me: string | null, grants: UserGrants | null): boolean {
  if (party.unassigned || status !== 'lead' || party.client_code !== null || party.prospect_id !== null || !party.owner) return false;
  const scope = writeScope(grants, 'party');
  if (party.owner === me) return scope !== 'none';
  return scope === 'team' || scope === 'all';
}
