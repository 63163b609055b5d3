-- Issue 14: what every integration pass reads after its changes, from indexes instead of
-- whole tables (docs/benchmarks.md, « A pass's fixed costs »). On the full demo these two
-- reads were about four fifths of a one-change pass, which every API write waits for.

-- The follow-up rule on opportunities walks the open ones by creation instant
-- (crates/tournee-store/src/follow_up/queue.rs); the party rule has `party_by_created`.
CREATE INDEX opportunity_open_by_created ON opportunity (created_at) WHERE status = 'open';

-- The ERP export lists the clients converted from a prospect that the ERP does not list
-- yet (crates/tournee-store/src/erp/export/rows.rs): a handful among 50,000 clients.
CREATE INDEX client_to_export ON client (c_client)
    WHERE created_from_prospect IS NOT NULL AND erp_listed = 0;
