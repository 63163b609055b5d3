-- Issue 15: segments, saved filters used to list, export and assign parties. A record
-- entity of sync-spec v2 (`RC`, entity `segment`), written by `apply_record` field by field
-- like the others (crates/tournee-store/src/records/). `members` is a list's JSON array of
-- party ids and `criteria` a criteria segment's JSON object (`tournee_core::SegmentCriteria`),
-- each one field for last writer wins; neither names a parent (a member deleted meanwhile
-- simply no longer shows). A segment is its `owner`'s, else its creator's (policy entity
-- `segment`). Criteria are evaluated where the segment is read (the laptop over its
-- snapshot), never here.
CREATE TABLE segment (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('list', 'criteria')),
    members     TEXT,
    criteria    TEXT,
    owner       TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX segment_by_owner ON segment (coalesce(owner, created_by));
