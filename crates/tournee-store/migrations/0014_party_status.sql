-- Issue 13: a party's lifecycle status kept as a derived column, so that lists and counts
-- filter by status without folding every party's actions on each read. Never written from
-- the wire: the integration recomputes it with `tournee_core::status` from the party's
-- facts (crates/tournee-store/src/records/status.rs) inside the transaction of the change
-- that touched them. A party with no fact is a lead; the migration's backfill recomputes
-- every party from its actions right after this file, in the same transaction.
ALTER TABLE party ADD COLUMN status TEXT NOT NULL DEFAULT 'lead'
    CHECK (status IN ('lead', 'dead_lead', 'prospect', 'dead_prospect', 'client'));
CREATE INDEX party_by_status ON party (status);
