//! `tournee-server init`: a new data directory, optionally filled with the demo data set.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use tournee_store::all_users;
use tournee_store::ensure_default_admin;
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::{fill_demo_through_erp, DemoBridgeError, DemoSpec, DemoSummary};

use crate::datadir::DataDir;
use crate::sentences::{office_error, OFFICE};

/// Which demo data set to load, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSize {
    /// No demo data: an empty master with default parameters.
    None,
    /// The full set (50,000 clients, 30 reps, 1,000,000 relations).
    Full,
    /// A small set for tests and quick looks.
    Small,
}

/// Errors of `init`.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The data directory could not be created.
    #[error(transparent)]
    DataDir(#[from] crate::datadir::DataDirError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] tournee_store::StoreError),
    /// The admin account could not be created (a password too short, for one): worded
    /// from the catalogue, for the admin at the terminal.
    #[error("{}", office_error(.0, OFFICE).say(OFFICE))]
    Account(#[from] tournee_store::OfficeError),
    /// The demo's ERP files were not imported whole.
    #[error(transparent)]
    Demo(#[from] DemoBridgeError),
    /// Demo data asked for a database that already holds clients.
    #[error("{0} already holds data; demo data goes into a new data directory only")]
    NotEmpty(String),
    /// A per-user folder could not be created.
    #[error("{path}: {source}")]
    Io {
        /// The folder.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// What `init` did that the person running it must know.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Rows of the demo data set, when loaded.
    pub demo: Option<DemoSummary>,
    /// The password of the back-office `admin` account just created (shown once).
    pub admin_password: Option<String>,
}

/// Creates (or completes) a data directory: layout, schema, default parameters, the
/// back-office `admin` account (with `admin_password` or a generated one) and, when asked,
/// the demo data.
pub fn init(
    root: &Path,
    demo: DemoSize,
    today: NaiveDate,
    admin_password: Option<&str>,
) -> Result<InitReport, InitError> {
    let dir = DataDir::create(root)?;
    let mut conn = open_master(&dir.database())?;
    if tournee_store::Parameters::raw(&conn, "visit_form")?.is_none() {
        Parameters::default().save(&conn)?;
    }
    let admin_password = ensure_default_admin(&conn, admin_password, chrono::Utc::now())?;
    let summary = match demo {
        DemoSize::None => None,
        DemoSize::Full | DemoSize::Small => {
            let clients = tournee_store::client_count(&conn)?;
            if clients > 0 {
                return Err(InitError::NotEmpty(dir.database().display().to_string()));
            }
            let spec = if demo == DemoSize::Full {
                DemoSpec::full(today)
            } else {
                DemoSpec::small(today)
            };
            // Through the ERP bridge, as a company's data arrives: the ERP's part written
            // as its export files, imported by `erp import`'s code (docs/erp-bridge.md).
            let folder = dir.root.join("erp").join("demo");
            let scratch = dir.root.join("erp").join(".demo-source.sqlite");
            let (summary, _run) = fill_demo_through_erp(&mut conn, &spec, &folder, &scratch)?;
            // The small demo's files stay as an example of the format (a few megabytes);
            // the full demo's (about 220 MB) are removed.
            if demo == DemoSize::Full {
                fs::remove_dir_all(&folder).map_err(|source| InitError::Io {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
            Some(summary)
        }
    };
    for user in all_users(&conn)? {
        for root in [dir.inbox(), dir.snapshots()] {
            let folder = root.join(&user.windows_user);
            fs::create_dir_all(&folder).map_err(|source| InitError::Io {
                path: folder.display().to_string(),
                source,
            })?;
        }
    }
    Ok(InitReport {
        demo: summary,
        admin_password,
    })
}

/// Makes the HTTPS transport ready: a self-signed certificate when none exists yet
/// (for `names` besides localhost), and `sync_listen` written to `config.toml` when
/// given and not set already. Returns the certificate's SHA-256, which the admin can
/// compare with what a laptop shows at enrollment.
pub fn ensure_https(
    dir: &DataDir,
    sync_listen: Option<std::net::SocketAddr>,
    names: &[String],
) -> Result<String, crate::https::tls::TlsError> {
    let (cert, key) = (dir.tls_cert(), dir.tls_key());
    if !cert.exists() {
        let mut all = names.to_vec();
        if let Ok(host) = fs::read_to_string("/etc/hostname") {
            all.push(host.trim().to_string());
        }
        crate::https::tls::generate_self_signed(&cert, &key, &all)?;
    }
    if let (Some(addr), None) = (sync_listen, dir.config.sync_listen) {
        let path = dir.root.join("config.toml");
        let io = |source| crate::https::tls::TlsError::Io {
            path: path.clone(),
            source,
        };
        let mut text = fs::read_to_string(&path).map_err(io)?;
        let line = format!("sync_listen = \"{addr}\"\n");
        // Before the first table (`[limits]`, even commented out, as an admin may
        // uncomment it): a key after it would belong to that table.
        let table = ["\n[", "\n# ["]
            .iter()
            .filter_map(|header| text.find(header))
            .min();
        match table {
            Some(at) => text.insert_str(at + 1, &line),
            None => text.push_str(&line),
        }
        fs::write(&path, text).map_err(io)?;
    }
    crate::https::tls::fingerprint(&cert)
}
