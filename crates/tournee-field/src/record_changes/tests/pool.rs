//! Taking and releasing a lead of the unassigned pool (issue 15) on a real snapshot: the
//! take is a party update whose only field is `owner` set to the rep, which the server's
//! own reader reads back; the pending take is laid over (the lead shows as the rep's);
//! releasing clears `owner`. « Leads non attribués » lists the pool's leads with their
//! campaign and day, and a lead taken here leaves it at once.

use super::*;

/// A lead accueil typed in at a trade show and left in the pool, as the server's snapshot
/// marks it.
const POOL_LEAD: &str = "01JD0000000000000000000P09";
/// Another lead of the pool, a day older, from no campaign.
const OLDER_LEAD: &str = "01JD0000000000000000000P08";
/// The trade show.
const CAMPAIGN: &str = "01JD0000000000000000000C01";

fn laptop_with_pool() -> Laptop {
    let laptop = laptop_accepting("[1,2]");
    let path = laptop.folder().join("snapshot.sqlite");
    let writable = Connection::open(&path).unwrap();
    writable
        .execute_batch(&format!(
            "INSERT INTO campaign (id, name, starts_on, owner, created_by, created_at) VALUES
               ('{CAMPAIGN}', 'House & Design', '2026-11-18', 'accueil', 'accueil', 'x');
             INSERT INTO party (id, kind, name, city, owner, created_by, created_at, status,
                                campaign, unassigned) VALUES
               ('{POOL_LEAD}', 'company', 'Pneus Rivière', 'Lyon', 'accueil', 'accueil',
                '2026-11-19T17:40:00.000Z', 'lead', '{CAMPAIGN}', 1),
               ('{OLDER_LEAD}', 'person', 'Roux', NULL, 'accueil', 'accueil',
                '2026-11-18T09:00:00.000Z', 'lead', NULL, 1);"
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

/// The pool's leads as « Leads non attribués » lists them: (id, unassigned, pending).
fn pool_ids(laptop: &mut Laptop) -> (u32, Vec<(String, bool, bool)>) {
    let pool = laptop.read(|r| r.pool_leads()).unwrap();
    let lines = pool
        .leads
        .iter()
        .map(|h| (h.id.clone(), h.unassigned, h.pending))
        .collect();
    (pool.total, lines)
}

#[test]
fn the_pool_lists_its_leads_newest_first_with_their_campaign_and_day() {
    let mut laptop = laptop_with_pool();
    let pool = laptop.read(|r| r.pool_leads()).unwrap();
    assert_eq!(pool.total, 2);
    let newest = &pool.leads[0];
    assert_eq!(
        (
            newest.id.as_str(),
            newest.name.as_str(),
            newest.city.as_deref(),
            newest.campaign.as_deref(),
            newest.created_on.as_deref(),
            newest.unassigned,
            newest.pending,
        ),
        (
            POOL_LEAD,
            "Pneus Rivière",
            Some("Lyon"),
            Some("House & Design"),
            Some("2026-11-19"),
            true,
            false
        )
    );
    assert_eq!(pool.leads[1].id, OLDER_LEAD);
    assert_eq!(pool.leads[1].campaign, None);
    // The contact list carries the mark too; the rep's own party is not in the pool.
    let hits = laptop
        .read(|r| r.contacts(&ContactQuery::default()))
        .unwrap();
    let marked: Vec<(&str, bool)> = hits.iter().map(|h| (h.id.as_str(), h.unassigned)).collect();
    assert!(marked.contains(&(POOL_LEAD, true)), "{marked:?}");
    assert!(marked.contains(&(P1, false)), "{marked:?}");
    let page = laptop.read(|r| r.contact_page(POOL_LEAD)).unwrap().unwrap();
    assert!(page.party.unassigned);
}

#[test]
fn a_lead_taken_offline_leaves_the_pool_at_once_and_shows_as_the_reps_pending() {
    let mut laptop = laptop_with_pool();
    laptop
        .with(|local, w| w.take_lead(local, POOL_LEAD))
        .unwrap();
    assert_eq!(
        pool_ids(&mut laptop),
        (1, vec![(OLDER_LEAD.to_string(), true, false)])
    );
    let hits = laptop
        .read(|r| {
            r.contacts(&ContactQuery {
                text: "rivière".into(),
                ..ContactQuery::default()
            })
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].unassigned && hits[0].pending, "{:?}", hits[0]);
    assert_eq!(hits[0].campaign.as_deref(), Some("House & Design"));
    let page = laptop.read(|r| r.contact_page(POOL_LEAD)).unwrap().unwrap();
    assert_eq!(
        (
            page.party.owner.as_str(),
            page.party.unassigned,
            page.party.pending
        ),
        ("jdupont", false, true)
    );
}

#[test]
fn a_lead_released_offline_is_back_in_the_pool_at_once_and_its_page_still_opens() {
    let mut laptop = laptop_with_pool();
    // P1 is jdupont's lead (never called): released, it joins the pool, pending.
    laptop.with(|local, w| w.release_lead(local, P2)).unwrap();
    let (total, lines) = pool_ids(&mut laptop);
    assert_eq!(total, 3);
    assert!(lines.contains(&(P2.to_string(), true, true)), "{lines:?}");
    let page = laptop.read(|r| r.contact_page(P2)).unwrap().unwrap();
    assert_eq!(
        (page.party.owner.as_str(), page.party.unassigned),
        ("", true)
    );
    // A prospect released stays out of the pool, as on the server.
    laptop.with(|local, w| w.release_lead(local, P1)).unwrap();
    let (_, lines) = pool_ids(&mut laptop);
    assert!(!lines.iter().any(|(id, _, _)| id == P1), "{lines:?}");
}
