use proptest::prelude::*;

use super::figures::{average_hours_tenths, forecast_by_month, Weighed};
use super::*;
use crate::pipeline::default_pipelines;

fn state(stage: &str, status: OpportunityStatus) -> OpportunityState {
    OpportunityState {
        pipeline: "standard".into(),
        stage: stage.into(),
        status,
        loss_reason: None,
    }
}

const STAGES: [&str; 4] = ["qualification", "besoin", "proposition", "negociation"];

#[test]
fn an_opportunity_is_created_open_at_the_first_stage_of_a_known_pipeline() {
    let p = default_pipelines();
    let open = |stage| state(stage, OpportunityStatus::Open);
    assert_eq!(check_opportunity_create(&p, &open("qualification")), Ok(()));
    assert_eq!(
        check_opportunity_create(&p, &open("besoin")),
        Err(OpportunityRule::NotFirstStage {
            stage: "besoin".into(),
            first: "qualification".into()
        })
    );
    let won = state("qualification", OpportunityStatus::Won);
    assert_eq!(
        check_opportunity_create(&p, &won),
        Err(OpportunityRule::CreatedClosed)
    );
    let mut elsewhere = open("qualification");
    elsewhere.pipeline = "other".into();
    let refused = check_opportunity_create(&p, &elsewhere).unwrap_err();
    assert_eq!(refused.code(), "opportunity_unknown_pipeline");
    assert_eq!(refused.field(), "pipeline");
}

#[test]
fn a_stage_is_never_skipped_forward_and_the_refusal_names_the_next_one() {
    let p = default_pipelines();
    let refused = check_opportunity_update(
        &p,
        &state("qualification", OpportunityStatus::Open),
        &state("proposition", OpportunityStatus::Open),
    )
    .unwrap_err();
    assert_eq!(
        refused,
        OpportunityRule::StageSkipped {
            from: "qualification".into(),
            to: "proposition".into(),
            next: "besoin".into()
        }
    );
    assert_eq!(refused.field(), "stage");
}

#[test]
fn won_from_the_last_stage_only_and_lost_with_a_reason_from_any() {
    let p = default_pipelines();
    let before = state("proposition", OpportunityStatus::Open);
    assert!(matches!(
        check_opportunity_update(&p, &before, &state("proposition", OpportunityStatus::Won)),
        Err(OpportunityRule::WonBeforeLastStage { .. })
    ));
    let last = state("negociation", OpportunityStatus::Open);
    assert_eq!(
        check_opportunity_update(&p, &last, &state("negociation", OpportunityStatus::Won)),
        Ok(())
    );
    let mut lost = state("proposition", OpportunityStatus::Lost);
    assert_eq!(
        check_opportunity_update(&p, &before, &lost),
        Err(OpportunityRule::LossReasonMissing)
    );
    lost.loss_reason = Some("Prix trop élevé".into());
    assert_eq!(check_opportunity_update(&p, &before, &lost), Ok(()));
}

#[test]
fn a_closed_opportunity_takes_no_change_at_all() {
    let p = default_pipelines();
    for status in [OpportunityStatus::Won, OpportunityStatus::Lost] {
        let closed = state("negociation", status);
        let refused = check_opportunity_update(&p, &closed, &closed).unwrap_err();
        assert_eq!(refused, OpportunityRule::Closed(status.code()));
        let reopened = state("negociation", OpportunityStatus::Open);
        assert!(check_opportunity_update(&p, &closed, &reopened).is_err());
    }
}

#[test]
fn the_pipeline_of_an_opportunity_never_changes() {
    let mut p = default_pipelines();
    let mut other = p[0].clone();
    other.code = "other".into();
    other.team = Some("t".into());
    p.push(other);
    let before = state("besoin", OpportunityStatus::Open);
    let mut after = before.clone();
    after.pipeline = "other".into();
    assert_eq!(
        check_opportunity_update(&p, &before, &after),
        Err(OpportunityRule::PipelineChanged("standard".into()))
    );
}

proptest! {
    /// Any move between two stages of the pipeline is accepted exactly when it goes one
    /// step forward, stays, or goes back.
    #[test]
    fn a_move_is_allowed_iff_it_is_at_most_one_step_forward(from in 0usize..4, to in 0usize..4) {
        let p = default_pipelines();
        let result = check_opportunity_update(
            &p,
            &state(STAGES[from], OpportunityStatus::Open),
            &state(STAGES[to], OpportunityStatus::Open),
        );
        prop_assert_eq!(result.is_ok(), to <= from + 1);
    }

    /// Walking the board with « next stage » from the first stage reaches the last and is
    /// accepted at every step, then wins.
    #[test]
    fn the_next_stage_walk_is_always_accepted(back in 0usize..3) {
        let p = default_pipelines();
        let mut at = state("qualification", OpportunityStatus::Open);
        let mut walked = 0;
        while let Some(next) = next_stage(&p[0], &at.stage) {
            let after = state(&next.code, OpportunityStatus::Open);
            prop_assert_eq!(check_opportunity_update(&p, &at, &after), Ok(()));
            at = after;
            walked += 1;
            if walked == back + 1 {
                // a step back then on again
                let back_to = state(STAGES[0], OpportunityStatus::Open);
                prop_assert_eq!(check_opportunity_update(&p, &at, &back_to), Ok(()));
                at = back_to;
                walked = usize::MAX / 2;
            }
        }
        let won = state(&at.stage, OpportunityStatus::Won);
        prop_assert_eq!(check_opportunity_update(&p, &at, &won), Ok(()));
    }

    /// The forecast of a month is the rounded sum of value × probability of its items.
    #[test]
    fn the_forecast_is_the_weighed_sum(values in proptest::collection::vec((0i64..10_000_000, 0u8..=100), 0..20)) {
        let items = values.iter().map(|&(value_cents, probability)| Weighed {
            month: Some("2026-12".into()),
            value_cents,
            probability,
        });
        let exact: i128 = values.iter().map(|&(v, p)| i128::from(v) * i128::from(p)).sum();
        let forecast = forecast_by_month(items);
        if values.is_empty() {
            prop_assert!(forecast.is_empty());
        } else {
            prop_assert_eq!(forecast.len(), 1);
            prop_assert!((i128::from(forecast[0].1) * 100 - exact).abs() <= 50);
        }
    }
}

#[test]
fn the_forecast_is_per_month_in_order_and_skips_undated() {
    let item = |month: Option<&str>, value_cents, probability| Weighed {
        month: month.map(Into::into),
        value_cents,
        probability,
    };
    let forecast = forecast_by_month([
        item(Some("2027-01"), 100_000, 60),
        item(Some("2026-12"), 250_000, 10),
        item(Some("2027-01"), 50_000, 80),
        item(None, 999_999, 80),
    ]);
    assert_eq!(
        forecast,
        vec![
            ("2026-12".to_string(), 25_000),
            ("2027-01".to_string(), 100_000)
        ]
    );
}

#[test]
fn the_average_time_to_close_is_in_tenths_of_an_hour() {
    assert_eq!(average_hours_tenths([]), None);
    assert_eq!(average_hours_tenths([3600, 7200]), Some(15));
    assert_eq!(average_hours_tenths([48 * 3600]), Some(480));
}
