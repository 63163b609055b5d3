//! The field app's signed updates through the built-in HTTPS transport, with real
//! components: keys made and a package signed and published by the real
//! `tournee-server update` commands, served by the real `tournee-server run`, and asked
//! for and downloaded by the laptop's own client (`tournee-link`) over its pinned TLS.
//! The signature is then checked the way Tauri's updater checks it (minisign-verify,
//! the crate the updater uses), with the public key alone.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use base64::Engine as _;
use tournee_link::{check_update, download_update, update_part, LinkError, UpdatePlatform};
use tournee_store::issue_code;
use tournee_system_tests::process::{free_port, wait_for, Running, REP};
use tournee_system_tests::server::{run_binary, server_binary, TestServer};

/// The laptop of the test runs the `.deb`.
const DEB: UpdatePlatform = UpdatePlatform::LinuxDeb;

fn b64(text: &str) -> String {
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .unwrap(),
    )
    .unwrap()
}

/// What Tauri's updater does with a package: the signature over the bytes, by the key
/// the app was built with, and the version bound in the trusted comment.
fn verify_as_the_updater(public_b64: &str, signature_b64: &str, bytes: &[u8], version: &str) {
    let key = minisign_verify::PublicKey::decode(&b64(public_b64)).unwrap();
    let signature = minisign_verify::Signature::decode(&b64(signature_b64)).unwrap();
    key.verify(bytes, &signature, true).unwrap();
    assert!(
        signature
            .trusted_comment()
            .split('\t')
            .any(|field| field == format!("version:{version}")),
        "the version is signed: {}",
        signature.trusted_comment()
    );
}

/// `tournee-server update publish` of `package` as version 0.2.0 into `data`, signed as
/// `how` says (`--key` or `--signature`, and any other argument).
fn publish(data: &str, package: &Path, how: &[&str]) -> Output {
    let file = package.to_str().unwrap();
    let mut args = vec![
        "update",
        "publish",
        "--data",
        data,
        "--file",
        file,
        "--version",
        "0.2.0",
    ];
    args.extend_from_slice(how);
    run_binary(&args)
}

fn run(args: &[&str]) -> String {
    let output = run_binary(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_published_update_is_announced_to_an_enrolled_laptop_and_its_package_verifies() {
    let sync_port = free_port();
    let server = TestServer::init(&[
        "--demo",
        "small",
        "--admin-password",
        "Update-admin-123",
        "--sync-listen",
        &format!("127.0.0.1:{sync_port}"),
    ]);
    let data = server.data.to_str().unwrap().to_string();
    let _running = Running(
        Command::new(server_binary())
            .args(["run", "--listen", &format!("127.0.0.1:{}", free_port())])
            .args(["--data", &data])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for("the HTTPS transport", Duration::from_secs(30), || {
        std::net::TcpStream::connect(("127.0.0.1", sync_port)).is_ok()
    });
    let tmp = tempfile::tempdir().unwrap();
    let (home, keys) = (tmp.path().join("home"), tmp.path());
    std::fs::create_dir_all(&home).unwrap();
    let code = issue_code(&server.db(), REP, "admin", chrono::Utc::now())
        .unwrap()
        .code;
    let url = format!("https://127.0.0.1:{sync_port}");
    tournee_link::enroll(&home, &url, &code, "portable-test").unwrap();

    // Nothing published: no update, and the laptop says so without an error.
    assert_eq!(check_update(&home, "0.1.0", DEB).unwrap(), None);

    // The release manager's key pair and a package of 300 kB.
    let (secret, public) = (keys.join("update.key"), keys.join("update.key.pub"));
    run(&[
        "update",
        "keygen",
        "--secret",
        secret.to_str().unwrap(),
        "--public",
        public.to_str().unwrap(),
    ]);
    let public_b64 = std::fs::read_to_string(&public).unwrap();
    let package = keys.join("tournee_0.2.0_amd64.deb");
    let bytes = package_bytes(b"!<arch>\ndebian-binary   ");
    std::fs::write(&package, &bytes).unwrap();

    // A signature for another version is refused at publication.
    let signature = keys.join("package.sig");
    let signed = run(&[
        "update",
        "sign",
        "--file",
        package.to_str().unwrap(),
        "--version",
        "0.1.9",
        "--key",
        secret.to_str().unwrap(),
    ]);
    std::fs::write(&signature, signed.trim()).unwrap();
    let refused = publish(
        &data,
        &package,
        &["--signature", signature.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("signed for version \"0.1.9\""));
    assert_eq!(check_update(&home, "0.1.0", DEB).unwrap(), None);

    let published = publish(
        &data,
        &package,
        &[
            "--key",
            secret.to_str().unwrap(),
            "--notes",
            "Corrections du calendrier",
        ],
    );
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );

    // The Windows laptops' installer is published beside it, as a newer version: each
    // system keeps its own release, and this (Linux) laptop is never offered the other's.
    let installer = keys.join("tournee_0.3.0_x64-setup.exe");
    std::fs::write(&installer, package_bytes(b"MZ\x90\x00")).unwrap();
    let windows = run(&[
        "update",
        "publish",
        "--data",
        &data,
        "--file",
        installer.to_str().unwrap(),
        "--version",
        "0.3.0",
        "--key",
        secret.to_str().unwrap(),
    ]);
    assert!(windows.contains("for windows-x86_64-nsis"), "{windows}");
    // A package of no known kind, or named for another system than it is, is refused.
    let zip = keys.join("tournee.zip");
    std::fs::write(&zip, package_bytes(b"PK\x03\x04")).unwrap();
    for (file, platform, said) in [
        (&zip, None, "neither a .deb package nor a Windows installer"),
        (
            &package,
            Some("windows-x86_64-nsis"),
            "--platform: windows-x86_64-nsis, but the package is for linux-x86_64-deb",
        ),
    ] {
        let mut how = vec!["--key", secret.to_str().unwrap()];
        how.extend(platform.iter().flat_map(|p| ["--platform", *p]));
        let refused = publish(&data, file, &how);
        assert!(!refused.status.success());
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains(said),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }

    // An older laptop is offered it, in the updater's format, with its own server's URL.
    let release = check_update(&home, "0.1.0", DEB).unwrap().unwrap();
    assert_eq!(release["version"], "0.2.0");
    assert_eq!(release["notes"], "Corrections du calendrier");
    assert_eq!(release["size"], 300_000);
    assert_eq!(
        release["url"],
        format!("{url}/sync/v1/update/package?platform=linux-x86_64-deb")
    );
    // A Windows laptop is offered its installer, a laptop running the AppImage nothing
    // (none published for it), never the other kinds' packages.
    let windows = check_update(&home, "0.1.0", UpdatePlatform::WindowsNsis)
        .unwrap()
        .unwrap();
    assert_eq!(windows["version"], "0.3.0");
    assert_eq!(
        check_update(&home, "0.1.0", UpdatePlatform::LinuxAppImage).unwrap(),
        None
    );
    // A laptop already there, or ahead, is not.
    assert_eq!(check_update(&home, "0.2.0", DEB).unwrap(), None);
    assert_eq!(check_update(&home, "1.0.0", DEB).unwrap(), None);

    // The download resumes what a cut left, and the bytes verify with the public key alone.
    std::fs::write(update_part(&home), &bytes[..123_456]).unwrap();
    let downloaded = download_update(&home, 300_000, DEB).unwrap();
    assert_eq!(downloaded, bytes);
    assert!(
        !update_part(&home).exists(),
        "the partial file is gone once read"
    );
    let signature = release["signature"].as_str().unwrap();
    verify_as_the_updater(&public_b64, signature, &downloaded, "0.2.0");
    // A byte changed on the way would not.
    let mut tampered = downloaded.clone();
    tampered[1000] ^= 1;
    let key = minisign_verify::PublicKey::decode(&b64(&public_b64)).unwrap();
    let decoded = minisign_verify::Signature::decode(&b64(signature)).unwrap();
    assert!(key.verify(&tampered, &decoded, true).is_err());

    // A stranger gets nothing: unsigned requests are refused before anything is read.
    let stranger = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(
            tournee_link::pinning::PinnedVerifier::first_contact()
                .client_config()
                .unwrap(),
        )
        .build()
        .unwrap();
    for path in [
        "/sync/v1/update?current=0.0.1&platform=linux-x86_64-deb",
        "/sync/v1/update/package?platform=linux-x86_64-deb",
    ] {
        let answer = stranger.get(format!("{url}{path}")).send().unwrap();
        assert_eq!(answer.status().as_u16(), 401, "{path}");
    }
    // A revoked laptop neither.
    let device = tournee_link::Credential::load(&home)
        .unwrap()
        .unwrap()
        .0
        .device_id;
    tournee_store::revoke_device(&server.db(), &device, chrono::Utc::now()).unwrap();
    match check_update(&home, "0.1.0", DEB) {
        Err(LinkError::Refused { status, .. }) => assert_eq!(status, 401),
        other => panic!("a revoked device is refused: {other:?}"),
    }
    assert!(Path::new(&format!(
        "{data}/updates/linux-x86_64-deb/tournee-0.2.0.pkg"
    ))
    .is_file());
    assert!(Path::new(&format!(
        "{data}/updates/windows-x86_64-nsis/tournee-0.3.0.pkg"
    ))
    .is_file());
}

/// 300 kB of a package starting as its kind does (`kind`), the rest varied bytes.
fn package_bytes(kind: &[u8]) -> Vec<u8> {
    let mut bytes = kind.to_vec();
    bytes.extend((kind.len() as u32..300_000u32).map(|i| (i * 7 % 251) as u8));
    bytes
}
