//! The labels people read for the domain's codes: a party's status, the policy's roles,
//! entities, accesses and scopes. Lists, filters, the timeline, the CSV exports and the
//! policy editor name them the same way everywhere because they all ask here.

use tournee_core::{Access, Entity, Lang, Role, Scope, Status};

use crate::Label;

impl Label for Status {
    /// The label people read: French for the users, English for contributors.
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Lead, Lang::Fr) => "Piste",
            (Status::DeadLead, Lang::Fr) => "Piste morte",
            (Status::Prospect, Lang::Fr) => "Prospect",
            (Status::DeadProspect, Lang::Fr) => "Prospect mort",
            (Status::Client, Lang::Fr) => "Client",
            (Status::Lead, Lang::En) => "Lead",
            (Status::DeadLead, Lang::En) => "Dead lead",
            (Status::Prospect, Lang::En) => "Prospect",
            (Status::DeadProspect, Lang::En) => "Dead prospect",
            (Status::Client, Lang::En) => "Client",
        }
    }
}

impl Label for Role {
    /// The label people read: French for the users, English for contributors.
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Fr) => "Administrateur",
            (Role::Manager, Lang::Fr) => "Responsable",
            (Role::Rep, Lang::Fr) => "Commercial",
            (Role::Observer, Lang::Fr) => "Observateur",
            (Role::Accountant, Lang::Fr) => "Comptable",
            (Role::Admin, Lang::En) => "Administrator",
            (Role::Manager, Lang::En) => "Manager",
            (Role::Rep, Lang::En) => "Sales rep",
            (Role::Observer, Lang::En) => "Observer",
            (Role::Accountant, Lang::En) => "Accountant",
        }
    }
}

impl Label for Entity {
    /// The label people read in the policy editor: French for the users, English for
    /// contributors.
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Entity::Party, Lang::Fr) => "Tiers",
            (Entity::Person, Lang::Fr) => "Personne",
            (Entity::Action, Lang::Fr) => "Action",
            (Entity::ActionReply, Lang::Fr) => "Réponse",
            (Entity::Todo, Lang::Fr) => "Tâche",
            (Entity::Client, Lang::Fr) => "Client",
            (Entity::Prospect, Lang::Fr) => "Prospect",
            (Entity::Visit, Lang::Fr) => "Visite",
            (Entity::ModificationRequest, Lang::Fr) => "Demande de modification",
            (Entity::User, Lang::Fr) => "Utilisateur",
            (Entity::Quote, Lang::Fr) => "Devis",
            (Entity::Segment, Lang::Fr) => "Segment",
            (Entity::Party, Lang::En) => "Party",
            (Entity::Person, Lang::En) => "Person",
            (Entity::Action, Lang::En) => "Action",
            (Entity::ActionReply, Lang::En) => "Reply",
            (Entity::Todo, Lang::En) => "Todo",
            (Entity::Client, Lang::En) => "Client",
            (Entity::Prospect, Lang::En) => "Prospect",
            (Entity::Visit, Lang::En) => "Visit",
            (Entity::ModificationRequest, Lang::En) => "Modification request",
            (Entity::User, Lang::En) => "User",
            (Entity::Campaign, Lang::Fr) => "Campagne",
            (Entity::Meeting, Lang::Fr) => "Réunion",
            (Entity::Call, Lang::Fr) => "Appel",
            (Entity::Campaign, Lang::En) => "Campaign",
            (Entity::Meeting, Lang::En) => "Meeting",
            (Entity::Call, Lang::En) => "Call",
            (Entity::Opportunity, Lang::Fr) => "Opportunité",
            (Entity::Opportunity, Lang::En) => "Opportunity",
            (Entity::Quote, Lang::En) => "Quote",
            (Entity::Segment, Lang::En) => "Segment",
        }
    }
}

impl Label for Access {
    /// The label people read.
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Access::Read, Lang::Fr) => "Lecture",
            (Access::Write, Lang::Fr) => "Écriture",
            (Access::Read, Lang::En) => "Read",
            (Access::Write, Lang::En) => "Write",
        }
    }
}

impl Label for Scope {
    /// The label people read in the policy editor.
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Scope::None, Lang::Fr) => "Aucun",
            (Scope::Own, Lang::Fr) => "Les siens",
            (Scope::Team, Lang::Fr) => "Son équipe",
            (Scope::All, Lang::Fr) => "Tout",
            (Scope::None, Lang::En) => "None",
            (Scope::Own, Lang::En) => "Own",
            (Scope::Team, Lang::En) => "Team",
            (Scope::All, Lang::En) => "All",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label of a list of codes in both languages: none empty, none repeated.
    fn labels_of<T: Label + Copy>(all: &[T]) -> [Vec<&'static str>; 2] {
        [Lang::Fr, Lang::En].map(|lang| {
            let labels: Vec<_> = all.iter().map(|code| code.label(lang)).collect();
            assert!(labels.iter().all(|l| !l.trim().is_empty()), "{labels:?}");
            let mut distinct = labels.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), all.len(), "{labels:?}");
            labels
        })
    }

    #[test]
    fn every_code_has_a_french_and_an_english_label() {
        let [fr, en] = labels_of(&Status::ALL);
        assert_ne!(fr, en);
        let [fr, en] = labels_of(&Role::ALL);
        assert_ne!(fr, en);
        let [fr, en] = labels_of(&Entity::ALL);
        assert_ne!(fr, en);
        let [fr, en] = labels_of(&Access::ALL);
        assert_ne!(fr, en);
        let [fr, en] = labels_of(&Scope::ALL);
        assert_ne!(fr, en);
    }

    #[test]
    fn the_french_status_labels_are_the_briefs() {
        let labels: Vec<_> = Status::ALL.iter().map(|s| s.label(Lang::Fr)).collect();
        assert_eq!(
            labels,
            [
                "Piste",
                "Piste morte",
                "Prospect",
                "Prospect mort",
                "Client"
            ]
        );
    }

    #[test]
    fn the_french_role_labels_are_the_issues() {
        let labels: Vec<_> = Role::ALL.iter().map(|r| r.label(Lang::Fr)).collect();
        assert_eq!(
            labels,
            [
                "Administrateur",
                "Responsable",
                "Commercial",
                "Observateur",
                "Comptable"
            ]
        );
    }
}
