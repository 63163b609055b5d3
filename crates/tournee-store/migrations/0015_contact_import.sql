-- The contacts import of the back office (issue 13 « CSV »): files kept between the
-- preview, the dry run and the import, and who imported what. Written through
-- crates/tournee-store/src/contacts/ only.

-- An uploaded file waiting for its import: under a random token, for the back-office
-- account that sent it, until `expires_at` (one per account; removed once imported).
CREATE TABLE import_upload (
    token        TEXT PRIMARY KEY,
    office_login TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    uploaded_at  TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) WITHOUT ROWID;

-- One row per import carried out: who, for which owner, which file (its SHA-256), the
-- mapping chosen (JSON list of target codes, one per column) and the counts.
CREATE TABLE import_run (
    id           INTEGER PRIMARY KEY,
    office_login TEXT NOT NULL,
    owner        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    lines        INTEGER NOT NULL,
    imported     INTEGER NOT NULL,
    invalid      INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);

-- Each record an import created, with the file's line it came from.
CREATE TABLE import_run_record (
    run_id    INTEGER NOT NULL REFERENCES import_run (id),
    line      INTEGER NOT NULL,
    entity    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (run_id, record_id)
) WITHOUT ROWID;
