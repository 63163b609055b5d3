//! The ERP bridge, inbound, through the real binary on real SQLite files: `tournee-server
//! erp import` fills an empty master, changes nothing the second time, updates and
//! deactivates by key, reads Windows-1252, refuses a malformed file whole with its line
//! and column, and treats links, oversize files and formula-looking values safely.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use common::TestServer;

const ADMIN_PASSWORD: &str = "mot de passe admin initial";

const USERS: &str = "windows_user;c_user;email;display_name\r\n\
jdupont;JD01;jean.dupont@pneus-tournee.fr;Jean Dupont\r\n\
mmartin;MM02;marie.martin@pneus-tournee.fr;Marie Martin\r\n";

const CLIENTS: &str =
    "c_client;nom_client;c_fam_client;ville_fac;c_rep;tel_1;nb_jour_1;date_creation_ste\r\n\
C001;Garage Morel;GAR;Lyon;JD01;04 72 00 00 01;30;2001-02-03 00:00:00.000\r\n\
C002;Transports Fabre;TRAN;Vienne;JD01;04 74 00 00 02;45;\r\n\
C003;EARL des Saules;AGRI;Bourg;MM02;;60;15/06/1998\r\n";

const CONTACTS: &str = "c_client;nom;fonction;tel;email\r\n\
C001;Paul Morel;Gérant;06 00 00 00 01;paul@morel.fr\r\n\
C002;Anne Fabre;Acheteuse;;anne@fabre.fr\r\n";

const SALES: &str = "c_client;mois;ca\r\n\
C001;2026-01;1 234,56\r\n\
C001;2026-02;980\r\n\
C002;2026-01;15000.5\r\n";

const RELATIONS: &str = "num_relation;origine_relation;date_relation;heure_relation;type_entite;c_entite;c_user;type_relation;objet;commentaire;num_relation_sujet;c_archive\r\n\
101;CRV;2026-01-05;10:00;C;C001;JD01;S;Visite du 05/01/2026;Pneus hiver commandés;0;N\r\n\
102;LIT;2026-01-06;14:30;C;C002;JD01;S;Litige facture;\"Facture 12, relue; avoir émis\";0;N\r\n\
103;TEL;2025-01-07;09:00;C;C003;MM02;S;Appel client;;;O\r\n";

fn folder(server: &TestServer) -> PathBuf {
    let folder = server.data.join("erp").join("in");
    fs::create_dir_all(&folder).unwrap();
    folder
}

fn write_all(server: &TestServer) {
    let dir = folder(server);
    for (name, text) in [
        ("app_user.csv", USERS),
        ("client.csv", CLIENTS),
        ("client_contact.csv", CONTACTS),
        ("sales_month.csv", SALES),
        ("client_relation.csv", RELATIONS),
    ] {
        fs::write(dir.join(name), text).unwrap();
    }
}

fn import(server: &TestServer) -> (Option<i32>, String) {
    let out: Output = server.run(&["erp", "import"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// Every ERP-fed table, row by row, in key order: equal digests mean an unchanged master.
fn digest(server: &TestServer) -> Vec<String> {
    let conn = server.db();
    let mut rows = Vec::new();
    for sql in [
        "SELECT c_client || '|' || nom_client || '|' || coalesce(ville_fac, '') || '|' || coalesce(tel_norm, '') || '|' || coalesce(nb_jour_1, '') || '|' || coalesce(date_creation_ste, '') || '|' || actif FROM client ORDER BY c_client",
        "SELECT c_client || '|' || name || '|' || role || '|' || phone || '|' || email FROM client_contact ORDER BY id",
        "SELECT c_client || '|' || month || '|' || amount_cents FROM sales_month ORDER BY c_client, month",
        "SELECT id || '|' || coalesce(erp_num_relation, '') || '|' || c_entite || '|' || date_relation || '|' || heure_relation || '|' || commentaire || '|' || c_archive || '|' || coalesce(change_id, '') FROM client_relation ORDER BY id",
        "SELECT windows_user || '|' || coalesce(erp_code, '') || '|' || email || '|' || display_name || '|' || role FROM app_user ORDER BY windows_user",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        rows.extend(stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
    }
    rows
}

/// The line of the command's report for `file`.
fn line_of(report: &str, file: &str) -> String {
    report
        .lines()
        .find(|l| l.starts_with(file))
        .unwrap_or_else(|| panic!("no line for {file} in:\n{report}"))
        .to_string()
}

#[test]
fn a_first_import_fills_an_empty_master_and_the_same_files_again_change_nothing() {
    let server = TestServer::init(&[]);
    write_all(&server);
    let (code, report) = import(&server);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        line_of(&report, "client.csv").contains("read 3\tinserted 3\tupdated 0"),
        "{report}"
    );
    assert!(
        line_of(&report, "client_relation.csv").contains("inserted 3"),
        "{report}"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM client WHERE actif = 1"),
        3
    );
    assert_eq!(
        server.count(
            "SELECT amount_cents FROM sales_month WHERE c_client = 'C001' AND month = '2026-01'"
        ),
        123_456
    );
    assert_eq!(
        server.count("SELECT amount_cents FROM sales_month WHERE c_client = 'C002'"),
        1_500_050
    );
    let comment: String = server
        .db()
        .query_row(
            "SELECT commentaire FROM client_relation WHERE erp_num_relation = 102",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        comment, "Facture 12, relue; avoir émis",
        "a quoted cell with the separator inside"
    );
    let (founded, tel): (String, String) = server
        .db()
        .query_row(
            "SELECT date_creation_ste, tel_norm FROM client WHERE c_client = 'C001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (founded.as_str(), tel.as_str()),
        ("2001-02-03", "+33472000001")
    );
    assert_eq!(
        server.count("SELECT count(*) FROM app_user WHERE role = 'rep'"),
        2
    );
    assert_eq!(
        server.count("SELECT count(*) FROM erp_import_run WHERE outcome = 'applied'"),
        1
    );

    let before = digest(&server);
    let (code, again) = import(&server);
    assert_eq!(code, Some(0), "{again}");
    assert!(
        again.contains("unchanged: the files say nothing new"),
        "{again}"
    );
    for file in [
        "app_user.csv",
        "client.csv",
        "client_contact.csv",
        "sales_month.csv",
        "client_relation.csv",
    ] {
        let line = line_of(&again, file);
        assert!(
            line.contains("inserted 0\tupdated 0")
                && line.contains("deactivated 0\tdeleted 0\trefused 0"),
            "{line}"
        );
    }
    assert_eq!(digest(&server), before);
    assert_eq!(
        server.count("SELECT count(*) FROM notification"),
        0,
        "nothing refused, nothing mailed"
    );
}

#[test]
fn a_changed_client_is_updated_and_a_removed_one_deactivated_with_its_history_kept() {
    let server = TestServer::init(&[]);
    write_all(&server);
    assert_eq!(import(&server).0, Some(0));
    let changed = CLIENTS
        .replace(
            "C002;Transports Fabre;TRAN;Vienne",
            "C002;Transports Fabre;TRAN;Givors",
        )
        .lines()
        .filter(|l| !l.starts_with("C003"))
        .map(|l| format!("{l}\r\n"))
        .collect::<String>();
    fs::write(folder(&server).join("client.csv"), changed).unwrap();
    let (code, report) = import(&server);
    assert_eq!(code, Some(0), "{report}");
    let line = line_of(&report, "client.csv");
    assert!(
        line.contains("read 2\tinserted 0\tupdated 1\tunchanged 1\tdeactivated 1"),
        "{line}"
    );
    assert_eq!(
        server
            .count("SELECT count(*) FROM client WHERE c_client = 'C002' AND ville_fac = 'Givors'"),
        1
    );
    assert_eq!(
        server.count("SELECT actif FROM client WHERE c_client = 'C003'"),
        0
    );
    assert_eq!(
        server.count("SELECT count(*) FROM client_relation WHERE c_entite = 'C003'"),
        1,
        "history kept"
    );
    // It comes back with the next export that lists it.
    write_all(&server);
    let (_, report) = import(&server);
    assert!(
        line_of(&report, "client.csv").contains("updated 2"),
        "{report}"
    );
    assert_eq!(
        server.count("SELECT actif FROM client WHERE c_client = 'C003'"),
        1
    );
}

#[test]
fn a_windows_1252_file_with_accents_reads_right() {
    let server = TestServer::init(&[]);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(
        "c_client;nom_client;ville_fac;contact_divers_3\r\nC010;Société Générale des Pneus;Châteauroux;Négoce œnologie\r\n",
    );
    assert!(!unmappable);
    fs::write(folder(&server).join("client.csv"), &bytes).unwrap();
    let (code, report) = import(&server);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        line_of(&report, "client.csv").contains("Windows-1252"),
        "{report}"
    );
    let (name, town, activity): (String, String, String) = server
        .db()
        .query_row(
            "SELECT nom_client, ville_fac, contact_divers_3 FROM client WHERE c_client = 'C010'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), town.as_str(), activity.as_str()),
        (
            "Société Générale des Pneus",
            "Châteauroux",
            "Négoce œnologie"
        )
    );
}

#[test]
fn a_malformed_file_is_refused_with_its_line_and_column_and_the_master_stays_as_it_was() {
    let server = TestServer::init(&[]);
    write_all(&server);
    assert_eq!(import(&server).0, Some(0));
    let before = digest(&server);
    let cases = [
        // A row with a missing cell: the whole run is refused, the client file's valid
        // changes included.
        (
            "client.csv",
            CLIENTS.replace(
                "C003;EARL des Saules;AGRI;Bourg;MM02;;60;15/06/1998",
                "C003;EARL des Saules;AGRI",
            ),
            "line 4: unreadable CSV (3 columns where the header has 8)",
        ),
        (
            "client.csv",
            CLIENTS.replace(
                "Lyon;JD01;04 72 00 00 01;30",
                "Lyon;JD01;04 72 00 00 01;trente",
            ),
            "line 2, column 7 (nb_jour_1): not a whole number",
        ),
        (
            "sales_month.csv",
            SALES.replace("980", "9,805"),
            "line 3, column 3 (ca): not an amount",
        ),
        (
            "client_relation.csv",
            RELATIONS.replace(";0;N\r\n102", ";0;X\r\n102"),
            "line 2, column 12 (c_archive): not one of the codes N, O",
        ),
        (
            "client.csv",
            CLIENTS.replace("nom_client", "nom_clent"),
            "line 1, column 2: unknown column “nom_clent”",
        ),
        (
            "sales_month.csv",
            "c_client;mois\r\nC001;2026-01\r\n".to_string(),
            "line 1: the mandatory column ca is missing",
        ),
        (
            "client.csv",
            "c_client;nom_client\r\n".to_string(),
            "no row",
        ),
    ];
    for (file, text, expected) in cases {
        write_all(&server);
        // A valid change elsewhere, which must not land either.
        fs::write(
            folder(&server).join("app_user.csv"),
            USERS.replace("Jean Dupont", "Jean Dupond"),
        )
        .unwrap();
        fs::write(folder(&server).join(file), text).unwrap();
        let (code, report) = import(&server);
        assert_eq!(code, Some(1), "{report}");
        assert!(
            report.contains(expected) && report.contains(file),
            "expected {expected:?} in:\n{report}"
        );
        assert!(
            report.contains("refused: the master is as it was"),
            "{report}"
        );
        assert_eq!(digest(&server), before, "{file}: nothing applied");
    }
    assert_eq!(
        server.count("SELECT count(*) FROM erp_import_run WHERE outcome = 'refused'"),
        7
    );
    assert_eq!(server.count("SELECT count(*) FROM erp_import_file WHERE run_id IN (SELECT id FROM erp_import_run WHERE outcome = 'refused')"), 0);
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'erp_import_refused'"),
        7
    );
    // The mail is worded, in French, for the error addresses (the default: admin@example.fr).
    let out = server.run(&["mail"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.count("SELECT count(*) FROM notification WHERE kind = 'erp_import_refused' AND status = 'sent'"), 7);
    let bodies: Vec<String> = server
        .files_under("mail")
        .iter()
        .map(|p| mail_text(&fs::read_to_string(p).unwrap()))
        .collect();
    assert!(
        bodies.iter().any(|m| m.contains("To: admin@example.fr")
            && m.contains("ligne 2, colonne 7 (nb_jour_1) : pas un nombre entier")),
        "{bodies:?}"
    );
}

/// A mail file's text with its body decoded (quoted-printable or base64, as lettre chose).
fn mail_text(raw: &str) -> String {
    use base64::Engine as _;
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let decoded = if head.contains("Content-Transfer-Encoding: base64") {
        let compact: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap(),
        )
        .unwrap()
    } else {
        let joined = body.replace("=\n", "");
        let mut bytes = Vec::new();
        let mut rest = joined.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'=' && tail.len() >= 2 {
                if let Ok(v) =
                    u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap_or("zz"), 16)
                {
                    bytes.push(v);
                    rest = &tail[2..];
                    continue;
                }
            }
            bytes.push(b);
            rest = tail;
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!("{head}\n\n{decoded}")
}

#[test]
fn refused_rows_are_skipped_and_reported_per_line_and_tournee_s_own_visits_are_never_overwritten() {
    let server = TestServer::init(&[]);
    write_all(&server);
    assert_eq!(import(&server).0, Some(0));
    // A visit a rep entered through Tournée (it carries its change id), that the ERP then
    // exports back with its own number and words.
    server
        .db()
        .execute(
            "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, c_user, \
             type_relation, objet, commentaire, change_id, file_name) VALUES ('CRV', '2026-02-02', '11:00', 'C', 'C001', \
             'JD01', 'S', 'Visite du 02/02/2026', 'Saisi dans Tournée - saisie via le CRM', '01JTOURNEE0000000000000001', 'VC.json')",
            [],
        )
        .unwrap();
    let relations = format!(
        "{RELATIONS}\
         104;CRV;2026-02-02;11:00;C;C001;JD01;S;Visite du 02/02/2026;Saisi dans Tournée;0;N\r\n\
         105;CRV;2026-02-03;11:00;C;C999;JD01;S;Visite;;0;N\r\n\
         106;CRV;2026-02-03;11:00;F;F001;JD01;S;Fournisseur;;0;N\r\n\
         101;CRV;2026-01-05;10:00;C;C001;JD01;S;Visite du 05/01/2026;Doublon;0;N\r\n"
    );
    fs::write(folder(&server).join("client_relation.csv"), relations).unwrap();
    fs::write(
        folder(&server).join("sales_month.csv"),
        format!("{SALES}C404;2026-01;10\r\n"),
    )
    .unwrap();
    let (code, report) = import(&server);
    assert_eq!(code, Some(2), "rows refused, the rest applied: {report}");
    assert!(
        report.contains("client_relation.csv, line 6: unknown client C999, row skipped"),
        "{report}"
    );
    assert!(
        report.contains("client_relation.csv, line 7: type_entite F"),
        "{report}"
    );
    assert!(
        report.contains("client_relation.csv, line 8: key 101 already on line 2"),
        "{report}"
    );
    assert!(
        report.contains("sales_month.csv, line 5: unknown client C404"),
        "{report}"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM client_relation"),
        4,
        "the ERP's copy linked, not doubled"
    );
    let (number, comment): (i64, String) = server
        .db()
        .query_row(
            "SELECT erp_num_relation, commentaire FROM client_relation WHERE change_id IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (number, comment.as_str()),
        (104, "Saisi dans Tournée - saisie via le CRM")
    );
    assert_eq!(server.count("SELECT count(*) FROM erp_import_refusal"), 4);
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'erp_import_refused'"),
        1
    );
    // Tournée's archiving is one-way: the ERP's « N » does not bring a row back.
    server
        .db()
        .execute(
            "UPDATE client_relation SET c_archive = 'O' WHERE erp_num_relation = 101",
            [],
        )
        .unwrap();
    fs::write(
        folder(&server).join("client_relation.csv"),
        RELATIONS.replace("Pneus hiver commandés", "Pneus hiver livrés"),
    )
    .unwrap();
    let (_, report) = import(&server);
    assert!(
        line_of(&report, "client_relation.csv").contains("updated 1"),
        "{report}"
    );
    let (comment, archive): (String, String) = server
        .db()
        .query_row(
            "SELECT commentaire, c_archive FROM client_relation WHERE erp_num_relation = 101",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (comment.as_str(), archive.as_str()),
        ("Pneus hiver livrés", "O")
    );
}

#[test]
fn links_oversize_files_and_formula_looking_values_are_handled_safely() {
    let server = TestServer::init(&[]);
    write_all(&server);
    assert_eq!(import(&server).0, Some(0));
    let before = digest(&server);
    let dir = folder(&server);

    // A symbolic link is never followed, even to a valid file: refused whole.
    let elsewhere = server.data.join("elsewhere.csv");
    fs::write(&elsewhere, CLIENTS.replace("Lyon", "Ailleurs")).unwrap();
    fs::remove_file(dir.join("client.csv")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("client.csv")).unwrap();
    let (code, report) = import(&server);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("client.csv: not a plain file"), "{report}");
    assert_eq!(digest(&server), before);

    // An oversize file (sparse: no disk used) is refused from its size, never read.
    fs::remove_file(dir.join("client.csv")).unwrap();
    let big = fs::File::create(dir.join("client.csv")).unwrap();
    big.set_len(tournee_store::MAX_FILE_BYTES + 1).unwrap();
    let started = Instant::now();
    let (code, report) = import(&server);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("more than the 1073741824 accepted"),
        "{report}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refused without reading it"
    );
    assert_eq!(digest(&server), before);

    // A value a spreadsheet would run is stored as the text it is (never evaluated: bound
    // as a SQL parameter, escaped by the back office's templates), and a CSV export made
    // with tournee-csv neutralises it.
    let formula = "=cmd|' /C calc'!A0";
    fs::write(
        dir.join("client.csv"),
        format!("{CLIENTS}C004;\"{formula}\";GAR;@SUM(1+1);JD01;+33 4 72 00 00 04;30;\r\n"),
    )
    .unwrap();
    let (code, report) = import(&server);
    assert_eq!(code, Some(0), "{report}");
    let (name, town, tel): (String, String, String) = server
        .db()
        .query_row(
            "SELECT nom_client, ville_fac, tel_1 FROM client WHERE c_client = 'C004'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), town.as_str(), tel.as_str()),
        (formula, "@SUM(1+1)", "+33 4 72 00 00 04")
    );
    assert_eq!(
        tournee_csv::neutralise_formula(&name),
        format!("'{formula}")
    );
    assert_eq!(
        tournee_csv::neutralise_formula(&tel),
        tel,
        "a phone number stays as typed"
    );
}

#[test]
fn the_monitor_shows_each_run_to_admins_only() {
    let server = TestServer::init(&["--admin-password", ADMIN_PASSWORD]);
    write_all(&server);
    fs::write(
        folder(&server).join("sales_month.csv"),
        format!("{SALES}C404;2026-01;10\r\n"),
    )
    .unwrap();
    assert_eq!(import(&server).0, Some(2));
    fs::write(
        folder(&server).join("client.csv"),
        CLIENTS.replace(";30;", ";<b>30</b>;"),
    )
    .unwrap();
    assert_eq!(import(&server).0, Some(1));
    tournee_store::create_account(
        &server.db(),
        "compta",
        "Claire Comptable",
        "compta@pneus-tournee.fr",
        tournee_store::Role::Accountant,
        "mot de passe compta initial",
        chrono::Utc::now(),
    )
    .unwrap();

    let (_running, base) = common::start_run(&server);
    let page_of = |login: &str, password: &str| {
        let client = common::http_client_builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let form = client
            .get(format!("{base}/office/login"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        let csrf = form
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let landed = client
            .post(format!("{base}/office/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("login", login),
                ("password", password),
            ])
            .send()
            .unwrap();
        if landed.url().path() == "/office/password" {
            let page = landed.text().unwrap();
            let csrf = page
                .split("name=\"csrf\" value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            let new = format!("{password} changé");
            client
                .post(format!("{base}/office/password"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("old", password),
                    ("new", new.as_str()),
                ])
                .send()
                .unwrap();
            let form = client
                .get(format!("{base}/office/login"))
                .send()
                .unwrap()
                .text()
                .unwrap();
            let csrf = form
                .split("name=\"csrf\" value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            client
                .post(format!("{base}/office/login"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("login", login),
                    ("password", new.as_str()),
                ])
                .send()
                .unwrap();
        }
        client
            .get(format!("{base}/office/admin/integrations"))
            .send()
            .unwrap()
    };
    let admin = page_of("admin", ADMIN_PASSWORD);
    assert_eq!(admin.status(), reqwest::StatusCode::OK);
    let page = admin.text().unwrap();
    assert!(page.contains("Imports de l'ERP (2)"), "{page}");
    assert!(page.contains("refusé, rien n&#39;a été modifié"), "{page}");
    assert!(
        page.contains("client.csv, ligne 2, colonne 7 (nb_jour_1) : pas un nombre entier"),
        "{page}"
    );
    assert!(
        page.contains("sales_month.csv, ligne 5 : client inconnu C404, ligne ignorée"),
        "{page}"
    );
    assert!(
        page.contains("data-erp-file=\"client_relation.csv\""),
        "{page}"
    );
    let accountant = page_of("compta", "mot de passe compta initial");
    assert_eq!(accountant.status(), reqwest::StatusCode::FORBIDDEN);
}
