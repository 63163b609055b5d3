//! The admin types the « Visite ce jour » form as an indented outline in the back office;
//! the server parses it, checks its structure and carries it to every laptop. Properties:
//! never a panic, whatever the text; a form that parses and passes the structure check
//! writes back to an outline that parses to the same form (what the editor shows again is
//! what is stored).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tournee_core::{format_outline as format, parse_outline as parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(form) = parse(text) else {
        return;
    };
    if form.check_structure().is_err() {
        return;
    }
    let written = format(&form);
    let again = parse(&written).unwrap_or_else(|e| panic!("{written:?} does not parse: {e:?}"));
    assert_eq!(again, form, "outline round trip changed the form");
});
