-- Offline database of one rep (snapshot schema version 3), read-only on the laptop.
-- Part of the sync contract (sync-spec/README.md section 7, « Snapshots »): the server
-- creates these tables (tournee-store), the laptop reads them (tournee-field); both take
-- this text through tournee_sync::snapshot_schema. A change here that an app of the
-- previous version cannot read raises SNAPSHOT_SCHEMA_VERSION and the line above.

CREATE TABLE snapshot_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Configuration the app needs: field profile, visit form, fleet types, rules.
CREATE TABLE config (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
);

-- The user mapping without mails: the identity choice at first run, admin drop-downs.
CREATE TABLE app_user (
    windows_user TEXT PRIMARY KEY,
    erp_code     TEXT NOT NULL,
    display_name TEXT NOT NULL,
    is_admin     INTEGER NOT NULL
);

CREATE TABLE agence (
    c_agence TEXT PRIMARY KEY,
    nom      TEXT NOT NULL
);

-- Every active client: what a rep needs to find and reach any client (covering for a
-- colleague, a walk-in at the branch), CA of the year and of N-1 in cents, last visit.
CREATE TABLE client (
    c_client         TEXT PRIMARY KEY,
    nom_client       TEXT NOT NULL,
    c_fam_client     TEXT,
    c_catc           TEXT,
    adr1_fac         TEXT,
    adr2_fac         TEXT,
    adr3_fac         TEXT,
    dep_fac          TEXT,
    bur_dis_fac      TEXT,
    ville_fac        TEXT,
    c_pays           TEXT,
    c_agence         TEXT,
    c_rep            TEXT,
    tel_1            TEXT,
    tel_2            TEXT,
    fax              TEXT,
    contact_divers_4 TEXT,
    ca_n_cents       INTEGER NOT NULL DEFAULT 0,
    ca_n1_cents      INTEGER NOT NULL DEFAULT 0,
    last_visit       TEXT,
    in_portfolio     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The rest of annex 2 (identifiers, billing terms, bank details) and the rep's own
-- data (revisit date, fleet): for the rep's portfolio only. Need to know, and a
-- snapshot small enough to travel.
CREATE TABLE client_detail (
    c_client          TEXT PRIMARY KEY,
    c_sfam_client     TEXT,
    c_titre           TEXT,
    contact_divers_1  TEXT,
    contact_divers_2  TEXT,
    contact_divers_3  TEXT,
    c_per             TEXT,
    c_regpmt_bl       TEXT,
    c_regpmt_fac      TEXT,
    c_releve          TEXT,
    c_autoris_bl      TEXT,
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
    date_revoir       TEXT,
    fleet_json        TEXT
) WITHOUT ROWID;

-- People to reach at the rep's own clients.
CREATE TABLE client_contact (
    id       INTEGER PRIMARY KEY,
    c_client TEXT NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    phone    TEXT NOT NULL,
    email    TEXT NOT NULL
);

-- Visit history (c_archive = 'N') of the rep's portfolio and the rep's own visits.
-- relation_kind (schema 2): 'visit', or 'modification_request' for the row that notifies
-- an MC's field changes, which is never counted as a visit.
CREATE TABLE client_relation (
    id               INTEGER PRIMARY KEY,
    origine_relation TEXT NOT NULL,
    date_relation    TEXT NOT NULL,
    heure_relation   TEXT NOT NULL,
    c_entite         TEXT NOT NULL,
    c_user           TEXT NOT NULL,
    objet            TEXT NOT NULL,
    commentaire      TEXT NOT NULL,
    answers_json     TEXT,
    change_id        TEXT,
    relation_kind    TEXT NOT NULL DEFAULT 'visit'
);

-- The rep's own modification requests (schema 2): the open ones and those of the last 90 days,
-- with the accountant's decision (applied / declined) and her note, so a declined request
-- reaches the rep's card. status: 'open', 'applied', 'declined' (or 'closed', older rows).
CREATE TABLE modification_request (
    id           INTEGER PRIMARY KEY,
    c_client     TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    closed_at    TEXT,
    note         TEXT,
    change_id    TEXT NOT NULL
);

-- Monthly sales of the rep's portfolio (statistics).
CREATE TABLE sales_month (
    c_client     TEXT NOT NULL,
    month        TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (c_client, month)
) WITHOUT ROWID;

-- Prospects the rep created or is assigned, with recent movement.
CREATE TABLE prospect (
    prospect_id      TEXT PRIMARY KEY,
    created_by       TEXT NOT NULL,
    assignee         TEXT NOT NULL,
    nom_client       TEXT NOT NULL,
    tel_norm         TEXT,
    fields_json      TEXT NOT NULL,
    contacts_json    TEXT NOT NULL,
    status           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    last_movement_at TEXT NOT NULL,
    request_status   TEXT,
    request_reason   TEXT,
    converted_client TEXT
);

CREATE TABLE prospect_visit (
    id               INTEGER PRIMARY KEY,
    prospect_id      TEXT NOT NULL,
    origine_relation TEXT NOT NULL,
    date_relation    TEXT NOT NULL,
    heure_relation   TEXT NOT NULL,
    c_user           TEXT NOT NULL,
    objet            TEXT NOT NULL,
    commentaire      TEXT NOT NULL,
    answers_json     TEXT,
    change_id        TEXT NOT NULL
);

-- Admin users only (« admin » in the user mapping): every active rep's figures and recent
-- visits, so an admin can look at any rep's statistics and calendar offline. Empty in a
-- rep's snapshot. Built by `snapshot/team.rs` with the field app's own definitions.
-- series: 'grid:<c_catc>' client visits (LIT excluded), 'prospect' prospect visits,
-- 'proposal:<type>' proposals handed over, 'ca' turnover of the rep's portfolio in cents.
CREATE TABLE team_month (
    c_user TEXT NOT NULL,
    month  TEXT NOT NULL,
    series TEXT NOT NULL,
    value  INTEGER NOT NULL,
    PRIMARY KEY (c_user, month, series)
) WITHOUT ROWID;

-- Share of clients and prospects visited per rep, for each statistics period as of the
-- snapshot's day (distinct counts cannot be added up month by month).
CREATE TABLE team_share (
    c_user            TEXT NOT NULL,
    period            TEXT NOT NULL,
    clients_total     INTEGER NOT NULL,
    clients_visited   INTEGER NOT NULL,
    prospects_total   INTEGER NOT NULL,
    prospects_visited INTEGER NOT NULL,
    PRIMARY KEY (c_user, period)
) WITHOUT ROWID;

-- Every rep's visits of the last TEAM_VISIT_DAYS (42) days (calendar). `id` is the
-- visit's id in the master: the relation's for a client visit, the prospect visit's
-- negated for a prospect visit.
CREATE TABLE team_visit (
    id             INTEGER PRIMARY KEY,
    c_user         TEXT NOT NULL,
    date_relation  TEXT NOT NULL,
    heure_relation TEXT NOT NULL,
    entity_kind    TEXT NOT NULL,
    entity_code    TEXT NOT NULL,
    entity_name    TEXT NOT NULL,
    objet          TEXT NOT NULL,
    commentaire    TEXT NOT NULL,
    answers_json   TEXT
);
CREATE INDEX team_visit_by_user ON team_visit (c_user, date_relation);

-- The CRM's records (sync-spec §12) the user may read: for each entity the policy's read
-- scope for the user (all, their team's, their own, none). Added within schema version 2:
-- an older app ignores these tables; an app checks they exist before reading them.
-- `owner` is whose record it is (sync-spec §12 « Rights »): a party's assigned owner, else
-- its creator; a person's, an action's and a todo's party's owner; a reply's action's; a
-- todo without a party, its creator. A record travels only with its parent (a person, an
-- action or a todo with its party, a reply with its action); deleted records do not travel.
-- A party's `status` is the lifecycle status the server computed from the facts it had
-- integrated (`lead`, `dead_lead`, `prospect`, `dead_prospect`, `client`; docs/crm-lifecycle.md);
-- an app recomputes it with its own pending actions. Added later within schema 2, at the
-- end of the table: a snapshot from before it has no such column.
-- Schema 3: the party of an ERP client carries its `client_code` (the `client` row, which
-- stays the source of its data) and `client_since` (the day of its sale, `YYYY-MM-DD`); the
-- party of a prospect its `prospect_id`; a converted prospect's party both. Their status
-- counts the client's and the prospect's visits (`client_relation` rows of kind 'visit',
-- `prospect_visit`) as contacts, never a modification request.
-- Issue 15, additive within schema 3: `unassigned` is 1 for a lead in the unassigned pool
-- (stage lead, no owner in the master, not linked to a client or a prospect; its `owner`
-- here is then its creator). Every user who reads parties gets the pool's leads in their
-- file, and may take one (docs/policy.md). A file without the column is rebuilt.
CREATE TABLE party (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
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
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'lead',
    client_code  TEXT,
    prospect_id  TEXT,
    client_since TEXT,
    campaign     TEXT,
    unassigned   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE person (
    id         TEXT PRIMARY KEY,
    party_id   TEXT NOT NULL,
    first_name TEXT,
    last_name  TEXT NOT NULL,
    position   TEXT,
    phone      TEXT,
    mobile     TEXT,
    email      TEXT,
    notes      TEXT,
    owner      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE action (
    id          TEXT PRIMARY KEY,
    party_id    TEXT NOT NULL,
    person_id   TEXT,
    action_type TEXT NOT NULL,
    date        TEXT NOT NULL,
    time        TEXT,
    comment     TEXT,
    outcome     TEXT,
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    opportunity TEXT
) WITHOUT ROWID;

CREATE TABLE action_reply (
    id         TEXT PRIMARY KEY,
    action_id  TEXT NOT NULL,
    author     TEXT NOT NULL,
    date       TEXT NOT NULL,
    text       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE todo (
    id          TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    due         TEXT NOT NULL,
    party_id    TEXT,
    repeat_days INTEGER,
    done_on     TEXT,
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Campaigns and meetings (issue 15), added within schema version 3 like the other record
-- tables: an app checks they exist (`SNAPSHOT_MEET_TABLES`) and reads an older snapshot as
-- having none; a party's `campaign` (the campaign it came from) and an action's
-- `opportunity` (the opportunity a call is about) are columns added at the end of their
-- tables, absent from an older snapshot. Every campaign the policy's `campaign` read
-- scope reaches travels (brief 003's default: all, for everyone: a lead names its
-- campaign); a meeting travels when its organiser (`owner`, its creator) is in the read
-- scope of `meeting`, or when the user is its attendee. Times are RFC 3339 in UTC.
CREATE TABLE campaign (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    place       TEXT,
    cost_cents  INTEGER,
    notes       TEXT,
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
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
    status      TEXT NOT NULL DEFAULT 'planned',
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The catalogue of products and services (issue 15), added within schema version 3: an
-- app checks it exists (`SNAPSHOT_CATALOGUE_TABLES`) and reads an older snapshot as having
-- none. The same for every user: the admin's active entries, from which a quote line is
-- taken offline (the line keeps its own copy of the values). Prices excl. VAT in euro
-- cents; VAT in basis points, one of 0, 210, 550, 1000, 2000.
CREATE TABLE catalogue_item (
    reference        TEXT PRIMARY KEY,
    label            TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    vat_bp           INTEGER NOT NULL,
    unit             TEXT NOT NULL
) WITHOUT ROWID;

-- Opportunities (issue 15), added within schema version 3 like campaigns and meetings: an
-- app checks the table exists (`SNAPSHOT_OPPORTUNITY_TABLES`) and reads an older snapshot
-- as having none. An opportunity travels when its owner (`owner`: its assignee, else its
-- creator) is in the read scope of the policy's `opportunity` entity and its party is in
-- the snapshot (a record travels with its parent). Closed ones travel too: the average
-- time to close is measured from `created_at` (the creating change's time) to `closed_at`
-- (the closing change's time, set by the server), both RFC 3339 in UTC. `value_cents` is
-- in euro cents; `pipeline` and `stage` are codes of the `pipelines` config row.
CREATE TABLE opportunity (
    id             TEXT PRIMARY KEY,
    party_id       TEXT NOT NULL,
    person_id      TEXT,
    title          TEXT NOT NULL,
    value_cents    INTEGER,
    expected_close TEXT,
    pipeline       TEXT NOT NULL,
    stage          TEXT NOT NULL,
    status         TEXT NOT NULL,
    loss_reason    TEXT,
    closed_at      TEXT,
    owner          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
) WITHOUT ROWID;

-- Quotes (issue 15), added within schema version 3 like opportunities: an app checks the
-- tables exist (`SNAPSHOT_QUOTE_TABLES`) and reads an older snapshot as having none. A
-- quote's `owner` here is its opportunity's owner when it names one, else its party's
-- owner; it travels when that owner is in the read scope of the policy's `quote` entity
-- and its parent is in the snapshot (its opportunity when it names one, else its party):
-- a rep reads the quotes of the opportunities he may read. `number` is the server's
-- (`D-<year>-<seq>`), NULL until given; `temp_ref` the reference minted offline. `signed`
-- is 1 when the client's signature is stored (the image stays on the server). Dates are
-- `YYYY-MM-DD`, times RFC 3339 in UTC. The lines are one row each, in order (`position`
-- from 0), amounts in euro cents, quantity in thousandths, discount and VAT in basis
-- points; `reference` is NULL for a free line.
CREATE TABLE quote (
    id             TEXT PRIMARY KEY,
    party_id       TEXT NOT NULL,
    opportunity_id TEXT,
    person_id      TEXT,
    number         TEXT,
    temp_ref       TEXT NOT NULL,
    status         TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    signed         INTEGER NOT NULL,
    signed_at      TEXT,
    signer_name    TEXT,
    owner          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE quote_line (
    quote_id         TEXT NOT NULL,
    position         INTEGER NOT NULL,
    reference        TEXT,
    label            TEXT NOT NULL,
    quantity_milli   INTEGER NOT NULL,
    unit             TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    discount_bp      INTEGER NOT NULL,
    vat_bp           INTEGER NOT NULL,
    PRIMARY KEY (quote_id, position)
) WITHOUT ROWID;

-- Segments (issue 15), added within schema version 3 like quotes: an app checks the table
-- exists (`SNAPSHOT_SEGMENT_TABLES`) and reads an older snapshot as having none. A segment
-- travels when its owner (`owner`: its assigned owner, else its creator) is in the read
-- scope of the policy's `segment` entity. `kind` is `list` or `criteria`; `members` a
-- list's JSON array of party ids (those the user may not read simply do not show) and
-- `criteria` a criteria segment's JSON object (sync-spec §12 « Segments »), evaluated by
-- the app over the parties of this file. The `config` row `write_reach` goes with it:
-- `{"scopes": {<entity>: <write scope>…}, "team": [<login>…]}`, the user's write scope of
-- each policy entity and the logins their `team` scope reaches, so that an app can tell
-- before writing what the server will refuse (the server still decides).
CREATE TABLE segment (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    members     TEXT,
    criteria    TEXT,
    owner       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
