//! Exchanging the admin's one-time code for a device credential.
//!
//! The laptop first looks at the server (`hello`) and records its certificate, then
//! sends a proof binding the code's secret, that certificate and a fresh public key.
//! The secret never travels, so a man in the middle sees nothing it can replay, and
//! the server, which checks the proof against its own certificate, refuses a laptop
//! that talked to anyone else.

use std::path::Path;

use chrono::Utc;
use tournee_sync::DeviceKey;
use tournee_sync::{enrollment_proof, split_enrollment_code};
use tournee_sync::{EnrollAnswer, EnrollRequest, Hello, API_PREFIX};

use crate::client::{http_client, network_error, refusal};
use crate::credential::Credential;
use crate::error::{InputProblem, LinkError};
use crate::pinning::PinnedVerifier;

/// Checks and normalises the server address the rep typed.
pub fn normalise_server_url(typed: &str) -> Result<String, LinkError> {
    let url = typed.trim().trim_end_matches('/');
    let bad = |problem| LinkError::Input {
        field: "server_url",
        problem,
    };
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(bad(InputProblem::NotHttps));
    };
    if rest.is_empty() || rest.contains(['/', ' ', '?', '#']) {
        return Err(bad(InputProblem::NotJustHostAndPort));
    }
    Ok(url.to_string())
}

/// Enrolls this laptop with `code` and saves the credential in `home`.
pub fn enroll(
    home: &Path,
    server_url: &str,
    code: &str,
    device_name: &str,
) -> Result<Credential, LinkError> {
    let base = normalise_server_url(server_url)?;
    let (code_id, secret) = split_enrollment_code(code).ok_or(LinkError::Input {
        field: "code",
        problem: InputProblem::CodeShape,
    })?;
    let verifier = PinnedVerifier::first_contact();
    let http = http_client(&verifier)?;
    let hello = http
        .get(format!("{base}{API_PREFIX}/hello"))
        .send()
        .map_err(|e| network_error(&verifier, &e))?;
    if !hello.status().is_success() {
        return Err(refusal(hello));
    }
    let hello: Hello = hello
        .json()
        .map_err(|e| LinkError::BadAnswer(e.to_string()))?;
    if hello.server != "tournee" {
        return Err(LinkError::BadAnswer(format!(
            "not a Tournée server ({})",
            hello.server
        )));
    }
    let seen = verifier
        .seen()
        .ok_or_else(|| LinkError::BadAnswer("no certificate presented".into()))?;
    let key = DeviceKey::generate()?;
    let request = EnrollRequest {
        code_id,
        public_key: key.public_b64(),
        device_name: device_name.to_string(),
        proof: enrollment_proof(&secret, &seen, &key.public_b64()),
    };
    let answer = http
        .post(format!("{base}{API_PREFIX}/enroll"))
        .json(&request)
        .send()
        .map_err(|e| network_error(&verifier, &e))?;
    if !answer.status().is_success() {
        return Err(refusal(answer));
    }
    if verifier.seen().as_deref() != Some(seen.as_str()) {
        return Err(LinkError::CertificateChanged {
            expected: seen,
            seen: verifier.seen().unwrap_or_default(),
        });
    }
    let answer: EnrollAnswer = answer
        .json()
        .map_err(|e| LinkError::BadAnswer(e.to_string()))?;
    let credential = Credential {
        server_url: base,
        cert_sha256: seen,
        device_id: answer.device_id,
        user: answer.user,
        enrolled_at: Utc::now(),
    };
    credential.save(home, &key)?;
    tracing::info!(device = %credential.device_id, user = %credential.user, "laptop enrolled");
    Ok(credential)
}

/// Signs the files still waiting in the outbox that were written before enrollment:
/// once a device is enrolled, the server refuses this user's unsigned files. A file
/// is replaced atomically by the same bytes with the signature member added.
pub fn sign_waiting_files(
    outbox: &Path,
    signer: &tournee_sync::Signer,
) -> Result<usize, LinkError> {
    let mut signed = 0;
    for name in crate::sync::outbox_files(outbox)? {
        let path = outbox.join(&name);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(LinkError::io(&path, e)),
        };
        if tournee_sync::split_signature(&bytes).signature.is_some() {
            continue;
        }
        let with_signature = signer.sign_file(&bytes)?;
        tournee_sync::write_atomically(&path, &with_signature)?;
        signed += 1;
    }
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_are_checked_and_tidied() {
        assert_eq!(
            normalise_server_url(" https://crm.example.fr:8443/ ").unwrap(),
            "https://crm.example.fr:8443"
        );
        for bad in [
            "http://crm:8443",
            "crm:8443",
            "https://",
            "https://crm/sync",
        ] {
            assert!(
                matches!(
                    normalise_server_url(bad),
                    Err(LinkError::Input {
                        field: "server_url",
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn files_written_before_enrollment_get_signed_once() {
        let outbox = tempfile::tempdir().unwrap();
        let name = "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAA.json";
        std::fs::write(outbox.path().join(name), b"{\n  \"spec\": 1\n}\n").unwrap();
        let signer = tournee_sync::Signer {
            device_id: "01DEV".into(),
            key: DeviceKey::generate().unwrap(),
        };
        assert_eq!(sign_waiting_files(outbox.path(), &signer).unwrap(), 1);
        assert_eq!(sign_waiting_files(outbox.path(), &signer).unwrap(), 0);
        let bytes = std::fs::read(outbox.path().join(name)).unwrap();
        let split = tournee_sync::split_signature(&bytes);
        assert_eq!(split.unsigned, b"{\n  \"spec\": 1\n}");
        tournee_sync::verify_file(&split.unsigned, &split.signature.unwrap()).unwrap();
    }
}
