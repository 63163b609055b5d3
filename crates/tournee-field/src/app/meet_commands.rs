//! [`FieldApp`]'s reads of campaigns, meetings and a party's recent activity (issue 15):
//! thin, each calls one function of [`crate::meetings`] on the open snapshot.

use chrono::SecondsFormat;
use tournee_core::DomainError;

use super::FieldApp;
use crate::dto::{ActivityLine, CampaignLine, CampaignPage, MeetingLine};
use crate::error::{FieldError, Result};
use crate::meetings;

/// Brief 002: « les activités des 15 derniers jours ».
pub const RECENT_DAYS_DEFAULT: u32 = 15;
/// The longest look back a page asks for: a year.
const RECENT_DAYS_MAX: u32 = 366;

impl FieldApp {
    /// Every campaign of the snapshot with its lead count.
    pub fn campaigns(&self) -> Result<Vec<CampaignLine>> {
        meetings::campaigns(self.opened()?.snapshot.conn())
    }

    /// A campaign's page: its leads and their count per status.
    pub fn campaign_page(&self, id: &str) -> Result<CampaignPage> {
        meetings::campaign_page(self.opened()?.snapshot.conn(), id)?.ok_or_else(|| {
            FieldError::UnknownRecord {
                entity: "campaign",
                id: id.to_string(),
            }
        })
    }

    /// The shared calendar: the meetings not over yet by the app's clock.
    pub fn upcoming_meetings(&self) -> Result<Vec<MeetingLine>> {
        let now = self
            .now()
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        meetings::meetings_from(self.opened()?.snapshot.conn(), &now)
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
        let today = self.now().date_naive();
        meetings::recent_activity(self.opened()?.snapshot.conn(), party_id, today, days)
    }
}
