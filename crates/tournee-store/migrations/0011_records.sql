-- The CRM's records (issue 13, sync-spec v2 record changes): parties (companies and private
-- persons), the people of companies, actions, their replies, todos. Ids are ULIDs minted
-- where the record was created, offline included. Each row carries who created it and with
-- which change; each field's last write (for the per-field last-writer-wins rule) is in
-- `record_field`, every value that lost or was replaced in `record_field_history`, and a
-- deleted record leaves a tombstone, so that a late update is answered, not resurrected.
-- Written through crates/tournee-store/src/records/ only.

CREATE TABLE party (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('company', 'person')),
    name        TEXT NOT NULL,
    first_name  TEXT,
    siret       TEXT,
    vat         TEXT,
    phone       TEXT,
    mobile      TEXT,
    email       TEXT,
    address1    TEXT,
    address2    TEXT,
    postal_code TEXT,
    city        TEXT,
    country     TEXT,
    notes       TEXT,
    owner       TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX party_by_owner ON party (owner);

CREATE TABLE person (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL,
    first_name  TEXT,
    last_name   TEXT NOT NULL,
    position    TEXT,
    phone       TEXT,
    mobile      TEXT,
    email       TEXT,
    notes       TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_by_party ON person (party_id);

CREATE TABLE action (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL,
    person_id   TEXT,
    action_type TEXT NOT NULL,
    date        TEXT NOT NULL,
    time        TEXT,
    comment     TEXT,
    outcome     TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX action_by_party ON action (party_id, date);

CREATE TABLE action_reply (
    id          TEXT PRIMARY KEY,
    action_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    date        TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX action_reply_by_action ON action_reply (action_id);

CREATE TABLE todo (
    id          TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    due         TEXT NOT NULL,
    party_id    TEXT,
    repeat_days INTEGER,
    done_on     TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX todo_by_creator ON todo (created_by, due);
CREATE INDEX todo_by_party ON todo (party_id);

-- The last write of each field of each record: `written_at` is the laptop's `created_at`
-- in UTC (RFC 3339, milliseconds, `Z`), so text order is time order.
CREATE TABLE record_field (
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    field      TEXT NOT NULL,
    written_at TEXT NOT NULL,
    change_id  TEXT NOT NULL,
    PRIMARY KEY (entity, id, field)
) WITHOUT ROWID;

-- Every value that lost (arrived with an older stamp) or was replaced, with the write it
-- came from (NULLs: the record's creation) and the change that superseded it.
CREATE TABLE record_field_history (
    seq           INTEGER PRIMARY KEY,
    entity        TEXT NOT NULL,
    id            TEXT NOT NULL,
    field         TEXT NOT NULL,
    value_json    TEXT NOT NULL,
    written_at    TEXT,
    change_id     TEXT,
    superseded_by TEXT NOT NULL
);
CREATE INDEX record_field_history_by_record ON record_field_history (entity, id);

-- Deleted records: the deletion wins over every update integrated after it.
CREATE TABLE record_tombstone (
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    deleted_by TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    change_id  TEXT NOT NULL,
    row_json   TEXT NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;
