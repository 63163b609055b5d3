//! Mail through a real SMTP server on loopback (aiosmtpd, see smtp_sink.py): the brief's
//! words, the rep as sender, and exactly one delivery although the server was down at first.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use chrono::{Duration, Utc};
use common::{complete_request, fields, publish_as, TestServer};
use rusqlite::params;
use serde_json::Value;
use tournee_sync::{
    ChangeBody, ClientCreationRequest, ClientModification, FieldChange, ProspectCreation, Signature,
};

#[test]
fn mails_reach_a_real_smtp_server_once_even_after_it_was_down() {
    let server = TestServer::init(&["--demo", "small"]);
    let port = common::process::free_port();
    let smtp = serde_json::json!({"host": "127.0.0.1", "port": port, "tls": "none", "sender": "automate@pneus-tournee.fr"});
    server
        .db()
        .execute(
            "INSERT INTO parameter (key, value) VALUES ('smtp', ?1), ('accountant_emails', '[\"compta@pneus-tournee.fr\"]'), \
             ('error_emails', '[\"it@pneus-tournee.fr\"]'), ('back_office_url', '\"https://crm.pneus-tournee.fr\"') \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![smtp.to_string()],
        )
        .unwrap();
    let (client_code, client_name): (String, String) = server
        .db()
        .query_row(
            "SELECT c_client, nom_client FROM client WHERE c_rep = 'JD01' AND actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let rep_email: String = server
        .db()
        .query_row(
            "SELECT email FROM app_user WHERE windows_user = 'jdupont'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let prospect = ulid::Ulid::new().to_string();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CP(ProspectCreation {
            prospect_id: prospect.clone(),
            fields: fields(&[
                ("nom_client", "Transports Fabre"),
                ("tel_1", "04 78 98 76 54"),
            ]),
            contacts: Vec::new(),
        }),
    );
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CC(ClientCreationRequest {
            prospect_id: prospect,
            fields: complete_request("Transports Fabre"),
            signature: None::<Signature>,
        }),
    );
    publish_as(
        &server,
        "jdupont",
        ChangeBody::MC(ClientModification {
            client_code: client_code.clone(),
            changes: vec![FieldChange {
                field: "tel_2".into(),
                old: String::new(),
                new: "06 12 34 56 78".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    let bad_name = server.data.join("inbox/jdupont/VC_jdupont_pasunulid.json");
    std::fs::write(&bad_name, b"{}").unwrap();
    let out = server.integrate(None);
    assert!(
        out.contains("integrated 3,") && out.contains("failed 1"),
        "{out}"
    );

    // The SMTP server is down: every mail fails, nothing is lost.
    let run_mail = |now: chrono::DateTime<Utc>| {
        let out = server.run(&["mail", "--now", &now.to_rfc3339()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run_mail(Utc::now()).contains("sent 0, failed 3"));
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE status = 'pending'"),
        3
    );

    // Up again: the next round after the back-off delivers each mail once.
    let sink_dir = tempfile::tempdir().unwrap();
    let sink = common::smtp::SmtpSink::start(port, sink_dir.path());
    assert!(
        run_mail(Utc::now()).contains("sent 0, failed 0"),
        "not due before the back-off"
    );
    assert!(run_mail(Utc::now() + Duration::minutes(2)).contains("sent 3, failed 0"));
    assert!(run_mail(Utc::now() + Duration::hours(3)).contains("sent 0, failed 0"));
    let mails = sink.received();
    assert_eq!(mails.len(), 3, "{mails:#?}");
    assert_eq!(
        server.count("SELECT count(*) FROM mail_attempt WHERE outcome = 'failed'"),
        3
    );
    assert_eq!(
        server.count("SELECT count(*) FROM mail_attempt WHERE outcome = 'sent'"),
        3
    );

    let by_subject = |start: &str| {
        mails
            .iter()
            .find(|m| m["subject"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no mail «{start}»: {mails:#?}"))
    };
    let creation = by_subject("[Création Client]");
    assert_eq!(creation["subject"], "[Création Client] Transports Fabre");
    assert!(
        creation["from"].as_str().unwrap().contains(&rep_email),
        "the rep is the sender"
    );
    assert_eq!(creation["mail_from"], "automate@pneus-tournee.fr");
    assert_eq!(
        creation["rcpt_tos"],
        serde_json::json!(["compta@pneus-tournee.fr"])
    );
    let request_id: i64 = server
        .db()
        .query_row("SELECT id FROM client_creation_request", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        creation["body"].as_str().unwrap().trim_end(),
        format!("Un nouveau client est en attente de validation, accédez à sa fiche en cliquant sur le lien suivant : https://crm.pneus-tournee.fr/office/creations/{request_id}")
    );

    let modification = by_subject("[Modification Client]");
    assert_eq!(
        modification["subject"],
        format!("[Modification Client] {client_code} {client_name}")
    );
    // Each change on its own line, with the leading space of the brief's « - Champ XXX1 ».
    let body = modification["body"].as_str().unwrap().replace("\r\n", "\n");
    assert!(
        body.contains("suivants :\n - Champ portable : «  » remplacé par « 06 12 34 56 78 »\n"),
        "{body:?}"
    );

    let error = by_subject("[Tournée] Fichier refusé");
    assert_eq!(
        error["rcpt_tos"],
        serde_json::json!(["it@pneus-tournee.fr"])
    );
    assert!(error["body"]
        .as_str()
        .unwrap()
        .contains("Raison : bad_name"));

    let ids: std::collections::BTreeSet<&str> = mails
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "one Message-ID per notification");
}

#[test]
fn without_smtp_the_mails_are_written_as_eml_files() {
    let server = TestServer::init(&["--demo", "small"]);
    let out = server.run(&["samples", "--count", "200"]);
    assert!(out.status.success());
    server.integrate(None);
    let queued = server.count("SELECT count(*) FROM notification");
    assert!(queued > 0, "the samples include modification requests");
    let out = server.run(&["mail"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("sent {queued}, failed 0")));
    let files = server.files_under("mail");
    assert_eq!(files.len() as i64, queued);
    let first = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        first.contains("Subject: ") && first.contains("Message-ID: <notification-"),
        "{first}"
    );
}

/// A lead party created by `user` `days_ago` days ago (the laptop's clock), as a record change.
fn lead_created(server: &TestServer, user: &str, name: &str, days_ago: i64) {
    let change = tournee_sync::parse_record(&serde_json::json!({
        "entity": "party", "op": "create", "id": ulid::Ulid::new().to_string(),
        "fields": {"kind": "company", "name": name, "owner": user}
    }))
    .unwrap();
    let envelope = tournee_sync::Envelope::new(
        user,
        "PC-TEST",
        (Utc::now() - Duration::days(days_ago)).fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    tournee_sync::publish_change(&server.data.join("inbox").join(user), &envelope).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
}

#[test]
fn a_lead_left_open_reminds_its_owner_once_with_the_team_leader_in_copy() {
    let server = TestServer::init(&["--demo", "small"]);
    let port = common::process::free_port();
    let smtp = serde_json::json!({"host": "127.0.0.1", "port": port, "tls": "none", "sender": "automate@pneus-tournee.fr"});
    let db = server.db();
    db.execute(
        "INSERT INTO parameter (key, value) VALUES ('smtp', ?1), ('error_emails', '[\"it@pneus-tournee.fr\"]'), \
         ('back_office_url', '\"https://crm.pneus-tournee.fr\"') \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![smtp.to_string()],
    )
    .unwrap();
    // The leads' rule has been on for 60 hours (installing it never mails the backlog:
    // the demo's older leads stay quiet); the opportunities' rule from the data's creation,
    // so the demo's open opportunities mail nothing here.
    db.execute(
        "UPDATE follow_up_rule SET active_since = ?1 WHERE code = 'lead_open'",
        [(Utc::now() - Duration::hours(60)).to_rfc3339()],
    )
    .unwrap();
    // Luc, the sales director, leads jdupont's team.
    db.execute_batch(
        "INSERT INTO app_user (windows_user, email, display_name, role) \
         VALUES ('luc', 'luc@pneus-tournee.fr', 'Luc Directeur', 'manager'); \
         INSERT INTO team (id, name) VALUES (90, 'Salon'); \
         INSERT INTO team_member (team_id, windows_user, leads) VALUES (90, 'jdupont', 0), (90, 'luc', 1);",
    )
    .unwrap();
    let rep_email: String = db
        .query_row(
            "SELECT email FROM app_user WHERE windows_user = 'jdupont'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(db);
    lead_created(&server, "jdupont", "Cuisines Lambert", 4);
    lead_created(&server, "jdupont", "Armoires Petit", 1);

    let sink_dir = tempfile::tempdir().unwrap();
    let sink = common::smtp::SmtpSink::start(port, sink_dir.path());
    let reminders = || -> Vec<Value> {
        sink.received()
            .into_iter()
            .filter(|m| {
                m["subject"]
                    .as_str()
                    .unwrap()
                    .starts_with("[Tournée] Relance")
            })
            .collect()
    };
    let wait_for_one = || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while reminders().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    };
    {
        let (_running, _base) = common::start_run(&server);
        wait_for_one();
    }
    let mails = reminders();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(
        mail["subject"],
        "[Tournée] Relance : la piste « Cuisines Lambert » n'est pas close après 3 jours"
    );
    assert!(mail["to"].as_str().unwrap().contains(&rep_email), "{mail}");
    assert!(
        mail["cc"]
            .as_str()
            .unwrap()
            .contains("luc@pneus-tournee.fr"),
        "{mail}"
    );
    let envelope_to: Vec<&str> = mail["rcpt_tos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        envelope_to,
        vec![rep_email.as_str(), "luc@pneus-tournee.fr"]
    );
    let body = mail["body"].as_str().unwrap();
    assert!(
        body.contains("toujours au statut « Piste » 3 jours après sa création"),
        "{body}"
    );
    assert!(body.contains("https://crm.pneus-tournee.fr/app/"), "{body}");

    // Restarted with one more lead past its delay: the automaton runs its rules again and
    // reminds that one only (the first is never sent twice).
    lead_created(&server, "jdupont", "Placards Roux", 5);
    {
        let (_running, _base) = common::start_run(&server);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while reminders().len() < 2 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    let subjects: Vec<String> = reminders()
        .iter()
        .map(|m| m["subject"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:#?}");
    assert!(subjects[1].contains("« Placards Roux »"), "{subjects:#?}");
    assert_eq!(server.count("SELECT count(*) FROM follow_up_sent"), 2);
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'follow_up_reminder' AND status = 'sent'"),
        2
    );
}
