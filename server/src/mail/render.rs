//! The mails of the brief (« Notifications par mail »), word for word: their subjects
//! and bodies are sentences of [`crate::sentences`], said in French.

use serde_json::Value;
use tournee_core::Lang;
use tournee_store::Parameters;
use tournee_sync::Detail;

use tournee_store::{Refusal, RunFault};

use crate::sentences::{erp_fault, erp_refusal, refusal_detail, Sentence};

/// The mails' language: the reps and the accountant read French.
const MAILS: Lang = Lang::Fr;

/// A mail ready to be built into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    /// `From:`: the rep who entered the data, or the system sender.
    pub from: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Recipients in copy (a follow-up reminder's managers); empty for most mails.
    pub cc: Vec<String>,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Why a notification cannot be turned into a mail (yet). `Display` is the English line
/// kept in the mail queue's log (`mail_attempt`, `last_error`) and the server's log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// No recipient configured for this kind of mail (the admin must set one).
    #[error("no recipient configured in {0}")]
    NoRecipient(&'static str),
    /// The stored payload lacks a value.
    #[error("incomplete notification: {0} missing")]
    MissingValue(&'static str),
    /// A kind this version does not know.
    #[error("unknown notification kind: {0}")]
    UnknownKind(String),
}

fn text<'a>(payload: &'a Value, key: &'static str) -> Result<&'a str, RenderError> {
    payload
        .get(key)
        .and_then(Value::as_str)
        .ok_or(RenderError::MissingValue(key))
}

/// A refused file's detail: worded from its code and values (`why`), or, for a
/// notification queued before details had codes (or of a code this build does not know),
/// the sentence it was queued with.
fn integration_detail(payload: &Value) -> Result<String, RenderError> {
    let typed = payload
        .get("why")
        .and_then(|why| serde_json::from_value::<Detail>(why.clone()).ok());
    match typed {
        Some(detail) => Ok(refusal_detail(&detail, MAILS).say(MAILS)),
        None => text(payload, "detail").map(str::to_string),
    }
}

fn recipients(list: &[String], what: &'static str) -> Result<Vec<String>, RenderError> {
    if list.is_empty() {
        Err(RenderError::NoRecipient(what))
    } else {
        Ok(list.to_vec())
    }
}

/// A line saying the link opens only on the server itself, when the admin has not set the
/// back office's public address yet; empty otherwise.
fn local_link_note(params: &Parameters) -> String {
    if params.back_office_url_is_local() {
        Sentence::MailLocalLinkNote.say(MAILS, &[])
    } else {
        String::new()
    }
}

/// Renders a queued notification of `kind` with its JSON `payload`.
pub fn render(
    kind: &str,
    payload: &Value,
    params: &Parameters,
) -> Result<MailContent, RenderError> {
    match kind {
        "client_creation_request" => {
            let request_id = payload
                .get("request_id")
                .and_then(Value::as_i64)
                .ok_or(RenderError::MissingValue("request_id"))?;
            let base = params.back_office_url.trim_end_matches('/');
            Ok(MailContent {
                from: text(payload, "user_email")?.to_string(),
                to: recipients(&params.accountant_emails, "accountant_emails")?,
                cc: Vec::new(),
                subject: Sentence::MailCreationRequestSubject
                    .say(MAILS, &[("client", text(payload, "client_name")?)]),
                body: Sentence::MailCreationRequestBody.say(
                    MAILS,
                    &[
                        ("link", &format!("{base}/office/creations/{request_id}")),
                        ("note", &local_link_note(params)),
                    ],
                ),
            })
        }
        "client_created" => {
            let code = text(payload, "client_code")?;
            let name = text(payload, "client_name")?;
            Ok(MailContent {
                from: text(payload, "accountant_email")
                    .unwrap_or(&params.system_sender)
                    .to_string(),
                to: vec![text(payload, "user_email")?.to_string()],
                cc: Vec::new(),
                subject: Sentence::MailClientCreatedSubject
                    .say(MAILS, &[("code", code), ("name", name)]),
                body: Sentence::MailClientCreatedBody.say(MAILS, &[("code", code), ("name", name)]),
            })
        }
        "client_modification" => {
            let code = text(payload, "client_code")?;
            let name = text(payload, "client_name")?;
            let mut body = Sentence::MailModificationIntro.say(
                MAILS,
                &[
                    ("user", text(payload, "user_name")?),
                    ("code", code),
                    ("name", name),
                ],
            );
            for change in payload
                .get("changes")
                .and_then(Value::as_array)
                .ok_or(RenderError::MissingValue("changes"))?
            {
                let field = change.get("field").and_then(Value::as_str).unwrap_or("?");
                let label = params.field_profile.label(field, MAILS);
                let old = change.get("old").and_then(Value::as_str).unwrap_or("");
                let new = change.get("new").and_then(Value::as_str).unwrap_or("");
                body.push_str(
                    &Sentence::MailModificationChange
                        .say(MAILS, &[("label", &label), ("old", old), ("new", new)]),
                );
            }
            Ok(MailContent {
                from: text(payload, "user_email")?.to_string(),
                to: recipients(&params.accountant_emails, "accountant_emails")?,
                cc: Vec::new(),
                subject: Sentence::MailModificationSubject
                    .say(MAILS, &[("code", code), ("name", name)]),
                body,
            })
        }
        "integration_error" => {
            let file = text(payload, "file_name")?;
            Ok(MailContent {
                from: params.system_sender.clone(),
                to: recipients(&params.error_emails, "error_emails")?,
                cc: Vec::new(),
                subject: Sentence::MailIntegrationErrorSubject.say(MAILS, &[("file", file)]),
                body: Sentence::MailIntegrationErrorBody.say(
                    MAILS,
                    &[
                        ("file", file),
                        ("user", text(payload, "user")?),
                        ("reason", text(payload, "reason")?),
                        ("detail", &integration_detail(payload)?),
                    ],
                ),
            })
        }
        "job_failed" => {
            let job = text(payload, "job")?;
            Ok(MailContent {
                from: params.system_sender.clone(),
                to: recipients(&params.error_emails, "error_emails")?,
                cc: Vec::new(),
                subject: Sentence::MailJobFailedSubject.say(MAILS, &[("job", job)]),
                body: Sentence::MailJobFailedBody.say(
                    MAILS,
                    &[
                        ("job", job),
                        ("at", text(payload, "at")?),
                        ("detail", text(payload, "detail")?),
                    ],
                ),
            })
        }
        "erp_import_refused" => erp_import_mail(payload, params),
        tournee_store::FOLLOW_UP_KIND => follow_up_mail(payload, params),
        other => Err(RenderError::UnknownKind(other.to_string())),
    }
}

/// The addresses of a stored list (`to`, `cc`); a list absent is a payload fault.
fn addresses(payload: &Value, key: &'static str) -> Result<Vec<String>, RenderError> {
    payload
        .get(key)
        .and_then(Value::as_array)
        .ok_or(RenderError::MissingValue(key))?
        .iter()
        .map(|a| {
            a.as_str()
                .map(str::to_string)
                .ok_or(RenderError::MissingValue(key))
        })
        .collect()
}

/// A follow-up reminder (issue 15): to the record's owner, their team leaders in copy, as
/// the store resolved them when it queued the reminder; to the error addresses when nobody
/// could receive it, so that it is never dropped.
fn follow_up_mail(payload: &Value, params: &Parameters) -> Result<MailContent, RenderError> {
    let name = text(payload, "record_name")?;
    let days = payload
        .get("days")
        .and_then(Value::as_u64)
        .ok_or(RenderError::MissingValue("days"))?
        .to_string();
    let (subject, intro) = match text(payload, "rule")? {
        "opportunity_open" => (
            Sentence::MailFollowUpOpportunitySubject,
            Sentence::MailFollowUpOpportunityBody,
        ),
        "lead_open" => (
            Sentence::MailFollowUpLeadSubject,
            Sentence::MailFollowUpLeadBody,
        ),
        other => return Err(RenderError::UnknownKind(format!("follow-up rule {other}"))),
    };
    let (mut to, mut cc) = (addresses(payload, "to")?, addresses(payload, "cc")?);
    if to.is_empty() {
        to = recipients(&params.error_emails, "error_emails")?;
        cc.clear();
    }
    let created = text(payload, "created_at")?;
    let created_day = created.get(..10).unwrap_or(created);
    let base = params.back_office_url.trim_end_matches('/');
    Ok(MailContent {
        from: params.system_sender.clone(),
        to,
        cc,
        subject: subject.say(MAILS, &[("name", name), ("days", &days)]),
        body: intro.say(
            MAILS,
            &[
                ("name", name),
                ("days", &days),
                ("created", created_day),
                ("owner", text(payload, "owner_name")?),
                ("link", &format!("{base}/app/")),
            ],
        ),
    })
}

/// The ERP import's report when a file or rows were refused, to the error addresses.
fn erp_import_mail(payload: &Value, params: &Parameters) -> Result<MailContent, RenderError> {
    let (at, folder) = (text(payload, "at")?, text(payload, "folder")?);
    let fault = payload
        .get("fault")
        .filter(|f| !f.is_null())
        .map(|f| serde_json::from_value::<RunFault>(f.clone()))
        .transpose()
        .map_err(|_| RenderError::MissingValue("fault"))?;
    let body = match fault {
        Some(fault) => Sentence::MailErpFileRefusedBody.say(
            MAILS,
            &[
                ("at", at),
                ("folder", folder),
                ("fault", &erp_fault(MAILS, &fault)),
            ],
        ),
        None => {
            let refusals: Vec<Refusal> = payload
                .get("refusals")
                .map(|r| serde_json::from_value(r.clone()))
                .transpose()
                .map_err(|_| RenderError::MissingValue("refusals"))?
                .ok_or(RenderError::MissingValue("refusals"))?;
            let count = payload
                .get("refused")
                .and_then(Value::as_u64)
                .ok_or(RenderError::MissingValue("refused"))?;
            let mut lines: String = refusals
                .iter()
                .map(|r| format!(" - {}\n", erp_refusal(MAILS, r)))
                .collect();
            if count > refusals.len() as u64 {
                lines.push_str(" - …\n");
            }
            Sentence::MailErpRowsRefusedBody.say(
                MAILS,
                &[
                    ("at", at),
                    ("folder", folder),
                    ("count", &count.to_string()),
                    ("lines", &lines),
                ],
            )
        }
    };
    Ok(MailContent {
        from: params.system_sender.clone(),
        to: recipients(&params.error_emails, "error_emails")?,
        cc: Vec::new(),
        subject: Sentence::MailErpSubject.say(MAILS, &[]),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_creation_request_goes_to_the_accountant_from_the_rep_with_a_link() {
        let params = Parameters {
            back_office_url: "https://crm.pneus-tournee.fr/".into(),
            ..Parameters::default()
        };
        let mail = render(
            "client_creation_request",
            &json!({"request_id": 7, "client_name": "Transports Fabre", "user_email": "jean.dupont@pneus-tournee.fr"}),
            &params,
        )
        .unwrap();
        assert_eq!(mail.from, "jean.dupont@pneus-tournee.fr");
        assert_eq!(mail.to, params.accountant_emails);
        assert_eq!(mail.subject, "[Création Client] Transports Fabre");
        assert_eq!(
            mail.body,
            "Un nouveau client est en attente de validation, accédez à sa fiche en cliquant sur le lien suivant : https://crm.pneus-tournee.fr/office/creations/7\n"
        );
    }

    #[test]
    fn a_link_that_opens_only_on_the_server_says_so() {
        let mail = render(
            "client_creation_request",
            &json!({"request_id": 7, "client_name": "Transports Fabre", "user_email": "jean.dupont@pneus-tournee.fr"}),
            &Parameters::default(),
        )
        .unwrap();
        assert!(
            mail.body
                .contains("http://localhost:8080/office/creations/7\n"),
            "{}",
            mail.body
        );
        assert!(
            mail.body.contains("ce lien ne s'ouvre que sur le serveur"),
            "{}",
            mail.body
        );
    }

    #[test]
    fn a_modification_lists_each_field_by_its_label() {
        let mail = render(
            "client_modification",
            &json!({"client_code": "C000101", "client_name": "Transports Morel", "user_name": "Jean Dupont",
                    "user_email": "jd@x.fr", "changes": [{"field": "tel_1", "old": "04 78 12 34 56", "new": "04 78 12 34 57"}]}),
            &Parameters::default(),
        )
        .unwrap();
        assert_eq!(
            mail.subject,
            "[Modification Client] C000101 Transports Morel"
        );
        assert_eq!(
            mail.body,
            "Jean Dupont a demandé la modification du client C000101 Transports Morel, il rapporte les changements suivants :\n - Champ téléphone : « 04 78 12 34 56 » remplacé par « 04 78 12 34 57 »\n"
        );
    }

    #[test]
    fn the_validation_mail_goes_back_to_the_rep() {
        let mail = render(
            "client_created",
            &json!({"client_code": "C050001", "client_name": "Transports Fabre", "user_email": "jd@x.fr"}),
            &Parameters::default(),
        )
        .unwrap();
        assert_eq!(mail.to, ["jd@x.fr"]);
        assert_eq!(mail.subject, "[Création Client] C050001 Transports Fabre");
        assert!(mail.body.starts_with(
            "Le client C050001 Transports Fabre vient d'être validé et créé dans winpro."
        ));
    }

    #[test]
    fn a_refused_file_is_told_from_its_detail_code_or_from_an_older_sentence() {
        let params = Parameters {
            error_emails: vec!["it@x.fr".into()],
            ..Parameters::default()
        };
        let typed = json!({"file_name": "x.json", "user": "u", "reason": "oversized",
            "detail": "oversized: max=2, size=3", "why": {"code": "oversized", "size": 3, "max": 2}});
        let mail = render("integration_error", &typed, &params).unwrap();
        assert!(
            mail.body.contains("Détail : 3 octets, maximum 2\n"),
            "{}",
            mail.body
        );
        let older = json!({"file_name": "x.json", "user": "u", "reason": "bad_json",
            "detail": "JSON illisible : EOF"});
        let mail = render("integration_error", &older, &params).unwrap();
        assert!(
            mail.body.contains("Détail : JSON illisible : EOF\n"),
            "{}",
            mail.body
        );
    }

    #[test]
    fn missing_recipients_and_values_are_reported() {
        let params = Parameters {
            error_emails: Vec::new(),
            ..Parameters::default()
        };
        let payload =
            json!({"file_name": "x.json", "user": "u", "reason": "bad_json", "detail": "d"});
        assert_eq!(
            render("integration_error", &payload, &params),
            Err(RenderError::NoRecipient("error_emails"))
        );
        assert_eq!(
            render(
                "client_creation_request",
                &json!({}),
                &Parameters::default()
            ),
            Err(RenderError::MissingValue("request_id"))
        );
        assert!(matches!(
            render("fax", &payload, &params),
            Err(RenderError::UnknownKind(_))
        ));
    }
}
