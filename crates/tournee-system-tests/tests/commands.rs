//! Every command of the field app against a real snapshot of the small demo data, and
//! the change files it writes read back by the server's parser and integrated by the
//! server's own pass.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{Days, Duration, Utc};
use tournee_core::{Answer, Lang};
use tournee_field::dto::*;
use tournee_field::FieldApp;
use tournee_sync::ChangeBody;
use tournee_system_tests::bench::{local_now_plus, parse, Bench, REP};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn own_client(app: &FieldApp) -> String {
    app.home_last_visit().unwrap()[0].c_client.clone()
}

fn visit(code: &str, date: chrono::NaiveDate, comment: &str) -> VisitInput {
    VisitInput {
        client_code: code.into(),
        visit_date: date.to_string(),
        visit_time: Some("10:30".into()),
        comment: comment.into(),
        answers: BTreeMap::new(),
    }
}

#[test]
fn first_run_checks_the_folders_and_the_identity() {
    let bench = Bench::new();
    let mut app = FieldApp::open(&bench.home).unwrap();
    let status = app.status().unwrap();
    assert!(!status.configured);
    assert!(status.user.is_none());

    let preview = app
        .setup_preview(
            &bench.snapshot_dir().display().to_string(),
            &bench.outbox.display().to_string(),
        )
        .unwrap();
    assert_eq!(preview.manifest_user, REP);
    assert_eq!(preview.users.len(), 6);
    assert_eq!(preview.suggested_user.as_deref(), Some(REP));

    let missing = app
        .setup_preview("/nonexistent/folder", &bench.outbox.display().to_string())
        .unwrap_err()
        .to_command_error();
    assert_eq!(missing.field.as_deref(), Some("snapshot_dir"));
    assert_eq!(missing.code, ErrorCode::FolderMissing, "{missing:?}");
    assert_eq!(missing.values["path"], "/nonexistent/folder");

    let colleague = preview
        .users
        .iter()
        .find(|u| u.windows_user != REP)
        .unwrap();
    let wrong = app
        .setup_save(&SetupInput {
            user: colleague.windows_user.clone(),
            ..bench.setup_input()
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(wrong.field.as_deref(), Some("user"));
    assert_eq!(wrong.code, ErrorCode::UserOtherRepsFolder, "{wrong:?}");
    assert_eq!(wrong.values["owner"], REP);
    assert_eq!(wrong.values["user"], colleague.windows_user);
    assert!(
        !app.status().unwrap().configured,
        "a refused set-up saves nothing"
    );

    let status = app.setup_save(&bench.setup_input()).unwrap();
    assert!(status.configured);
    assert_eq!(status.user.unwrap().display_name, "Jean Dupont");
    let freshness = status.freshness.unwrap();
    assert!(!freshness.stale);
    assert!(!freshness.newer_available);

    // Remembered: a restart opens straight on the home screen.
    drop(app);
    let reopened = FieldApp::open(&bench.home).unwrap();
    assert!(reopened.status().unwrap().configured);
}

#[test]
fn search_understands_wildcards_accents_and_codes() {
    let bench = Bench::new();
    let app = bench.app();
    let sample = app.home_last_visit().unwrap()[0].clone();
    let name = sample.nom_client.clone();

    let by_code = app.search_clients(&sample.c_client).unwrap();
    assert_eq!(by_code.hits[0].c_client, sample.c_client);

    let first_word = name.split_whitespace().next().unwrap().to_lowercase();
    let prefix = app.search_clients(&format!("{first_word}*")).unwrap();
    assert!(!prefix.hits.is_empty());
    assert!(
        prefix
            .hits
            .iter()
            .all(|h| tournee_field::fold(&h.nom_client)
                .starts_with(&tournee_field::fold(&first_word)))
    );

    let one_char: String = name.chars().take(2).collect::<String>()
        + "?"
        + &name.chars().skip(3).take(3).collect::<String>()
        + "*";
    let single = app.search_clients(&one_char).unwrap();
    assert!(
        single.hits.iter().any(|h| h.nom_client == name),
        "{one_char} finds {name}"
    );

    let upper = app.search_clients(&name.to_uppercase()).unwrap();
    assert!(upper.hits.iter().any(|h| h.c_client == sample.c_client));

    let everything = app.search_clients("*e*").unwrap();
    assert_eq!(everything.hits.len(), tournee_field::MAX_HITS);
    assert!(everything.truncated);
    assert!(everything.hits[0].in_portfolio, "own portfolio first");

    assert!(app.search_clients("").unwrap().hits.is_empty());
    assert!(app.search_clients("zzzzqqqq").unwrap().hits.is_empty());
}

#[test]
fn home_lists_sort_by_revisit_date_and_by_oldest_visit() {
    let bench = Bench::new();
    let app = bench.app();
    let revisit = app.home_revisit().unwrap();
    assert!(!revisit.is_empty());
    assert!(revisit
        .windows(2)
        .all(|w| w[0].date_revoir <= w[1].date_revoir));
    assert!(revisit.iter().all(|r| r.revisit_in_days.is_some()));

    let last = app.home_last_visit().unwrap();
    assert!(last.windows(2).all(|w| w[0].last_visit <= w[1].last_visit));
    let seen = last.iter().find(|r| r.last_visit.is_some()).unwrap();
    assert!(seen.days_since_visit.unwrap() >= 0);
}

#[test]
fn the_card_shows_profile_contacts_sales_and_recent_visits() {
    let bench = Bench::new();
    let app = bench.app();
    let code = own_client(&app);
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.c_client, code);
    assert!(card.in_portfolio);
    assert!(card
        .base
        .iter()
        .any(|l| l.field == "nom_client" && l.label == "nom"));
    assert!(!card.address.is_empty());
    assert!(card.recent_visits.len() <= 5);
    assert!(card.recent_visits.iter().all(|v| v.origine != "LIT"));
    assert!(card
        .recent_visits
        .windows(2)
        .all(|w| w[0].date >= w[1].date));
    assert!(app.client_card("NOPE").is_err());
}

#[test]
fn history_hides_litigation_rows_unless_asked() {
    let bench = Bench::new();
    let app = bench.app();
    let conn = rusqlite::Connection::open(bench.dir.database()).unwrap();
    let erp: String = conn
        .query_row(
            "SELECT erp_code FROM app_user WHERE windows_user = ?1",
            [REP],
            |r| r.get(0),
        )
        .unwrap();
    let code: String = conn
        .query_row(
            "SELECT r.c_entite FROM client_relation r JOIN client c ON c.c_client = r.c_entite \
             WHERE r.origine_relation = 'LIT' AND r.c_archive = 'N' AND c.c_rep = ?1 LIMIT 1",
            [&erp],
            |r| r.get(0),
        )
        .unwrap();
    let without = app.visit_history(&code, false).unwrap();
    let with = app.visit_history(&code, true).unwrap();
    assert!(without.iter().all(|v| v.origine != "LIT"));
    assert!(with.iter().any(|v| v.origine == "LIT"));
    assert!(with.len() > without.len());
}

#[test]
fn a_visit_becomes_a_vc_file_the_server_integrates_and_its_mark_clears() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let form = app.form_config().unwrap();
    let group = &form.visit_form.groups[0];
    let mut input = visit(&code, today(), "Pneus hiver commandés");
    input
        .answers
        .insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    // Answer every other required top-level group with its first option.
    for g in form.visit_form.groups.iter().skip(1).filter(|g| g.required) {
        input
            .answers
            .insert(g.id.clone(), Answer::One(g.options[0].id.clone()));
    }
    let written = app.record_visit(&input).unwrap();

    let files = bench.outbox_files();
    assert_eq!(files.len(), 1);
    let envelope = parse(&files[0]);
    assert_eq!(envelope.change_id, written.change_id);
    assert_eq!(envelope.user, REP);
    let ChangeBody::VC(vc) = &envelope.body else {
        panic!("expected a VC, got {:?}", envelope.body)
    };
    assert_eq!(vc.client_code, code);
    assert_eq!(vc.visit.comment, "Pneus hiver commandés");

    let history = app.visit_history(&code, false).unwrap();
    assert!(history[0].pending && history[0].key == written.change_id);
    assert_eq!(app.status().unwrap().pending_changes, 1);
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.last_visit, Some(today().to_string()));
    assert_eq!(card.pending.len(), 1);

    // The marks survive a restart.
    drop(app);
    let mut app = bench.app();
    assert_eq!(app.status().unwrap().pending_changes, 1);

    assert_eq!(bench.sync_up(), 1);
    let summary = bench.integrate();
    assert_eq!((summary.integrated, summary.failed), (1, 0));
    bench.publish_snapshot(Utc::now());

    assert!(app.status().unwrap().freshness.unwrap().newer_available);
    let refreshed = app.refresh_snapshot().unwrap();
    assert!(refreshed.switched);
    let status = refreshed.status;
    assert!(!status.freshness.unwrap().newer_available);
    assert_eq!(status.pending_changes, 0);
    let history = app.visit_history(&code, false).unwrap();
    let integrated = history
        .iter()
        .find(|v| v.commentaire.starts_with("Pneus hiver commandés"))
        .unwrap();
    assert!(!integrated.pending);
    assert_eq!(
        integrated.objet,
        format!("Visite du {}", today().format("%d/%m/%Y"))
    );
    assert!(
        !integrated.answers.is_empty(),
        "answers are shown, labelled"
    );
    assert!(
        history.iter().all(|v| v.key != written.change_id),
        "shown once, not twice"
    );
}

#[test]
fn visit_dates_in_the_future_or_too_old_are_refused_in_french() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let bound = app.form_config().unwrap().visit_backdate_days;
    let answers_ok = |app: &FieldApp| {
        let form = app.form_config().unwrap();
        form.visit_form
            .groups
            .iter()
            .filter(|g| g.required)
            .map(|g| (g.id.clone(), Answer::One(g.options[0].id.clone())))
            .collect::<BTreeMap<_, _>>()
    };
    let mut future = visit(&code, today() + Days::new(1), "");
    future.answers = answers_ok(&app);
    let error = app.record_visit(&future).unwrap_err().to_command_error();
    assert_eq!(error.field.as_deref(), Some("visit_date"));
    assert_eq!(error.code, ErrorCode::FutureDate, "{error:?}");

    let mut old = visit(&code, today() - Days::new(u64::from(bound) + 1), "");
    old.answers = answers_ok(&app);
    let error = app.record_visit(&old).unwrap_err().to_command_error();
    assert_eq!(error.field.as_deref(), Some("visit_date"));

    let mut bad_time = visit(&code, today(), "");
    bad_time.visit_time = Some("25:99".into());
    bad_time.answers = answers_ok(&app);
    let error = app.record_visit(&bad_time).unwrap_err().to_command_error();
    assert_eq!(error.field.as_deref(), Some("visit_time"));

    let mut at_bound = visit(&code, today() - Days::new(u64::from(bound)), "");
    at_bound.answers = answers_ok(&app);
    app.record_visit(&at_bound).unwrap();

    let unknown = app.record_visit(&visit("NOPE", today(), "")).unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::UnknownClient);
    assert_eq!(
        bench.outbox_files().len(),
        1,
        "refused visits write nothing"
    );
}

#[test]
fn a_required_form_question_left_unanswered_is_refused() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let form = app.form_config().unwrap();
    if !form.visit_form.groups.iter().any(|g| g.required) {
        panic!("the default form has required questions");
    }
    let error = app
        .record_visit(&visit(&code, today(), "sans réponses"))
        .unwrap_err()
        .to_command_error();
    assert!(error.field.is_some());
    assert!(bench.outbox_files().is_empty());
}

#[test]
fn revisit_dates_show_pending_on_home_and_card() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let date = today() + Days::new(14);
    app.set_revisit(&RevisitInput {
        client_code: code.clone(),
        date: Some(date.to_string()),
    })
    .unwrap();
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.date_revoir, Some(date.to_string()));
    assert!(card.revisit_pending);
    let row = app
        .home_revisit()
        .unwrap()
        .into_iter()
        .find(|r| r.c_client == code)
        .unwrap();
    assert!(row.revisit_pending);
    assert_eq!(row.revisit_in_days, Some(14));

    let past = app
        .set_revisit(&RevisitInput {
            client_code: code.clone(),
            date: Some((today() - Days::new(1)).to_string()),
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(past.field.as_deref(), Some("date_revoir"));

    let envelope = parse(&bench.outbox_files()[0]);
    let ChangeBody::MC(mc) = envelope.body else {
        panic!("expected MC")
    };
    assert_eq!(mc.revisit.unwrap().date, Some(date));

    bench.sync_up();
    assert_eq!(bench.integrate().integrated, 1);
    bench.publish_snapshot(Utc::now());
    app.refresh_snapshot().unwrap();
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.date_revoir, Some(date.to_string()));
    assert!(
        !card.revisit_pending,
        "integrated: the snapshot now carries it"
    );
}

#[test]
fn fleet_types_are_checked_and_counts_written() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let bad = app
        .set_fleet(&FleetInput {
            client_code: code.clone(),
            counts: BTreeMap::from([("FUSEE".to_string(), 2)]),
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(bad.field.as_deref(), Some("fleet"));
    app.set_fleet(&FleetInput {
        client_code: code.clone(),
        counts: BTreeMap::from([("VL".to_string(), 4), ("PL_PLP".to_string(), 12)]),
    })
    .unwrap();
    let card = app.client_card(&code).unwrap();
    assert!(card.fleet_pending);
    assert_eq!(
        card.fleet
            .iter()
            .map(|l| (l.code.as_str(), l.count))
            .collect::<Vec<_>>(),
        vec![("PL_PLP", 12), ("VL", 4)]
    );
    assert_eq!(card.fleet[0].label, "PL & PLP");
}

/// « Date de revoir » and « Type de parc » belong to the client's portfolio owner: a rep
/// covering for a colleague would overwrite the owner's date and could not even see it.
#[test]
fn revisit_date_and_fleet_are_refused_outside_the_portfolio() {
    let bench = Bench::new();
    let mut app = bench.app();
    let elsewhere: String = {
        let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
        let conn =
            rusqlite::Connection::open(bench.snapshot_dir().join(manifest.database)).unwrap();
        conn.query_row(
            "SELECT c_client FROM client WHERE in_portfolio = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(!app.client_card(&elsewhere).unwrap().in_portfolio);
    let revisit = app
        .set_revisit(&RevisitInput {
            client_code: elsewhere.clone(),
            date: Some(today().checked_add_days(Days::new(7)).unwrap().to_string()),
        })
        .unwrap_err();
    let fleet = app
        .set_fleet(&FleetInput {
            client_code: elsewhere.clone(),
            counts: BTreeMap::from([("VL".to_string(), 3)]),
        })
        .unwrap_err();
    for error in [revisit, fleet] {
        let shown = error.to_command_error();
        assert_eq!(shown.code, ErrorCode::NotPortfolioClient, "{shown:?}");
        assert_eq!(shown.values["client"], elsewhere);
    }
    assert!(bench.outbox_files().is_empty(), "nothing written");
    assert_eq!(app.status().unwrap().pending_changes, 0);

    // A modification request stays open to a covering rep; the owner sets the date.
    app.request_modification(&ModificationInput {
        client_code: elsewhere,
        changes: vec![RequestedChange {
            field: "adr2_fac".into(),
            new: "Bâtiment C".into(),
        }],
    })
    .unwrap();
    let own = own_client(&app);
    app.set_revisit(&RevisitInput {
        client_code: own,
        date: Some(today().to_string()),
    })
    .unwrap();
}

#[test]
fn a_modification_request_carries_old_and_new_values() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    let card = app.client_card(&code).unwrap();
    let old_phone = card
        .base
        .iter()
        .find(|l| l.field == "tel_1")
        .unwrap()
        .value
        .clone();

    let same = app
        .request_modification(&ModificationInput {
            client_code: code.clone(),
            changes: vec![RequestedChange {
                field: "tel_1".into(),
                new: old_phone.clone(),
            }],
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(same.field.as_deref(), Some("tel_1"));

    let invalid = app
        .request_modification(&ModificationInput {
            client_code: code.clone(),
            changes: vec![
                RequestedChange {
                    field: "contact_divers_2".into(),
                    new: "12345678901234".into(),
                },
                RequestedChange {
                    field: "nom_client".into(),
                    new: String::new(),
                },
            ],
        })
        .unwrap_err()
        .to_command_error();
    let fields: Vec<_> = invalid.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["contact_divers_2", "nom_client"]);

    app.request_modification(&ModificationInput {
        client_code: code.clone(),
        changes: vec![RequestedChange {
            field: "tel_1".into(),
            new: "04 78 00 00 01".into(),
        }],
    })
    .unwrap();
    let envelope = parse(&bench.outbox_files()[0]);
    let ChangeBody::MC(mc) = envelope.body else {
        panic!("expected MC")
    };
    assert_eq!(mc.changes[0].old, old_phone);
    assert_eq!(mc.changes[0].new, "04 78 00 00 01");
    bench.sync_up();
    assert_eq!(bench.integrate().integrated, 1);
}

#[test]
fn drafts_survive_a_restart_and_go_once_validated() {
    let bench = Bench::new();
    let app = bench.app();
    app.draft_save("visit:C1", r#"{"comment":"à moitié tapé"}"#)
        .unwrap();
    drop(app);
    let app = bench.app();
    assert_eq!(
        app.draft_load("visit:C1").unwrap().as_deref(),
        Some(r#"{"comment":"à moitié tapé"}"#)
    );
    app.draft_discard("visit:C1").unwrap();
    assert_eq!(app.draft_load("visit:C1").unwrap(), None);
}

#[test]
fn an_old_snapshot_is_stale_and_a_laptop_clock_ahead_counts() {
    let bench = Bench::new();
    bench.publish_snapshot(Utc::now() - Duration::hours(200));
    let mut app = bench.app();
    let freshness = app.status().unwrap().freshness.unwrap();
    assert!(freshness.stale, "{freshness:?}");
    assert!((200..=201).contains(&freshness.age_hours), "{freshness:?}");

    // « actualiser » with nothing newer: it says so, and the bar stays red for a reason.
    let nothing = app.refresh_snapshot().unwrap();
    assert!(!nothing.switched);
    let still = nothing.status.freshness.unwrap();
    assert!(still.stale && still.generation == freshness.generation);

    bench.publish_snapshot(Utc::now());
    assert!(app.status().unwrap().freshness.unwrap().newer_available);
    let refreshed = app.refresh_snapshot().unwrap();
    assert!(refreshed.switched);
    let fresh = refreshed.status.freshness.unwrap();
    assert!(!fresh.stale && fresh.age_hours == 0, "{fresh:?}");

    let hours = fresh.expiry_hours;
    app.set_clock(Box::new(move || local_now_plus(i64::from(hours) + 1)));
    assert!(app.status().unwrap().freshness.unwrap().stale);
}

#[test]
fn a_damaged_new_snapshot_is_refused_and_the_old_one_kept() {
    let bench = Bench::new();
    let mut app = bench.app();
    let before = app.status().unwrap().freshness.unwrap().generation;
    bench.publish_snapshot(Utc::now());
    let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    let db = bench.snapshot_dir().join(&manifest.database);
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&db, bytes).unwrap();

    let error = app.refresh_snapshot().unwrap_err();
    assert_eq!(error.code(), ErrorCode::SnapshotMismatch);
    let status = app.status().unwrap();
    assert_eq!(status.freshness.unwrap().generation, before);
    assert!(
        !app.home_revisit().unwrap().is_empty(),
        "still working on the old copy"
    );
}

#[test]
fn a_snapshot_of_a_newer_schema_is_not_switched_to_and_says_the_app_needs_updating() {
    let bench = Bench::new();
    let mut app = bench.app();
    let before = app.status().unwrap().freshness.unwrap().generation;
    bench.publish_snapshot(Utc::now());
    // A server upgraded before this laptop announces a schema the app does not know.
    let mut manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    manifest.schema_version = tournee_sync::SNAPSHOT_SCHEMA_VERSION + 1;
    tournee_sync::write_manifest(&bench.snapshot_dir(), &manifest).unwrap();

    let error = app.refresh_snapshot().unwrap_err();
    assert_eq!(error.code(), ErrorCode::SnapshotTooNew);
    let shown = error.to_command_error();
    assert_eq!(
        shown.values["found"],
        (tournee_sync::SNAPSHOT_SCHEMA_VERSION + 1).to_string()
    );
    let status = app.status().unwrap();
    assert_eq!(status.freshness.unwrap().generation, before);
    assert!(
        !app.home_revisit().unwrap().is_empty(),
        "still working on the data it has"
    );
    // Restarting does not switch either: the copy it knows is opened again.
    drop(app);
    let app = bench.app();
    assert_eq!(app.status().unwrap().freshness.unwrap().generation, before);
}

#[test]
fn english_labels_when_the_rep_switches_language() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = own_client(&app);
    app.set_lang(Lang::En).unwrap();
    let card = app.client_card(&code).unwrap();
    assert!(card
        .base
        .iter()
        .any(|l| l.field == "nom_client" && l.label == "name"));
    let error = app
        .set_revisit(&RevisitInput {
            client_code: code,
            date: Some("not a date".into()),
        })
        .unwrap_err()
        .to_command_error();
    assert_eq!(error.field.as_deref(), Some("date_revoir"));
    // The window words it in English, naming the field by the label the error carries
    // when it is data, else by its name (`date_revoir` is neither in annex 2 nor a pseudo
    // field the window words itself).
    assert_eq!(error.code, ErrorCode::InvalidDate, "{error:?}");
    assert_eq!(
        error.problems[0].values.get("field").map(String::as_str),
        Some("date_revoir"),
        "{error:?}"
    );
    drop(app);
    assert_eq!(bench.app().lang(), Lang::En);
}

/// A sync tool may carry the new manifest before its database: the app offers the new
/// snapshot only once the database is there whole, and « actualiser » meanwhile keeps
/// the one in use instead of failing.
#[test]
fn a_manifest_that_arrived_before_its_database_is_not_offered_yet() {
    let bench = Bench::new();
    let mut app = bench.app();
    let before = app.status().unwrap().freshness.unwrap().generation;
    bench.publish_snapshot(Utc::now());
    let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    let database = bench.snapshot_dir().join(&manifest.database);
    let held_back = database.with_extension("in-transit");
    std::fs::rename(&database, &held_back).unwrap();
    assert!(!app.status().unwrap().freshness.unwrap().newer_available);
    let refreshed = app.refresh_snapshot().unwrap();
    assert!(!refreshed.switched, "nothing newer was switched to");
    assert_eq!(refreshed.status.freshness.unwrap().generation, before);
    // Half of it, as a tool that writes in place would leave it: still not offered.
    let bytes = std::fs::read(&held_back).unwrap();
    std::fs::write(&database, &bytes[..bytes.len() / 2]).unwrap();
    assert!(!app.status().unwrap().freshness.unwrap().newer_available);
    std::fs::rename(&held_back, &database).unwrap();
    assert!(app.status().unwrap().freshness.unwrap().newer_available);
    let refreshed = app.refresh_snapshot().unwrap();
    assert!(refreshed.switched);
    assert_eq!(
        refreshed.status.freshness.unwrap().generation,
        manifest.generation
    );
}
