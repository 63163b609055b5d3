-- Quotes (issue 15): the catalogue the admin administers, the quote records, and the
-- per-year counter of their final numbers.

-- Products and services a quote line may be taken from. Prices excl. VAT in euro cents;
-- VAT in basis points, one of the French rates. Carried to laptops in the snapshot.
CREATE TABLE catalogue_item (
    reference        TEXT PRIMARY KEY,
    label            TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents BETWEEN 0 AND 1000000000),
    vat_bp           INTEGER NOT NULL CHECK (vat_bp IN (0, 210, 550, 1000, 2000)),
    unit             TEXT NOT NULL DEFAULT '',
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX catalogue_item_by_label ON catalogue_item (label);

-- A quote: a record entity (`RC`, entity `quote`), written by `apply_record` field by
-- field like the others. `lines` is the JSON array of lines (one field for last writer
-- wins); `signature` the JSON object {media_type, data_base64}. `number` is the server's
-- (`D-<year>-<seq>`), assigned at integration, never by a change.
CREATE TABLE quote (
    id             TEXT PRIMARY KEY,
    party_id       TEXT NOT NULL,
    opportunity_id TEXT,
    person_id      TEXT,
    lines          TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'refused')),
    temp_ref       TEXT NOT NULL,
    signature      TEXT,
    signed_at      TEXT,
    signer_name    TEXT,
    number         TEXT UNIQUE,
    number_year    INTEGER,
    number_seq     INTEGER,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    change_id      TEXT NOT NULL,
    UNIQUE (number_year, number_seq)
) WITHOUT ROWID;
CREATE INDEX quote_by_party ON quote (party_id);
CREATE INDEX quote_by_opportunity ON quote (opportunity_id);

-- The last number given per year: read and raised inside the savepoint of the change that
-- creates the quote, so a refused change rolls its number back and the sequence has no gap.
CREATE TABLE quote_number (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL CHECK (last_seq > 0)
);
