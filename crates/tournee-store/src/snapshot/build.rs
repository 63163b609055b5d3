//! Building snapshot databases from the master.

use std::fs;
use std::path::Path;

use chrono::{Datelike, Duration, Months, SecondsFormat};
use rusqlite::{named_params, params, Connection};
use tournee_core::{Access, Entity, Scope};
use tournee_sync::{read_manifest, sha256_file, FailedChange, SnapshotManifest};

use super::base::{
    build_shared, insert_catalogue, insert_clients, insert_config, insert_people_and_places,
    RunNeeds, SharedBase,
};
use super::changes::{plan_run, record_watermarks, Clients, Plan, RunPlan};
use super::publish::{
    clear_build_folder, database_file_name, fsync_and_rename, lock_build_root, prune_generations,
    publish_manifest, remove_published_leftovers,
};
use super::records::{copy_records, RecordReach};
use super::team::AdminFiles;
use super::user_config::insert_user_config;
use super::visits::{copy_others_visits, others_since, VisitReach};
use super::worker::{in_transaction, open_copier};
use super::{user_dir, SnapshotReport, SnapshotRequest};
use crate::access::{policy_in_force, principal_of};
use crate::error::{Result, StoreError};
use crate::master::users::{directory_users, User};
use crate::master::{open_master, open_master_read_only};

/// Version of the snapshot schema (sync-spec/snapshot/schema.sql), written in every manifest.
/// 2: `client_relation.relation_kind` tells modification-request rows from visits, and
/// `modification_request` carries the rep's own requests with the accountant's decision.
/// The record tables and the `accepted_specs` row came within 2: additive, so apps of
/// schema 2 keep switching to new snapshots (sync-spec §7).
pub const SNAPSHOT_SCHEMA_VERSION: u32 = tournee_sync::SNAPSHOT_SCHEMA_VERSION;

const INDEXES: &str = tournee_sync::SNAPSHOT_INDEXES_SQL;

/// Days of integrated / failed change ids listed in a manifest (and of closed modification
/// requests carried in the snapshot).
const MANIFEST_WINDOW_DAYS: i64 = 90;

/// Columns of `client_detail` copied from the master for the rep's portfolio.
const DETAIL_COLUMNS: &str = "c_client, c_sfam_client, c_titre, contact_divers_1, contact_divers_2, \
    contact_divers_3, c_per, c_regpmt_bl, c_regpmt_fac, c_releve, c_autoris_bl, c_frais_fixe, \
    c_ref_oblig, c_mod_rgl_1, nb_jour_1, jour_1, c_type_fact, c_attention, c_ape, date_creation_ste, \
    bic, iban, codepays, codemonnaie, type_edition_fac, date_revoir";

/// Most threads that copy users' rows at once: each reads the master on its own
/// connection; beyond the machine's cores they would only wait for one another.
const MAX_COPIERS: usize = 4;

pub(crate) fn generate_all(request: &SnapshotRequest) -> Result<Vec<SnapshotReport>> {
    // One generator at a time per build folder: the clean-up below may then remove
    // whatever it finds there, since no other run is using it.
    let _only_generator = lock_build_root(&request.build_root)?;
    let users = users_to_generate(request)?;
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let plan = plan_run(request, &users)?;
    let shared = build_shared(
        request,
        RunNeeds {
            base: plan.rebuilds(),
            changed_since: plan.changed_since(),
        },
    )?;
    let reports = generate_users(request, &users, &plan, &shared);
    shared.remove()?;
    let reports = reports?;
    let mut master = open_master(&request.master_path)?;
    let tx = master.transaction()?;
    record_generations(&tx, request, &reports)?;
    record_watermarks(&tx, request, &users, &reports, plan.upto)?;
    tx.commit()?;
    Ok(reports)
}

/// Every active user of the directory whose role reads something under the policy in
/// force, laptop or not: the ERP code decides a rep's portfolio, not whether one gets a
/// snapshot (an office account without a laptop reads its records in the browser).
fn users_to_generate(request: &SnapshotRequest) -> Result<Vec<User>> {
    let master = open_master_read_only(&request.master_path)?;
    let policy = policy_in_force(&master)?;
    let mut users = Vec::new();
    for user in directory_users(&master)?.into_iter().filter(|u| u.active) {
        if let Some(wanted) = &request.users {
            if !wanted.contains(&user.windows_user) {
                continue;
            }
        }
        let principal = principal_of(&master, &user)?;
        if Entity::ALL
            .iter()
            .any(|&entity| policy.scope(&principal, entity, Access::Read) != Scope::None)
        {
            users.push(user);
        }
    }
    Ok(users)
}

/// Generates every user's file; reports come back in the users' order. The reps' files
/// are written while the team tables are computed on a thread of their own, which then
/// writes the admins' files, which need them. The first failure is returned once every thread
/// has stopped; files already published stay valid.
fn generate_users(
    request: &SnapshotRequest,
    users: &[User],
    plan: &RunPlan,
    base: &SharedBase,
) -> Result<Vec<SnapshotReport>> {
    let (admins, reps): (Vec<usize>, Vec<usize>) =
        (0..users.len()).partition(|&index| users[index].is_admin);
    let work = Copying {
        request,
        users,
        plans: &plan.plans,
        reaches: &plan.reaches,
        visits: &plan.visits,
        base,
    };
    let mut reports = std::thread::scope(|scope| -> Result<Vec<(usize, SnapshotReport)>> {
        // The admins' files follow the team tables on their own thread, alongside the
        // reps' files rather than after the last of them.
        let admin_files = if admins
            .iter()
            .all(|&index| matches!(plan.plans[index], Plan::Patch { .. }))
        {
            AdminFiles::AllPatched
        } else {
            AdminFiles::SomeRebuilt
        };
        let (work, admins) = (&work, &admins);
        let admins_done = (!admins.is_empty()).then(|| {
            scope.spawn(move || {
                super::team::build_file(
                    request,
                    &base.team_path,
                    plan.upto,
                    admin_files,
                    &base.run_path,
                )?;
                work.copy(admins, Some(&base.team_path))
            })
        });
        let mut done = work.copy(&reps, None);
        if let Some(admins_done) = admins_done {
            let admins_done = admins_done
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            done = done.and_then(|mut done| {
                done.extend(admins_done?);
                Ok(done)
            });
        }
        done
    })?;
    reports.sort_by_key(|(index, _)| *index);
    Ok(reports.into_iter().map(|(_, report)| report).collect())
}

/// What the copying threads share.
struct Copying<'run> {
    request: &'run SnapshotRequest,
    users: &'run [User],
    plans: &'run [Plan],
    reaches: &'run [RecordReach],
    visits: &'run [VisitReach],
    base: &'run SharedBase,
}

impl Copying<'_> {
    /// The files of the users at `indexes`, spread over up to `MAX_COPIERS` threads (one
    /// per core), each with its own worker connection.
    fn copy(&self, indexes: &[usize], team: Option<&Path>) -> Result<Vec<(usize, SnapshotReport)>> {
        let copiers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_COPIERS)
            .min(indexes.len());
        let per_thread: Vec<Result<Vec<(usize, SnapshotReport)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..copiers)
                .map(|thread| {
                    scope.spawn(move || -> Result<Vec<(usize, SnapshotReport)>> {
                        let worker =
                            open_copier(&self.request.master_path, &self.base.run_path, team)?;
                        let mut done = Vec::new();
                        for &index in indexes.iter().skip(thread).step_by(copiers) {
                            let (user, plan) = (&self.users[index], &self.plans[index]);
                            let report = generate_one(
                                &worker,
                                self.request,
                                user,
                                (plan, &self.reaches[index], &self.visits[index]),
                                self.base,
                            )?;
                            done.push((index, report));
                        }
                        Ok(done)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut reports = Vec::with_capacity(indexes.len());
        for done in per_thread {
            reports.extend(done?);
        }
        Ok(reports)
    }
}

fn generate_one(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
    (plan, reach, visits): (&Plan, &RecordReach, &VisitReach),
    base: &SharedBase,
) -> Result<SnapshotReport> {
    let dir = user_dir(&request.snapshots_root, &user.windows_user);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    let build = user_dir(&request.build_root, &user.windows_user);
    clear_build_folder(&build)?;
    remove_published_leftovers(&dir)?;
    let previous = read_manifest(&dir).ok().map(|m| m.generation);
    let generation = ulid::Ulid::new().to_string();
    let file_name = database_file_name(&generation);
    let temp = build.join(&file_name);
    let target = dir.join(&file_name);

    let (source, clients) = match plan {
        // Invariant: `generate_all` builds the base whenever a plan is `Rebuild`.
        Plan::Rebuild => (
            base.path
                .as_deref()
                .expect("the base is built for rebuilt files"),
            Clients::All,
        ),
        Plan::Patch { previous, .. } => (previous.as_path(), Clients::Changed),
    };
    fs::copy(source, &temp).map_err(|e| StoreError::io(&temp, e))?;
    let copied = copy_user_rows(
        worker,
        request,
        user,
        (reach, visits),
        &temp,
        &generation,
        clients,
    )?;
    if clients == Clients::All {
        finish_snapshot(&temp)?;
    }
    fsync_and_rename(&temp, &target)?;

    let bytes = fs::metadata(&target)
        .map_err(|e| StoreError::io(&target, e))?
        .len();
    let manifest = SnapshotManifest {
        spec: tournee_sync::SPEC_VERSION,
        user: user.windows_user.clone(),
        generation: generation.clone(),
        generated_at: request.now,
        schema_version: SNAPSHOT_SCHEMA_VERSION,
        expiry_hours: request.params.snapshot_expiry_hours,
        database: file_name,
        database_sha256: sha256_file(&target).map_err(|e| StoreError::io(&target, e))?,
        database_bytes: bytes,
        integrated: copied.integrated,
        failed: copied.failed,
    };
    publish_manifest(&build, &dir, &manifest)?;
    let mut keep = vec![generation.as_str()];
    if let Some(previous) = &previous {
        keep.push(previous);
    }
    prune_generations(&dir, &keep)?;
    Ok(SnapshotReport {
        user: user.windows_user.clone(),
        generation,
        path: target,
        bytes,
        clients: base.clients,
        relations: copied.relations,
        prospects: copied.prospects,
        patched: clients == Clients::Changed,
    })
}

/// Indexes after the bulk copy and statistics for the planner, still without a journal
/// (the file is private until `fsync_and_rename`). Rows went in in key order into a
/// fresh copy, so the file has no free pages left to pack: no `VACUUM` (it rewrote the
/// whole file for under 1 % of its size).
fn finish_snapshot(path: &Path) -> Result<()> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.execute_batch(&format!("BEGIN; {INDEXES} ANALYZE; COMMIT;"))?;
    conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(())
}

struct Copied {
    relations: u64,
    prospects: u64,
    integrated: Vec<String>,
    failed: Vec<FailedChange>,
}

/// Adds what only `user` may see to the copy of the base (a rebuild), or brings a copy
/// of the user's previous file up to date (a patch), in one transaction: one consistent
/// view of the master for the rows and the manifest's lists.
fn copy_user_rows(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
    (reach, visits): (&RecordReach, &VisitReach),
    temp: &Path,
    generation: &str,
    clients: Clients,
) -> Result<Copied> {
    worker.execute("ATTACH DATABASE ?1 AS s", [temp.to_string_lossy()])?;
    worker.execute_batch("PRAGMA s.journal_mode = OFF; PRAGMA s.synchronous = OFF;")?;
    let result = in_transaction(worker, |w| {
        let mut copied = copy_rows(w, request, user, generation, clients)?;
        let since = others_since(request.now.date_naive());
        copy_others_visits(w, &user.erp_code, visits, clients, &since)?;
        copied.relations =
            w.query_row("SELECT count(*) FROM s.client_relation", [], |r| r.get(0))?;
        copy_records(w, reach)?;
        let window_start = (request.now - Duration::days(MANIFEST_WINDOW_DAYS))
            .to_rfc3339_opts(SecondsFormat::Millis, true);
        insert_user_config(w, reach, &window_start)?;
        Ok(copied)
    });
    worker.execute_batch("DETACH DATABASE s")?;
    result
}

/// The user's rows. Tables keyed by client get, in a patch, the changed clients' rows
/// deleted and copied again with the same statements restricted to those clients; the
/// small per-user tables are emptied and copied whole (empty already in a rebuild).
fn copy_rows(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
    generation: &str,
    clients: Clients,
) -> Result<Copied> {
    let now_text = request.now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let retention_cutoff = request
        .now
        .checked_sub_months(Months::new(request.params.prospect_retention_months))
        .unwrap_or(request.now)
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let window_start = (request.now - Duration::days(MANIFEST_WINDOW_DAYS))
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let sales_since = format!("{:04}-01", request.now.year() - 1);
    let erp = named_params! { ":erp": user.erp_code };

    worker.execute("DELETE FROM s.snapshot_info", [])?;
    let mut info = worker.prepare("INSERT INTO s.snapshot_info (key, value) VALUES (?1, ?2)")?;
    for (key, value) in [
        ("user", user.windows_user.clone()),
        ("erp_code", user.erp_code.clone()),
        ("display_name", user.display_name.clone()),
        ("is_admin", u8::from(user.is_admin).to_string()),
        ("generation", generation.to_string()),
        ("generated_at", now_text),
        ("schema_version", SNAPSHOT_SCHEMA_VERSION.to_string()),
    ] {
        info.execute(params![key, value])?;
    }
    match clients {
        // The base holds every client outside the portfolio; the rep's own are marked
        // here (the value's size does not change: the rows are rewritten in place).
        Clients::All => {
            worker.execute(
                "UPDATE s.client SET in_portfolio = 1 \
                 WHERE c_client IN (SELECT c_client FROM m.client WHERE c_rep = :erp AND actif = 1)",
                erp,
            )?;
        }
        // What the base would hold: the parameters, users and agencies whole, the
        // changed clients again; the catalogue whole.
        Clients::Changed => {
            worker.execute_batch(
                "DELETE FROM s.config; DELETE FROM s.app_user; DELETE FROM s.agence; \
                 DELETE FROM s.catalogue_item;",
            )?;
            insert_config(worker, "s", request)?;
            insert_people_and_places(worker, "s")?;
            insert_catalogue(worker, "s")?;
            delete_changed(worker, "client", "c_client", clients)?;
            insert_clients(worker, "s", clients, Some(&user.erp_code))?;
        }
    }
    // The base lists the laptop users; a user without an ERP code (an office account
    // reading in the browser) finds itself in its own file only.
    worker.execute(
        "INSERT OR IGNORE INTO s.app_user (windows_user, erp_code, display_name, is_admin) \
         VALUES (?1, ?2, ?3, ?4)",
        params![
            user.windows_user,
            user.erp_code,
            user.display_name,
            user.is_admin
        ],
    )?;
    delete_changed(worker, "client_detail", "c_client", clients)?;
    worker.execute(
        &format!(
            "INSERT INTO s.client_detail ({DETAIL_COLUMNS}, fleet_json) \
             SELECT {columns}, f.fleet_json FROM m.client c \
             LEFT JOIN r.agg_fleet f ON f.c_client = c.c_client \
             WHERE c.actif = 1 AND c.c_rep = :erp {scope} ORDER BY c.c_client",
            columns = prefixed_columns("c", DETAIL_COLUMNS),
            scope = clients.filter("c.c_client"),
        ),
        erp,
    )?;
    // People's names, phones and mails: only at the rep's own clients.
    delete_changed(worker, "client_contact", "c_client", clients)?;
    worker.execute(
        &format!(
            "INSERT INTO s.client_contact SELECT cc.id, cc.c_client, cc.name, cc.role, cc.phone, cc.email \
             FROM m.client_contact cc JOIN m.client c ON c.c_client = cc.c_client \
             WHERE c.actif = 1 AND c.c_rep = :erp {scope}",
            scope = clients.filter("cc.c_client"),
        ),
        erp,
    )?;
    // The rep's visits: to the clients of the portfolio (active or not) and the rep's own
    // elsewhere. The ids come from the master's two covering indexes, then the rows are
    // read and appended in id order: no full-row sort, and packed pages in the file. A
    // patch walks the changed clients' visits instead of the rep's own.
    worker.execute_batch(
        "DROP TABLE IF EXISTS temp.rep_clients; \
         CREATE TEMP TABLE rep_clients (c_client TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    worker.execute(
        &format!(
            "INSERT INTO temp.rep_clients SELECT c_client FROM m.client WHERE c_rep = :erp {scope}",
            scope = clients.filter("c_client"),
        ),
        erp,
    )?;
    let own_visits = match clients {
        Clients::All => "SELECT v.id FROM m.client_relation v WHERE v.c_user = :erp",
        // `+` keeps the planner on the client index: through the rep's own index it
        // walked the rep's 25,000 visits once per changed client.
        Clients::Changed => {
            "SELECT v.id FROM r.changed_client x CROSS JOIN m.client_relation v \
             ON v.c_entite = x.c_client WHERE +v.c_user = :erp"
        }
    };
    delete_changed(worker, "client_relation", "c_entite", clients)?;
    worker.execute(
        &format!(
            "INSERT INTO s.client_relation SELECT r.id, r.origine_relation, r.date_relation, r.heure_relation, \
               r.c_entite, r.c_user, r.objet, r.commentaire, r.answers_json, r.change_id, r.relation_kind \
             FROM m.client_relation r \
             WHERE r.id IN (SELECT v.id FROM temp.rep_clients p CROSS JOIN m.client_relation v ON v.c_entite = p.c_client \
                            UNION ALL {own_visits}) \
               AND r.c_archive = 'N' \
             ORDER BY r.id"
        ),
        erp,
    )?;
    // The rep's own requests: every open one, and those asked or closed in the window.
    worker.execute("DELETE FROM s.modification_request", [])?;
    worker.execute(
        "INSERT INTO s.modification_request SELECT m.id, m.c_client, m.changes_json, m.status, \
           m.created_at, m.closed_at, m.note, m.change_id \
         FROM m.modification_request m \
         WHERE m.requested_by = :user \
           AND (m.status = 'open' OR m.created_at >= :since OR m.closed_at >= :since) \
         ORDER BY m.id",
        named_params! { ":user": user.windows_user, ":since": window_start },
    )?;
    delete_changed(worker, "sales_month", "c_client", clients)?;
    worker.execute(
        "INSERT INTO s.sales_month SELECT sm.c_client, sm.month, sm.amount_cents \
         FROM temp.rep_clients p CROSS JOIN m.sales_month sm ON sm.c_client = p.c_client \
         WHERE sm.month >= :since ORDER BY sm.c_client, sm.month",
        named_params! { ":since": sales_since },
    )?;
    worker.execute_batch("DELETE FROM s.prospect_visit; DELETE FROM s.prospect;")?;
    worker.execute(
        "INSERT INTO s.prospect SELECT p.prospect_id, p.created_by, p.assignee, p.nom_client, p.tel_norm, \
           coalesce((SELECT json_group_object(f.field, f.value) FROM m.prospect_field f \
                      WHERE f.prospect_id = p.prospect_id AND f.field <> 'contacts'), '{}'), \
           p.contacts_json, p.status, p.created_at, p.last_movement_at, \
           (SELECT r.status FROM m.client_creation_request r WHERE r.prospect_id = p.prospect_id ORDER BY r.id DESC LIMIT 1), \
           (SELECT r.reason FROM m.client_creation_request r WHERE r.prospect_id = p.prospect_id ORDER BY r.id DESC LIMIT 1), \
           p.converted_client \
         FROM m.prospect p \
         WHERE (p.created_by = :user OR p.assignee = :user) \
           AND p.status IN ('active', 'conversion_requested') \
           AND p.last_movement_at >= :cutoff",
        named_params! { ":user": user.windows_user, ":cutoff": retention_cutoff },
    )?;
    worker.execute_batch(
        "INSERT INTO s.prospect_visit SELECT v.id, v.prospect_id, v.origine_relation, v.date_relation, \
           v.heure_relation, v.c_user, v.objet, v.commentaire, v.answers_json, v.change_id \
         FROM m.prospect_visit v WHERE v.prospect_id IN (SELECT prospect_id FROM s.prospect);",
    )?;
    if user.is_admin {
        super::team::copy_into_snapshot(worker, clients, request.now.date_naive())?;
    }
    let integrated = worker
        .prepare(
            "SELECT change_id FROM m.change_ledger WHERE user = ?1 AND integrated_at >= ?2 ORDER BY change_id",
        )?
        .query_map(params![user.windows_user, window_start], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let failed = worker
        .prepare(
            "SELECT change_id, reason FROM m.integration_failure \
             WHERE user = ?1 AND change_id IS NOT NULL AND failed_at >= ?2 ORDER BY change_id",
        )?
        .query_map(params![user.windows_user, window_start], |r| {
            Ok(FailedChange {
                change_id: r.get(0)?,
                reason: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count = |table: &str| -> Result<u64> {
        Ok(worker.query_row(&format!("SELECT count(*) FROM s.{table}"), [], |r| r.get(0))?)
    };
    Ok(Copied {
        relations: count("client_relation")?,
        prospects: count("prospect")?,
        integrated,
        failed,
    })
}

/// In a patch, deletes from the snapshot's `table` the rows of the changed clients
/// (`column` holds the client code); nothing in a rebuild, whose tables start empty.
fn delete_changed(worker: &Connection, table: &str, column: &str, clients: Clients) -> Result<()> {
    if clients == Clients::Changed {
        worker.execute(
            &format!(
                "DELETE FROM s.{table} WHERE true {}",
                clients.filter(column)
            ),
            [],
        )?;
    }
    Ok(())
}

/// `a, b` → `c.a, c.b`.
pub(super) fn prefixed_columns(alias: &str, columns: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Remembers what was published (back office, benchmarks).
fn record_generations(
    conn: &Connection,
    request: &SnapshotRequest,
    reports: &[SnapshotReport],
) -> Result<()> {
    let now = request.now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut insert = conn.prepare(
        "INSERT INTO snapshot_generation (generation, user, generated_at, bytes, clients, relations, prospects) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for report in reports {
        insert.execute(params![
            report.generation,
            report.user,
            now,
            report.bytes as i64,
            report.clients as i64,
            report.relations as i64,
            report.prospects as i64
        ])?;
    }
    Ok(())
}
