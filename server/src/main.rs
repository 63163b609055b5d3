//! `tournee-server`: command-line entry point. Parses arguments, sets up logging,
//! and calls the library; no business logic lives here.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use tournee_server::integrate_pass;
use tournee_server::office_refusal;
use tournee_server::raise_descriptor_limit;
use tournee_server::DataDir;
use tournee_server::LogSink;
use tournee_server::{init, DemoSize};
use tournee_server::{regenerate_snapshots, send_due_mail};
use tournee_server::{write_samples, SampleSpec};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::Regeneration;

/// Threads for blocking work (database, files) in `run`; the reserve of
/// `[limits] reserved_file_descriptors` is sized for their connections.
const BLOCKING_THREADS: usize = 64;

/// Tournée server: integrates the reps' change files and publishes their offline databases.
#[derive(Debug, Parser)]
#[command(name = "tournee-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DemoArg {
    /// 50,000 clients, 30 reps, 1,000,000 visits over three years.
    Full,
    /// 600 clients, 6 reps: for tests and a quick look.
    Small,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a data directory (layout, database, default parameters).
    Init {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// Fill it with the deterministic French demo data set.
        #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "full")]
        demo: Option<DemoArg>,
        /// The day the demo data ends (default: today), `YYYY-MM-DD`.
        #[arg(long, value_parser = |text: &str| tournee_core::iso_date::parse_iso_date(text).ok_or("YYYY-MM-DD expected"))]
        today: Option<NaiveDate>,
        /// Password of the back-office `admin` account (default: generated and printed once).
        #[arg(long)]
        admin_password: Option<String>,
        /// Serve the built-in HTTPS sync transport on this address (written to config.toml).
        #[arg(long)]
        sync_listen: Option<std::net::SocketAddr>,
        /// Host name or IP address laptops use to reach the server (repeatable), put in
        /// the self-signed certificate besides localhost.
        #[arg(long = "tls-name")]
        tls_names: Vec<String>,
    },
    /// Integrate what waits in the inbox, then exit with a summary.
    Integrate {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// One pass and exit (the only mode; the automaton is `run`).
        #[arg(long)]
        once: bool,
        /// Pretend the server clock shows this instant (tests).
        #[arg(long)]
        now: Option<DateTime<Utc>>,
    },
    /// Regenerate offline databases.
    Snapshot {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// Only this user (repeatable); every active user by default.
        #[arg(long)]
        user: Vec<String>,
        /// Rebuild every file instead of patching the previous ones with what changed.
        #[arg(long)]
        rebuild: bool,
        /// Pretend the server clock shows this instant (tests).
        #[arg(long)]
        now: Option<DateTime<Utc>>,
    },
    /// Run the automaton and the back office until SIGTERM / Ctrl-C.
    Run {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// Back-office address (default: `office_listen` of config.toml).
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// HTTPS sync transport address (default: `sync_listen` of config.toml, if any).
        #[arg(long)]
        sync_listen: Option<std::net::SocketAddr>,
    },
    /// Send the mails that are due (SMTP, or .eml files without SMTP), then exit.
    Mail {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// Pretend the server clock shows this instant (tests).
        #[arg(long)]
        now: Option<DateTime<Utc>>,
    },
    /// Write realistic change files from the demo reps into the inbox.
    Samples {
        /// The data directory (initialised with --demo).
        #[arg(long)]
        data: PathBuf,
        /// How many files.
        #[arg(long, default_value_t = 200)]
        count: usize,
        /// Seed of the deterministic generator.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// The ERP bridge (docs/erp-bridge.md).
    Erp {
        #[command(subcommand)]
        action: ErpCommand,
    },
    /// Signed updates of the field app (docs/guide-deploiement.md, « Mises à jour des
    /// portables »).
    Update {
        #[command(subcommand)]
        action: UpdateCommand,
    },
    /// Back-office accounts from the server's console, when nobody can sign in.
    Account {
        #[command(subcommand)]
        action: AccountCommand,
    },
    /// Issue a one-time enrollment code for a rep's laptop (as the back office's
    /// « Appareils » page does), for scripted deployments.
    DeviceCode {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The rep (Windows login of the user mapping).
        #[arg(long)]
        user: String,
    },
    /// Write one backup file of what the data directory cannot rebuild (the database,
    /// copied consistently while the server runs, its settings, certificate and the files
    /// still to act on); see docs/guide-deploiement.md.
    Backup {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The backup file to create (never overwritten).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup file into a new data directory (missing or empty), after checking
    /// every file against the backup's manifest and the database's integrity.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// The new data directory.
        #[arg(long)]
        data: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ErpCommand {
    /// Apply the ERP's export files (app_user.csv, client.csv, client_contact.csv,
    /// sales_month.csv, client_relation.csv) to the master by key, in one transaction,
    /// and print the run's report. Exits with 1 when a file was refused (nothing applied),
    /// 2 when some rows were refused (the rest applied).
    Import {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The folder holding the files (default: `erp_in` of config.toml, DATA/erp/in).
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Write the rows Tournée created for the ERP (visits and modification-request notes
    /// as annex-1 `client_relation` rows, validated clients with every annex-2 value) into
    /// DATA/erp/out, each row once, recorded in the export ledger.
    Export {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// `utf-8` or `windows-1252` (default: `erp_out_encoding` of config.toml, utf-8).
        #[arg(long, value_parser = |text: &str| tournee_store::ExportEncoding::parse(text).ok_or("utf-8 or windows-1252 expected"))]
        encoding: Option<tournee_store::ExportEncoding>,
        /// Pretend the server clock shows this instant (tests).
        #[arg(long)]
        now: Option<DateTime<Utc>>,
    },
    /// Write a file of the export ledger into DATA/erp/out again, byte for byte (a file
    /// the ERP lost); no row is recorded again.
    Reemit {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The file's name, as the ledger has it (tournee-<kind>-<date>-<number>.csv).
        #[arg(long)]
        file: String,
    },
}

#[derive(Debug, Subcommand)]
enum UpdateCommand {
    /// Make the key pair that signs the field app's updates. Keep the secret key with
    /// whoever builds releases, never on the server; build the app with the public key
    /// (TOURNEE_UPDATE_PUBKEY, or packaging/build-deb.sh --update-key).
    Keygen {
        /// The secret key file to create (never overwritten; mode 0600).
        #[arg(long)]
        secret: PathBuf,
        /// The public key file to create.
        #[arg(long)]
        public: PathBuf,
    },
    /// Sign a package for a version; prints the signature (what `--signature` reads).
    Sign {
        /// The package.
        #[arg(long)]
        file: PathBuf,
        /// Its version.
        #[arg(long)]
        version: String,
        /// The secret key (password of an encrypted key in TOURNEE_UPDATE_KEY_PASSWORD).
        #[arg(long)]
        key: PathBuf,
    },
    /// Publish a package to the enrolled laptops (through the built-in HTTPS transport).
    Publish {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The package: the field app's `.deb`, its AppImage, or its NSIS installer.
        #[arg(long)]
        file: PathBuf,
        /// The laptops' installed form it is for (linux-x86_64-deb, linux-x86_64-appimage,
        /// windows-x86_64-nsis); read from the package when not given. Each form keeps
        /// its own release.
        #[arg(long)]
        platform: Option<tournee_sync::UpdatePlatform>,
        /// Its version (above the laptops' for them to offer it).
        #[arg(long)]
        version: String,
        /// Its signature file (`update sign`, `tauri signer sign`).
        #[arg(long, conflicts_with = "key", required_unless_present = "key")]
        signature: Option<PathBuf>,
        /// Or sign it here with this secret key.
        #[arg(long)]
        key: Option<PathBuf>,
        /// What changed, shown to the reps.
        #[arg(long)]
        notes: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Lift an account's back-off after failed logins (its password is unchanged).
    Unlock {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The account's login.
        login: String,
    },
    /// Draw a new password for an account, print it once, end its sessions; it must be
    /// changed at the next login.
    ResetPassword {
        /// The data directory.
        #[arg(long)]
        data: PathBuf,
        /// The account's login.
        login: String,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Init {
            data,
            demo,
            today,
            admin_password,
            sync_listen,
            tls_names,
        } => {
            let _no_log_file = init_logging(None);
            let size = match demo {
                None => DemoSize::None,
                Some(DemoArg::Full) => DemoSize::Full,
                Some(DemoArg::Small) => DemoSize::Small,
            };
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let started = std::time::Instant::now();
            let report = init(&data, size, today, admin_password.as_deref())
                .with_context(|| format!("initialising {}", data.display()))?;
            println!("data directory ready: {}", data.display());
            let dir = DataDir::open(&data)?;
            let fingerprint = tournee_server::ensure_https(&dir, sync_listen, &tls_names)
                .context("preparing the HTTPS certificate")?;
            println!("HTTPS certificate SHA-256 (laptops pin it at enrollment): {fingerprint}");
            if let Some(password) = &report.admin_password {
                println!(
                    "back-office account created: login `admin`, password `{password}` (shown once; to be changed at first login)"
                );
            }
            if let Some(summary) = report.demo {
                println!(
                    "demo data: {} users, {} agencies, {} clients, {} contacts, {} relations, {} sales rows, {} prospects, {} prospect visits, {} parties ({} people, {} actions, {} replies, {} todos) ({:.1} s)",
                    summary.users,
                    summary.agencies,
                    summary.clients,
                    summary.contacts,
                    summary.relations,
                    summary.sales_rows,
                    summary.prospects,
                    summary.prospect_visits,
                    summary.parties,
                    summary.people,
                    summary.actions,
                    summary.replies,
                    summary.todos,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Command::Integrate { data, once, now } => {
            if !once {
                anyhow::bail!(
                    "`integrate` runs one pass: add --once (the long-running automaton is `run`)"
                );
            }
            let dir = DataDir::open(&data)?;
            let _no_log_file = init_logging(None);
            let mut conn = open_master(&dir.database())?;
            let params = Parameters::load(&conn)?;
            let summary = integrate_pass(
                &dir,
                &mut conn,
                now.unwrap_or_else(Utc::now),
                &params,
                &AtomicBool::new(false),
            )?;
            for file in &summary.files {
                let detail = match &file.outcome {
                    tournee_store::Outcome::Failed(rejection) => {
                        let words = office_refusal(&rejection.detail);
                        format!(" ({}: {words})", rejection.reason.code())
                    }
                    _ => String::new(),
                };
                println!(
                    "{}\t{}/{}{}",
                    file.outcome.name(),
                    file.folder,
                    file.file_name,
                    detail
                );
            }
            println!("{}", summary.line());
        }
        Command::Snapshot {
            data,
            user,
            rebuild,
            now,
        } => {
            let dir = DataDir::open(&data)?;
            let _no_log_file = init_logging(None);
            let conn = open_master(&dir.database())?;
            let params = Parameters::load(&conn)?;
            drop(conn);
            let users = (!user.is_empty()).then_some(user);
            let regeneration = if rebuild {
                Regeneration::Rebuild
            } else {
                Regeneration::Patch
            };
            let now = now.unwrap_or_else(Utc::now);
            let reports = regenerate_snapshots(&dir, &params, users, regeneration, now)?;
            for report in &reports {
                println!(
                    "{}\t{}\t{}\t{} bytes\t{} clients\t{} visits\t{} prospects",
                    report.user,
                    if report.patched { "patched" } else { "rebuilt" },
                    report.path.display(),
                    report.bytes,
                    report.clients,
                    report.relations,
                    report.prospects
                );
            }
            println!(
                "{} snapshots published in {}",
                reports.len(),
                dir.snapshots().display()
            );
        }
        Command::Run {
            data,
            listen,
            sync_listen,
        } => {
            let dir = DataDir::open(&data)?;
            let logs = init_logging(Some(&dir));
            let problems = dir.config.limits.problems();
            if !problems.is_empty() {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                anyhow::bail!("{}", lines.join("\n"));
            }
            match raise_descriptor_limit() {
                Ok(limit) => tracing::info!(open_files = limit, "open-files limit"),
                Err(error) => tracing::warn!("open-files limit not raised: {error}"),
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                // Each blocking task may hold a database connection (three descriptors):
                // bounded, so that connections cannot eat the automaton's reserve.
                .max_blocking_threads(BLOCKING_THREADS)
                .enable_all()
                .build()
                .context("starting the async runtime")?;
            let listen = listen.unwrap_or(dir.config.office_listen);
            let sync_listen = sync_listen.or(dir.config.sync_listen);
            runtime.block_on(tournee_server::run(dir, listen, sync_listen, logs))?;
        }
        Command::Mail { data, now } => {
            let dir = DataDir::open(&data)?;
            let _no_log_file = init_logging(None);
            let conn = open_master(&dir.database())?;
            let params = Parameters::load(&conn)?;
            let summary = send_due_mail(&dir, &conn, &params, now.unwrap_or_else(Utc::now))?;
            println!(
                "mail: sent {}, failed {} (retried later)",
                summary.sent, summary.failed
            );
        }
        Command::Account { action } => account(action)?,
        Command::Erp { action } => erp(action)?,
        Command::Update { action } => update(action)?,
        Command::Backup { data, to } => {
            let _no_log_file = init_logging(None);
            let report = tournee_server::backup(&data, &to, Utc::now())
                .with_context(|| format!("backing up {}", data.display()))?;
            println!(
                "backup written: {} ({} files, {} bytes, database schema {})",
                report.file.display(),
                report.files,
                report.bytes,
                report.schema_version
            );
            for path in &report.skipped {
                eprintln!(
                    "not backed up (not a plain file; links are never followed): {}",
                    path.display()
                );
            }
        }
        Command::Restore { from, data } => {
            let _no_log_file = init_logging(None);
            let report = tournee_server::restore(&from, &data)
                .with_context(|| format!("restoring {}", from.display()))?;
            println!(
                "restored into {}: {} files, database schema {}, backup of {}",
                report.data.display(),
                report.files,
                report.schema_version,
                report.created_at
            );
            for note in &report.notes {
                eprintln!("to do: {note}");
            }
        }
        Command::DeviceCode { data, user } => {
            let dir = DataDir::open(&data)?;
            let _no_log_file = init_logging(None);
            let conn = open_master(&dir.database())?;
            let issued = tournee_store::issue_code(&conn, &user, "cli", Utc::now())?;
            let fingerprint = tournee_server::fingerprint(&dir.tls_cert())?;
            println!("{}", issued.code);
            eprintln!(
                "enrollment code for {user}, valid until {} (one use); certificate SHA-256 {fingerprint}",
                issued.expires_at.to_rfc3339()
            );
        }
        Command::Samples { data, count, seed } => {
            let dir = DataDir::open(&data)?;
            let _no_log_file = init_logging(None);
            let written = write_samples(
                &dir,
                &SampleSpec {
                    count,
                    seed,
                    now: Utc::now(),
                    visits_only: false,
                },
            )?;
            println!(
                "{written} change files written under {}",
                dir.inbox().display()
            );
        }
    }
    Ok(())
}

/// `tournee-server erp …`: the ERP bridge, inbound and outbound.
fn update(action: UpdateCommand) -> anyhow::Result<()> {
    use tournee_server::update;
    let _no_log_file = init_logging(None);
    match action {
        UpdateCommand::Keygen { secret, public } => {
            let key = update::keygen(&secret, &public)?;
            println!("public key (build the app with it): {key}");
        }
        UpdateCommand::Sign { file, version, key } => {
            println!("{}", update::sign(&file, &version, &key)?);
        }
        UpdateCommand::Publish {
            data,
            file,
            platform,
            version,
            signature,
            key,
            notes,
        } => {
            let dir = DataDir::open(&data)?;
            let signing = match (&signature, &key) {
                (Some(path), _) => update::Signing::Signature(path),
                (None, Some(path)) => update::Signing::Key(path),
                (None, None) => anyhow::bail!("--signature or --key: one is needed"),
            };
            let (platform, release) = update::publish(
                &dir,
                &update::Publish {
                    file: &file,
                    platform,
                    version: &version,
                    notes: notes.as_deref(),
                    signing,
                },
            )?;
            println!(
                "published version {} for {} ({} bytes, sha256 {})",
                release.version, platform, release.size, release.sha256
            );
        }
    }
    Ok(())
}

fn erp(action: ErpCommand) -> anyhow::Result<()> {
    let _no_log_file = init_logging(None);
    match action {
        ErpCommand::Import { data, from } => {
            let dir = DataDir::open(&data)?;
            let folder = from.unwrap_or_else(|| dir.erp_inbox());
            let mut conn = open_master(&dir.database())?;
            let run = tournee_store::import_erp(&mut conn, &folder, Utc::now())
                .with_context(|| format!("importing the ERP files of {}", folder.display()))?;
            print!("{}", tournee_server::erp_report_text(&run));
            match run.outcome {
                tournee_store::RunOutcome::Refused => std::process::exit(1),
                _ if !run.refusals.is_empty() => std::process::exit(2),
                _ => {}
            }
        }
        ErpCommand::Export {
            data,
            encoding,
            now,
        } => {
            let mut dir = DataDir::open(&data)?;
            if let Some(encoding) = encoding {
                dir.config.erp_out_encoding = encoding;
            }
            let mut conn = open_master(&dir.database())?;
            let report =
                tournee_server::export_for_erp(&dir, &mut conn, now.unwrap_or_else(Utc::now))
                    .with_context(|| {
                        format!("writing the ERP files into {}", dir.erp_outbox().display())
                    })?;
            for file in &report.recorded {
                println!(
                    "recorded\t{}\t{}\t{} rows\t{} bytes\tsha256 {}",
                    file.name, file.kind, file.rows, file.bytes, file.sha256
                );
                if file.replaced > 0 {
                    eprintln!(
                        "{}: {} characters Windows-1252 lacks were written as ?",
                        file.name, file.replaced
                    );
                }
            }
            for name in &report.written {
                println!("written\t{}", dir.erp_outbox().join(name).display());
            }
            println!(
                "erp export: {} files recorded, {} written into {}",
                report.recorded.len(),
                report.written.len(),
                dir.erp_outbox().display()
            );
        }
        ErpCommand::Reemit { data, file } => {
            let dir = DataDir::open(&data)?;
            let conn = open_master(&dir.database())?;
            let again = tournee_store::reemit(&conn, &dir.erp_outbox(), &file, Utc::now())
                .with_context(|| format!("re-emitting {file}"))?;
            println!(
                "written again\t{}\t{} rows\t{} bytes\tsha256 {}",
                dir.erp_outbox().join(&again.name).display(),
                again.rows,
                again.bytes,
                again.sha256
            );
        }
    }
    Ok(())
}

/// `tournee-server account …`: what an admin does when nobody can sign in.
fn account(action: AccountCommand) -> anyhow::Result<()> {
    use tournee_store::{reset_password, unlock_account};
    let _no_log_file = init_logging(None);
    match action {
        AccountCommand::Unlock { data, login } => {
            let dir = DataDir::open(&data)?;
            let conn = open_master(&dir.database())?;
            unlock_account(&conn, &login)?;
            println!("account `{login}` unlocked: its failed logins are forgotten");
        }
        AccountCommand::ResetPassword { data, login } => {
            let dir = DataDir::open(&data)?;
            let conn = open_master(&dir.database())?;
            let password = reset_password(&conn, &login)?;
            println!("{password}");
            eprintln!(
                "new password of `{login}` (shown once; to be changed at the next login); its sessions are ended"
            );
        }
    }
    Ok(())
}

/// Logs to stderr, and for the automaton also to a daily file in the log folder, whose
/// sink is returned so the automaton can follow the folder when the admin moves it.
fn init_logging(dir: Option<&DataDir>) -> Option<LogSink> {
    use tracing_subscriber::prelude::*;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let sink = dir.map(|dir| LogSink::new(&dir.logs()));
    let file = sink.clone().map(|sink| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(sink)
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(file)
        .init();
    sink
}
