-- Issue 16, the ERP bridge (inbound): what each `erp import` run did, and what the master
-- needs to apply the ERP's files incrementally by key (docs/erp-bridge.md).

-- One run of `tournee-server erp import`. `outcome`: 'applied' (something changed),
-- 'unchanged' (the files said nothing new), 'refused' (a file was malformed: nothing was
-- applied, `fault_json` says which file, line and column), 'empty' (no file to read).
CREATE TABLE erp_import_run (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    folder      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'refused', 'empty')),
    fault_json  TEXT
);

-- Per file of a run: its counts. `refused` counts the rows skipped with a reason.
CREATE TABLE erp_import_file (
    run_id      INTEGER NOT NULL REFERENCES erp_import_run (id),
    file_name   TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    read        INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    deactivated INTEGER NOT NULL,
    deleted     INTEGER NOT NULL,
    refused     INTEGER NOT NULL,
    PRIMARY KEY (run_id, file_name)
) WITHOUT ROWID;

-- Each refused row (the first 1,000 of a run): its file, line, and why, as a code and
-- its values (the back office and the mail word it in their catalogue).
CREATE TABLE erp_import_refusal (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES erp_import_run (id),
    file_name   TEXT NOT NULL,
    line        INTEGER NOT NULL,
    reason_json TEXT NOT NULL
);
CREATE INDEX erp_import_refusal_by_run ON erp_import_refusal (run_id);

-- The ERP's own number of a `client_relation` row (its identity column), the key of the
-- incremental import; NULL on the rows Tournée created (they carry a change_id instead).
-- `erp_hash`: a digest of the row as the ERP last exported it, so that a re-import tells
-- an unchanged row without comparing every column.
ALTER TABLE client_relation ADD COLUMN erp_num_relation INTEGER;
ALTER TABLE client_relation ADD COLUMN erp_hash INTEGER;
CREATE UNIQUE INDEX client_relation_by_erp_num ON client_relation (erp_num_relation)
    WHERE erp_num_relation IS NOT NULL;

-- Whether an ERP client export ever listed the client: a client the accountant validated
-- in Tournée (created_from_prospect) is not deactivated for missing from the export
-- until the ERP has listed it once.
ALTER TABLE client ADD COLUMN erp_listed INTEGER NOT NULL DEFAULT 0 CHECK (erp_listed IN (0, 1));
