//! The « Prospect » tab, write side: each action checked with the core rules, then written
//! as one change file (CP, MP, VP or CC) with its pending mark recorded in the same step.

use base64::Engine as _;
use rusqlite::Connection;
use tournee_core::{
    check_conversion, check_prospect_creation, DomainError, FieldValues, SIGNATURE_FIELD,
};
use tournee_sync::{
    ChangeBody, ClientCreationRequest, ProspectCreation, ProspectModification, ProspectOperation,
    ProspectVisit, Signature,
};

use crate::changes::{publish, to_json, visit_report, Author, TypedVisit};
use crate::dto::{
    ConversionInput, PendingKind, PendingSubject, ProspectCreated, ProspectInput, ProspectStatus,
    ProspectUpdateInput, ProspectVisitInput, WrittenChange,
};
use crate::error::{AppRule, FieldError, Forbidden, Result, RuleError};
use crate::local::LocalDb;
use crate::overlay::{Overlay, ProspectFieldsDetail};
use crate::parameters::ServerParameters;
use crate::prospects::current;

/// What a change to an existing prospect reads: the snapshot, this laptop's pending
/// prospect changes, the server's parameters, and who writes.
pub struct ProspectContext<'a> {
    /// The snapshot in use.
    pub conn: &'a Connection,
    /// This laptop's pending changes.
    pub overlay: &'a Overlay,
    /// Settings from the snapshot.
    pub parameters: &'a ServerParameters,
    /// Who writes, when, where.
    pub author: &'a Author<'a>,
}

/// Largest signature image accepted (a pad drawing is a few tens of KiB; change files stay
/// far below the 1 MiB limit).
pub const MAX_SIGNATURE_BYTES: usize = 256 * 1024;

/// Trimmed values, blanks as `None`: what the rep typed, as the ERP stores it.
fn cleaned(fields: &FieldValues) -> FieldValues {
    fields
        .iter()
        .map(|(name, value)| {
            let value = value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string);
            (name.clone(), value)
        })
        .collect()
}

/// Only the filled values (a new prospect does not send empty columns).
fn filled(fields: &FieldValues) -> FieldValues {
    cleaned(fields)
        .into_iter()
        .filter(|(_, value)| value.is_some())
        .collect()
}

fn name_of(fields: &FieldValues) -> String {
    fields
        .get("nom_client")
        .cloned()
        .flatten()
        .unwrap_or_default()
}

/// « Nouveau » prospect → a CP file; the id is made here and stays the prospect's for life.
pub fn create_prospect(
    local: &mut LocalDb,
    parameters: &ServerParameters,
    author: &Author<'_>,
    input: &ProspectInput,
) -> Result<ProspectCreated> {
    let fields = filled(&input.fields);
    check_prospect_creation(&parameters.field_profile, &fields).map_err(FieldError::rules)?;
    let fields = parameters.field_profile.stored_values(&fields);
    let prospect_id = ulid::Ulid::new().to_string();
    let subject = PendingSubject::ProspectCreation {
        name: name_of(&fields),
    };
    let detail = to_json(&ProspectFieldsDetail {
        fields: fields.clone(),
    })?;
    let body = ChangeBody::CP(ProspectCreation {
        prospect_id: prospect_id.clone(),
        fields,
        contacts: Vec::new(),
    });
    let change = publish(
        local,
        author,
        body,
        PendingKind::ProspectCreation,
        &prospect_id,
        subject,
        detail,
    )?;
    Ok(ProspectCreated {
        prospect_id,
        change,
    })
}

/// The prospect must exist for the rep and not be deleted or waiting for the accountant.
fn editable(ctx: &ProspectContext<'_>, id: &str) -> Result<crate::prospects::CurrentProspect> {
    let prospect = current(ctx.conn, ctx.overlay, ctx.author.user, id)?;
    if prospect.deleted_pending {
        return Err(FieldError::NotAllowed(Forbidden::ProspectBeingDeleted));
    }
    if matches!(
        prospect.status(),
        ProspectStatus::AwaitingValidation | ProspectStatus::Converted
    ) {
        return Err(FieldError::NotAllowed(
            Forbidden::ProspectAwaitingValidation,
        ));
    }
    Ok(prospect)
}

/// Edit of a prospect's fields → an MP update carrying only the fields that changed.
pub fn update_prospect(
    local: &mut LocalDb,
    ctx: &ProspectContext<'_>,
    input: &ProspectUpdateInput,
) -> Result<WrittenChange> {
    let prospect = editable(ctx, &input.prospect_id)?;
    let changes: FieldValues = ctx
        .parameters
        .field_profile
        .stored_values(&cleaned(&input.fields))
        .into_iter()
        .filter(|(name, value)| prospect.fields.get(name).cloned().flatten() != *value)
        .collect();
    if changes.is_empty() {
        return Err(FieldError::app_rule(AppRule::NothingChanged {
            field: "nom_client".into(),
        }));
    }
    let mut merged = prospect.fields.clone();
    merged.extend(changes.clone());
    check_prospect_creation(&ctx.parameters.field_profile, &filled(&merged))
        .map_err(FieldError::rules)?;
    let subject = PendingSubject::ProspectUpdate {
        name: name_of(&merged),
    };
    let detail = to_json(&ProspectFieldsDetail {
        fields: changes.clone(),
    })?;
    let body = ChangeBody::MP(ProspectModification {
        prospect_id: input.prospect_id.clone(),
        op: ProspectOperation::Update,
        fields: changes,
        contacts: None,
    });
    publish(
        local,
        ctx.author,
        body,
        PendingKind::ProspectUpdate,
        &input.prospect_id,
        subject,
        detail,
    )
}

/// « Supprimer » → an MP delete; only the creator or the assignee may (the server checks again).
pub fn delete_prospect(
    local: &mut LocalDb,
    ctx: &ProspectContext<'_>,
    prospect_id: &str,
) -> Result<WrittenChange> {
    let prospect = editable(ctx, prospect_id)?;
    if !prospect.deletable_by(ctx.author.user) {
        return Err(FieldError::NotAllowed(Forbidden::ProspectNotYours));
    }
    let subject = PendingSubject::ProspectDeletion {
        name: prospect.name(),
    };
    let body = ChangeBody::MP(ProspectModification {
        prospect_id: prospect_id.to_string(),
        op: ProspectOperation::Delete,
        fields: FieldValues::new(),
        contacts: None,
    });
    publish(
        local,
        ctx.author,
        body,
        PendingKind::ProspectDeletion,
        prospect_id,
        subject,
        "{}".into(),
    )
}

/// « Visite ce jour » on a prospect → a VP file.
pub fn record_prospect_visit(
    local: &mut LocalDb,
    ctx: &ProspectContext<'_>,
    input: &ProspectVisitInput,
) -> Result<WrittenChange> {
    let prospect = current(ctx.conn, ctx.overlay, ctx.author.user, &input.prospect_id)?;
    if prospect.deleted_pending {
        return Err(FieldError::NotAllowed(Forbidden::ProspectBeingDeleted));
    }
    let visit = visit_report(ctx.parameters, ctx.author, &TypedVisit::from(input))?;
    let subject = PendingSubject::ProspectVisit {
        date: visit.visit_date.to_string(),
        name: prospect.name(),
    };
    let detail = to_json(&visit)?;
    let body = ChangeBody::VP(ProspectVisit {
        prospect_id: input.prospect_id.clone(),
        visit,
    });
    publish(
        local,
        ctx.author,
        body,
        PendingKind::ProspectVisit,
        &input.prospect_id,
        subject,
        detail,
    )
}

/// The signature as the CC file carries it, checked: base 64 of a PNG, not too large.
fn signature(input: &ConversionInput) -> Result<Option<Signature>, RuleError> {
    let Some(text) = input
        .signature_png_base64
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let bad = || {
        RuleError::App(AppRule::BadSignature {
            field: SIGNATURE_FIELD.into(),
        })
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| bad())?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(bad());
    }
    if bytes.len() > MAX_SIGNATURE_BYTES {
        return Err(RuleError::Domain(DomainError::TooLong {
            field: SIGNATURE_FIELD.into(),
            max: u32::try_from(MAX_SIGNATURE_BYTES).unwrap_or(u32::MAX),
            len: bytes.len(),
        }));
    }
    Ok(Some(Signature {
        media_type: "image/png".into(),
        data_base64: text.to_string(),
    }))
}

/// Every problem of a conversion form, as the rep types (empty: it can be sent).
pub fn conversion_problems(
    parameters: &ServerParameters,
    input: &ConversionInput,
) -> Vec<RuleError> {
    let fields = filled(&input.fields);
    let (signature, mut errors) = match signature(input) {
        Ok(signature) => (signature, Vec::new()),
        Err(error) => (None, vec![error]),
    };
    if let Err(found) = check_conversion(
        &parameters.field_profile,
        &fields,
        &parameters.conversion,
        signature.is_some() || !errors.is_empty(),
    ) {
        errors.extend(found.into_iter().map(RuleError::Domain));
    }
    errors
}

/// « Transformation en client » → a CC file; the prospect then waits for the accountant.
pub fn convert_prospect(
    local: &mut LocalDb,
    ctx: &ProspectContext<'_>,
    input: &ConversionInput,
) -> Result<WrittenChange> {
    let prospect = editable(ctx, &input.prospect_id)?;
    let errors = conversion_problems(ctx.parameters, input);
    if !errors.is_empty() {
        return Err(FieldError::Rules(errors));
    }
    let fields = ctx
        .parameters
        .field_profile
        .stored_values(&filled(&input.fields));
    let signature = signature(input).map_err(|e| FieldError::Rules(vec![e]))?;
    let name = Some(name_of(&fields))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| prospect.name());
    let subject = PendingSubject::Conversion { name };
    let detail = to_json(&ProspectFieldsDetail {
        fields: fields.clone(),
    })?;
    let body = ChangeBody::CC(ClientCreationRequest {
        prospect_id: input.prospect_id.clone(),
        fields,
        signature,
    });
    publish(
        local,
        ctx.author,
        body,
        PendingKind::Conversion,
        &input.prospect_id,
        subject,
        detail,
    )
}
