//! The built-in HTTPS transport end to end, with real components: the real
//! `tournee-server run` serving TLS on loopback, the laptop's own client
//! (`tournee-link`) and the field app's own code (`FieldApp`) on real folders.
//!
//! * a visit goes up and its snapshot comes back (timed; the refresh is a patch);
//! * the network cut mid-upload and mid-download by a proxy: every round resumes, and
//!   at the end nothing is lost and nothing is applied twice;
//! * the same outbox pushed twice and also delivered as a sync tool would;
//! * bad input on every endpoint is refused with a clear error, logged, and the server
//!   stays up; tampered, foreign, unsigned and revoked files end in `failed/`.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tournee_field::dto::SetupInput;
use tournee_field::FieldApp;
use tournee_link::{sync_once, Credential, LinkError, LinkState, SyncReport};
use tournee_store::{issue_code, revoke_device};
use tournee_system_tests::cutting_proxy::CuttingProxy;
use tournee_system_tests::laptop::{generation, visit_today as visit};
use tournee_system_tests::latency_proxy::LatencyProxy;
use tournee_system_tests::process::{free_port, wait_for, Running, REP};
use tournee_system_tests::server::{server_binary, TestServer};

/// The server running with its HTTPS transport, and the rep's laptop folders.
struct World {
    server: TestServer,
    _automaton: Running,
    sync_port: u16,
    _tmp: tempfile::TempDir,
    home: PathBuf,
    outbox: PathBuf,
    snapshots: PathBuf,
}

impl World {
    fn new() -> Self {
        let sync_port = free_port();
        let listen = format!("127.0.0.1:{sync_port}");
        let server = TestServer::init(&[
            "--demo",
            "small",
            "--admin-password",
            "Https-admin-123",
            "--sync-listen",
            &listen,
        ]);
        assert!(server.run(&["snapshot", "--user", REP]).status.success());
        let automaton = Running(
            Command::new(server_binary())
                .args(["run", "--listen", &format!("127.0.0.1:{}", free_port())])
                .arg("--data")
                .arg(&server.data)
                .env("RUST_LOG", "info")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_for("the HTTPS transport", Duration::from_secs(30), || {
            std::net::TcpStream::connect(("127.0.0.1", sync_port)).is_ok()
        });
        let tmp = tempfile::tempdir().unwrap();
        let (home, outbox, snapshots) = (
            tmp.path().join("home"),
            tmp.path().join("outbox"),
            tmp.path().join("snapshots"),
        );
        for folder in [&home, &outbox, &snapshots] {
            std::fs::create_dir_all(folder).unwrap();
        }
        Self {
            server,
            _automaton: automaton,
            sync_port,
            _tmp: tmp,
            home,
            outbox,
            snapshots,
        }
    }

    /// What the admin does in the back office: a one-time code for the rep.
    fn code(&self) -> String {
        issue_code(&self.server.db(), REP, "admin", chrono::Utc::now())
            .unwrap()
            .code
    }

    fn url(&self, port: u16) -> String {
        format!("https://127.0.0.1:{port}")
    }

    /// Enrolls the laptop through `port` (the server's, or a proxy's).
    fn enroll(&self, port: u16) -> Credential {
        tournee_link::enroll(&self.home, &self.url(port), &self.code(), "portable-test").unwrap()
    }

    fn sync(&self) -> Result<SyncReport, LinkError> {
        sync_once(&self.home, &self.outbox, &self.snapshots)
    }

    /// Syncs until a round succeeds; returns the rounds' reports and how many failed.
    fn sync_until_ok(&self, timeout: Duration) -> (Vec<SyncReport>, usize) {
        let started = Instant::now();
        let (mut reports, mut failures) = (Vec::new(), 0);
        loop {
            eprintln!("round at {:.1} s", started.elapsed().as_secs_f64());
            match self.sync() {
                Ok(report) => {
                    reports.push(report);
                    return (reports, failures);
                }
                Err(error) => {
                    println!("round failed: {error}");
                    assert!(
                        error.is_offline(),
                        "only the network may fail here: {error}"
                    );
                    failures += 1;
                }
            }
            if started.elapsed() > timeout {
                let log = self.server_log();
                let tail = &log[log.len().saturating_sub(3000)..];
                panic!("no successful round; server log ends with:\n{tail}");
            }
        }
    }

    /// The rep's app on the folders the transport fills.
    fn open_app(&self) -> FieldApp {
        let mut app = FieldApp::open(&self.home).unwrap();
        app.setup_save(&SetupInput {
            user: REP.into(),
            snapshot_dir: self.snapshots.display().to_string(),
            outbox_dir: self.outbox.display().to_string(),
        })
        .unwrap();
        app
    }

    fn ledger(&self) -> i64 {
        self.server.count("SELECT count(*) FROM change_ledger")
    }

    fn failures(&self) -> Vec<(String, String)> {
        let db = self.server.db();
        let mut statement = db
            .prepare("SELECT file_name, reason FROM integration_failure ORDER BY id")
            .unwrap();
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn server_log(&self) -> String {
        let mut text = String::new();
        for file in self.server.files_under("logs") {
            text.push_str(&std::fs::read_to_string(file).unwrap_or_default());
        }
        text
    }
}

#[test]
fn a_visit_goes_up_and_its_snapshot_comes_back_over_https() {
    let world = World::new();
    let credential = world.enroll(world.sync_port);
    assert_eq!(credential.user, REP);
    let fingerprint = tournee_server::fingerprint(&world.server.data.join("tls/cert.pem")).unwrap();
    assert_eq!(
        credential.cert_sha256, fingerprint,
        "the laptop pinned the server's certificate"
    );

    // First round: nothing to push, the whole snapshot comes down.
    let first = world.sync().unwrap();
    assert!(first.new_generation.is_some() && !first.patched);
    let full_bytes = first.downloaded_bytes;
    let mut app = world.open_app();
    let before = generation(&mut app);
    // Nothing new: the manifest answers 304 and nothing is downloaded.
    let idle = world.sync().unwrap();
    assert_eq!(
        (idle.pushed, idle.downloaded_bytes, idle.new_generation),
        (0, 0, None)
    );

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let started = Instant::now();
    let written = app
        .record_visit(&visit(&app, &code, "Passage via HTTPS"))
        .unwrap();
    let bytes = std::fs::read(world.outbox.join(&written.file_name)).unwrap();
    let split = tournee_sync::split_signature(&bytes);
    assert_eq!(
        split.signature.as_ref().map(|s| s.device.as_str()),
        Some(credential.device_id.as_str()),
        "an enrolled laptop signs its files"
    );

    let mut patched_bytes = 0;
    wait_for("the round trip", Duration::from_secs(60), || {
        let report = world.sync().unwrap();
        if report.new_generation.is_some() {
            assert!(
                report.patched,
                "a refresh is a patch against the generation the laptop has"
            );
            patched_bytes = report.downloaded_bytes;
        }
        generation(&mut app) != before && app.status().unwrap().pending_changes == 0
    });
    let round_trip = started.elapsed();
    println!(
        "https round trip, visit written on the laptop -> integrated -> snapshot back and taken: {:.2} s; \
         first snapshot {full_bytes} bytes (zstd), refresh {patched_bytes} bytes (patch)",
        round_trip.as_secs_f64()
    );
    assert!(
        patched_bytes > 0 && patched_bytes * 5 < full_bytes,
        "patch {patched_bytes} vs full {full_bytes}"
    );
    assert_eq!(
        world.server.count(&format!(
            "SELECT count(*) FROM change_ledger WHERE change_id = '{}'",
            written.change_id
        )),
        1,
        "integrated exactly once"
    );
    let state = LinkState::load(&world.home).unwrap();
    assert!(state.online && state.last_success.is_some() && state.last_error.is_none());
}

#[test]
fn cuts_mid_upload_and_mid_download_resume_with_nothing_lost_or_doubled() {
    const VISITS: usize = 40;
    let world = World::new();
    let proxy = CuttingProxy::start(world.sync_port);
    world.enroll(proxy.port);
    // The first snapshot (about 80 KB compressed), cut every 40 KiB on its way down:
    // each round keeps the TLS records that arrived whole (16 KiB at most) and the
    // next one resumes from there.
    proxy.set(u64::MAX, 40 * 1024);
    let (reports, failed_rounds) = world.sync_until_ok(Duration::from_secs(120));
    assert!(
        failed_rounds >= 2,
        "the download was cut ({failed_rounds} failed rounds)"
    );
    assert!(proxy.cuts() >= 2);
    let installed = reports.last().unwrap();
    assert!(
        installed.new_generation.is_some(),
        "the resumed download was verified and installed"
    );
    let mut app = world.open_app();

    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let mut change_ids = Vec::new();
    for i in 0..VISITS {
        change_ids.push(
            app.record_visit(&visit(&app, &code, &format!("Coupure n° {i}")))
                .unwrap()
                .change_id,
        );
    }
    // Uploads cut every 20 KiB (a few files per connection, then the tunnel).
    let cuts_before = proxy.cuts();
    proxy.set(20 * 1024, u64::MAX);
    let (_, failed_rounds) = world.sync_until_ok(Duration::from_secs(180));
    assert!(
        failed_rounds >= 1 && proxy.cuts() > cuts_before,
        "uploads were cut"
    );
    proxy.set(u64::MAX, u64::MAX);
    wait_for("every visit integrated", Duration::from_secs(60), || {
        world.ledger() == VISITS as i64
    });
    wait_for(
        "the snapshot listing them back on the laptop",
        Duration::from_secs(60),
        || {
            world.sync().is_ok()
                && app.refresh_snapshot().is_ok()
                && app.status().unwrap().pending_changes == 0
        },
    );
    assert!(
        world.failures().is_empty(),
        "no refusal: {:?}",
        world.failures()
    );
    for id in &change_ids {
        assert_eq!(
            world.server.count(&format!(
                "SELECT count(*) FROM change_ledger WHERE change_id = '{id}'"
            )),
            1
        );
    }
    let relations = world
        .server
        .count("SELECT count(*) FROM client_relation WHERE commentaire LIKE 'Coupure n°%'");
    assert_eq!(relations, VISITS as i64, "each visit applied once");
}

#[test]
fn the_same_outbox_pushed_twice_and_through_a_folder_sync_applies_once() {
    let world = World::new();
    world.enroll(world.sync_port);
    world.sync().unwrap();
    let app = world.open_app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let mut app = app;
    for i in 0..10 {
        app.record_visit(&visit(&app, &code, &format!("Deux chemins n° {i}")))
            .unwrap();
    }
    // A sync tool brings the same files into the inbox, as folder mode would.
    for entry in std::fs::read_dir(&world.outbox).unwrap() {
        let entry = entry.unwrap();
        world
            .server
            .deliver(&entry.path(), REP, &entry.file_name().to_string_lossy());
    }
    world.sync().unwrap();
    // The laptop forgets what the server answered and pushes everything again.
    let mut state = LinkState::load(&world.home).unwrap();
    state.settled.clear();
    state.save(&world.home).unwrap();
    let again = world.sync().unwrap();
    assert_eq!(again.pushed, 10, "everything was pushed a second time");
    assert!(again
        .settled
        .iter()
        .all(|s| s.state == tournee_sync::ChangeState::Integrated));
    wait_for("integration", Duration::from_secs(30), || {
        world.ledger() == 10
    });
    sleep(Duration::from_secs(1));
    assert_eq!(world.ledger(), 10);
    assert!(world.failures().is_empty(), "{:?}", world.failures());
}

/// A raw client that accepts the self-signed certificate, for requests the laptop's
/// own client would never send.
fn raw_client() -> reqwest::blocking::Client {
    let any_certificate = tournee_link::pinning::PinnedVerifier::first_contact();
    reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(any_certificate.client_config().unwrap())
        .build()
        .unwrap()
}

fn problem(response: reqwest::blocking::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().unwrap();
    (
        status,
        body["error"].as_str().unwrap().to_string(),
        body["message"].as_str().unwrap().to_string(),
    )
}

/// The laptop's next request counter (the raw requests below share its sequence).
fn next_counter(world: &World) -> u64 {
    let mut state = LinkState::load(&world.home).unwrap();
    let counter = state.next_counter();
    state.save(&world.home).unwrap();
    counter
}

/// Headers of a request signed by `key` as device `device_id`.
fn signed(
    request: reqwest::blocking::RequestBuilder,
    key: &tournee_sync::DeviceKey,
    device_id: &str,
    method: &str,
    path: &str,
    counter: u64,
    body: &[u8],
) -> reqwest::blocking::RequestBuilder {
    let message = tournee_sync::request_message(method, path, counter, body);
    request
        .header("x-tournee-device", device_id)
        .header("x-tournee-counter", counter.to_string())
        .header("x-tournee-signature", key.sign_request(&message))
}

/// The enrolled laptop sending requests by hand, for what its own client would never send.
struct RawLaptop<'w> {
    world: &'w World,
    http: reqwest::blocking::Client,
    base: String,
    key: tournee_sync::DeviceKey,
    device: String,
}

impl<'w> RawLaptop<'w> {
    /// Enrolls the world's laptop.
    fn enroll(world: &'w World) -> Self {
        let credential = world.enroll(world.sync_port);
        let (_, key) = Credential::load(&world.home).unwrap().unwrap();
        Self {
            world,
            http: raw_client(),
            base: world.url(world.sync_port),
            key,
            device: credential.device_id,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `method path` with `body`, signed by `key` as `device` with `counter`.
    fn signed_as(
        &self,
        (method, path, body): (&str, &str, &[u8]),
        key: &tournee_sync::DeviceKey,
        device: &str,
        counter: u64,
    ) -> reqwest::Result<reqwest::blocking::Response> {
        let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(verb, self.url(path));
        if !body.is_empty() {
            request = request.body(body.to_vec());
        }
        signed(request, key, device, method, path, counter, body).send()
    }

    /// `method path` with `body`, signed as the laptop with its next counter.
    fn send(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> reqwest::Result<reqwest::blocking::Response> {
        let counter = next_counter(self.world);
        self.signed_as((method, path, body), &self.key, &self.device, counter)
    }

    /// The refusal's error code of a signed request.
    fn refusal(&self, method: &str, path: &str, body: &[u8]) -> String {
        problem(self.send(method, path, body).unwrap()).1
    }
}

#[test]
fn bad_input_is_refused_clearly_logged_and_the_server_stays_up() {
    let world = World::new();
    let raw = RawLaptop::enroll(&world);
    enrollment_refusals(&raw);
    request_refusals(&raw);
    name_and_size_refusals(&raw);
    // The first snapshot down, then the rep's app on it.
    world.sync().unwrap();
    let mut app = world.open_app();
    let client = file_refusals(&raw, &mut app);
    revoked_device_refusals(&raw, &mut app, &client);

    // Still up, and every refusal is in the log.
    let hello = raw.http.get(raw.url("/sync/v1/hello")).send().unwrap();
    assert_eq!(hello.status().as_u16(), 200);
    let log = world.server_log();
    for code in [
        "bad_json",
        "unknown_code",
        "unknown_device",
        "replay",
        "bad_name",
        "too_large",
        "foreign_user",
        "revoked_device",
    ] {
        assert!(log.contains(code), "{code} not logged");
    }
}

/// Malformed JSON, a mistyped code, a wrong proof.
fn enrollment_refusals(raw: &RawLaptop) {
    let enroll = |request: reqwest::blocking::RequestBuilder| problem(request.send().unwrap());
    let url = raw.url("/sync/v1/enroll");
    assert_eq!(
        enroll(raw.http.post(&url).body("{pas du json")).1,
        "bad_json"
    );
    let wrong = serde_json::json!({"code_id": "ZZZZ", "public_key": "court", "device_name": "x", "proof": "AAAA"});
    assert_eq!(enroll(raw.http.post(&url).json(&wrong)).1, "bad_key");
    let fresh = tournee_sync::DeviceKey::generate().unwrap();
    let wrong = serde_json::json!({"code_id": "ZZZZ", "public_key": fresh.public_b64(), "device_name": "x", "proof": "AAAA"});
    let (status, code, message) = enroll(raw.http.post(&url).json(&wrong));
    assert_eq!((status, code.as_str()), (403, "code_refused"));
    assert!(message.contains("code d'enrôlement refusé"), "{message}");
}

/// Unsigned, unknown device, replayed request, another key.
fn request_refusals(raw: &RawLaptop) {
    let path = "/sync/v1/snapshot/manifest";
    let get = ("GET", path, &b""[..]);
    let answer = raw.http.get(raw.url(path)).send().unwrap();
    assert_eq!(problem(answer).1, "unsigned_request");
    let answer = raw.signed_as(get, &raw.key, "01NOTADEVICE", 1).unwrap();
    assert_eq!(problem(answer).1, "unknown_device");
    let counter = next_counter(raw.world);
    let first = raw.signed_as(get, &raw.key, &raw.device, counter).unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let replay = raw.signed_as(get, &raw.key, &raw.device, counter).unwrap();
    assert_eq!(problem(replay).1, "replay");
    let fresh = tournee_sync::DeviceKey::generate().unwrap();
    let counter = next_counter(raw.world);
    let forged = raw.signed_as(get, &fresh, &raw.device, counter).unwrap();
    assert_eq!(problem(forged).1, "bad_signature");
}

/// Path traversal, names that are not change files, an oversized body, and status
/// questions about another rep's files.
fn name_and_size_refusals(raw: &RawLaptop) {
    let data = &raw.world.server.data;
    for name in [
        "..%2F..%2Fconfig.toml",
        "VC_jdupont_..%2F..%2Fx.json",
        "notes.txt",
    ] {
        let path = format!("/sync/v1/changes/{name}");
        let (status, code, _) = problem(raw.send("PUT", &path, b"{}").unwrap());
        assert!(
            status == 400 && code == "bad_name",
            "{name}: {status} {code}"
        );
    }
    assert!(!data.join("config.toml.tmp").exists());
    assert!(data.join("config.toml").is_file());

    // Oversized body: refused before anything is written.
    let big = vec![b' '; 5 * 1024 * 1024];
    let path = format!("/sync/v1/changes/VC_{REP}_01KAAAAAAAAAAAAAAAAAAAAAAA.json");
    // The server answers 413 as soon as the declared length is over the limit and closes
    // the connection: a client still writing the body may see the close (broken pipe)
    // before it reads the answer. Either way nothing is written.
    match raw.send("PUT", &path, &big) {
        Ok(answer) => assert_eq!(problem(answer).0, 413),
        Err(error) => assert!(
            error.is_request() && !error.is_timeout(),
            "refused without an answer: {error:?}"
        ),
    }
    assert!(
        !data
            .join(format!(
                "inbox/{REP}/VC_{REP}_01KAAAAAAAAAAAAAAAAAAAAAAA.json"
            ))
            .exists(),
        "nothing of the oversized body was written"
    );

    let body = serde_json::to_vec(
        &serde_json::json!({"file_names": ["VC_mmartin_01KAAAAAAAAAAAAAAAAAAAAAAA.json"]}),
    )
    .unwrap();
    assert_eq!(
        raw.refusal("POST", "/sync/v1/changes/status", &body),
        "foreign_user"
    );
}

/// Files tampered after signing, unsigned, and in another rep's name. Returns the client
/// visited.
fn file_refusals(raw: &RawLaptop, app: &mut FieldApp) -> String {
    let world = raw.world;
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let tampered = app.record_visit(&visit(app, &code, "Original")).unwrap();
    let path_on_disk = world.outbox.join(&tampered.file_name);
    let text = std::fs::read_to_string(&path_on_disk)
        .unwrap()
        .replace("Original", "Modifié!");
    std::fs::write(&path_on_disk, text).unwrap();
    // A file of this rep without its signature (as another, unenrolled laptop would write).
    let unsigned = app
        .record_visit(&visit(app, &code, "Sans signature"))
        .unwrap();
    let unsigned_path = world.outbox.join(&unsigned.file_name);
    let stripped = tournee_sync::split_signature(&std::fs::read(&unsigned_path).unwrap());
    assert!(stripped.signature.is_some());
    std::fs::write(&unsigned_path, stripped.unsigned).unwrap();
    let report = world.sync().unwrap();
    let reasons: BTreeMap<String, Option<String>> = report
        .settled
        .iter()
        .map(|s| (s.file_name.clone(), s.reason.clone()))
        .collect();
    assert_eq!(
        reasons[&tampered.file_name].as_deref(),
        Some("bad_signature")
    );
    assert_eq!(reasons[&unsigned.file_name].as_deref(), Some("unsigned"));
    // What was wrong travels as a code with values, and as the server's sentence for
    // laptops that do not read the code; the app words the code itself.
    let tampered_status = report
        .settled
        .iter()
        .find(|s| s.file_name == tampered.file_name)
        .unwrap();
    assert_eq!(
        tampered_status.why(),
        Some(tournee_sync::Detail::SignatureMismatch)
    );
    assert_eq!(
        tampered_status.detail.as_deref(),
        Some("la signature ne correspond pas au contenu (fichier modifié ?)")
    );
    let shown = app.link_status().unwrap().refused;
    let shown = shown
        .iter()
        .find(|r| r.file_name == unsigned.file_name)
        .and_then(|r| r.refusal.as_ref())
        .unwrap();
    assert_eq!(shown.code, tournee_field::dto::RefusalCode::Unsigned);
    assert_eq!(shown.values["user"], REP);
    let failed = world.server.files_under("failed");
    assert!(failed
        .iter()
        .any(|p| p.ends_with(format!("{}.error.txt", tampered.file_name))));

    // A file in another rep's name: refused at once, and kept in failed/ by the automaton.
    let foreign = tournee_sync::Envelope::new(
        "mmartin",
        &raw.device,
        chrono::Utc::now().fixed_offset(),
        tournee_sync::ChangeBody::MC(tournee_sync::ClientModification {
            client_code: code.clone(),
            changes: Vec::new(),
            revisit: Some(tournee_sync::RevisitChange { date: None }),
            fleet: None,
        }),
    );
    let signer = tournee_sync::Signer {
        device_id: raw.device.clone(),
        key: tournee_sync::DeviceKey::from_secret_b64(&raw.key.secret_b64()).unwrap(),
    };
    let bytes = signer.sign_file(&foreign.to_json_pretty()).unwrap();
    let path = format!("/sync/v1/changes/{}", foreign.file_name());
    assert_eq!(raw.refusal("PUT", &path, &bytes), "foreign_user");
    wait_for("the foreign file refused", Duration::from_secs(30), || {
        world
            .failures()
            .iter()
            .any(|(f, r)| *f == foreign.file_name().to_string() && r == "foreign_folder")
    });
    code
}

/// A revoked device can do nothing more, and its files are refused.
fn revoked_device_refusals(raw: &RawLaptop, app: &mut FieldApp, code: &str) {
    let world = raw.world;
    revoke_device(&world.server.db(), &raw.device, chrono::Utc::now()).unwrap();
    let error = world.sync().unwrap_err();
    assert!(
        matches!(&error, LinkError::Refused { code, .. } if code == "revoked_device"),
        "{error}"
    );
    let late = app
        .record_visit(&visit(app, code, "Après révocation"))
        .unwrap();
    world
        .server
        .deliver(&world.outbox.join(&late.file_name), REP, &late.file_name);
    wait_for(
        "the revoked device's file refused",
        Duration::from_secs(30),
        || {
            world
                .failures()
                .iter()
                .any(|(f, r)| *f == late.file_name && r == "unknown_device")
        },
    );
}

/// Posts `body` to `path` signed as the enrolled laptop.
fn post_signed(world: &World, path: &str, body: Vec<u8>) -> reqwest::blocking::Response {
    let (credential, key) = Credential::load(&world.home).unwrap().unwrap();
    let counter = next_counter(world);
    signed(
        raw_client().post(format!("{}{path}", world.url(world.sync_port))),
        &key,
        &credential.device_id,
        "POST",
        path,
        counter,
        &body,
    )
    .body(body)
    .send()
    .unwrap()
}

/// A batch of `(file name, text)` as the laptop sends it.
fn batch(files: &[(String, String)]) -> Vec<u8> {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|(name, text)| serde_json::json!({"file_name": name, "content": text}))
        .collect();
    serde_json::to_vec(&serde_json::json!({ "files": files })).unwrap()
}

#[test]
fn a_batch_push_refuses_bad_input_whole_and_counts_each_change_once() {
    let world = World::new();
    world.enroll(world.sync_port);
    world.sync().unwrap();
    let mut app = world.open_app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let real: Vec<(String, String)> = (0..2)
        .map(|i| {
            let written = app
                .record_visit(&visit(&app, &code, &format!("Lot n° {i}")))
                .unwrap();
            let text = std::fs::read_to_string(world.outbox.join(&written.file_name)).unwrap();
            (written.file_name, text)
        })
        .collect();
    let inbox_holds = |name: &str| {
        world
            .server
            .data
            .join("inbox")
            .join(REP)
            .join(name)
            .exists()
    };
    let path = "/sync/v1/changes";

    assert_eq!(
        problem(post_signed(&world, path, b"{pas du json".to_vec())).1,
        "bad_json"
    );
    let unknown_field = serde_json::to_vec(&serde_json::json!({"files": [], "extra": 1})).unwrap();
    assert_eq!(
        problem(post_signed(&world, path, unknown_field)).1,
        "bad_json"
    );

    // One bad name, or one file over the admin's limit, refuses the whole batch.
    let traversal = [
        real[0].clone(),
        ("../../config.toml".to_string(), "{}".to_string()),
    ];
    let (status, code_seen, message) = problem(post_signed(&world, path, batch(&traversal)));
    assert_eq!((status, code_seen.as_str()), (400, "bad_name"), "{message}");
    let oversize_name = format!("VC_{REP}_01KAAAAAAAAAAAAAAAAAAAAAAA.json");
    let oversize = [
        real[0].clone(),
        (oversize_name.clone(), " ".repeat(2 * 1024 * 1024)),
    ];
    let (status, code_seen, message) = problem(post_signed(&world, path, batch(&oversize)));
    assert_eq!(
        (status, code_seen.as_str()),
        (413, "too_large"),
        "{message}"
    );
    assert!(
        message.contains(&oversize_name),
        "the refusal names the file: {message}"
    );
    let many: Vec<(String, String)> = (0..1001)
        .map(|i| (format!("VC_{REP}_01KA{i:022}.json"), "{}".to_string()))
        .collect();
    assert_eq!(
        problem(post_signed(&world, path, batch(&many))).1,
        "too_many"
    );
    assert!(
        !inbox_holds(&real[0].0),
        "nothing of a refused batch was written"
    );

    // A body over the batch limit is refused unread (or the connection is cut).
    let (credential, key) = Credential::load(&world.home).unwrap().unwrap();
    let huge = vec![b' '; 9 * 1024 * 1024];
    let counter = next_counter(&world);
    let answer = signed(
        raw_client().post(format!("{}{path}", world.url(world.sync_port))),
        &key,
        &credential.device_id,
        "POST",
        path,
        counter,
        &huge,
    )
    .body(huge.clone())
    .send();
    if let Ok(answer) = answer {
        assert_eq!(problem(answer).0, 413);
    }

    // A good batch, then the same request replayed, then the same files in a new
    // request: answered in order, integrated once.
    let body = batch(&real);
    let counter = next_counter(&world);
    let send = |counter: u64| {
        signed(
            raw_client().post(format!("{}{path}?wait=10", world.url(world.sync_port))),
            &key,
            &credential.device_id,
            "POST",
            &format!("{path}?wait=10"),
            counter,
            &body,
        )
        .body(body.clone())
        .send()
        .unwrap()
    };
    let statuses: Vec<tournee_sync::ChangeStatus> = send(counter).json().unwrap();
    let names: Vec<&str> = statuses.iter().map(|s| s.file_name.as_str()).collect();
    assert_eq!(names, [real[0].0.as_str(), real[1].0.as_str()]);
    assert!(
        statuses
            .iter()
            .all(|s| s.state == tournee_sync::ChangeState::Integrated),
        "{statuses:?}"
    );
    assert_eq!(problem(send(counter)).1, "replay");
    let again: Vec<tournee_sync::ChangeStatus> = send(next_counter(&world)).json().unwrap();
    assert!(again
        .iter()
        .all(|s| s.state == tournee_sync::ChangeState::Integrated));
    assert_eq!(world.ledger(), 2, "each change integrated once");
    assert!(world.failures().is_empty(), "{:?}", world.failures());

    // Without a signature the body is not even read.
    let unsigned = raw_client()
        .post(format!("{}{path}", world.url(world.sync_port)))
        .body(batch(&real))
        .send()
        .unwrap();
    assert_eq!(problem(unsigned).1, "unsigned_request");
}

/// What a week offline cost once the laptop reconnected.
struct CatchUp {
    report: SyncReport,
    pushed_in: Duration,
    integrated_in: Duration,
}

/// A rep records 2,000 visits offline (a week's worth at most), then one round pushes
/// them through `port` (the server's, or a proxy's). The timings are printed for
/// docs/benchmarks.md; what is asserted is that nothing is lost, nothing fails, and the
/// push takes a handful of requests rather than one per file.
fn catch_up_a_week_offline(world: &World, port: u16) -> CatchUp {
    const CHANGES: usize = 2000;
    world.enroll(port);
    world.sync().unwrap();
    let mut app = world.open_app();
    let codes: Vec<String> = app
        .home_last_visit()
        .unwrap()
        .into_iter()
        .map(|r| r.c_client)
        .collect();
    let before = generation(&mut app);
    for i in 0..CHANGES {
        let mut input = visit(
            &app,
            &codes[i % codes.len()],
            &format!("Semaine hors ligne n° {i}"),
        );
        let day = chrono::Local::now().date_naive() - chrono::Duration::days((i % 7) as i64);
        input.visit_date = day.to_string();
        app.record_visit(&input).unwrap();
    }
    assert_eq!(world.ledger(), 0, "nothing left the laptop");

    // Back online: one round pushes everything.
    let started = Instant::now();
    let report = world.sync().unwrap();
    let pushed_in = started.elapsed();
    assert_eq!(report.pushed, CHANGES);
    assert!(
        report.requests <= CHANGES.div_ceil(500) + 3,
        "the push went in batches, not file by file: {} requests",
        report.requests
    );
    wait_for("every change integrated", Duration::from_secs(300), || {
        world.ledger() == CHANGES as i64
    });
    let integrated_in = started.elapsed();
    wait_for(
        "the snapshot listing them back",
        Duration::from_secs(120),
        || {
            world.sync().is_ok()
                && generation(&mut app) != before
                && app.status().unwrap().pending_changes == 0
        },
    );
    assert!(world.failures().is_empty(), "{:?}", world.failures());
    let state = LinkState::load(&world.home).unwrap();
    assert_eq!(state.received.len(), 0);
    println!(
        "catch-up of {CHANGES} changes over HTTPS: pushed in {:.2} s with {} requests \
         ({:.0} files/s); all integrated {:.2} s after reconnecting; laptop clean {:.1} s after",
        pushed_in.as_secs_f64(),
        report.requests,
        CHANGES as f64 / pushed_in.as_secs_f64(),
        integrated_in.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    CatchUp {
        report,
        pushed_in,
        integrated_in,
    }
}

#[test]
fn a_week_offline_with_2000_changes_catches_up_in_one_https_round() {
    let world = World::new();
    catch_up_a_week_offline(&world, world.sync_port);
}

#[test]
fn a_week_offline_catches_up_over_a_link_with_100_ms_of_latency() {
    let world = World::new();
    let link = LatencyProxy::start(world.sync_port, Duration::from_millis(50));
    let caught_up = catch_up_a_week_offline(&world, link.port);
    // Every request through the proxy paid 100 ms at least: batching is what keeps the
    // round short, so the count of requests is what this test holds to.
    let round_trips = caught_up.report.requests;
    println!(
        "through 100 ms of latency: {round_trips} requests, {} connections, pushed in {:.2} s, integrated in {:.2} s",
        link.connections(),
        caught_up.pushed_in.as_secs_f64(),
        caught_up.integrated_in.as_secs_f64()
    );
    assert!(
        caught_up.pushed_in >= Duration::from_millis(100 * round_trips as u64),
        "the proxy really delayed every request"
    );
}

#[test]
fn a_laptop_clock_an_hour_ahead_or_behind_changes_nothing_over_https() {
    let world = World::new();
    world.enroll(world.sync_port);
    world.sync().unwrap();
    let mut app = world.open_app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();
    let mut ids = Vec::new();
    for (offset, label) in [(1, "Horloge en avance"), (-1, "Horloge en retard")] {
        app.set_clock(Box::new(move || {
            (chrono::Local::now() + chrono::Duration::hours(offset)).fixed_offset()
        }));
        let mut input = visit(&app, &code, label);
        // The rep records the day their (wrong) clock shows, as the app proposes.
        input.visit_date = (chrono::Local::now() + chrono::Duration::hours(offset))
            .date_naive()
            .to_string();
        ids.push(app.record_visit(&input).unwrap().change_id);
        // The request counter does not come from the clock alone: no replay either way.
        world.sync().unwrap();
    }
    wait_for("both visits integrated", Duration::from_secs(30), || {
        world.ledger() == 2
    });
    for id in &ids {
        assert_eq!(
            world.server.count(&format!(
                "SELECT count(*) FROM change_ledger WHERE change_id = '{id}'"
            )),
            1
        );
    }
    assert!(world.failures().is_empty(), "{:?}", world.failures());
}

#[test]
fn an_older_data_directory_gets_its_certificate_when_the_transport_is_turned_on() {
    // A data directory from before the transport: no certificate, no `sync_listen`.
    let server = TestServer::init(&["--admin-password", "Https-admin-123"]);
    std::fs::remove_dir_all(server.data.join("tls")).unwrap();
    let port = free_port();
    let config = server.data.join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("sync_listen = \"127.0.0.1:{port}\"\n"));
    std::fs::write(&config, text).unwrap();
    let _automaton = Running(
        Command::new(server_binary())
            .args(["run", "--listen", &format!("127.0.0.1:{}", free_port())])
            .arg("--data")
            .arg(&server.data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for("the HTTPS transport", Duration::from_secs(30), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let fingerprint = tournee_server::fingerprint(&server.data.join("tls/cert.pem")).unwrap();
    let verifier = tournee_link::pinning::PinnedVerifier::first_contact();
    let http = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(verifier.client_config().unwrap())
        .build()
        .unwrap();
    let hello = http
        .get(format!("https://127.0.0.1:{port}/sync/v1/hello"))
        .send()
        .unwrap();
    assert_eq!(hello.status().as_u16(), 200);
    assert_eq!(
        verifier.seen(),
        Some(fingerprint),
        "the new certificate is the one served"
    );
}

#[test]
fn an_unknown_enrollment_code_is_shown_under_the_code_field_in_the_reps_words() {
    // Moved from the server's under_attack.rs, whose enrollment test checks the answers on
    // the wire: here the laptop's own client meets the same refusal.
    let world = World::new();
    let refused = tournee_link::enroll(
        &world.home,
        &world.url(world.sync_port),
        "ZZZZ-AAAA-AAAA-AAAA",
        "portable",
    )
    .unwrap_err();
    let shown = tournee_field::FieldError::Link(refused).to_command_error();
    assert_eq!(shown.field.as_deref(), Some("code"), "{shown:?}");
    // The laptop's own code for it, which the UI words sending the rep to the fingerprint.
    assert_eq!(
        shown.code,
        tournee_field::dto::ErrorCode::LinkCodeRefused,
        "{shown:?}"
    );
}
