//! The sentences people read for a refusal or a policy problem, one French and one English
//! wording each, naming roles, entities and scopes by their labels: the policy editor and
//! the screens show these rather than build their own.

use tournee_core::{Lang, PolicyError, Refusal};

use crate::{Label, Message};

impl Message for Refusal {
    /// Why the user may not, in a sentence.
    fn message(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Refusal::NoAccess, Lang::Fr) => "Votre rôle ne donne pas cet accès.",
            (Refusal::NotOwner, Lang::Fr) => "Cette fiche est attribuée à quelqu'un d'autre.",
            (Refusal::OutsideTeams, Lang::Fr) => "Cette fiche appartient à une autre équipe.",
            (Refusal::Unassigned, Lang::Fr) => "Cette fiche n'est attribuée à personne.",
            (Refusal::NoAccess, Lang::En) => "Your role does not give this access.",
            (Refusal::NotOwner, Lang::En) => "This record is assigned to someone else.",
            (Refusal::OutsideTeams, Lang::En) => "This record belongs to another team.",
            (Refusal::Unassigned, Lang::En) => "This record is assigned to nobody.",
        }
        .to_string()
    }
}

impl Message for PolicyError {
    /// What is wrong with the policy, in a sentence naming the cell by its labels.
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => self.french(),
            Lang::En => self.english(),
        }
    }
}

/// The two wordings of a policy problem, one exhaustive `match` each.
trait Wording {
    fn french(&self) -> String;
    fn english(&self) -> String;
}

impl Wording for PolicyError {
    fn french(&self) -> String {
        let l = Lang::Fr;
        match self {
            Self::InvalidJson { message } => {
                format!("La politique n'est pas un document valide : {message}.")
            }
            Self::UnsupportedVersion { version } => {
                format!("La version {version} du format de politique n'est pas prise en charge.")
            }
            Self::UnknownRole { code } => format!("Rôle inconnu : « {code} »."),
            Self::UnknownEntity { role, code } => {
                format!("{} : type de fiche inconnu « {code} ».", role.label(l))
            }
            Self::UnknownAccess { role, entity, code } => format!(
                "{}, {} : accès inconnu « {code} » (lecture ou écriture attendue).",
                role.label(l),
                entity.label(l)
            ),
            Self::UnknownScope {
                role,
                entity,
                access,
                code,
            } => format!(
                "{}, {}, {} : portée inconnue « {code} ».",
                role.label(l),
                entity.label(l),
                access.label(l).to_lowercase()
            ),
            Self::WriteBroaderThanRead {
                role,
                entity,
                read,
                write,
            } => format!(
                "{}, {} : l'écriture (« {} ») ne peut pas aller plus loin que la lecture (« {} »).",
                role.label(l),
                entity.label(l),
                write.label(l),
                read.label(l)
            ),
            Self::AdminRestricted {
                entity,
                access,
                scope,
            } => format!(
                "L'administrateur a tous les droits : sa {} sur « {} » ne peut pas être « {} ».",
                access.label(l).to_lowercase(),
                entity.label(l),
                scope.label(l)
            ),
            Self::ObserverWrites { entity, scope } => format!(
                "Un observateur ne modifie rien : son écriture sur « {} » ne peut pas être « {} ».",
                entity.label(l),
                scope.label(l)
            ),
        }
    }

    fn english(&self) -> String {
        let l = Lang::En;
        match self {
            Self::InvalidJson { message } => {
                format!("The policy is not a valid document: {message}.")
            }
            Self::UnsupportedVersion { version } => {
                format!("Policy format version {version} is not supported.")
            }
            Self::UnknownRole { code } => format!("Unknown role \"{code}\"."),
            Self::UnknownEntity { role, code } => {
                format!("{}: unknown record type \"{code}\".", role.label(l))
            }
            Self::UnknownAccess { role, entity, code } => format!(
                "{}, {}: unknown access \"{code}\" (read or write expected).",
                role.label(l),
                entity.label(l)
            ),
            Self::UnknownScope {
                role,
                entity,
                access,
                code,
            } => format!(
                "{}, {}, {}: unknown scope \"{code}\".",
                role.label(l),
                entity.label(l),
                access.label(l).to_lowercase()
            ),
            Self::WriteBroaderThanRead {
                role,
                entity,
                read,
                write,
            } => format!(
                "{}, {}: writing (\"{}\") cannot reach further than reading (\"{}\").",
                role.label(l),
                entity.label(l),
                write.label(l),
                read.label(l)
            ),
            Self::AdminRestricted {
                entity,
                access,
                scope,
            } => format!(
                "The administrator has every right: their {} of \"{}\" cannot be \"{}\".",
                access.label(l).to_lowercase(),
                entity.label(l),
                scope.label(l)
            ),
            Self::ObserverWrites { entity, scope } => format!(
                "An observer changes nothing: their writing of \"{}\" cannot be \"{}\".",
                entity.label(l),
                scope.label(l)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use tournee_core::{Access, Entity, Grant, Policy, Role, Scope};

    use super::*;

    #[test]
    fn a_broken_rule_is_said_with_the_cells_labels() {
        let error = Policy::default()
            .with_grant(
                Role::Manager,
                Entity::ModificationRequest,
                Grant::new(Scope::Own, Scope::All),
            )
            .unwrap_err();
        assert_eq!(
            error.message(Lang::Fr),
            "Responsable, Demande de modification : l'écriture (« Tout ») ne peut pas aller \
             plus loin que la lecture (« Les siens »)."
        );
        assert_eq!(
            error.message(Lang::En),
            "Manager, Modification request: writing (\"All\") cannot reach further than \
             reading (\"Own\")."
        );
    }

    #[test]
    fn every_problem_names_its_code_or_cell_in_both_languages() {
        let problems = [
            PolicyError::UnknownRole {
                code: "boss".into(),
            },
            PolicyError::UnknownEntity {
                role: Role::Rep,
                code: "opportunite".into(),
            },
            PolicyError::UnknownAccess {
                role: Role::Rep,
                entity: Entity::Party,
                code: "delete".into(),
            },
            PolicyError::UnknownScope {
                role: Role::Rep,
                entity: Entity::Party,
                access: Access::Read,
                code: "tout".into(),
            },
        ];
        for problem in &problems {
            for lang in [Lang::Fr, Lang::En] {
                let message = problem.message(lang);
                let code = match problem {
                    PolicyError::UnknownRole { code }
                    | PolicyError::UnknownEntity { code, .. }
                    | PolicyError::UnknownAccess { code, .. }
                    | PolicyError::UnknownScope { code, .. } => code,
                    _ => unreachable!(),
                };
                assert!(message.contains(code.as_str()), "{message}");
            }
        }
        assert!(problems[3]
            .message(Lang::Fr)
            .starts_with("Commercial, Tiers, lecture"));
        assert_eq!(
            PolicyError::ObserverWrites {
                entity: Entity::Visit,
                scope: Scope::Own
            }
            .message(Lang::Fr),
            "Un observateur ne modifie rien : son écriture sur « Visite » ne peut pas être \
             « Les siens »."
        );
        assert_eq!(
            PolicyError::AdminRestricted {
                entity: Entity::User,
                access: Access::Read,
                scope: Scope::Team
            }
            .message(Lang::Fr),
            "L'administrateur a tous les droits : sa lecture sur « Utilisateur » ne peut pas \
             être « Son équipe »."
        );
    }

    #[test]
    fn each_refusal_has_its_own_sentence() {
        let reasons = [
            Refusal::NoAccess,
            Refusal::NotOwner,
            Refusal::OutsideTeams,
            Refusal::Unassigned,
        ];
        for lang in [Lang::Fr, Lang::En] {
            let mut sentences: Vec<_> = reasons.iter().map(|r| r.message(lang)).collect();
            sentences.sort_unstable();
            sentences.dedup();
            assert_eq!(sentences.len(), reasons.len());
        }
        assert_eq!(
            Refusal::NotOwner.message(Lang::Fr),
            "Cette fiche est attribuée à quelqu'un d'autre."
        );
    }
}
