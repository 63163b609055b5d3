//! Device keys and signatures (sync-spec section 10).
//!
//! A laptop enrolled for the HTTPS transport holds an Ed25519 key pair; the server
//! keeps the public half. The key signs every change file the laptop writes (so the
//! server can tell a file really comes from that rep's device, whatever carried it)
//! and every request it makes over HTTPS (so a snapshot only goes to its owner).
//!
//! A signed change file is the unsigned file with one last member appended:
//! `U` without its final `}`, then `,"signature":{"device":…,"key":…,"ed25519":…}}`.
//! The signature covers `U` exactly, so any writer can produce it and any reader can
//! check it without re-serialising JSON; the reader then parses `U` itself, so nothing
//! outside the signed bytes can influence integration.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::detail::Detail;
use crate::reject::{RejectReason, Rejection};

/// Prefix of the message a change-file signature covers (domain separation).
const FILE_CONTEXT: &[u8] = b"tournee-change-v1\n";
/// Prefix of the message a request signature covers.
const REQUEST_CONTEXT: &str = "tournee-request-v1";
/// Prefix of the enrollment proof's message.
const ENROLL_CONTEXT: &str = "tournee-enroll-v1";
/// The member a signed file ends with, up to its object.
const MEMBER: &[u8] = b",\"signature\":";

/// Why a key or a signature could not be used (`Display` is for logs; the app says it
/// by its variant).
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The stored key is not 32 bytes of base64.
    #[error("unreadable device key: {0}")]
    BadKey(String),
    /// The file to sign does not end with `}`.
    #[error("the file to sign is not a JSON object")]
    NotAnObject,
    /// The system's random source failed.
    #[error("no random source: {0}")]
    Random(String),
}

/// The last member of a signed change file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSignature {
    /// Device id given by the server at enrollment.
    pub device: String,
    /// The device's public key, base64 (32 bytes): lets any reader check the bytes alone.
    pub key: String,
    /// Ed25519 signature of `"tournee-change-v1\n" + U`, base64 (64 bytes).
    pub ed25519: String,
}

/// A laptop's private key.
pub struct DeviceKey {
    signing: SigningKey,
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret half.
        write!(f, "DeviceKey({})", self.public_b64())
    }
}

/// Fills `buf` from the operating system's random source.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), SignError> {
    getrandom::getrandom(buf).map_err(|e| SignError::Random(e.to_string()))
}

impl DeviceKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, SignError> {
        let mut secret = [0u8; 32];
        random_bytes(&mut secret)?;
        Ok(Self {
            signing: SigningKey::from_bytes(&secret),
        })
    }

    /// The key as stored by [`DeviceKey::secret_b64`].
    pub fn from_secret_b64(text: &str) -> Result<Self, SignError> {
        let bytes = B64
            .decode(text.trim())
            .map_err(|e| SignError::BadKey(e.to_string()))?;
        let secret: [u8; 32] = bytes
            .try_into()
            .map_err(|_| SignError::BadKey("32 octets attendus".into()))?;
        Ok(Self {
            signing: SigningKey::from_bytes(&secret),
        })
    }

    /// The secret half, base64, for the laptop's key file only.
    pub fn secret_b64(&self) -> String {
        B64.encode(self.signing.to_bytes())
    }

    /// The public half, base64, as the server records it.
    pub fn public_b64(&self) -> String {
        B64.encode(self.signing.verifying_key().to_bytes())
    }

    /// Signs an unsigned change file; returns the signed file's bytes.
    pub fn sign_file(&self, device_id: &str, unsigned: &[u8]) -> Result<Vec<u8>, SignError> {
        let unsigned = trim_end(unsigned);
        if unsigned.last() != Some(&b'}') {
            return Err(SignError::NotAnObject);
        }
        let signature = FileSignature {
            device: device_id.to_string(),
            key: self.public_b64(),
            ed25519: B64.encode(self.signing.sign(&file_message(unsigned)).to_bytes()),
        };
        let mut signed = unsigned[..unsigned.len() - 1].to_vec();
        signed.extend_from_slice(MEMBER);
        // Invariant: three strings always serialise.
        signed.extend(serde_json::to_vec(&signature).expect("strings serialise"));
        signed.extend_from_slice(b"}\n");
        Ok(signed)
    }

    /// Signs a request (see [`request_message`]); base64.
    pub fn sign_request(&self, message: &str) -> String {
        B64.encode(self.signing.sign(message.as_bytes()).to_bytes())
    }
}

/// An enrolled laptop's signing identity: its device id and key.
#[derive(Debug)]
pub struct Signer {
    /// Device id given by the server at enrollment.
    pub device_id: String,
    /// The device's private key.
    pub key: DeviceKey,
}

impl Signer {
    /// Signs an unsigned change file (see [`DeviceKey::sign_file`]).
    pub fn sign_file(&self, unsigned: &[u8]) -> Result<Vec<u8>, SignError> {
        self.key.sign_file(&self.device_id, unsigned)
    }
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

fn file_message(unsigned: &[u8]) -> Vec<u8> {
    let mut message = FILE_CONTEXT.to_vec();
    message.extend_from_slice(unsigned);
    message
}

/// A change file split into the bytes that count and its signature, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFile {
    /// The unsigned file: what the signature covers and what gets parsed.
    pub unsigned: Vec<u8>,
    /// The signature member, when the file ends with one.
    pub signature: Option<FileSignature>,
}

/// Finds the signature member a signed file ends with. A file whose last
/// `,"signature":` is not followed by exactly a signature object and the final `}`
/// is unsigned (its bytes are kept whole).
pub fn split_signature(bytes: &[u8]) -> SplitFile {
    let unsigned = || SplitFile {
        unsigned: bytes.to_vec(),
        signature: None,
    };
    let Some(at) = bytes.windows(MEMBER.len()).rposition(|w| w == MEMBER) else {
        return unsigned();
    };
    let tail = trim_end(&bytes[at + MEMBER.len()..]);
    let Some(object) = tail.strip_suffix(b"}") else {
        return unsigned();
    };
    match serde_json::from_slice::<FileSignature>(object) {
        Ok(signature) => {
            let mut kept = bytes[..at].to_vec();
            kept.push(b'}');
            SplitFile {
                unsigned: kept,
                signature: Some(signature),
            }
        }
        Err(_) => unsigned(),
    }
}

fn verifying_key(public_b64: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(public_b64).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Whether `public_b64` is a usable Ed25519 public key (checked before one is enrolled).
pub fn is_valid_public_key(public_b64: &str) -> bool {
    verifying_key(public_b64).is_some()
}

fn signature_bytes(signature_b64: &str) -> Option<ed25519_dalek::Signature> {
    let bytes: [u8; 64] = B64.decode(signature_b64).ok()?.try_into().ok()?;
    Some(ed25519_dalek::Signature::from_bytes(&bytes))
}

/// Checks that `signature` covers `unsigned` under the key it names (`bad_signature`
/// otherwise). Whether that key belongs to the user is the server's question.
pub fn verify_file(unsigned: &[u8], signature: &FileSignature) -> Result<(), Rejection> {
    let bad = |detail: Detail| Rejection::new(RejectReason::BadSignature, detail);
    let key = verifying_key(&signature.key).ok_or_else(|| bad(Detail::SignatureKeyUnreadable))?;
    let sig =
        signature_bytes(&signature.ed25519).ok_or_else(|| bad(Detail::SignatureUnreadable))?;
    key.verify_strict(&file_message(trim_end(unsigned)), &sig)
        .map_err(|_| bad(Detail::SignatureMismatch))
}

/// The text a request signature covers: method, path with query, counter, body hash.
/// The counter strictly increases per device, so a replayed request is refused.
pub fn request_message(method: &str, path_and_query: &str, counter: u64, body: &[u8]) -> String {
    let body_hash = hex(&Sha256::digest(body));
    format!("{REQUEST_CONTEXT}\n{method}\n{path_and_query}\n{counter}\n{body_hash}")
}

/// Whether `signature_b64` is the device's signature of `message`.
pub fn verify_request(public_b64: &str, message: &str, signature_b64: &str) -> bool {
    match (verifying_key(public_b64), signature_bytes(signature_b64)) {
        (Some(key), Some(sig)) => key.verify_strict(message.as_bytes(), &sig).is_ok(),
        _ => false,
    }
}

type HmacSha256 = Hmac<Sha256>;

fn enrollment_mac(secret: &str, cert_sha256: &str, public_b64: &str) -> HmacSha256 {
    // Invariant: HMAC accepts keys of any length.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{ENROLL_CONTEXT}\n{cert_sha256}\n{public_b64}").as_bytes());
    mac
}

/// The proof a laptop sends instead of the enrollment code's secret: it binds the
/// certificate the laptop saw and its new public key, so a man in the middle can
/// neither reuse it nor learn the secret from it.
pub fn enrollment_proof(secret: &str, cert_sha256: &str, public_b64: &str) -> String {
    B64.encode(
        enrollment_mac(secret, cert_sha256, public_b64)
            .finalize()
            .into_bytes(),
    )
}

/// The server's check of [`enrollment_proof`] against its own certificate (constant time).
pub fn check_enrollment_proof(
    secret: &str,
    cert_sha256: &str,
    public_b64: &str,
    proof_b64: &str,
) -> bool {
    let Ok(proof) = B64.decode(proof_b64) else {
        return false;
    };
    enrollment_mac(secret, cert_sha256, public_b64)
        .verify_slice(&proof)
        .is_ok()
}

/// Alphabet of enrollment codes, Crockford base32: no I, L, O or U, so a code read
/// aloud or copied by hand survives.
pub const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in an enrollment code (4 groups of 4): the first group looks it up, the
/// other twelve (60 bits) are the secret, which never travels.
pub const CODE_CHARS: usize = 16;

/// Splits a typed enrollment code into its lookup id and its secret; forgiving of
/// case, spaces, dashes and the letters people mistake for digits (O, I, L).
pub fn split_enrollment_code(typed: &str) -> Option<(String, String)> {
    let normal: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if normal.len() != CODE_CHARS || !normal.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some((normal[..4].to_string(), normal[4..].to_string()))
}

/// Lower-case hex, as every hash in the spec is written.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        // Writing into a String cannot fail.
        let _infallible = write!(out, "{b:02x}");
        out
    })
}

/// SHA-256 of bytes, hex: certificate fingerprints and snapshot hashes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNSIGNED: &[u8] = b"{\n  \"spec\": 1,\n  \"type\": \"VC\"\n}\n";

    #[test]
    fn a_signed_file_splits_back_to_its_exact_bytes_and_verifies() {
        let key = DeviceKey::generate().unwrap();
        let signed = key.sign_file("01DEV", UNSIGNED).unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(&signed).is_ok());
        let split = split_signature(&signed);
        assert_eq!(split.unsigned, trim_end(UNSIGNED));
        let signature = split.signature.unwrap();
        assert_eq!(signature.device, "01DEV");
        assert_eq!(signature.key, key.public_b64());
        verify_file(&split.unsigned, &signature).unwrap();
    }

    #[test]
    fn a_changed_byte_or_another_key_is_a_bad_signature() {
        let key = DeviceKey::generate().unwrap();
        let signed = key.sign_file("01DEV", UNSIGNED).unwrap();
        let tampered = String::from_utf8(signed.clone())
            .unwrap()
            .replace("\"VC\"", "\"MC\"");
        let split = split_signature(tampered.as_bytes());
        let error = verify_file(&split.unsigned, split.signature.as_ref().unwrap()).unwrap_err();
        assert_eq!(error.reason, RejectReason::BadSignature);

        let other = DeviceKey::generate().unwrap();
        let mut signature = split_signature(&signed).signature.unwrap();
        signature.key = other.public_b64();
        let error = verify_file(&split_signature(&signed).unsigned, &signature).unwrap_err();
        assert_eq!(error.reason, RejectReason::BadSignature);
    }

    #[test]
    fn files_without_a_final_signature_member_are_unsigned() {
        for bytes in [
            &b"{\"a\":1}"[..],
            b"{\"payload\":{\"signature\":{\"image\":\"x\"}}}",
            b"{\"a\":1,\"signature\":{\"device\":\"d\"}}",
            b"not json,\"signature\":",
        ] {
            let split = split_signature(bytes);
            assert_eq!(split.signature, None, "{}", String::from_utf8_lossy(bytes));
            assert_eq!(split.unsigned, bytes);
        }
    }

    #[test]
    fn keys_round_trip_through_their_stored_form() {
        let key = DeviceKey::generate().unwrap();
        let again = DeviceKey::from_secret_b64(&key.secret_b64()).unwrap();
        assert_eq!(again.public_b64(), key.public_b64());
        assert!(DeviceKey::from_secret_b64("court").is_err());
        assert!(!format!("{key:?}").contains(&key.secret_b64()));
    }

    #[test]
    fn request_signatures_cover_method_path_counter_and_body() {
        let key = DeviceKey::generate().unwrap();
        let message = request_message("PUT", "/sync/v1/changes/x", 7, b"body");
        let sig = key.sign_request(&message);
        assert!(verify_request(&key.public_b64(), &message, &sig));
        for other in [
            request_message("GET", "/sync/v1/changes/x", 7, b"body"),
            request_message("PUT", "/sync/v1/changes/y", 7, b"body"),
            request_message("PUT", "/sync/v1/changes/x", 8, b"body"),
            request_message("PUT", "/sync/v1/changes/x", 7, b"bodY"),
        ] {
            assert!(!verify_request(&key.public_b64(), &other, &sig));
        }
        assert!(!verify_request("pas une clé", &message, &sig));
    }

    #[test]
    fn the_enrollment_proof_binds_secret_certificate_and_key() {
        let proof = enrollment_proof("SECRET", "aa", "KEY");
        assert!(check_enrollment_proof("SECRET", "aa", "KEY", &proof));
        assert!(!check_enrollment_proof("SECRET", "bb", "KEY", &proof));
        assert!(!check_enrollment_proof("SECRET", "aa", "KEY2", &proof));
        assert!(!check_enrollment_proof("OTHER", "aa", "KEY", &proof));
        assert!(!check_enrollment_proof("SECRET", "aa", "KEY", "%%%"));
    }
}
