//! The server under attack, with the real `tournee-server run` on loopback: floods of
//! idle connections from many source addresses (127.0.0.x), slow clients, and what the
//! admin and the automaton still get done meanwhile.
//!
//! The server is started with a soft open-files limit of 4,096 (a hard one above it),
//! as a service often is: it must raise it, and keep its connections within caps.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::process::{free_port, wait_for, Running, REP};
use common::{server_binary, TestServer};

/// The server running with both listeners.
struct Target {
    server: TestServer,
    running: Running,
    office: u16,
    sync: u16,
}

impl Target {
    /// `init --demo small` with the transport, `[limits]` settings replaced by
    /// `limits`, then `run` under a soft open-files limit of 4,096.
    fn start(limits: &[(&str, &str)]) -> Self {
        let (office, sync) = (free_port(), free_port());
        let server = TestServer::init(&[
            "--demo",
            "small",
            "--admin-password",
            "Attaque-admin-123",
            "--sync-listen",
            &format!("127.0.0.1:{sync}"),
        ]);
        let config_path = server.data.join("config.toml");
        let mut config = std::fs::read_to_string(&config_path).unwrap();
        if !limits.is_empty() {
            config = config.replace("# [limits]", "[limits]");
        }
        for (key, value) in limits {
            let line = config
                .lines()
                .find(|line| line.starts_with(&format!("# {key} =")))
                .unwrap_or_else(|| panic!("no {key} in config.toml"))
                .to_string();
            config = config.replace(&line, &format!("{key} = {value}"));
        }
        std::fs::write(&config_path, config).unwrap();
        let running = Running(
            Command::new("sh")
                .args([
                    "-c",
                    "ulimit -Sn 4096 2>/dev/null; exec \"$0\" \"$@\"",
                    server_binary().to_str().unwrap(),
                    "run",
                    "--listen",
                    &format!("127.0.0.1:{office}"),
                    "--data",
                ])
                .arg(&server.data)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_for("both listeners", Duration::from_secs(30), || {
            TcpStream::connect(("127.0.0.1", office)).is_ok()
                && TcpStream::connect(("127.0.0.1", sync)).is_ok()
        });
        Self {
            server,
            running,
            office,
            sync,
        }
    }

    fn pid(&self) -> u32 {
        self.running.0.id()
    }

    /// File descriptors the server holds now.
    fn descriptors(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .unwrap()
            .count()
    }

    fn login_page(&self) -> reqwest::Result<reqwest::blocking::Response> {
        common::http_client_builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
            .get(format!("http://127.0.0.1:{}/office/login", self.office))
            .send()
    }

    /// A visit dropped into the rep's inbox, as a sync tool would.
    fn drop_visit(&self) {
        let client_code: String = self
            .server
            .db()
            .query_row(
                "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let envelope = tournee_sync::Envelope {
            spec: tournee_sync::SPEC_VERSION,
            change_id: tournee_sync::new_change_id(),
            user: REP.into(),
            device: "PC-JD01".into(),
            created_at: chrono::Utc::now().fixed_offset(),
            body: tournee_sync::ChangeBody::VC(tournee_sync::ClientVisit {
                client_code,
                visit: tournee_sync::VisitReport {
                    visit_date: chrono::Utc::now().date_naive(),
                    visit_time: "09:30".into(),
                    comment: "Pendant l'attaque.".into(),
                    answers: std::collections::BTreeMap::from([(
                        "type_contact".to_string(),
                        tournee_sync::Answer::One("telephone".into()),
                    )]),
                },
            }),
        };
        tournee_sync::publish_change(&self.server.data.join("inbox").join(REP), &envelope).unwrap();
    }
}

/// A TCP connection to `port` from the loopback address `source`.
fn connect_from(source: Ipv4Addr, port: u16) -> std::io::Result<TcpStream> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.bind(&SocketAddr::from((source, 0)).into())?;
    socket.connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)).into(),
        Duration::from_secs(10),
    )?;
    Ok(socket.into())
}

/// Whether the server closed `stream` within `within` (end of stream or reset).
fn closed_within(stream: &TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut byte = [0u8; 64];
    let mut reader = stream;
    loop {
        match reader.read(&mut byte) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

/// Holds idle connections in a separate process (`python3`, as the mail tests use), so
/// that the attack's 20,000 sockets do not count against this process's open-files
/// limit, which an unprivileged test cannot raise past its hard limit.
const HOLDER: &str = r#"
import resource, socket, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
port, held, failed = int(sys.argv[1]), [], 0
for spec in sys.argv[2:]:
    address, count = spec.split("=")
    for _ in range(int(count)):
        s = socket.socket()
        s.bind((address, 0))
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            held.append(s)
        except OSError:
            s.close()
            failed += 1
            if failed >= 20:
                break
print(len(held), flush=True)
sys.stdin.read()
"#;

/// A process holding idle connections until dropped, and how many it opened.
struct Holder(std::process::Child, usize);

impl Holder {
    /// `count` connections to `port` from each of `sources`, held once this returns.
    fn start(port: u16, sources: &[Ipv4Addr], count: usize) -> Self {
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(HOLDER)
            .arg(port.to_string())
            .args(sources.iter().map(|s| format!("{s}={count}")))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 (scripts/prerequisites.sh installs it)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        let opened = line.trim().parse::<usize>().unwrap_or(0);
        eprintln!(
            "{opened} of {} connections to port {port} opened",
            sources.len() * count
        );
        Self(child, opened)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _already_gone_is_fine = self.0.kill();
        let _reaped = self.0.wait();
    }
}

#[test]
fn twenty_thousand_idle_connections_leave_the_office_and_the_automaton_working() {
    let target = Target::start(&[]);
    let before = target.descriptors();

    // 20,000 idle connections: half on the back office, half on the TLS port, 1,000 from
    // each of 127.0.0.2 to 127.0.0.11, none of which ever sends a byte.
    let started = Instant::now();
    let sources: Vec<Ipv4Addr> = (2..12).map(|last| Ipv4Addr::new(127, 0, 0, last)).collect();
    let holders: Vec<Holder> = [target.office, target.sync]
        .into_iter()
        .flat_map(|port| sources.chunks(5).map(move |half| (port, half.to_vec())))
        .map(|(port, half)| std::thread::spawn(move || Holder::start(port, &half, 1_000)))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    eprintln!(
        "20,000 connections opened in {:.1} s; server descriptors {} → {}",
        started.elapsed().as_secs_f64(),
        before,
        target.descriptors()
    );

    // The admin's browser gets the login page at once.
    let asked = Instant::now();
    let page = target.login_page().unwrap();
    let took = asked.elapsed();
    assert!(page.status().is_success(), "{}", page.status());
    assert!(
        took < Duration::from_secs(2),
        "login page took {took:?} under attack"
    );
    // A laptop still reaches the transport.
    let hello = common::http_client_builder()
        .danger_accept_invalid_certs(true)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .get(format!("https://127.0.0.1:{}/sync/v1/hello", target.sync))
        .send()
        .unwrap();
    assert!(hello.status().is_success(), "{}", hello.status());

    // The automaton, which needs descriptors to read its settings and the database,
    // integrates a visit dropped meanwhile.
    target.drop_visit();
    wait_for("the visit integrated", Duration::from_secs(30), || {
        target.server.count("SELECT count(*) FROM change_ledger") == 1
    });

    // The server kept at most each address's share of each listener (the rest were
    // closed at once; `slow_and_idle_…` below shows it connection by connection).
    let held = target.descriptors();
    let most = before + sources.len() * (32 + 256) + 64;
    assert!(
        held <= most,
        "the server holds {held} descriptors (at most {most} expected)"
    );
    let opened: usize = holders.iter().map(|h| h.1).sum();
    assert_eq!(
        opened, 20_000,
        "every attacking connection reached the server"
    );
    eprintln!("under attack: login page in {took:?}, server descriptors {held}");
    drop(holders);
}

#[test]
fn slow_and_idle_clients_are_cut_and_a_full_listener_turns_newcomers_away() {
    let target = Target::start(&[
        ("tls_handshake_timeout_secs", "1"),
        ("header_read_timeout_secs", "3"),
        ("idle_timeout_secs", "4"),
        ("office_max_connections", "40"),
        ("office_max_connections_per_address", "8"),
    ]);
    let source = |last: u8| Ipv4Addr::new(127, 0, 0, last);

    // Slowloris: headers one byte at a time never finish; cut after the header timeout.
    let mut slow = connect_from(source(2), target.office).unwrap();
    let started = Instant::now();
    let mut cut = false;
    for byte in b"GET /office/login HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
        if slow.write_all(&[*byte]).is_err() {
            cut = true;
            break;
        }
        sleep(Duration::from_millis(100));
    }
    assert!(
        cut || closed_within(&slow, Duration::from_secs(2)),
        "a slow client is cut"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );

    // A TLS client that never says hello is cut after the handshake timeout.
    let mute = connect_from(source(2), target.sync).unwrap();
    let started = Instant::now();
    assert!(closed_within(&mute, Duration::from_secs(3)));
    assert!(started.elapsed() >= Duration::from_millis(900));

    // A keep-alive connection left idle after its answer is closed.
    let mut kept = connect_from(source(2), target.office).unwrap();
    kept.write_all(b"GET /office/login HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = [0u8; 16];
    kept.read_exact(&mut answer).unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    assert!(
        closed_within(&kept, Duration::from_secs(4)),
        "idle keep-alive closed"
    );

    // One address gets 8 connections; the 9th is closed at once, another address is
    // served. (Everything up to the newcomer below happens well within the 3 s header
    // timeout, which would otherwise free places.)
    let filling = Instant::now();
    let mine: Vec<TcpStream> = (0..8)
        .map(|_| connect_from(source(3), target.office).unwrap())
        .collect();
    let ninth = connect_from(source(3), target.office).unwrap();
    assert!(
        closed_within(&ninth, Duration::from_millis(300)),
        "over the per-address cap"
    );
    assert!(target.login_page().unwrap().status().is_success());

    // Fill the listener (40) from four more addresses: a newcomer is turned away at once…
    let others: Vec<TcpStream> = (4..8)
        .flat_map(|last| (0..8).map(move |_| connect_from(source(last), target.office).unwrap()))
        .collect();
    let newcomer = connect_from(source(20), target.office).unwrap();
    assert!(
        closed_within(&newcomer, Duration::from_millis(300)),
        "over the listener's cap"
    );
    assert!(
        filling.elapsed() < Duration::from_secs(3),
        "the caps were checked before the header timeout: {:?}",
        filling.elapsed()
    );
    // …and served again once the header timeout has freed the idle places.
    sleep(Duration::from_secs(3));
    assert!(target.login_page().unwrap().status().is_success());
    let closed = others
        .iter()
        .chain(&mine)
        .filter(|s| closed_within(s, Duration::from_millis(1)))
        .count();
    assert_eq!(closed, 40, "idle connections were reaped");
}

/// Resident memory of a process, in KiB.
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn unsigned_uploads_are_refused_before_their_body_is_read() {
    let target = Target::start(&[]);
    let url = format!("https://127.0.0.1:{}/sync/v1", target.sync);
    let client = || {
        common::http_client_builder()
            .danger_accept_invalid_certs(true)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    };
    // The server's resting size once its TLS and HTTP paths have run.
    for _ in 0..5 {
        client().get(format!("{url}/hello")).send().unwrap();
    }
    sleep(Duration::from_millis(500));
    let before = resident_kib(target.pid());

    // 60 uploads of 4 MiB with no signature, all at once, twice.
    let body = vec![b'{'; 4 * 1024 * 1024];
    let threads: Vec<_> = (0..60)
        .map(|_| {
            let (url, body) = (url.clone(), body.clone());
            std::thread::spawn(move || {
                (0..2)
                    .map(|_| {
                        let name = format!("VC_{REP}_{}.json", ulid::Ulid::new());
                        common::http_client_builder()
                            .danger_accept_invalid_certs(true)
                            .timeout(Duration::from_secs(30))
                            .build()
                            .unwrap()
                            .put(format!("{url}/changes/{name}"))
                            .body(body.clone())
                            .send()
                            .map(|answer| {
                                (answer.status().as_u16(), answer.text().unwrap_or_default())
                            })
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let answers: Vec<_> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    sleep(Duration::from_millis(500));
    let after = resident_kib(target.pid());
    eprintln!(
        "server resident memory: {} MiB before, {} MiB after 120 unsigned uploads of 4 MiB, 60 at a time ({} answered, the others cut while sending)",
        before / 1024,
        after / 1024,
        answers.iter().flatten().count()
    );

    // Every answer that came back (the server may close before the client has sent
    // its whole body) is the refusal of an unsigned request; nothing was written.
    for answer in answers.iter().flatten() {
        assert_eq!(answer.0, 401, "{answer:?}");
        assert!(answer.1.contains("unsigned_request"), "{answer:?}");
    }
    assert!(
        target.server.files_under("inbox").is_empty(),
        "{:?}",
        target.server.files_under("inbox")
    );
    assert!(
        after < before + 32 * 1024,
        "resident memory grew from {} to {} MiB",
        before / 1024,
        after / 1024
    );
    assert!(
        target.login_page().unwrap().status().is_success(),
        "the server is still up"
    );
}

const ACCOUNTANT_PASSWORD: &str = "Une phrase de passe pour la comptable";

/// The accountant's account, `compta`.
fn add_accountant(target: &Target) {
    tournee_store::create_account(
        &target.server.db(),
        "compta",
        "Claire Comptable",
        "compta@pneus-tournee.fr",
        tournee_store::Role::Accountant,
        ACCOUNTANT_PASSWORD,
        chrono::Utc::now(),
    )
    .unwrap();
}

/// A browser at the loopback address `source` that keeps cookies and shows redirects.
fn office_client(source: Ipv4Addr) -> reqwest::blocking::Client {
    common::http_client_builder()
        .local_address(std::net::IpAddr::V4(source))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// The login page's form token (its cookie goes into `client`).
fn login_form_token(client: &reqwest::blocking::Client, target: &Target) -> String {
    let page = client
        .get(format!("http://127.0.0.1:{}/office/login", target.office))
        .send()
        .unwrap()
        .text()
        .unwrap();
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no form token in:\n{page}"))
        .to_string()
}

/// A login attempt from the loopback address `source`: status, page and time taken.
fn attempt(
    target: &Target,
    source: Ipv4Addr,
    login: &str,
    password: &str,
) -> (u16, String, Duration) {
    let client = office_client(source);
    let csrf = login_form_token(&client, target);
    let started = Instant::now();
    let answer = client
        .post(format!("http://127.0.0.1:{}/office/login", target.office))
        .form(&[
            ("csrf", csrf.as_str()),
            ("login", login),
            ("password", password),
        ])
        .send()
        .unwrap();
    let took = started.elapsed();
    let status = answer.status().as_u16();
    (status, answer.text().unwrap(), took)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The refusal sentence of a login page.
fn refusal(page: &str) -> String {
    page.split("role=\"alert\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no refusal in:\n{page}"))
        .to_string()
}

#[test]
fn a_refused_login_reads_and_takes_the_same_whatever_the_reason() {
    let target = Target::start(&[]);
    add_accountant(&target);
    let from = |block: u8, i: u8| Ipv4Addr::new(127, 0, block, 10 + i);
    let mut sentences = std::collections::BTreeSet::new();
    let mut measure = |block: u8, login: &str, password: &str| {
        let times: Vec<Duration> = (0..7)
            .map(|i| {
                let (status, page, took) = attempt(&target, from(block, i), login, password);
                assert_eq!(status, 401, "{login}: {page}");
                sentences.insert(refusal(&page));
                took
            })
            .collect();
        median(times)
    };
    let unknown = measure(1, "personne", "un mot de passe quelconque");
    let wrong = measure(2, "compta", "pas le bon mot de passe");
    // The account in the middle of its back-off (as after a long attack): even the right
    // password is refused, in the same words and the same time.
    target
        .server
        .db()
        .execute(
            "UPDATE app_user SET failed_attempts = 40, locked_until = ?1 WHERE windows_user = 'compta'",
            [(chrono::Utc::now() + chrono::Duration::minutes(5))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
        )
        .unwrap();
    let backing_off = measure(3, "compta", ACCOUNTANT_PASSWORD);
    // One user directory (issue 13): an inactive user with the right password, and a rep
    // of the directory who has no password, are refused as an unknown login is.
    {
        let db = target.server.db();
        tournee_store::create_account(
            &db,
            "partie",
            "Partie de l'entreprise",
            "partie@pneus-tournee.fr",
            tournee_store::Role::Rep,
            ACCOUNTANT_PASSWORD,
            chrono::Utc::now(),
        )
        .unwrap();
        db.execute_batch(
            "UPDATE app_user SET active = 0 WHERE windows_user = 'partie'; \
             INSERT INTO app_user (windows_user, erp_code, email, display_name) \
               VALUES ('sansmdp', 'SM01', 'sm@pneus-tournee.fr', 'Sans mot de passe');",
        )
        .unwrap();
    }
    let inactive = measure(4, "partie", ACCOUNTANT_PASSWORD);
    let no_password = measure(5, "sansmdp", "un mot de passe quelconque");
    eprintln!(
        "medians: unknown {unknown:?}, wrong password {wrong:?}, account back-off {backing_off:?}, \
         inactive {inactive:?}, no password {no_password:?}"
    );
    assert_eq!(
        sentences.len(),
        1,
        "one sentence for every refusal: {sentences:?}"
    );
    let all = [unknown, wrong, backing_off, inactive, no_password];
    let (fastest, slowest) = (
        all.iter().copied().min().unwrap(),
        all.iter().copied().max().unwrap(),
    );
    assert!(
        slowest < fastest * 2,
        "refusals take similar times: unknown {unknown:?}, wrong {wrong:?}, back-off {backing_off:?}, \
         inactive {inactive:?}, no password {no_password:?}"
    );
}

#[test]
fn the_back_off_is_per_address_and_the_console_unlocks_or_resets_an_account() {
    let target = Target::start(&[]);
    add_accountant(&target);
    let source = |last: u8| Ipv4Addr::new(127, 0, 4, last);

    // Six failures from one address: it waits, even with the right password…
    for _ in 0..6 {
        assert_eq!(attempt(&target, source(2), "compta", "mauvais").0, 401);
    }
    let (status, page, _) = attempt(&target, source(2), "compta", ACCOUNTANT_PASSWORD);
    assert_eq!(status, 401, "the address waits: {page}");
    // …while the accountant at another address signs in.
    assert_eq!(
        attempt(&target, source(3), "compta", ACCOUNTANT_PASSWORD).0,
        303,
        "another address is not held back"
    );
    // After its second of back-off, the first address is heard again.
    sleep(Duration::from_millis(1_100));
    assert_eq!(
        attempt(&target, source(2), "compta", ACCOUNTANT_PASSWORD).0,
        303
    );

    // An attack on `admin` from many addresses leaves the account waiting; the admin at the
    // server's console lifts it at once.
    let admin_password = "Attaque-admin-123";
    target
        .server
        .db()
        .execute(
            "UPDATE app_user SET failed_attempts = 400, locked_until = ?1 WHERE windows_user = 'admin'",
            [(chrono::Utc::now() + chrono::Duration::minutes(1))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
        )
        .unwrap();
    assert_eq!(attempt(&target, source(10), "admin", admin_password).0, 401);
    let unlocked = target.server.run(&["account", "unlock", "admin"]);
    assert!(
        unlocked.status.success(),
        "{}",
        String::from_utf8_lossy(&unlocked.stderr)
    );
    let (status, _, _) = attempt(&target, source(11), "admin", admin_password);
    assert_eq!(status, 303, "unlocked from the console");

    // A forgotten password: drawn at the console, shown once, to be changed at once.
    let reset = target.server.run(&["account", "reset-password", "compta"]);
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    let drawn = String::from_utf8(reset.stdout).unwrap().trim().to_string();
    assert!(drawn.len() >= 12, "{drawn}");
    assert_eq!(
        attempt(&target, source(12), "compta", ACCOUNTANT_PASSWORD).0,
        401
    );
    let client = office_client(source(12));
    let csrf = login_form_token(&client, &target);
    let signed_in = client
        .post(format!("http://127.0.0.1:{}/office/login", target.office))
        .form(&[
            ("csrf", csrf.as_str()),
            ("login", "compta"),
            ("password", drawn.as_str()),
        ])
        .send()
        .unwrap();
    assert_eq!(signed_in.status().as_u16(), 303);
    assert_eq!(
        signed_in.headers()["location"].to_str().unwrap(),
        "/office/password",
        "a drawn password must be changed first"
    );
    let unknown = target.server.run(&["account", "unlock", "personne"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("personne"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

/// An enrollment request from the loopback address `source`: status, code, message, time.
fn enroll_from(
    target: &Target,
    source: Ipv4Addr,
    request: &serde_json::Value,
) -> (u16, String, String, Duration) {
    let client = common::http_client_builder()
        .local_address(std::net::IpAddr::V4(source))
        .danger_accept_invalid_certs(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let answer = client
        .post(format!("https://127.0.0.1:{}/sync/v1/enroll", target.sync))
        .json(request)
        .send()
        .unwrap();
    let took = started.elapsed();
    let status = answer.status().as_u16();
    let body: serde_json::Value = answer.json().unwrap();
    let text = |key: &str| body[key].as_str().unwrap_or_default().to_string();
    (status, text("error"), text("message"), took)
}

#[test]
fn enrollment_answers_an_unknown_code_and_a_wrong_proof_alike_and_holds_back_a_guessing_address() {
    use tournee_store::{issue_code, split_code};
    use tournee_sync::enrollment_proof;

    let target = Target::start(&[]);
    let cert = tournee_server::fingerprint(&target.server.data.join("tls/cert.pem")).unwrap();
    let issue = || {
        let code = issue_code(&target.server.db(), REP, "admin", chrono::Utc::now())
            .unwrap()
            .code;
        split_code(&code).unwrap()
    };
    // One code to guess at (it ends burnt), one for the rep's laptop.
    let (guessed_id, _) = issue();
    let (code_id, secret) = issue();
    let key = tournee_sync::DeviceKey::generate().unwrap().public_b64();
    let request = |code_id: &str, proof: &str| serde_json::json!({"code_id": code_id, "public_key": key, "device_name": "portable", "proof": proof});
    let wrong_proof = enrollment_proof("AAAAAAAAAAAA", &cert, &key);
    // An unused code id in the same alphabet.
    let unknown_id = ["ZZZZ", "YYYY", "XXXX"]
        .into_iter()
        .find(|id| *id != code_id && *id != guessed_id)
        .unwrap();

    // Four wrong proofs for the real code, four for an unknown one, each from its own
    // address: one status, one code, one sentence, similar times.
    let mut answers = std::collections::BTreeSet::new();
    let mut times = |id: &str, block: u8| {
        median(
            (0..4)
                .map(|i| {
                    let (status, error, message, took) = enroll_from(
                        &target,
                        Ipv4Addr::new(127, 0, block, 10 + i),
                        &request(id, &wrong_proof),
                    );
                    answers.insert((status, error, message));
                    took
                })
                .collect(),
        )
    };
    let for_real_code = times(&guessed_id, 5);
    let for_unknown_code = times(unknown_id, 6);
    eprintln!(
        "medians: real code, wrong proof {for_real_code:?}; unknown code {for_unknown_code:?}"
    );
    assert_eq!(answers.len(), 1, "one answer for both: {answers:?}");
    let (status, error, message) = answers.into_iter().next().unwrap();
    assert_eq!((status, error.as_str()), (403, "code_refused"));
    assert!(message.contains("vérifiez sa saisie"), "{message}");
    let (fast, slow) = (
        for_real_code.min(for_unknown_code),
        for_real_code.max(for_unknown_code),
    );
    assert!(slow < fast * 2, "similar times: {fast:?} / {slow:?}");

    // An address that keeps guessing is held back, whatever it sends next…
    let guesser = Ipv4Addr::new(127, 0, 7, 2);
    for _ in 0..5 {
        assert_eq!(
            enroll_from(&target, guesser, &request(unknown_id, &wrong_proof)).1,
            "code_refused"
        );
    }
    let right_proof = enrollment_proof(&secret, &cert, &key);
    let (status, error, message, _) = enroll_from(&target, guesser, &request(&code_id, "x"));
    assert_eq!((status, error.as_str()), (403, "code_refused"), "{message}");
    let (status, error, message, _) =
        enroll_from(&target, guesser, &request(&code_id, &right_proof));
    assert_eq!(
        (status, error.as_str()),
        (429, "too_many_attempts"),
        "{message}"
    );
    assert!(message.contains("patientez"), "{message}");
    // …while the rep's laptop, elsewhere, enrolls with the right proof.
    let laptop = Ipv4Addr::new(127, 0, 7, 3);
    let (status, error, message, _) =
        enroll_from(&target, laptop, &request(&code_id, &right_proof));
    assert_eq!(status, 200, "{error}: {message}");
    // Only the holder of the secret learns that a code has served.
    let other_key = tournee_sync::DeviceKey::generate().unwrap().public_b64();
    let again = serde_json::json!({
        "code_id": code_id,
        "public_key": other_key,
        "device_name": "second",
        "proof": enrollment_proof(&secret, &cert, &other_key),
    });
    let (status, error, _, _) = enroll_from(&target, laptop, &again);
    assert_eq!((status, error.as_str()), (403, "code_used"));

    // A device name longer than a host name is refused, naming it.
    let long_name = serde_json::json!({
        "code_id": code_id,
        "public_key": tournee_sync::DeviceKey::generate().unwrap().public_b64(),
        "device_name": "p".repeat(65),
        "proof": "x",
    });
    let (status, error, message, _) = enroll_from(&target, Ipv4Addr::new(127, 0, 7, 4), &long_name);
    assert_eq!(
        (status, error.as_str()),
        (400, "bad_device_name"),
        "{message}"
    );
    assert!(
        message.contains("nom de l'appareil") && message.contains("65 reçus"),
        "{message}"
    );
    // How the rep's app words the refusal is tested with the laptop's own client in
    // crates/tournee-system-tests (https.rs).
}
