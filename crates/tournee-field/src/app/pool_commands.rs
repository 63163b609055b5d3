//! [`FieldApp`]'s commands of the unassigned pool and of what the user may write (issue
//! 15): « Leads non attribués », the home's notices of refused takes, and the policy's
//! grants the window hides buttons by. Thin: each reads and calls one function.

use chrono::Utc;

use super::FieldApp;
use crate::dto::{PoolView, TakeNotice, UserGrants};
use crate::error::Result;
use crate::modification_requests::NOTICE_DAYS;
use crate::take_notices;

impl FieldApp {
    /// The unassigned pool's leads, newest first, with the takes and releases written here
    /// laid over.
    pub fn pool_leads(&self) -> Result<PoolView> {
        self.read_records(|reader| reader.pool_leads())
    }

    /// What the policy in force lets this user read and write, as the snapshot says
    /// (everything when it does not: an older server).
    pub fn grants(&self) -> Result<UserGrants> {
        Ok(self.opened()?.parameters.grants.clone())
    }

    /// The takes of pool leads the server refused in the last `NOTICE_DAYS` days (someone
    /// took the lead first), that the rep has not dismissed: shown on the home screen.
    pub fn take_notices(&self) -> Result<Vec<TakeNotice>> {
        let opened = self.opened()?;
        let since = (self.now().with_timezone(&Utc) - chrono::Duration::days(NOTICE_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        take_notices::take_notices(
            opened.snapshot.conn(),
            self.my_login()?,
            &self.local.refused_records(&since)?,
            &self.local.seen_notices()?,
        )
    }
}
