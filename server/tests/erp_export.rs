//! The ERP bridge, outbound, through the real binary: after a real integration of visit
//! and modification change files, `tournee-server erp export` writes them into
//! DATA/erp/out once; a second run writes nothing; `erp reemit` writes a lost file again
//! byte for byte and refuses any name that is not a file of the ledger.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;
use std::fs;

use chrono::Utc;
use common::{publish_as, TestServer};
use tournee_csv::{read_csv, Encoding};
use tournee_sync::{Answer, ChangeBody, ClientModification, ClientVisit, FieldChange, VisitReport};

fn visit(client_code: &str, time: &str, comment: &str) -> ChangeBody {
    ChangeBody::VC(ClientVisit {
        client_code: client_code.into(),
        visit: VisitReport {
            visit_date: Utc::now().date_naive(),
            visit_time: time.into(),
            comment: comment.into(),
            answers: BTreeMap::from([("type_contact".to_string(), Answer::One("visite".into()))]),
        },
    })
}

fn run(server: &TestServer, args: &[&str]) -> (bool, String) {
    let out = server.run(args);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn out_files(server: &TestServer) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(server.data.join("erp/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn integrated_visits_go_out_once_and_a_lost_file_comes_back_identical() {
    let server = TestServer::init(&["--demo", "small"]);
    let client: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    publish_as(
        &server,
        "jdupont",
        visit(&client, "09:10", "Pneus hiver posés"),
    );
    publish_as(
        &server,
        "jdupont",
        ChangeBody::MC(ClientModification {
            client_code: client.clone(),
            changes: vec![FieldChange {
                field: "ville_fac".into(),
                old: String::new(),
                new: "Villeurbanne".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    server.integrate(None);
    assert_eq!(server.count("SELECT count(*) FROM change_ledger"), 2);

    let (ok, text) = run(&server, &["erp", "export"]);
    assert!(ok, "{text}");
    assert!(text.contains("1 files recorded, 1 written"), "{text}");
    let names = out_files(&server);
    assert_eq!(names.len(), 1, "{names:?}");
    let path = server.data.join("erp/out").join(&names[0]);
    let bytes = fs::read(&path).unwrap();
    let table = read_csv(&bytes).unwrap();
    assert_eq!(table.encoding, Encoding::Utf8Bom);
    assert_eq!(table.headers[0], "origine_relation");
    assert_eq!(table.rows.len(), 2, "the visit and the request's note");
    assert_eq!(table.rows[0].cells[4], client);
    assert_eq!(
        table.rows[0].cells[8],
        "Pneus hiver posés saisie via le CRM"
    );
    assert!(table.rows[1].cells[7].starts_with("Demande de modification du "));
    assert!(bytes.ends_with(b"\r\n"));

    let (ok, text) = run(&server, &["erp", "export"]);
    assert!(ok, "{text}");
    assert!(text.contains("0 files recorded, 0 written"), "{text}");
    assert_eq!(out_files(&server).len(), 1);

    // The ERP lost the file: it comes back byte for byte, and no row is recorded again.
    fs::remove_file(&path).unwrap();
    let (ok, text) = run(&server, &["erp", "reemit", "--file", &names[0]]);
    assert!(ok, "{text}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(server.count("SELECT count(*) FROM erp_export_row"), 2);

    // Names that are not files of the ledger are refused, and nothing is written.
    for bad in [
        "../tournee.sqlite",
        "/etc/passwd",
        "tournee-client-20990101-000000-000999.csv",
    ] {
        let (ok, text) = run(&server, &["erp", "reemit", "--file", bad]);
        assert!(!ok, "{bad}: {text}");
        assert!(text.contains("ledger"), "{bad}: {text}");
    }
    assert_eq!(out_files(&server), names);

    // The next visit, in Windows-1252 for an ERP that reads nothing else.
    publish_as(
        &server,
        "jdupont",
        visit(&client, "15:30", "Café offert, devis 1 200 €"),
    );
    server.integrate(None);
    let (ok, text) = run(&server, &["erp", "export", "--encoding", "windows-1252"]);
    assert!(ok, "{text}");
    let names = out_files(&server);
    assert_eq!(names.len(), 2);
    let latin = fs::read(server.data.join("erp/out").join(&names[1])).unwrap();
    let table = read_csv(&latin).unwrap();
    assert_eq!(table.encoding, Encoding::Windows1252);
    assert_eq!(table.rows.len(), 1);
    assert_eq!(
        table.rows[0].cells[8],
        "Café offert, devis 1 200 € saisie via le CRM"
    );
}
