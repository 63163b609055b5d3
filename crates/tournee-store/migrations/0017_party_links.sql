-- Issue 13, step 4: ERP clients and the reps' prospects become parties (docs/crm-lifecycle.md,
-- « Clients and prospects as parties »). Each client and each live prospect has exactly one
-- party; the link is two nullable, unique columns on `party`, so a converted prospect's
-- party carries both. `client_since` is the day of the party's sale fact (a validated
-- conversion's day, else the first month the ERP has sales for, else the day Tournée first
-- linked it), fixed once so that the status history does not move with later runs.
-- The client row and the prospect's fields stay the source of truth: the linked party's
-- identity columns are copies refreshed from them (crates/tournee-store/src/parties/),
-- never written back. The parties of the clients and prospects already there are created
-- in Rust right after this file, in the same transaction (ids derived from the client code
-- or the prospect id, so every server and every rebuild agree).
ALTER TABLE party ADD COLUMN client_code TEXT;
ALTER TABLE party ADD COLUMN prospect_id TEXT;
ALTER TABLE party ADD COLUMN client_since TEXT;
CREATE UNIQUE INDEX party_by_client_code ON party (client_code) WHERE client_code IS NOT NULL;
CREATE UNIQUE INDEX party_by_prospect ON party (prospect_id) WHERE prospect_id IS NOT NULL;
