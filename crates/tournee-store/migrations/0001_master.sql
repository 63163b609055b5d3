-- Master database, schema version 1.
-- Tables named after the ERP ("winpneu") keep the ERP's column names so that the
-- integration into the real ERP later is a copy, not a translation.

-- User mapping: Windows user / ERP user code / mail / display name / admin (brief 001).
CREATE TABLE app_user (
    windows_user TEXT PRIMARY KEY,
    erp_code     TEXT NOT NULL UNIQUE CHECK (length(erp_code) BETWEEN 1 AND 4),
    email        TEXT NOT NULL,
    display_name TEXT NOT NULL,
    is_admin     INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE agence (
    c_agence TEXT PRIMARY KEY,
    nom      TEXT NOT NULL
);

-- Client master, annex 2 columns (ERP names), plus CRM-owned columns at the end.
CREATE TABLE client (
    c_client          TEXT PRIMARY KEY,
    c_fam_client      TEXT,
    c_sfam_client     TEXT,
    c_titre           TEXT,
    nom_client        TEXT NOT NULL,
    adr1_fac          TEXT,
    adr2_fac          TEXT,
    adr3_fac          TEXT,
    dep_fac           TEXT,
    bur_dis_fac       TEXT,
    ville_fac         TEXT,
    c_agence          TEXT,
    c_rep             TEXT,
    c_pays            TEXT,
    tel_1             TEXT,
    fax               TEXT,
    tel_2             TEXT,
    contact_divers_1  TEXT,
    contact_divers_2  TEXT,
    contact_divers_3  TEXT,
    contact_divers_4  TEXT,
    c_per             TEXT,
    c_regpmt_bl       TEXT,
    c_regpmt_fac      TEXT,
    c_releve          TEXT,
    c_autoris_bl      TEXT,
    c_catc            TEXT,
    c_frais_fixe      TEXT,
    c_ref_oblig       TEXT,
    c_mod_rgl_1       TEXT,
    nb_jour_1         INTEGER,
    jour_1            TEXT,
    c_type_fact       TEXT,
    c_attention       TEXT,
    c_ape             TEXT,
    date_creation_ste TEXT,
    bic               TEXT,
    iban              TEXT,
    codepays          TEXT,
    codemonnaie       TEXT,
    type_edition_fac  TEXT,
    -- CRM-owned
    actif             INTEGER NOT NULL DEFAULT 1 CHECK (actif IN (0, 1)),
    date_revoir       TEXT,
    tel_norm          TEXT,
    created_from_prospect TEXT
);
CREATE INDEX client_by_rep ON client (c_rep);
CREATE INDEX client_by_tel ON client (tel_norm);

CREATE TABLE client_contact (
    id       INTEGER PRIMARY KEY,
    c_client TEXT NOT NULL REFERENCES client (c_client),
    name     TEXT NOT NULL,
    role     TEXT NOT NULL DEFAULT '',
    phone    TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX client_contact_by_client ON client_contact (c_client);

-- "Type de parc": vehicles per fleet type.
CREATE TABLE client_fleet (
    c_client   TEXT NOT NULL REFERENCES client (c_client),
    fleet_type TEXT NOT NULL,
    vehicles   INTEGER NOT NULL CHECK (vehicles >= 0),
    PRIMARY KEY (c_client, fleet_type)
) WITHOUT ROWID;

-- Sales aggregated per client and month, the source of CA N / N-1 and monthly stats.
CREATE TABLE sales_month (
    c_client     TEXT NOT NULL,
    month        TEXT NOT NULL, -- YYYY-MM
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (c_client, month)
) WITHOUT ROWID;

-- winpneu.dbo.client_relation, annex 1 columns, plus what the CRM adds:
-- the visit form answers and the change (file) each row came from.
CREATE TABLE client_relation (
    id                 INTEGER PRIMARY KEY,
    origine_relation   TEXT NOT NULL,
    date_relation      TEXT NOT NULL,
    heure_relation     TEXT NOT NULL,
    type_entite        TEXT NOT NULL,
    c_entite           TEXT NOT NULL,
    c_user             TEXT NOT NULL,
    type_relation      TEXT NOT NULL,
    objet              TEXT NOT NULL,
    commentaire        TEXT NOT NULL,
    num_relation_sujet INTEGER NOT NULL DEFAULT 0,
    c_archive          TEXT NOT NULL DEFAULT 'N' CHECK (c_archive IN ('N', 'O')),
    answers_json       TEXT,
    change_id          TEXT,
    file_name          TEXT
);
CREATE INDEX client_relation_by_entite ON client_relation (c_entite, date_relation);
CREATE UNIQUE INDEX client_relation_by_change ON client_relation (change_id) WHERE change_id IS NOT NULL;

-- Prospects: created on laptops (ULID ids), visible to their creator and assignee only.
CREATE TABLE prospect (
    prospect_id      TEXT PRIMARY KEY,
    created_by       TEXT NOT NULL REFERENCES app_user (windows_user),
    assignee         TEXT NOT NULL REFERENCES app_user (windows_user),
    nom_client       TEXT NOT NULL,
    tel_norm         TEXT,
    contacts_json    TEXT NOT NULL DEFAULT '[]',
    status           TEXT NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'deleted', 'conversion_requested', 'converted')),
    created_at       TEXT NOT NULL,
    last_movement_at TEXT NOT NULL,
    converted_client TEXT,
    change_id        TEXT NOT NULL UNIQUE,
    file_name        TEXT NOT NULL
);
CREATE INDEX prospect_by_assignee ON prospect (assignee);
CREATE INDEX prospect_by_creator ON prospect (created_by);
CREATE INDEX prospect_by_tel ON prospect (tel_norm);

-- Current value of each prospect field, with the instant it was written on the laptop:
-- concurrent offline edits are settled per field, last writer wins.
CREATE TABLE prospect_field (
    prospect_id TEXT NOT NULL REFERENCES prospect (prospect_id),
    field       TEXT NOT NULL,
    value       TEXT,
    written_at  TEXT NOT NULL, -- created_at of the change, UTC, RFC 3339
    change_id   TEXT NOT NULL,
    PRIMARY KEY (prospect_id, field)
) WITHOUT ROWID;

-- Every value that lost: overwritten by a later writer, or arriving late and older.
CREATE TABLE prospect_field_history (
    id          INTEGER PRIMARY KEY,
    prospect_id TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    written_at  TEXT NOT NULL,
    change_id   TEXT NOT NULL,
    superseded_by TEXT NOT NULL
);
CREATE INDEX prospect_field_history_by_prospect ON prospect_field_history (prospect_id);

-- Visits to prospects: the same annex-1 shape, type_entite 'P', c_entite = prospect id.
CREATE TABLE prospect_visit (
    id                 INTEGER PRIMARY KEY,
    prospect_id        TEXT NOT NULL REFERENCES prospect (prospect_id),
    origine_relation   TEXT NOT NULL,
    date_relation      TEXT NOT NULL,
    heure_relation     TEXT NOT NULL,
    c_user             TEXT NOT NULL,
    objet              TEXT NOT NULL,
    commentaire        TEXT NOT NULL,
    answers_json       TEXT,
    change_id          TEXT NOT NULL UNIQUE,
    file_name          TEXT NOT NULL
);
CREATE INDEX prospect_visit_by_prospect ON prospect_visit (prospect_id, date_relation);

-- CC: a rep asks for a prospect to become a client; the accountant decides.
CREATE TABLE client_creation_request (
    id            INTEGER PRIMARY KEY,
    prospect_id   TEXT NOT NULL REFERENCES prospect (prospect_id),
    requested_by  TEXT NOT NULL REFERENCES app_user (windows_user),
    fields_json   TEXT NOT NULL,
    signature_png BLOB,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'validated', 'rejected')),
    c_client      TEXT,
    decided_by    TEXT,
    decided_at    TEXT,
    reason        TEXT,
    created_at    TEXT NOT NULL,
    change_id     TEXT NOT NULL UNIQUE,
    file_name     TEXT NOT NULL
);
CREATE INDEX client_creation_request_by_status ON client_creation_request (status);

-- MC field changes for the accountant to apply in the ERP, then close.
CREATE TABLE modification_request (
    id           INTEGER PRIMARY KEY,
    c_client     TEXT NOT NULL REFERENCES client (c_client),
    requested_by TEXT NOT NULL REFERENCES app_user (windows_user),
    changes_json TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'declined', 'closed')),
    closed_by    TEXT,
    closed_at    TEXT,
    note         TEXT,
    created_at   TEXT NOT NULL,
    change_id    TEXT NOT NULL UNIQUE,
    file_name    TEXT NOT NULL
);

-- Parameters the admin edits (JSON values, typed and defaulted in code).
CREATE TABLE parameter (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Mail due: recorded in the same transaction as the integration that causes it,
-- so a crash can never lose a notification; sending is another component's job.
CREATE TABLE notification (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    change_id    TEXT,
    payload_json TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'abandoned')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      TEXT
);
CREATE INDEX notification_pending ON notification (status) WHERE status = 'pending';

-- The exactly-once ledger: a change id is here iff its effect is committed.
CREATE TABLE change_ledger (
    change_id     TEXT PRIMARY KEY,
    change_type   TEXT NOT NULL,
    user          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    integrated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX change_ledger_by_user ON change_ledger (user, integrated_at);
