//! The laptop over folders: a real server data directory (small demo data), the rep's
//! snapshot made by the same code as `tournee-server snapshot`, and a field app home
//! beside it; the folder sync is a move from the outbox to the inbox.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Duration, FixedOffset, Local, Utc};
use tournee_field::FieldApp;
use tournee_server::regenerate_snapshots;
use tournee_server::DataDir;
use tournee_server::{init, DemoSize};
use tournee_server::{integrate_pass, PassSummary};
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::Regeneration;

use crate::conversion::complete_request_with;
use tournee_field::dto::{ConversionInput, SetupInput};

/// The first demo rep (Jean Dupont).
pub const REP: &str = "jdupont";

/// A server data directory and a laptop, in one temp folder.
pub struct Bench {
    _tmp: tempfile::TempDir,
    /// The rep using the laptop.
    pub user: String,
    /// The server's data directory.
    pub dir: DataDir,
    /// The field app's own folder on the laptop.
    pub home: PathBuf,
    /// The laptop's outbox, which [`Bench::sync_up`] empties into the inbox.
    pub outbox: PathBuf,
}

impl Default for Bench {
    fn default() -> Self {
        Self::new()
    }
}

impl Bench {
    /// Small demo data and a first snapshot, the laptop used by Jean Dupont.
    pub fn new() -> Self {
        Self::new_as(REP)
    }

    /// Small demo data and a first snapshot, the laptop used by `user`.
    pub fn new_as(user: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("server");
        init(
            &data,
            DemoSize::Small,
            Local::now().date_naive(),
            Some("Admin-test-1"),
        )
        .unwrap();
        let dir = DataDir::open(&data).unwrap();
        let home = tmp.path().join("laptop-home");
        let outbox = tmp.path().join("outbox");
        std::fs::create_dir_all(&outbox).unwrap();
        let bench = Self {
            _tmp: tmp,
            user: user.to_string(),
            dir,
            home,
            outbox,
        };
        bench.publish_snapshot(Utc::now());
        bench
    }

    /// `tournee-server snapshot --user jdupont --now NOW`.
    pub fn publish_snapshot(&self, now: DateTime<Utc>) {
        let conn = open_master(&self.dir.database()).unwrap();
        let params = Parameters::load(&conn).unwrap();
        drop(conn);
        regenerate_snapshots(
            &self.dir,
            &params,
            Some(vec![self.user.clone()]),
            Regeneration::Patch,
            now,
        )
        .unwrap();
    }

    /// The rep's synced snapshot folder.
    pub fn snapshot_dir(&self) -> PathBuf {
        self.dir.snapshots().join(&self.user)
    }

    /// The set-up the rep would type at first run.
    pub fn setup_input(&self) -> SetupInput {
        SetupInput {
            user: self.user.clone(),
            snapshot_dir: self.snapshot_dir().display().to_string(),
            outbox_dir: self.outbox.display().to_string(),
        }
    }

    /// A configured app.
    pub fn app(&self) -> FieldApp {
        let mut app = FieldApp::open(&self.home).unwrap();
        if !app.status().unwrap().configured {
            app.setup_save(&self.setup_input()).unwrap();
        }
        app
    }

    /// The folder sync: moves the outbox's files into the server's inbox.
    pub fn sync_up(&self) -> usize {
        let inbox = self.dir.inbox().join(&self.user);
        std::fs::create_dir_all(&inbox).unwrap();
        let mut moved = 0;
        for entry in std::fs::read_dir(&self.outbox).unwrap() {
            let path = entry.unwrap().path();
            std::fs::rename(&path, inbox.join(path.file_name().unwrap())).unwrap();
            moved += 1;
        }
        moved
    }

    /// `tournee-server integrate --once`.
    pub fn integrate(&self) -> PassSummary {
        self.integrate_at(Utc::now())
    }

    /// `tournee-server integrate --once --now NOW`: the server's clock at `now`.
    pub fn integrate_at(&self, now: DateTime<Utc>) -> PassSummary {
        let mut conn = open_master(&self.dir.database()).unwrap();
        let params = Parameters::load(&conn).unwrap();
        integrate_pass(&self.dir, &mut conn, now, &params, &AtomicBool::new(false)).unwrap()
    }

    /// A whole round over folders: the outbox goes up, the server integrates it and
    /// publishes a new snapshot, the laptop refreshes. Returns the server's pass.
    pub fn round_trip(&self, app: &mut FieldApp) -> PassSummary {
        self.sync_up();
        let summary = self.integrate();
        self.publish_snapshot(Utc::now());
        app.refresh_snapshot().unwrap();
        summary
    }

    /// The change files waiting in the outbox.
    pub fn outbox_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.outbox)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }
}

/// The rep's conversion of `prospect_id` into a client, complete and valid
/// ([`crate::conversion::complete_request`] for the client `name`) with `changes` laid
/// over it, unsigned.
pub fn conversion_input(
    prospect_id: &str,
    name: &str,
    changes: &[(&str, &str)],
) -> ConversionInput {
    ConversionInput {
        prospect_id: prospect_id.into(),
        fields: complete_request_with(name, changes),
        signature_png_base64: None,
    }
}

/// Local now, shifted.
pub fn local_now_plus(hours: i64) -> DateTime<FixedOffset> {
    Local::now().fixed_offset() + Duration::hours(hours)
}

/// Reads a published change file back through the server's parser.
pub fn parse(path: &Path) -> tournee_sync::Envelope {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    tournee_sync::parse_change_file(&name, &bytes, tournee_sync::MAX_FILE_BYTES).unwrap()
}
