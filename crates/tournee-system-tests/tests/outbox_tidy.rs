//! In folder mode the outbox is send-only: the server's archiving does not empty it. Once a
//! snapshot lists a change as integrated, the app removes its file from the outbox; a change
//! not yet integrated stays, whatever happens.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::Utc;
use tournee_core::Answer;
use tournee_field::dto::VisitInput;
use tournee_system_tests::bench::Bench;

#[test]
fn integrated_files_leave_the_outbox_and_waiting_ones_stay() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    let visit = |comment: &str| VisitInput {
        client_code: code.clone(),
        visit_date: chrono::Local::now().date_naive().to_string(),
        visit_time: Some("10:00".into()),
        comment: comment.into(),
        answers: answers.clone(),
    };
    let first = app.record_visit(&visit("Intégrée")).unwrap();
    // The sync tool copies (it does not move): the file stays in the outbox.
    let inbox = bench.dir.inbox().join(&bench.user);
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(
        bench.outbox.join(&first.file_name),
        inbox.join(&first.file_name),
    )
    .unwrap();
    let second = app.record_visit(&visit("Pas encore partie")).unwrap();
    assert_eq!(bench.integrate().integrated, 1);
    bench.publish_snapshot(Utc::now());
    app.refresh_snapshot().unwrap();
    assert!(
        !bench.outbox.join(&first.file_name).exists(),
        "integrated: removed"
    );
    assert!(
        bench.outbox.join(&second.file_name).exists(),
        "waiting: kept"
    );
    assert_eq!(app.status().unwrap().pending_changes, 1);
}
