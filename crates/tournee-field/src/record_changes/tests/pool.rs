//! Taking and releasing a lead of the unassigned pool (issue 15) on a real snapshot: the
//! take is a party update whose only field is `owner` set to the rep, which the server's
//! own reader reads back; the pending take is laid over (the lead shows as the rep's);
//! releasing clears `owner`.

use super::*;

/// A lead accueil typed in and left in the pool, as the server's snapshot marks it.
const POOL_LEAD: &str = "01JD0000000000000000000P09";

fn laptop_with_pool() -> Laptop {
    let laptop = laptop_accepting("[1,2]");
    let path = laptop.folder().join("snapshot.sqlite");
    let writable = Connection::open(&path).unwrap();
    writable
        .execute_batch(&format!(
            "INSERT INTO party (id, kind, name, city, owner, created_by, created_at, status,
                                unassigned) VALUES
               ('{POOL_LEAD}', 'company', 'Pneus Rivière', 'Lyon', 'accueil', 'accueil', 'x',
                'lead', 1);"
        ))
        .unwrap();
    drop(writable);
    let mut laptop = laptop;
    laptop.index = RecordIndex::build(&laptop.conn, &laptop.parameters.action_types).unwrap();
    laptop
}

/// The only file in the outbox, as the server reads it.
fn the_change(laptop: &Laptop) -> serde_json::Value {
    let files = laptop.outbox_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let envelope =
        parse_change_file(&name, &std::fs::read(&files[0]).unwrap(), MAX_FILE_BYTES).unwrap();
    let ChangeBody::RC(change) = &envelope.body else {
        panic!("not a record change: {envelope:?}");
    };
    assert_eq!(envelope.user, "jdupont");
    change.to_payload()
}

#[test]
fn a_take_sends_only_the_owner_and_lays_the_lead_over_as_the_reps() {
    let mut laptop = laptop_with_pool();
    let before = laptop.read(|r| r.party(POOL_LEAD).unwrap().unwrap().0);
    assert_eq!((before.owner.as_str(), before.unassigned), ("accueil", 1));

    laptop
        .with(|local, w| w.take_lead(local, POOL_LEAD))
        .unwrap();
    assert_eq!(
        the_change(&laptop),
        serde_json::json!({"entity": "party", "op": "update", "id": POOL_LEAD,
                           "fields": {"owner": "jdupont"}})
    );
    // Pending: the lead is laid over as jdupont's, still marked as from the pool until
    // the server's next snapshot says who won.
    let (after, pending) = laptop.read(|r| r.party(POOL_LEAD).unwrap().unwrap());
    assert_eq!((after.owner.as_str(), after.unassigned), ("jdupont", 1));
    assert!(pending, "the take is pending");
}

#[test]
fn releasing_ones_lead_clears_its_owner_and_a_pool_lead_is_not_released() {
    let mut laptop = laptop_with_pool();
    let refused = laptop
        .with(|local, w| w.release_lead(local, POOL_LEAD))
        .unwrap_err();
    assert_eq!(
        codes(&refused),
        vec![("owner".to_string(), "value_unchanged".to_string())]
    );
    assert!(laptop.outbox_files().is_empty());
    laptop.with(|local, w| w.release_lead(local, P1)).unwrap();
    assert_eq!(
        the_change(&laptop),
        serde_json::json!({"entity": "party", "op": "update", "id": P1,
                           "fields": {"owner": null}})
    );
}
