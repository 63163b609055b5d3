//! [`FieldApp`]'s campaigns, meetings and calls (issue 15): the reads (the snapshot with
//! this laptop's pending changes laid over, [`crate::meet_views`]) and the writes (each an
//! `RC` change through the record writer). Thin: each builds its reader or writer and
//! calls one function.

use chrono::SecondsFormat;
use tournee_core::DomainError;

use super::FieldApp;
use crate::dto::{
    ActivityLine, CallInput, CampaignInput, CampaignLine, CampaignPage, LeadCardInput,
    MeetingInput, MeetingLine, RecordWritten, UserIdentity,
};
use crate::error::{FieldError, Result};
use crate::meetings::LocalWindow;
use crate::{meet_views, snapshot};

/// Brief 002: « les activités des 15 derniers jours ».
pub const RECENT_DAYS_DEFAULT: u32 = 15;
/// The longest look back a page asks for: a year.
const RECENT_DAYS_MAX: u32 = 366;

impl FieldApp {
    /// Every campaign with its lead count, the ones created here and the cards typed
    /// here included.
    pub fn campaigns(&self) -> Result<Vec<CampaignLine>> {
        self.read_records(meet_views::campaigns)
    }

    /// A campaign's page: its leads and their count per status.
    pub fn campaign_page(&self, id: &str) -> Result<CampaignPage> {
        self.read_records(|reader| meet_views::campaign_page(reader, id))?
            .ok_or_else(|| FieldError::UnknownRecord {
                entity: "campaign",
                id: id.to_string(),
            })
    }

    /// The shared calendar: the meetings not over yet by the app's clock.
    pub fn upcoming_meetings(&self) -> Result<Vec<MeetingLine>> {
        let now = self
            .now()
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        self.read_records(|reader| meet_views::meetings_from(reader, &now))
    }

    /// Party `party_id`'s activity of the last `days` days (default 15, at most 366).
    pub fn recent_activity(&self, party_id: &str, days: Option<u32>) -> Result<Vec<ActivityLine>> {
        let days = days.unwrap_or(RECENT_DAYS_DEFAULT);
        if !(1..=RECENT_DAYS_MAX).contains(&days) {
            return Err(FieldError::rule(DomainError::InvalidFormat {
                field: "days".into(),
                expected: format!("un nombre de jours de 1 à {RECENT_DAYS_MAX}"),
            }));
        }
        let window = LocalWindow::last_days(self.now(), days);
        self.read_records(|reader| meet_views::recent_activity(reader, party_id, &window))
    }

    /// The user directory of the snapshot: whom a meeting may be planned for.
    pub fn colleagues(&self) -> Result<Vec<UserIdentity>> {
        snapshot::users(self.opened()?.snapshot.conn())
    }

    /// A new campaign.
    pub fn create_campaign(&mut self, input: &CampaignInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_campaign(local, input))
    }

    /// One business card typed under a campaign: a lead carrying the campaign.
    pub fn add_lead_card(&mut self, input: &LeadCardInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.add_lead_card(local, input))
    }

    /// A call logged on a party the user reads.
    pub fn log_call(&mut self, input: &CallInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.log_call(local, input))
    }

    /// A meeting planned for oneself or a colleague.
    pub fn plan_meeting(&mut self, input: &MeetingInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.plan_meeting(local, input))
    }
}
