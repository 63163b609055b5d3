//! Quotes written on the laptop (issue 15): a draft made from an opportunity, its edit, its
//! sending, its acceptance with the client's signature, its refusal. Each is one `RC`
//! change through the one write path ([`RecordWriter::write`]), checked first by the
//! lifecycle the server applies (`tournee_core::QuoteRule`), by the lines' rules
//! (`tournee_core::check_lines`) and by the contract's reading of the very payload written,
//! so the rep is told on the field, by the field concerned, rather than after a sync.

use base64::Engine;
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::{
    check_lines, check_quote_create, check_quote_update, DomainError, QuoteLine, QuoteRule,
    QuoteStatus,
};
use tournee_sync::{RecordEntity, RecordOp};

use super::{change, new_id, nothing_changed_on, unknown, Fields, RecordWriter};
use crate::changes::parse_day;
use crate::dto::{PendingSubject, QuoteEdit, QuoteInput, QuoteSignatureInput, RecordWritten};
use crate::error::{AppRule, FieldError, Result};
use crate::local::LocalDb;
use crate::quotes::{core_lines, one, Merged};

/// Validity when the seller's parameters give none (an older server).
const DEFAULT_VALIDITY_DAYS: i64 = 30;
/// Characters of the login kept in a temporary reference (the contract allows 60 in all).
const REF_LOGIN_CHARS: usize = 30;

fn refused(rule: QuoteRule) -> FieldError {
    FieldError::app_rule(AppRule::Quote(rule))
}

/// The lines as the core has them, checked by its rules (each fault under `lines[i].x`).
fn checked_lines(lines: &[crate::dto::QuoteLineDto]) -> Result<Vec<QuoteLine>> {
    let lines = core_lines(lines)?;
    check_lines(&lines).map_err(FieldError::rule)?;
    Ok(lines)
}

/// The lines as the payload carries them.
fn lines_value(lines: &[QuoteLine]) -> Result<Value> {
    serde_json::to_value(lines).map_err(|source| FieldError::Json {
        what: "quote lines".into(),
        source,
    })
}

impl RecordWriter<'_> {
    fn quote(&self, id: &str) -> Result<Merged> {
        one(self.reader, id)?.ok_or_else(|| unknown("quote", id))
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.author.now.date_naive()
    }

    /// A typed last day of validity, not before today.
    fn valid_until(&self, typed: &str) -> Result<NaiveDate> {
        let day = parse_day("valid_until", typed.trim()).map_err(FieldError::rule)?;
        if day < self.today() {
            return Err(FieldError::app_rule(AppRule::DateInPast {
                field: "valid_until".into(),
            }));
        }
        Ok(day)
    }

    /// A reference for the quote until the server numbers it: `P-<login>-<id's tail>`.
    fn temp_ref(&self, id: &str) -> String {
        let login: String = self.author.user.chars().take(REF_LOGIN_CHARS).collect();
        let tail: String = id.chars().skip(id.len().saturating_sub(8)).collect();
        format!("P-{login}-{tail}")
    }

    /// A new draft answering an opportunity, to its party (and its person, if any),
    /// valid until the day typed or for the seller's validity period.
    pub fn create_quote(&self, local: &mut LocalDb, input: &QuoteInput) -> Result<RecordWritten> {
        let opportunity = crate::opportunities::one(self.reader, &input.opportunity_id)?
            .ok_or_else(|| unknown("opportunity", &input.opportunity_id))?;
        check_quote_create(Some(QuoteStatus::Draft)).map_err(refused)?;
        let lines = checked_lines(&input.lines)?;
        let valid_until = match input.valid_until.as_deref().map(str::trim) {
            Some(typed) if !typed.is_empty() => self.valid_until(typed)?,
            _ => {
                let days = match self.parameters.seller.validity_days {
                    0 => DEFAULT_VALIDITY_DAYS,
                    days => i64::from(days),
                };
                self.today() + Duration::days(days)
            }
        };
        let id = new_id();
        let temp_ref = self.temp_ref(&id);
        let mut fields = Fields::default()
            .value("party_id", opportunity.row.party_id.as_str())
            .value("opportunity_id", input.opportunity_id.as_str())
            .value("lines", lines_value(&lines)?)
            .value("valid_until", valid_until.format("%Y-%m-%d").to_string())
            .value("status", QuoteStatus::Draft.code())
            .value("temp_ref", temp_ref.as_str());
        if let Some(person) = opportunity.row.person_id.as_deref() {
            fields = fields.value("person_id", person);
        }
        let created = change(RecordEntity::Quote, RecordOp::Create, &id, fields)?;
        let what = PendingSubject::QuoteCreated {
            reference: temp_ref,
            party: opportunity.party_name.clone(),
        };
        self.write(local, created, &opportunity.row.party_id, what)?;
        Ok(self.written(id))
    }

    /// Checks a change of `current` touching `field`, moving to `asked` if given.
    fn check_quote(current: &Merged, asked: Option<QuoteStatus>, field: &str) -> Result<()> {
        check_quote_update(current.row.status(), asked, field).map_err(refused)
    }

    /// An edit of a draft's or a sent quote's lines and validity (only what changed).
    pub fn update_quote(
        &self,
        local: &mut LocalDb,
        id: &str,
        edit: &QuoteEdit,
    ) -> Result<RecordWritten> {
        let current = self.quote(id)?;
        Self::check_quote(&current, None, "lines")?;
        let lines = checked_lines(&edit.lines)?;
        let mut fields = Fields::default();
        if lines != current.row.lines {
            fields = fields.value("lines", lines_value(&lines)?);
        }
        let day = self
            .valid_until(&edit.valid_until)?
            .format("%Y-%m-%d")
            .to_string();
        if day != current.row.valid_until {
            fields = fields.value("valid_until", day);
        }
        let updated = change(RecordEntity::Quote, RecordOp::Update, id, fields)
            .map_err(|error| nothing_changed_on(error, "lines"))?;
        let what = PendingSubject::QuoteUpdated {
            reference: current.row.reference().to_string(),
        };
        self.write(local, updated, &current.row.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// A status move alone (sent, refused), checked by the lifecycle.
    fn move_quote(
        &self,
        local: &mut LocalDb,
        id: &str,
        to: QuoteStatus,
        extra: Fields,
    ) -> Result<RecordWritten> {
        let current = self.quote(id)?;
        Self::check_quote(&current, Some(to), "status")?;
        let fields = extra.value("status", to.code());
        let moved = change(RecordEntity::Quote, RecordOp::Update, id, fields)?;
        let what = PendingSubject::QuoteStatusChanged {
            reference: current.row.reference().to_string(),
            status: to,
        };
        self.write(local, moved, &current.row.party_id, what)?;
        Ok(self.written(id.to_string()))
    }

    /// The quote given to the client.
    pub fn send_quote(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        self.move_quote(local, id, QuoteStatus::Sent, Fields::default())
    }

    /// The client declined the quote.
    pub fn refuse_quote(&self, local: &mut LocalDb, id: &str) -> Result<RecordWritten> {
        self.move_quote(local, id, QuoteStatus::Refused, Fields::default())
    }

    /// The client signed « Bon pour accord » on the pad: accepted, with the signature, the
    /// signer's name and the time. Refused when the quote's opportunity is lost (accepting
    /// wins it, and a lost opportunity never reopens).
    pub fn accept_quote(
        &self,
        local: &mut LocalDb,
        id: &str,
        input: &QuoteSignatureInput,
    ) -> Result<RecordWritten> {
        let current = self.quote(id)?;
        Self::check_quote(&current, Some(QuoteStatus::Accepted), "status")?;
        if let Some(opportunity) = current.row.opportunity_id.as_deref() {
            let lost = crate::opportunities::one(self.reader, opportunity)?
                .is_some_and(|o| o.row.status() == OpportunityStatus::Lost);
            if lost {
                return Err(refused(QuoteRule::OpportunityLost));
            }
        }
        let name = input.signer_name.trim();
        if name.is_empty() {
            return Err(FieldError::rule(DomainError::Missing {
                field: "signer_name".into(),
            }));
        }
        let png = input.signature_png_base64.trim();
        let drawn = base64::engine::general_purpose::STANDARD
            .decode(png)
            .is_ok_and(|bytes| bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        if !drawn {
            return Err(FieldError::app_rule(AppRule::BadSignature {
                field: "signature".into(),
            }));
        }
        let extra = Fields::default()
            .value(
                "signature",
                json!({"media_type": "image/png", "data_base64": png}),
            )
            .value("signer_name", name)
            .value(
                "signed_at",
                self.author
                    .now
                    .with_timezone(&Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            );
        self.move_quote(local, id, QuoteStatus::Accepted, extra)
    }
}
