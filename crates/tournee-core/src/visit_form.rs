//! The « Visite ce jour » form: a configurable tree of radio and checkbox groups,
//! nested on several levels (an option may open sub-questions).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{AnswerProblem, DomainError, FormProblem, Lang};

/// One group's answer: a radio group's option, or a checkbox group's ticked options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Answer {
    /// The option chosen in a radio group.
    One(String),
    /// The options ticked in a checkbox group (may be empty).
    Many(Vec<String>),
}

/// Answers keyed by group id; ids are unique in the whole tree, so the map is flat.
pub type FormAnswers = BTreeMap<String, Answer>;

/// Radio (one choice) or checkbox (several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum GroupKind {
    /// Exactly one option.
    Radio,
    /// Any number of options.
    Checkbox,
}

/// A question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormGroup {
    /// Unique id in the tree (stored in answers).
    pub id: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Radio or checkbox.
    pub kind: GroupKind,
    /// Must be answered when reachable.
    pub required: bool,
    /// The choices.
    pub options: Vec<FormOption>,
}

/// A choice, possibly opening sub-questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormOption {
    /// Id unique within its group.
    pub id: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Questions shown when this option is selected.
    #[serde(default)]
    pub children: Vec<FormGroup>,
}

/// The whole form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitForm {
    /// Top-level questions in display order.
    pub groups: Vec<FormGroup>,
}

fn option(id: &str, fr: &str, en: &str) -> FormOption {
    FormOption {
        id: id.into(),
        label_fr: fr.into(),
        label_en: en.into(),
        children: Vec::new(),
    }
}

fn group(
    id: &str,
    fr: &str,
    en: &str,
    kind: GroupKind,
    required: bool,
    options: Vec<FormOption>,
) -> FormGroup {
    FormGroup {
        id: id.into(),
        label_fr: fr.into(),
        label_en: en.into(),
        kind,
        required,
        options,
    }
}

impl VisitForm {
    /// The tree given as example in the brief.
    pub fn default_tree() -> Self {
        let mut proposal = option(
            "remise_proposition",
            "Remise de proposition",
            "Proposal handed over",
        );
        proposal.children.push(group(
            "remise_proposition_type",
            "Type de proposition",
            "Proposal type",
            GroupKind::Checkbox,
            false,
            vec![
                option("agraire", "Agraire", "Agricultural"),
                option("tp", "TP", "Civil engineering"),
                option("gc", "GC", "Earthmoving"),
                option("pl_plp", "PL & PLP", "Trucks"),
                option("lubrifiant", "Lubrifiant", "Lubricant"),
                option("flotte_entreprise", "Flotte entreprise", "Company fleet"),
            ],
        ));
        Self {
            groups: vec![
                group(
                    "type_contact",
                    "Type de contact",
                    "Contact type",
                    GroupKind::Radio,
                    true,
                    vec![
                        option("visite", "Visite", "Visit"),
                        option("telephone", "Téléphone", "Phone"),
                        option("mail", "Mail", "E-mail"),
                        option("agence", "Agence", "At the branch"),
                    ],
                ),
                group(
                    "type_visite",
                    "Type de visite",
                    "Visit type",
                    GroupKind::Radio,
                    false,
                    vec![
                        option(
                            "avec_rdv",
                            "Visite commerciale avec rdv",
                            "Sales visit with appointment",
                        ),
                        option(
                            "sans_rdv",
                            "Visite commerciale sans rdv",
                            "Sales visit without appointment",
                        ),
                    ],
                ),
                group(
                    "objet_visite",
                    "Objet de la visite",
                    "Purpose of the visit",
                    GroupKind::Checkbox,
                    false,
                    vec![
                        option("commande", "Commande", "Order"),
                        option("livraison", "Livraison", "Delivery"),
                        option("releve_parc", "Relevé de parc", "Fleet survey"),
                        proposal,
                    ],
                ),
            ],
        }
    }

    /// Every group of the tree, depth first, with the option (group id, option id) that
    /// opens it (`None` for top-level groups).
    fn all_groups(&self) -> Vec<(&FormGroup, Option<(&str, &str)>)> {
        fn walk<'a>(
            groups: &'a [FormGroup],
            parent: Option<(&'a str, &'a str)>,
            out: &mut Vec<(&'a FormGroup, Option<(&'a str, &'a str)>)>,
        ) {
            for group in groups {
                out.push((group, parent));
                for option in &group.options {
                    walk(&option.children, Some((&group.id, &option.id)), out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.groups, None, &mut out);
        out
    }

    /// The group with this id, wherever it is in the tree.
    pub fn group(&self, id: &str) -> Option<&FormGroup> {
        self.all_groups()
            .into_iter()
            .map(|(group, _)| group)
            .find(|group| group.id == id)
    }

    /// The label of a group in `lang`, for messages.
    pub fn group_label(&self, id: &str, lang: Lang) -> Option<String> {
        self.group(id).map(|g| pick(lang, &g.label_fr, &g.label_en))
    }

    /// Checks the tree itself, so that the admin's editor only saves a tree whose answers
    /// can be stored flat and validated: non-empty ids and French labels, group ids unique
    /// in the whole tree, option ids unique in their group, and every radio group (or
    /// required group) offering at least one option.
    pub fn check_structure(&self) -> Result<(), DomainError> {
        let bad = |group: &str, reason: FormProblem| DomainError::InvalidForm {
            group: group.into(),
            reason,
        };
        let mut ids = BTreeSet::new();
        for (group, _) in self.all_groups() {
            if group.id.trim().is_empty() {
                return Err(bad(&group.id, FormProblem::MissingGroupId));
            }
            if group.label_fr.trim().is_empty() {
                return Err(bad(&group.id, FormProblem::MissingGroupLabel));
            }
            if !ids.insert(group.id.as_str()) {
                return Err(bad(&group.id, FormProblem::DuplicateGroup));
            }
            if group.options.is_empty() && (group.kind == GroupKind::Radio || group.required) {
                return Err(bad(&group.id, FormProblem::NoOptions));
            }
            let mut options = BTreeSet::new();
            for option in &group.options {
                if option.id.trim().is_empty() {
                    return Err(bad(&group.id, FormProblem::MissingOptionId));
                }
                if option.label_fr.trim().is_empty() {
                    return Err(bad(
                        &group.id,
                        FormProblem::MissingOptionLabel {
                            option: option.id.clone(),
                        },
                    ));
                }
                if !options.insert(option.id.as_str()) {
                    return Err(bad(
                        &group.id,
                        FormProblem::DuplicateOption {
                            option: option.id.clone(),
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks answers against the tree: known groups and options, the right shape for the
    /// group's kind, sub-questions only under a selected option, and every required
    /// question that is reachable (top level, or under a selected option) answered — an
    /// empty list does not answer a required checkbox group. Reports the first problem.
    pub fn validate(&self, answers: &FormAnswers) -> Result<(), DomainError> {
        let groups = self.all_groups();
        for (id, answer) in answers {
            let Some((group, parent)) = groups.iter().find(|(g, _)| &g.id == id) else {
                return Err(invalid(id, AnswerProblem::UnknownGroup));
            };
            check_shape(group, answer)?;
            if let Some((parent_group, parent_option)) = parent {
                if !is_selected(answers, parent_group, parent_option) {
                    return Err(invalid(
                        id,
                        AnswerProblem::ParentNotSelected {
                            option: (*parent_option).to_string(),
                        },
                    ));
                }
            }
        }
        for (group, parent) in &groups {
            let reachable = parent.is_none_or(|(g, o)| is_selected(answers, g, o));
            let answered = match answers.get(&group.id) {
                Some(Answer::One(_)) => true,
                Some(Answer::Many(ticked)) => !ticked.is_empty(),
                None => false,
            };
            if group.required && reachable && !answered {
                return Err(invalid(&group.id, AnswerProblem::Required));
            }
        }
        Ok(())
    }

    /// The answers as labels, for display: (question, chosen options) in tree order, options
    /// in the order the form lists them; unanswered groups are left out.
    pub fn selected_labels(&self, answers: &FormAnswers, lang: Lang) -> Vec<(String, Vec<String>)> {
        self.all_groups()
            .into_iter()
            .filter_map(|(group, _)| {
                let answer = answers.get(&group.id)?;
                let labels = group
                    .options
                    .iter()
                    .filter(|o| answer.contains(&o.id))
                    .map(|o| pick(lang, &o.label_fr, &o.label_en))
                    .collect();
                Some((pick(lang, &group.label_fr, &group.label_en), labels))
            })
            .collect()
    }
}

impl Answer {
    /// Whether this answer selects the option.
    pub fn contains(&self, option: &str) -> bool {
        match self {
            Self::One(chosen) => chosen == option,
            Self::Many(ticked) => ticked.iter().any(|t| t == option),
        }
    }
}

/// The label in `lang`.
fn pick(lang: Lang, fr: &str, en: &str) -> String {
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    }
}

fn invalid(group: &str, reason: AnswerProblem) -> DomainError {
    DomainError::InvalidAnswer {
        group: group.into(),
        reason,
    }
}

/// Whether `option` of `group` is selected in the answers.
fn is_selected(answers: &FormAnswers, group: &str, option: &str) -> bool {
    answers.get(group).is_some_and(|a| a.contains(option))
}

/// A radio group takes one known option; a checkbox group a list of distinct known ones.
fn check_shape(group: &FormGroup, answer: &Answer) -> Result<(), DomainError> {
    let known = |option: &str| group.options.iter().any(|o| o.id == option);
    let unknown = |option: &str| {
        invalid(
            &group.id,
            AnswerProblem::UnknownOption {
                option: option.to_string(),
            },
        )
    };
    match (group.kind, answer) {
        (GroupKind::Radio, Answer::One(chosen)) if known(chosen) => Ok(()),
        (GroupKind::Radio, Answer::One(chosen)) => Err(unknown(chosen)),
        (GroupKind::Radio, Answer::Many(_)) => Err(invalid(&group.id, AnswerProblem::OneExpected)),
        (GroupKind::Checkbox, Answer::One(_)) => {
            Err(invalid(&group.id, AnswerProblem::ListExpected))
        }
        (GroupKind::Checkbox, Answer::Many(ticked)) => {
            let mut seen = BTreeSet::new();
            for option in ticked {
                if !known(option) {
                    return Err(unknown(option));
                }
                if !seen.insert(option.as_str()) {
                    return Err(invalid(
                        &group.id,
                        AnswerProblem::DuplicateOption {
                            option: option.clone(),
                        },
                    ));
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> FormAnswers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
    fn one(id: &str) -> Answer {
        Answer::One(id.into())
    }
    fn many(ids: &[&str]) -> Answer {
        Answer::Many(ids.iter().map(|s| s.to_string()).collect())
    }
    fn problem(form: &VisitForm, given: &FormAnswers) -> (String, AnswerProblem) {
        match form.validate(given) {
            Err(DomainError::InvalidAnswer { group, reason }) => (group, reason),
            other => panic!("expected InvalidAnswer for {given:?}, got {other:?}"),
        }
    }

    #[test]
    fn the_default_tree_follows_the_brief() {
        let form = VisitForm::default_tree();
        form.check_structure().unwrap();
        let ids: Vec<&str> = form.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["type_contact", "type_visite", "objet_visite"]);
        let contact = form.group("type_contact").unwrap();
        assert_eq!((contact.kind, contact.required), (GroupKind::Radio, true));
        let options: Vec<&str> = contact.options.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(options, ["visite", "telephone", "mail", "agence"]);
        let visit = form.group("type_visite").unwrap();
        assert_eq!((visit.kind, visit.required), (GroupKind::Radio, false));
        assert_eq!(visit.options[1].label_fr, "Visite commerciale sans rdv");
        let purpose = form.group("objet_visite").unwrap();
        assert_eq!(purpose.kind, GroupKind::Checkbox);
        let proposal = form.group("remise_proposition_type").unwrap();
        assert_eq!(proposal.kind, GroupKind::Checkbox);
        let labels: Vec<&str> = proposal
            .options
            .iter()
            .map(|o| o.label_fr.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "Agraire",
                "TP",
                "GC",
                "PL & PLP",
                "Lubrifiant",
                "Flotte entreprise"
            ]
        );
        assert_eq!(purpose.options[3].children[0].id, "remise_proposition_type");
    }

    #[test]
    fn a_full_answer_passes_and_reads_as_labels() {
        let form = VisitForm::default_tree();
        let full = answers(&[
            ("type_contact", one("visite")),
            ("type_visite", one("avec_rdv")),
            ("objet_visite", many(&["remise_proposition", "commande"])),
            ("remise_proposition_type", many(&["pl_plp", "tp"])),
        ]);
        form.validate(&full).unwrap();
        let labels = form.selected_labels(&full, Lang::Fr);
        assert_eq!(labels.len(), 4);
        assert_eq!(
            labels[2],
            (
                "Objet de la visite".to_string(),
                vec!["Commande".to_string(), "Remise de proposition".to_string()]
            )
        );
        assert_eq!(
            labels[3],
            (
                "Type de proposition".to_string(),
                vec!["TP".to_string(), "PL & PLP".to_string()]
            )
        );
        assert_eq!(form.selected_labels(&full, Lang::En)[0].0, "Contact type");
    }

    #[test]
    fn the_required_question_alone_is_enough() {
        let form = VisitForm::default_tree();
        form.validate(&answers(&[("type_contact", one("telephone"))]))
            .unwrap();
        form.validate(&answers(&[
            ("type_contact", one("mail")),
            ("objet_visite", many(&[])),
        ]))
        .unwrap();
    }

    #[test]
    fn a_missing_required_answer_is_refused() {
        let form = VisitForm::default_tree();
        assert_eq!(
            problem(&form, &answers(&[])),
            ("type_contact".into(), AnswerProblem::Required)
        );
        let error = form.validate(&answers(&[])).unwrap_err();
        assert_eq!(error.code(), "invalid_answers");
        assert_eq!(error.field(), "type_contact");
    }

    #[test]
    fn wrong_options_and_shapes_are_refused() {
        let form = VisitForm::default_tree();
        let contact = |a: Answer| answers(&[("type_contact", one("visite")), ("objet_visite", a)]);
        assert_eq!(
            problem(&form, &answers(&[("type_contact", one("pigeon"))])),
            (
                "type_contact".into(),
                AnswerProblem::UnknownOption {
                    option: "pigeon".into()
                }
            )
        );
        assert_eq!(
            problem(&form, &answers(&[("type_contact", many(&["visite"]))])).1,
            AnswerProblem::OneExpected
        );
        assert_eq!(
            problem(&form, &contact(one("commande"))).1,
            AnswerProblem::ListExpected
        );
        assert_eq!(
            problem(&form, &contact(many(&["commande", "commande"]))).1,
            AnswerProblem::DuplicateOption {
                option: "commande".into()
            }
        );
        assert_eq!(
            problem(&form, &contact(many(&["commande", "cafe"]))).1,
            AnswerProblem::UnknownOption {
                option: "cafe".into()
            }
        );
        assert_eq!(
            problem(
                &form,
                &answers(&[("type_contact", one("visite")), ("meteo", one("soleil"))])
            ),
            ("meteo".into(), AnswerProblem::UnknownGroup)
        );
    }

    #[test]
    fn a_sub_question_needs_its_parent_option() {
        let form = VisitForm::default_tree();
        let orphan = answers(&[
            ("type_contact", one("visite")),
            ("objet_visite", many(&["commande"])),
            ("remise_proposition_type", many(&["tp"])),
        ]);
        assert_eq!(
            problem(&form, &orphan),
            (
                "remise_proposition_type".into(),
                AnswerProblem::ParentNotSelected {
                    option: "remise_proposition".into()
                }
            )
        );
    }

    #[test]
    fn a_required_sub_question_is_required_only_when_reachable() {
        let mut form = VisitForm::default_tree();
        form.groups[2].options[3].children[0].required = true;
        let without_proposal = answers(&[
            ("type_contact", one("visite")),
            ("objet_visite", many(&["commande"])),
        ]);
        form.validate(&without_proposal).unwrap();
        let with_proposal = answers(&[
            ("type_contact", one("visite")),
            ("objet_visite", many(&["remise_proposition"])),
        ]);
        assert_eq!(
            problem(&form, &with_proposal),
            ("remise_proposition_type".into(), AnswerProblem::Required)
        );
        let mut empty = with_proposal.clone();
        empty.insert("remise_proposition_type".into(), many(&[]));
        assert_eq!(problem(&form, &empty).1, AnswerProblem::Required);
        let mut answered = with_proposal;
        answered.insert("remise_proposition_type".into(), many(&["gc"]));
        form.validate(&answered).unwrap();
    }

    #[test]
    fn answers_serialise_as_strings_and_lists() {
        let given = answers(&[("a", one("x")), ("b", many(&["y"]))]);
        let json = serde_json::to_string(&given).unwrap();
        assert_eq!(json, r#"{"a":"x","b":["y"]}"#);
        let back: FormAnswers = serde_json::from_str(&json).unwrap();
        assert_eq!(back, given);
    }

    #[test]
    fn the_tree_round_trips_through_json_and_children_default_to_none() {
        let form = VisitForm::default_tree();
        let back: VisitForm = serde_json::from_str(&serde_json::to_string(&form).unwrap()).unwrap();
        assert_eq!(back, form);
        let minimal: VisitForm = serde_json::from_str(
            r#"{"groups":[{"id":"g","label_fr":"G","label_en":"G","kind":"radio","required":true,
                "options":[{"id":"o","label_fr":"O","label_en":"O"}]}]}"#,
        )
        .unwrap();
        minimal.check_structure().unwrap();
    }

    #[test]
    fn ill_formed_trees_are_refused() {
        let reason = |form: &VisitForm| match form.check_structure() {
            Err(DomainError::InvalidForm { reason, .. }) => reason,
            other => panic!("expected InvalidForm, got {other:?}"),
        };
        let mut twice = VisitForm::default_tree();
        twice.groups[1].id = "type_contact".into();
        assert_eq!(reason(&twice), FormProblem::DuplicateGroup);

        let mut nested_twice = VisitForm::default_tree();
        nested_twice.groups[2].options[3].children[0].id = "type_visite".into();
        assert_eq!(reason(&nested_twice), FormProblem::DuplicateGroup);

        let mut empty_radio = VisitForm::default_tree();
        empty_radio.groups[0].options.clear();
        assert_eq!(reason(&empty_radio), FormProblem::NoOptions);

        let mut option_twice = VisitForm::default_tree();
        option_twice.groups[0].options[1].id = "visite".into();
        assert_eq!(
            reason(&option_twice),
            FormProblem::DuplicateOption {
                option: "visite".into()
            }
        );

        let mut no_label = VisitForm::default_tree();
        no_label.groups[2].label_fr = " ".into();
        assert_eq!(reason(&no_label), FormProblem::MissingGroupLabel);

        let mut no_id = VisitForm::default_tree();
        no_id.groups[0].options[0].id.clear();
        assert_eq!(reason(&no_id), FormProblem::MissingOptionId);
    }

    #[test]
    fn an_optional_checkbox_group_may_be_empty_while_being_edited() {
        let mut form = VisitForm::default_tree();
        form.groups[2].options.clear();
        form.check_structure().unwrap();
    }
}
