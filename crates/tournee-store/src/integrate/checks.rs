//! Checks shared by several change types, and the translation of domain errors
//! into the spec's stable reason codes.

use chrono::{DateTime, Duration, Utc};
use tournee_core::{check_visit_date, ClientRelation, DomainError};
use tournee_sync::{Detail, Envelope, RejectReason, Rejection, VisitReport};

use super::{refuse, IntegrationContext, NotApplied};

/// How far ahead of its arrival a laptop clock may be before its files are refused.
pub(crate) const CLOCK_TOLERANCE_HOURS: i64 = 24;

/// `created_at` is the laptop's word; the file's arrival is the server's. A file dated
/// more than a day after it arrived, or longer before it than a laptop may stay offline,
/// was dated by a wrong clock (or a forger), and its date rules cannot be trusted.
pub(crate) fn created_at_near_arrival(
    ctx: &IntegrationContext,
    envelope: &Envelope,
    arrived_at: DateTime<Utc>,
) -> Result<(), NotApplied> {
    let created_at = envelope.created_at.with_timezone(&Utc);
    let arrival = arrived_at.format("%d/%m/%Y %H:%M UTC");
    if created_at > arrived_at + Duration::hours(CLOCK_TOLERANCE_HOURS) {
        return Err(refuse(
            RejectReason::FutureDate,
            Detail::FileFromFuture {
                created_at: envelope.created_at.to_string(),
                arrival: arrival.to_string(),
            },
        ));
    }
    let days = ctx.params.max_offline_days;
    if created_at < arrived_at - Duration::days(i64::from(days)) {
        return Err(refuse(
            RejectReason::StaleChange,
            Detail::StaleFile {
                created_at: envelope.created_at.format("%d/%m/%Y %H:%M").to_string(),
                arrival: arrival.to_string(),
                days,
            },
        ));
    }
    Ok(())
}

/// Checks a visit (date against the day the rep validated it, answers against the form
/// tree) and builds its annex-1 row and the answers as stored JSON; shared by VC and VP.
pub(crate) fn visit_relation(
    ctx: &IntegrationContext,
    envelope: &Envelope,
    entity: &str,
    erp_user: &str,
    visit: &VisitReport,
) -> Result<(ClientRelation, String), NotApplied> {
    let answers = visit_answers(ctx, envelope, visit)?;
    let relation = visit_row(entity, erp_user, visit)?;
    Ok((relation, answers))
}

/// The checks of a visit that need nothing but the change and the parameters (its date
/// against the day the rep validated it, its answers against the form tree), and its
/// answers as stored JSON. Run ahead of the SQL by [`super::precheck`] for VC.
pub(crate) fn visit_answers(
    ctx: &IntegrationContext,
    envelope: &Envelope,
    visit: &VisitReport,
) -> Result<String, Rejection> {
    let written_on = envelope.created_at.date_naive();
    check_visit_date(visit.visit_date, written_on, ctx.params.visit_backdate_days)
        .map_err(domain_rejection)?;
    ctx.params
        .visit_form
        .validate(&visit.answers)
        .map_err(domain_rejection)?;
    serde_json::to_string(&visit.answers).map_err(|e| unstorable_rejection(&e))
}

/// The visit's annex-1 row, for a client or a prospect (`entity`) and the rep's ERP code.
pub(crate) fn visit_row(
    entity: &str,
    erp_user: &str,
    visit: &VisitReport,
) -> Result<ClientRelation, NotApplied> {
    ClientRelation::from_visit(
        entity,
        erp_user,
        visit.visit_date,
        &visit.visit_time,
        &visit.comment,
    )
    .map_err(domain_refusal)
}

/// The spec reason for a domain error (see sync-spec/README.md, reason codes).
pub(crate) fn reason_for(error: &DomainError) -> RejectReason {
    match error.code() {
        "future_date" => RejectReason::FutureDate,
        "date_out_of_bound" => RejectReason::DateOutOfBound,
        "invalid_answers" => RejectReason::InvalidAnswers,
        "missing_mandatory" => RejectReason::MissingMandatory,
        "unknown_field" => RejectReason::UnknownField,
        "signature_required" => RejectReason::SignatureRequired,
        "payment_mode_not_allowed" | "due_date_locked" => RejectReason::PaymentMode,
        _ => RejectReason::InvalidField,
    }
}

/// Refusal carrying a domain error: reason from its code, the error as the detail.
pub(crate) fn domain_refusal(error: DomainError) -> NotApplied {
    NotApplied::Refused(domain_rejection(error))
}

/// The rejection for a domain error (what [`domain_refusal`] carries).
pub(crate) fn domain_rejection(error: DomainError) -> Rejection {
    Rejection::new(reason_for(&error), error)
}

/// Refusal of a value that could not be stored as JSON.
pub(crate) fn unstorable(error: &serde_json::Error) -> NotApplied {
    NotApplied::Refused(unstorable_rejection(error))
}

/// The rejection of a value that could not be stored as JSON.
fn unstorable_rejection(error: &serde_json::Error) -> Rejection {
    Rejection::new(
        RejectReason::Schema,
        Detail::Unstorable {
            error: error.to_string(),
        },
    )
}

/// Refusal for several domain errors: the first decides the reason, all are described.
pub(crate) fn domain_refusals(errors: Vec<DomainError>) -> NotApplied {
    let reason = errors
        .first()
        .map(reason_for)
        .unwrap_or(RejectReason::InvalidField);
    refuse(reason, errors)
}
