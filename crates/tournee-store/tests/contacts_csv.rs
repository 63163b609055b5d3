//! The contacts' CSV import and export on a real SQLite master (issue 13 « CSV »): the dry
//! run's report, the import only once confirmed and all or nothing, a second import of
//! the same file reported as duplicates, and the export read back by Python's `csv`.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{deliver_at, master_with, Master};
use serde_json::json;
use tournee_core::{Lang, MatchReason, Principal, Role, Status};
use tournee_csv::CsvError;
use tournee_sentences::Label;
use tournee_store::{
    dry_run, export_contacts, import_contacts, load_upload, store_upload, ColumnMapping,
    DuplicateOf, ImportChoice, ImportError, ImportTarget, MappingError, Outcome, Upload,
    MAX_IMPORT_BYTES,
};

const NOW: &str = "2026-12-04T12:00:00Z";
const PARTY: &str = "01JD0000000000000000000P01";
const ACTION: &str = "01JD0000000000000000000A01";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

/// Ten lines: five good (one with a person), three bad (an e-mail; no name and a short
/// phone; a SIRET whose key is wrong), two duplicates (the phone of the master's Garage
/// Martin written another way; the e-mail of line 2).
const FILE: &str = "Raison sociale;Type;Prénom;SIRET;Téléphone;E-mail;Code postal;Ville;Nom contact;Fonction\r\n\
Société d'Éclairage Bénard;Entreprise;;73282932000074;04 78 12 34 56;contact@eclairage-benard.fr;69002;Lyon;Laëtitia Nguyễn;Gérante\r\n\
Dupré;Particulier;Anaïs;;06 11 22 33 44;anais.dupre@exemple.fr;69100;Villeurbanne;;\r\n\
Menuiserie Fèvre;Entreprise;;;04 74 00 00 09;pas-un-mail;01000;Bourg-en-Bresse;;\r\n\
;Entreprise;;;123;;69003;Lyon;;\r\n\
Carrosserie Œuvre;Entreprise;;73282932000075;;;42000;Saint-Étienne;;\r\n\
Garage du Rhône;Entreprise;;;+33 4 72 00 00 01;;69007;Lyon;;\r\n\
Traiteur Noël;Entreprise;;;;CONTACT@eclairage-benard.fr;38000;Grenoble;;\r\n\
Boulangerie Müller;Entreprise;;44306184100047;04 76 55 44 33;;38000;Grenoble;;\r\n\
Pharmacie de l'Île;Entreprise;;;04 90 11 22 33;;84000;Avignon;;\r\n\
Fromagerie Chèvre & Co;Entreprise;;;;bonjour@chevre.fr;73000;Chambéry;;\r\n";

/// jdupont (rep), mmartin (rep), slefebvre (admin), and jdupont's Garage Martin.
fn master() -> Master {
    let mut m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("slefebvre", "SL04", true),
    ]);
    let create = common::rc(
        &mut m,
        "jdupont",
        "2026-12-01T09:00:00+01:00",
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Garage Martin", "phone": "04 72 00 00 01",
            "postal_code": "69003", "city": "Lyon", "owner": "jdupont"}}),
    );
    assert_eq!(deliver_at(&mut m, &create, NOW), Outcome::Integrated);
    m
}

/// The choices of an import by the back-office login `admin`, for `owner`.
fn choice_of<'a>(mapping: &'a ColumnMapping, owner: &'a str) -> ImportChoice<'a> {
    ImportChoice {
        mapping,
        owner,
        by: "admin",
    }
}

fn upload(m: &Master, bytes: &[u8]) -> Upload {
    store_upload(&m.conn, "admin", "contacts.csv", bytes, now()).unwrap()
}

fn parties(m: &Master) -> i64 {
    m.conn
        .query_row("SELECT count(*) FROM party", [], |r| r.get(0))
        .unwrap()
}

fn count(m: &Master, table: &str) -> i64 {
    m.conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The status as the back office's French export words it.
fn french_status(status: Status) -> &'static str {
    status.label(Lang::Fr)
}

#[test]
fn the_headers_guess_the_fields_in_french_and_english() {
    let m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    assert_eq!(
        mapping.targets(),
        [
            ImportTarget::Name,
            ImportTarget::Kind,
            ImportTarget::FirstName,
            ImportTarget::Siret,
            ImportTarget::Phone,
            ImportTarget::Email,
            ImportTarget::PostalCode,
            ImportTarget::City,
            ImportTarget::PersonLastName,
            ImportTarget::PersonPosition,
        ]
    );
    let english: Vec<String> = [
        "Company",
        "First name",
        "ZIP",
        "Mobile",
        "Contact email",
        "Whatever",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        ColumnMapping::guess(&english).targets(),
        [
            ImportTarget::Name,
            ImportTarget::FirstName,
            ImportTarget::PostalCode,
            ImportTarget::Mobile,
            ImportTarget::PersonEmail,
            ImportTarget::Ignore,
        ]
    );
}

#[test]
fn a_chosen_mapping_is_checked() {
    let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        ColumnMapping::from_codes(&codes(&["party.name", "party.name"]), 2),
        Err(MappingError::Twice {
            target: ImportTarget::Name,
            first: 1,
            column: 2
        })
    );
    assert_eq!(
        ColumnMapping::from_codes(&codes(&["party.city", "ignore"]), 2),
        Err(MappingError::NoName)
    );
    assert_eq!(
        ColumnMapping::from_codes(&codes(&["party.name", "party.owner"]), 2),
        Err(MappingError::UnknownTarget {
            column: 2,
            code: "party.owner".into()
        })
    );
    assert!(matches!(
        ColumnMapping::from_codes(&codes(&["party.name"]), 2),
        Err(MappingError::ColumnCount { .. })
    ));
}

#[test]
fn the_dry_run_reports_three_bad_lines_and_two_duplicates_and_writes_nothing() {
    let m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    assert_eq!(run.lines, 10);
    assert_eq!((run.invalid, run.duplicates, run.importable()), (3, 2, 5));
    let lines: Vec<usize> = run.reports.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 5, 6, 7, 8]);

    // Line 4: the e-mail, in column 6.
    let bad_mail = &run.reports[0];
    assert_eq!(bad_mail.problems.len(), 1);
    assert_eq!(bad_mail.problems[0].column, Some(6));
    assert_eq!(bad_mail.problems[0].target, ImportTarget::Email);
    assert_eq!(bad_mail.problems[0].error.field(), "email");
    // Line 5: both problems, the missing name and the phone.
    let fields: Vec<(Option<usize>, &str)> = run.reports[1]
        .problems
        .iter()
        .map(|p| (p.column, p.error.field()))
        .collect();
    assert_eq!(fields, [(Some(1), "name"), (Some(5), "phone")]);
    // Line 6: the SIRET's key.
    assert_eq!(run.reports[2].problems[0].target, ImportTarget::Siret);
    // Line 7: Garage Martin's phone, written the international way.
    let dup = &run.reports[3];
    assert!(dup.problems.is_empty());
    assert_eq!(
        dup.duplicates[0].of,
        DuplicateOf::Party {
            id: PARTY.into(),
            name: "Garage Martin".into()
        }
    );
    assert_eq!(
        dup.duplicates[0].reasons,
        [MatchReason::Phone("+33472000001".into())]
    );
    // Line 8: the e-mail of line 2, in capitals.
    assert_eq!(run.reports[4].duplicates[0].of, DuplicateOf::Line(2));
    assert_eq!(run.reports[4].duplicates[0].reasons[0].code(), "email");
    assert_eq!(parties(&m), 1, "a dry run writes nothing");
    assert_eq!(count(&m, "import_run"), 0);
}

#[test]
fn the_import_writes_the_rest_only_when_its_dry_run_is_confirmed() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let choice = choice_of(&mapping, "mmartin");
    let refused = import_contacts(&mut m.conn, &up, &choice, "not-the-digest", now());
    let Err(ImportError::Changed(run)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(parties(&m), 1, "nothing without the confirmation");

    let done = import_contacts(&mut m.conn, &up, &choice, &run.digest, now()).unwrap();
    assert_eq!((done.parties, done.people), (5, 1));
    assert_eq!(parties(&m), 6);
    let (owner, author, first): (String, String, Option<String>) = m
        .conn
        .query_row(
            "SELECT owner, created_by, first_name FROM party WHERE name = 'Dupré'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (owner.as_str(), author.as_str()),
        ("mmartin", "import:admin")
    );
    assert_eq!(first.as_deref(), Some("Anaïs"));
    let person: (String, String) = m
        .conn
        .query_row(
            "SELECT p.last_name, y.name FROM person p JOIN party y ON y.id = p.party_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        person,
        (
            "Laëtitia Nguyễn".into(),
            "Société d'Éclairage Bénard".into()
        )
    );
    let run: (String, String, i64, i64, i64, i64) = m
        .conn
        .query_row(
            "SELECT office_login, owner, lines, imported, invalid, duplicates FROM import_run",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(run, ("admin".into(), "mmartin".into(), 10, 5, 3, 2));
    assert_eq!(count(&m, "import_run_record"), 6);
    // Each field carries its write, as a record change's would.
    let stamped: i64 = m
        .conn
        .query_row(
            "SELECT count(*) FROM record_field WHERE entity = 'party' AND field = 'owner'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stamped, 6);
    // The same confirmation sent again finds no upload: no second import.
    assert!(matches!(
        load_upload(&m.conn, "admin", &up.token, now()),
        Err(ImportError::UploadGone)
    ));
    let replay = import_contacts(&mut m.conn, &up, &choice, &run_digest(&done), now());
    assert!(matches!(replay, Err(ImportError::Changed(_))), "{replay:?}");
    assert_eq!(parties(&m), 6);
}

fn run_digest(done: &tournee_store::ImportDone) -> String {
    done.dry_run.digest.clone()
}

#[test]
fn the_same_file_imported_again_is_reported_line_by_line_as_duplicates() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let choice = choice_of(&mapping, "jdupont");
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    import_contacts(&mut m.conn, &up, &choice, &run.digest, now()).unwrap();

    let again = upload(&m, FILE.as_bytes());
    let run = dry_run(&m.conn, &again, &mapping, "jdupont").unwrap();
    assert_eq!(run.importable(), 0);
    assert_eq!((run.invalid, run.duplicates), (3, 7));
    for report in run.reports.iter().filter(|r| r.problems.is_empty()) {
        assert!(
            report
                .duplicates
                .iter()
                .all(|d| matches!(d.of, DuplicateOf::Party { .. })),
            "line {}: {:?}",
            report.line,
            report.duplicates
        );
    }
    let done = import_contacts(&mut m.conn, &again, &choice, &run.digest, now()).unwrap();
    assert_eq!(done.parties, 0);
    assert_eq!(parties(&m), 6);
}

#[test]
fn a_failure_during_the_import_leaves_nothing_written() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    // The one person of the file (line 2) cannot be written: the disk says no, say.
    m.conn
        .execute_batch(
            "CREATE TRIGGER refuse_people BEFORE INSERT ON person \
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let choice = choice_of(&mapping, "jdupont");
    let failed = import_contacts(&mut m.conn, &up, &choice, &run.digest, now());
    assert!(
        matches!(failed, Err(ImportError::NotApplied(_))),
        "{failed:?}"
    );
    assert_eq!(parties(&m), 1);
    assert_eq!(count(&m, "import_run"), 0);
    assert_eq!(count(&m, "import_run_record"), 0);
    assert_eq!(
        count(
            &m,
            "record_field WHERE change_id NOT IN (SELECT change_id FROM party)"
        ),
        0
    );
    // The upload is still there, so the import can be run again once the cause is fixed.
    m.conn.execute_batch("DROP TRIGGER refuse_people").unwrap();
    let again = load_upload(&m.conn, "admin", &up.token, now()).unwrap();
    let done = import_contacts(&mut m.conn, &again, &choice, &run.digest, now()).unwrap();
    assert_eq!(done.parties, 5);
}

#[test]
fn an_upload_is_refused_when_too_big_or_unreadable_and_kept_for_its_account_only() {
    let m = master();
    let too_big = vec![b'a'; MAX_IMPORT_BYTES + 1];
    assert!(matches!(
        store_upload(&m.conn, "admin", "big.csv", &too_big, now()),
        Err(ImportError::TooLarge { .. })
    ));
    let stray = "Nom;Ville\r\nGarage;Lyon\r\nBou\"langerie;Lyon\r\n";
    assert!(matches!(
        store_upload(&m.conn, "admin", "bad.csv", stray.as_bytes(), now()),
        Err(ImportError::Csv(CsvError::StrayQuote {
            line: 3,
            column: 1
        }))
    ));
    assert!(matches!(
        store_upload(&m.conn, "admin", "empty.csv", b"Nom;Ville\r\n", now()),
        Err(ImportError::NoLines)
    ));
    let up = upload(&m, FILE.as_bytes());
    assert!(matches!(
        load_upload(&m.conn, "someone-else", &up.token, now()),
        Err(ImportError::UploadGone)
    ));
    assert!(matches!(
        load_upload(&m.conn, "admin", &up.token, now() + Duration::hours(2)),
        Err(ImportError::UploadGone)
    ));
    let read = load_upload(&m.conn, "admin", &up.token, now()).unwrap();
    assert_eq!(read.table, up.table);
    assert!(matches!(
        dry_run(
            &m.conn,
            &read,
            &ColumnMapping::guess(&read.table.headers),
            "nobody"
        ),
        Err(ImportError::UnknownOwner(_))
    ));
}

#[test]
fn the_export_is_read_back_by_pythons_csv_with_accents_status_and_last_action() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let run = dry_run(&m.conn, &up, &mapping, "mmartin").unwrap();
    let choice = choice_of(&mapping, "mmartin");
    import_contacts(&mut m.conn, &up, &choice, &run.digest, now()).unwrap();
    let call = common::rc(
        &mut m,
        "jdupont",
        "2026-12-02T09:00:00+01:00",
        json!({"entity": "action", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "action_type": "appel", "date": "2026-12-02",
            "comment": "Intéressé; rappeler « jeudi »", "outcome": "positive"}}),
    );
    assert_eq!(deliver_at(&mut m, &call, NOW), Outcome::Integrated);

    let admin = Principal::new("admin", Role::Admin);
    let export = export_contacts(&m.conn, &admin, french_status).unwrap();
    assert_eq!(export.parties, 6);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.csv");
    std::fs::write(&path, &export.bytes).unwrap();
    let script = r#"
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(list(csv.DictReader(f, delimiter=';')), ensure_ascii=False))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&out.stdout).unwrap();
    let by_name = |name: &str| {
        rows.iter()
            .find(|r| r["Nom"] == name)
            .unwrap_or_else(|| panic!("{name} not in {rows:?}"))
    };
    let garage = by_name("Garage Martin");
    assert_eq!(garage["Statut"], "Prospect");
    assert_eq!(garage["Dernière action (date)"], "2026-12-02");
    assert_eq!(garage["Dernière action (type)"], "appel");
    assert_eq!(
        garage["Dernière action (commentaire)"],
        "Intéressé; rappeler « jeudi »"
    );
    let benard = by_name("Société d'Éclairage Bénard");
    assert_eq!(benard["Statut"], "Piste");
    assert_eq!(benard["Personnes"], "Laëtitia Nguyễn (Gérante)");
    assert_eq!(benard["Propriétaire"], "mmartin");
    assert_eq!(by_name("Dupré")["Prénom"], "Anaïs");
    assert_eq!(by_name("Dupré")["Type"], "Particulier");
    by_name("Fromagerie Chèvre & Co");

    // A rep reads their own parties only (brief 003's default policy).
    let rep = Principal::new("jdupont", Role::Rep);
    let own = export_contacts(&m.conn, &rep, french_status).unwrap();
    assert_eq!(own.parties, 1);
    let text = String::from_utf8(own.bytes).unwrap();
    assert!(text.starts_with('\u{feff}'), "the BOM French Excel needs");
    assert!(text.contains("Garage Martin") && !text.contains("Bénard"));
}

/// What the import wrote, without the ids it minted: each party with its people.
fn imported_rows(m: &Master) -> Vec<String> {
    let mut statement = m
        .conn
        .prepare(
            "SELECT json_array(y.kind, y.name, y.first_name, y.siret, y.phone, y.email, \
             y.postal_code, y.city, y.owner, y.created_by, y.created_at, \
             (SELECT group_concat(f.field) FROM record_field f WHERE f.id = y.id), \
             (SELECT json_group_array(json_array(p.first_name, p.last_name, p.position, p.created_by)) \
              FROM person p WHERE p.party_id = y.id)) \
             FROM party y WHERE y.created_by LIKE 'import:%' ORDER BY y.name",
        )
        .unwrap();
    let rows = statement.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn a_kept_dry_run_is_carried_out_as_is_and_writes_what_the_digest_path_writes() {
    let (mut by_digest, mut kept) = (master(), master());
    for (m, keep) in [(&mut by_digest, false), (&mut kept, true)] {
        let up = upload(m, FILE.as_bytes());
        let mapping = ColumnMapping::guess(&up.table.headers);
        let choice = choice_of(&mapping, "jdupont");
        let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
        let digest = run.digest.clone();
        let done = if keep {
            tournee_store::import_dry_run(&mut m.conn, &up, &choice, run, now()).unwrap()
        } else {
            import_contacts(&mut m.conn, &up, &choice, &digest, now()).unwrap()
        };
        assert_eq!((done.parties, done.people), (5, 1));
        assert_eq!(done.dry_run.digest, digest);
        assert_eq!(count(m, "import_run_record"), 6);
    }
    let rows = imported_rows(&kept);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows, imported_rows(&by_digest));
}

#[test]
fn a_master_change_after_the_dry_run_is_seen_by_the_kept_run() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let choice = choice_of(&mapping, "jdupont");
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    let confirmed = run.digest.clone();
    // Meanwhile another connection (an ERP import, the integration) writes a party with
    // the SIRET of line 9, Boulangerie Müller: the kept run must not be trusted.
    let other = rusqlite::Connection::open(m.conn.path().unwrap()).unwrap();
    other
        .execute(
            "INSERT INTO party (id, kind, name, siret, created_by, created_at, change_id) \
             VALUES ('01JD0000000000000000000P02', 'company', 'Müller SA', '44306184100047', \
             'erp', '2026-12-04T11:00:00.000Z', '01JD0000000000000000000C02')",
            [],
        )
        .unwrap();
    let refused = tournee_store::import_dry_run(&mut m.conn, &up, &choice, run, now());
    let Err(ImportError::Changed(now_run)) = refused else {
        panic!("{refused:?}")
    };
    assert_ne!(now_run.digest, confirmed);
    assert_eq!((now_run.duplicates, now_run.importable()), (3, 4));
    assert_eq!(parties(&m), 2, "nothing imported");
    assert_eq!(count(&m, "import_run"), 0);

    // A change that leaves every line as it was (a party nobody's file resembles) is
    // checked again too, and the import goes on since the lines are the same.
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    other
        .execute(
            "INSERT INTO party (id, kind, name, postal_code, created_by, created_at, change_id) \
             VALUES ('01JD0000000000000000000P03', 'company', 'Quincaillerie Zola', '13001', \
             'erp', '2026-12-04T11:01:00.000Z', '01JD0000000000000000000C03')",
            [],
        )
        .unwrap();
    let done = tournee_store::import_dry_run(&mut m.conn, &up, &choice, run, now()).unwrap();
    assert_eq!(done.parties, 4);
    assert_eq!(parties(&m), 7);
}

#[test]
fn a_kept_dry_run_is_refused_for_an_owner_gone_or_other_choices() {
    let mut m = master();
    let up = upload(&m, FILE.as_bytes());
    let mapping = ColumnMapping::guess(&up.table.headers);
    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    // The run was for jdupont: carried out for mmartin, it is computed again and differs.
    let for_another = choice_of(&mapping, "mmartin");
    let refused = tournee_store::import_dry_run(&mut m.conn, &up, &for_another, run, now());
    assert!(
        matches!(refused, Err(ImportError::Changed(_))),
        "{refused:?}"
    );

    let run = dry_run(&m.conn, &up, &mapping, "jdupont").unwrap();
    m.conn
        .execute(
            "UPDATE app_user SET active = 0 WHERE windows_user = 'jdupont'",
            [],
        )
        .unwrap();
    let choice = choice_of(&mapping, "jdupont");
    let refused = tournee_store::import_dry_run(&mut m.conn, &up, &choice, run, now());
    assert!(
        matches!(&refused, Err(ImportError::UnknownOwner(owner)) if owner == "jdupont"),
        "{refused:?}"
    );
    assert_eq!(parties(&m), 1);
}
