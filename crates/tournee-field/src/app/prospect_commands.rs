//! [`FieldApp`]'s « Prospect » commands, one method per command (see `crate::prospects`
//! for reading and `crate::prospect_changes` for writing).

use std::collections::BTreeMap;

use rusqlite::OptionalExtension;
use tournee_core::{Choice, Lang, Requirement, CATEGORY_FIELD, SUBCATEGORY_FIELD};

use super::FieldApp;
use crate::dto::{
    ConversionConfig, ConversionField, ConversionInput, DuplicateHit, FieldChoices, Problem,
    ProspectCard, ProspectCreated, ProspectHit, ProspectInput, ProspectUpdateInput,
    ProspectVisitInput, VisitRow, WrittenChange,
};
use crate::error::{FieldError, Result, RuleError};
use crate::parameters::FormChoices;
use crate::prospect_changes::{self, ProspectContext};
use crate::prospects;

impl FieldApp {
    /// Runs a prospect change with its context, the local database borrowed apart.
    fn write_prospect<T>(
        &mut self,
        work: impl FnOnce(&mut crate::local::LocalDb, &ProspectContext<'_>) -> Result<T>,
    ) -> Result<T> {
        let author = self.owned_author()?;
        let overlay = self.overlay()?;
        let opened = self.opened.as_ref().ok_or(FieldError::NotConfigured)?;
        let author = author.as_author();
        let ctx = ProspectContext {
            conn: opened.snapshot.conn(),
            overlay: &overlay,
            parameters: &opened.parameters,
            author: &author,
        };
        work(&mut self.local, &ctx)
    }

    pub(super) fn my_login(&self) -> Result<&str> {
        self.settings
            .user
            .as_deref()
            .ok_or(FieldError::NotConfigured)
    }

    /// The type-ahead on prospect names.
    pub fn search_prospects(&self, query: &str) -> Result<Vec<ProspectHit>> {
        prospects::search(
            self.opened()?.snapshot.conn(),
            &self.overlay()?,
            self.my_login()?,
            query,
        )
    }

    /// The prospect card.
    pub fn prospect_card(&self, prospect_id: &str) -> Result<ProspectCard> {
        let opened = self.opened()?;
        prospects::card(
            opened.snapshot.conn(),
            &opened.parameters,
            &self.overlay()?,
            &self.viewer()?,
            self.my_login()?,
            prospect_id,
        )
    }

    /// « Historique visites » of a prospect.
    pub fn prospect_history(&self, prospect_id: &str) -> Result<Vec<VisitRow>> {
        let opened = self.opened()?;
        let overlay = self.overlay()?;
        // Refuses an unknown id rather than showing an empty history.
        prospects::current(
            opened.snapshot.conn(),
            &overlay,
            self.my_login()?,
            prospect_id,
        )?;
        prospects::history(
            opened.snapshot.conn(),
            &opened.parameters,
            &overlay,
            prospect_id,
            self.settings.lang,
        )
    }

    /// Records with the same phone number, before creating a prospect.
    pub fn find_duplicates(&self, phone: &str) -> Result<Vec<DuplicateHit>> {
        prospects::duplicates(
            self.opened()?.snapshot.conn(),
            &self.overlay()?,
            self.my_login()?,
            phone,
        )
    }

    /// « Nouveau » → CP.
    pub fn create_prospect(&mut self, input: &ProspectInput) -> Result<ProspectCreated> {
        let author = self.owned_author()?;
        let parameters = self.opened()?.parameters.clone();
        prospect_changes::create_prospect(&mut self.local, &parameters, &author.as_author(), input)
    }

    /// Edit → MP update.
    pub fn update_prospect(&mut self, input: &ProspectUpdateInput) -> Result<WrittenChange> {
        self.write_prospect(|local, ctx| prospect_changes::update_prospect(local, ctx, input))
    }

    /// « Supprimer » → MP delete.
    pub fn delete_prospect(&mut self, prospect_id: &str) -> Result<WrittenChange> {
        self.write_prospect(|local, ctx| prospect_changes::delete_prospect(local, ctx, prospect_id))
    }

    /// « Visite ce jour » on a prospect → VP.
    pub fn record_prospect_visit(&mut self, input: &ProspectVisitInput) -> Result<WrittenChange> {
        self.write_prospect(|local, ctx| prospect_changes::record_prospect_visit(local, ctx, input))
    }

    /// What the conversion form is built from.
    pub fn conversion_config(&self) -> Result<ConversionConfig> {
        let parameters = &self.opened()?.parameters;
        let lang = self.settings.lang;
        let profile = &parameters.field_profile;
        Ok(ConversionConfig {
            fields: profile
                .fields
                .iter()
                .filter(|f| f.visible)
                .map(|f| ConversionField {
                    field: f.name.clone(),
                    label: profile.label(&f.name, lang),
                    kind: serde_json::to_value(f.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "text".into()),
                    max_len: f.input_max_len(),
                    requirement: match f.requirement {
                        Requirement::Mandatory => "mandatory",
                        Requirement::MandatoryIfPaymentLd => "mandatory_if_ld",
                        Requirement::Optional => "optional",
                    }
                    .into(),
                })
                .collect(),
            farmer_categories: parameters.conversion.farmer_categories.clone(),
            ch_due_days: parameters.conversion.ch_due_days,
            payment_modes: parameters
                .choices
                .payment_modes
                .iter()
                .map(|c| (c.code.clone(), c.label_in(lang).to_string()))
                .collect(),
            choices: form_choices(&parameters.choices, lang),
            prefill: self.prefill()?,
        })
    }

    /// What a new prospect or a conversion starts with: the rep's code, and the agency of
    /// most of the rep's own clients (the user mapping has no agency).
    fn prefill(&self) -> Result<BTreeMap<String, String>> {
        let opened = self.opened()?;
        let mut prefill = BTreeMap::from([("c_rep".to_string(), opened.me.erp_code.clone())]);
        let agency: Option<String> = opened
            .snapshot
            .conn()
            .query_row(
                "SELECT c_agence FROM client WHERE in_portfolio = 1 AND coalesce(c_agence, '') <> '' \
                 GROUP BY c_agence ORDER BY count(*) DESC, c_agence LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(agency) = agency {
            prefill.insert("c_agence".into(), agency);
        }
        Ok(prefill)
    }

    /// The conversion form's problems as the rep types; empty when it can be sent.
    pub fn check_conversion(&self, input: &ConversionInput) -> Result<Vec<Problem>> {
        let parameters = &self.opened()?.parameters;
        Ok(prospect_changes::conversion_problems(parameters, input)
            .iter()
            .map(RuleError::to_problem)
            .collect())
    }

    /// « Transformation en client » → CC.
    pub fn convert_prospect(&mut self, input: &ConversionInput) -> Result<WrittenChange> {
        self.write_prospect(|local, ctx| prospect_changes::convert_prospect(local, ctx, input))
    }
}

/// The lists of the forms, by column, labelled in `lang` (the payment modes travel apart,
/// with their rules).
fn form_choices(choices: &FormChoices, lang: Lang) -> Vec<FieldChoices> {
    let list = |field: &str, depends_on: Option<&str>, options: &[Choice]| FieldChoices {
        field: field.into(),
        depends_on: depends_on.map(str::to_string),
        options: options
            .iter()
            .map(|c| Choice {
                label: c.label_in(lang).to_string(),
                label_en: None,
                ..c.clone()
            })
            .collect(),
    };
    vec![
        list(CATEGORY_FIELD, None, &choices.client_categories),
        list(
            SUBCATEGORY_FIELD,
            Some(CATEGORY_FIELD),
            &choices.client_subcategories,
        ),
        list("c_catc", None, &choices.commercial_grids),
        list("c_per", None, &choices.periodicities),
        list("c_pays", None, &choices.countries),
    ]
}
