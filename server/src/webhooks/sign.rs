//! The Standard Webhooks signature: `v1,` + base64 of HMAC-SHA256, keyed with the
//! secret's bytes (the base64 after `whsec_`), over `{webhook-id}.{webhook-timestamp}.{body}`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A secret that is not `whsec_` + base64.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("webhook secret not in the whsec_ + base64 form")]
pub struct BadSecret;

/// The `webhook-signature` header's value for this delivery.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<String, BadSecret> {
    let key = secret
        .strip_prefix(tournee_store::WEBHOOK_SECRET_PREFIX)
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .ok_or(BadSecret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| BadSecret)?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification (its reference libraries'
    /// test vector).
    #[test]
    fn the_specification_example_signs_alike() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, id, 1614265330, body).unwrap(),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_malformed_secret_is_refused() {
        assert_eq!(signature("sk_abc", "id", 1, b"{}"), Err(BadSecret));
        assert_eq!(signature("whsec_!!!", "id", 1, b"{}"), Err(BadSecret));
    }
}
