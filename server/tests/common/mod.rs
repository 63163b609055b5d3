//! Test helpers: a temporary data directory driven through the real `tournee-server` binary.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure
#![allow(dead_code)] // each test file uses its own subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Processes and ports, written once in the system tests' helpers (which use them too).
#[path = "../../../crates/tournee-system-tests/src/process.rs"]
pub mod process;

pub mod smtp;

// The complete-conversion fixture, written once in the system tests' helpers; this crate
// cannot depend on them (they depend on it), so the file is included by path.
#[path = "../../../crates/tournee-system-tests/src/conversion.rs"]
mod conversion;
#[allow(unused_imports)] // each test file uses its own subset
pub use conversion::{complete_request, fields};

use rusqlite::Connection;
use tournee_sync::{publish_change, ChangeBody, Envelope, SPEC_VERSION};

/// The binary under test, as cargo built it (or `TOURNEE_SERVER_BIN`: a copy taken right
/// after the build, where several worktrees share one target folder).
pub fn server_binary() -> PathBuf {
    std::env::var_os("TOURNEE_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tournee-server")))
}

/// Root of the repository (for `sync-spec/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ sits in the repository root")
        .to_path_buf()
}

/// A data directory in a temp folder, removed at drop.
pub struct TestServer {
    _tmp: tempfile::TempDir,
    pub data: PathBuf,
}

impl TestServer {
    /// `tournee-server init --data <tmp> [extra args]`.
    pub fn init(extra: &[&str]) -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let mut args = vec!["init", "--data", data.to_str().expect("utf-8 path")];
        args.extend_from_slice(extra);
        let out = run_binary(&args);
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self { _tmp: tmp, data }
    }

    /// Runs the binary with `--data <dir>` appended after `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut all = args.to_vec();
        all.push("--data");
        all.push(self.data.to_str().expect("utf-8 path"));
        run_binary(&all)
    }

    /// `integrate --once [--now NOW]`, asserting success; returns stdout.
    pub fn integrate(&self, now: Option<&str>) -> String {
        let mut args = vec!["integrate", "--once"];
        if let Some(now) = now {
            args.push("--now");
            args.push(now);
        }
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "integrate failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Opens the master database.
    pub fn db(&self) -> Connection {
        Connection::open(self.data.join("tournee.sqlite")).expect("master database")
    }

    /// Copies a file into `inbox/<folder>/<name>`.
    pub fn deliver(&self, source: &Path, folder: &str, name: &str) -> PathBuf {
        let dir = self.data.join("inbox").join(folder);
        fs::create_dir_all(&dir).expect("inbox folder");
        let target = dir.join(name);
        fs::copy(source, &target).expect("copy into inbox");
        target
    }

    /// Every file name under a folder of the data directory, recursively.
    pub fn files_under(&self, sub: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        collect_files(&self.data.join(sub), &mut found);
        found.sort();
        found
    }

    /// A single-value query.
    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).expect(sql)
    }
}

fn collect_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// A reqwest client builder for tests. The workspace builds reqwest without a default
/// TLS provider (the laptop brings its own pinned configuration), so the ring provider
/// is installed for the process first; installing it twice is harmless.
pub fn http_client_builder() -> reqwest::blocking::ClientBuilder {
    let _already_installed_is_fine = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
}

/// Runs the server binary with the given arguments.
pub fn run_binary(args: &[&str]) -> Output {
    Command::new(server_binary())
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("running tournee-server")
}

/// Parses the `integrate` output: one `outcome<TAB>folder/file[ (reason: detail)]` per line.
pub fn outcomes(stdout: &str) -> Vec<(String, String, Option<String>)> {
    stdout
        .lines()
        .filter_map(|line| {
            let (outcome, rest) = line.split_once('\t')?;
            let (path, reason) = match rest.split_once(" (") {
                Some((path, tail)) => (path, tail.split_once(':').map(|(r, _)| r.to_string())),
                None => (rest, None),
            };
            Some((outcome.to_string(), path.to_string(), reason))
        })
        .collect()
}

/// Publishes a change from `user` into its inbox folder, as the field app would.
pub fn publish_as(server: &TestServer, user: &str, body: ChangeBody) {
    let envelope = Envelope {
        spec: SPEC_VERSION,
        change_id: tournee_sync::new_change_id(),
        user: user.into(),
        device: "PC-TEST".into(),
        created_at: chrono::Utc::now().fixed_offset(),
        body,
    };
    publish_change(&server.data.join("inbox").join(user), &envelope).expect("publish");
    // Distinct instants too, so that « last writer by created_at » follows the writing order.
    std::thread::sleep(std::time::Duration::from_millis(2));
}

/// `tournee-server run` on `server`'s data directory, listening on a free loopback port,
/// once it accepts connections: the process (stopped when the test ends) and its base URL.
pub fn start_run(server: &TestServer) -> (process::Running, String) {
    let port = process::free_port();
    let child = Command::new(server_binary())
        .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&server.data)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    process::wait_for(
        "the server to listen",
        std::time::Duration::from_secs(30),
        || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok(),
    );
    (process::Running(child), format!("http://127.0.0.1:{port}"))
}

/// Records a laptop of `user` enrolled for the HTTPS transport (a device row with a key
/// of its own): from then on the integration refuses that user's unsigned files.
pub fn enroll_laptop(server: &TestServer, user: &str) {
    let key = tournee_sync::DeviceKey::generate().unwrap();
    server
        .db()
        .execute(
            "INSERT INTO device (device_id, user, name, public_key, enrolled_at) \
             VALUES (?1, ?2, 'portable', ?3, '2026-12-01T08:00:00+00:00')",
            rusqlite::params![ulid::Ulid::new().to_string(), user, key.public_b64()],
        )
        .unwrap();
}
