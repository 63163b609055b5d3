//! The UI's TypeScript types are generated from the Rust types that cross the window
//! boundary. This test regenerates them and fails when the committed files differ, so
//! the two sides cannot drift. `UPDATE_BINDINGS=1 cargo test -p tournee-field --test
//! bindings` rewrites `ui/src/lib/bindings/`.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tournee_field::dto::*;
use ts_rs::TS;

fn export_all(dir: &Path) {
    let config = ts_rs::Config::new().with_out_dir(dir);
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all(&config).unwrap(); )* };
    }
    export!(
        CommandError,
        // Not inside another type: the UI's catalogues of reasons are typed by it.
        ReasonCode,
        RefusalCode,
        AppStatus,
        RefreshOutcome,
        LinkStatus,
        UpdateStatus,
        RefusedFile,
        EnrollInput,
        FirstRunProgress,
        SetupPreview,
        SetupInput,
        HomeRow,
        SearchResult,
        ClientCard,
        DeclinedNotice,
        VisitRow,
        FormConfig,
        VisitInput,
        WrittenChange,
        RevisitInput,
        FleetInput,
        ModificationInput,
        PendingChange,
        ProspectHit,
        ProspectCard,
        ProspectInput,
        DuplicateHit,
        ProspectCreated,
        ProspectUpdateInput,
        ProspectVisitInput,
        ConversionConfig,
        ConversionInput,
        FieldChoices,
        StatsQuery,
        Stats,
        RepChoice,
        CalendarQuery,
        CalendarEvent,
        CalendarView,
        ExportedFile,
        // The CRM's records.
        tournee_core::ActionType,
        ContactQuery,
        ContactHit,
        ContactPage,
        DuplicateMatchView,
        PartyInput,
        PersonInput,
        ActionInput,
        ReplyInput,
        TodoInput,
        RecordWritten,
        Dashboard,
        // Campaigns, meetings and recent activity (issue 15).
        CampaignLine,
        CampaignPage,
        MeetingLine,
        ActivityLine,
        CampaignInput,
        LeadCardInput,
        CallInput,
        MeetingInput,
        // Opportunities (issue 15).
        OpportunityBoard,
        OpportunityView,
        OpportunityInput,
        OpportunityEdit,
        ConversionToOpportunity,
        CloseInput,
        OpportunityFigures,
        // Quotes (issue 15).
        CatalogueChoice,
        QuoteView,
        QuoteInput,
        QuoteEdit,
        QuoteSignatureInput,
        // The unassigned pool and what the user may write (issue 15).
        PoolView,
        TakeNotice,
        UserGrants,
        // Segments (issue 15).
        SegmentLine,
        SegmentInput,
        SegmentParties,
        AssignmentResult,
        // The sales reports (issue 15).
        ReportQuery,
        SalesReports,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn bindings_are_current() {
    let committed: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let generated = read_dir(fresh.path());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        if committed.exists() {
            for name in read_dir(&committed).keys() {
                std::fs::remove_file(committed.join(name)).unwrap();
            }
        }
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let current = read_dir(&committed);
    assert_eq!(
        current.keys().collect::<Vec<_>>(),
        generated.keys().collect::<Vec<_>>(),
        "binding files differ: run UPDATE_BINDINGS=1 cargo test -p tournee-field --test bindings"
    );
    for (name, text) in &generated {
        assert_eq!(
            &current[name], text,
            "{name} is out of date: run UPDATE_BINDINGS=1 cargo test -p tournee-field --test bindings"
        );
    }
}
