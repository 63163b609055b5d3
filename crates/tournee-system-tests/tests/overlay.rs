//! The one overlay of pending changes, seen through the screens: a prospect created and a
//! client visit recorded offline are shown « en attente » at once, and stop being pending
//! once a snapshot's manifest lists them as integrated.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use tournee_field::dto::{PendingKind, ProspectInput};
use tournee_field::FieldApp;
use tournee_system_tests::bench::Bench;
use tournee_system_tests::conversion::fields;
use tournee_system_tests::laptop::visit_today;

const NAME: &str = "Garage de l'Overlay";
const PHONE: &str = "06 98 76 54 32";

fn hit_pending(app: &FieldApp, prospect_id: &str) -> bool {
    let hits = app.search_prospects(NAME).unwrap();
    let hit = hits.iter().find(|h| h.prospect_id == prospect_id);
    hit.unwrap_or_else(|| panic!("{prospect_id} not found: {hits:?}"))
        .pending
}

#[test]
fn a_prospect_and_a_visit_written_offline_are_pending_until_the_manifest_lists_them_integrated() {
    let bench = Bench::new();
    let mut app = bench.app();
    let code = app.home_last_visit().unwrap()[0].c_client.clone();

    let created = app
        .create_prospect(&ProspectInput {
            fields: fields(&[("nom_client", NAME), ("tel_1", PHONE)]),
        })
        .unwrap();
    let visit = app
        .record_visit(&visit_today(&app, &code, "Vu hors ligne"))
        .unwrap();
    let id = created.prospect_id.clone();

    // Both through the one overlay, each on its own screens.
    assert_eq!(app.status().unwrap().pending_changes, 2);
    assert!(hit_pending(&app, &id));
    let card = app.prospect_card(&id).unwrap();
    assert_eq!(card.pending.len(), 1);
    assert_eq!(card.pending[0].change_id, created.change.change_id);
    assert_eq!(card.pending[0].kind, PendingKind::ProspectCreation);
    let duplicate = app.find_duplicates(PHONE).unwrap();
    assert_eq!(duplicate.len(), 1);
    assert_eq!(duplicate[0].kind, "pending_prospect");
    let card = app.client_card(&code).unwrap();
    assert_eq!(card.pending.len(), 1, "the prospect is not the client's");
    assert_eq!(card.pending[0].change_id, visit.change_id);
    let history = app.visit_history(&code, false).unwrap();
    assert!(history
        .iter()
        .any(|row| row.pending && row.key == visit.change_id));

    let summary = bench.round_trip(&mut app);
    assert_eq!((summary.integrated, summary.failed), (2, 0));
    let manifest = tournee_sync::read_manifest(&bench.snapshot_dir()).unwrap();
    for change in [&created.change.change_id, &visit.change_id] {
        assert!(manifest.integrated.contains(change), "{change} listed");
    }

    // No longer pending anywhere: the snapshot's rows speak for them.
    assert_eq!(app.status().unwrap().pending_changes, 0);
    assert!(!hit_pending(&app, &id));
    assert!(app.prospect_card(&id).unwrap().pending.is_empty());
    let duplicate = app.find_duplicates(PHONE).unwrap();
    assert_eq!(duplicate.len(), 1);
    assert_eq!(duplicate[0].kind, "prospect");
    assert!(app.client_card(&code).unwrap().pending.is_empty());
    let history = app.visit_history(&code, false).unwrap();
    assert!(history.iter().all(|row| !row.pending));
    assert!(history
        .iter()
        .any(|row| row.commentaire.starts_with("Vu hors ligne")));
}
