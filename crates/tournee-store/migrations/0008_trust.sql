-- Issue 11 (« Trust »): what integration needs to settle out-of-order client attributes and
-- to judge a file's age by the server's clock rather than the laptop's.

-- Who last wrote the revisit date and the fleet of a client (sync-spec 6.4: last writer
-- by created_at wins, then change id). No row: the value came with the ERP data.
CREATE TABLE client_attribute (
    c_client   TEXT NOT NULL,
    attribute  TEXT NOT NULL CHECK (attribute IN ('revisit', 'fleet')),
    written_at TEXT NOT NULL,               -- the winning change's created_at, UTC
    change_id  TEXT NOT NULL,
    PRIMARY KEY (c_client, attribute)
) WITHOUT ROWID;

-- Every value that lost (overwritten, or arriving with an older created_at): nothing a
-- rep sent is silently dropped.
CREATE TABLE client_attribute_history (
    id            INTEGER PRIMARY KEY,
    c_client      TEXT NOT NULL,
    attribute     TEXT NOT NULL,
    value_json    TEXT NOT NULL,            -- "2026-12-18", null, {"VL":4}
    written_at    TEXT,                     -- NULL: the ERP's value
    change_id     TEXT,                     -- NULL: the ERP's value
    superseded_by TEXT NOT NULL
);
CREATE INDEX client_attribute_history_by_client ON client_attribute_history (c_client);

-- When the server first saw a change file, by the server's clock: a file's created_at is
-- judged against it (max_offline_days), and a file retried from failed/ or waiting in
-- parked/ keeps it. Rows go once their change is integrated.
CREATE TABLE file_arrival (
    folder        TEXT NOT NULL,            -- inbox sub-folder it arrived in
    file_name     TEXT NOT NULL,            -- its arrival name (no .dup-N)
    first_seen_at TEXT NOT NULL,            -- RFC 3339, UTC
    PRIMARY KEY (folder, file_name)
) WITHOUT ROWID;
