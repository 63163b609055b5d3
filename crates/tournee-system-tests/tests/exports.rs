//! Only what the app exported is handed to the desktop's viewer: the stats PDF and the
//! calendar file in the app's `exports` folder, never another path the window could name
//! (outside the folder, through `..`, through a link, a folder).

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{Duration, Local};
use tournee_field::dto::{CalendarQuery, ErrorCode, StatsQuery};
use tournee_system_tests::bench::Bench;

#[test]
fn only_the_apps_own_exports_may_be_opened() {
    let bench = Bench::new();
    let app = bench.app();
    let pdf = app
        .print_stats(&StatsQuery {
            rep: None,
            period: "12m".into(),
        })
        .unwrap();
    let today = Local::now().date_naive();
    let ics = app
        .export_calendar(&CalendarQuery {
            rep: None,
            from: (today - Duration::days(30)).to_string(),
            to: today.to_string(),
        })
        .unwrap();
    for file in [&pdf.path, &ics.path] {
        let checked = app.exported_file(file).unwrap();
        assert_eq!(checked, std::path::Path::new(file).canonicalize().unwrap());
    }

    let exports = bench.home.join("exports");
    let outside = bench.home.join("local.sqlite");
    std::fs::create_dir_all(exports.join("sub")).unwrap();
    std::os::unix::fs::symlink(&outside, exports.join("lien.pdf")).unwrap();
    for refused in [
        outside.display().to_string(),
        "/etc/passwd".to_string(),
        exports.join("../local.sqlite").display().to_string(),
        exports.join("lien.pdf").display().to_string(),
        exports.join("sub").display().to_string(),
        exports.join("absent.pdf").display().to_string(),
        String::new(),
    ] {
        let error = app.exported_file(&refused).unwrap_err();
        assert_eq!(error.code(), ErrorCode::NotAnExport, "{refused}");
    }
}
