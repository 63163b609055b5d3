//! `tournee-bench`: the benchmarks behind docs/benchmarks.md.
//!
//! Every measured phase runs in a child process (this binary re-executing itself),
//! so that its peak RSS (`VmHWM`) is the phase's own. Figures are medians over
//! several runs, and the integration rate is reported next to a reference measured
//! in the same run: the raw SQLite insert rate of the same rows.
//!
//! ```text
//! cargo run --release -p tournee-server --bin tournee-bench -- all --demo full
//! cargo run --release -p tournee-server --bin tournee-bench -- contacts-csv
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

#[path = "bench/contacts.rs"]
mod contacts;
#[path = "bench/moves.rs"]
mod moves;

use anyhow::{bail, Context as _};
use chrono::Utc;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tournee_server::integrate_pass;
use tournee_server::regenerate_snapshots;
use tournee_server::DataDir;
use tournee_server::{init, DemoSize};
use tournee_server::{write_samples, SampleSpec};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::Regeneration;

#[derive(Debug, Parser)]
#[command(name = "tournee-bench", about = "Benchmarks of the Tournée server")]
struct Cli {
    #[command(subcommand)]
    command: Bench,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Size {
    Full,
    Small,
}

/// What a measuring run is given (both `all` and `integration`).
#[derive(Debug, Args)]
struct RunArgs {
    /// Demo data set to run on.
    #[arg(long, value_enum, default_value = "full")]
    demo: Size,
    /// Change files per integration run.
    #[arg(long, default_value_t = 20_000)]
    files: usize,
    /// Runs per measure (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Where to keep the data directory (default: a temp folder).
    #[arg(long)]
    work: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Bench {
    /// Integration throughput and snapshot generation, printed as Markdown.
    All(RunArgs),
    /// Integration only (no snapshots): the quick loop for working on its speed.
    Integration(RunArgs),
    /// Child: one integration pass over the inbox.
    #[command(hide = true)]
    ChildIntegrate { data: PathBuf },
    /// Writes VC files into the inbox, as an integration run does before it measures (to
    /// profile a pass by hand: then `child-integrate`).
    #[command(hide = true)]
    ChildSamples {
        data: PathBuf,
        #[arg(long, default_value_t = 20_000)]
        files: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Child: the bare loop, reading every inbox file and inserting one row per file.
    #[command(hide = true)]
    ChildBareLoop { data: PathBuf },
    /// Child: every inbox file renamed into a folder aside (timed), then back.
    #[command(hide = true)]
    ChildBareMoves { data: PathBuf },
    /// Child: insert the rows the last pass produced, raw, into a scratch copy.
    #[command(hide = true)]
    ChildRawInsert { data: PathBuf, since_id: i64 },
    /// Snapshots after a small share of the master changed: patched, against a rebuild
    /// of the same data in the same run.
    SnapshotPatch(PatchArgs),
    /// The contacts' CSV import (upload, dry run, import) and export, against a bare read
    /// of the same file and a bare SELECT of the same rows.
    ContactsCsv {
        /// Lines of the import file.
        #[arg(long, default_value_t = 100_000)]
        lines: usize,
        /// Runs (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Where to keep the scratch master (default: a temp folder).
        #[arg(long)]
        work: Option<PathBuf>,
    },
    /// The ERP bridge: the demo written as ERP files, imported into an empty master, then
    /// re-imported with a share changed; a bare insert of the same rows is the reference.
    ErpImport(ErpArgs),
    /// Child: `erp import` of a folder into the master file `db`.
    #[command(hide = true)]
    ChildErpImport { db: PathBuf, from: PathBuf },
    /// Child: the same files' rows inserted as they are, no check, no comparison.
    #[command(hide = true)]
    ChildErpBare { db: PathBuf, from: PathBuf },
    /// Child: regenerate every snapshot, rebuilt, or patched with `--patch`.
    #[command(hide = true)]
    ChildSnapshots {
        data: PathBuf,
        #[arg(long)]
        patch: bool,
        /// Only the users who are not admins (no team figures to compute).
        #[arg(long)]
        reps_only: bool,
    },
}

/// What the ERP import bench is given.
#[derive(Debug, Args)]
struct ErpArgs {
    /// Demo data set written as ERP files.
    #[arg(long, value_enum, default_value = "full")]
    demo: Size,
    /// Runs per measure (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Share of the clients, relations and sales rows changed for the re-import, in per cent.
    #[arg(long, default_value_t = 1.0)]
    percent: f64,
    /// Where to keep the source master, the files and the scratch masters (default: a
    /// temp folder).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Reads the files an earlier run left in `--work` (same `--demo` and `--percent`)
    /// instead of writing them again: writing the full demo's takes minutes.
    #[arg(long)]
    reuse_files: bool,
}

/// What the snapshot patch bench is given.
#[derive(Debug, Args)]
struct PatchArgs {
    /// An initialised data directory (`tournee-server init --demo full`); its master is
    /// changed by the bench.
    #[arg(long)]
    data: PathBuf,
    /// Share of the active clients changed between the two generations, in per cent.
    #[arg(long, default_value_t = 1.0)]
    percent: f64,
    /// Runs (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// What a child reports on stdout.
#[derive(Debug, Serialize, Deserialize)]
struct Measure {
    seconds: f64,
    items: u64,
    /// Rows inserted, updated and unchanged (the ERP import's children).
    #[serde(default)]
    counts: Vec<u64>,
    peak_rss_kib: u64,
    bytes: Vec<u64>,
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Bench::All(run) => all(run),
        Bench::Integration(run) => {
            let data = demo_data(run.demo, run.work)?;
            let measured = integration_runs(&data, run.files, run.runs)?;
            print_integration(&measured, run.files, run.runs);
            Ok(())
        }
        Bench::ChildIntegrate { data } => child_integrate(&data),
        Bench::ChildSamples { data, files, seed } => {
            write_vc_samples(&DataDir::open(&data)?, files, seed)
        }
        Bench::ChildBareLoop { data } => child_bare_loop(&data),
        Bench::ChildBareMoves { data } => child_bare_moves(&data),
        Bench::ChildRawInsert { data, since_id } => child_raw_insert(&data, since_id),
        Bench::SnapshotPatch(args) => snapshot_patch(&args),
        Bench::ContactsCsv { lines, runs, work } => {
            contacts::contacts_csv(lines, runs, &tempfile_dir(work)?)
        }
        Bench::ErpImport(args) => erp_import(&args),
        Bench::ChildErpImport { db, from } => child_erp_import(&db, &from),
        Bench::ChildErpBare { db, from } => child_erp_bare(&db, &from),
        Bench::ChildSnapshots {
            data,
            patch,
            reps_only,
        } => child_snapshots(&data, patch, reps_only),
    }
}

fn report(measure: &Measure) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(measure)?);
    Ok(())
}

fn child_integrate(data: &Path) -> anyhow::Result<()> {
    let dir = DataDir::open(data)?;
    let mut conn = open_master(&dir.database())?;
    let params = Parameters::load(&conn)?;
    let started = Instant::now();
    let summary = integrate_pass(
        &dir,
        &mut conn,
        Utc::now(),
        &params,
        &AtomicBool::new(false),
    )?;
    let seconds = started.elapsed().as_secs_f64();
    if summary.failed > 0 || summary.parked > 0 {
        bail!("benchmark files should all integrate: {}", summary.line());
    }
    report(&Measure {
        seconds,
        items: summary.integrated as u64,
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: Vec::new(),
    })
}

/// The reference: the relation rows the pass wrote, plus one ledger row each,
/// inserted with prepared statements in transactions of the same size, same pragmas.
fn child_raw_insert(data: &Path, since_id: i64) -> anyhow::Result<()> {
    let dir = DataDir::open(data)?;
    let source = open_master(&dir.database())?;
    let rows: Vec<(String, String, String, String, String, String, String)> = source
        .prepare(
            "SELECT date_relation, heure_relation, c_entite, c_user, objet, commentaire, coalesce(change_id, '') \
             FROM client_relation WHERE id > ?1 ORDER BY id",
        )?
        .query_map([since_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let scratch = data.join("raw-insert-reference.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _absent_is_fine = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    let mut conn = open_master(&scratch)?;
    let batch = dir.config.batch_size.max(1);
    let started = Instant::now();
    for chunk in rows.chunks(batch) {
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, \
                 c_user, type_relation, objet, commentaire, num_relation_sujet, c_archive, change_id) \
                 VALUES ('CRV', ?1, ?2, 'C', ?3, ?4, 'S', ?5, ?6, 0, 'N', ?7)",
            )?;
            let mut ledger = tx.prepare_cached(
                "INSERT INTO change_ledger (change_id, change_type, user, file_name, created_at, integrated_at) \
                 VALUES (?1, 'VC', ?2, ?1, '', '')",
            )?;
            for (date, time, client, user, objet, comment, change_id) in chunk {
                insert.execute(rusqlite::params![
                    date, time, client, user, objet, comment, change_id
                ])?;
                ledger.execute(rusqlite::params![change_id, user])?;
            }
        }
        tx.commit()?;
    }
    let seconds = started.elapsed().as_secs_f64();
    report(&Measure {
        seconds,
        items: rows.len() as u64,
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: Vec::new(),
    })
}

/// The second reference: what any integrator must do at least, a bare loop that lists
/// the inbox, reads every file whole and inserts one row per file (its name and bytes),
/// in transactions of the same size with the same pragmas, into a scratch database.
/// Run before the integration pass, on the same files (which it leaves in place).
fn child_bare_loop(data: &Path) -> anyhow::Result<()> {
    let dir = DataDir::open(data)?;
    let scratch = data.join("bare-loop-reference.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _absent_is_fine = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    let mut conn = open_master(&scratch)?;
    conn.execute_batch("CREATE TABLE bare (name TEXT PRIMARY KEY, body BLOB NOT NULL)")?;
    let batch = dir.config.batch_size.max(1);
    let started = Instant::now();
    let mut paths = Vec::new();
    for folder in std::fs::read_dir(dir.inbox())? {
        for file in std::fs::read_dir(folder?.path())? {
            paths.push(file?.path());
        }
    }
    for chunk in paths.chunks(batch) {
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached("INSERT INTO bare (name, body) VALUES (?1, ?2)")?;
            for path in chunk {
                let body = std::fs::read(path)?;
                insert.execute(rusqlite::params![path.to_string_lossy(), body])?;
            }
        }
        tx.commit()?;
    }
    let seconds = started.elapsed().as_secs_f64();
    report(&Measure {
        seconds,
        items: paths.len() as u64,
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: Vec::new(),
    })
}

/// The third reference ([`moves`]): the renames that take the files out of the inbox,
/// alone. Run after the bare loop and before the pass, on the same files.
fn child_bare_moves(data: &Path) -> anyhow::Result<()> {
    let dir = DataDir::open(data)?;
    let aside = data.join("bare-moves-reference");
    let (moved, seconds) = moves::time_moves(&dir.inbox(), &aside)?;
    report(&Measure {
        seconds,
        items: moved,
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: Vec::new(),
    })
}

/// One generation of every user's file; `items` counts the files patched when `patch`.
fn child_snapshots(data: &Path, patch: bool, reps_only: bool) -> anyhow::Result<()> {
    let dir = DataDir::open(data)?;
    let master = open_master(&dir.database())?;
    let params = Parameters::load(&master)?;
    let users = if reps_only {
        let reps = master
            .prepare("SELECT windows_user FROM app_user WHERE active = 1 AND is_admin = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Some(reps)
    } else {
        None
    };
    drop(master);
    let regeneration = if patch {
        Regeneration::Patch
    } else {
        Regeneration::Rebuild
    };
    let started = Instant::now();
    let reports = regenerate_snapshots(&dir, &params, users, regeneration, Utc::now())?;
    let seconds = started.elapsed().as_secs_f64();
    report(&Measure {
        seconds,
        items: reports.iter().filter(|r| r.patched == patch).count() as u64,
        peak_rss_kib: peak_rss_kib(),
        bytes: reports.iter().map(|r| r.bytes).collect(),
        counts: Vec::new(),
    })
}

fn run_child(args: &[&str]) -> anyhow::Result<Measure> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe).args(args).output()?;
    if !out.status.success() {
        bail!(
            "child {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().context("child printed nothing")?;
    Ok(serde_json::from_str(line)?)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn max_relation_id(data: &Path) -> anyhow::Result<i64> {
    let conn = Connection::open(data.join("tournee.sqlite"))?;
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0) FROM client_relation",
        [],
        |r| r.get(0),
    )?)
}

/// The demo data directory under `work`, created on first use.
fn demo_data(demo: Size, work: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let data = tempfile_dir(work)?.join("bench-data");
    if !data.join("tournee.sqlite").exists() {
        let size = match demo {
            Size::Full => DemoSize::Full,
            Size::Small => DemoSize::Small,
        };
        let started = Instant::now();
        init(&data, size, Utc::now().date_naive(), None)?;
        eprintln!(
            "demo data created in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(data)
}

/// Integration figures of several runs, each with its references measured alongside.
#[derive(Debug, Default)]
struct IntegrationRuns {
    rates: Vec<f64>,
    bare_rates: Vec<f64>,
    move_rates: Vec<f64>,
    raw_rates: Vec<f64>,
    bare_ratios: Vec<f64>,
    /// Against the bare loop followed by the moves (the archive layout's floor).
    floor_ratios: Vec<f64>,
    raw_ratios: Vec<f64>,
    rss_kib: Vec<f64>,
}

/// Per run: write `files` VC files, time the bare loop over them, integrate them, then time
/// the raw insert of the rows the pass wrote.
fn integration_runs(data: &Path, files: usize, runs: usize) -> anyhow::Result<IntegrationRuns> {
    let dir = DataDir::open(data)?;
    let data_arg = data.to_string_lossy().into_owned();
    let mut out = IntegrationRuns::default();
    for run in 0..runs {
        // Only VC files: the raw reference inserts the same client_relation rows.
        write_vc_samples(&dir, files, 1000 + run as u64)?;
        let since = max_relation_id(data)?;
        let bare = run_child(&["child-bare-loop", &data_arg])?;
        let moved = run_child(&["child-bare-moves", &data_arg])?;
        let integrated = run_child(&["child-integrate", &data_arg])?;
        let raw = run_child(&["child-raw-insert", &data_arg, &since.to_string()])?;
        let rate = integrated.items as f64 / integrated.seconds;
        let bare_rate = bare.items as f64 / bare.seconds;
        let move_rate = moved.items as f64 / moved.seconds;
        let floor_rate = bare.items as f64 / (bare.seconds + moved.seconds);
        let raw_rate = raw.items as f64 / raw.seconds;
        eprintln!(
            "run {run}: {rate:.0} files/s, bare loop {bare_rate:.0} files/s, moves alone {move_rate:.0} files/s, raw {raw_rate:.0} rows/s"
        );
        out.move_rates.push(move_rate);
        out.floor_ratios.push(rate / floor_rate);
        out.rates.push(rate);
        out.bare_rates.push(bare_rate);
        out.raw_rates.push(raw_rate);
        out.bare_ratios.push(rate / bare_rate);
        out.raw_ratios.push(rate / raw_rate);
        out.rss_kib.push(integrated.peak_rss_kib as f64);
    }
    Ok(out)
}

/// The integration rows of the Markdown table.
fn print_integration(runs_of: &IntegrationRuns, files: usize, runs: usize) {
    let same = "(same batches, same pragmas)";
    let rows: [(String, &[f64], f64, usize); 8] = [
        (
            format!("integration, change files/s ({files} VC files per run)"),
            &runs_of.rates,
            1.0,
            0,
        ),
        (
            format!("bare loop: read each file, insert one row, files/s {same}"),
            &runs_of.bare_rates,
            1.0,
            0,
        ),
        (
            "ratio integration / bare loop".into(),
            &runs_of.bare_ratios,
            1.0,
            2,
        ),
        (
            "moves alone: each file renamed out of the inbox into a folder aside, files/s".into(),
            &runs_of.move_rates,
            1.0,
            0,
        ),
        (
            "ratio integration / (bare loop, then the moves)".into(),
            &runs_of.floor_ratios,
            1.0,
            2,
        ),
        (
            format!("raw SQLite insert of the same rows, rows/s {same}"),
            &runs_of.raw_rates,
            1.0,
            0,
        ),
        (
            "ratio integration / raw insert".into(),
            &runs_of.raw_ratios,
            1.0,
            2,
        ),
        (
            "peak RSS during integration, MiB".into(),
            &runs_of.rss_kib,
            1.0 / 1024.0,
            1,
        ),
    ];
    println!("| measure | median | runs |");
    println!("|---|---|---|");
    for (label, values, scale, decimals) in rows {
        let value = median(values.to_vec()) * scale;
        println!("| {label} | {value:.decimals$} | {runs} |");
    }
}

fn all(run: RunArgs) -> anyhow::Result<()> {
    let RunArgs {
        demo,
        files,
        runs,
        work,
    } = run;
    let data = demo_data(demo, work)?;
    let data_arg = data.to_string_lossy().into_owned();
    let dir = DataDir::open(&data)?;

    // Snapshots first, on the demo data as generated (integration runs add visits).
    let mut snapshot_seconds = Vec::new();
    let mut snapshot_rss = Vec::new();
    let mut last_sizes = Vec::new();
    for _ in 0..runs.min(3) {
        let measure = run_child(&["child-snapshots", &data_arg])?;
        snapshot_seconds.push(measure.seconds);
        snapshot_rss.push(measure.peak_rss_kib as f64);
        last_sizes = measure.bytes;
    }
    let users = last_sizes.len();
    let biggest = last_sizes.iter().copied().max().unwrap_or(0);
    let median_size = median(last_sizes.iter().map(|&b| b as f64).collect());
    let compressed = compressed_size_of_biggest(&dir)?;

    let integration = integration_runs(&data, files, runs)?;
    print_integration(&integration, files, runs);
    println!(
        "| snapshot generation, all {users} users, s | {:.1} | {} |",
        median(snapshot_seconds.clone()),
        snapshot_seconds.len()
    );
    println!(
        "| snapshot size, median over users, MB | {:.1} | |",
        median_size / 1e6
    );
    println!("| largest snapshot, MB | {:.1} | |", biggest as f64 / 1e6);
    println!(
        "| largest snapshot zstd -3, MB | {:.1} | |",
        compressed as f64 / 1e6
    );
    println!(
        "| peak RSS during snapshot generation, MiB | {:.1} | {} |",
        median(snapshot_rss) / 1024.0,
        snapshot_seconds.len()
    );
    Ok(())
}

fn write_vc_samples(dir: &DataDir, count: usize, seed: u64) -> anyhow::Result<()> {
    write_samples(
        dir,
        &SampleSpec {
            count,
            seed,
            now: Utc::now(),
            visits_only: true,
        },
    )?;
    Ok(())
}

fn compressed_size_of_biggest(dir: &DataDir) -> anyhow::Result<u64> {
    let mut biggest: Option<(u64, PathBuf)> = None;
    for user in std::fs::read_dir(dir.snapshots())? {
        for file in std::fs::read_dir(user?.path())? {
            let path = file?.path();
            if path.extension().is_some_and(|e| e == "sqlite") {
                let size = std::fs::metadata(&path)?.len();
                if biggest.as_ref().is_none_or(|(b, _)| size > *b) {
                    biggest = Some((size, path));
                }
            }
        }
    }
    let Some((_, path)) = biggest else {
        return Ok(0);
    };
    let bytes = std::fs::read(&path)?;
    Ok(zstd::encode_all(bytes.as_slice(), 3)?.len() as u64)
}

fn tempfile_dir(work: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = match work {
        Some(dir) => dir,
        None => std::env::temp_dir().join(format!("tournee-bench-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Rebuilds every file (which records where each stands), changes `percent` % of the
/// active clients (a field of the client, a visit, the month's sales), then patches every
/// file; the rebuild of the same data is the reference. Then changes another slice and
/// patches the reps' files only, to tell their share from the admins' team figures.
fn snapshot_patch(args: &PatchArgs) -> anyhow::Result<()> {
    let data = args.data.to_string_lossy().into_owned();
    let (mut rebuilds, mut patches, mut reps) = (Vec::new(), Vec::new(), Vec::new());
    let (mut files, mut patched, mut rep_files, mut changed, mut rss) = (0, 0, 0, 0, 0);
    for run in 0..args.runs {
        let rebuilt = run_child(&["child-snapshots", &data])?;
        changed = change_clients(&args.data, args.percent, run)?;
        let patch = run_child(&["child-snapshots", &data, "--patch"])?;
        change_clients(&args.data, args.percent, run + 50)?;
        let reps_only = run_child(&["child-snapshots", &data, "--patch", "--reps-only"])?;
        eprintln!(
            "run {run}: rebuild {:.2} s, patch {:.2} s ({} of {} files patched), reps only {:.2} s ({} files); {changed} clients changed",
            rebuilt.seconds,
            patch.seconds,
            patch.items,
            patch.bytes.len(),
            reps_only.seconds,
            reps_only.items,
        );
        rebuilds.push(rebuilt.seconds);
        patches.push(patch.seconds);
        reps.push(reps_only.seconds);
        files = patch.bytes.len();
        patched = patch.items;
        rep_files = reps_only.items;
        rss = rss.max(patch.peak_rss_kib);
    }
    let (rebuild, patch, reps) = (median(rebuilds), median(patches), median(reps));
    println!(
        "| {changed} clients changed ({} %) | seconds (median of {}) | ratio to the rebuild |",
        args.percent, args.runs
    );
    println!("|---|---|---|");
    println!("| rebuild of all {files} files (reference) | {rebuild:.2} | 1 |");
    println!(
        "| patch of all files ({patched} patched, peak RSS {:.0} MiB) | **{patch:.2}** | {:.2} |",
        rss as f64 / 1024.0,
        patch / rebuild
    );
    println!(
        "| patch of the {rep_files} reps' files (no team figures) | **{reps:.2}** | {:.2} |",
        reps / rebuild
    );
    Ok(())
}

/// Changes `percent` % of the active clients, a different slice each run: a phone number,
/// a visit today by the client's rep, this month's sales. Returns how many.
fn change_clients(data: &Path, percent: f64, run: usize) -> anyhow::Result<usize> {
    let mut master = open_master(&data.join("tournee.sqlite"))?;
    let codes: Vec<String> = master
        .prepare(
            "SELECT c_client FROM client WHERE actif = 1 AND c_rep IS NOT NULL ORDER BY c_client",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let step = (100.0 / percent).round().max(1.0) as usize;
    let today = Utc::now().date_naive();
    let month = today.format("%Y-%m").to_string();
    let tx = master.transaction()?;
    let mut changed = 0;
    for code in codes.iter().skip(run % step).step_by(step) {
        tx.execute(
            "UPDATE client SET tel_2 = '04 72 00 ' || substr('0' || ?2, -2) || ' 00' WHERE c_client = ?1",
            rusqlite::params![code, run as i64],
        )?;
        tx.execute(
            "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, \
               c_entite, c_user, type_relation, objet, commentaire) \
             SELECT 'CRV', ?2, '10:00', 'C', c_client, c_rep, 'V', 'Visite', 'Banc d''essai' \
             FROM client WHERE c_client = ?1",
            rusqlite::params![code, today.to_string()],
        )?;
        tx.execute(
            "INSERT INTO sales_month (c_client, month, amount_cents) VALUES (?1, ?2, 100) \
             ON CONFLICT (c_client, month) DO UPDATE SET amount_cents = amount_cents + 100",
            rusqlite::params![code, month],
        )?;
        changed += 1;
    }
    tx.commit()?;
    Ok(changed)
}

/// Removes a scratch master and its WAL files.
fn remove_master(db: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| path.display().to_string()),
        }
    }
    Ok(())
}

/// The demo written as ERP files, then `percent` % of its clients, relations and sales
/// changed and written again: (unchanged folder, changed folder, rows per file).
fn erp_bench_files(
    args: &ErpArgs,
    work: &Path,
) -> anyhow::Result<(PathBuf, PathBuf, tournee_store::WrittenRows)> {
    let (files, changed) = (work.join("erp-files"), work.join("erp-files-changed"));
    if args.reuse_files {
        let mut written = Vec::new();
        for file in tournee_store::erp_file_names() {
            let bytes = std::fs::read(files.join(file))
                .with_context(|| format!("{file} of an earlier run in {}", files.display()))?;
            let mut csv = tournee_csv::stream_csv(&bytes)?;
            let mut rows = 0;
            while csv.next_row()?.is_some() {
                rows += 1;
            }
            written.push((file, rows));
        }
        anyhow::ensure!(changed.is_dir(), "no {} to reuse", changed.display());
        return Ok((files, changed, written));
    }
    let source = work.join("erp-source.sqlite");
    let today = Utc::now().date_naive();
    remove_master(&source)?;
    let mut conn = open_master(&source)?;
    let spec = match args.demo {
        Size::Full => tournee_store::DemoSpec::full(today),
        Size::Small => tournee_store::DemoSpec::small(today),
    };
    let started = Instant::now();
    tournee_store::fill_demo(&mut conn, &spec)?;
    let written = tournee_store::write_erp_files(&conn, &files)?;
    eprintln!(
        "demo written as ERP files in {:.1} s: {written:?}",
        started.elapsed().as_secs_f64()
    );
    let step = (100.0 / args.percent).round().max(1.0) as i64;
    conn.execute_batch(&format!(
        "UPDATE client SET tel_2 = '04 72 00 00 99' WHERE rowid % {step} = 0;
         UPDATE client_relation SET commentaire = commentaire || ' (revu)' WHERE id % {step} = 0;
         UPDATE sales_month SET amount_cents = amount_cents + 100
           WHERE (CAST(substr(c_client, 2) AS INTEGER) + CAST(substr(month, 6) AS INTEGER)) % {step} = 0;"
    ))?;
    tournee_store::write_erp_files(&conn, &changed)?;
    drop(conn);
    remove_master(&source)?;
    Ok((files, changed, written))
}

/// Imports into an empty master, a bare insert of the same rows, and the re-import of
/// the changed files into a copy of the imported master; medians as Markdown.
fn erp_import(args: &ErpArgs) -> anyhow::Result<()> {
    let work = tempfile_dir(args.work.clone())?;
    let (files, changed, written) = erp_bench_files(args, &work)?;
    let (run_db, bare_db, again_db) = (
        work.join("erp-run.sqlite"),
        work.join("erp-bare.sqlite"),
        work.join("erp-again.sqlite"),
    );
    let text = |p: &Path| p.to_string_lossy().into_owned();
    let (mut imports, mut bares, mut agains, mut rss) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut counts = Vec::new();
    for run in 0..args.runs {
        remove_master(&run_db)?;
        let import = run_child(&["child-erp-import", &text(&run_db), &text(&files)])?;
        remove_master(&bare_db)?;
        let bare = run_child(&["child-erp-bare", &text(&bare_db), &text(&files)])?;
        remove_master(&again_db)?;
        std::fs::copy(&run_db, &again_db)?;
        let again = run_child(&["child-erp-import", &text(&again_db), &text(&changed)])?;
        eprintln!(
            "run {run}: import {:.2} s, bare insert {:.2} s, re-import {:.2} s (inserted/updated/unchanged {:?})",
            import.seconds, bare.seconds, again.seconds, again.counts
        );
        imports.push(import.seconds);
        bares.push(bare.seconds);
        agains.push(again.seconds);
        rss = rss.max(import.peak_rss_kib);
        counts = again.counts;
    }
    for db in [&run_db, &bare_db, &again_db] {
        remove_master(db)?;
    }
    let rows: u64 = written.iter().map(|(_, n)| n).sum();
    let (import, bare, again) = (median(imports), median(bares), median(agains));
    println!(
        "| {rows} rows ({}) | seconds (median of {}) | ratio to the bare insert |",
        written
            .iter()
            .map(|(f, n)| format!("{f} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        args.runs
    );
    println!("|---|---|---|");
    println!("| bare insert of the same rows into an empty master (reference) | {bare:.2} | 1 |");
    println!(
        "| `erp import` into an empty master (peak RSS {:.0} MiB) | **{import:.2}** | {:.2} |",
        rss as f64 / 1024.0,
        import / bare
    );
    println!(
        "| `erp import` again, {} % changed ({} updated, {} unchanged) | **{again:.2}** | {:.2} |",
        args.percent,
        counts.get(1).copied().unwrap_or(0),
        counts.get(2).copied().unwrap_or(0),
        again / bare
    );
    Ok(())
}

fn child_erp_import(db: &Path, from: &Path) -> anyhow::Result<()> {
    let mut conn = open_master(db)?;
    let started = Instant::now();
    let run = tournee_store::import_erp(&mut conn, from, Utc::now())?;
    let seconds = started.elapsed().as_secs_f64();
    if run.fault.is_some() || !run.refusals.is_empty() {
        bail!(
            "the bench's files should import whole: {}",
            tournee_server::erp_report_text(&run)
        );
    }
    let sum = |f: fn(&tournee_store::FileReport) -> u64| run.files.iter().map(f).sum::<u64>();
    report(&Measure {
        seconds,
        items: sum(|f| f.read),
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: vec![
            sum(|f| f.inserted),
            sum(|f| f.updated),
            sum(|f| f.unchanged),
        ],
    })
}

/// The reference: every file's cells inserted as text into the same tables of an empty
/// master (same pragmas as `erp import`'s, the 256 MiB page cache and temporary data in
/// memory included; indexes and triggers in place), one transaction, prepared statements;
/// the files are read before the clock starts.
fn child_erp_bare(db: &Path, from: &Path) -> anyhow::Result<()> {
    let mut conn = open_master(db)?;
    conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;")?;
    let mut tables = Vec::new();
    for file in tournee_store::erp_file_names() {
        let bytes = std::fs::read(from.join(file))?;
        let csv = tournee_csv::read_csv(&bytes)?;
        let columns = tournee_store::erp_columns(file).context("an ERP file")?;
        tables.push((file, columns, csv.rows));
    }
    let started = Instant::now();
    let tx = conn.transaction()?;
    let mut items = 0;
    for (file, columns, rows) in &tables {
        let table = file.trim_end_matches(".csv");
        let names: Vec<&str> = columns.iter().map(|(_, db)| *db).collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        let mut stmt = tx.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        ))?;
        for row in rows {
            stmt.execute(rusqlite::params_from_iter(row.cells.iter()))?;
            items += 1;
        }
    }
    tx.commit()?;
    report(&Measure {
        seconds: started.elapsed().as_secs_f64(),
        items,
        peak_rss_kib: peak_rss_kib(),
        bytes: Vec::new(),
        counts: Vec::new(),
    })
}
