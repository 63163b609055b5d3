//! Brief 003's default policy, written out cell by cell (`docs/policy.md` shows it as a
//! table). Brief 004's « tout lire, écrire le sien » is not here: it is a policy document,
//! `read_all_write_own.json`, read like any document the admin writes.

use super::{Entity, Grant, Role, Scope};

const ALL: Grant = Grant::both(Scope::All);
const TEAM: Grant = Grant::both(Scope::Team);
const OWN: Grant = Grant::both(Scope::Own);
const SEE_ALL: Grant = Grant::read_only(Scope::All);
const SEE_TEAM: Grant = Grant::read_only(Scope::Team);
const SEE_OWN: Grant = Grant::read_only(Scope::Own);
const ALL_WRITE_TEAM: Grant = Grant::new(Scope::All, Scope::Team);
const ALL_WRITE_OWN: Grant = Grant::new(Scope::All, Scope::Own);

/// Brief 003's default, one row per entity, columns admin, manager, rep, observer,
/// accountant (the order of [`Role::ALL`]):
///
/// * a rep reads and writes what is assigned to them, a manager their team's (the teams
///   they lead or belong to, and their own), an observer reads everything and writes
///   nothing, the admin everything (brief 003, « Sécurité et Permissions »);
/// * ERP clients are the ERP's: reps and managers read them but change them only through
///   a modification request, which the accountant carries out (brief 001);
/// * the accountant keeps the client file: she reads everything and writes parties,
///   people, clients, prospects (conversion) and modification requests, reads the reps'
///   activity without writing it, and has her own todos;
/// * everybody reads the user directory (authors and assignees are shown by name); only
///   the admin changes it (brief 004's management team);
/// * campaigns are read by everyone (a lead names its campaign) and set up by the admin
///   and the managers; meetings are on a calendar everyone reads, each written by its
///   organiser (a manager: their team's too); a call is its author's, so a rep logs
///   calls on any party they may read (issue 15, docs/policy.md « Calls »).
/// * opportunities are the sales activity, like actions: the accountant reads them.
/// * a quote is written like its party's activity: the accountant reads it, the rep and
///   the manager write it as they write the party's actions (issue 15).
/// * a segment (saved filter or list) is its owner's, like a party: a rep keeps their own,
///   a manager sees and edits their team's, the observer reads them, the accountant keeps
///   her own for exports (issue 15, docs/policy.md « Segments »).
pub(super) fn brief_003(entity: Entity) -> [Grant; Role::ALL.len()] {
    match entity {
        Entity::Party => [ALL, TEAM, OWN, SEE_ALL, ALL],
        Entity::Person => [ALL, TEAM, OWN, SEE_ALL, ALL],
        Entity::Action => [ALL, TEAM, OWN, SEE_ALL, SEE_ALL],
        Entity::ActionReply => [ALL, TEAM, OWN, SEE_ALL, SEE_ALL],
        Entity::Todo => [ALL, TEAM, OWN, SEE_ALL, OWN],
        Entity::Client => [ALL, SEE_TEAM, SEE_OWN, SEE_ALL, ALL],
        Entity::Prospect => [ALL, TEAM, OWN, SEE_ALL, ALL],
        Entity::Visit => [ALL, TEAM, OWN, SEE_ALL, SEE_ALL],
        Entity::ModificationRequest => [ALL, TEAM, OWN, SEE_ALL, ALL],
        Entity::User => [ALL, SEE_ALL, SEE_ALL, SEE_ALL, SEE_ALL],
        Entity::Campaign => [ALL, ALL, SEE_ALL, SEE_ALL, SEE_ALL],
        Entity::Meeting => [ALL, ALL_WRITE_TEAM, ALL_WRITE_OWN, SEE_ALL, SEE_ALL],
        Entity::Call => [ALL, TEAM, OWN, SEE_ALL, OWN],
        Entity::Opportunity => [ALL, TEAM, OWN, SEE_ALL, SEE_ALL],
        Entity::Quote => [ALL, TEAM, OWN, SEE_ALL, SEE_ALL],
        Entity::Segment => [ALL, TEAM, OWN, SEE_ALL, OWN],
    }
}
