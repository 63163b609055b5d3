//! Building snapshot databases from the master.

use std::fs;
use std::path::Path;

use chrono::{Datelike, Duration, Months, SecondsFormat};
use rusqlite::{named_params, params, Connection, OpenFlags};
use tournee_sync::{read_manifest, sha256_file, FailedChange, SnapshotManifest};

use super::publish::{
    clear_build_folder, database_file_name, fsync_and_rename, lock_build_root, prune_generations,
    publish_manifest, remove_published_leftovers,
};
use super::{user_dir, SnapshotReport, SnapshotRequest};
use crate::error::{Result, StoreError};
use crate::master::users::{all_users, User};
use crate::master::{open_master, open_master_read_only};

/// Version of the snapshot schema (`schema.sql`), written in every manifest.
/// 2: `client_relation.relation_kind` tells modification-request rows from visits, and
/// `modification_request` carries the rep's own requests with the accountant's decision.
pub const SNAPSHOT_SCHEMA_VERSION: u32 = tournee_sync::SNAPSHOT_SCHEMA_VERSION;

const SCHEMA: &str = include_str!("schema.sql");
const INDEXES: &str = include_str!("indexes.sql");

/// Days of integrated / failed change ids listed in a manifest (and of closed modification
/// requests carried in the snapshot).
const MANIFEST_WINDOW_DAYS: i64 = 90;

/// Columns of `client` copied from the master for every active client.
const CLIENT_COLUMNS: &str = "c_client, nom_client, c_fam_client, c_catc, adr1_fac, adr2_fac, \
    adr3_fac, dep_fac, bur_dis_fac, ville_fac, c_pays, c_agence, c_rep, tel_1, tel_2, fax, contact_divers_4";

/// Columns of `client_detail` copied from the master for the rep's portfolio.
const DETAIL_COLUMNS: &str = "c_client, c_sfam_client, c_titre, contact_divers_1, contact_divers_2, \
    contact_divers_3, c_per, c_regpmt_bl, c_regpmt_fac, c_releve, c_autoris_bl, c_frais_fixe, \
    c_ref_oblig, c_mod_rgl_1, nb_jour_1, jour_1, c_type_fact, c_attention, c_ape, date_creation_ste, \
    bic, iban, codepays, codemonnaie, type_edition_fac, date_revoir";

pub(crate) fn generate_all(request: &SnapshotRequest) -> Result<Vec<SnapshotReport>> {
    // One generator at a time per build folder: the clean-up below may then remove
    // whatever it finds there, since no other run is using it.
    let _only_generator = lock_build_root(&request.build_root)?;
    let users = users_to_generate(request)?;
    let worker = open_worker(&request.master_path)?;
    compute_shared_aggregates(&worker, request)?;
    if users.iter().any(|u| u.is_admin) {
        super::team::compute(&worker, request)?;
    }
    let mut reports = Vec::with_capacity(users.len());
    for user in &users {
        reports.push(generate_one(&worker, request, user)?);
    }
    record_generations(&request.master_path, request, &reports)?;
    Ok(reports)
}

fn users_to_generate(request: &SnapshotRequest) -> Result<Vec<User>> {
    let master = open_master_read_only(&request.master_path)?;
    let users = all_users(&master)?.into_iter().filter(|u| u.active);
    Ok(match &request.users {
        Some(wanted) => users.filter(|u| wanted.contains(&u.windows_user)).collect(),
        None => users.collect(),
    })
}

/// An in-memory scratch database with the master attached read-only as `m`.
fn open_worker(master_path: &Path) -> Result<Connection> {
    let worker = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    worker.busy_timeout(std::time::Duration::from_secs(30))?;
    worker.execute("ATTACH DATABASE ?1 AS m", [read_only_uri(master_path)])?;
    Ok(worker)
}

/// `file:` URI opening a database read-only.
fn read_only_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3F"),
            '#' => escaped.push_str("%23"),
            _ => escaped.push(c),
        }
    }
    format!("file:{escaped}?mode=ro")
}

/// CA N / N-1, last visit and fleet per client: the same for every user, computed once.
fn compute_shared_aggregates(worker: &Connection, request: &SnapshotRequest) -> Result<()> {
    let year = request.now.year();
    worker.execute_batch(
        "CREATE TABLE agg_ca (c_client TEXT PRIMARY KEY, ca_n INTEGER, ca_n1 INTEGER);
         CREATE TABLE agg_visit (c_client TEXT PRIMARY KEY, last_visit TEXT);
         CREATE TABLE agg_fleet (c_client TEXT PRIMARY KEY, fleet_json TEXT);",
    )?;
    worker.execute(
        "INSERT INTO agg_ca SELECT c_client, \
           sum(CASE WHEN month >= :n_start THEN amount_cents ELSE 0 END), \
           sum(CASE WHEN month < :n_start THEN amount_cents ELSE 0 END) \
         FROM m.sales_month WHERE month >= :n1_start AND month <= :n_end GROUP BY c_client",
        named_params! {
            ":n_start": format!("{year:04}-01"),
            ":n1_start": format!("{:04}-01", year - 1),
            ":n_end": format!("{year:04}-12"),
        },
    )?;
    worker.execute_batch(
        "INSERT INTO agg_visit SELECT c_entite, max(date_relation) FROM m.client_relation \
           WHERE origine_relation = 'CRV' AND relation_kind = 'visit' GROUP BY c_entite;
         INSERT INTO agg_fleet SELECT c_client, json_group_object(fleet_type, vehicles) \
           FROM m.client_fleet GROUP BY c_client;",
    )?;
    Ok(())
}

fn generate_one(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
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

    create_empty_snapshot(&temp)?;
    let copied = copy_user_rows(worker, request, user, &temp, &generation)?;
    finish_snapshot(&temp)?;
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
        clients: copied.clients,
        relations: copied.relations,
        prospects: copied.prospects,
    })
}

fn create_empty_snapshot(path: &Path) -> Result<()> {
    if path.exists() {
        fs::remove_file(path).map_err(|e| StoreError::io(path, e))?;
    }
    let conn = Connection::open(path)?;
    conn.execute_batch(SCHEMA)?;
    Ok(())
}

/// Indexes after the bulk copy, statistics for the planner, journal back to a normal
/// mode, and a VACUUM that packs the pages (about 10 % smaller: bytes every rep downloads).
fn finish_snapshot(path: &Path) -> Result<()> {
    let conn = Connection::open(path)?;
    conn.execute_batch(INDEXES)?;
    conn.execute_batch("ANALYZE; PRAGMA journal_mode = DELETE; VACUUM;")?;
    Ok(())
}

struct Copied {
    clients: u64,
    relations: u64,
    prospects: u64,
    integrated: Vec<String>,
    failed: Vec<FailedChange>,
}

/// Copies what `user` may see, in one transaction (one consistent view of the master).
fn copy_user_rows(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
    temp: &Path,
    generation: &str,
) -> Result<Copied> {
    worker.execute("ATTACH DATABASE ?1 AS s", [temp.to_string_lossy()])?;
    worker.execute_batch("PRAGMA s.journal_mode = OFF; PRAGMA s.synchronous = OFF;")?;
    let result = copy_in_transaction(worker, request, user, generation);
    worker.execute_batch("DETACH DATABASE s")?;
    result
}

fn copy_in_transaction(
    worker: &Connection,
    request: &SnapshotRequest,
    user: &User,
    generation: &str,
) -> Result<Copied> {
    let params_in_force = &request.params;
    let now_text = request.now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let retention_cutoff = request
        .now
        .checked_sub_months(Months::new(params_in_force.prospect_retention_months))
        .unwrap_or(request.now)
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let window_start = (request.now - Duration::days(MANIFEST_WINDOW_DAYS))
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let sales_since = format!("{:04}-01", request.now.year() - 1);
    let json = |what: &str, value: serde_json::Result<String>| {
        value.map_err(|source| StoreError::Json {
            what: what.into(),
            source,
        })
    };

    worker.execute_batch("BEGIN")?;
    let outcome = (|| -> Result<Copied> {
        let mut info =
            worker.prepare("INSERT INTO s.snapshot_info (key, value) VALUES (?1, ?2)")?;
        for (key, value) in [
            ("user", user.windows_user.clone()),
            ("erp_code", user.erp_code.clone()),
            ("display_name", user.display_name.clone()),
            ("is_admin", u8::from(user.is_admin).to_string()),
            ("generation", generation.to_string()),
            ("generated_at", now_text.clone()),
            ("schema_version", SNAPSHOT_SCHEMA_VERSION.to_string()),
        ] {
            info.execute(params![key, value])?;
        }
        let mut config =
            worker.prepare("INSERT INTO s.config (key, value_json) VALUES (?1, ?2)")?;
        for (key, value) in [
            (
                "field_profile",
                json(
                    "field_profile",
                    serde_json::to_string(&params_in_force.field_profile),
                )?,
            ),
            (
                "visit_form",
                json(
                    "visit_form",
                    serde_json::to_string(&params_in_force.visit_form),
                )?,
            ),
            (
                "fleet_types",
                json(
                    "fleet_types",
                    serde_json::to_string(&params_in_force.fleet_types),
                )?,
            ),
            (
                "farmer_categories",
                json(
                    "farmer_categories",
                    serde_json::to_string(&params_in_force.farmer_categories),
                )?,
            ),
            ("ch_due_days", params_in_force.ch_due_days.to_string()),
            // The lists the prospect and conversion forms offer.
            (
                "client_categories",
                json(
                    "client_categories",
                    serde_json::to_string(&params_in_force.client_categories),
                )?,
            ),
            (
                "client_subcategories",
                json(
                    "client_subcategories",
                    serde_json::to_string(&params_in_force.client_subcategories),
                )?,
            ),
            (
                "commercial_grids",
                json(
                    "commercial_grids",
                    serde_json::to_string(&params_in_force.commercial_grids),
                )?,
            ),
            (
                "periodicities",
                json(
                    "periodicities",
                    serde_json::to_string(&params_in_force.periodicities),
                )?,
            ),
            (
                "countries",
                json(
                    "countries",
                    serde_json::to_string(&params_in_force.countries),
                )?,
            ),
            (
                "payment_modes",
                json(
                    "payment_modes",
                    serde_json::to_string(&params_in_force.payment_modes),
                )?,
            ),
            (
                "visit_backdate_days",
                params_in_force.visit_backdate_days.to_string(),
            ),
            (
                "snapshot_expiry_hours",
                params_in_force.snapshot_expiry_hours.to_string(),
            ),
            (
                "prospect_retention_months",
                params_in_force.prospect_retention_months.to_string(),
            ),
            // Where other reps' visits start in an admin's calendar (days before: unknown).
            (
                "team_visits_since",
                json(
                    "team_visits_since",
                    serde_json::to_string(&super::team::team_visits_since(
                        request.now.date_naive(),
                    )),
                )?,
            ),
            ("team_visit_days", super::team::TEAM_VISIT_DAYS.to_string()),
        ] {
            config.execute(params![key, value])?;
        }
        worker.execute_batch(
            "INSERT INTO s.app_user SELECT windows_user, erp_code, display_name, is_admin \
               FROM m.app_user WHERE active = 1 ORDER BY windows_user;
             INSERT INTO s.agence SELECT c_agence, nom FROM m.agence ORDER BY c_agence;",
        )?;
        let clients = worker.execute(
            &format!(
                "INSERT INTO s.client ({CLIENT_COLUMNS}, ca_n_cents, ca_n1_cents, last_visit, in_portfolio) \
                 SELECT {columns}, coalesce(a.ca_n, 0), coalesce(a.ca_n1, 0), v.last_visit, ifnull(c.c_rep = :erp, 0) \
                 FROM m.client c \
                 LEFT JOIN agg_ca a ON a.c_client = c.c_client \
                 LEFT JOIN agg_visit v ON v.c_client = c.c_client \
                 WHERE c.actif = 1 ORDER BY c.c_client",
                columns = prefixed_columns("c", CLIENT_COLUMNS),
            ),
            named_params! { ":erp": user.erp_code },
        )?;
        worker.execute(
            &format!(
                "INSERT INTO s.client_detail ({DETAIL_COLUMNS}, fleet_json) \
                 SELECT {columns}, f.fleet_json FROM m.client c \
                 LEFT JOIN agg_fleet f ON f.c_client = c.c_client \
                 WHERE c.actif = 1 AND c.c_rep = :erp ORDER BY c.c_client",
                columns = prefixed_columns("c", DETAIL_COLUMNS),
            ),
            named_params! { ":erp": user.erp_code },
        )?;
        // People's names, phones and mails: only at the rep's own clients.
        worker.execute(
            "INSERT INTO s.client_contact SELECT cc.id, cc.c_client, cc.name, cc.role, cc.phone, cc.email \
             FROM m.client_contact cc JOIN m.client c ON c.c_client = cc.c_client \
             WHERE c.actif = 1 AND c.c_rep = :erp",
            named_params! { ":erp": user.erp_code },
        )?;
        let relations = worker.execute(
            "INSERT INTO s.client_relation SELECT r.id, r.origine_relation, r.date_relation, r.heure_relation, \
               r.c_entite, r.c_user, r.objet, r.commentaire, r.answers_json, r.change_id, r.relation_kind \
             FROM m.client_relation r \
             WHERE r.c_archive = 'N' \
               AND (r.c_entite IN (SELECT c_client FROM m.client WHERE c_rep = :erp) OR r.c_user = :erp) \
             ORDER BY r.c_entite, r.date_relation",
            named_params! { ":erp": user.erp_code },
        )?;
        // The rep's own requests: every open one, and those asked or closed in the window.
        worker.execute(
            "INSERT INTO s.modification_request SELECT m.id, m.c_client, m.changes_json, m.status, \
               m.created_at, m.closed_at, m.note, m.change_id \
             FROM m.modification_request m \
             WHERE m.requested_by = :user \
               AND (m.status = 'open' OR m.created_at >= :since OR m.closed_at >= :since) \
             ORDER BY m.id",
            named_params! { ":user": user.windows_user, ":since": window_start },
        )?;
        worker.execute(
            "INSERT INTO s.sales_month SELECT sm.c_client, sm.month, sm.amount_cents \
             FROM m.sales_month sm JOIN m.client c ON c.c_client = sm.c_client \
             WHERE c.c_rep = :erp AND sm.month >= :since",
            named_params! { ":erp": user.erp_code, ":since": sales_since },
        )?;
        let prospects = worker.execute(
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
            super::team::copy_into_snapshot(worker)?;
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
        Ok(Copied {
            clients: clients as u64,
            relations: relations as u64,
            prospects: prospects as u64,
            integrated,
            failed,
        })
    })();
    match outcome {
        Ok(copied) => {
            worker.execute_batch("COMMIT")?;
            Ok(copied)
        }
        Err(error) => {
            worker.execute_batch("ROLLBACK")?;
            Err(error)
        }
    }
}

/// `a, b` → `c.a, c.b`.
fn prefixed_columns(alias: &str, columns: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Remembers what was published (back office, benchmarks).
fn record_generations(
    master_path: &Path,
    request: &SnapshotRequest,
    reports: &[SnapshotReport],
) -> Result<()> {
    let conn = open_master(master_path)?;
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
