-- Schema 0024: campaigns, calls and meetings (issue 15). Campaigns and meetings are record
-- entities of sync-spec v2 (`RC`), written through crates/tournee-store/src/records/ like
-- parties; a party names the campaign it came from, an action (a call) the opportunity it
-- is about (an opportunity's id: no check that it exists on this branch, see
-- docs/crm-core.md). A meeting's invitations go through the mail outbox; `meeting_mail`
-- keeps the iCalendar SEQUENCE of each meeting, one row per change that queued a mail.

ALTER TABLE party ADD COLUMN campaign TEXT;
CREATE INDEX party_by_campaign ON party (campaign) WHERE campaign IS NOT NULL;

ALTER TABLE action ADD COLUMN opportunity TEXT;

CREATE TABLE campaign (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    place       TEXT,
    cost_cents  INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
    notes       TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE meeting (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL,
    opportunity TEXT,
    attendee    TEXT NOT NULL,
    place       TEXT,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    notes       TEXT,
    status      TEXT CHECK (status IS NULL OR status IN ('planned', 'cancelled')),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX meeting_by_party ON meeting (party_id, starts_at);
CREATE INDEX meeting_by_start ON meeting (starts_at);

-- One row per invitation queued: SEQUENCE 0 for the creation, then one more per change
-- integrated (a change id queues at most one mail: the ledger integrates it once, and the
-- primary key refuses a second row).
CREATE TABLE meeting_mail (
    meeting_id      TEXT NOT NULL,
    sequence        INTEGER NOT NULL,
    change_id       TEXT NOT NULL UNIQUE,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    PRIMARY KEY (meeting_id, sequence)
) WITHOUT ROWID;
