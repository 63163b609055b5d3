//! The plan's steps as the `RC` changes a laptop (or the back office) would send, each
//! integrated by the server's own integrator ([`crate::integrate_deliveries`]) in the
//! demo's transaction, a batch per day with that day's last step as the server's clock
//! and each file arriving when it was written. What only a real file's arrival leaves
//! (its ledger row, a meeting's invitation mail) is taken back, as the demo's other
//! records leave none ([`forget_arrival`]).

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{json, Value};
use tournee_sync::{parse_record, ChangeBody, Envelope};

use super::super::records::{identity_fields, ulid_at};
use super::super::words::AGENCIES;
use super::super::{DemoRng, Rep};
use super::plan::{Dated, Fate, Plan, Step, STAGES};
use crate::error::{Result, StoreError};
use crate::integrate::{integrate_deliveries, Delivery, IntegrationContext, Outcome};
use crate::master::params::Parameters;

/// The device the demo's changes name.
const DEVICE: &str = "demo";

/// Integrates every step of `plan` in time order.
pub(super) fn integrate(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    reps: &[Rep],
    plan: &Plan,
) -> Result<()> {
    let params = Parameters::load(tx)?;
    let mut day: Vec<(Envelope, Value)> = Vec::new();
    for dated in &plan.steps {
        if day
            .first()
            .is_some_and(|(first, _)| first.created_at.date_naive() != dated.at.date_naive())
        {
            integrate_day(tx, &params, &mut day)?;
        }
        let payload = payload(rng, reps, plan, dated);
        day.push((envelope(rng, reps, dated, &payload)?, payload));
    }
    integrate_day(tx, &params, &mut day)
}

/// Integrates one day's changes (in order), the server's clock at the day's last one.
fn integrate_day(
    tx: &Transaction<'_>,
    params: &Parameters,
    day: &mut Vec<(Envelope, Value)>,
) -> Result<()> {
    let Some((last, _)) = day.last() else {
        return Ok(());
    };
    let ctx = IntegrationContext {
        now: last.created_at.with_timezone(&Utc) + Duration::minutes(1),
        params: params.clone(),
    };
    let deliveries: Vec<Delivery> = day
        .iter()
        .map(|(envelope, _)| Delivery {
            folder_owner: envelope.user.clone(),
            file_name: envelope.file_name().to_string(),
            parsed: Ok(envelope.clone()),
            signature: None,
            arrived_at: envelope.created_at.with_timezone(&Utc),
            precheck: None,
            arrival: None,
        })
        .collect();
    let outcomes = integrate_deliveries(tx, &ctx, &deliveries)?;
    for ((envelope, payload), outcome) in day.iter().zip(outcomes) {
        if outcome != Outcome::Integrated {
            return Err(StoreError::StoredValue {
                what: format!("demo selling change {payload}"),
                reason: format!("{outcome:?}"),
            });
        }
        forget_arrival(tx, &envelope.change_id)?;
    }
    day.clear();
    Ok(())
}

/// What only a file's arrival leaves, taken back: the ledger row (no file of the demo's
/// ever arrived, and the server's tests count the files integrated from an empty ledger)
/// and a meeting's invitation (nobody is to be mailed a demo's meeting; the meeting and
/// its record stay). The records, their stamps and the stage history keep the change id.
fn forget_arrival(tx: &Transaction<'_>, change_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM change_ledger WHERE change_id = ?1")?
        .execute([change_id])?;
    let notification: Option<i64> = tx
        .prepare_cached("DELETE FROM meeting_mail WHERE change_id = ?1 RETURNING notification_id")?
        .query_row([change_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = notification {
        tx.prepare_cached("DELETE FROM notification WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// The envelope of `payload` as `dated.rep`'s laptop writes it at `dated.at`.
fn envelope(rng: &mut DemoRng, reps: &[Rep], dated: &Dated, payload: &Value) -> Result<Envelope> {
    let change = parse_record(payload).map_err(|e| StoreError::StoredValue {
        what: format!("demo selling change {payload}"),
        reason: e.to_string(),
    })?;
    Ok(Envelope {
        spec: 2,
        change_id: ulid_at(rng, dated.at.timestamp_millis()),
        user: reps[dated.rep].login.clone(),
        device: DEVICE.into(),
        created_at: dated.at.fixed_offset(),
        body: ChangeBody::RC(Box::new(change)),
    })
}

/// The record change of one step.
fn payload(rng: &mut DemoRng, reps: &[Rep], plan: &Plan, dated: &Dated) -> Value {
    let update = |entity: &str, id: &str, fields: Value| json!({"entity": entity, "op": "update", "id": id, "fields": fields});
    match dated.step {
        Step::CampaignCreate(c) => {
            let c = &plan.campaigns[c];
            let ends_on = c.starts_on + Duration::days(c.days - 1);
            json!({"entity": "campaign", "op": "create", "id": c.id,
                   "fields": {"name": c.name, "starts_on": c.starts_on.to_string(),
                              "ends_on": ends_on.to_string(), "place": c.place,
                              "cost_cents": c.cost_cents}})
        }
        Step::LeadCreate(l) => {
            let lead = &plan.leads[l];
            let (_, _, dep, towns) = AGENCIES[reps[lead.rep].agency];
            let (town, office) = *rng.pick(towns);
            let mut fields = identity_fields(rng, true, dep, town, office);
            fields["campaign"] = json!(plan.campaigns[lead.campaign].id);
            json!({"entity": "party", "op": "create", "id": lead.id, "fields": fields})
        }
        Step::OpportunityCreate(o) => {
            let o = &plan.opportunities[o];
            json!({"entity": "opportunity", "op": "create", "id": o.id,
                   "fields": {"party_id": o.party, "title": o.title,
                              "value_cents": o.value_cents,
                              "expected_close": o.expected_close.to_string(),
                              "pipeline": "standard", "stage": STAGES[0], "status": "open"}})
        }
        Step::Stage(o, stage) => update(
            "opportunity",
            &plan.opportunities[o].id,
            json!({"stage": STAGES[stage]}),
        ),
        Step::Won(o) => update(
            "opportunity",
            &plan.opportunities[o].id,
            json!({"status": "won"}),
        ),
        Step::Lost(o) => {
            let o = &plan.opportunities[o];
            let reason = match o.fate {
                Fate::Lost(_) => o.loss_reason,
                Fate::Open(_) | Fate::Won => "Devis refusé",
            };
            update(
                "opportunity",
                &o.id,
                json!({"status": "lost", "loss_reason": reason}),
            )
        }
        Step::QuoteCreate(q) => {
            let q = &plan.quotes[q];
            let o = &plan.opportunities[q.opportunity];
            json!({"entity": "quote", "op": "create", "id": q.id,
                   "fields": {"party_id": o.party, "opportunity_id": o.id, "lines": q.lines,
                              "valid_until": q.valid_until.to_string(), "status": "draft",
                              "temp_ref": format!("P-{}-{}", reps[o.rep].login, &q.id[16..])}})
        }
        Step::QuoteSent(q) => update("quote", &plan.quotes[q].id, json!({"status": "sent"})),
        Step::QuoteAccepted(q) => {
            update("quote", &plan.quotes[q].id, json!({"status": "accepted"}))
        }
        Step::QuoteRefused(q) => update("quote", &plan.quotes[q].id, json!({"status": "refused"})),
        Step::Call(c) => {
            let o = &plan.opportunities[plan.calls[c]];
            let day = dated.at.date_naive();
            json!({"entity": "action", "op": "create", "id": ulid_at(rng, dated.at.timestamp_millis()),
                   "fields": {"party_id": o.party, "action_type": "appel", "outcome": "positive",
                              "date": day.to_string(), "time": dated.at.format("%H:%M").to_string(),
                              "comment": format!("Point sur « {} »", o.title),
                              "opportunity": o.id}})
        }
        Step::MeetingCreate(m) => {
            let m = &plan.meetings[m];
            let o = &plan.opportunities[m.opportunity];
            let ends: DateTime<Utc> = m.starts_at + Duration::minutes(90);
            json!({"entity": "meeting", "op": "create", "id": m.id,
                   "fields": {"party_id": o.party, "opportunity": o.id,
                              "attendee": reps[m.attendee].login, "place": "Chez le client",
                              "starts_at": m.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                              "ends_at": ends.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                              "subject": o.title}})
        }
    }
}
