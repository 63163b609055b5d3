//! The data directory: one tenant's whole state in one folder.
//!
//! ```text
//! DIR/config.toml        deployment settings (this file's [`ServerConfig`])
//! DIR/tournee.sqlite     master database (+ -wal, -shm while open)
//! DIR/inbox/<user>/      change files arriving from each rep's outbox
//! DIR/parked/<user>/     changes waiting for their prospect's CP
//! DIR/archive/YYYY-MM-DD/<user>/   integrated files and duplicates, by day
//! DIR/failed/<user>/     refused files, each with <file>.error.txt
//! DIR/snapshots/<user>/  offline databases + manifest.json, towards each laptop
//! DIR/logs/              server logs
//! DIR/cache/build/<user>/  snapshots being built (never in a synced folder)
//! DIR/mail/              mails as .eml files when no SMTP server is configured
//! DIR/erp/in/            the ERP's export files for `erp import` (`erp_in` may move it)
//! DIR/erp/out/           files for the ERP to import, written by `erp export`
//! DIR/integration.lock   held by the one process integrating at a time
//! ```
//! The inbox and snapshot folders may live elsewhere (the brief makes them
//! parameters): `config.toml` can point them at the folders a sync tool shares.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Errors about the data directory itself.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    /// A folder or the config file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `config.toml` is not valid.
    #[error("{path}: {source}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong.
        source: toml::de::Error,
    },
    /// The folder was never initialised.
    #[error("{0} is not a Tournée data directory (run `tournee-server init --data {0}` first)")]
    NotInitialised(PathBuf),
}

/// Deployment settings kept in `config.toml` (parameters the admin edits live in the database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Absolute path of the inbox root, or relative to the data directory.
    pub inbox: PathBuf,
    /// Absolute path of the snapshot root, or relative to the data directory.
    pub snapshots: PathBuf,
    /// Where logs go.
    pub logs: PathBuf,
    /// Files read, checked and integrated together (the reading unit of a pass).
    pub batch_size: usize,
    /// Longest a durability group runs before its commit, in milliseconds: the batches of
    /// a group are integrated in one database transaction, and its files leave the inbox
    /// only once it is committed. 0: every batch is committed on its own.
    pub group_millis: u64,
    /// Address the back office listens on (behind a TLS reverse proxy in production).
    pub office_listen: std::net::SocketAddr,
    /// Address of the built-in HTTPS sync transport; absent: folder mode only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_listen: Option<std::net::SocketAddr>,
    /// Certificate (PEM chain) of the HTTPS transport; `init` makes a self-signed one.
    pub tls_cert: PathBuf,
    /// Its private key (PEM).
    pub tls_key: PathBuf,
    /// Whether the back office's cookies are `Secure` (HTTPS only, `__Host-` names);
    /// absent: when `back_office_url` starts with `https://`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_secure_cookie: Option<bool>,
    /// Reverse proxies in front of the back office whose `X-Forwarded-For` names the
    /// client (for the login back-off per address); empty: the peer is the client.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub office_trusted_proxies: Vec<std::net::IpAddr>,
    /// Folder where the ERP's export job drops its files (`erp import`, and the
    /// automaton's nightly import), absolute or relative to the data directory.
    #[serde(skip_serializing_if = "is_default_erp_in")]
    pub erp_in: PathBuf,
    /// Encoding of the files `erp export` writes into `erp/out`: `utf-8` (with its mark)
    /// or `windows-1252` for an ERP import job that reads nothing else.
    #[serde(skip_serializing_if = "is_default_encoding")]
    pub erp_out_encoding: tournee_store::ExportEncoding,
    /// Timeouts and connection caps of both listeners (`[limits]`), written out only
    /// when they differ from the defaults, so that a setting appended to the file
    /// later does not land inside that table.
    #[serde(skip_serializing_if = "crate::listen::limits::Limits::is_default")]
    pub limits: crate::listen::limits::Limits,
    /// The built field app's screens (`ui/dist`), served to browsers under `/app/`,
    /// absolute or relative to the data directory; absent: not served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_ui: Option<PathBuf>,
    /// The webhook worker's back-off, window, timeouts and concurrency (`[webhooks]`),
    /// written out only when they differ from the defaults.
    #[serde(skip_serializing_if = "crate::webhooks::HookSettings::is_default")]
    pub webhooks: crate::webhooks::HookSettings,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            inbox: "inbox".into(),
            snapshots: "snapshots".into(),
            logs: "logs".into(),
            batch_size: 500,
            group_millis: 250,
            office_listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            sync_listen: None,
            tls_cert: "tls/cert.pem".into(),
            tls_key: "tls/key.pem".into(),
            office_secure_cookie: None,
            office_trusted_proxies: Vec::new(),
            erp_in: default_erp_in(),
            erp_out_encoding: tournee_store::ExportEncoding::default(),
            limits: crate::listen::limits::Limits::default(),
            web_ui: None,
            webhooks: crate::webhooks::HookSettings::default(),
        }
    }
}

fn default_erp_in() -> PathBuf {
    Path::new("erp").join("in")
}

fn is_default_erp_in(path: &PathBuf) -> bool {
    *path == default_erp_in()
}

fn is_default_encoding(encoding: &tournee_store::ExportEncoding) -> bool {
    *encoding == tournee_store::ExportEncoding::default()
}

/// Resolved paths of one data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    /// The folder itself.
    pub root: PathBuf,
    /// Its settings.
    pub config: ServerConfig,
}

const CONFIG_FILE: &str = "config.toml";

/// The `config.toml` written by `init`: the defaults, spelled out and explained.
const DEFAULT_CONFIG: &str = "\
# Tournée server deployment settings (parameters the admin edits live in the database).
# Paths are absolute, or relative to this data directory.

# Root of the per-rep inbox folders (each rep's outbox arrives in inbox/<user>/).
inbox = \"inbox\"
# Root of the per-rep snapshot folders (snapshots/<user>/ travels to that rep's laptop).
snapshots = \"snapshots\"
# Log folder.
logs = \"logs\"
# Change files read, checked and integrated together (the reading unit of a pass).
batch_size = 500
# Durability groups: the batches of a pass are integrated in one database transaction,
# committed (and so made durable) once it has run this many milliseconds, at the end of
# a round of the pass, or when the server is asked to stop. A file leaves the inbox only
# after its group is committed; a crash inside a group loses the group's work, never a
# file (they are all still in the inbox). One commit for several batches writes each
# index page they changed once (a commit per batch wrote most of them again at every
# batch); a shorter group lets the archive moves of a group run while the next one is
# integrated. A group holds the database's write lock: a back-office save waits at most
# this long plus one batch. 0 commits every batch on its own.
group_millis = 250
# Address of the back office (put a TLS reverse proxy in front of it in production).
office_listen = \"127.0.0.1:8080\"
# Built-in HTTPS sync transport (laptops enrolled from the back office); leave it out
# to sync through a folder-sync tool only. Example: sync_listen = \"0.0.0.0:8443\"
# Its certificate and key: `init` makes a self-signed pair that laptops pin when they
# enroll; put your own PEM files here instead if you have them.
tls_cert = \"tls/cert.pem\"
tls_key = \"tls/key.pem\"
# Back-office cookies marked Secure (sent over HTTPS only, under __Host- names): by
# default when the back office's public address (parameter back_office_url) starts with
# https://, read when the server starts. Example: office_secure_cookie = true
# Reverse proxies in front of the back office (their address as the back office sees
# it): their X-Forwarded-For header then names the client, for the back-off after failed
# logins, which is per client address. Example: office_trusted_proxies = [\"127.0.0.1\"]
# The ERP bridge (docs/erp-bridge.md). Folder where the ERP's export job drops its files,
# imported every night when files are there. Example: erp_in = \"/srv/partage/export-erp\"
# Encoding of the files written into DATA/erp/out for the ERP to import: \"utf-8\" (with
# its byte-order mark) or \"windows-1252\". Example: erp_out_encoding = \"windows-1252\"

# [limits]
# What the back office and the sync transport give each client. Slow or idle clients
# are cut, and connections over a cap are closed at once, so a flood of connections
# cannot exhaust the server's file descriptors (the automaton needs some too).
# The defaults are shown; to change one, uncomment the [limits] line and that setting
# (and keep other settings above [limits]: what follows it belongs to it).
# Seconds to finish the TLS handshake (sync transport).
# tls_handshake_timeout_secs = 10
# Seconds to send a request's headers (also how long an idle connection stays open
# between two requests).
# header_read_timeout_secs = 10
# Seconds without any traffic during a request (a stalled body or an unread answer).
# idle_timeout_secs = 60
# Seconds one request may take, its body included.
# request_timeout_secs = 60
# Connections open at once per listener; 0 = sized from the open-files limit
# (ulimit -n, raised to its hard limit at start) less reserved_file_descriptors.
# office_max_connections = 0
# sync_max_connections = 0
# Connections open at once from one client address (an office behind one NAT address
# counts as one address: keep sync's above the number of laptops there).
# office_max_connections_per_address = 32
# sync_max_connections_per_address = 256
# File descriptors never given to connections (database, inbox watcher, logs, snapshots).
# reserved_file_descriptors = 512
# The REST API's rate limit per token: a burst, then so many requests per second.
# api_burst = 600
# api_requests_per_second = 100
";

impl DataDir {
    /// Opens an initialised data directory.
    pub fn open(root: &Path) -> Result<Self, DataDirError> {
        let config_path = root.join(CONFIG_FILE);
        if !config_path.is_file() {
            return Err(DataDirError::NotInitialised(root.to_path_buf()));
        }
        let text = fs::read_to_string(&config_path).map_err(|source| DataDirError::Io {
            path: config_path.clone(),
            source,
        })?;
        let config = toml::from_str(&text).map_err(|source| DataDirError::Config {
            path: config_path,
            source,
        })?;
        Ok(Self {
            root: root.to_path_buf(),
            config,
        })
    }

    /// Creates the layout and a default `config.toml` (kept if one exists).
    pub fn create(root: &Path) -> Result<Self, DataDirError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DataDirError::Io { path, source }
        };
        fs::create_dir_all(root).map_err(io(root))?;
        let config_path = root.join(CONFIG_FILE);
        if !config_path.exists() {
            fs::write(&config_path, DEFAULT_CONFIG).map_err(io(&config_path))?;
        }
        let dir = Self::open(root)?;
        for folder in [
            dir.inbox(),
            dir.parked(),
            dir.archive(),
            dir.failed(),
            dir.snapshots(),
            dir.logs(),
        ] {
            fs::create_dir_all(&folder).map_err(io(&folder))?;
        }
        Ok(dir)
    }

    /// The same directory with `config.toml` read again, so a location the admin changed
    /// takes effect without a restart; if the file cannot be read, the current settings stay.
    pub fn reloaded(&self) -> Self {
        match Self::open(&self.root) {
            Ok(fresh) => fresh,
            Err(error) => {
                tracing::error!("{error}; keeping the settings in force");
                self.clone()
            }
        }
    }

    /// Checks that `location` (absolute, or relative to this directory) is a folder the
    /// server can write in, creating it if needed; returns it resolved.
    pub fn check_location(&self, location: &Path) -> Result<PathBuf, DataDirError> {
        let resolved = self.resolve(location);
        let io = |source| DataDirError::Io {
            path: resolved.clone(),
            source,
        };
        fs::create_dir_all(&resolved).map_err(io)?;
        let probe = resolved.join(format!(".tournee-probe-{}", std::process::id()));
        fs::write(&probe, b"").map_err(io)?;
        fs::remove_file(&probe).map_err(io)?;
        Ok(resolved)
    }

    /// Writes `config` to `config.toml` (temporary file, then rename: never half written)
    /// and returns the directory with it in force.
    pub fn save_config(&self, config: ServerConfig) -> Result<Self, DataDirError> {
        let path = self.root.join(CONFIG_FILE);
        let io = |source| DataDirError::Io {
            path: path.clone(),
            source,
        };
        let body = toml::to_string(&config)
            .map_err(|error| io(std::io::Error::new(std::io::ErrorKind::InvalidData, error)))?;
        let text = format!(
            "# Tournée server deployment settings, last saved from the back office.\n\
             # Paths are absolute, or relative to this data directory.\n{body}"
        );
        let temporary = self.root.join("config.toml.tmp");
        fs::write(&temporary, text).map_err(io)?;
        fs::File::open(&temporary)
            .and_then(|file| file.sync_all())
            .map_err(io)?;
        fs::rename(&temporary, &path).map_err(io)?;
        Ok(Self {
            root: self.root.clone(),
            config,
        })
    }

    fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// The built screens served to browsers (`web_ui`), if set.
    pub fn web_ui(&self) -> Option<PathBuf> {
        self.config.web_ui.as_deref().map(|p| self.resolve(p))
    }

    /// The master database file.
    pub fn database(&self) -> PathBuf {
        self.root.join("tournee.sqlite")
    }
    /// Root of the per-rep inbox folders.
    pub fn inbox(&self) -> PathBuf {
        self.resolve(&self.config.inbox)
    }
    /// Root of the per-rep snapshot folders.
    pub fn snapshots(&self) -> PathBuf {
        self.resolve(&self.config.snapshots)
    }
    /// Changes waiting for their prospect.
    pub fn parked(&self) -> PathBuf {
        self.root.join("parked")
    }
    /// Integrated files and duplicates.
    pub fn archive(&self) -> PathBuf {
        self.root.join("archive")
    }
    /// Where the ERP's export job drops its files for `erp import` (docs/erp-bridge.md):
    /// `erp_in` of `config.toml`, `erp/in` by default.
    pub fn erp_inbox(&self) -> PathBuf {
        self.resolve(&self.config.erp_in)
    }
    /// Where `erp export` writes the files for the ERP to import: always `erp/out` of the
    /// data directory (mount a share there to carry them elsewhere; a link is refused).
    pub fn erp_outbox(&self) -> PathBuf {
        self.root.join("erp").join("out")
    }
    /// Refused files with their `.error.txt`.
    pub fn failed(&self) -> PathBuf {
        self.root.join("failed")
    }
    /// Where mails are written when no SMTP server is configured.
    pub fn mail(&self) -> PathBuf {
        self.root.join("mail")
    }
    /// Certificate of the HTTPS transport.
    pub fn tls_cert(&self) -> PathBuf {
        self.resolve(&self.config.tls_cert)
    }
    /// Private key of the HTTPS transport.
    pub fn tls_key(&self) -> PathBuf {
        self.resolve(&self.config.tls_key)
    }
    /// Log folder.
    pub fn logs(&self) -> PathBuf {
        self.resolve(&self.config.logs)
    }
    /// Where snapshots are built before publication: `cache/build/`, outside every synced
    /// folder, when it is on the snapshots' file system (publication is then one atomic
    /// rename); otherwise a `.build~` folder at the snapshots' root, beside the reps'
    /// folders and inside none of them (`~` never appears in a user name).
    pub fn snapshot_build(&self) -> PathBuf {
        let preferred = self.root.join("cache").join("build");
        let snapshots = self.snapshots();
        if same_file_system(&self.root, &snapshots) {
            preferred
        } else {
            snapshots.join(".build~")
        }
    }

    /// Waits until no other process integrates this data directory, and holds that right
    /// until the returned guard is dropped (or the process dies: the OS releases it).
    /// Two integrators would both be correct thanks to the ledger, but would race to
    /// move the same files.
    pub fn lock_integration(&self) -> Result<IntegrationLock, DataDirError> {
        let path = self.root.join("integration.lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| DataDirError::Io {
                path: path.clone(),
                source,
            })?;
        file.lock()
            .map_err(|source| DataDirError::Io { path, source })?;
        Ok(IntegrationLock { _file: file })
    }
}

/// Whether two existing folders live on one file system (Unix: same device); elsewhere,
/// or when either cannot be read, assume not, which is always safe.
fn same_file_system(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Held while integrating; released on drop.
#[derive(Debug)]
pub struct IntegrationLock {
    _file: fs::File,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_then_open_gives_the_documented_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        for sub in ["inbox", "parked", "archive", "failed", "snapshots", "logs"] {
            assert!(tmp.path().join(sub).is_dir(), "{sub} missing");
        }
        let reopened = DataDir::open(tmp.path()).unwrap();
        assert_eq!(reopened.config, dir.config);
    }

    #[test]
    fn the_written_default_config_reads_back_as_the_defaults() {
        let parsed: ServerConfig = toml::from_str(DEFAULT_CONFIG).unwrap();
        assert_eq!(parsed, ServerConfig::default());
    }

    #[test]
    fn opening_an_uninitialised_folder_says_what_to_do() {
        let tmp = tempfile::tempdir().unwrap();
        let error = DataDir::open(tmp.path()).unwrap_err();
        assert!(error.to_string().contains("tournee-server init"), "{error}");
    }

    #[test]
    fn a_second_integrator_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let held = dir.lock_integration().unwrap();
        let other = fs::File::open(tmp.path().join("integration.lock")).unwrap();
        assert!(
            other.try_lock().is_err(),
            "the lock is exclusive while held"
        );
        drop(held);
        assert!(other.try_lock().is_ok(), "released on drop");
    }

    #[test]
    fn a_saved_config_is_read_back_and_checked_locations_are_writable() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let elsewhere = tmp.path().join("sync/inbox");
        let resolved = dir.check_location(&elsewhere).unwrap();
        assert!(resolved.is_dir());
        let config = ServerConfig {
            inbox: elsewhere.clone(),
            ..dir.config.clone()
        };
        let saved = dir.save_config(config.clone()).unwrap();
        assert_eq!(saved.inbox(), elsewhere);
        assert_eq!(dir.reloaded().config, config);
        let file = tmp.path().join("a-file");
        fs::write(&file, b"x").unwrap();
        assert!(dir.check_location(&file).is_err(), "a file is not a folder");
    }

    #[test]
    fn snapshots_are_built_outside_the_reps_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        assert_eq!(dir.snapshot_build(), tmp.path().join("cache/build"));
        assert!(!dir.snapshot_build().starts_with(dir.snapshots()));
    }

    #[test]
    fn relative_and_absolute_locations_resolve() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(
            tmp.path().join(CONFIG_FILE),
            "inbox = \"/srv/sync/inbox\"\nsnapshots = \"out\"\n",
        )
        .unwrap();
        let dir = DataDir::open(tmp.path()).unwrap();
        assert_eq!(dir.inbox(), PathBuf::from("/srv/sync/inbox"));
        assert_eq!(dir.snapshots(), tmp.path().join("out"));
    }
}
