//! The ERP bridge's nightly re-import, on real SQLite files and a real folder: a row whose
//! cells are those the last import applied is taken as unchanged without being parsed
//! (migration 0029), and everything the bridge guarantees still holds around it: a row
//! the ERP changed is updated, a key given twice is refused whatever the rows' order, a
//! master row changed by anything else than the import is compared again, a client gone
//! is deactivated and comes back, contacts listed twice word for word stay two, and a
//! malformed file refuses the run and leaves the master and its digests as they were.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::fs;

use chrono::Utc;
use rusqlite::Connection;
use tournee_store::{import_erp, open_master, FileFault, ImportRun, RowRefusal, RunOutcome};

const CLIENTS: &str = "c_client;nom_client;tel_1\n\
                       C1;Garage Morel;04 72 00 00 01\n\
                       C2;Pneus Vidal;04 72 00 00 02\n\
                       C3;Auto Bertin;\n";

const RELATIONS_HEADER: &str = "num_relation;origine_relation;date_relation;heure_relation;\
                                type_entite;c_entite;c_user;type_relation;objet;commentaire;c_archive\n";

fn relation(number: u32, comment: &str) -> String {
    format!("{number};LIT;2026-01-02;08:00;C;C1;JD01;S;Litige;{comment};N\n")
}

struct Master {
    _dir: tempfile::TempDir,
    conn: Connection,
    files: std::path::PathBuf,
}

impl Master {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
        let files = dir.path().join("erp-in");
        fs::create_dir(&files).unwrap();
        Self {
            _dir: dir,
            conn,
            files,
        }
    }

    fn write(&self, file: &str, text: &str) {
        fs::write(self.files.join(file), text).unwrap();
    }

    fn import(&mut self) -> ImportRun {
        import_erp(&mut self.conn, &self.files, Utc::now()).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn text(&self, sql: &str) -> String {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn file<'r>(run: &'r ImportRun, name: &str) -> &'r tournee_store::FileReport {
    run.files.iter().find(|f| f.file == name).unwrap()
}

fn relations(count: u32) -> String {
    let mut text = RELATIONS_HEADER.to_string();
    for n in 1..=count {
        text.push_str(&relation(n, "vu"));
    }
    text
}

#[test]
fn every_applied_row_is_remembered_and_the_same_files_again_change_nothing() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write(
        "client_contact.csv",
        "c_client;nom;fonction\nC1;Jean Morel;Gérant\nC2;Ana Vidal;\n",
    );
    master.write(
        "sales_month.csv",
        "c_client;mois;ca\nC1;2026-01;1 200,50\nC1;02/2026;300\n",
    );
    master.write("client_relation.csv", &relations(5));
    let first = master.import();
    assert_eq!(first.outcome, RunOutcome::Applied);
    assert_eq!(
        master.count("SELECT count(*) FROM erp_row_digest"),
        3 + 2 + 2 + 5,
        "one digest per row applied"
    );
    let changes = master.count("SELECT count(*) FROM snapshot_change");

    let again = master.import();
    assert_eq!(again.outcome, RunOutcome::Unchanged, "{:?}", again.files);
    for report in &again.files {
        assert_eq!(report.unchanged, report.read, "{report:?}");
        assert_eq!(report.read, file(&first, &report.file).read);
    }
    assert_eq!(
        master.count("SELECT count(*) FROM snapshot_change"),
        changes,
        "nothing written to the client tables: no snapshot to patch"
    );
    // The month given as 02/2026 is the stored 2026-02 again.
    assert_eq!(
        master.count("SELECT amount_cents FROM sales_month WHERE month = '2026-02'"),
        30_000
    );
}

#[test]
fn a_row_the_erp_changed_is_updated_and_only_that_one() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write("client_relation.csv", &relations(100));
    master.import();

    master.write(
        "client.csv",
        &CLIENTS.replace("Pneus Vidal", "Pneus Vidal & Fils"),
    );
    let mut changed = RELATIONS_HEADER.to_string();
    for n in 1..=100 {
        changed.push_str(&relation(n, if n == 42 { "revu" } else { "vu" }));
    }
    master.write("client_relation.csv", &changed);
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Applied);
    let clients = file(&run, "client.csv");
    assert_eq!((clients.updated, clients.unchanged), (1, 2));
    let relations = file(&run, "client_relation.csv");
    assert_eq!((relations.updated, relations.unchanged), (1, 99));
    assert_eq!(
        master.text("SELECT nom_client FROM client WHERE c_client = 'C2'"),
        "Pneus Vidal & Fils"
    );
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 42"),
        "revu"
    );
    // And the new cells are remembered: the next run finds them unchanged.
    let again = master.import();
    assert_eq!(again.outcome, RunOutcome::Unchanged);
}

#[test]
fn a_key_given_twice_is_refused_whether_the_unchanged_row_comes_first_or_second() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write("client_relation.csv", &relations(3));
    master.import();

    // Line 3 is relation 2 as imported, line 5 gives number 2 again, changed.
    let mut text = relations(3);
    text.push_str(&relation(2, "autre"));
    master.write("client_relation.csv", &text);
    let run = master.import();
    assert_eq!(
        run.refusals
            .iter()
            .map(|r| (r.line, &r.reason))
            .collect::<Vec<_>>(),
        vec![(
            5,
            &RowRefusal::DuplicateKey {
                key: "2".into(),
                first_line: 3
            }
        )]
    );
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 2"),
        "vu",
        "the first row is the one applied"
    );

    // Changed first, unchanged second: the changed one applies, the copy is refused.
    let mut text = RELATIONS_HEADER.to_string();
    text.push_str(&relation(1, "vu"));
    text.push_str(&relation(2, "changé"));
    text.push_str(&relation(2, "vu"));
    master.write("client_relation.csv", &text);
    let run = master.import();
    assert_eq!(run.refusals.len(), 1, "{:?}", run.refusals);
    assert_eq!(run.refusals[0].line, 4);
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 2"),
        "changé"
    );

    // The same unchanged row twice: the second is refused too, for clients as well.
    master.write(
        "client.csv",
        &format!("{CLIENTS}C1;Garage Morel;04 72 00 00 01\n"),
    );
    let run = master.import();
    let refused: Vec<_> = run
        .refusals
        .iter()
        .filter(|r| r.file == "client.csv")
        .map(|r| (r.line, &r.reason))
        .collect();
    assert_eq!(
        refused,
        vec![(
            5,
            &RowRefusal::DuplicateKey {
                key: "C1".into(),
                first_line: 2
            }
        )]
    );
}

#[test]
fn a_row_changed_in_the_master_by_anything_but_the_import_is_compared_again() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write(
        "client_contact.csv",
        "c_client;nom;fonction\nC1;Jean Morel;Gérant\n",
    );
    master.write("sales_month.csv", "c_client;mois;ca\nC1;2026-01;10\n");
    master.write("client_relation.csv", &relations(2));
    master.import();

    // Someone else writes what the ERP owns: the ERP's values come back at the next run,
    // as they did when every row was compared value by value.
    master
        .conn
        .execute_batch(
            "UPDATE client SET tel_1 = '06 00 00 00 00' WHERE c_client = 'C1';
             UPDATE client_contact SET role = 'Stagiaire';
             UPDATE sales_month SET amount_cents = 1;",
        )
        .unwrap();
    // What Tournée owns is not the ERP's: a revisit date, an archived relation.
    master
        .conn
        .execute_batch(
            "UPDATE client SET date_revoir = '2027-01-01' WHERE c_client = 'C2';
             UPDATE client_relation SET c_archive = 'O' WHERE erp_num_relation = 1;",
        )
        .unwrap();
    let run = master.import();
    assert_eq!(file(&run, "client.csv").updated, 1);
    assert_eq!(file(&run, "client_contact.csv").updated, 1);
    assert_eq!(file(&run, "sales_month.csv").updated, 1);
    assert_eq!(file(&run, "client_relation.csv").updated, 0);
    assert_eq!(
        master.text("SELECT tel_1 FROM client WHERE c_client = 'C1'"),
        "04 72 00 00 01"
    );
    assert_eq!(master.text("SELECT role FROM client_contact"), "Gérant");
    assert_eq!(master.count("SELECT amount_cents FROM sales_month"), 1_000);
    assert_eq!(
        master.text("SELECT c_archive FROM client_relation WHERE erp_num_relation = 1"),
        "O",
        "archiving is one-way"
    );
    assert_eq!(
        master.text("SELECT date_revoir FROM client WHERE c_client = 'C2'"),
        "2027-01-01"
    );
}

#[test]
fn a_client_gone_is_deactivated_and_comes_back_when_listed_again() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.import();
    master.write("client.csv", &CLIENTS.replace("C3;Auto Bertin;\n", ""));
    let run = master.import();
    assert_eq!(file(&run, "client.csv").deactivated, 1);
    assert_eq!(
        master.count("SELECT actif FROM client WHERE c_client = 'C3'"),
        0
    );
    // Listed again with the very cells of its last import: reactivated, not « unchanged ».
    master.write("client.csv", CLIENTS);
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Applied);
    assert_eq!(file(&run, "client.csv").updated, 1);
    assert_eq!(
        master.count("SELECT actif FROM client WHERE c_client = 'C3'"),
        1
    );
    // Deactivated by hand in the master: the export lists it, so it is active again.
    master
        .conn
        .execute("UPDATE client SET actif = 0 WHERE c_client = 'C2'", [])
        .unwrap();
    let run = master.import();
    assert_eq!(file(&run, "client.csv").updated, 1);
    assert_eq!(
        master.count("SELECT actif FROM client WHERE c_client = 'C2'"),
        1
    );
}

#[test]
fn contacts_listed_twice_word_for_word_stay_two_and_a_third_copy_is_added() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    let twice = "c_client;nom;tel\nC1;Jean Morel;01\nC1;Jean Morel;01\nC2;Ana Vidal;02\n";
    master.write("client_contact.csv", twice);
    master.import();
    assert_eq!(master.count("SELECT count(*) FROM client_contact"), 3);
    let run = master.import();
    assert_eq!(file(&run, "client_contact.csv").unchanged, 3);

    master.write("client_contact.csv", &format!("{twice}C1;Jean Morel;01\n"));
    let run = master.import();
    assert_eq!(file(&run, "client_contact.csv").inserted, 1);
    assert_eq!(
        master.count("SELECT count(*) FROM client_contact WHERE name = 'Jean Morel'"),
        3
    );

    // A changed row before the unchanged one of the same name takes the other contact:
    // the unchanged row keeps its own, nothing is deleted and re-inserted.
    let ids_before = master.count("SELECT sum(id) FROM client_contact");
    master.write(
        "client_contact.csv",
        "c_client;nom;tel\nC1;Jean Morel;99\nC1;Jean Morel;01\nC2;Ana Vidal;02\n",
    );
    let run = master.import();
    let contacts = file(&run, "client_contact.csv");
    assert_eq!(
        (
            contacts.inserted,
            contacts.updated,
            contacts.unchanged,
            contacts.deleted
        ),
        (0, 1, 2, 1)
    );
    assert_eq!(
        master.count("SELECT count(*) FROM client_contact WHERE phone = '99'"),
        1
    );
    assert!(master.count("SELECT sum(id) FROM client_contact") < ids_before);
}

#[test]
fn a_header_in_another_order_is_compared_value_by_value_and_changes_nothing() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.import();
    let digests = |m: &Master| m.count("SELECT sum(digest % 1000003) FROM erp_row_digest");
    let before = digests(&master);
    master.write(
        "client.csv",
        "tel_1;nom_client;c_client\n04 72 00 00 01;Garage Morel;C1\n\
         04 72 00 00 02;Pneus Vidal;C2\n;Auto Bertin;C3\n",
    );
    let changes = master.count("SELECT count(*) FROM snapshot_change");
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Unchanged);
    assert_eq!(file(&run, "client.csv").unchanged, 3);
    assert_eq!(
        master.count("SELECT count(*) FROM snapshot_change"),
        changes
    );
    assert_ne!(
        digests(&master),
        before,
        "the new header's digests are kept"
    );
}

#[test]
fn a_master_without_digests_is_compared_value_by_value_once_then_remembered() {
    // A master imported before migration 0029 has no digest: its first run compares
    // every row with the master, changes nothing, and stores the digests.
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write("client_relation.csv", &relations(50));
    master.import();
    master
        .conn
        .execute("DELETE FROM erp_row_digest", [])
        .unwrap();
    let changes = master.count("SELECT count(*) FROM snapshot_change");
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Unchanged);
    assert_eq!(
        master.count("SELECT count(*) FROM snapshot_change"),
        changes
    );
    assert_eq!(master.count("SELECT count(*) FROM erp_row_digest"), 53);
}

/// Every digest of the master, one `file:row_key:digest` line each, in key order.
fn digest_lines(master: &Master) -> Vec<String> {
    let mut stmt = master
        .conn
        .prepare("SELECT file || ':' || row_key || ':' || digest FROM erp_row_digest ORDER BY file, row_key")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_first_import_writes_in_one_pass_the_digests_a_re_import_would_upsert() {
    // Tables empty before their files: the digests are kept and inserted sorted at the end
    // of each file, several hundred per statement. They must be exactly those the row by
    // row upserts of a re-import store, numeric keys (contacts, relations) and text keys
    // (clients, months of sales) alike, with more rows than one statement takes.
    let mut master = Master::new();
    let mut clients = "c_client;nom_client;tel_1\n".to_string();
    let mut contacts = "c_client;nom;fonction\n".to_string();
    let mut sales = "c_client;mois;ca\n".to_string();
    // Codes in an order that is not the sorted one.
    for n in (1..=300).rev() {
        clients.push_str(&format!("K{n};Client {n};\n"));
        contacts.push_str(&format!("K{n};Contact {n};Gérant\n"));
        sales.push_str(&format!("K{n};2026-02;{n}\nK{n};2026-01;1\n"));
    }
    // The same contact twice, word for word: two contacts, two digests.
    contacts.push_str("K7;Contact 7;Gérant\n");
    master.write("client.csv", &clients);
    master.write("client_contact.csv", &contacts);
    master.write("sales_month.csv", &sales);
    master.write(
        "client_relation.csv",
        &relations(600).replace(";C1;", ";K1;"),
    );
    // A digest left for a relation the empty table does not have stands for nothing.
    master
        .conn
        .execute(
            "INSERT INTO erp_row_digest (file, row_key, digest) VALUES (4, 999999, 1)",
            [],
        )
        .unwrap();
    let first = master.import();
    assert_eq!(first.outcome, RunOutcome::Applied);
    let bulk = digest_lines(&master);
    assert_eq!(
        bulk.len(),
        300 + 301 + 600 + 600,
        "one digest per row applied"
    );
    assert!(!bulk.iter().any(|line| line.starts_with("4:999999:")));

    // The same files again, compared value by value (no digest left): nothing changes,
    // and the upserts store the same digests under the same keys.
    master
        .conn
        .execute("DELETE FROM erp_row_digest", [])
        .unwrap();
    let again = master.import();
    assert_eq!(again.outcome, RunOutcome::Unchanged, "{:?}", again.files);
    assert_eq!(digest_lines(&master), bulk);

    // And a third run finds every row by its digest.
    let third = master.import();
    for report in &third.files {
        assert_eq!(report.unchanged, report.read, "{report:?}");
    }
}

#[test]
fn a_malformed_last_line_after_unchanged_rows_refuses_the_run_and_keeps_every_digest() {
    let mut master = Master::new();
    master.write("client.csv", CLIENTS);
    master.write("client_relation.csv", &relations(10_000));
    master.import();
    let snapshot = |m: &Master| -> Vec<String> {
        let mut stmt = m
            .conn
            .prepare(
                "SELECT file || ':' || row_key || ':' || digest FROM erp_row_digest ORDER BY 1",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let before = snapshot(&master);

    // A changed client, 10,000 unchanged relations and one changed, then a bad date.
    master.write(
        "client.csv",
        &CLIENTS.replace("Garage Morel", "Garage Morel SA"),
    );
    let mut text = RELATIONS_HEADER.to_string();
    for n in 1..=10_000 {
        text.push_str(&relation(n, if n == 7 { "revu" } else { "vu" }));
    }
    text.push_str("10001;LIT;2026-02-30;08:00;C;C1;JD01;S;Litige;;N\n");
    master.write("client_relation.csv", &text);
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Refused);
    let fault = run.fault.unwrap();
    assert_eq!(fault.file, "client_relation.csv");
    assert!(
        matches!(
            fault.fault,
            FileFault::BadValue {
                line: 10_002,
                column: 3,
                ..
            }
        ),
        "{:?}",
        fault.fault
    );
    assert_eq!(
        master.text("SELECT nom_client FROM client WHERE c_client = 'C1'"),
        "Garage Morel"
    );
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 7"),
        "vu"
    );
    assert_eq!(
        snapshot(&master),
        before,
        "the digests are those of before the run"
    );
}

/// A night's runs on `master`: the same files again (nothing changes), a changed client,
/// a client gone and a changed relation (updated, deactivated), then a file with a bad
/// value on its last line (refused whole, with its line and column, the master as it was).
fn nightly_runs_update_deactivate_and_refuse(master: &mut Master) {
    master.write("client.csv", CLIENTS);
    master.write("client_relation.csv", &relations(2_000));
    let first = master.import();
    assert_eq!(first.outcome, RunOutcome::Applied);
    let again = master.import();
    assert_eq!(again.outcome, RunOutcome::Unchanged);
    assert!(again.files.iter().all(|f| f.unchanged == f.read));

    master.write(
        "client.csv",
        &CLIENTS
            .replace("Garage Morel", "Garage Morel SA")
            .replace("C3;Auto Bertin;\n", ""),
    );
    let mut text = RELATIONS_HEADER.to_string();
    for n in 1..=2_000 {
        text.push_str(&relation(n, if n == 1_500 { "revu" } else { "vu" }));
    }
    master.write("client_relation.csv", &text);
    let run = master.import();
    let clients = file(&run, "client.csv");
    assert_eq!(
        (clients.updated, clients.deactivated, clients.unchanged),
        (1, 1, 1)
    );
    let relations_run = file(&run, "client_relation.csv");
    assert_eq!((relations_run.updated, relations_run.unchanged), (1, 1_999));
    assert_eq!(
        master.text("SELECT nom_client FROM client WHERE c_client = 'C1'"),
        "Garage Morel SA"
    );
    assert_eq!(
        master.count("SELECT actif FROM client WHERE c_client = 'C3'"),
        0
    );
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 1500"),
        "revu"
    );

    // The relation changed back, and a bad time on the last line: nothing lands.
    text.push_str("2001;LIT;2026-01-02;25:00;C;C1;JD01;S;Litige;;N\n");
    master.write("client_relation.csv", &text.replace("revu", "vu"));
    let run = master.import();
    assert_eq!(run.outcome, RunOutcome::Refused);
    let fault = run.fault.unwrap();
    assert_eq!(fault.file, "client_relation.csv");
    assert!(
        matches!(
            fault.fault,
            FileFault::BadValue {
                line: 2_002,
                column: 4,
                ..
            }
        ),
        "{:?}",
        fault.fault
    );
    assert_eq!(
        master.text("SELECT commentaire FROM client_relation WHERE erp_num_relation = 1500"),
        "revu"
    );
    assert_eq!(
        master.count("SELECT count(*) FROM client_relation WHERE erp_num_relation = 2001"),
        0
    );
}

#[test]
fn a_master_in_wal_mode_has_its_digests_read_beside_the_run_and_the_runs_do_what_they_did() {
    // The reading thread reads each file's digests through a connection of its own.
    let mut master = Master::new();
    assert_eq!(master.text("PRAGMA journal_mode"), "wal");
    nightly_runs_update_deactivate_and_refuse(&mut master);
}

#[test]
fn a_master_not_in_wal_mode_has_its_digests_read_up_front_and_the_runs_do_the_same() {
    let mut master = Master::new();
    assert_eq!(
        master.text("PRAGMA journal_mode = DELETE").to_lowercase(),
        "delete"
    );
    nightly_runs_update_deactivate_and_refuse(&mut master);
}
