//! Where each record entity lives in the master: its table, the columns a change may
//! write, and the other records it points to.

use tournee_sync::RecordEntity;

/// One entity's table.
pub(super) struct Table {
    /// Table name in the master.
    pub(super) name: &'static str,
    /// The columns a record change may write: exactly the entity's fields in sync-spec v2.
    pub(super) columns: &'static [&'static str],
    /// Fields that name another record, with that record's entity.
    pub(super) parents: &'static [(&'static str, RecordEntity)],
}

impl Table {
    /// The table of `entity`.
    pub(super) fn of(entity: RecordEntity) -> &'static Table {
        match entity {
            RecordEntity::Party => &PARTY,
            RecordEntity::Person => &PERSON,
            RecordEntity::Action => &ACTION,
            RecordEntity::ActionReply => &ACTION_REPLY,
            RecordEntity::Todo => &TODO,
            RecordEntity::Campaign => &CAMPAIGN,
            RecordEntity::Meeting => &MEETING,
            RecordEntity::Opportunity => &OPPORTUNITY,
            RecordEntity::Quote => &QUOTE,
            RecordEntity::Segment => &SEGMENT,
        }
    }

    /// `field` as a column of this table: only names from the static list ever reach
    /// SQL text, whatever a payload holds.
    pub(super) fn column(&self, field: &str) -> Option<&'static str> {
        self.columns.iter().copied().find(|c| *c == field)
    }

    /// `INSERT` of a whole row: the id, the stamp, then every column in [`Self::columns`]
    /// order (`?1` to `?4`, then `?5`…).
    pub(super) fn insert_all_sql(&self) -> String {
        let placeholders: Vec<String> = (0..self.columns.len())
            .map(|i| format!("?{}", i + 5))
            .collect();
        format!(
            "INSERT INTO {} (id, created_by, created_at, change_id, {}) VALUES (?1, ?2, ?3, ?4, {})",
            self.name,
            self.columns.join(", "),
            placeholders.join(", ")
        )
    }

    /// `SELECT json_object(…)` of a whole row, for the tombstone of a deleted record.
    pub(super) fn row_json_sql(&self) -> String {
        let pairs: Vec<String> = self
            .columns
            .iter()
            .chain(["created_by", "created_at", "change_id"].iter())
            .map(|c| format!("'{c}', {c}"))
            .collect();
        format!(
            "SELECT json_object({}) FROM {} WHERE id = ?1",
            pairs.join(", "),
            self.name
        )
    }
}

const PARTY: Table = Table {
    name: "party",
    columns: &[
        "kind",
        "name",
        "first_name",
        "siret",
        "vat",
        "phone",
        "mobile",
        "email",
        "address1",
        "address2",
        "postal_code",
        "city",
        "country",
        "notes",
        "owner",
        "campaign",
    ],
    parents: &[("campaign", RecordEntity::Campaign)],
};

const PERSON: Table = Table {
    name: "person",
    columns: &[
        "party_id",
        "first_name",
        "last_name",
        "position",
        "phone",
        "mobile",
        "email",
        "notes",
    ],
    parents: &[("party_id", RecordEntity::Party)],
};

const ACTION: Table = Table {
    name: "action",
    columns: &[
        "party_id",
        "person_id",
        "action_type",
        "date",
        "time",
        "comment",
        "outcome",
        "opportunity",
    ],
    parents: &[
        ("party_id", RecordEntity::Party),
        ("person_id", RecordEntity::Person),
        ("opportunity", RecordEntity::Opportunity),
    ],
};

const ACTION_REPLY: Table = Table {
    name: "action_reply",
    columns: &["action_id", "author", "date", "text"],
    parents: &[("action_id", RecordEntity::Action)],
};

const TODO: Table = Table {
    name: "todo",
    columns: &["text", "due", "party_id", "repeat_days", "done_on"],
    parents: &[("party_id", RecordEntity::Party)],
};

const CAMPAIGN: Table = Table {
    name: "campaign",
    columns: &[
        "name",
        "starts_on",
        "ends_on",
        "place",
        "cost_cents",
        "notes",
    ],
    parents: &[],
};

const MEETING: Table = Table {
    name: "meeting",
    columns: &[
        "party_id",
        "opportunity",
        "attendee",
        "place",
        "starts_at",
        "ends_at",
        "subject",
        "notes",
        "status",
    ],
    parents: &[
        ("party_id", RecordEntity::Party),
        ("opportunity", RecordEntity::Opportunity),
    ],
};

const OPPORTUNITY: Table = Table {
    name: "opportunity",
    columns: &[
        "party_id",
        "person_id",
        "owner",
        "title",
        "value_cents",
        "expected_close",
        "pipeline",
        "stage",
        "status",
        "loss_reason",
    ],
    parents: &[
        ("party_id", RecordEntity::Party),
        ("person_id", RecordEntity::Person),
    ],
};

const QUOTE: Table = Table {
    name: "quote",
    columns: &[
        "party_id",
        "opportunity_id",
        "person_id",
        "lines",
        "valid_until",
        "status",
        "temp_ref",
        "signature",
        "signed_at",
        "signer_name",
    ],
    parents: &[
        ("party_id", RecordEntity::Party),
        ("person_id", RecordEntity::Person),
        ("opportunity_id", RecordEntity::Opportunity),
    ],
};

// A list's `members` name parties, but not as parents: a list is not a child of each of
// its parties (a member deleted meanwhile simply no longer shows), so a segment never
// waits for one.
const SEGMENT: Table = Table {
    name: "segment",
    columns: &["name", "kind", "members", "criteria", "owner"],
    parents: &[],
};
