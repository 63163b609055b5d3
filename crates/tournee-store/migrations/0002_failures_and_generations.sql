-- Schema version 2: what the automaton remembers about files it could not integrate
-- (so laptops and the back office can show why) and about the snapshots it published.

CREATE TABLE integration_failure (
    id        INTEGER PRIMARY KEY,
    change_id TEXT,
    user      TEXT NOT NULL,
    file_name TEXT NOT NULL,
    reason    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX integration_failure_by_user ON integration_failure (user, failed_at);
CREATE INDEX integration_failure_by_file ON integration_failure (user, file_name);

CREATE TABLE snapshot_generation (
    generation   TEXT PRIMARY KEY,
    user         TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    clients      INTEGER NOT NULL,
    relations    INTEGER NOT NULL,
    prospects    INTEGER NOT NULL
);
CREATE INDEX snapshot_generation_by_user ON snapshot_generation (user, generated_at);

-- A rep's own visits, whatever the client's portfolio: the snapshot and the calendar read them.
CREATE INDEX client_relation_by_user ON client_relation (c_user, date_relation);
