-- Issue 16, the nightly re-import: a digest of each row as the ERP's file last wrote it
-- (its cells as read, before any parsing), so that a row the ERP did not change costs a
-- hash and a look-up instead of being parsed, checked and compared with the master
-- (crates/tournee-store/src/erp/known.rs, docs/erp-bridge.md « How a run reads and writes »).
--
-- `file`: 1 client.csv, 2 client_contact.csv, 3 sales_month.csv, 4 client_relation.csv.
-- `row_key`: the master row the file's row was applied to: the client's code, the
-- contact's id, `c_client || char(31) || month` for a month's sales, the ERP's
-- `num_relation` for a relation. Declared without a type, so that a code stays the text
-- it is (a column typed ANY would turn « 00123 » into the number 123).
CREATE TABLE erp_row_digest (
    file    INTEGER NOT NULL CHECK (file IN (1, 2, 3, 4)),
    row_key NOT NULL,
    digest  INTEGER NOT NULL,
    PRIMARY KEY (file, row_key)
) WITHOUT ROWID;

-- A digest stands only for a row as the import left it: any other write to what the ERP
-- owns (or to whether a client is active and listed) forgets it, so the next import
-- compares that row value by value again. The import writes its own digest after its own
-- write, which these triggers have just cleared.
CREATE TRIGGER erp_row_digest_client_update AFTER UPDATE OF
    c_client, c_fam_client, c_sfam_client, c_titre, nom_client, adr1_fac, adr2_fac, adr3_fac,
    dep_fac, bur_dis_fac, ville_fac, c_agence, c_rep, c_pays, tel_1, fax, tel_2,
    contact_divers_1, contact_divers_2, contact_divers_3, contact_divers_4, c_per,
    c_regpmt_bl, c_regpmt_fac, c_releve, c_autoris_bl, c_catc, c_frais_fixe, c_ref_oblig,
    c_mod_rgl_1, nb_jour_1, jour_1, c_type_fact, c_attention, c_ape, date_creation_ste, bic,
    iban, codepays, codemonnaie, type_edition_fac, actif, erp_listed, created_from_prospect
    ON client
BEGIN DELETE FROM erp_row_digest WHERE file = 1 AND row_key IN (OLD.c_client, NEW.c_client); END;
CREATE TRIGGER erp_row_digest_client_delete AFTER DELETE ON client
BEGIN DELETE FROM erp_row_digest WHERE file = 1 AND row_key = OLD.c_client; END;

CREATE TRIGGER erp_row_digest_contact_update AFTER UPDATE ON client_contact
BEGIN DELETE FROM erp_row_digest WHERE file = 2 AND row_key = OLD.id; END;
CREATE TRIGGER erp_row_digest_contact_delete AFTER DELETE ON client_contact
BEGIN DELETE FROM erp_row_digest WHERE file = 2 AND row_key = OLD.id; END;

CREATE TRIGGER erp_row_digest_sales_update AFTER UPDATE ON sales_month
BEGIN DELETE FROM erp_row_digest WHERE file = 3 AND row_key = OLD.c_client || char(31) || OLD.month; END;
CREATE TRIGGER erp_row_digest_sales_delete AFTER DELETE ON sales_month
BEGIN DELETE FROM erp_row_digest WHERE file = 3 AND row_key = OLD.c_client || char(31) || OLD.month; END;

-- A relation is compared with what the ERP last exported (`erp_hash`), whatever Tournée did
-- to it since (archiving): only a change of its ERP number or digest, or its removal,
-- forgets its row digest.
CREATE TRIGGER erp_row_digest_relation_update AFTER UPDATE OF erp_num_relation, erp_hash
    ON client_relation WHEN OLD.erp_num_relation IS NOT NULL
BEGIN DELETE FROM erp_row_digest WHERE file = 4 AND row_key = OLD.erp_num_relation; END;
CREATE TRIGGER erp_row_digest_relation_delete AFTER DELETE ON client_relation
    WHEN OLD.erp_num_relation IS NOT NULL
BEGIN DELETE FROM erp_row_digest WHERE file = 4 AND row_key = OLD.erp_num_relation; END;
