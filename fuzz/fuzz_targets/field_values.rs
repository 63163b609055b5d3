//! What people type into the checked fields (phones, IBAN, BIC, SIRET, SIREN, VAT numbers,
//! dates) goes through the same rules on the laptop and at integration. Properties: never a
//! panic, whatever the text; every accepted value comes back in a canonical form that is
//! itself accepted and unchanged by a second pass (so a stored value always re-checks, and
//! the duplicate check compares like with like).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tournee_core::{
    check_bic, check_iban, check_phone, check_siren, check_siret, check_vat, normalize_phone,
    normalize_vat, parse_iso_date,
};

/// A check whose accepted form must be accepted again, unchanged.
fn stable(check: fn(&str, &str) -> Result<String, tournee_core::DomainError>, text: &str) {
    if let Ok(canonical) = check("field", text) {
        assert_eq!(
            check("field", &canonical).as_deref(),
            Ok(canonical.as_str()),
            "{text:?} gave {canonical:?}, which does not read back the same"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(phone) = normalize_phone(text) {
        assert_eq!(normalize_phone(&phone).as_deref(), Some(phone.as_str()));
        assert!(phone.starts_with('+') && phone.len() <= 16, "{phone}");
    }
    stable(check_phone, text);
    stable(check_iban, text);
    stable(check_bic, text);
    stable(check_siret, text);
    stable(check_siren, text);
    stable(check_vat, text);
    let vat = normalize_vat(text);
    assert_eq!(normalize_vat(&vat), vat);
    if let Some(day) = parse_iso_date(text) {
        assert_eq!(day.format("%Y-%m-%d").to_string(), text);
    }
});
