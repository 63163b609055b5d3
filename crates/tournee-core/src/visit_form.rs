//! The « Visite ce jour » form: a configurable tree of radio and checkbox groups,
//! nested on several levels (an option may open sub-questions).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Lang};

/// One group's answer: a radio group's option, or a checkbox group's ticked options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
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
pub enum GroupKind {
    /// Exactly one option.
    Radio,
    /// Any number of options.
    Checkbox,
}

/// A question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    /// Every group of the tree with the option (group id, option id) it hangs under.
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

    /// Checks the tree itself (the admin's editor saves only a well-formed tree).
    pub fn check_structure(&self) -> Result<(), DomainError> {
        let bad = |group: &str, reason: &str| DomainError::InvalidForm {
            group: group.into(),
            reason: reason.into(),
        };
        let mut ids = BTreeSet::new();
        for (group, _) in self.all_groups() {
            if group.id.trim().is_empty() || group.label_fr.trim().is_empty() {
                return Err(bad(&group.id, "identifiant et libellé obligatoires"));
            }
            if !ids.insert(group.id.as_str()) {
                return Err(bad(&group.id, "identifiant de question en double"));
            }
            if group.options.is_empty() {
                return Err(bad(
                    &group.id,
                    "une question doit proposer au moins un choix",
                ));
            }
            let mut options = BTreeSet::new();
            for option in &group.options {
                if option.id.trim().is_empty() || option.label_fr.trim().is_empty() {
                    return Err(bad(
                        &group.id,
                        "chaque choix a un identifiant et un libellé",
                    ));
                }
                if !options.insert(option.id.as_str()) {
                    return Err(bad(&group.id, "identifiant de choix en double"));
                }
            }
        }
        Ok(())
    }

    /// Checks answers against the tree: known groups and options, right shape, sub-questions
    /// only under a selected option, required reachable questions answered.
    pub fn validate(&self, answers: &FormAnswers) -> Result<(), DomainError> {
        let bad = |group: &str, reason: String| DomainError::InvalidAnswer {
            group: group.into(),
            reason,
        };
        let groups = self.all_groups();
        let selected = |group_id: &str, option_id: &str| match answers.get(group_id) {
            Some(Answer::One(chosen)) => chosen == option_id,
            Some(Answer::Many(ticked)) => ticked.iter().any(|t| t == option_id),
            None => false,
        };
        for (id, answer) in answers {
            let Some((group, parent)) = groups.iter().find(|(g, _)| &g.id == id) else {
                return Err(bad(id, "question inconnue".into()));
            };
            let known = |option: &str| group.options.iter().any(|o| o.id == option);
            match (group.kind, answer) {
                (GroupKind::Radio, Answer::One(chosen)) if known(chosen) => {}
                (GroupKind::Radio, Answer::One(chosen)) => {
                    return Err(bad(id, format!("choix « {chosen} » inconnu")))
                }
                (GroupKind::Radio, Answer::Many(_)) => {
                    return Err(bad(id, "un seul choix attendu".into()))
                }
                (GroupKind::Checkbox, Answer::Many(ticked)) => {
                    if let Some(unknown) = ticked.iter().find(|t| !known(t)) {
                        return Err(bad(id, format!("choix « {unknown} » inconnu")));
                    }
                    if ticked.iter().collect::<BTreeSet<_>>().len() != ticked.len() {
                        return Err(bad(id, "choix coché deux fois".into()));
                    }
                }
                (GroupKind::Checkbox, Answer::One(_)) => {
                    return Err(bad(id, "une liste de choix attendue".into()))
                }
            }
            if let Some((parent_group, parent_option)) = parent {
                if !selected(parent_group, parent_option) {
                    return Err(bad(
                        id,
                        format!("sous-question sans le choix « {parent_option} »"),
                    ));
                }
            }
        }
        for (group, parent) in &groups {
            let reachable = parent.is_none_or(|(g, o)| selected(g, o));
            if group.required && reachable && !answers.contains_key(&group.id) {
                return Err(bad(&group.id, "réponse obligatoire".into()));
            }
        }
        Ok(())
    }

    /// The answers as labels, for display: (question, chosen options), in tree order.
    pub fn selected_labels(&self, answers: &FormAnswers, lang: Lang) -> Vec<(String, Vec<String>)> {
        let label = |fr: &str, en: &str| match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        };
        self.all_groups()
            .into_iter()
            .filter_map(|(group, _)| {
                let chosen: Vec<String> = match answers.get(&group.id)? {
                    Answer::One(id) => vec![id.clone()],
                    Answer::Many(ids) => ids.clone(),
                };
                let labels = group
                    .options
                    .iter()
                    .filter(|o| chosen.contains(&o.id))
                    .map(|o| label(&o.label_fr, &o.label_en))
                    .collect();
                Some((label(&group.label_fr, &group.label_en), labels))
            })
            .collect()
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

    #[test]
    fn the_default_tree_is_well_formed_and_accepts_a_full_answer() {
        let form = VisitForm::default_tree();
        form.check_structure().unwrap();
        let full = answers(&[
            ("type_contact", one("visite")),
            ("type_visite", one("avec_rdv")),
            ("objet_visite", many(&["commande", "remise_proposition"])),
            ("remise_proposition_type", many(&["tp", "pl_plp"])),
        ]);
        form.validate(&full).unwrap();
        let labels = form.selected_labels(&full, Lang::Fr);
        assert_eq!(
            labels[3],
            (
                "Type de proposition".to_string(),
                vec!["TP".to_string(), "PL & PLP".to_string()]
            )
        );
    }

    #[test]
    fn wrong_answers_name_the_question() {
        let form = VisitForm::default_tree();
        let cases = [
            answers(&[]),
            answers(&[("type_contact", one("pigeon"))]),
            answers(&[("type_contact", many(&["visite"]))]),
            answers(&[
                ("type_contact", one("visite")),
                ("objet_visite", one("commande")),
            ]),
            answers(&[
                ("type_contact", one("visite")),
                ("objet_visite", many(&["commande", "commande"])),
            ]),
            answers(&[
                ("type_contact", one("visite")),
                ("remise_proposition_type", many(&["tp"])),
            ]),
            answers(&[("type_contact", one("visite")), ("meteo", one("soleil"))]),
        ];
        let groups = [
            "type_contact",
            "type_contact",
            "type_contact",
            "objet_visite",
            "objet_visite",
            "remise_proposition_type",
            "meteo",
        ];
        for (answer, group) in cases.iter().zip(groups) {
            let error = form.validate(answer).unwrap_err();
            assert_eq!(error.field(), group, "{answer:?}");
            assert_eq!(error.code(), "invalid_answers");
        }
    }

    #[test]
    fn answers_serialise_as_strings_and_lists() {
        let json =
            serde_json::to_string(&answers(&[("a", one("x")), ("b", many(&["y"]))])).unwrap();
        assert_eq!(json, r#"{"a":"x","b":["y"]}"#);
    }

    #[test]
    fn ill_formed_trees_are_refused() {
        let mut form = VisitForm::default_tree();
        form.groups[1].id = "type_contact".into();
        assert!(form.check_structure().is_err());
        let mut empty = VisitForm::default_tree();
        empty.groups[0].options.clear();
        assert!(empty.check_structure().is_err());
    }
}
