//! The shapes that cross the window boundary: what each command takes and returns.
//!
//! The front end's TypeScript types are generated from these (`ui/src/lib/bindings/`,
//! checked by the `bindings_are_current` test), so a field renamed here is a type error
//! in the UI, never a silent `undefined`. Dates travel as ISO strings (`YYYY-MM-DD`),
//! instants as RFC 3339, money as integer cents.
//!
//! One file per feature, named like the field crate's module that fills its types (`card`
//! for the client card, `prospects` for the « Prospect » tab…), so a screen's shapes are
//! found where its work is named. The files are private and every type is re-exported
//! here by name: each type has one path, `dto::ClientCard`, as its TypeScript twin has one
//! file, `bindings/ClientCard.ts`, and this list is the whole boundary at a glance.

mod calendar;
mod card;
mod changes;
mod error;
mod exports;
// What the policy lets the user read and write (issue 15).
mod grants;
mod home;
mod link;
// Campaigns, meetings, recent activity (issue 15).
mod meetings;
mod modification_requests;
// Opportunities: the board, the page, the figures (issue 15).
mod opportunities;
mod prospects;
// Quotes: the editor, the totals, the signature (issue 15).
mod quotes;
mod records;
// The sales reports over the snapshot (issue 15).
mod reports;
mod search;
// Segments: saved lists and criteria (issue 15).
mod segments;
mod settings;
mod snapshot;
mod stats;
// Refused takes of pool leads on the home screen (issue 15).
mod take_notices;
mod update;

pub use calendar::{CalendarEvent, CalendarQuery, CalendarView};
pub use card::{AnswerLine, ClientCard, ContactLine, FieldLine, FleetLine, VisitRow};
pub use changes::{
    FleetCount, FleetInput, FormConfig, PendingChange, PendingKind, PendingSubject, RevisitInput,
    VisitInput, WrittenChange,
};
pub use error::{CommandError, ErrorCode, Problem, ReasonCode, Refusal, RefusalCode, Values};
pub use exports::ExportedFile;
pub use grants::{EntityGrant, UserGrants};
pub use home::HomeRow;
pub use link::{EnrollInput, FirstRunProgress, LinkStatus, RefusedFile};
pub use meetings::{
    ActivityKind, ActivityLine, CallInput, CampaignInput, CampaignLead, CampaignLine, CampaignPage,
    LeadCardInput, MeetingInput, MeetingLine, MEETING_DURATIONS,
};
pub use modification_requests::{
    DeclinedNotice, EditableField, ModificationInput, ModificationRequestLine, RequestStatus,
    RequestedChange, RequestedFieldLine,
};
pub use opportunities::{
    BoardColumn, CloseInput, ConversionToOpportunity, ForecastMonth, OpportunityBoard,
    OpportunityCard, OpportunityEdit, OpportunityFigures, OpportunityInput, OpportunityView,
    PipelineChoice, TimeToCloseLine,
};
pub use prospects::{
    ConversionConfig, ConversionField, ConversionInput, DuplicateHit, FieldChoices, ProspectCard,
    ProspectCreated, ProspectHit, ProspectInput, ProspectStatus, ProspectUpdateInput,
    ProspectVisitInput,
};
pub use quotes::{
    CatalogueChoice, QuoteEdit, QuoteInput, QuoteLineDto, QuoteSignatureInput, QuoteTotalsView,
    QuoteView, VatLine,
};
pub use records::{
    ActionInput, ActionOutcome, ContactHit, ContactPage, ContactQuery, Dashboard, DashboardFigures,
    DuplicateMatchView, PartyInput, PartyKindDto, PartyStatus, PartyView, PersonInput, PersonView,
    PoolView, RecordWritten, ReminderDecision, ReplyInput, ScorePartView, ScoreView, StatusCount,
    TimelineEntry, TimelineKind, TodoInput, TodoView,
};
pub use reports::{
    ReportCampaign, ReportCloseTime, ReportFunnel, ReportQuery, ReportSalesLine, SalesReports,
};
pub use search::{ClientHit, SearchResult};
pub use segments::{AssignmentResult, SegmentInput, SegmentLine, SegmentParties, SegmentParty};
pub use settings::{AppStatus, SetupInput, SetupPreview};
pub use snapshot::{Freshness, RefreshOutcome, UserIdentity};
pub use stats::{RepChoice, Series, Stats, StatsQuery};
pub use take_notices::TakeNotice;
pub use update::UpdateStatus;
