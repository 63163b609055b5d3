//! The part of every snapshot that is the same for every user, built once per run.
//!
//! Every snapshot carries all active clients (identity, contact, CA N and N-1, last
//! visit), the parameters, the users and the agencies: about two thirds of a rep's file,
//! and the same rows for all of them but one column (`in_portfolio`). A run that rebuilds
//! files builds that part once into a base file; each rebuilt file starts as a copy of it
//! (a kernel copy of a few MB) and only the user's own rows are then added. Before, each
//! of the 30 reps' files re-read and re-inserted the 50,000 clients.
//!
//! The run's scratch file holds what the users' workers read besides: the per-client
//! aggregates (every client when a file is rebuilt, else only the changed ones) and the
//! changed clients of a patch (`changes.rs`). The team tables of admins have a scratch
//! file of their own, `team.sqlite`, computed while the reps' files are written.
//!
//! The base and the aggregates it holds are read in one transaction of the master; each
//! user's rows in another, a little later (see `build.rs`). The automaton integrates and
//! generates in turn, never both at once, so only a back-office decision can fall between
//! the two reads; the generation it triggers brings the base up to date.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rusqlite::{named_params, params, Connection};

use super::changes::{fill_changed_clients, Clients};
use super::worker::{in_transaction, open_worker};
use super::SnapshotRequest;
use crate::error::{Result, StoreError};

/// The snapshot's tables, from the contract; indexes come after the rows.
const SCHEMA: &str = tournee_sync::SNAPSHOT_TABLES_SQL;

/// Columns of `client` copied from the master for every active client.
const CLIENT_COLUMNS: &str = "c_client, nom_client, c_fam_client, c_catc, adr1_fac, adr2_fac, \
    adr3_fac, dep_fac, bur_dis_fac, ville_fac, c_pays, c_agence, c_rep, tel_1, tel_2, fax, contact_divers_4";

/// Folder of the base in the build root: `+` cannot start a user's folder (user names are
/// `[A-Za-z0-9._-]`), so the base never collides with a user's build folder.
const BASE_FOLDER: &str = "+shared";

/// The shared part of this run's snapshots, ready to be copied, and the scratch file the
/// copying workers read.
#[derive(Debug)]
pub(crate) struct SharedBase {
    /// The finished base database, when some file of the run is rebuilt.
    pub path: Option<PathBuf>,
    /// The run's scratch database: per-client aggregates and fleet, changed clients.
    pub run_path: PathBuf,
    /// The team tables' scratch database, once built (`team::build_file`).
    pub team_path: PathBuf,
    /// Client rows the base holds (every active client).
    pub clients: u64,
}

impl SharedBase {
    /// Removes the base and the scratch file once the users' files are out.
    pub fn remove(&self) -> Result<()> {
        for path in self.path.iter().chain([&self.run_path]) {
            fs::remove_file(path).map_err(|e| StoreError::io(path, e))?;
        }
        if self.team_path.exists() {
            fs::remove_file(&self.team_path).map_err(|e| StoreError::io(&self.team_path, e))?;
        }
        Ok(())
    }
}

/// What a run's shared part must hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunNeeds {
    /// Some file is rebuilt: the base file, and the aggregates of every client.
    pub base: bool,
    /// Some file is patched: the clients changed after this sequence number, up to the
    /// run's (`changes.rs`).
    pub changed_since: Option<(i64, i64)>,
}

/// Builds the run's scratch file, and the base when a file is rebuilt, in
/// `<build_root>/+shared/`, reading the master in one transaction.
pub(crate) fn build_shared(request: &SnapshotRequest, needs: RunNeeds) -> Result<SharedBase> {
    let folder = request.build_root.join(BASE_FOLDER);
    super::publish::clear_build_folder(&folder)?;
    let path = folder.join("base.sqlite");
    let run_path = folder.join("run.sqlite");
    let worker = open_worker(&request.master_path)?;
    if needs.base {
        create_empty_snapshot(&path)?;
        worker.execute("ATTACH DATABASE ?1 AS b", [path.to_string_lossy()])?;
        worker.execute_batch("PRAGMA b.journal_mode = OFF; PRAGMA b.synchronous = OFF;")?;
    }
    worker.execute("ATTACH DATABASE ?1 AS r", [run_path.to_string_lossy()])?;
    worker.execute_batch("PRAGMA r.journal_mode = OFF; PRAGMA r.synchronous = OFF;")?;
    let clients = in_transaction(&worker, |w| {
        if let Some((after, upto)) = needs.changed_since {
            fill_changed_clients(w, after, upto)?;
        }
        let scope = if needs.base {
            Clients::All
        } else {
            Clients::Changed
        };
        compute_shared_aggregates(w, request, scope)?;
        let clients = if needs.base {
            fill_base(w, request)?
        } else {
            w.query_row("SELECT count(*) FROM m.client WHERE actif = 1", [], |r| {
                r.get(0)
            })?
        };
        Ok(clients)
    })?;
    drop(worker);
    if needs.base {
        pack(&path)?;
    }
    Ok(SharedBase {
        path: needs.base.then_some(path),
        run_path,
        team_path: folder.join("team.sqlite"),
        clients,
    })
}

/// A new database file with the snapshot's tables, written without a journal: the file
/// is private to the build folder until it is whole and fsynced.
fn create_empty_snapshot(path: &Path) -> Result<()> {
    if path.exists() {
        fs::remove_file(path).map_err(|e| StoreError::io(path, e))?;
    }
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    conn.execute_batch(&format!("BEGIN; {SCHEMA} COMMIT;"))?;
    Ok(())
}

/// Rewrites the base with full pages: the client table's b-tree, filled in key order,
/// keeps pages part empty after each split (about 10 % of a rep's file). Packed once here,
/// every copy starts packed and the users' files need no `VACUUM` of their own.
fn pack(path: &Path) -> Result<()> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; VACUUM;")?;
    Ok(())
}

fn fill_base(worker: &Connection, request: &SnapshotRequest) -> Result<u64> {
    insert_config(worker, "b", request)?;
    insert_people_and_places(worker, "b")?;
    insert_catalogue(worker, "b")?;
    let clients = insert_clients(worker, "b", Clients::All, None)?;
    Ok(clients as u64)
}

/// The users (without mails, and never a sign-in column) and the agencies, into the
/// snapshot attached as `target`. Users without ERP code (no laptop: an accountant or an
/// admin of the back office only) are not laptop users and stay out, as before the
/// directory held them.
pub(super) fn insert_people_and_places(worker: &Connection, target: &str) -> Result<()> {
    worker.execute_batch(&format!(
        "INSERT INTO {target}.app_user SELECT windows_user, erp_code, display_name, is_admin \
           FROM m.app_user WHERE active = 1 AND erp_code IS NOT NULL ORDER BY windows_user;
         INSERT INTO {target}.agence SELECT c_agence, nom FROM m.agence ORDER BY c_agence;"
    ))?;
    Ok(())
}

/// The catalogue's active entries (issue 15), the same for every user, into the snapshot
/// attached as `target`; retired entries stay on the server only.
pub(super) fn insert_catalogue(worker: &Connection, target: &str) -> Result<()> {
    worker.execute_batch(&format!(
        "INSERT INTO {target}.catalogue_item \
         SELECT reference, label, unit_price_cents, vat_bp, unit FROM m.catalogue_item \
         WHERE active = 1 ORDER BY reference;"
    ))?;
    Ok(())
}

/// Active clients with their aggregates into the snapshot attached as `target`: every one
/// or the changed ones; with `portfolio_of` an ERP code, the clients of that rep are
/// marked `in_portfolio` (the base marks none: each user's copy marks its own).
pub(super) fn insert_clients(
    worker: &Connection,
    target: &str,
    scope: Clients,
    portfolio_of: Option<&str>,
) -> Result<usize> {
    let in_portfolio = if portfolio_of.is_some() {
        "CASE WHEN c.c_rep = :erp THEN 1 ELSE 0 END"
    } else {
        "0"
    };
    let sql = format!(
        "INSERT INTO {target}.client ({CLIENT_COLUMNS}, ca_n_cents, ca_n1_cents, last_visit, in_portfolio) \
         SELECT {columns}, coalesce(a.ca_n, 0), coalesce(a.ca_n1, 0), v.last_visit, {in_portfolio} \
         FROM m.client c \
         LEFT JOIN r.agg_ca a ON a.c_client = c.c_client \
         LEFT JOIN r.agg_visit v ON v.c_client = c.c_client \
         WHERE c.actif = 1 {scope} ORDER BY c.c_client",
        columns = super::build::prefixed_columns("c", CLIENT_COLUMNS),
        scope = scope.filter("c.c_client"),
    );
    let mut statement = worker.prepare(&sql)?;
    Ok(match portfolio_of {
        Some(erp) => statement.execute(named_params! { ":erp": erp })?,
        None => statement.execute([])?,
    })
}

/// CA N / N-1, last visit and fleet per client: the same for every user, computed once
/// (the fleet into the run's scratch file, for the portfolio rows).
///
/// The last visit is read client by client through the master's `(c_entite,
/// date_relation)` index (about 0.4 s for 50,000 clients) rather than by grouping the
/// million relations, which read the whole table (about 5 s).
fn compute_shared_aggregates(
    worker: &Connection,
    request: &SnapshotRequest,
    scope: Clients,
) -> Result<()> {
    let year = request.now.year();
    worker.execute_batch(
        "CREATE TABLE r.agg_ca (c_client TEXT PRIMARY KEY, ca_n INTEGER, ca_n1 INTEGER);
         CREATE TABLE r.agg_visit (c_client TEXT PRIMARY KEY, last_visit TEXT);
         CREATE TABLE r.agg_fleet (c_client TEXT PRIMARY KEY, fleet_json TEXT);",
    )?;
    worker.execute(
        &format!(
            "INSERT INTO r.agg_ca SELECT c_client, \
               sum(CASE WHEN month >= :n_start THEN amount_cents ELSE 0 END), \
               sum(CASE WHEN month < :n_start THEN amount_cents ELSE 0 END) \
             FROM m.sales_month WHERE month >= :n1_start AND month <= :n_end {scope} GROUP BY c_client",
            scope = scope.filter("c_client")
        ),
        named_params! {
            ":n_start": format!("{year:04}-01"),
            ":n1_start": format!("{:04}-01", year - 1),
            ":n_end": format!("{year:04}-12"),
        },
    )?;
    worker.execute_batch(&format!(
        "INSERT INTO r.agg_visit SELECT c.c_client, \
           (SELECT max(x.date_relation) FROM m.client_relation x \
             WHERE x.c_entite = c.c_client AND x.origine_relation = 'CRV' AND x.relation_kind = 'visit') \
         FROM m.client c WHERE c.actif = 1 {clients};
         INSERT INTO r.agg_fleet SELECT c_client, json_group_object(fleet_type, vehicles) \
           FROM m.client_fleet WHERE true {fleet} GROUP BY c_client;",
        clients = scope.filter("c.c_client"),
        fleet = scope.filter("c_client"),
    ))?;
    Ok(())
}

/// The parameters the field app reads (`config` table, one JSON value per key), into the
/// snapshot attached as `target`.
pub(super) fn insert_config(
    worker: &Connection,
    target: &str,
    request: &SnapshotRequest,
) -> Result<()> {
    let p = &request.params;
    let json = |what: &str, value: serde_json::Result<String>| {
        value.map_err(|source| StoreError::Json {
            what: what.into(),
            source,
        })
    };
    let team_since = super::team::team_visits_since(request.now.date_naive());
    let rows = [
        (
            "field_profile",
            json("field_profile", serde_json::to_string(&p.field_profile))?,
        ),
        (
            "visit_form",
            json("visit_form", serde_json::to_string(&p.visit_form))?,
        ),
        (
            "fleet_types",
            json("fleet_types", serde_json::to_string(&p.fleet_types))?,
        ),
        // What the rep can log on a party (the CRM's actions, sync-spec §7 « Records »).
        (
            "action_types",
            json("action_types", serde_json::to_string(&p.action_types))?,
        ),
        // The sales pipelines the opportunities board draws (issue 15).
        (
            "pipelines",
            json("pipelines", serde_json::to_string(&p.pipelines))?,
        ),
        (
            "farmer_categories",
            json(
                "farmer_categories",
                serde_json::to_string(&p.farmer_categories),
            )?,
        ),
        ("ch_due_days", p.ch_due_days.to_string()),
        // The lists the prospect and conversion forms offer.
        (
            "client_categories",
            json(
                "client_categories",
                serde_json::to_string(&p.client_categories),
            )?,
        ),
        (
            "client_subcategories",
            json(
                "client_subcategories",
                serde_json::to_string(&p.client_subcategories),
            )?,
        ),
        (
            "commercial_grids",
            json(
                "commercial_grids",
                serde_json::to_string(&p.commercial_grids),
            )?,
        ),
        (
            "periodicities",
            json("periodicities", serde_json::to_string(&p.periodicities))?,
        ),
        (
            "countries",
            json("countries", serde_json::to_string(&p.countries))?,
        ),
        (
            "payment_modes",
            json("payment_modes", serde_json::to_string(&p.payment_modes))?,
        ),
        ("visit_backdate_days", p.visit_backdate_days.to_string()),
        ("snapshot_expiry_hours", p.snapshot_expiry_hours.to_string()),
        (
            "prospect_retention_months",
            p.prospect_retention_months.to_string(),
        ),
        // Where other reps' visits start in an admin's calendar (days before: unknown).
        (
            "team_visits_since",
            json("team_visits_since", serde_json::to_string(&team_since))?,
        ),
        ("team_visit_days", super::team::TEAM_VISIT_DAYS.to_string()),
        // The change-file specs this server reads (sync-spec §7, §12 « Negotiation »): a
        // laptop writes record changes (`RC`, spec 2) only once it finds `2` here.
        (
            tournee_sync::ACCEPTED_SPECS_KEY,
            json(
                tournee_sync::ACCEPTED_SPECS_KEY,
                serde_json::to_string(&tournee_sync::ACCEPTED_SPECS),
            )?,
        ),
        // The seller's identity the quotes print (issue 15); an older app ignores it.
        ("seller", json("seller", serde_json::to_string(&p.seller))?),
    ];
    let mut insert = worker.prepare(&format!(
        "INSERT INTO {target}.config (key, value_json) VALUES (?1, ?2)"
    ))?;
    for (key, value) in rows {
        insert.execute(params![key, value])?;
    }
    Ok(())
}
