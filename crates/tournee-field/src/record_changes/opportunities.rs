//! Opportunities written on the laptop (issue 15): a creation on a party, a move one
//! stage forward or back, a close won or lost with a reason, an edit of the title, value
//! and expected close. Each is one `RC` change through the one write path
//! ([`RecordWriter::write`]), checked first by the rules the server applies at
//! integration (`tournee_core::opportunity`, with the pipelines of the snapshot) and by
//! the contract's reading of the very payload written, so the rep is told on the field,
//! by the field concerned, rather than after a sync.

use serde_json::Value;
use tournee_core::opportunity::{
    check_opportunity_create, check_opportunity_update, OpportunityRule, OpportunityState,
    OpportunityStatus,
};
use tournee_sync::{RecordEntity, RecordOp};

use super::{change, clean, day, new_id, nothing_changed_on, unknown, Fields, RecordWriter};
use crate::changes::parse_day;
use crate::dto::{CloseInput, OpportunityEdit, OpportunityInput, PendingSubject, RecordWritten};
use crate::error::{AppRule, FieldError, Result};
use crate::local::LocalDb;
use crate::opportunities::{one, pipeline_or_default, Merged};

fn refused(rule: OpportunityRule) -> FieldError {
    FieldError::app_rule(AppRule::Opportunity(rule))
}

/// A typed expected close day, as the payload carries it.
fn close_day(typed: Option<&str>) -> Result<Option<Value>> {
    match clean(typed) {
        None => Ok(None),
        Some(text) => Ok(Some(day(
            parse_day("expected_close", &text).map_err(FieldError::rule)?
        ))),
    }
}

impl RecordWriter<'_> {
    fn opportunity(&self, id: &str) -> Result<Merged> {
        one(self.reader, id)?.ok_or_else(|| unknown("opportunity", id))
    }

    /// A new opportunity on a party: open, at its pipeline's first stage (the default
    /// pipeline unless another is named); its owner is left to the server's assignment
    /// rule (else the creator).
    pub fn create_opportunity(
        &self,
        local: &mut LocalDb,
        input: &OpportunityInput,
    ) -> Result<RecordWritten> {
        let party = self.party(&input.party_id)?;
        let pipelines = &self.parameters.pipelines;
        let named = clean(input.pipeline.as_deref());
        let pipe = pipeline_or_default(pipelines, named.as_deref())
            .ok_or_else(|| refused(OpportunityRule::UnknownPipeline(named.unwrap_or_default())))?;
        let first = pipe
            .first_stage()
            .map(|s| s.code.clone())
            .unwrap_or_default();
        let state = OpportunityState {
            pipeline: pipe.code.clone(),
            stage: first.clone(),
            status: OpportunityStatus::Open,
            loss_reason: None,
        };
        check_opportunity_create(pipelines, &state).map_err(refused)?;
        let mut fields = Fields::default()
            .value("party_id", input.party_id.as_str())
            .set("title", Some(&input.title))
            .value("pipeline", pipe.code.as_str())
            .value("stage", first)
            .value("status", OpportunityStatus::Open.code());
        if let Some(cents) = input.value_cents {
            fields = fields.value("value_cents", cents);
        }
        if let Some(close) = close_day(input.expected_close.as_deref())? {
            fields = fields.value("expected_close", close);
        }
        let id = new_id();
        let created = change(RecordEntity::Opportunity, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::OpportunityCreated {
            title: input.title.trim().to_string(),
            party: party.display_name(),
        };
        self.write(local, created, &input.party_id, what)?;
        Ok(self.written(id))
    }

    /// Checks `after` against the opportunity as it stands, by the pipeline's rules.
    fn check_move(&self, current: &Merged, after: &OpportunityState) -> Result<()> {
        check_opportunity_update(&self.parameters.pipelines, &current.row.state(), after)
            .map_err(refused)
    }

    /// A move to stage `stage`: one step forward, or back to any earlier stage.
    pub fn move_opportunity(
        &self,
        local: &mut LocalDb,
        id: &str,
        stage: &str,
    ) -> Result<RecordWritten> {
        let current = self.opportunity(id)?;
        let after = OpportunityState {
            stage: stage.trim().to_string(),
            ..current.row.state()
        };
        self.check_move(&current, &after)?;
        if after.stage == current.row.stage {
            return Err(FieldError::app_rule(AppRule::Unchanged {
                field: "stage".into(),
            }));
        }
        let fields = Fields::default().value("stage", after.stage.as_str());
        let moved = change(RecordEntity::Opportunity, RecordOp::Update, id, fields)?;
        let label = tournee_core::pipeline::pipeline(&self.parameters.pipelines, &after.pipeline)
            .and_then(|p| p.stage(&after.stage))
            .map_or_else(|| after.stage.clone(), |(_, s)| s.label.clone());
        let what = PendingSubject::OpportunityMoved {
            title: current.row.title.clone(),
            stage: label,
        };
        self.write(local, moved, &current.row.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A close: won (from the last stage only) or lost with a reason (from any stage).
    pub fn close_opportunity(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &CloseInput,
    ) -> Result<RecordWritten> {
        let current = self.opportunity(id)?;
        let (status, reason) = if input.won {
            (OpportunityStatus::Won, None)
        } else {
            (OpportunityStatus::Lost, clean(input.loss_reason.as_deref()))
        };
        let after = OpportunityState {
            status,
            loss_reason: reason.clone(),
            ..current.row.state()
        };
        self.check_move(&current, &after)?;
        let mut fields = Fields::default().value("status", status.code());
        if let Some(reason) = reason.as_deref() {
            fields = fields.value("loss_reason", reason);
        }
        let closed = change(RecordEntity::Opportunity, RecordOp::Update, id, fields)?;
        let what = PendingSubject::OpportunityClosed {
            title: current.row.title.clone(),
            won: input.won,
        };
        self.write(local, closed, &current.row.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// An edit of the title, value and expected close (only what changed); refused once
    /// the opportunity is closed.
    pub fn update_opportunity(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &OpportunityEdit,
    ) -> Result<RecordWritten> {
        let current = self.opportunity(id)?;
        self.check_move(&current, &current.row.state())?;
        let mut fields = Fields::default().diff(
            "title",
            Some(current.row.title.as_str()),
            Some(&input.title),
        );
        if input.value_cents != current.row.value_cents {
            fields = fields.value(
                "value_cents",
                input.value_cents.map_or(Value::Null, Value::from),
            );
        }
        let typed = close_day(input.expected_close.as_deref())?;
        let now = current.row.expected_close.clone().map(Value::from);
        if typed != now {
            fields = fields.value("expected_close", typed.unwrap_or(Value::Null));
        }
        let updated = change(RecordEntity::Opportunity, RecordOp::Update, id, fields)
            .map_err(|error| nothing_changed_on(error, "title"))?;
        let what = PendingSubject::OpportunityUpdated {
            title: input.title.trim().to_string(),
        };
        self.write(local, updated, &current.row.party_id, what)?;
        Ok(self.written(id.to_string()))
    }
}
