//! `app_user.csv`: the users' ERP codes, mails and names, keyed by Windows login. Roles,
//! the admin flag and the active flag are the back office's; users the file does not list
//! are left as they are.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::{text, FileRows, Next, Out};
use crate::erp::RowRefusal;
use crate::error::Result;

/// Applies `app_user.csv` (thirty rows: every one is read and compared).
pub(super) fn apply(
    tx: &Transaction<'_>,
    file: &mut FileRows<'_, '_>,
    out: &mut Out<'_>,
) -> Result<()> {
    let login = file.index("windows_user").unwrap_or(0);
    let code = file.index("erp_code").unwrap_or(1);
    let email = file.index("email");
    let display = file.index("display_name");
    let mut owners: HashMap<String, String> = HashMap::new();
    // A user of the directory without ERP code (an accountant, an admin) has none to own;
    // the file may give them one. The sign-in columns are never read nor written here.
    let mut existing: HashMap<String, (Option<String>, String, String)> = HashMap::new();
    {
        let mut stmt =
            tx.prepare("SELECT windows_user, erp_code, email, display_name FROM app_user")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let user: String = row.get(0)?;
            let erp: Option<String> = row.get(1)?;
            if let Some(erp) = &erp {
                owners.insert(erp.clone(), user.clone());
            }
            existing.insert(user, (erp, row.get(2)?, row.get(3)?));
        }
    }
    let mut seen = HashMap::new();
    while let Some(row) = file.next_row() {
        let Next::Checked { line, values, .. } = row else {
            continue; // the users' rows are not remembered: always checked
        };
        let user = text(&values[login]).to_string();
        let erp = text(&values[code]).to_string();
        if !out.first_time(&mut seen, &user, line) {
            continue;
        }
        if let Some(holder) = owners.get(&erp).filter(|holder| **holder != user) {
            out.refuse(
                line,
                RowRefusal::ErpCodeTaken {
                    erp_code: erp,
                    windows_user: holder.clone(),
                },
            );
            continue;
        }
        let old = existing.get(&user).cloned();
        let new_email = email.map(|i| text(&values[i]).to_string());
        let new_display = display
            .map(|i| text(&values[i]).to_string())
            .filter(|d| !d.is_empty());
        match old {
            None => {
                tx.execute(
                    "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![user, erp, new_email.unwrap_or_default(), new_display.unwrap_or_else(|| user.clone())],
                )?;
                out.report.inserted += 1;
            }
            Some((old_erp, old_email, old_display)) => {
                let email_now = new_email.unwrap_or(old_email.clone());
                let display_now = new_display.unwrap_or(old_display.clone());
                if (old_erp.as_deref(), &old_email, &old_display)
                    == (Some(erp.as_str()), &email_now, &display_now)
                {
                    out.report.unchanged += 1;
                    continue;
                }
                tx.execute(
                    "UPDATE app_user SET erp_code = ?2, email = ?3, display_name = ?4 WHERE windows_user = ?1",
                    rusqlite::params![user, erp, email_now, display_now],
                )?;
                if let Some(old_erp) = &old_erp {
                    owners.remove(old_erp);
                }
                out.report.updated += 1;
            }
        }
        owners.insert(erp, user);
    }
    Ok(())
}
