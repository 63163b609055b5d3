//! Records visits as fast as it can on an already set-up home, printing each change id
//! once its file is published and its mark recorded. Used by the `killed_while_writing`
//! test, which SIGKILLs it at random moments. `record_loop HOME`.

use std::collections::BTreeMap;
use std::io::Write as _;

use tournee_core::Answer;
use tournee_field::dto::VisitInput;
use tournee_field::FieldApp;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let home = std::env::args().nth(1).ok_or("usage: record_loop HOME")?;
    let mut app = FieldApp::open(std::path::Path::new(&home))?;
    let code = app.home_last_visit()?[0].c_client.clone();
    let form = app.form_config()?;
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    let today = chrono::Local::now().date_naive().to_string();
    let mut out = std::io::stdout();
    for n in 0u64.. {
        let written = app.record_visit(&VisitInput {
            client_code: code.clone(),
            visit_date: today.clone(),
            visit_time: Some("09:00".into()),
            comment: format!("Écriture interrompue n° {n}"),
            answers: answers.clone(),
        })?;
        writeln!(out, "{}", written.change_id)?;
    }
    Ok(())
}
