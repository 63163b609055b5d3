-- Issue 15: the unassigned pool. A party whose owner was left out at its creation stays
-- its creator's (as before); one created with its owner explicitly empty (`"owner": null`)
-- or released (owner cleared) is in the pool: every user who reads parties sees it, the
-- first take wins (docs/policy.md, « the pool »). Written by the integration only
-- (`integrate/pool.rs`), never from the wire's fields.
ALTER TABLE party ADD COLUMN pooled INTEGER NOT NULL DEFAULT 0 CHECK (pooled IN (0, 1));
CREATE INDEX party_in_pool ON party (pooled) WHERE pooled = 1;
