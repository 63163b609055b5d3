//! The snapshot database's schema, part of the contract (sync-spec section 7): its tables
//! and indexes as SQL, kept in `sync-spec/snapshot/`, and their version. The server
//! creates snapshots from this text and the laptop checks the version before reading one,
//! so the two sides cannot drift apart on their own.

/// The snapshot database schema this build writes (server) and reads (laptop), sync-spec
/// section 7: a laptop never switches to a snapshot of a newer schema than it knows, so a
/// server upgraded before its laptops leaves them on the data they have instead of
/// breaking them.
pub const SNAPSHOT_SCHEMA_VERSION: u32 = 2;

/// The tables of a snapshot (`sync-spec/snapshot/schema.sql`), without indexes: a
/// generator fills them first and indexes after, which is faster than keeping indexes up
/// to date row by row.
pub const SNAPSHOT_TABLES_SQL: &str = include_str!("../../../sync-spec/snapshot/schema.sql");

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
