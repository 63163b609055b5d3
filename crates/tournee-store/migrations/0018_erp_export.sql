-- Issue 16, the ERP bridge (outbound): the ledger of the files `erp export` writes into
-- DATA/erp/out for the ERP to import (docs/erp-bridge.md, « Outbound »).
--
-- Protocol: a file is recorded here first (its rows and its exact bytes, one
-- transaction), then written (temp name, fsync, rename, folder fsync), then marked
-- `written_at`. A crash after the record leaves `written_at` NULL and the next run writes
-- the same bytes under the same name; a row is never in two files, never in none.

-- One file: its name in erp/out, its kind (`client_relation` or `client`), its rows, its
-- encoding, the SHA-256 of its bytes and the bytes themselves, so that a lost file can be
-- written again byte for byte (`tournee-server erp reemit --file NAME`).
CREATE TABLE erp_export_file (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('client_relation', 'client')),
    rows        INTEGER NOT NULL CHECK (rows > 0),
    encoding    TEXT NOT NULL CHECK (encoding IN ('utf-8', 'windows-1252')),
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    written_at  TEXT
);
CREATE INDEX erp_export_file_unwritten ON erp_export_file (id) WHERE written_at IS NULL;

-- Which master row went out in which file: the key of a `client_relation` row is its
-- change id, a client's its code. Unique by kind and key: a row goes out exactly once.
CREATE TABLE erp_export_row (
    kind    TEXT NOT NULL,
    row_key TEXT NOT NULL,
    file_id INTEGER NOT NULL REFERENCES erp_export_file (id),
    PRIMARY KEY (kind, row_key)
) WITHOUT ROWID;
CREATE INDEX erp_export_row_by_file ON erp_export_row (file_id);

-- The rows Tournée created and the ERP does not list yet: what an export looks at.
CREATE INDEX client_relation_to_export ON client_relation (id)
    WHERE change_id IS NOT NULL AND erp_num_relation IS NULL;
