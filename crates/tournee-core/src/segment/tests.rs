use chrono::NaiveDate;

use super::*;

fn day(text: &str) -> NaiveDate {
    parse_iso_date(text).expect("a test day")
}

fn subject() -> SegmentSubject<'static> {
    SegmentSubject {
        status: Status::Prospect,
        owner: "jdupont",
        campaign: Some("01JD0000000000000000000C01"),
        postal_code: Some("69 003"),
        city: Some("Saint-Étienne"),
        created_on: Some(day("2026-10-01")),
        last_action: Some(day("2026-11-20")),
        score: Some(40),
    }
}

const TODAY: &str = "2026-12-05";

fn holds(criteria: SegmentCriteria) -> bool {
    criteria.check().expect("valid criteria");
    criteria.matches(&subject(), day(TODAY))
}

#[test]
fn a_criteria_segment_without_any_criterion_is_refused_on_criteria() {
    let problem = SegmentCriteria::default().check().unwrap_err();
    assert_eq!(problem, SegmentProblem::NoCriterion);
    assert_eq!(DomainError::from(problem).field(), "criteria");
}

#[test]
fn each_bad_criterion_names_its_own_field() {
    let cases: Vec<(SegmentCriteria, &str)> = vec![
        (
            SegmentCriteria {
                statuses: vec![Status::Lead, Status::Lead],
                ..Default::default()
            },
            "statuses",
        ),
        (
            SegmentCriteria {
                campaign: Some("salon".into()),
                ..Default::default()
            },
            "campaign",
        ),
        (
            SegmentCriteria {
                owner: Some("  ".into()),
                ..Default::default()
            },
            "owner",
        ),
        (
            SegmentCriteria {
                postal_prefix: Some("69*".into()),
                ..Default::default()
            },
            "postal_prefix",
        ),
        (
            SegmentCriteria {
                postal_prefix: Some("12345678901".into()),
                ..Default::default()
            },
            "postal_prefix",
        ),
        (
            SegmentCriteria {
                city: Some("L".repeat(36)),
                ..Default::default()
            },
            "city",
        ),
        (
            SegmentCriteria {
                created_from: Some("2026-13-01".into()),
                ..Default::default()
            },
            "created_from",
        ),
        (
            SegmentCriteria {
                created_from: Some("2026-12-01".into()),
                created_to: Some("2026-11-01".into()),
                ..Default::default()
            },
            "created_to",
        ),
        (
            SegmentCriteria {
                min_score: Some(101),
                ..Default::default()
            },
            "min_score",
        ),
        (
            SegmentCriteria {
                idle_days: Some(0),
                ..Default::default()
            },
            "idle_days",
        ),
    ];
    for (criteria, field) in cases {
        let problem = criteria.check().expect_err(field);
        assert_eq!(problem.field(), field, "{problem}");
        assert_eq!(DomainError::from(problem).field(), field);
    }
}

#[test]
fn a_name_is_mandatory_and_at_most_120_characters_on_one_line() {
    assert_eq!(check_segment_name("  "), Err(SegmentProblem::NameMissing));
    let long = "n".repeat(121);
    let problem = check_segment_name(&long).unwrap_err();
    assert!(matches!(
        DomainError::from(problem),
        DomainError::TooLong {
            max: 120,
            len: 121,
            ..
        }
    ));
    assert!(check_segment_name("Salon\nLyon").is_err());
    assert_eq!(check_segment_name(&"n".repeat(120)), Ok(()));
}

#[test]
fn a_list_holds_distinct_record_ids_up_to_its_bound() {
    let id = "01JPARTY000000000000000000".to_string();
    assert_eq!(check_segment_members(std::slice::from_ref(&id)), Ok(()));
    assert_eq!(
        check_segment_members(&[id.clone(), id.clone()]),
        Err(SegmentProblem::MemberTwice(id.clone()))
    );
    assert_eq!(
        check_segment_members(&["party-1".into()]),
        Err(SegmentProblem::Member("party-1".into()))
    );
    let many: Vec<String> = (0..=SEGMENT_MEMBERS_MAX)
        .map(|i| format!("01JPARTY{i:018}"))
        .collect();
    assert_eq!(
        check_segment_members(&many),
        Err(SegmentProblem::TooManyMembers(SEGMENT_MEMBERS_MAX + 1))
    );
}

#[test]
fn statuses_hold_when_the_party_has_one_of_them() {
    assert!(holds(SegmentCriteria {
        statuses: vec![Status::Lead, Status::Prospect],
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        statuses: vec![Status::Client],
        ..Default::default()
    }));
}

#[test]
fn campaign_and_owner_hold_on_equality() {
    assert!(holds(SegmentCriteria {
        campaign: Some("01JD0000000000000000000C01".into()),
        owner: Some("jdupont".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        owner: Some("mmartin".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        campaign: Some("01JD0000000000000000000C02".into()),
        ..Default::default()
    }));
}

#[test]
fn a_postal_prefix_ignores_spaces_and_a_city_ignores_case_accents_and_hyphens() {
    assert!(holds(SegmentCriteria {
        postal_prefix: Some("690".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        postal_prefix: Some("75".into()),
        ..Default::default()
    }));
    assert!(holds(SegmentCriteria {
        city: Some("saint etienne".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        city: Some("Saint".into()),
        ..Default::default()
    }));
}

#[test]
fn the_creation_period_includes_both_ends() {
    assert!(holds(SegmentCriteria {
        created_from: Some("2026-10-01".into()),
        created_to: Some("2026-10-01".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        created_from: Some("2026-10-02".into()),
        ..Default::default()
    }));
    assert!(!holds(SegmentCriteria {
        created_to: Some("2026-09-30".into()),
        ..Default::default()
    }));
}

#[test]
fn a_minimum_score_needs_a_score_that_high() {
    let at = |min| SegmentCriteria {
        min_score: Some(min),
        ..Default::default()
    };
    assert!(at(40).needs_score());
    assert!(holds(at(40)));
    assert!(!holds(at(41)));
    let client = SegmentSubject {
        score: None,
        ..subject()
    };
    assert!(!at(0).matches(&client, day(TODAY)));
}

#[test]
fn idle_days_count_from_the_last_action_else_the_creation() {
    // Last action 2026-11-20, today 2026-12-05: 15 days.
    let idle = |days| SegmentCriteria {
        idle_days: Some(days),
        ..Default::default()
    };
    assert!(holds(idle(15)));
    assert!(!holds(idle(16)));
    let never_touched = SegmentSubject {
        last_action: None,
        ..subject()
    };
    // Created 2026-10-01: 65 days.
    assert!(idle(65).matches(&never_touched, day(TODAY)));
    assert!(!idle(66).matches(&never_touched, day(TODAY)));
}

#[test]
fn criteria_read_strictly_from_json() {
    let criteria: SegmentCriteria =
        serde_json::from_str(r#"{"statuses":["lead","dead_lead"],"idle_days":30}"#)
            .expect("criteria");
    assert_eq!(criteria.statuses, vec![Status::Lead, Status::DeadLead]);
    assert_eq!(
        serde_json::to_string(&criteria).expect("json"),
        r#"{"statuses":["lead","dead_lead"],"idle_days":30}"#
    );
    assert!(serde_json::from_str::<SegmentCriteria>(r#"{"colour":"red"}"#).is_err());
    assert_eq!(SegmentKind::from_code("list"), Some(SegmentKind::List));
    assert_eq!(SegmentKind::Criteria.code(), "criteria");
}
