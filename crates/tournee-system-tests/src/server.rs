//! The server side of the tests: a data directory in a temp folder, driven through the
//! real `tournee-server` binary.
//!
//! Where the binary comes from: `env!("CARGO_BIN_EXE_tournee-server")` only exists for the
//! server package's own tests, and a binary of another package is not built for this one
//! (artifact dependencies are unstable). So the first call of [`server_binary`] in a test
//! process asks cargo to build it (`cargo build --workspace --bin tournee-server`, in the
//! same target directory and profile as the running test, a no-op when it is up to date)
//! and returns its path. `--workspace` resolves features as `cargo build --workspace` does,
//! so the binary this makes is the one `scripts/check.sh` builds next for the e2e tests,
//! not a second variant. Cargo releases its build lock before it runs the tests, so this
//! nested build does not wait on the outer one. `TOURNEE_SERVER=/path/to/binary` skips the
//! build (the e2e tests read the same variable).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rusqlite::Connection;

/// The `tournee-server` binary of this checkout, built on first use (see the module doc).
pub fn server_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| match std::env::var_os("TOURNEE_SERVER") {
            Some(path) => PathBuf::from(path),
            None => build_server(),
        })
        .clone()
}

/// `cargo build --workspace --bin tournee-server` into the running test's target
/// directory and profile, read from the test executable's own path
/// (`<target>/<profile>/deps/<test>-<hash>`).
fn build_server() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("tests run from <target>/<profile>/deps");
    let target_dir = profile_dir.parent().expect("a target directory");
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev",
        Some(other) => other,
        None => panic!("unexpected profile folder {}", profile_dir.display()),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../server/Cargo.toml");
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--workspace",
            "--bin",
            "tournee-server",
            "--profile",
            profile,
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .status()
        .expect("running cargo to build tournee-server");
    assert!(status.success(), "cargo could not build tournee-server");
    let binary = profile_dir.join(format!("tournee-server{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "{} is missing", binary.display());
    binary
}

/// A data directory in a temp folder, removed at drop.
pub struct TestServer {
    _tmp: tempfile::TempDir,
    /// The data directory.
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

    /// Opens the master database.
    pub fn db(&self) -> Connection {
        Connection::open(self.data.join("tournee.sqlite")).expect("master database")
    }

    /// Copies a file into `inbox/<folder>/<name>`, as a folder sync would.
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
