-- What changed since each user's last snapshot, so that a generation can patch the previous
-- file instead of rebuilding it (crates/tournee-store/src/snapshot/changes.rs).
--
-- Every write to a table a snapshot copies per client appends the client's code to
-- `snapshot_change`, whoever writes (the automaton, the back office, an import): triggers,
-- so that no writer can forget. `seq` only grows: the generator never deletes the newest
-- row, so SQLite's next rowid stays above every sequence number already handed out.
CREATE TABLE snapshot_change (
    seq      INTEGER PRIMARY KEY,
    c_client TEXT NOT NULL
);

-- Where each user's published file stands: the changes up to `change_seq` are in it. A
-- patch is only applied on the file this row describes, for the same ERP code, admin flag
-- and calendar year (CA N / N-1 and the sales window move with the year).
CREATE TABLE snapshot_watermark (
    user       TEXT PRIMARY KEY,
    generation TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    erp_code   TEXT NOT NULL,
    is_admin   INTEGER NOT NULL,
    year       INTEGER NOT NULL
);

CREATE TRIGGER snapshot_change_client_insert AFTER INSERT ON client
BEGIN INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client); END;
CREATE TRIGGER snapshot_change_client_update AFTER UPDATE ON client
BEGIN
    INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client);
    INSERT INTO snapshot_change (c_client) SELECT OLD.c_client WHERE OLD.c_client <> NEW.c_client;
END;
CREATE TRIGGER snapshot_change_client_delete AFTER DELETE ON client
BEGIN INSERT INTO snapshot_change (c_client) VALUES (OLD.c_client); END;

CREATE TRIGGER snapshot_change_contact_insert AFTER INSERT ON client_contact
BEGIN INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client); END;
CREATE TRIGGER snapshot_change_contact_update AFTER UPDATE ON client_contact
BEGIN
    INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client);
    INSERT INTO snapshot_change (c_client) SELECT OLD.c_client WHERE OLD.c_client <> NEW.c_client;
END;
CREATE TRIGGER snapshot_change_contact_delete AFTER DELETE ON client_contact
BEGIN INSERT INTO snapshot_change (c_client) VALUES (OLD.c_client); END;

CREATE TRIGGER snapshot_change_fleet_insert AFTER INSERT ON client_fleet
BEGIN INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client); END;
CREATE TRIGGER snapshot_change_fleet_update AFTER UPDATE ON client_fleet
BEGIN
    INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client);
    INSERT INTO snapshot_change (c_client) SELECT OLD.c_client WHERE OLD.c_client <> NEW.c_client;
END;
CREATE TRIGGER snapshot_change_fleet_delete AFTER DELETE ON client_fleet
BEGIN INSERT INTO snapshot_change (c_client) VALUES (OLD.c_client); END;

CREATE TRIGGER snapshot_change_sales_insert AFTER INSERT ON sales_month
BEGIN INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client); END;
CREATE TRIGGER snapshot_change_sales_update AFTER UPDATE ON sales_month
BEGIN
    INSERT INTO snapshot_change (c_client) VALUES (NEW.c_client);
    INSERT INTO snapshot_change (c_client) SELECT OLD.c_client WHERE OLD.c_client <> NEW.c_client;
END;
CREATE TRIGGER snapshot_change_sales_delete AFTER DELETE ON sales_month
BEGIN INSERT INTO snapshot_change (c_client) VALUES (OLD.c_client); END;

CREATE TRIGGER snapshot_change_relation_insert AFTER INSERT ON client_relation
BEGIN INSERT INTO snapshot_change (c_client) VALUES (NEW.c_entite); END;
CREATE TRIGGER snapshot_change_relation_update AFTER UPDATE ON client_relation
BEGIN
    INSERT INTO snapshot_change (c_client) VALUES (NEW.c_entite);
    INSERT INTO snapshot_change (c_client) SELECT OLD.c_entite WHERE OLD.c_entite <> NEW.c_entite;
END;
CREATE TRIGGER snapshot_change_relation_delete AFTER DELETE ON client_relation
BEGIN INSERT INTO snapshot_change (c_client) VALUES (OLD.c_entite); END;
