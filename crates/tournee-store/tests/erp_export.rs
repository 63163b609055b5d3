//! The ERP bridge, outbound, on real SQLite files and a real folder: the rows Tournée
//! created (visits, modification-request notes, a prospect's visits carried over, the
//! validated client) go out once across runs; a crash between the ledger and the file
//! loses and doubles nothing; a lost file comes back byte for byte; what the ERP exports
//! back never goes out again; `reemit` writes nowhere but `erp/out`.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tournee_csv::{read_csv, Encoding};
use tournee_store::{
    export_erp, fill_demo, import_erp, integrate_batch, open_master, record_export, reemit,
    validate_creation, Delivery, DemoSpec, ExportEncoding, ExportError, IntegrationContext,
    Outcome, Parameters, Validation, RELATION_HEADERS,
};
use tournee_sync::{
    Answer, ChangeBody, ClientCreationRequest, ClientModification, ClientVisit, Envelope,
    FieldChange, ProspectCreation, ProspectVisit, VisitReport, SPEC_VERSION,
};

// The complete-conversion fixture, written once in the system tests' helpers.
#[path = "../../tournee-system-tests/src/conversion.rs"]
mod conversion;
use conversion::{complete_request, fields};

const PROSPECT: &str = "01KAB00000000000000000000P";

struct Setup {
    _dir: tempfile::TempDir,
    conn: Connection,
    out: PathBuf,
    erp_in: PathBuf,
    next: u32,
    /// A client of jdupont's portfolio.
    client: String,
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

/// The small demo on a real file: its relations came from the ERP (no change id).
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
    fill_demo(
        &mut conn,
        &DemoSpec::small(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
    )
    .unwrap();
    let client = conn
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let out = dir.path().join("erp").join("out");
    let erp_in = dir.path().join("erp").join("in");
    fs::create_dir_all(&erp_in).unwrap();
    Setup {
        _dir: dir,
        conn,
        out,
        erp_in,
        next: 0,
        client,
    }
}

impl Setup {
    fn deliver(&mut self, body: ChangeBody) -> String {
        self.next += 1;
        let change_id = format!("01KAB0000000000000000000{:02}", self.next);
        let envelope = Envelope {
            spec: SPEC_VERSION,
            change_id: change_id.clone(),
            user: "jdupont".into(),
            device: "PC".into(),
            created_at: DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
            body,
        };
        let ctx = IntegrationContext {
            now: now(),
            params: Parameters::default(),
        };
        let delivery = Delivery {
            folder_owner: "jdupont".into(),
            file_name: format!("{}_jdupont_{change_id}.json", envelope.change_type().code()),
            parsed: Ok(envelope),
            signature: None,
            arrived_at: ctx.now,
            precheck: None,
            arrival: None,
        };
        assert_eq!(
            integrate_batch(&mut self.conn, &ctx, &[delivery]).unwrap(),
            [Outcome::Integrated]
        );
        change_id
    }

    fn visit(&mut self, time: &str, comment: &str) -> String {
        let client_code = self.client.clone();
        self.deliver(ChangeBody::VC(ClientVisit {
            client_code,
            visit: VisitReport {
                visit_date: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
                visit_time: time.into(),
                comment: comment.into(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }))
    }

    fn modification(&mut self) -> String {
        let client_code = self.client.clone();
        self.deliver(ChangeBody::MC(ClientModification {
            client_code,
            changes: vec![FieldChange {
                field: "tel_1".into(),
                old: "04 72 00 00 00".into(),
                new: "04 72 11 22 33".into(),
            }],
            revisit: None,
            fleet: None,
        }))
    }

    fn export(&mut self) -> tournee_store::ExportReport {
        export_erp(&mut self.conn, &self.out, ExportEncoding::Utf8, now()).unwrap()
    }

    fn rows_of(&self, name: &str) -> Vec<Vec<String>> {
        let table = read_csv(&fs::read(self.out.join(name)).unwrap()).unwrap();
        table.rows.into_iter().map(|r| r.cells).collect()
    }

    fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn each_row_tournee_created_goes_out_once_across_runs_and_no_erp_row_ever() {
    let mut s = setup();
    assert!(
        s.export().recorded.is_empty(),
        "the demo's relations are the ERP's own"
    );
    s.visit("09:15", "Pneus hiver; commande « urgente »");
    s.modification();
    s.visit("16:40", "=HYPERLINK(\"x\")");

    let first = s.export();
    assert_eq!(first.recorded.len(), 1);
    let file = &first.recorded[0];
    assert_eq!(file.kind, "client_relation");
    assert_eq!(file.rows, 3);
    assert_eq!(first.written, std::slice::from_ref(&file.name));
    assert!(file
        .name
        .starts_with("tournee-client_relation-20261120-120000-"));

    let bytes = fs::read(s.out.join(&file.name)).unwrap();
    let table = read_csv(&bytes).unwrap();
    assert_eq!(table.encoding, Encoding::Utf8Bom);
    assert_eq!(table.headers, RELATION_HEADERS);
    let rows: Vec<Vec<String>> = table.rows.into_iter().map(|r| r.cells).collect();
    let client = s.client.clone();
    assert_eq!(
        rows[0],
        [
            "CRV",
            "2026-11-19",
            "09:15",
            "C",
            client.as_str(),
            "JD01",
            "S",
            "Visite du 19/11/2026",
            "Pneus hiver; commande « urgente » saisie via le CRM",
            "0",
            "N"
        ]
    );
    assert_eq!(rows[1][7], "Demande de modification du 20/11/2026");
    assert!(rows[1][8].contains("Champ tel_1 : « 04 72 00 00 00 » remplacé par « 04 72 11 22 33 »"));
    assert!(
        rows[2][8].starts_with("'=HYPERLINK"),
        "a formula is neutralised: {}",
        rows[2][8]
    );

    let second = s.export();
    assert_eq!(second, Default::default(), "nothing new: no file");
    s.visit("11:00", "Relevé de parc");
    let third = s.export();
    assert_eq!(third.recorded.len(), 1);
    assert_eq!(third.recorded[0].rows, 1);
    assert_eq!(s.rows_of(&third.recorded[0].name)[0][2], "11:00");
    assert_eq!(files_in(&s.out).len(), 2);
    assert_eq!(
        s.count("SELECT count(*) FROM erp_export_row"),
        s.count("SELECT count(*) FROM client_relation WHERE change_id IS NOT NULL"),
        "every row Tournée made is in the ledger once"
    );
}

#[test]
fn a_crash_between_the_ledger_and_the_file_loses_and_doubles_nothing() {
    let mut s = setup();
    s.visit("09:00", "Avant la panne");
    // The run stops after its commit, before writing: the ledger has the file, the folder
    // does not.
    let recorded = record_export(&mut s.conn, ExportEncoding::Utf8, now()).unwrap();
    assert_eq!(recorded.len(), 1);
    assert!(!s.out.exists() || files_in(&s.out).is_empty());
    s.visit("10:00", "Après la panne");
    let next = s.export();
    assert_eq!(
        next.written,
        [recorded[0].name.clone(), next.recorded[0].name.clone()],
        "the interrupted file is written under its name, the new row in a file of its own"
    );
    assert_eq!(s.rows_of(&recorded[0].name).len(), 1);
    assert_eq!(s.rows_of(&next.recorded[0].name).len(), 1);
    assert_eq!(s.rows_of(&recorded[0].name)[0][2], "09:00");

    // A stop after the rename, before the file was marked written: the next run writes the
    // same bytes under the same name, and no other file.
    let before = fs::read(s.out.join(&recorded[0].name)).unwrap();
    s.conn
        .execute(
            "UPDATE erp_export_file SET written_at = NULL WHERE name = ?1",
            [&recorded[0].name],
        )
        .unwrap();
    let again = s.export();
    assert!(again.recorded.is_empty());
    assert_eq!(again.written, [recorded[0].name.clone()]);
    assert_eq!(fs::read(s.out.join(&recorded[0].name)).unwrap(), before);
    assert_eq!(files_in(&s.out).len(), 2);
}

#[test]
fn a_lost_file_is_written_again_byte_for_byte_in_either_encoding() {
    for encoding in [ExportEncoding::Utf8, ExportEncoding::Windows1252] {
        let mut s = setup();
        s.visit("09:30", "Café, 12 € la pose 🚚");
        let report = export_erp(&mut s.conn, &s.out, encoding, now()).unwrap();
        let name = report.recorded[0].name.clone();
        let path = s.out.join(&name);
        let original = fs::read(&path).unwrap();
        let table = read_csv(&original).unwrap();
        match encoding {
            ExportEncoding::Utf8 => {
                assert_eq!(table.encoding, Encoding::Utf8Bom);
                assert_eq!(report.recorded[0].replaced, 0);
            }
            ExportEncoding::Windows1252 => {
                assert_eq!(table.encoding, Encoding::Windows1252);
                assert_eq!(
                    report.recorded[0].replaced, 1,
                    "the lorry has no byte there"
                );
                assert!(table.rows[0].cells[8].starts_with("Café, 12 € la pose ?"));
            }
        }
        // The archiving changes the master's row afterwards: the file does not change.
        s.conn
            .execute("UPDATE client_relation SET c_archive = 'O'", [])
            .unwrap();
        fs::remove_file(&path).unwrap();
        let again = reemit(&s.conn, &s.out, &name, now()).unwrap();
        assert_eq!(fs::read(&path).unwrap(), original, "{encoding:?}");
        assert_eq!(again.sha256, report.recorded[0].sha256);
        // Re-emitting never records rows again.
        assert!(s.export().recorded.is_empty());
    }
}

#[test]
fn what_the_erp_exports_back_never_goes_out_again() {
    let mut s = setup();
    // A prospect visited, converted and validated: its visit is carried over to the client.
    s.deliver(ChangeBody::CP(ProspectCreation {
        prospect_id: PROSPECT.into(),
        fields: fields(&[
            ("nom_client", "Transports Fabre"),
            ("dep_fac", "69"),
            ("bur_dis_fac", "003"),
            ("c_agence", "LYON"),
        ]),
        contacts: Vec::new(),
    }));
    s.deliver(ChangeBody::VP(ProspectVisit {
        prospect_id: PROSPECT.into(),
        visit: VisitReport {
            visit_date: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            visit_time: "10:00".into(),
            comment: "Premier contact".into(),
            answers: BTreeMap::from([("type_contact".to_string(), Answer::One("visite".into()))]),
        },
    }));
    s.deliver(ChangeBody::CC(ClientCreationRequest {
        prospect_id: PROSPECT.into(),
        fields: complete_request("Transports Fabre"),
        signature: None,
    }));
    let request: i64 = s.count("SELECT id FROM client_creation_request");
    validate_creation(
        &mut s.conn,
        &Parameters::default(),
        &Validation {
            request_id: request,
            client_code: "C90001".into(),
            completed: Default::default(),
            accountant_email: "compta@example.fr".into(),
        },
        now(),
    )
    .unwrap();
    s.visit("14:00", "Livraison");

    let report = s.export();
    let kinds: Vec<(&str, u64)> = report
        .recorded
        .iter()
        .map(|f| (f.kind.as_str(), f.rows))
        .collect();
    assert_eq!(kinds, [("client_relation", 2), ("client", 1)]);
    let relations = s.rows_of(&report.recorded[0].name);
    assert!(
        relations[0][7].starts_with("[PROSPECT] "),
        "{:?}",
        relations[0]
    );
    assert_eq!(relations[0][4], "C90001");
    let client_file = fs::read(s.out.join(&report.recorded[1].name)).unwrap();
    let client = read_csv(&client_file).unwrap();
    assert_eq!(
        client.headers.len(),
        41,
        "c_client and every annex-2 column"
    );
    assert_eq!(client.headers[0], "c_client");
    assert_eq!(client.headers[40], "type_edition_fac");
    assert_eq!(client.rows[0].cells[0], "C90001");
    assert_eq!(client.rows[0].cells[4], "Transports Fabre");

    // The ERP imported both files and exports them back with its own numbers, with the
    // client; then the same files come again the next night.
    let mut relation_csv = String::from(
        "num_relation;origine_relation;date_relation;heure_relation;type_entite;c_entite;c_user;type_relation;objet;commentaire;num_relation_sujet;c_archive\r\n",
    );
    for (i, row) in relations.iter().enumerate() {
        relation_csv.push_str(&format!("{};{}\r\n", 900_001 + i, row.join(";")));
    }
    fs::write(s.erp_in.join("client_relation.csv"), relation_csv).unwrap();
    let rows_before = s.count("SELECT count(*) FROM client_relation");
    for _night in 0..2 {
        let run = import_erp(&mut s.conn, &s.erp_in, now()).unwrap();
        assert!(run.refusals.is_empty(), "{:?}", run.refusals);
        assert!(s.export().recorded.is_empty(), "nothing goes out twice");
    }
    assert_eq!(
        s.count("SELECT count(*) FROM client_relation"),
        rows_before,
        "the rows were linked, not inserted twice"
    );
    assert_eq!(
        s.count(
            "SELECT count(*) FROM client_relation WHERE erp_num_relation BETWEEN 900001 AND 900002"
        ),
        2
    );
    // A visit that the ERP already lists when the export first looks is not sent either.
    let change = s.visit("15:00", "Vue par l'ERP d'abord");
    s.conn
        .execute(
            "UPDATE client_relation SET erp_num_relation = 900100 WHERE change_id = ?1",
            [&change],
        )
        .unwrap();
    assert!(s.export().recorded.is_empty());
}

#[test]
fn reemit_writes_nowhere_but_the_out_folder() {
    let mut s = setup();
    s.visit("09:00", "Visite");
    let name = s.export().recorded[0].name.clone();
    let outside = s
        .out
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("tournee.sqlite");
    let master_before = fs::metadata(&outside).unwrap().len();
    for bad in [
        "../../tournee.sqlite",
        "/etc/passwd",
        "x/../../y.csv",
        ".hidden.csv",
        "..",
        &format!("{}.csv", "a".repeat(200)),
    ] {
        assert!(
            matches!(
                reemit(&s.conn, &s.out, bad, now()),
                Err(ExportError::BadName(_))
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        reemit(
            &s.conn,
            &s.out,
            "tournee-client_relation-20991231-000000-999999.csv",
            now()
        ),
        Err(ExportError::UnknownFile(_))
    ));
    // A link planted at the file's name is replaced, never written through.
    #[cfg(unix)]
    {
        let victim = s.out.parent().unwrap().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        fs::remove_file(s.out.join(&name)).unwrap();
        std::os::unix::fs::symlink(&victim, s.out.join(&name)).unwrap();
        reemit(&s.conn, &s.out, &name, now()).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert!(fs::symlink_metadata(s.out.join(&name))
            .unwrap()
            .file_type()
            .is_file());
        // The out folder itself a link: refused.
        let elsewhere = s.out.parent().unwrap().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::rename(&s.out, s.out.with_extension("moved")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &s.out).unwrap();
        assert!(matches!(
            reemit(&s.conn, &s.out, &name, now()),
            Err(ExportError::OutFolder(_))
        ));
        assert!(files_in(&elsewhere).is_empty());
    }
    assert_eq!(fs::metadata(&outside).unwrap().len(), master_before);
}
