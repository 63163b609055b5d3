//! Exactly-once integration of change files into the master database.
//!
//! The unit of work is a *batch* of deliveries integrated in one SQLite transaction
//! ([`integrate_batch`], or [`integrate_deliveries`] inside a transaction the caller
//! commits, which lets the server make several batches durable with one fsync). Inside
//! it each change's effect and its ledger row are kept together, or undone together
//! when the change is refused or must wait. The caller moves the files only after the
//! commit, so a crash at any moment leaves every change either fully applied (and its
//! file, if seen again, a duplicate) or not applied at all (and its file still waiting).

pub mod arrival;
mod attributes;
mod checks;
mod client;
mod ledger;
mod opportunity;
pub(crate) mod pool;
mod precheck;
mod prospect;
mod quote;
pub(crate) mod record;
// Calls and meetings (issue 15).
mod call;
mod meeting_mail;
pub use meeting_mail::MEETING_INVITATION;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use tournee_sync::{ChangeBody, Detail, Envelope, RejectReason, Rejection};

use crate::error::Result;
use crate::master::params::Parameters;
use crate::master::users::{find_directory_user, User};

pub use precheck::{precheck, Precheck};

pub use ledger::{
    is_integrated_for, last_failure, recent_integrations, record_failure, LedgerLine,
    RecordedFailure,
};

/// What the integrator needs besides the database: the clock and the parameters.
#[derive(Debug, Clone)]
pub struct IntegrationContext {
    /// The server's clock for this pass (tests pin it).
    pub now: DateTime<Utc>,
    /// Parameters in force for this pass.
    pub params: Parameters,
}

/// One file handed to the integrator.
#[derive(Debug)]
pub struct Delivery {
    /// Owner of the inbox sub-folder the file arrived in (`""` when at the root).
    pub folder_owner: String,
    /// The file name as found (possibly a conflict copy), kept in the ledger.
    pub file_name: String,
    /// The parsed change, or why it could not be parsed.
    pub parsed: std::result::Result<Envelope, Rejection>,
    /// The device signature the file ended with, already checked against its bytes;
    /// whether the device may sign for this user is checked at integration.
    pub signature: Option<tournee_sync::FileSignature>,
    /// The database-free checks, when the reader already ran them ([`precheck`]);
    /// `None` runs them during the integration.
    pub precheck: Option<Precheck>,
    /// When the server first saw the file ([`arrival::lookup`], else now): `created_at` is
    /// judged against it, not against the laptop's word alone.
    pub arrived_at: DateTime<Utc>,
    /// Where the file arrived, so that a file seen again keeps its first sighting
    /// ([`arrival::settle`], in the batch's transaction); `None` where no file is involved.
    pub arrival: Option<arrival::Arrival>,
}

/// What happened to one delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The effect is committed and the change id is in the ledger.
    Integrated,
    /// The change id was already in the ledger: nothing was done.
    Duplicate,
    /// The change refers to a prospect (or, for a record change, a record) not known yet:
    /// retry later.
    Parked {
        /// The id awaited: a prospect's (MP, VP, CC) or a record's (RC).
        prospect_id: String,
    },
    /// Refused for good; recorded in `integration_failure`.
    Failed(Rejection),
}

impl Outcome {
    /// Short stable name (`integrated`, `duplicate`, `parked`, `failed`), as in the test vectors.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Integrated => "integrated",
            Self::Duplicate => "duplicate",
            Self::Parked { .. } => "parked",
            Self::Failed(_) => "failed",
        }
    }
}

/// Why a change did not apply: refused for good, or waiting for its prospect.
#[derive(Debug)]
pub(crate) enum NotApplied {
    Refused(Rejection),
    WaitingFor(String),
    Store(crate::StoreError),
}

impl From<Rejection> for NotApplied {
    fn from(rejection: Rejection) -> Self {
        Self::Refused(rejection)
    }
}

impl From<rusqlite::Error> for NotApplied {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

impl From<crate::StoreError> for NotApplied {
    fn from(error: crate::StoreError) -> Self {
        Self::Store(error)
    }
}

/// Shorthand for a refusal with a reason and a detail.
pub(crate) fn refuse(reason: RejectReason, detail: impl Into<Detail>) -> NotApplied {
    NotApplied::Refused(Rejection::new(reason, detail))
}

/// Integrates a batch in one transaction and returns one outcome per delivery, in order.
pub fn integrate_batch(
    conn: &mut Connection,
    ctx: &IntegrationContext,
    deliveries: &[Delivery],
) -> Result<Vec<Outcome>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let outcomes = integrate_deliveries(&tx, ctx, deliveries)?;
    tx.commit()?;
    Ok(outcomes)
}

/// Integrates deliveries inside a transaction the caller opened (the server commits
/// several batches together, see its pass), and returns one outcome per delivery, in
/// order. Nothing is settled until the caller commits: no file may be moved before.
pub fn integrate_deliveries(
    tx: &Transaction<'_>,
    ctx: &IntegrationContext,
    deliveries: &[Delivery],
) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(deliveries.len());
    let mut users = UserCache::default();
    // The admin's webhook subscriptions, read once per batch (docs/webhooks.md).
    let hooks = crate::webhooks::events::Hooks::load(tx)?;
    for delivery in deliveries {
        let outcome = integrate_one(tx, ctx, &mut users, delivery)?;
        // The events of an integrated change, in its transaction: they exist if and only
        // if it was integrated, once. Nothing is run when no subscription exists.
        if let (Outcome::Integrated, Ok(envelope), false) =
            (&outcome, &delivery.parsed, hooks.is_empty())
        {
            hooks.on_integrated(tx, ctx.now, envelope)?;
        }
        if let Some(arrival) = &delivery.arrival {
            let settled = matches!(outcome, Outcome::Integrated | Outcome::Duplicate);
            arrival::settle(tx, arrival, delivery.arrived_at, settled)?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// Integrates one delivery under its own savepoint inside `tx`.
fn integrate_one(
    tx: &Connection,
    ctx: &IntegrationContext,
    users: &mut UserCache,
    delivery: &Delivery,
) -> Result<Outcome> {
    let envelope = match &delivery.parsed {
        Ok(envelope) => envelope,
        Err(rejection) => {
            record_failure(
                tx,
                ctx.now,
                &delivery.folder_owner,
                &delivery.file_name,
                None,
                rejection,
            )?;
            return Ok(Outcome::Failed(rejection.clone()));
        }
    };
    if matches!(envelope.body, ChangeBody::VC(_)) {
        return integrate_visit(tx, ctx, users, delivery, envelope);
    }
    change_savepoint(tx, "SAVEPOINT one_change")?;
    let result = apply(tx, ctx, users, delivery, envelope);
    match result {
        Ok(AppliedOrDuplicate::Applied) => {
            change_savepoint(tx, "RELEASE one_change")?;
            Ok(Outcome::Integrated)
        }
        Ok(AppliedOrDuplicate::Duplicate) => {
            change_savepoint(tx, "RELEASE one_change")?;
            Ok(Outcome::Duplicate)
        }
        Err(NotApplied::Store(error)) => Err(error),
        Err(not_applied) => {
            undo_change(tx)?;
            not_applied_outcome(tx, ctx, delivery, envelope, not_applied)
        }
    }
}

/// A client visit, the bulk of the traffic, without a savepoint: its only writes are the
/// ledger claim, first, and its relation row, last (a failure there is a database error,
/// which rolls the whole batch back), so a refusal in between takes the claim back with
/// one statement. Measured on the full demo, the savepoint, its release and the statement
/// journal they keep cost about as much as the rest of the visit's SQL.
fn integrate_visit(
    tx: &Connection,
    ctx: &IntegrationContext,
    users: &mut UserCache,
    delivery: &Delivery,
    envelope: &Envelope,
) -> Result<Outcome> {
    let claimed = match check_folder(delivery, envelope) {
        Ok(()) => ledger::claim(tx, ctx.now, &delivery.file_name, envelope)?,
        // Refused before its claim: there is nothing of this change to take back (a
        // ledger row with its id is another file's, integrated for good).
        Err(not_applied) => return not_applied_outcome(tx, ctx, delivery, envelope, not_applied),
    };
    if !claimed {
        return Ok(Outcome::Duplicate);
    }
    match apply_claimed(tx, ctx, users, delivery, envelope) {
        Ok(()) => Ok(Outcome::Integrated),
        Err(NotApplied::Store(error)) => Err(error),
        Err(not_applied) => {
            ledger::unclaim(tx, &envelope.change_id)?;
            not_applied_outcome(tx, ctx, delivery, envelope, not_applied)
        }
    }
}

/// The outcome of a change that did not apply, its refusal recorded; whatever it wrote
/// is already undone.
fn not_applied_outcome(
    tx: &Connection,
    ctx: &IntegrationContext,
    delivery: &Delivery,
    envelope: &Envelope,
    not_applied: NotApplied,
) -> Result<Outcome> {
    match not_applied {
        NotApplied::WaitingFor(prospect_id) => Ok(Outcome::Parked { prospect_id }),
        NotApplied::Refused(rejection) => {
            record::keep_after_refusal(tx, envelope, &rejection)?;
            record_failure(
                tx,
                ctx.now,
                &envelope.user,
                &delivery.file_name,
                Some(&envelope.change_id),
                &rejection,
            )?;
            Ok(Outcome::Failed(rejection))
        }
        NotApplied::Store(error) => Err(error),
    }
}

/// Runs one of the per-change savepoint statements, prepared once per connection: a
/// savepoint per change is on the hot path, and rusqlite's own re-parses its SQL each time.
fn change_savepoint(conn: &Connection, sql: &str) -> Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Undoes what a change did (it was refused or must wait) and closes its savepoint.
fn undo_change(conn: &Connection) -> Result<()> {
    change_savepoint(conn, "ROLLBACK TO one_change")?;
    change_savepoint(conn, "RELEASE one_change")
}

enum AppliedOrDuplicate {
    Applied,
    Duplicate,
}

/// The checks every change goes through, then the integrator of its type.
fn apply(
    conn: &Connection,
    ctx: &IntegrationContext,
    users: &mut UserCache,
    delivery: &Delivery,
    envelope: &Envelope,
) -> std::result::Result<AppliedOrDuplicate, NotApplied> {
    check_folder(delivery, envelope)?;
    // The ledger row goes first: it tells a duplicate, and the savepoint takes it back
    // if the change is refused or must wait.
    if !ledger::claim(conn, ctx.now, &delivery.file_name, envelope)? {
        return Ok(AppliedOrDuplicate::Duplicate);
    }
    apply_claimed(conn, ctx, users, delivery, envelope)?;
    Ok(AppliedOrDuplicate::Applied)
}

/// Check 9: the user in the file owns the inbox folder it arrived in.
fn check_folder(delivery: &Delivery, envelope: &Envelope) -> std::result::Result<(), NotApplied> {
    if envelope.user == delivery.folder_owner {
        return Ok(());
    }
    Err(refuse(
        RejectReason::ForeignFolder,
        Detail::ForeignFolder {
            user: envelope.user.clone(),
            folder: delivery.folder_owner.clone(),
        },
    ))
}

/// The checks after the ledger claim (signer, user, dates, content), then the
/// integrator of the change's type.
fn apply_claimed(
    conn: &Connection,
    ctx: &IntegrationContext,
    users: &mut UserCache,
    delivery: &Delivery,
    envelope: &Envelope,
) -> std::result::Result<(), NotApplied> {
    crate::devices::check_file_signer(conn, &envelope.user, delivery.signature.as_ref())?;
    let user = active_user(users.get(conn, &envelope.user)?, &envelope.user)?;
    if user.erp_code.is_empty() && !matches!(envelope.body, ChangeBody::RC(_)) {
        // Visits, client and prospect changes are the ERP's and name the writer by ERP
        // code: a user without one (an office account) writes the CRM's records only.
        return Err(refuse(
            RejectReason::UnknownUser,
            Detail::UnknownUser {
                user: envelope.user.clone(),
            },
        ));
    }
    checks::created_at_near_arrival(ctx, envelope, delivery.arrived_at)?;
    let precheck = delivery.precheck.as_ref();
    match precheck.map(|p| &p.content) {
        Some(content) => content.clone(),
        None => tournee_sync::check_content(envelope),
    }
    .map_err(checks::domain_refusals)?;
    let file = delivery.file_name.as_str();
    match &envelope.body {
        ChangeBody::VC(visit) => {
            let answers = precheck.and_then(|p| p.visit_answers.as_ref());
            client::integrate_vc(conn, ctx, user, envelope, file, visit, answers)
        }
        ChangeBody::MC(change) => client::integrate_mc(conn, ctx, user, envelope, file, change),
        ChangeBody::CP(creation) => {
            prospect::integrate_cp(conn, ctx, user, envelope, file, creation)?;
            link_prospect_party(conn, ctx, &creation.prospect_id)
        }
        ChangeBody::MP(change) => {
            prospect::integrate_mp(conn, ctx, user, envelope, change)?;
            link_prospect_party(conn, ctx, &change.prospect_id)
        }
        ChangeBody::VP(visit) => {
            prospect::integrate_vp(conn, ctx, user, envelope, file, visit)?;
            link_prospect_party(conn, ctx, &visit.prospect_id)
        }
        ChangeBody::CC(request) => prospect::integrate_cc(conn, ctx, user, envelope, file, request),
        ChangeBody::RC(change) => record::integrate_rc(conn, ctx, user, envelope, change),
    }
}

/// A prospect's party follows the change just integrated about it (created with the
/// prospect, its copied fields refreshed, removed with it, a visit counted as a contact),
/// in the change's savepoint (docs/crm-lifecycle.md, « Clients and prospects as parties »).
fn link_prospect_party(
    conn: &Connection,
    ctx: &IntegrationContext,
    prospect_id: &str,
) -> std::result::Result<(), NotApplied> {
    crate::parties::link_prospect(
        conn,
        prospect_id,
        &ctx.params.action_types,
        chrono::Utc::now(),
    )?;
    Ok(())
}

/// The users named by a batch's files, read once per batch: a batch is one transaction,
/// so a user read once cannot change under it, and most files of a batch come from a
/// few reps.
#[derive(Default)]
struct UserCache(std::collections::HashMap<String, Option<User>>);

impl UserCache {
    fn get(&mut self, conn: &Connection, windows_user: &str) -> Result<Option<&User>> {
        if !self.0.contains_key(windows_user) {
            let found = find_directory_user(conn, windows_user)?;
            self.0.insert(windows_user.to_string(), found);
        }
        Ok(self.0.get(windows_user).and_then(Option::as_ref))
    }
}

/// The user named in the file, if known and active.
fn active_user<'a>(
    found: Option<&'a User>,
    windows_user: &str,
) -> std::result::Result<&'a User, NotApplied> {
    match found {
        Some(user) if user.active => Ok(user),
        Some(_) => Err(refuse(
            RejectReason::UnknownUser,
            Detail::InactiveUser {
                user: windows_user.into(),
            },
        )),
        None => Err(refuse(
            RejectReason::UnknownUser,
            Detail::UnknownUser {
                user: windows_user.into(),
            },
        )),
    }
}
