//! [`FieldApp`]'s opportunity commands (issue 15): the board of a pipeline, one
//! opportunity's page, a party's open opportunities, the figures, and the writes (each an
//! `RC` change through the record writer). Thin: each builds its reader or writer and
//! calls one function of [`crate::opportunities`] or `record_changes`.

use tournee_core::action_type;

use super::FieldApp;
use crate::dto::{
    ActionInput, ActionOutcome, CloseInput, ConversionToOpportunity, OpportunityBoard,
    OpportunityCard, OpportunityEdit, OpportunityFigures, OpportunityInput, OpportunityView,
    PartyStatus, RecordWritten,
};
use crate::error::{AppRule, FieldError, Result};
use crate::opportunities;

impl FieldApp {
    /// The board of pipeline `pipeline` (`None`: the default one) with its forecast.
    pub fn opportunity_board(&self, pipeline: Option<&str>) -> Result<OpportunityBoard> {
        let pipelines = &self.opened()?.parameters.pipelines;
        self.read_records(|reader| opportunities::board_read(reader, pipelines, pipeline))
    }

    /// One opportunity's page.
    pub fn opportunity(&self, id: &str) -> Result<OpportunityView> {
        let pipelines = &self.opened()?.parameters.pipelines;
        self.read_records(|reader| {
            let found =
                opportunities::one(reader, id)?.ok_or_else(|| FieldError::UnknownRecord {
                    entity: "opportunity",
                    id: id.to_string(),
                })?;
            Ok(opportunities::view(pipelines, &found))
        })
    }

    /// Party `party_id`'s open opportunities.
    pub fn party_opportunities(&self, party_id: &str) -> Result<Vec<OpportunityCard>> {
        let pipelines = &self.opened()?.parameters.pipelines;
        self.read_records(|reader| {
            let of_party = opportunities::opportunities(reader, Some(party_id))?;
            Ok(opportunities::open_cards(pipelines, &of_party))
        })
    }

    /// The forecast per month of every pipeline and the average time to close, per rep
    /// and month and overall.
    pub fn opportunity_figures(&self) -> Result<OpportunityFigures> {
        let pipelines = &self.opened()?.parameters.pipelines;
        self.read_records(|reader| {
            let all = opportunities::opportunities(reader, None)?;
            Ok(opportunities::figures(pipelines, &all))
        })
    }

    /// A new opportunity on a party, at its pipeline's first stage.
    pub fn create_opportunity(&mut self, input: &OpportunityInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_opportunity(local, input))
    }

    /// Brief 002's conversion in one step: the opportunity created and, when the party is
    /// still a lead (« Piste »), the qualifying contact logged with a positive outcome, so
    /// that the lifecycle's own rule makes it a prospect: the « partner » of brief 002 is
    /// a prospect with an open opportunity (it becomes a client by a sale, as before).
    pub fn convert_to_opportunity(
        &mut self,
        input: &ConversionToOpportunity,
    ) -> Result<RecordWritten> {
        let party_id = input.opportunity.party_id.clone();
        let status = self.read_records(|reader| {
            reader
                .contact_page(&party_id)?
                .map(|page| page.status)
                .ok_or_else(|| FieldError::UnknownRecord {
                    entity: "party",
                    id: party_id.clone(),
                })
        })?;
        let is_lead = status == PartyStatus::Lead;
        if is_lead {
            let types = &self.opened()?.parameters.action_types;
            let contact = action_type(types, input.contact_type.trim())
                .filter(|t| t.active && t.counts_as_contact);
            if contact.is_none() {
                return Err(FieldError::app_rule(AppRule::UnknownActionType {
                    field: "contact_type".into(),
                    code: input.contact_type.clone(),
                }));
            }
        }
        let written = self.create_opportunity(&input.opportunity)?;
        if is_lead {
            let today = self.now().date_naive().format("%Y-%m-%d").to_string();
            let qualifying = ActionInput {
                party_id,
                person_id: None,
                action_type: input.contact_type.trim().to_string(),
                date: today,
                time: None,
                comment: Some(input.opportunity.title.trim().to_string()),
                outcome: Some(ActionOutcome::Positive),
                reminders: Vec::new(),
            };
            self.log_action(&qualifying)?;
        }
        Ok(written)
    }

    /// A move to `stage`: the next one, or back to an earlier one.
    pub fn move_opportunity(&mut self, id: &str, stage: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.move_opportunity(local, id, stage))
    }

    /// A close, won or lost with a reason.
    pub fn close_opportunity(&mut self, id: &str, input: &CloseInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.close_opportunity(local, id, input))
    }

    /// An edit of the title, value and expected close.
    pub fn update_opportunity(
        &mut self,
        id: &str,
        input: &OpportunityEdit,
    ) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_opportunity(local, id, input))
    }
}
