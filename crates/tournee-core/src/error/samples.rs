//! One value of each domain error variant and of each problem's reason, for the tests that
//! must hold for all of them: the codes here, the sentences in `tournee-sentences` (which
//! turns this module on with the `samples` feature, as a dev-dependency).

use chrono::NaiveDate;

use super::{
    AnswerProblem, CharClass, DomainError, FormProblem, IbanProblem, SiretProblem, VatProblem,
};

/// A calendar day written as a constant below.
fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    // Every date below is a real calendar day, so the constructor cannot refuse it.
    NaiveDate::from_ymd_opt(y, m, d).expect("a real calendar day")
}

/// One of each variant, for the checks that must hold for all.
pub fn every_variant() -> Vec<DomainError> {
    let f = || "nom_client".to_string();
    vec![
        DomainError::Missing { field: f() },
        DomainError::TooLong {
            field: f(),
            max: 35,
            len: 40,
        },
        DomainError::UnknownField { field: f() },
        DomainError::InvalidFormat {
            field: f(),
            expected: "x".into(),
        },
        DomainError::NotAnInteger { field: f() },
        DomainError::NotADate { field: f() },
        DomainError::InvalidTime { field: f() },
        DomainError::InvalidIban {
            field: f(),
            reason: IbanProblem::Checksum,
        },
        DomainError::InvalidBic { field: f() },
        DomainError::InvalidSiret {
            field: f(),
            reason: SiretProblem::SirenKey,
        },
        DomainError::InvalidSiren { field: f() },
        DomainError::InvalidVat {
            field: f(),
            reason: VatProblem::FrenchKey,
        },
        DomainError::InvalidPhone { field: f() },
        DomainError::PaymentModeNotAllowed {
            field: f(),
            mode: "CH".into(),
            category: "TRAN".into(),
        },
        DomainError::DueDateLocked {
            field: f(),
            expected_days: 20,
        },
        DomainError::SignatureRequired { field: f() },
        DomainError::VisitDateInFuture {
            visit: day(2026, 11, 21),
            written_on: day(2026, 11, 20),
        },
        DomainError::VisitDateTooOld {
            visit: day(2026, 1, 1),
            oldest_allowed: day(2026, 10, 21),
            bound_days: 30,
        },
        DomainError::InvalidAnswer {
            group: "type_contact".into(),
            reason: AnswerProblem::Required,
        },
        DomainError::InvalidForm {
            group: "type_contact".into(),
            reason: FormProblem::DuplicateGroup,
        },
        DomainError::UnknownFleetType {
            field: "fleet".into(),
            code: "BUS".into(),
        },
        DomainError::TooManyVehicles {
            field: "fleet".into(),
            code: "VL".into(),
            count: 100_001,
            max: 100_000,
        },
        DomainError::LineBreak { field: f() },
        DomainError::ForbiddenCharacter {
            field: f(),
            code_point: 0x202E,
        },
        DomainError::InvalidEmail { field: f() },
    ]
}

/// Every reason of the problems that have several, for the checks on sentences.
pub fn every_reason() -> Vec<DomainError> {
    let vat = |reason| DomainError::InvalidVat {
        field: "contact_divers_1".into(),
        reason,
    };
    let iban = |reason| DomainError::InvalidIban {
        field: "iban".into(),
        reason,
    };
    let siret = |reason| DomainError::InvalidSiret {
        field: "contact_divers_2".into(),
        reason,
    };
    let mut all = vec![
        vat(VatProblem::Characters),
        vat(VatProblem::Prefix),
        vat(VatProblem::NotEu {
            prefix: "GB".into(),
        }),
        vat(VatProblem::Format {
            country: "DE".into(),
        }),
        vat(VatProblem::FrenchKey),
        vat(VatProblem::FrenchSiren),
        vat(VatProblem::FrenchLetterKey),
        vat(VatProblem::SirenMismatch {
            vat_siren: "303265045".into(),
            siret_siren: "732829320".into(),
        }),
        iban(IbanProblem::Characters),
        iban(IbanProblem::Prefix),
        iban(IbanProblem::UnknownCountry {
            country: "US".into(),
        }),
        iban(IbanProblem::Length {
            country: "FR".into(),
            expected: 27,
            found: 26,
        }),
        iban(IbanProblem::TerritoryOf {
            country: "GP".into(),
            iban_country: "FR".into(),
        }),
        iban(IbanProblem::Structure {
            country: "FR".into(),
            position: 9,
            expected: CharClass::Digit,
        }),
        iban(IbanProblem::Checksum),
        siret(SiretProblem::Shape),
        siret(SiretProblem::SirenKey),
        siret(SiretProblem::EstablishmentKey),
    ];
    all.extend(every_variant());
    all
}
