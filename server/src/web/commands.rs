//! The field app's commands a browser may call, by the names the window invokes: each
//! one reads its JSON arguments (the window's camelCase names, as Tauri passes them),
//! calls the [`FieldApp`] method of the same name, and answers its result as JSON. A
//! name not listed here (the laptop's folders, sync, updates and files) is not offered.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tournee_core::Lang;
use tournee_field::dto::{
    ActionInput, CalendarQuery, CallInput, CampaignInput, CloseInput, ContactQuery,
    ConversionInput, ConversionToOpportunity, FleetInput, LeadCardInput, MeetingInput,
    ModificationInput, OpportunityEdit, OpportunityInput, PartyInput, PersonInput, ProspectInput,
    ProspectUpdateInput, ProspectVisitInput, QuoteEdit, QuoteInput, QuoteLineDto,
    QuoteSignatureInput, ReplyInput, ReportQuery, RevisitInput, SegmentInput, StatsQuery,
    TodoInput, VisitInput,
};
use tournee_field::{Document, FieldApp, FieldError};

/// Whether a command only reads, or writes a change the automaton integrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reads the user's snapshot (or the user's own drafts and language).
    Read,
    /// Writes a change file into the user's inbox folder: answered once integrated.
    Write,
}

/// What a command failed on: its arguments, or the app's own refusal.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The arguments are not the command's (a missing or mistyped field).
    #[error("arguments: {0}")]
    Arguments(#[from] serde_json::Error),
    /// The field app refused (a rule, the policy, an unknown record…).
    #[error(transparent)]
    Field(#[from] FieldError),
}

/// The kind of the command `name`, if a browser may call it.
pub fn kind_of(name: &str) -> Option<Kind> {
    COMMANDS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, kind)| *kind)
}

/// Every command offered online, with its kind.
pub const COMMANDS: &[(&str, Kind)] = &[
    ("app_status", Kind::Read),
    ("set_lang", Kind::Read),
    ("refresh_snapshot", Kind::Read),
    ("form_config", Kind::Read),
    ("home_revisit", Kind::Read),
    ("home_last_visit", Kind::Read),
    ("home_notices", Kind::Read),
    ("dismiss_notice", Kind::Read),
    ("search_clients", Kind::Read),
    ("client_card", Kind::Read),
    ("visit_history", Kind::Read),
    ("draft_save", Kind::Read),
    ("draft_load", Kind::Read),
    ("draft_discard", Kind::Read),
    ("search_prospects", Kind::Read),
    ("prospect_card", Kind::Read),
    ("prospect_history", Kind::Read),
    ("find_duplicates", Kind::Read),
    ("conversion_config", Kind::Read),
    ("check_conversion", Kind::Read),
    ("list_reps", Kind::Read),
    ("stats", Kind::Read),
    ("calendar", Kind::Read),
    ("action_types", Kind::Read),
    ("contacts", Kind::Read),
    ("contact_page", Kind::Read),
    ("check_party", Kind::Read),
    ("open_reminders", Kind::Read),
    ("dashboard", Kind::Read),
    ("pool_leads", Kind::Read),
    ("take_notices", Kind::Read),
    ("grants", Kind::Read),
    ("opportunity_board", Kind::Read),
    ("campaigns", Kind::Read),
    ("campaign_page", Kind::Read),
    ("upcoming_meetings", Kind::Read),
    ("recent_activity", Kind::Read),
    ("colleagues", Kind::Read),
    ("opportunity", Kind::Read),
    ("party_opportunities", Kind::Read),
    ("opportunity_figures", Kind::Read),
    ("sales_reports", Kind::Read),
    ("quote_catalogue", Kind::Read),
    ("opportunity_quotes", Kind::Read),
    ("quote", Kind::Read),
    ("quote_totals", Kind::Read),
    ("segments", Kind::Read),
    ("segment_parties", Kind::Read),
    ("record_visit", Kind::Write),
    ("set_revisit", Kind::Write),
    ("set_fleet", Kind::Write),
    ("request_modification", Kind::Write),
    ("create_prospect", Kind::Write),
    ("update_prospect", Kind::Write),
    ("delete_prospect", Kind::Write),
    ("record_prospect_visit", Kind::Write),
    ("convert_prospect", Kind::Write),
    ("create_party", Kind::Write),
    ("update_party", Kind::Write),
    ("delete_party", Kind::Write),
    ("take_lead", Kind::Write),
    ("release_lead", Kind::Write),
    ("add_person", Kind::Write),
    ("update_person", Kind::Write),
    ("delete_person", Kind::Write),
    ("log_action", Kind::Write),
    ("add_reply", Kind::Write),
    ("create_todo", Kind::Write),
    ("complete_todo", Kind::Write),
    ("update_todo", Kind::Write),
    ("delete_todo", Kind::Write),
    ("create_opportunity", Kind::Write),
    ("create_campaign", Kind::Write),
    ("add_lead_card", Kind::Write),
    ("log_call", Kind::Write),
    ("plan_meeting", Kind::Write),
    ("convert_to_opportunity", Kind::Write),
    ("move_opportunity", Kind::Write),
    ("close_opportunity", Kind::Write),
    ("update_opportunity", Kind::Write),
    ("create_quote", Kind::Write),
    ("update_quote", Kind::Write),
    ("send_quote", Kind::Write),
    ("accept_quote", Kind::Write),
    ("refuse_quote", Kind::Write),
    ("create_segment", Kind::Write),
    ("update_segment", Kind::Write),
    ("delete_segment", Kind::Write),
    ("add_to_segment", Kind::Write),
    ("remove_from_segment", Kind::Write),
    ("assign_segment", Kind::Write),
];

/// `{ lines }`: the quote editor's lines, for its live totals.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lines {
    lines: Vec<QuoteLineDto>,
}

/// `{ input }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input<T> {
    input: T,
}

/// `{ input, allowDuplicates }`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InputAllowing<T> {
    input: T,
    allow_duplicates: bool,
}

/// `{ id, input }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdInput<T> {
    id: String,
    input: T,
}

/// `{ query }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Query<T> {
    query: T,
}

/// One string argument under its window name.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct One {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    prospect_id: Option<String>,
    #[serde(default)]
    party_id: Option<String>,
    #[serde(default)]
    change_id: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    include_lit: Option<bool>,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    pipeline: Option<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    opportunity_id: Option<String>,
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    owner: Option<String>,
}

impl One {
    fn text(value: Option<String>, name: &str) -> Result<String, CallError> {
        value.ok_or_else(|| {
            CallError::Arguments(serde::de::Error::custom(format!("missing field `{name}`")))
        })
    }
}

fn args<T: DeserializeOwned>(value: Value) -> Result<T, CallError> {
    Ok(serde_json::from_value(value)?)
}

fn json<T: Serialize>(result: Result<T, FieldError>) -> Result<Value, CallError> {
    let value = result?;
    Ok(serde_json::to_value(value)?)
}

/// The laptop's commands that write a file for the rep, offered to a browser as a
/// download of the same document (`POST /app/download/<name>`, same arguments).
pub const DOWNLOADS: &[&str] = &[
    "print_stats",
    "export_calendar",
    "export_contacts",
    "print_quote",
    "export_segment",
    "print_reports",
];

/// The document the laptop's command `name` (one of [`DOWNLOADS`]) would write, made by
/// the same maker.
pub fn document(app: &FieldApp, name: &str, arguments: Value) -> Result<Document, CallError> {
    let arguments = match arguments {
        Value::Null => Value::Object(serde_json::Map::new()),
        other => other,
    };
    Ok(match name {
        "print_stats" => app.stats_document(&args::<Query<StatsQuery>>(arguments)?.query)?,
        "export_calendar" => {
            app.calendar_document(&args::<Query<CalendarQuery>>(arguments)?.query)?
        }
        "export_contacts" => app.contacts_document()?,
        "print_quote" => app.quote_document(&One::text(args::<One>(arguments)?.id, "id")?)?,
        "export_segment" => app.segment_document(&One::text(args::<One>(arguments)?.id, "id")?)?,
        "print_reports" => app.reports_document(&args::<Query<ReportQuery>>(arguments)?.query)?,
        other => {
            return Err(CallError::Arguments(serde::de::Error::custom(format!(
                "unknown download `{other}`"
            ))))
        }
    })
}

/// Calls the command `name` (one of [`COMMANDS`]) on `app` with `arguments`.
pub fn call(app: &mut FieldApp, name: &str, arguments: Value) -> Result<Value, CallError> {
    // Commands without arguments accept an absent or empty object.
    let arguments = match arguments {
        Value::Null => Value::Object(serde_json::Map::new()),
        other => other,
    };
    let one = || args::<One>(arguments.clone());
    match name {
        "app_status" => json(app.status()),
        "set_lang" => {
            let lang = one()?.lang.ok_or_else(|| {
                CallError::Arguments(serde::de::Error::custom("missing field `lang`"))
            })?;
            json(app.set_lang(lang))
        }
        "refresh_snapshot" => json(app.refresh_snapshot()),
        "form_config" => json(app.form_config()),
        "home_revisit" => json(app.home_revisit()),
        "home_last_visit" => json(app.home_last_visit()),
        "home_notices" => json(app.home_notices()),
        "dismiss_notice" => json(app.dismiss_notice(&One::text(one()?.change_id, "changeId")?)),
        "search_clients" => json(app.search_clients(&One::text(one()?.query, "query")?)),
        "client_card" => json(app.client_card(&One::text(one()?.code, "code")?)),
        "visit_history" => {
            let one = one()?;
            let include_lit = one.include_lit.unwrap_or(false);
            json(app.visit_history(&One::text(one.code, "code")?, include_lit))
        }
        "draft_save" => {
            let one = one()?;
            json(app.draft_save(&One::text(one.key, "key")?, &One::text(one.value, "value")?))
        }
        "draft_load" => json(app.draft_load(&One::text(one()?.key, "key")?)),
        "draft_discard" => json(app.draft_discard(&One::text(one()?.key, "key")?)),
        "search_prospects" => json(app.search_prospects(&One::text(one()?.query, "query")?)),
        "prospect_card" => json(app.prospect_card(&One::text(one()?.prospect_id, "prospectId")?)),
        "prospect_history" => {
            json(app.prospect_history(&One::text(one()?.prospect_id, "prospectId")?))
        }
        "find_duplicates" => json(app.find_duplicates(&One::text(one()?.phone, "phone")?)),
        "conversion_config" => json(app.conversion_config()),
        "check_conversion" => {
            json(app.check_conversion(&args::<Input<ConversionInput>>(arguments)?.input))
        }
        "list_reps" => json(app.list_reps()),
        "stats" => json(app.stats(&args::<Query<StatsQuery>>(arguments)?.query)),
        "calendar" => json(app.calendar(&args::<Query<CalendarQuery>>(arguments)?.query)),
        "action_types" => json(app.action_types()),
        "contacts" => json(app.contacts(&args::<Query<ContactQuery>>(arguments)?.query)),
        "contact_page" => json(app.contact_page(&One::text(one()?.id, "id")?)),
        "check_party" => json(app.check_party(&args::<Input<PartyInput>>(arguments)?.input)),
        "open_reminders" => json(app.open_reminders(&One::text(one()?.party_id, "partyId")?)),
        "dashboard" => json(app.dashboard()),
        "pool_leads" => json(app.pool_leads()),
        "take_notices" => json(app.take_notices()),
        "grants" => json(app.grants()),
        "opportunity_board" => json(app.opportunity_board(one()?.pipeline.as_deref())),
        "opportunity" => json(app.opportunity(&One::text(one()?.id, "id")?)),
        "party_opportunities" => {
            json(app.party_opportunities(&One::text(one()?.party_id, "partyId")?))
        }
        "opportunity_figures" => json(app.opportunity_figures()),
        "sales_reports" => json(app.sales_reports(&args::<Query<ReportQuery>>(arguments)?.query)),
        "quote_catalogue" => json(app.quote_catalogue()),
        "opportunity_quotes" => {
            json(app.opportunity_quotes(&One::text(one()?.opportunity_id, "opportunityId")?))
        }
        "quote" => json(app.quote(&One::text(one()?.id, "id")?)),
        "quote_totals" => json(app.quote_totals(&args::<Lines>(arguments)?.lines)),
        "record_visit" => json(app.record_visit(&args::<Input<VisitInput>>(arguments)?.input)),
        "set_revisit" => json(app.set_revisit(&args::<Input<RevisitInput>>(arguments)?.input)),
        "set_fleet" => json(app.set_fleet(&args::<Input<FleetInput>>(arguments)?.input)),
        "request_modification" => {
            json(app.request_modification(&args::<Input<ModificationInput>>(arguments)?.input))
        }
        "create_prospect" => {
            json(app.create_prospect(&args::<Input<ProspectInput>>(arguments)?.input))
        }
        "update_prospect" => {
            json(app.update_prospect(&args::<Input<ProspectUpdateInput>>(arguments)?.input))
        }
        "delete_prospect" => {
            json(app.delete_prospect(&One::text(one()?.prospect_id, "prospectId")?))
        }
        "record_prospect_visit" => {
            json(app.record_prospect_visit(&args::<Input<ProspectVisitInput>>(arguments)?.input))
        }
        "convert_prospect" => {
            json(app.convert_prospect(&args::<Input<ConversionInput>>(arguments)?.input))
        }
        "create_party" => {
            let a = args::<InputAllowing<PartyInput>>(arguments)?;
            json(app.create_party(&a.input, a.allow_duplicates))
        }
        "update_party" => {
            let a = args::<IdInput<PartyInput>>(arguments)?;
            json(app.update_party(&a.id, &a.input))
        }
        "delete_party" => json(app.delete_party(&One::text(one()?.id, "id")?)),
        "take_lead" => json(app.take_lead(&One::text(one()?.id, "id")?)),
        "release_lead" => json(app.release_lead(&One::text(one()?.id, "id")?)),
        "add_person" => {
            let a = args::<InputAllowing<PersonInput>>(arguments)?;
            json(app.add_person(&a.input, a.allow_duplicates))
        }
        "update_person" => {
            let a = args::<IdInput<PersonInput>>(arguments)?;
            json(app.update_person(&a.id, &a.input))
        }
        "delete_person" => json(app.delete_person(&One::text(one()?.id, "id")?)),
        "log_action" => json(app.log_action(&args::<Input<ActionInput>>(arguments)?.input)),
        "add_reply" => json(app.add_reply(&args::<Input<ReplyInput>>(arguments)?.input)),
        "create_todo" => json(app.create_todo(&args::<Input<TodoInput>>(arguments)?.input)),
        "complete_todo" => {
            let one = one()?;
            json(app.complete_todo(&One::text(one.id, "id")?, &One::text(one.date, "date")?))
        }
        "update_todo" => {
            let a = args::<IdInput<TodoInput>>(arguments)?;
            json(app.update_todo(&a.id, &a.input))
        }
        "delete_todo" => json(app.delete_todo(&One::text(one()?.id, "id")?)),
        "create_opportunity" => {
            json(app.create_opportunity(&args::<Input<OpportunityInput>>(arguments)?.input))
        }
        "convert_to_opportunity" => json(
            app.convert_to_opportunity(&args::<Input<ConversionToOpportunity>>(arguments)?.input),
        ),
        "move_opportunity" => {
            let one = one()?;
            json(app.move_opportunity(&One::text(one.id, "id")?, &One::text(one.stage, "stage")?))
        }
        "close_opportunity" => {
            let a = args::<IdInput<CloseInput>>(arguments)?;
            json(app.close_opportunity(&a.id, &a.input))
        }
        "update_opportunity" => {
            let a = args::<IdInput<OpportunityEdit>>(arguments)?;
            json(app.update_opportunity(&a.id, &a.input))
        }
        "campaigns" => json(app.campaigns()),
        "campaign_page" => json(app.campaign_page(&One::text(one()?.id, "id")?)),
        "upcoming_meetings" => json(app.upcoming_meetings()),
        "recent_activity" => {
            let one = one()?;
            json(app.recent_activity(&One::text(one.party_id, "partyId")?, one.days))
        }
        "colleagues" => json(app.colleagues()),
        "create_campaign" => {
            json(app.create_campaign(&args::<Input<CampaignInput>>(arguments)?.input))
        }
        "add_lead_card" => json(app.add_lead_card(&args::<Input<LeadCardInput>>(arguments)?.input)),
        "log_call" => json(app.log_call(&args::<Input<CallInput>>(arguments)?.input)),
        "plan_meeting" => json(app.plan_meeting(&args::<Input<MeetingInput>>(arguments)?.input)),
        "create_quote" => json(app.create_quote(&args::<Input<QuoteInput>>(arguments)?.input)),
        "update_quote" => {
            let a = args::<IdInput<QuoteEdit>>(arguments)?;
            json(app.update_quote(&a.id, &a.input))
        }
        "send_quote" => json(app.send_quote(&One::text(one()?.id, "id")?)),
        "accept_quote" => {
            let a = args::<IdInput<QuoteSignatureInput>>(arguments)?;
            json(app.accept_quote(&a.id, &a.input))
        }
        "refuse_quote" => json(app.refuse_quote(&One::text(one()?.id, "id")?)),
        "segments" => json(app.segments()),
        "segment_parties" => json(app.segment_parties(&One::text(one()?.id, "id")?)),
        "create_segment" => {
            json(app.create_segment(&args::<Input<SegmentInput>>(arguments)?.input))
        }
        "update_segment" => {
            let a = args::<IdInput<SegmentInput>>(arguments)?;
            json(app.update_segment(&a.id, &a.input))
        }
        "delete_segment" => json(app.delete_segment(&One::text(one()?.id, "id")?)),
        "add_to_segment" => {
            let one = one()?;
            json(app.add_to_segment(
                &One::text(one.id, "id")?,
                &One::text(one.party_id, "partyId")?,
            ))
        }
        "remove_from_segment" => {
            let one = one()?;
            let (id, party) = (
                One::text(one.id, "id")?,
                One::text(one.party_id, "partyId")?,
            );
            json(app.remove_from_segment(&id, &party))
        }
        "assign_segment" => {
            let one = one()?;
            json(app.assign_segment(&One::text(one.id, "id")?, &One::text(one.owner, "owner")?))
        }
        // `kind_of` is asked first: only the names above reach here.
        other => Err(CallError::Arguments(serde::de::Error::custom(format!(
            "unknown command `{other}`"
        )))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laptop_only_commands_are_not_offered_and_every_offered_one_is_dispatched() {
        for laptop_only in [
            "setup_save",
            "change_folders",
            "pick_folder",
            "link_enroll",
            "update_install",
            "export_contacts",
            "open_export",
            "print_stats",
            "print_quote",
            "export_segment",
            "print_reports",
        ] {
            assert_eq!(kind_of(laptop_only), None, "{laptop_only}");
        }
        assert_eq!(kind_of("log_action"), Some(Kind::Write));
        assert_eq!(kind_of("contacts"), Some(Kind::Read));
        let mut names: Vec<&str> = COMMANDS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len(), "no command listed twice");
    }
}
