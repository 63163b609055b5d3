//! [`FieldApp`]'s CRM commands: the reads of the records the snapshot carries with this
//! laptop's pending changes laid over them (`crate::record_views`), and the writes, each an
//! `RC` change (`crate::record_changes`). Thin: each builds its reader or writer and calls
//! one function.

use tournee_core::ActionType;

use super::FieldApp;
use crate::dto::{
    ActionInput, ContactHit, ContactPage, ContactQuery, Dashboard, DuplicateMatchView, PartyInput,
    PersonInput, RecordWritten, ReplyInput, TodoInput, TodoView,
};
use crate::error::{FieldError, Result};
use crate::local::LocalDb;
use crate::record_changes::{self, RecordWriter};
use crate::record_index::RecordIndex;
use crate::record_overlay::RecordOverlay;
use crate::record_views::RecordReader;
use crate::records::{self, Contact, TimelineItem, Todo};

impl FieldApp {
    /// Whether the server reads record changes (spec 2): until it says so, the laptop keeps
    /// new records in `local.sqlite` instead of the outbox (sync-spec §12 « Negotiation »).
    pub fn server_accepts_records(&self) -> Result<bool> {
        records::server_accepts_records(self.opened()?.snapshot.conn())
    }

    /// The contact page of party `id` as the snapshot has it; `None` when it does not.
    pub fn contact(&self, id: &str) -> Result<Option<Contact>> {
        records::contact(self.opened()?.snapshot.conn(), id)
    }

    /// Party `party_id`'s actions with their replies as the snapshot has them, newest first.
    pub fn timeline(&self, party_id: &str) -> Result<Vec<TimelineItem>> {
        records::timeline(self.opened()?.snapshot.conn(), party_id)
    }

    /// The snapshot's open todos, overdue (as of the app's clock) first.
    pub fn open_todos(&self) -> Result<Vec<Todo>> {
        records::open_todos(self.opened()?.snapshot.conn(), self.now().date_naive())
    }

    /// The snapshot's record index, read once per snapshot opened.
    fn record_index(&self) -> Result<&RecordIndex> {
        let opened = self.opened()?;
        if let Some(index) = opened.records.get() {
            return Ok(index);
        }
        let built = RecordIndex::build(opened.snapshot.conn(), &opened.parameters.action_types)?;
        Ok(opened.records.get_or_init(|| built))
    }

    /// Runs `read` with a reader over the snapshot and the pending record changes.
    pub(super) fn read_records<T>(
        &self,
        read: impl FnOnce(&RecordReader<'_>) -> Result<T>,
    ) -> Result<T> {
        let opened = self.opened()?;
        let index = self.record_index()?;
        let overlay = RecordOverlay::from_overlay(&self.overlay()?, self.my_login()?)?;
        let reader = RecordReader::new(
            opened.snapshot.conn(),
            index,
            &overlay,
            &opened.parameters.action_types,
            self.now().date_naive(),
        )?;
        read(&reader)
    }

    /// Runs `write` with a writer (reader, parameters, author, whether the server reads
    /// record changes), the local database borrowed apart.
    pub(super) fn write_records<T>(
        &mut self,
        write: impl FnOnce(&mut LocalDb, &RecordWriter<'_>) -> Result<T>,
    ) -> Result<T> {
        self.record_index()?;
        let author = self.owned_author()?;
        let overlay = RecordOverlay::from_overlay(&self.overlay()?, self.my_login()?)?;
        let today = self.now().date_naive();
        let opened = self.opened.as_ref().ok_or(FieldError::NotConfigured)?;
        let index = opened.records.get().ok_or(FieldError::NotConfigured)?;
        let conn = opened.snapshot.conn();
        let reader = RecordReader::new(
            conn,
            index,
            &overlay,
            &opened.parameters.action_types,
            today,
        )?;
        let author = author.as_author();
        let writer = RecordWriter {
            reader: &reader,
            parameters: &opened.parameters,
            author: &author,
            accepts: records::server_accepts_records(conn)?,
        };
        write(&mut self.local, &writer)
    }

    /// Moves the record changes kept while the server did not read them into the outbox,
    /// if this snapshot says it does. Returns how many files were written.
    pub(crate) fn flush_held_records(&mut self) -> Result<usize> {
        let Some(opened) = self.opened.as_ref() else {
            return Ok(0);
        };
        if !records::server_accepts_records(opened.snapshot.conn())? {
            return Ok(0);
        }
        let Some(outbox) = self.settings.outbox_dir.clone() else {
            return Ok(0);
        };
        let moved = record_changes::flush_held(&self.local, &outbox)?;
        if moved > 0 {
            tracing::info!(moved, "held record changes moved to the outbox");
        }
        Ok(moved)
    }

    /// Every action type the admin defined (the dialogs offer the active ones).
    pub fn action_types(&self) -> Result<Vec<ActionType>> {
        Ok(self.opened()?.parameters.action_types.clone())
    }

    /// The contact list, filtered by text, status and kind.
    pub fn contacts(&self, query: &ContactQuery) -> Result<Vec<ContactHit>> {
        self.read_records(|reader| reader.contacts(query))
    }

    /// A party's page: the party, its people, status, timeline and open todos.
    pub fn contact_page(&self, id: &str) -> Result<ContactPage> {
        self.read_records(|reader| {
            reader
                .contact_page(id)?
                .ok_or_else(|| FieldError::UnknownRecord {
                    entity: "party",
                    id: id.to_string(),
                })
        })
    }

    /// The parties and people that look like the party being typed.
    pub fn check_party(&self, input: &PartyInput) -> Result<Vec<DuplicateMatchView>> {
        self.read_records(|reader| reader.duplicates(&record_changes::input_keys(input), None))
    }

    /// A new party (refused with its look-alikes unless `allow_duplicates`).
    pub fn create_party(
        &mut self,
        input: &PartyInput,
        allow_duplicates: bool,
    ) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_party(local, input, allow_duplicates))
    }

    /// A party's edit (only the fields that changed travel).
    pub fn update_party(&mut self, id: &str, input: &PartyInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_party(local, id, input))
    }

    /// A party deleted.
    pub fn delete_party(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.delete_party(local, id))
    }

    /// Takes a lead from the unassigned pool (issue 15); the server decides who was first.
    pub fn take_lead(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.take_lead(local, id))
    }

    /// Releases one's lead back to the unassigned pool (issue 15).
    pub fn release_lead(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.release_lead(local, id))
    }

    /// A new person in a company (refused with look-alikes unless `allow_duplicates`).
    pub fn add_person(
        &mut self,
        input: &PersonInput,
        allow_duplicates: bool,
    ) -> Result<RecordWritten> {
        self.write_records(|local, w| w.add_person(local, input, allow_duplicates))
    }

    /// A person's edit.
    pub fn update_person(&mut self, id: &str, input: &PersonInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_person(local, id, input))
    }

    /// A person deleted.
    pub fn delete_person(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.delete_person(local, id))
    }

    /// A party's open reminders (its open todos), by due day.
    pub fn open_reminders(&self, party_id: &str) -> Result<Vec<TodoView>> {
        self.read_records(|reader| {
            if reader.party(party_id)?.is_none() {
                return Err(FieldError::UnknownRecord {
                    entity: "party",
                    id: party_id.to_string(),
                });
            }
            reader.open_todos(Some(party_id))
        })
    }

    /// An action logged, with the decisions about the party's reminders.
    pub fn log_action(&mut self, input: &ActionInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.log_action(local, input))
    }

    /// A reply under an action, with the decisions about the party's reminders.
    pub fn add_reply(&mut self, input: &ReplyInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.add_reply(local, input))
    }

    /// A new todo.
    pub fn create_todo(&mut self, input: &TodoInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_todo(local, input))
    }

    /// A todo done on `date` (an action `tache` on its party; the next one if it repeats).
    pub fn complete_todo(&mut self, id: &str, date: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.complete_todo(local, id, date))
    }

    /// A todo's edit (only the fields that changed travel).
    pub fn update_todo(&mut self, id: &str, input: &TodoInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_todo(local, id, input))
    }

    /// A todo deleted.
    pub fn delete_todo(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.delete_todo(local, id))
    }

    /// The dashboard: open todos, figures, parties touched lately.
    pub fn dashboard(&self) -> Result<Dashboard> {
        self.read_records(|reader| reader.dashboard())
    }
}
