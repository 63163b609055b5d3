//! `tournee-server init`: the back-office admin account is created once, its password
//! shown once; a weak chosen password is refused with a clear message.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::run_binary;

#[test]
fn the_admin_password_is_shown_once_and_stored_hashed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let first = run_binary(&["init", "--data", data]);
    assert!(first.status.success());
    let stdout = String::from_utf8_lossy(&first.stdout);
    let password = stdout
        .split("password `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("no password shown:\n{stdout}"));
    assert_eq!(password.len(), 16);

    let again = run_binary(&["init", "--data", data]);
    assert!(again.status.success());
    assert!(
        !String::from_utf8_lossy(&again.stdout).contains("password"),
        "shown only once"
    );

    let db = rusqlite::Connection::open(tmp.path().join("data/tournee.sqlite")).unwrap();
    let (hash, must_change): (String, bool) = db
        .query_row(
            "SELECT password_hash, must_change_password FROM app_user WHERE windows_user = 'admin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(password));
    assert!(must_change);
}

#[test]
fn a_short_chosen_admin_password_is_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = run_binary(&[
        "init",
        "--data",
        data.to_str().unwrap(),
        "--admin-password",
        "court",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("au moins 12 caractères"), "{stderr}");
}
