//! Two real Syncthing instances on loopback, one as the rep's laptop and one as the
//! server, with discovery, relays and NAT traversal off, sharing only the rep's own
//! outbox (laptop send-only) and snapshot folder (server send-only).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tournee_field::FieldApp;

use crate::process::{free_port, wait_for, Running, REP};
use crate::server::{server_binary, TestServer};
use tournee_field::dto::SetupInput;

/// One Syncthing instance: its home, device id, ports and folders.
pub struct Instance {
    home: PathBuf,
    device: String,
    gui_port: u16,
    listen_port: u16,
    api_key: String,
}

impl Instance {
    /// A new instance's identity and config in `home`.
    pub fn generate(home: &Path) -> Self {
        let out = Command::new("syncthing")
            .args(["generate", "--no-default-folder", "--skip-port-probing"])
            .arg(format!("--home={}", home.display()))
            .output()
            .expect("syncthing is installed (scripts/prerequisites.sh)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let device = text
            .split("Device ID: ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_string();
        let config = std::fs::read_to_string(home.join("config.xml")).unwrap();
        let api_key = between(&config, "<apikey>", "</apikey>").to_string();
        Self {
            home: home.to_path_buf(),
            device,
            gui_port: free_port(),
            listen_port: free_port(),
            api_key,
        }
    }

    /// Rewrites config.xml: loopback only, no discovery, relays, NAT, telemetry or
    /// upgrades; the other device at its loopback address; the given folders.
    pub fn configure(&self, other: &Instance, folders: &[(&str, &Path, &str)]) {
        let path = self.home.join("config.xml");
        let mut config = std::fs::read_to_string(&path).unwrap();
        let gui_start = config.find("<gui ").unwrap();
        let address_start = gui_start + config[gui_start..].find("<address>").unwrap();
        let address_end = address_start + config[address_start..].find("</address>").unwrap();
        config.replace_range(
            address_start..address_end + "</address>".len(),
            &format!("<address>127.0.0.1:{}</address>", self.gui_port),
        );
        for (tag, value) in [
            (
                "listenAddress",
                format!("tcp://127.0.0.1:{}", self.listen_port),
            ),
            ("globalAnnounceEnabled", "false".into()),
            ("localAnnounceEnabled", "false".into()),
            ("relaysEnabled", "false".into()),
            ("natEnabled", "false".into()),
            ("startBrowser", "false".into()),
            ("crashReportingEnabled", "false".into()),
            ("urAccepted", "-1".into()),
            ("autoUpgradeIntervalH", "0".into()),
            // Redial every second: a peer started a moment later is found at once
            // (the default waits 60 s after a first failed dial).
            ("reconnectionIntervalS", "1".into()),
        ] {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            let start = config
                .find(&open)
                .unwrap_or_else(|| panic!("{tag} in config.xml"));
            let end = start + config[start..].find(&close).unwrap();
            config.replace_range(start..end + close.len(), &format!("{open}{value}{close}"));
        }
        let mut extra = format!(
            "<device id=\"{}\" name=\"other\" compression=\"metadata\" introducer=\"false\" \
             skipIntroductionRemovals=\"false\" introducedBy=\"\"><address>tcp://127.0.0.1:{}</address>\
             <paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>",
            other.device, other.listen_port
        );
        for (id, folder, kind) in folders {
            extra.push_str(&format!(
                "<folder id=\"{id}\" label=\"{id}\" path=\"{}\" type=\"{kind}\" rescanIntervalS=\"2\" \
                 fsWatcherEnabled=\"true\" fsWatcherDelayS=\"1\" ignorePerms=\"false\" autoNormalize=\"true\">\
                 <filesystemType>basic</filesystemType><device id=\"{}\" introducedBy=\"\"></device>\
                 <device id=\"{}\" introducedBy=\"\"></device><minDiskFree unit=\"%\">1</minDiskFree>\
                 <markerName>.stfolder</markerName></folder>",
                folder.display(),
                self.device,
                other.device
            ));
        }
        let gui_start = config.find("<gui ").unwrap();
        config.insert_str(gui_start, &extra);
        std::fs::write(&path, config).unwrap();
    }

    /// Starts it; it stops when the returned guard drops.
    pub fn start(&self) -> Running {
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", self.home.display()))
            .env("STNOUPGRADE", "1")
            .stdout(Stdio::from(self.log_file()))
            .stderr(Stdio::from(self.log_file()))
            .spawn()
            .unwrap();
        let waiting = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.gui_port)).is_err() {
            assert!(
                waiting.elapsed() < Duration::from_secs(30),
                "syncthing did not start"
            );
            sleep(Duration::from_millis(100));
        }
        Running(child)
    }

    /// Where the instance writes its log, read back when a wait times out.
    fn log_path(&self) -> PathBuf {
        self.home.join("syncthing.log")
    }

    fn log_file(&self) -> std::fs::File {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap()
    }

    /// The last lines of the instance's log, for a failed test's message.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_else(|e| e.to_string());
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Whether the other device is connected (Syncthing's REST API).
    pub fn connected(&self, other: &Instance) -> bool {
        let answer = crate::server::http_client_builder()
            .build()
            .unwrap()
            .get(format!(
                "http://127.0.0.1:{}/rest/system/connections",
                self.gui_port
            ))
            .header("X-API-Key", &self.api_key)
            .send()
            .and_then(|r| r.text())
            .unwrap_or_default();
        answer
            .split(&format!("\"{}\"", other.device))
            .nth(1)
            .is_some_and(|rest| {
                rest.split('}')
                    .next()
                    .unwrap_or("")
                    .contains("\"connected\": true")
            })
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap() + open.len();
    let end = start + text[start..].find(close).unwrap();
    &text[start..end]
}

/// Both sides of the test: the server's data directory, the laptop's folders and home,
/// two configured Syncthing instances (not started).
pub struct World {
    /// The server's data directory.
    pub server: TestServer,
    /// The laptop's side.
    pub tmp: tempfile::TempDir,
    /// The laptop's outbox (shared send-only).
    pub laptop_outbox: PathBuf,
    /// The laptop's snapshot folder (shared receive-only).
    pub laptop_snapshots: PathBuf,
    /// The laptop's Syncthing.
    pub laptop: Instance,
    /// The server's Syncthing.
    pub office: Instance,
}

impl World {
    /// Both sides, with `extra` arguments for `tournee-server init`.
    pub fn new(extra: &[&str]) -> Self {
        let mut args = vec!["--demo", "small", "--admin-password", "Syncthing-admin-1"];
        args.extend_from_slice(extra);
        let server = TestServer::init(&args);
        assert!(server.run(&["snapshot", "--user", REP]).status.success());
        let tmp = tempfile::tempdir().unwrap();
        let laptop_outbox = tmp.path().join("laptop/outbox");
        let laptop_snapshots = tmp.path().join("laptop/snapshots");
        let server_inbox = server.data.join("inbox").join(REP);
        let server_snapshots = server.data.join("snapshots").join(REP);
        for folder in [&laptop_outbox, &laptop_snapshots, &server_inbox] {
            std::fs::create_dir_all(folder).unwrap();
        }
        let laptop = Instance::generate(&tmp.path().join("st-laptop"));
        let office = Instance::generate(&tmp.path().join("st-server"));
        // Only the rep's own two folders are shared with the laptop.
        laptop.configure(
            &office,
            &[
                ("tournee-outbox-jdupont", &laptop_outbox, "sendonly"),
                (
                    "tournee-snapshots-jdupont",
                    &laptop_snapshots,
                    "receiveonly",
                ),
            ],
        );
        office.configure(
            &laptop,
            &[
                ("tournee-outbox-jdupont", &server_inbox, "receiveonly"),
                ("tournee-snapshots-jdupont", &server_snapshots, "sendonly"),
            ],
        );
        Self {
            server,
            tmp,
            laptop_outbox,
            laptop_snapshots,
            laptop,
            office,
        }
    }

    /// The rep's app on the laptop's synced folders, once a complete snapshot is there.
    pub fn open_app(&self) -> FieldApp {
        let home = self.tmp.path().join("laptop/home");
        let mut app = FieldApp::open(&home).unwrap();
        wait_for(
            "a complete first snapshot on the laptop",
            Duration::from_secs(90),
            || {
                app.setup_save(&SetupInput {
                    user: REP.into(),
                    snapshot_dir: self.laptop_snapshots.display().to_string(),
                    outbox_dir: self.laptop_outbox.display().to_string(),
                })
                .is_ok()
            },
        );
        app
    }

    /// `tournee-server run` on the server's data directory.
    pub fn start_automaton(&self) -> Running {
        let port = free_port();
        Running(
            Command::new(server_binary())
                .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--data"])
                .arg(&self.server.data)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        )
    }

    /// Waits until the two instances see each other.
    pub fn wait_connected(&self) {
        let started = Instant::now();
        while !self.laptop.connected(&self.office) {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "timed out waiting for the two Syncthing instances to connect\n\
                 --- laptop's log ---\n{}\n--- server's log ---\n{}",
                self.laptop.log_tail(),
                self.office.log_tail()
            );
            sleep(Duration::from_millis(100));
        }
    }
}
