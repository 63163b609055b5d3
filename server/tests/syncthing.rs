//! Folder mode with real Syncthing: two instances on loopback, one as the rep's laptop and
//! one as the server, with global and local discovery, relays and NAT traversal off. The
//! field app (its own code, `FieldApp`) records a visit into the laptop's outbox;
//! Syncthing carries it to the server's inbox (laptop send-only → server receive-only);
//! the real automaton (`tournee-server run`) integrates it and regenerates the rep's
//! snapshot; Syncthing carries the snapshot back (server send-only → laptop receive-only);
//! « actualiser » on the laptop takes it and the visit's pending mark clears. The round
//! trip is timed and printed.
//!
//! Needs Debian's `syncthing` (installed by `scripts/prerequisites.sh`).

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::{server_binary, TestServer};
use tournee_core::visit_form::Answer;
use tournee_field::dto::{SetupInput, VisitInput};
use tournee_field::FieldApp;

const REP: &str = "jdupont";

/// A process killed when the test ends, whatever happens.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _gone_is_fine = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _reaped = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One Syncthing instance: its home, device id, ports and folders.
struct Instance {
    home: PathBuf,
    device: String,
    gui_port: u16,
    listen_port: u16,
    api_key: String,
}

impl Instance {
    fn generate(home: &Path) -> Self {
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
    fn configure(&self, other: &Instance, folders: &[(&str, &Path, &str)]) {
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

    fn start(&self) -> Running {
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", self.home.display()))
            .env("STNOUPGRADE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
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

    /// Whether the other device is connected (Syncthing's REST API).
    fn connected(&self, other: &Instance) -> bool {
        let answer = common::http_client_builder()
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

fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < timeout, "timed out waiting for {what}");
        sleep(Duration::from_millis(100));
    }
}

/// Both sides of the test: the server's data directory, the laptop's folders and home,
/// two configured Syncthing instances (not started).
struct World {
    server: TestServer,
    tmp: tempfile::TempDir,
    laptop_outbox: PathBuf,
    laptop_snapshots: PathBuf,
    laptop: Instance,
    office: Instance,
}

impl World {
    fn new() -> Self {
        let server =
            TestServer::init(&["--demo", "small", "--admin-password", "Syncthing-admin-1"]);
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
    fn open_app(&self) -> FieldApp {
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
    fn start_automaton(&self) -> Running {
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

    fn wait_connected(&self) {
        wait_for(
            "the two Syncthing instances to connect",
            Duration::from_secs(120),
            || self.laptop.connected(&self.office),
        );
    }
}

fn visit(app: &FieldApp, code: &str, day: chrono::NaiveDate, comment: &str) -> VisitInput {
    let form = app.form_config().unwrap();
    let mut answers = BTreeMap::new();
    for group in form.visit_form.groups.iter().filter(|g| g.required) {
        answers.insert(group.id.clone(), Answer::One(group.options[0].id.clone()));
    }
    VisitInput {
        client_code: code.into(),
        visit_date: day.to_string(),
        visit_time: Some("11:00".into()),
        comment: comment.into(),
        answers,
    }
}

#[test]
fn a_visit_goes_to_the_server_and_its_snapshot_comes_back_through_syncthing() {
    let world = World::new();
    let _laptop_st = world.laptop.start();
    let _office_st = world.office.start();
    world.wait_connected();
    let mut app = world.open_app();
    let first = app.status().unwrap().freshness.unwrap().generation;
    let automaton = world.start_automaton();

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let started = Instant::now();
    let written = app
        .record_visit(&visit(
            &app,
            &code,
            chrono::Local::now().date_naive(),
            "Passage via Syncthing",
        ))
        .unwrap();
    assert_eq!(app.status().unwrap().pending_changes, 1);

    // Integrated on the server, then the new snapshot back on the laptop, verified.
    wait_for("the round trip", Duration::from_secs(120), || {
        app.refresh_snapshot()
            .ok()
            .and_then(|s| s.freshness)
            .is_some_and(|f| f.generation != first)
            && app.status().unwrap().pending_changes == 0
    });
    let round_trip = started.elapsed();
    println!(
        "syncthing round trip, visit written on the laptop -> integrated -> snapshot back and taken: {:.1} s",
        round_trip.as_secs_f64()
    );
    let ledger = world.server.count(&format!(
        "SELECT count(*) FROM change_ledger WHERE change_id = '{}'",
        written.change_id
    ));
    assert_eq!(ledger, 1, "integrated exactly once");
    drop(automaton);
}

#[test]
fn a_week_offline_with_2000_changes_catches_up_in_one_sync() {
    const CHANGES: usize = 2000;
    let world = World::new();
    // The server side runs; the laptop's Syncthing is off: a week without network.
    let _office_st = world.office.start();
    let automaton = world.start_automaton();
    // The laptop needs its first snapshot once: it comes with a short first connection.
    let first_sync = world.laptop.start();
    world.wait_connected();
    let mut app = world.open_app();
    drop(first_sync);

    let codes: Vec<String> = app
        .home_last_visit()
        .unwrap()
        .into_iter()
        .map(|r| r.c_client)
        .collect();
    let today = chrono::Local::now().date_naive();
    let writing = Instant::now();
    for i in 0..CHANGES {
        let day = today - chrono::Duration::days((i % 7) as i64);
        app.record_visit(&visit(
            &app,
            &codes[i % codes.len()],
            day,
            &format!("Hors ligne n° {i}"),
        ))
        .unwrap();
    }
    let written_in = writing.elapsed();
    assert_eq!(app.status().unwrap().pending_changes, CHANGES as u32);
    assert_eq!(
        world.server.count("SELECT count(*) FROM change_ledger"),
        0,
        "nothing left the laptop"
    );

    // Back online.
    let started = Instant::now();
    let _laptop_st = world.laptop.start();
    wait_for("every change integrated", Duration::from_secs(600), || {
        world.server.count("SELECT count(*) FROM change_ledger") == CHANGES as i64
    });
    let integrated_in = started.elapsed();
    wait_for(
        "the snapshot with all of them back on the laptop",
        Duration::from_secs(300),
        || app.refresh_snapshot().is_ok() && app.status().unwrap().pending_changes == 0,
    );
    let caught_up_in = started.elapsed();
    let left: Vec<_> = std::fs::read_dir(&world.laptop_outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert!(
        left.is_empty(),
        "integrated files leave the laptop's outbox: {} left",
        left.len()
    );
    assert_eq!(
        world
            .server
            .count("SELECT count(*) FROM client_relation WHERE commentaire LIKE 'Hors ligne n° %'"),
        CHANGES as i64,
        "each visit applied exactly once"
    );
    println!(
        "catch-up of {CHANGES} changes through syncthing: written offline in {:.1} s; all integrated {:.1} s after reconnecting ({:.0} changes/s); laptop clean {:.1} s after reconnecting",
        written_in.as_secs_f64(),
        integrated_in.as_secs_f64(),
        CHANGES as f64 / integrated_in.as_secs_f64(),
        caught_up_in.as_secs_f64()
    );
    drop(automaton);
}
