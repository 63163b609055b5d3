//! [`FieldApp`]'s reads of the CRM's records in the current snapshot (no screen yet): thin
//! calls to `crate::records` on the opened snapshot, so that the screens and the tests
//! across crates start from the app as the window will.

use super::FieldApp;
use crate::error::Result;
use crate::records::{self, Contact, TimelineItem, Todo};

impl FieldApp {
    /// Whether the server reads record changes (spec 2): until it says so, the laptop keeps
    /// new records pending instead of writing `RC` files (sync-spec §12 « Negotiation »).
    pub fn server_accepts_records(&self) -> Result<bool> {
        records::server_accepts_records(self.opened()?.snapshot.conn())
    }

    /// The contact page of party `id`; `None` when the snapshot does not hold it.
    pub fn contact(&self, id: &str) -> Result<Option<Contact>> {
        records::contact(self.opened()?.snapshot.conn(), id)
    }

    /// Party `party_id`'s actions with their replies, newest first.
    pub fn timeline(&self, party_id: &str) -> Result<Vec<TimelineItem>> {
        records::timeline(self.opened()?.snapshot.conn(), party_id)
    }

    /// The open todos, overdue (as of the app's clock) first.
    pub fn open_todos(&self) -> Result<Vec<Todo>> {
        records::open_todos(self.opened()?.snapshot.conn(), self.now().date_naive())
    }
}
