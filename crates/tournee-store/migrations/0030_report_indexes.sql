-- The sales reports' speed (issue 15, « each report over the demo in under 300 ms »):
-- covering indexes, so that each report reads narrow index pages rather than the wide
-- rows of `party` and `opportunity` (crates/tournee-store/src/reports/; the measures in
-- docs/benchmarks.md, « Selling reports and the board, faster »).

-- The funnel's parties created in the period (its leads and prospects) ...
CREATE INDEX party_by_created ON party (created_at, status, owner, created_by);
-- ... and, for each party holding an opportunity, whether it was created in the period.
CREATE INDEX party_by_id_created ON party (id, created_at, owner, created_by);
-- The funnel's opportunities grouped by party, with whether one is won.
CREATE INDEX opportunity_by_party_status ON opportunity (party_id, status, owner, created_by);
-- Sales (won) and times to close (won or lost) by the closing time.
CREATE INDEX opportunity_by_closing
    ON opportunity (status, closed_at, owner, created_by, value_cents, created_at);
-- The forecast's open opportunities.
CREATE INDEX opportunity_by_expected_close
    ON opportunity (status, expected_close, value_cents, pipeline, stage, owner, created_by);
