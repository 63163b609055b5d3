use super::*;

fn stage(code: &str, probability: u8) -> Stage {
    Stage {
        code: code.into(),
        label: code.to_uppercase(),
        probability,
    }
}

fn pipe(code: &str, team: Option<&str>, stages: Vec<Stage>) -> Pipeline {
    Pipeline {
        code: code.into(),
        label: code.into(),
        team: team.map(Into::into),
        stages,
    }
}

#[test]
fn the_default_pipeline_is_valid_and_rises() {
    let defaults = default_pipelines();
    assert_eq!(check_pipelines(&defaults), vec![]);
    let probabilities: Vec<u8> = defaults[0].stages.iter().map(|s| s.probability).collect();
    assert_eq!(probabilities, vec![10, 30, 60, 80]);
}

#[test]
fn a_probability_that_does_not_rise_is_refused_naming_the_stage() {
    let pipelines = vec![pipe("p", None, vec![stage("a", 30), stage("b", 30)])];
    assert_eq!(
        check_pipelines(&pipelines),
        vec![PipelineProblem::NotRising {
            pipeline: "p".into(),
            stage: "b".into()
        }]
    );
}

#[test]
fn a_probability_above_100_is_refused() {
    let pipelines = vec![pipe("p", None, vec![stage("a", 101)])];
    assert_eq!(
        check_pipelines(&pipelines),
        vec![PipelineProblem::Probability {
            pipeline: "p".into(),
            stage: "a".into()
        }]
    );
}

#[test]
fn codes_labels_teams_and_the_default_are_checked() {
    let pipelines = vec![
        pipe("Bad", Some("nord"), vec![stage("a", 10), stage("a", 20)]),
        pipe("x", Some("nord"), vec![]),
    ];
    let problems = check_pipelines(&pipelines);
    assert!(problems.contains(&PipelineProblem::CodeShape("Bad".into())));
    assert!(problems.contains(&PipelineProblem::Twice("a".into())));
    assert!(problems.contains(&PipelineProblem::TeamTwice("nord".into())));
    assert!(problems.contains(&PipelineProblem::StageCount("x".into())));
    assert!(problems.contains(&PipelineProblem::NoDefault));
    let mut unlabelled = default_pipelines();
    unlabelled[0].stages[1].label = "  ".into();
    assert_eq!(
        check_pipelines(&unlabelled),
        vec![PipelineProblem::Label("besoin".into())]
    );
}

#[test]
fn a_team_member_gets_the_team_pipeline_and_others_the_default() {
    let mut pipelines = default_pipelines();
    pipelines.push(pipe("nord", Some("equipe-nord"), vec![stage("a", 10)]));
    let team = |t: &str| vec![t.to_string()];
    assert_eq!(
        pipeline_for_teams(&pipelines, &team("equipe-nord")).map(|p| p.code.as_str()),
        Some("nord")
    );
    assert_eq!(
        pipeline_for_teams(&pipelines, &team("sud")).map(|p| p.code.as_str()),
        Some("standard")
    );
    assert_eq!(
        pipeline_for_teams(&pipelines, &[]).map(|p| p.code.as_str()),
        Some("standard")
    );
}
