//! The snapshot database's schema, part of the contract (sync-spec section 7): its tables
//! and indexes as SQL, kept in `sync-spec/snapshot/`, and their version. The server
//! creates snapshots from this text and the laptop checks the version before reading one,
//! so the two sides cannot drift apart on their own.

/// The snapshot database schema this build writes (server) and reads (laptop), sync-spec
/// section 7: a laptop never switches to a snapshot of a newer schema than it knows, so a
/// server upgraded before its laptops leaves them on the data they have instead of
/// breaking them.
pub const SNAPSHOT_SCHEMA_VERSION: u32 = 3;

/// The tables of a snapshot (`sync-spec/snapshot/schema.sql`), without indexes: a
/// generator fills them first and indexes after, which is faster than keeping indexes up
/// to date row by row.
pub const SNAPSHOT_TABLES_SQL: &str = include_str!("../../../sync-spec/snapshot/schema.sql");

/// The snapshot's tables of the CRM's records (sync-spec section 7, « Records »), added
/// within schema version 2: an app built before them finds none, so it checks that a
/// table exists before reading it (older snapshots, older servers) and reads none then.
pub const SNAPSHOT_RECORD_TABLES: [&str; 5] = ["party", "person", "action", "action_reply", "todo"];

/// The snapshot's tables of campaigns and meetings (issue 15), added within schema
/// version 3: apart from [`SNAPSHOT_RECORD_TABLES`] so that a new app reading an older
/// snapshot still reads its parties, and finds no campaigns or meetings.
pub const SNAPSHOT_MEET_TABLES: [&str; 2] = ["campaign", "meeting"];

/// The snapshot's table of the catalogue (issue 15), added within schema version 3 the
/// same way: a new app reading an older snapshot finds an empty catalogue.
pub const SNAPSHOT_CATALOGUE_TABLES: [&str; 1] = ["catalogue_item"];

/// The snapshot's table of opportunities (issue 15), added within schema version 3 after
/// [`SNAPSHOT_MEET_TABLES`]: a new app reading an older snapshot finds no opportunities.
pub const SNAPSHOT_OPPORTUNITY_TABLES: [&str; 1] = ["opportunity"];

/// The snapshot's tables of quotes and their lines (issue 15), added within schema version
/// 3 after [`SNAPSHOT_OPPORTUNITY_TABLES`]: a new app reading an older snapshot finds no
/// quotes.
pub const SNAPSHOT_QUOTE_TABLES: [&str; 2] = ["quote", "quote_line"];

/// The snapshot's table of segments (issue 15), added within schema version 3 after
/// [`SNAPSHOT_QUOTE_TABLES`]: a new app reading an older snapshot finds no segments.
pub const SNAPSHOT_SEGMENT_TABLES: [&str; 1] = ["segment"];

/// The key of the `config` row in which a snapshot announces the change-file specs its
/// server accepts (sync-spec sections 7 and 12, « Negotiation »): a JSON array of numbers.
/// A laptop writes `RC` files (spec 2) only once it reads `2` there; a snapshot without
/// the row comes from a server that reads spec 1 only.
pub const ACCEPTED_SPECS_KEY: &str = "accepted_specs";

/// The change-file specs a server built from this crate reads: the six types of spec 1
/// and the record changes of spec 2 (`crate::RECORD_SPEC_VERSION`).
pub const ACCEPTED_SPECS: [u32; 2] = [crate::SPEC_VERSION, crate::RECORD_SPEC_VERSION];

/// The key of the `config` row holding what the policy in force grants the snapshot's
/// user (sync-spec section 7, « The user's own rows »): a JSON object whose members are
/// entity codes, each `{"read": <scope>, "write": <scope>}` as in a policy document. The
/// app hides what the user may not write (a rep's « Nouvelle campagne » under the built-in
/// policy) instead of letting the server refuse it after the sync; the server still
/// decides every write. A snapshot without the row: everything offered, as before.
pub const GRANTS_KEY: &str = "grants";

/// The key of the `config` row holding the details of the user's refused changes the
/// manifest lists (`failed`, same window): a JSON object, change id → the refusal's detail
/// as the server recorded it (`tournee_sync::Detail`'s JSON, `{"code": …, values…}`). The
/// manifest names only the reason code and no manifest field may be added while older apps
/// read them strictly (section 8), so the detail a laptop words (« already taken by
/// mgarcia ») travels here. A refusal recorded without a detail is absent.
pub const REFUSAL_DETAILS_KEY: &str = "refusal_details";

/// The indexes of a snapshot (`sync-spec/snapshot/indexes.sql`), created once the rows are in.
pub const SNAPSHOT_INDEXES_SQL: &str = include_str!("../../../sync-spec/snapshot/indexes.sql");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_text_names_the_version_the_code_writes() {
        let first_line = SNAPSHOT_TABLES_SQL.lines().next().unwrap_or_default();
        assert!(
            first_line.contains(&format!(
                "(snapshot schema version {SNAPSHOT_SCHEMA_VERSION})"
            )),
            "sync-spec/snapshot/schema.sql's first line says another version: {first_line}"
        );
    }

    #[test]
    fn the_contract_text_states_the_same_version() {
        let spec = include_str!("../../../sync-spec/README.md");
        assert!(
            spec.contains(&format!(
                "version of the snapshot database schema (`{SNAPSHOT_SCHEMA_VERSION}`"
            )),
            "sync-spec/README.md section 7 states another snapshot schema version"
        );
    }

    #[test]
    fn the_schema_creates_every_record_table() {
        for table in SNAPSHOT_RECORD_TABLES {
            assert!(
                SNAPSHOT_TABLES_SQL.contains(&format!("CREATE TABLE {table} (")),
                "sync-spec/snapshot/schema.sql does not create the record table {table}"
            );
        }
    }

    #[test]
    fn the_record_tables_open_in_a_real_database() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(SNAPSHOT_TABLES_SQL).unwrap();
        conn.execute_batch(SNAPSHOT_INDEXES_SQL).unwrap();
        for table in SNAPSHOT_RECORD_TABLES {
            let owner_columns: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM pragma_table_info('{table}') \
                         WHERE name IN ('owner', 'created_by')"
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(owner_columns, 2, "{table} lacks owner or created_by");
        }
    }

    #[test]
    fn the_server_announces_record_changes() {
        assert_eq!(ACCEPTED_SPECS, [1, 2]);
        let spec = include_str!("../../../sync-spec/README.md");
        assert!(
            spec.contains(&format!("`{ACCEPTED_SPECS_KEY}`")),
            "sync-spec/README.md does not document the {ACCEPTED_SPECS_KEY} row"
        );
    }

    #[test]
    fn the_contract_documents_the_users_own_rows() {
        let spec = include_str!("../../../sync-spec/README.md");
        for key in [GRANTS_KEY, REFUSAL_DETAILS_KEY] {
            assert!(
                spec.contains(&format!("`{key}`")),
                "sync-spec/README.md does not document the {key} row"
            );
        }
    }

    #[test]
    fn the_indexes_only_index_tables_of_the_schema() {
        for line in SNAPSHOT_INDEXES_SQL
            .lines()
            .filter(|l| l.starts_with("CREATE INDEX"))
        {
            let table = line
                .split(" ON ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or_default();
            assert!(
                SNAPSHOT_TABLES_SQL.contains(&format!("CREATE TABLE {table} (")),
                "{line} indexes a table the schema does not create"
            );
        }
    }
}
