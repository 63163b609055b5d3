//! What the rep does on the laptop in the sync tests, through the field app's own code.

use std::collections::BTreeMap;

use tournee_core::Answer;
use tournee_field::dto::VisitInput;
use tournee_field::FieldApp;

/// A visit on `day` to `code`, with the first option of every required question.
pub fn visit_on(app: &FieldApp, code: &str, day: chrono::NaiveDate, comment: &str) -> VisitInput {
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    VisitInput {
        client_code: code.into(),
        visit_date: day.to_string(),
        visit_time: Some("10:30".into()),
        comment: comment.into(),
        answers,
    }
}

/// The same, today.
pub fn visit_today(app: &FieldApp, code: &str, comment: &str) -> VisitInput {
    visit_on(app, code, chrono::Local::now().date_naive(), comment)
}

/// The generation the app uses after « actualiser ».
pub fn generation(app: &mut FieldApp) -> String {
    app.refresh_snapshot()
        .unwrap()
        .status
        .freshness
        .unwrap()
        .generation
}
