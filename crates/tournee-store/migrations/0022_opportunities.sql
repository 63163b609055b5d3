-- Opportunities (issue 15, sync-spec v2 record entity `opportunity`): a sale in progress on
-- a party, moving through the stages of one of the admin's pipelines (the `pipelines`
-- parameter, defaulted in code like the action types). Written through
-- crates/tournee-store/src/records/ like the other records (field stamps, history,
-- tombstones in the tables of migration 0011); the integrator checks the moves
-- (tournee_core::opportunity) before writing.
--
-- `closed_at` is not a wire field: the server sets it from the creation time of the change
-- that closed the opportunity (won or lost), so the time to close is measured from the
-- rep's own clock at both ends (`created_at` is the creating change's time).

CREATE TABLE opportunity (
    id             TEXT PRIMARY KEY,
    party_id       TEXT NOT NULL,
    person_id      TEXT,
    owner          TEXT,
    title          TEXT NOT NULL,
    value_cents    INTEGER CHECK (value_cents IS NULL OR value_cents >= 0),
    expected_close TEXT,
    pipeline       TEXT NOT NULL,
    stage          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    loss_reason    TEXT,
    closed_at      TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    change_id      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX opportunity_by_party ON opportunity (party_id);
CREATE INDEX opportunity_by_owner ON opportunity (owner, status);
CREATE INDEX opportunity_by_stage ON opportunity (pipeline, stage);

-- Every stage (and closing) an opportunity entered, with when (the change's creation
-- time) and by which change: the board's history and the time spent per stage.
CREATE TABLE opportunity_stage (
    opportunity_id TEXT NOT NULL,
    change_id      TEXT NOT NULL,
    stage          TEXT NOT NULL,
    status         TEXT NOT NULL,
    entered_at     TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, change_id)
) WITHOUT ROWID;
