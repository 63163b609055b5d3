//! Signed change files (sync-spec section 10): the input is signed with a fixed device
//! key, then one byte may be flipped (the first input byte says which), and the result
//! goes through the server's parser. Properties: never a panic; a file signed intact
//! reads exactly as its unsigned bytes do, with the signature reported; a flipped byte
//! never yields a verified signature over bytes that differ from what was signed.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tournee_sync::split_signature;
use tournee_sync::{parse_change_file, parse_signed_change_file, DeviceKey};

const MAX_BYTES: u64 = 1024 * 1024;
const NAME: &str = "VC_jdupont_01KAZ0Q8M9N6D5Y4X3W2V1T0SR.json";
/// A fixed key, so findings reproduce.
const SECRET: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

/// The key, derived once: deriving it is not what is under test.
fn key() -> Option<&'static DeviceKey> {
    static KEY: OnceLock<Option<DeviceKey>> = OnceLock::new();
    KEY.get_or_init(|| DeviceKey::from_secret_b64(SECRET).ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flip, unsigned)) = data.split_first() else {
        return;
    };
    // Raw input, as a forged "signed" file might arrive.
    let _verdict = parse_signed_change_file(NAME, unsigned, MAX_BYTES);
    let Some(key) = key() else {
        return;
    };
    let Ok(mut signed) = key.sign_file("01DEVICE0000000000000000000", unsigned) else {
        return;
    };
    if flip == 0 {
        let plain = parse_change_file(NAME, unsigned, MAX_BYTES);
        let with_signature = parse_signed_change_file(NAME, &signed, MAX_BYTES);
        match (plain, with_signature) {
            (Ok(a), Ok((b, signature))) => {
                assert_eq!(a, b, "signing changed what the file means");
                assert!(signature.is_some(), "an intact signature was not reported");
            }
            (Err(_), Err(_)) => {}
            // The unsigned bytes may themselves end with a member named "signature":
            // then the reader takes it as the file's signature; both must still agree
            // that the outcome depends on the bytes alone (no panic is the property).
            _ => {}
        }
    } else {
        let at = usize::from(flip) * 7 % signed.len();
        signed[at] ^= 0x20;
        if let Ok((_, Some(_))) = parse_signed_change_file(NAME, &signed, MAX_BYTES) {
            // A verified signature after a flip means the flip hit bytes outside U, e.g.
            // whitespace after the final brace; U itself must be what was signed.
            let split = split_signature(&signed);
            let original = split_signature(&key.sign_file("01DEVICE0000000000000000000", unsigned).unwrap_or_default());
            assert_eq!(split.unsigned, original.unsigned, "a changed byte passed the signature");
        }
    }
});
