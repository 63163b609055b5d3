//! `tournee-bench contacts-csv`: the contacts' CSV import and export at issue 13's scale
//! (« export of 100,000 parties under 3 s; import of 100,000 lines, duplicate check
//! included, under 10 s »), each beside a reference measured in the same run: the bare
//! read of the same file by `tournee_csv`, and a bare SELECT of the same party rows.
//!
//! The import is the back office's: the dry run shown is kept and carried out
//! (`import_dry_run`), checked against the master's fingerprint rather than computed again.
//!
//! Each run starts from a fresh master (the import writes), generated deterministically:
//! `lines` lines, one in 1,000 with a bad e-mail, one in 500 repeating the previous line's
//! phone (a duplicate), one in 10 with a person; then one action per imported party, so
//! that the export computes each status and last action.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use chrono::Utc;
use rusqlite::Connection;
use tournee_core::{Lang, Principal, Role};
use tournee_sentences::Label;
use tournee_store::{
    dry_run, export_contacts, import_dry_run, open_master, store_upload, ColumnMapping,
    ImportChoice,
};

/// One run's timings, in seconds, and its counts.
struct Run {
    read: f64,
    upload: f64,
    dry_run: f64,
    import: f64,
    export: f64,
    select: f64,
    imported: usize,
    invalid: usize,
    duplicates: usize,
    exported: usize,
    bytes: usize,
}

/// The import file: French headers, `lines` lines with their faults and repeats.
fn file(lines: usize) -> Vec<u8> {
    let mut out = String::with_capacity(lines * 150);
    out.push_str("\u{feff}Raison sociale;SIRET;Téléphone;E-mail;Adresse;Code postal;Ville;Nom contact;Fonction\r\n");
    for i in 1..=lines {
        let phone_of = |n: usize| {
            format!(
                "04 7{} {:02} {:02} {:02}",
                n % 10,
                (n / 10000) % 100,
                (n / 100) % 100,
                n % 100
            )
        };
        let phone = if i % 500 == 0 {
            phone_of(i - 1)
        } else {
            phone_of(i)
        };
        let email = if i % 1000 == 1 {
            format!("pas-un-mail-{i}")
        } else {
            format!("contact{i}@entreprise-{}.fr", i % 997)
        };
        let (person, position) = if i % 10 == 0 {
            (format!("Employé·e {i}"), "Achats")
        } else {
            (String::new(), "")
        };
        out.push_str(&format!(
            "Équipements Bénard n°{i};;{phone};{email};{} rue de l'Église;{:05};Saint-Étienne;{person};{position}\r\n",
            i % 200 + 1,
            1000 + (i * 7) % 94000,
        ));
    }
    out.into_bytes()
}

fn master(path: &Path) -> anyhow::Result<Connection> {
    if path.exists() {
        std::fs::remove_file(path)?;
    }
    let conn = open_master(path)?;
    conn.execute(
        "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
         VALUES ('jdupont', 'JD01', 'jdupont@example.fr', 'Jean Dupont', 0)",
        [],
    )?;
    Ok(conn)
}

fn one_run(work: &Path, bytes: &[u8]) -> anyhow::Result<Run> {
    let started = Instant::now();
    let table = tournee_csv::read_csv(bytes)?;
    let read = started.elapsed().as_secs_f64();
    anyhow::ensure!(!table.rows.is_empty(), "no line generated");

    let mut conn = master(&work.join("contacts-bench.sqlite"))?;
    let started = Instant::now();
    let upload = store_upload(&conn, "admin", "bench.csv", bytes, Utc::now())?;
    let upload_seconds = started.elapsed().as_secs_f64();
    let mapping = ColumnMapping::guess(&upload.table.headers);
    let started = Instant::now();
    let checked = dry_run(&conn, &upload, &mapping, "jdupont")?;
    let dry_run_seconds = started.elapsed().as_secs_f64();
    let choice = ImportChoice {
        mapping: &mapping,
        owner: "jdupont",
        by: "admin",
    };
    let (invalid, duplicates) = (checked.invalid, checked.duplicates);
    // The back office keeps the dry run it showed and hands it to the import
    // (`import_dry_run`), which carries it out without computing it again when the master
    // did not change meanwhile.
    let started = Instant::now();
    let done = import_dry_run(&mut conn, &upload, &choice, checked, Utc::now())?;
    let import = started.elapsed().as_secs_f64();

    // One action per party, for the export's statuses and last actions.
    conn.execute(
        "INSERT INTO action (id, party_id, action_type, date, comment, outcome, created_by, created_at, change_id) \
         SELECT 'A' || substr(id, 2), id, 'appel', '2026-11-' || printf('%02d', 1 + abs(random()) % 28), \
                'Rappeler « jeudi »', CASE abs(random()) % 3 WHEN 0 THEN 'positive' WHEN 1 THEN 'no_answer' ELSE NULL END, \
                'jdupont', '2026-12-01T00:00:00.000Z', id FROM party",
        [],
    )?;
    let admin = Principal::new("admin", Role::Admin);
    let started = Instant::now();
    let export = export_contacts(&conn, &admin, |s| s.label(Lang::Fr))?;
    let export_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut statement = conn.prepare(
        "SELECT id, kind, name, first_name, siret, vat, phone, mobile, email, address1, \
         address2, postal_code, city, country, notes, coalesce(owner, created_by) FROM party \
         ORDER BY name COLLATE NOCASE, first_name, id",
    )?;
    let mut rows = statement.query([])?;
    let mut selected = 0usize;
    while let Some(row) = rows.next()? {
        let name: String = row.get(2)?;
        selected += name.len().min(1);
    }
    let select = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        selected == export.parties,
        "{selected} rows, {} exported",
        export.parties
    );
    Ok(Run {
        read,
        upload: upload_seconds,
        dry_run: dry_run_seconds,
        import,
        export: export_seconds,
        select,
        imported: done.parties,
        invalid,
        duplicates,
        exported: export.parties,
        bytes: export.bytes.len(),
    })
}

/// Runs the bench `runs` times in `work` and prints the medians as Markdown.
pub fn contacts_csv(lines: usize, runs: usize, work: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(work).with_context(|| format!("creating {}", work.display()))?;
    let bytes = file(lines);
    let mut all = Vec::new();
    for _ in 0..runs.max(1) {
        all.push(one_run(work, &bytes)?);
    }
    let med = |pick: fn(&Run) -> f64| super::median(all.iter().map(pick).collect());
    let last = all.last().context("at least one run")?;
    let n = all.len();
    println!(
        "{lines} lines ({:.1} MB): {} imported, {} with a fault, {} duplicates; export of {} parties ({:.1} MB)\n",
        bytes.len() as f64 / 1e6,
        last.imported,
        last.invalid,
        last.duplicates,
        last.exported,
        last.bytes as f64 / 1e6
    );
    println!("| measure | median, s | runs |");
    println!("|---|---|---|");
    let total = |r: &Run| r.upload + r.dry_run + r.import;
    println!(
        "| reference: bare read of the file (`tournee_csv::read_csv`) | {:.2} | {n} |",
        med(|r| r.read)
    );
    println!(
        "| upload: read and keep the file | {:.2} | {n} |",
        med(|r| r.upload)
    );
    println!("| dry run: every line checked, duplicate check against the master and the file | {:.2} | {n} |", med(|r| r.dry_run));
    println!(
        "| import: the kept dry run checked against the master, records written, run recorded | {:.2} | {n} |",
        med(|r| r.import)
    );
    println!(
        "| **import, all three steps** (target 10 s) | **{:.2}** | {n} |",
        med(total)
    );
    println!(
        "| reference: bare SELECT of the same party rows | {:.2} | {n} |",
        med(|r| r.select)
    );
    println!("| **export** of every party with people, status, last action (target 3 s) | **{:.2}** | {n} |", med(|r| r.export));
    Ok(())
}
