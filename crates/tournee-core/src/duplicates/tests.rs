//! The duplicate check on a small French portfolio, and the index giving the same answer
//! as the scan.

use proptest::prelude::*;

use super::*;

/// The parties already in the snapshot.
fn portfolio() -> Vec<(&'static str, PartyKeys)> {
    vec![
        (
            "garage-martin",
            PartyKeys::new("Garage Martin SARL", "69003")
                .with_phone("04 78 12 34 56")
                .with_email("contact@garage-martin.fr")
                .with_company_number("732 829 320 00074"),
        ),
        (
            "transports-morel",
            PartyKeys::new("Transports Morel", "38000")
                .with_phone("06 12 34 56 78")
                .with_company_number("443 061 841"),
        ),
        (
            "jean-dupont",
            PartyKeys::new("Jean Dupont", "75011").with_email("jean.dupont@orange.fr"),
        ),
        (
            "boulangerie-dupont",
            PartyKeys::new("Boulangerie Dupont", "75011").with_phone("01 43 55 12 34"),
        ),
        (
            "pneus-reunion",
            PartyKeys::new("Pneus Réunion", "97400").with_phone("0262 21 43 65"),
        ),
    ]
}

fn matches(candidate: &PartyKeys) -> Vec<(&'static str, Vec<MatchReason>)> {
    let existing = portfolio();
    let scanned: Vec<_> = find_duplicates(candidate, existing.iter().map(|(id, k)| (*id, k)))
        .into_iter()
        .map(|m| (m.party, m.reasons))
        .collect();
    let index = DuplicateIndex::new(existing.clone());
    let indexed: Vec<_> = index
        .matches(candidate)
        .into_iter()
        .map(|m| (*m.party, m.reasons))
        .collect();
    assert_eq!(scanned, indexed, "the index agrees with the scan");
    scanned
}

#[test]
fn the_same_phone_written_otherwise_is_found() {
    let candidate =
        PartyKeys::new("Martin Garage Automobiles", "69008").with_phone("+33 (0)4 78 12 34 56");
    assert_eq!(
        matches(&candidate),
        [(
            "garage-martin",
            vec![MatchReason::Phone("+33478123456".into())]
        )]
    );
    let overseas = PartyKeys::new("Pneus Sud", "97410").with_phone("+262 262 21 43 65");
    assert_eq!(
        matches(&overseas),
        [(
            "pneus-reunion",
            vec![MatchReason::Phone("+262262214365".into())]
        )]
    );
}

#[test]
fn the_same_e_mail_in_capitals_is_found() {
    let candidate = PartyKeys::new("J. Dupont", "").with_email(" Jean.Dupont@Orange.FR");
    assert_eq!(
        matches(&candidate),
        [(
            "jean-dupont",
            vec![MatchReason::Email("jean.dupont@orange.fr".into())]
        )]
    );
}

#[test]
fn the_same_siret_is_the_same_establishment_and_the_same_siren_the_same_company() {
    let same = PartyKeys::new("GM Lyon", "").with_company_number("73282932000074");
    assert_eq!(
        matches(&same),
        [(
            "garage-martin",
            vec![MatchReason::Siret("73282932000074".into())]
        )]
    );
    let other_site = PartyKeys::new("GM Villeurbanne", "").with_company_number("732 829 320 00090");
    assert_eq!(
        matches(&other_site),
        [(
            "garage-martin",
            vec![MatchReason::Siren("732829320".into())]
        )]
    );
    let site_of_siren =
        PartyKeys::new("Morel Chambéry", "").with_company_number("443 061 841 00047");
    assert_eq!(
        matches(&site_of_siren),
        [(
            "transports-morel",
            vec![MatchReason::Siren("443061841".into())]
        )]
    );
}

#[test]
fn a_near_identical_name_matches_in_the_same_postal_code_only() {
    let same_code = PartyKeys::new("Garage Martins", "69 003");
    assert_eq!(
        matches(&same_code),
        [(
            "garage-martin",
            vec![MatchReason::NameInPostalCode("69003".into())]
        )]
    );
    assert!(matches(&PartyKeys::new("SARL GARAGE MARTIN", "13001")).is_empty());
    assert!(matches(&PartyKeys::new("SARL GARAGE MARTIN", "")).is_empty());
    // Another shop of the same street is not a duplicate.
    assert!(matches(&PartyKeys::new("Boucherie Dupont", "75011")).is_empty());
}

#[test]
fn every_reason_is_given_strongest_first() {
    let candidate = PartyKeys::new("S.A.R.L. Garage Martin", "69003")
        .with_email("CONTACT@garage-martin.fr")
        .with_phone("04.78.12.34.56")
        .with_company_number("73282932000074");
    assert_eq!(
        matches(&candidate),
        [(
            "garage-martin",
            vec![
                MatchReason::Siret("73282932000074".into()),
                MatchReason::Phone("+33478123456".into()),
                MatchReason::Email("contact@garage-martin.fr".into()),
                MatchReason::NameInPostalCode("69003".into()),
            ]
        )]
    );
    let codes: Vec<_> = matches(&candidate)[0]
        .1
        .iter()
        .map(MatchReason::code)
        .collect();
    assert_eq!(codes, ["siret", "phone", "email", "name_postal_code"]);
}

#[test]
fn several_parties_can_match_one_candidate() {
    let candidate = PartyKeys::new("Jean Dupond", "75011").with_phone("01 43 55 12 34");
    let found: Vec<_> = matches(&candidate).into_iter().map(|(id, _)| id).collect();
    assert_eq!(found, ["jean-dupont", "boulangerie-dupont"]);
}

#[test]
fn placeholders_match_nothing() {
    let mut existing = portfolio();
    existing.push((
        "sans-coordonnees",
        PartyKeys::new("SARL", "")
            .with_phone("néant")
            .with_email("n/a"),
    ));
    let candidate = PartyKeys::new("Ets", "")
        .with_phone("néant")
        .with_email("n/a")
        .with_company_number("000");
    assert_eq!(candidate, PartyKeys::default());
    assert!(find_duplicates(&candidate, existing.iter().map(|(id, k)| (*id, k))).is_empty());
}

#[test]
fn an_import_finds_the_repeats_inside_its_own_file() {
    let mut index = DuplicateIndex::new(portfolio());
    let lines = [
        PartyKeys::new("Carrosserie Blanc", "42000").with_phone("04 77 33 22 11"),
        PartyKeys::new("Carrosserie Blanc SAS", "42000"),
    ];
    let mut reports = Vec::new();
    for (line, keys) in lines.into_iter().enumerate() {
        let found: Vec<String> = index
            .matches(&keys)
            .into_iter()
            .map(|m| m.party.to_string())
            .collect();
        reports.push(found);
        index.insert(if line == 0 { "line-1" } else { "line-2" }, keys);
    }
    assert_eq!(reports, [Vec::<String>::new(), vec!["line-1".to_string()]]);
}

/// Parties drawn from small pools of names, codes, phones, e-mails and numbers, so that
/// they share keys often.
fn any_party() -> impl Strategy<Value = PartyKeys> {
    let names = prop::sample::select(vec![
        "Garage Martin",
        "SARL Garage Martin",
        "Garage Martins",
        "Garage Morin",
        "Transports Morel",
        "Jean Dupont",
        "SARL",
    ]);
    let codes = prop::sample::select(vec!["69003", "69 003", "38000", ""]);
    let phones = prop::collection::vec(
        prop::sample::select(vec![
            "04 78 12 34 56",
            "+33478123456",
            "06 12 34 56 78",
            "néant",
        ]),
        0..3,
    );
    let emails = prop::collection::vec(
        prop::sample::select(vec!["a@b.fr", "A@B.FR", "c@d.fr", "n/a"]),
        0..2,
    );
    let numbers = prop::collection::vec(
        prop::sample::select(vec![
            "73282932000074",
            "732829320 00090",
            "732829320",
            "443061841",
        ]),
        0..2,
    );
    (names, codes, phones, emails, numbers).prop_map(|(name, code, phones, emails, numbers)| {
        let mut keys = PartyKeys::new(name, code);
        for phone in phones {
            keys = keys.with_phone(phone);
        }
        for email in emails {
            keys = keys.with_email(email);
        }
        for number in numbers {
            keys = keys.with_company_number(number);
        }
        keys
    })
}

proptest! {
    #[test]
    fn the_index_gives_the_scans_answer(
        existing in prop::collection::vec(any_party(), 0..30),
        candidate in any_party(),
    ) {
        let scanned = find_duplicates(&candidate, existing.iter().enumerate());
        let index = DuplicateIndex::new(existing.iter().cloned().enumerate());
        let indexed: Vec<_> = index
            .matches(&candidate)
            .into_iter()
            .map(|m| DuplicateMatch { party: *m.party, reasons: m.reasons })
            .collect();
        let scanned: Vec<_> = scanned
            .into_iter()
            .map(|m| DuplicateMatch { party: m.party, reasons: m.reasons })
            .collect();
        prop_assert_eq!(scanned, indexed);
    }

    #[test]
    fn a_party_with_a_key_matches_itself(party in any_party()) {
        let has_key = !party.phones().is_empty()
            || !party.emails().is_empty()
            || !party.company_numbers().is_empty()
            || (party.name().is_some() && party.postal_code().is_some());
        prop_assert_eq!(!party.reasons_against(&party).is_empty(), has_key);
    }
}
