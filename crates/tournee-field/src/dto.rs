//! The shapes that cross the window boundary: what each command takes and returns.
//!
//! The front end's TypeScript types are generated from these (`ui/src/lib/bindings/`,
//! checked by the `bindings_are_current` test), so a field renamed here is a type error
//! in the UI, never a silent `undefined`. Dates travel as ISO strings (`YYYY-MM-DD`),
//! instants as RFC 3339, money as integer cents.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tournee_core::fleet::FleetType;
use tournee_core::visit_form::{Answer, VisitForm};
use tournee_core::Lang;
use ts_rs::TS;

use crate::relation_kind::RelationKind;

/// One field that failed a rule, with the message in the rep's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// ERP column, form group id or pseudo field (`visit_date`, `snapshot_dir`…).
    pub field: String,
    /// The sentence shown next to the field.
    pub message: String,
}

/// What every command returns on failure: a stable code for the code, a sentence for
/// the rep, and the field(s) to point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommandError {
    /// Stable code (`visit_date_in_future`, `disk_full`, `not_configured`…).
    pub code: String,
    /// The first field concerned, if any.
    pub field: Option<String>,
    /// The whole message in the rep's language.
    pub message: String,
    /// Every field concerned, each with its own message.
    pub problems: Vec<Problem>,
}

/// Who the rep is, from the snapshot's user table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserIdentity {
    /// OS login, as in change file names.
    pub windows_user: String,
    /// ERP user code (`c_user`).
    pub erp_code: String,
    /// Name shown in the header.
    pub display_name: String,
    /// Admins see every rep's statistics and calendar.
    pub is_admin: bool,
}

/// How recent the offline data is: drives the green/red bar on every screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Freshness {
    /// Generation in use.
    pub generation: String,
    /// When the server made it (RFC 3339).
    pub generated_at: String,
    /// The server's expiry setting.
    pub expiry_hours: u32,
    /// Older than the expiry: the bar turns red.
    pub stale: bool,
    /// Whole hours since the server made it, on the laptop's clock (why the bar is red).
    pub age_hours: u32,
    /// A newer snapshot has arrived since it was opened: « actualiser » switches to it.
    pub newer_available: bool,
}

/// The app's state as the header and the first-run screen need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppStatus {
    /// False on first run: the set-up screen is shown.
    pub configured: bool,
    /// The OS login, suggested as identity.
    pub os_user: String,
    /// The rep, once configured.
    pub user: Option<UserIdentity>,
    /// Synced folder the snapshots arrive in.
    pub snapshot_dir: Option<String>,
    /// Synced folder the change files leave from.
    pub outbox_dir: Option<String>,
    /// Offline data in use.
    pub freshness: Option<Freshness>,
    /// Language of the labels and messages.
    pub lang: Lang,
    /// The laptop's local date.
    pub today: String,
    /// Changes written and not yet seen integrated.
    pub pending_changes: u32,
    /// Why the offline data could not be opened, when it could not (set-up screen).
    pub problem: Option<String>,
}

/// What « actualiser » did: whether a newer snapshot was switched to, and the state after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RefreshOutcome {
    /// A newer snapshot had arrived and is now in use; false: nothing newer was there.
    pub switched: bool,
    /// The app's state after (the bar's colour follows its freshness).
    pub status: AppStatus,
}

/// What the set-up screen learns from the folders the rep picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetupPreview {
    /// The user the snapshot folder belongs to (its manifest).
    pub manifest_user: String,
    /// The user table of that snapshot.
    pub users: Vec<UserIdentity>,
    /// The OS login when it is in the table, else the manifest's user.
    pub suggested_user: Option<String>,
}

/// The first-run choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetupInput {
    /// OS login chosen.
    pub user: String,
    /// Snapshot folder.
    pub snapshot_dir: String,
    /// Outbox folder.
    pub outbox_dir: String,
}

/// A row of the home screen's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HomeRow {
    /// Client code.
    pub c_client: String,
    /// Client name.
    pub nom_client: String,
    /// Agency code.
    pub c_agence: Option<String>,
    /// Revisit date, the pending one when the rep changed it.
    pub date_revoir: Option<String>,
    /// Days from today to the revisit date (negative: overdue).
    pub revisit_in_days: Option<i32>,
    /// Last visit day, a pending visit included.
    pub last_visit: Option<String>,
    /// Days since the last visit.
    pub days_since_visit: Option<i32>,
    /// The revisit date is the rep's, not yet integrated.
    pub revisit_pending: bool,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientHit {
    /// Client code.
    pub c_client: String,
    /// Client name.
    pub nom_client: String,
    /// Town.
    pub ville_fac: Option<String>,
    /// Postal code.
    pub bur_dis_fac: Option<String>,
    /// Agency.
    pub c_agence: Option<String>,
    /// In the rep's own portfolio (listed first).
    pub in_portfolio: bool,
}

/// Search results, capped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchResult {
    /// Matches, own portfolio first, then by name.
    pub hits: Vec<ClientHit>,
    /// More matched than were returned: the rep should type more.
    pub truncated: bool,
}

/// A labelled value of the client's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldLine {
    /// ERP column.
    pub field: String,
    /// Label in the rep's language.
    pub label: String,
    /// Value as stored.
    pub value: String,
}

/// A person to reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactLine {
    /// Full name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Phone (a `tel:` link in the UI).
    pub phone: String,
    /// E-mail (a `mailto:` link).
    pub email: String,
}

/// Vehicles of one fleet type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FleetLine {
    /// Fleet type code.
    pub code: String,
    /// Its label.
    pub label: String,
    /// Vehicles.
    pub count: u32,
}

/// One answered question of a visit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerLine {
    /// The question's label.
    pub question: String,
    /// Labels of the chosen options.
    pub choices: Vec<String>,
}

/// A visit (or other relation) in a history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VisitRow {
    /// Stable key for lists (`r<id>` from the snapshot, the change id when pending).
    pub key: String,
    /// Day.
    pub date: String,
    /// Time `HH:MM`.
    pub time: String,
    /// `origine_relation` (CRV, LIT…).
    pub origine: String,
    /// Subject.
    pub objet: String,
    /// Comment.
    pub commentaire: String,
    /// ERP user code of the author.
    pub c_user: String,
    /// Written on this laptop and not yet integrated.
    pub pending: bool,
    /// Visit form answers, labelled.
    pub answers: Vec<AnswerLine>,
    /// A visit, or the note of a modification request (never counted as a visit).
    pub kind: RelationKind,
}

/// What a pending change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    /// « Visite ce jour ».
    Visit,
    /// « Date de revoir ».
    Revisit,
    /// « Type de parc ».
    Fleet,
    /// « Demande de modification ».
    Modification,
    /// A new prospect (CP).
    ProspectCreation,
    /// A prospect's fields edited (MP update).
    ProspectUpdate,
    /// A prospect deleted (MP delete).
    ProspectDeletion,
    /// A visit to a prospect (VP).
    ProspectVisit,
    /// « Transformation en client » (CC).
    Conversion,
}

/// A change written on this laptop, not yet seen integrated in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PendingChange {
    /// Its change id.
    pub change_id: String,
    /// What it is.
    pub kind: PendingKind,
    /// The client code, or the prospect id for prospect changes.
    pub client_code: String,
    /// One line for the rep.
    pub summary: String,
    /// When it was written (RFC 3339, laptop clock).
    pub written_at: String,
}

/// The client card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientCard {
    /// Client code.
    pub c_client: String,
    /// Name.
    pub nom_client: String,
    /// Agency code.
    pub c_agence: Option<String>,
    /// Agency name.
    pub agence_nom: Option<String>,
    /// In the rep's portfolio (billing details and history are there only then).
    pub in_portfolio: bool,
    /// Address lines, street to town.
    pub address: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Every filled profile field, labelled.
    pub base: Vec<FieldLine>,
    /// People to reach.
    pub contacts: Vec<ContactLine>,
    /// The current year (CA N).
    pub year: i32,
    /// Turnover of the year, cents.
    #[ts(type = "number")]
    pub ca_n_cents: i64,
    /// Turnover of the previous year, cents.
    #[ts(type = "number")]
    pub ca_n1_cents: i64,
    /// Fleet, the pending one when the rep changed it.
    pub fleet: Vec<FleetLine>,
    /// The fleet shown is not yet integrated.
    pub fleet_pending: bool,
    /// Revisit date, the pending one when the rep changed it.
    pub date_revoir: Option<String>,
    /// The revisit date shown is not yet integrated.
    pub revisit_pending: bool,
    /// Last visit day, a pending visit included.
    pub last_visit: Option<String>,
    /// The five most recent visits (LIT rows left out).
    pub recent_visits: Vec<VisitRow>,
    /// Every pending change about this client.
    pub pending: Vec<PendingChange>,
    /// The rep's modification requests about this client, most recent first: waiting to be
    /// sent, with the accountant, applied or declined with her note.
    pub modification_requests: Vec<ModificationRequestLine>,
}

/// Where a « Demande de modification » stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Written on this laptop, not yet integrated by the server.
    Pending,
    /// With the accountant.
    Open,
    /// Made in the ERP.
    Applied,
    /// Not made; the accountant's note says why.
    Declined,
    /// Closed without saying how (requests closed before the decision was recorded).
    Closed,
}

/// One field of a modification request: the value the rep saw and the one asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestedFieldLine {
    /// ERP column.
    pub field: String,
    /// Its label in the rep's language.
    pub label: String,
    /// The value the rep saw.
    pub old: String,
    /// The value asked for.
    pub new: String,
}

/// A modification request of the rep, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModificationRequestLine {
    /// Its change id.
    pub change_id: String,
    /// When the rep validated it (RFC 3339).
    pub requested_at: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// When the accountant closed it (RFC 3339).
    pub closed_at: Option<String>,
    /// The accountant's note (why it was declined).
    pub note: Option<String>,
    /// The fields asked for.
    pub changes: Vec<RequestedFieldLine>,
}

/// A request the accountant declined, shown on the home screen until the rep has seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeclinedNotice {
    /// The request's change id (what « J'ai vu » remembers).
    pub change_id: String,
    /// The client.
    pub c_client: String,
    /// Its name.
    pub nom_client: String,
    /// When it was declined (RFC 3339).
    pub closed_at: String,
    /// Why.
    pub note: String,
    /// Labels of the fields asked for.
    pub fields: Vec<String>,
}

/// A profile field the rep may ask to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditableField {
    /// ERP column.
    pub field: String,
    /// Label.
    pub label: String,
    /// `text`, `integer`, `date`, `code`, `siret`, `vat_number`, `phone`, `iban` or `bic`.
    pub kind: String,
    /// Longest text the input takes: the ERP length, doubled for the kinds stored without
    /// their separators (IBAN, BIC, SIRET, VAT number), whose stored form the rules hold to
    /// the ERP length.
    pub max_len: u32,
}

/// What the dialogs are built from: all of it comes from the snapshot (server parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FormConfig {
    /// The « Visite ce jour » form tree.
    pub visit_form: VisitForm,
    /// « Type de parc » choices.
    pub fleet_types: Vec<FleetType>,
    /// Fields offered in « Demande de modification ».
    pub editable_fields: Vec<EditableField>,
    /// How many days back a visit may be dated.
    pub visit_backdate_days: u32,
    /// The laptop's local date.
    pub today: String,
}

/// « Visite ce jour ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VisitInput {
    /// Client visited.
    pub client_code: String,
    /// Day of the visit `YYYY-MM-DD`.
    pub visit_date: String,
    /// Time `HH:MM`; the current time when absent.
    pub visit_time: Option<String>,
    /// Free comment (may be empty).
    pub comment: String,
    /// Answers by group id.
    pub answers: BTreeMap<String, Answer>,
}

/// The change file just published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WrittenChange {
    /// Its id.
    pub change_id: String,
    /// Its name in the outbox.
    pub file_name: String,
}

/// « Date de revoir »; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisitInput {
    /// Client.
    pub client_code: String,
    /// New date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// « Type de parc »: vehicles per type; replaces the previous fleet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FleetInput {
    /// Client.
    pub client_code: String,
    /// Vehicles per fleet type code.
    pub counts: BTreeMap<String, u32>,
}

/// One field of a « Demande de modification » (the old value is read from the snapshot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestedChange {
    /// ERP column.
    pub field: String,
    /// The value asked for.
    pub new: String,
}

/// « Demande de modification ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModificationInput {
    /// Client.
    pub client_code: String,
    /// One entry per field.
    pub changes: Vec<RequestedChange>,
}
