//! Any bytes, under any name, through the parser the automaton runs on every arrival: it
//! must answer (an envelope or a typed rejection), never panic, never hang. An input with
//! a newline is read as `name\ncontent`; otherwise the content arrives under a valid VC name.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The largest file the server accepts by default (1 MiB).
const MAX_BYTES: u64 = 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let (name, content) = match data.iter().position(|b| *b == b'\n') {
        Some(split) => (String::from_utf8_lossy(&data[..split]).into_owned(), &data[split + 1..]),
        None => ("VC_jdupont_01KAZ0Q8M9N6D5Y4X3W2V1T0SR.json".to_string(), data),
    };
    let _verdict = tournee_sync::parse_change_file(&name, content, MAX_BYTES);
});
