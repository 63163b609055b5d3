//! One complete, valid prospect → client conversion (the annex-2 values a CC carries),
//! written once for every Rust test that needs one.
//!
//! The tests here use it through the crate. The server's and the store's own tests need it
//! too but cannot depend on this crate (it depends on them), so they include this file by
//! path (`#[path = ".../tournee-system-tests/src/conversion.rs"] mod conversion;`): it uses
//! the standard library only, and must keep to it.

// Included by path by tests that each use a part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

/// Profile values from pairs, as a change file carries them.
pub fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, Option<String>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect()
}

/// The annex-2 values of a complete, valid conversion request from jdupont (agency LYON,
/// rep JD01) for the client `name`: a hauler (TRAN/PL) paying by transfer (VI) at 30 days,
/// so neither bank details nor a signature are needed.
pub fn complete_request(name: &str) -> BTreeMap<String, Option<String>> {
    fields(&[
        ("c_fam_client", "TRAN"),
        ("c_sfam_client", "PL"),
        ("nom_client", name),
        ("adr1_fac", "12 rue des Acacias"),
        ("dep_fac", "69"),
        ("bur_dis_fac", "003"),
        ("ville_fac", "Lyon"),
        ("c_agence", "LYON"),
        ("c_rep", "JD01"),
        ("c_pays", "FR"),
        ("tel_1", "04 78 98 76 54"),
        ("contact_divers_2", "73282932000074"),
        ("c_per", "M"),
        ("c_catc", "TRANS"),
        ("c_mod_rgl_1", "VI"),
        ("nb_jour_1", "30"),
        ("type_edition_fac", "P"),
    ])
}

/// The same request with some values replaced or added (`("c_mod_rgl_1", "LD")`, bank
/// details...).
pub fn complete_request_with(
    name: &str,
    changes: &[(&str, &str)],
) -> BTreeMap<String, Option<String>> {
    let mut values = complete_request(name);
    values.extend(fields(changes));
    values
}

/// Bank details that pass the IBAN and BIC checks, for a direct debit (LD).
pub const VALID_BANK: [(&str, &str); 2] = [
    ("iban", "FR76 3000 6000 0112 3456 7890 189"),
    ("bic", "BNPAFRPP"),
];

/// A 1×1 PNG, as a signature pad would export it (smaller).
pub const SIGNATURE_PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
