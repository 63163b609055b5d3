//! Opportunities on real files: a snapshot as the server writes it (and one from before
//! the table), `local.sqlite`, an outbox. The board, the page, the figures and the
//! party's score are read with the pending changes laid over; each write is checked by
//! the pipeline's rules before its file is written, and the file is read back by the
//! server's own reader.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use tournee_sync::{parse_change_file, ChangeBody, RecordOp, MAX_FILE_BYTES};

use super::*;
use crate::dto::{CloseInput, OpportunityEdit, OpportunityInput};
use crate::test_laptop::Laptop;

const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";
const O1: &str = "01JD0000000000000000000Q01";
const O2: &str = "01JD0000000000000000000Q02";
const O3: &str = "01JD0000000000000000000Q03";
const O4: &str = "01JD0000000000000000000Q04";
const O5: &str = "01JD0000000000000000000Q05";

/// Two parties (a lead and a client-to-be) and five opportunities of the default pipeline:
/// two open (one undated), one won and one lost by jdupont, one won by luc.
fn snapshot(dir: &Path, with_table: bool) -> Connection {
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO config VALUES ('accepted_specs', '[1,2]');
         INSERT INTO party (id, kind, name, first_name, owner, created_by, created_at, status) VALUES
           ('{P1}', 'company', 'Cuisines Dubois', NULL, 'jdupont', 'jdupont', 'x', 'lead'),
           ('{P2}', 'person', 'Martin', 'Anne', 'jdupont', 'jdupont', 'x', 'prospect');
         INSERT INTO opportunity (id, party_id, title, value_cents, expected_close, pipeline, stage,
             status, loss_reason, closed_at, owner, created_by, created_at) VALUES
           ('{O1}', '{P2}', 'Armoires rouges', 500000, '2027-01-15', 'standard', 'proposition',
             'open', NULL, NULL, 'jdupont', 'jdupont', '2026-11-10T09:00:00Z'),
           ('{O2}', '{P2}', 'Plan de travail', 100000, NULL, 'standard', 'qualification',
             'open', NULL, NULL, 'jdupont', 'jdupont', '2026-11-10T09:00:00Z'),
           ('{O3}', '{P2}', 'Cuisine', 900000, '2026-11-30', 'standard', 'negociation',
             'won', NULL, '2026-11-12T09:00:00Z', 'jdupont', 'jdupont', '2026-11-10T09:00:00Z'),
           ('{O4}', '{P2}', 'Salle de bain', 300000, '2026-11-30', 'standard', 'besoin',
             'lost', 'Trop cher', '2026-11-11T09:00:00Z', 'jdupont', 'jdupont', '2026-11-10T09:00:00Z'),
           ('{O5}', '{P2}', 'Dressing', 200000, '2026-12-15', 'standard', 'negociation',
             'won', NULL, '2026-10-05T21:00:00Z', 'luc', 'luc', '2026-10-04T09:00:00Z');"
    ))
    .unwrap();
    if !with_table {
        conn.execute_batch("DROP TABLE opportunity").unwrap();
    }
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The shared test laptop over a snapshot with or without the opportunity table; its
/// snapshot leaves the specs' negotiation out, so record changes are allowed here.
fn laptop_over(with_table: bool) -> Laptop {
    let mut laptop = Laptop::new(|dir| snapshot(dir, with_table));
    laptop.accepts = true;
    laptop
}

impl Laptop {
    fn board(&mut self) -> OpportunityBoard {
        let pipelines = self.parameters.pipelines.clone();
        self.with(|_, w| {
            let all = opportunities(w.reader, None).unwrap();
            let defined = board(&pipelines, &all, None).unwrap();
            // The fast read the command uses gives the same board, pending changes and all.
            let read = board_read(w.reader, &pipelines, None).unwrap();
            assert_eq!(read, defined);
            read
        })
    }

    fn view(&mut self, id: &str) -> OpportunityView {
        let pipelines = self.parameters.pipelines.clone();
        self.with(|_, w| view(&pipelines, &one(w.reader, id).unwrap().unwrap()))
    }

    /// The last file of the outbox, read by the server's reader: its op and fields.
    fn last_file(&self) -> (RecordOp, serde_json::Value) {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.outbox)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let path = files.last().unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let envelope =
            parse_change_file(&name, &std::fs::read(path).unwrap(), MAX_FILE_BYTES).unwrap();
        let ChangeBody::RC(change) = envelope.body else {
            panic!("not a record change");
        };
        let payload = change.to_payload();
        (change.op, payload["fields"].clone())
    }
}

fn cards(board: &OpportunityBoard) -> Vec<(String, Vec<String>)> {
    board
        .columns
        .iter()
        .map(|c| {
            (
                c.stage.code.clone(),
                c.cards.iter().map(|k| k.title.clone()).collect(),
            )
        })
        .collect()
}

/// The code, field and rule of a refusal.
fn refusal(error: &FieldError) -> (String, String, String) {
    let command = error.to_command_error();
    let problem = &command.problems[0];
    (
        problem.code.to_string(),
        problem.field.clone(),
        problem.values.get("rule").cloned().unwrap_or_default(),
    )
}

fn new_opportunity(party: &str, title: &str) -> OpportunityInput {
    OpportunityInput {
        party_id: party.into(),
        pipeline: None,
        title: title.into(),
        value_cents: Some(250_000),
        expected_close: Some("2027-02-20".into()),
    }
}

#[test]
fn the_board_has_a_column_per_stage_with_the_open_opportunities_and_the_forecast() {
    let mut laptop = laptop_over(true);
    let board = laptop.board();
    assert_eq!(board.pipeline.code, "standard");
    assert_eq!(
        cards(&board),
        vec![
            ("qualification".into(), vec!["Plan de travail".to_string()]),
            ("besoin".into(), vec![]),
            ("proposition".into(), vec!["Armoires rouges".to_string()]),
            ("negociation".into(), vec![]),
        ]
    );
    let armoires = &board.columns[2].cards[0];
    assert_eq!(armoires.party_name, "Martin Anne");
    assert_eq!(armoires.next_stage.as_deref(), Some("negociation"));
    assert!(!armoires.pending);
    assert_eq!(board.columns[2].total_cents, 500_000);
    // 5 000 € at « Proposition » (60 %) in January; the undated one is left out.
    assert_eq!(
        board.forecast,
        vec![ForecastMonth {
            month: "2027-01".into(),
            cents: 300_000
        }]
    );
    assert_eq!((board.undated, board.won, board.lost), (1, 2, 1));
}

#[test]
fn an_older_snapshot_without_the_table_reads_as_no_opportunity() {
    let mut laptop = laptop_over(false);
    let board = laptop.board();
    assert!(board.columns.iter().all(|c| c.cards.is_empty()));
    assert_eq!((board.won, board.lost), (0, 0));
    // One created here still shows, pending.
    laptop
        .with(|local, w| w.create_opportunity(local, &new_opportunity(P1, "Cuisine d'été")))
        .unwrap();
    let board = laptop.board();
    assert_eq!(board.columns[0].cards.len(), 1);
    assert!(board.columns[0].cards[0].pending);
}

#[test]
fn a_created_opportunity_starts_at_the_first_stage_pending_and_its_file_reads_back() {
    let mut laptop = laptop_over(true);
    let written = laptop
        .with(|local, w| w.create_opportunity(local, &new_opportunity(P1, "Cuisine d'été")))
        .unwrap();
    let (op, fields) = laptop.last_file();
    assert_eq!(op, RecordOp::Create);
    assert_eq!(fields["stage"], "qualification");
    assert_eq!(fields["status"], "open");
    assert_eq!(fields["pipeline"], "standard");
    assert_eq!(fields["value_cents"], 250_000);
    assert_eq!(fields["party_id"], P1);
    let view = laptop.view(&written.id);
    assert!(view.pending);
    assert_eq!(view.party_name, "Cuisines Dubois");
    assert_eq!(view.stage, "qualification");
    assert_eq!(view.next_stage.as_deref(), Some("besoin"));
    assert_eq!(view.previous_stage, None);
    // A title is mandatory, named by its field; an unknown party is refused.
    let untitled = laptop
        .with(|local, w| w.create_opportunity(local, &new_opportunity(P1, "  ")))
        .unwrap_err();
    assert_eq!(refusal(&untitled).1, "title");
    let stranger = laptop
        .with(|local, w| w.create_opportunity(local, &new_opportunity(O1, "X")))
        .unwrap_err();
    assert!(matches!(
        stranger,
        FieldError::UnknownRecord {
            entity: "party",
            ..
        }
    ));
}

#[test]
fn a_card_moves_one_stage_at_a_time_and_the_board_shows_it_pending() {
    let mut laptop = laptop_over(true);
    // « Plan de travail » is at « Qualification »: « Proposition » skips « Besoin ».
    let skipped = laptop
        .with(|local, w| w.move_opportunity(local, O2, "proposition"))
        .unwrap_err();
    assert_eq!(
        refusal(&skipped),
        (
            "opportunity_move".into(),
            "stage".into(),
            "opportunity_stage_skipped".into()
        )
    );
    assert!(std::fs::read_dir(&laptop.outbox).unwrap().next().is_none());
    laptop
        .with(|local, w| w.move_opportunity(local, O2, "besoin"))
        .unwrap();
    let (op, fields) = laptop.last_file();
    assert_eq!(op, RecordOp::Update);
    assert_eq!(fields, serde_json::json!({"stage": "besoin"}));
    let board = laptop.board();
    assert_eq!(board.columns[1].cards[0].title, "Plan de travail");
    assert!(board.columns[1].cards[0].pending);
    // Back is free, by any number of stages.
    laptop
        .with(|local, w| w.move_opportunity(local, O1, "qualification"))
        .unwrap();
    assert_eq!(laptop.view(O1).stage, "qualification");
}

#[test]
fn won_from_the_last_stage_only_lost_with_a_reason_and_closed_is_final() {
    let mut laptop = laptop_over(true);
    let early = laptop
        .with(|local, w| {
            w.close_opportunity(
                local,
                O1,
                &CloseInput {
                    won: true,
                    loss_reason: None,
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        refusal(&early),
        (
            "opportunity_move".into(),
            "status".into(),
            "opportunity_won_before_last_stage".into()
        )
    );
    let no_reason = laptop
        .with(|local, w| {
            w.close_opportunity(
                local,
                O2,
                &CloseInput {
                    won: false,
                    loss_reason: Some("  ".into()),
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&no_reason).1, "loss_reason");
    laptop
        .with(|local, w| w.move_opportunity(local, O1, "negociation"))
        .unwrap();
    laptop
        .with(|local, w| {
            w.close_opportunity(
                local,
                O1,
                &CloseInput {
                    won: true,
                    loss_reason: None,
                },
            )
        })
        .unwrap();
    let (_, fields) = laptop.last_file();
    assert_eq!(fields, serde_json::json!({"status": "won"}));
    let view = laptop.view(O1);
    assert_eq!(view.status, OpportunityStatus::Won);
    // Off the board, counted won; and nothing changes it any more.
    let board = laptop.board();
    assert!(board.columns[3].cards.is_empty());
    assert_eq!(board.won, 3);
    let edit = laptop
        .with(|local, w| {
            w.update_opportunity(
                local,
                O1,
                &OpportunityEdit {
                    title: "Autre".into(),
                    value_cents: None,
                    expected_close: None,
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&edit).2, "opportunity_closed");
    let back = laptop
        .with(|local, w| w.move_opportunity(local, O3, "besoin"))
        .unwrap_err();
    assert_eq!(refusal(&back).2, "opportunity_closed");
}

#[test]
fn an_edit_sends_only_what_changed_and_nothing_changed_is_said_on_the_title() {
    let mut laptop = laptop_over(true);
    laptop
        .with(|local, w| {
            w.update_opportunity(
                local,
                O1,
                &OpportunityEdit {
                    title: "Armoires rouges".into(),
                    value_cents: Some(650_000),
                    expected_close: Some("2027-01-15".into()),
                },
            )
        })
        .unwrap();
    let (_, fields) = laptop.last_file();
    assert_eq!(fields, serde_json::json!({"value_cents": 650_000}));
    assert_eq!(laptop.view(O1).value_cents, Some(650_000));
    let same = laptop
        .with(|local, w| {
            w.update_opportunity(
                local,
                O1,
                &OpportunityEdit {
                    title: "Armoires rouges".into(),
                    value_cents: Some(650_000),
                    expected_close: Some("2027-01-15".into()),
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&same).1, "title");
    let bad_day = laptop
        .with(|local, w| {
            w.update_opportunity(
                local,
                O1,
                &OpportunityEdit {
                    title: "Armoires rouges".into(),
                    value_cents: None,
                    expected_close: Some("15/01/2027".into()),
                },
            )
        })
        .unwrap_err();
    assert_eq!(refusal(&bad_day).1, "expected_close");
}

#[test]
fn the_time_to_close_is_averaged_in_hours_per_rep_and_month_closed() {
    let mut laptop = laptop_over(true);
    let pipelines = laptop.parameters.pipelines.clone();
    let figures = laptop.with(|_, w| figures(&pipelines, &opportunities(w.reader, None).unwrap()));
    // jdupont closed two in November: 48 h and 24 h; luc one in October: 36 h.
    assert_eq!(
        figures.time_to_close,
        vec![
            TimeToCloseLine {
                owner: "jdupont".into(),
                period: "2026-11".into(),
                closed: 2,
                average_hours_tenths: 360,
            },
            TimeToCloseLine {
                owner: "luc".into(),
                period: "2026-10".into(),
                closed: 1,
                average_hours_tenths: 360,
            },
        ]
    );
    assert_eq!(figures.average_hours_tenths, Some(360));
    assert_eq!(figures.forecast.len(), 1);
}

#[test]
fn a_partys_open_opportunities_feed_its_score() {
    let mut laptop = laptop_over(true);
    let pipelines = laptop.parameters.pipelines.clone();
    let of_p2 =
        laptop.with(|_, w| open_cards(&pipelines, &opportunities(w.reader, Some(P2)).unwrap()));
    let titles: Vec<&str> = of_p2.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Armoires rouges", "Plan de travail"]);
    // The lead P1 has none: no open_opportunity part; one created here counts at once.
    let rule_of = |laptop: &mut Laptop| {
        laptop.with(|_, w| {
            w.reader
                .contact_page(P1)
                .unwrap()
                .unwrap()
                .score
                .unwrap()
                .parts
                .iter()
                .any(|p| p.rule == "open_opportunity")
        })
    };
    assert!(!rule_of(&mut laptop));
    laptop
        .with(|local, w| w.create_opportunity(local, &new_opportunity(P1, "Cuisine d'été")))
        .unwrap();
    assert!(rule_of(&mut laptop));
}

/// A snapshot of `count` opportunities in random states over 40 parties (some on a party
/// the snapshot does not hold, some at a stage the pipeline no longer has, some in
/// another pipeline, some undated), seeded.
fn random_snapshot(dir: &Path, seed: u64, count: usize) -> Connection {
    let stages = [
        "qualification",
        "besoin",
        "proposition",
        "negociation",
        "ancienne",
    ];
    let mut dice = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut below = |n: usize| {
        dice ^= dice >> 12;
        dice ^= dice << 25;
        dice ^= dice >> 27;
        (dice.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    let path = dir.join("snapshot.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
        .unwrap();
    conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
        .unwrap();
    conn.execute("INSERT INTO config VALUES ('accepted_specs', '[1,2]')", [])
        .unwrap();
    for p in 0..40 {
        conn.execute(
            "INSERT INTO party (id, kind, name, first_name, owner, created_by, created_at, status) \
             VALUES (?1, ?2, ?3, ?4, 'jdupont', 'jdupont', 'x', 'prospect')",
            rusqlite::params![
                format!("01JD00000000000000000P{p:04}"),
                if p % 3 == 0 { "person" } else { "company" },
                format!("Client {p}"),
                (p % 3 == 0).then_some("Anne"),
            ],
        )
        .unwrap();
    }
    for n in 0..count {
        let status = ["open", "open", "open", "won", "lost"][below(5)];
        conn.execute(
            "INSERT INTO opportunity (id, party_id, title, value_cents, expected_close, pipeline, \
                 stage, status, loss_reason, closed_at, owner, created_by, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'jdupont', 'jdupont', \
                 '2026-10-01T09:00:00Z')",
            rusqlite::params![
                format!("01JD00000000000000000Q{n:04}"),
                format!("01JD00000000000000000P{:04}", below(44)),
                format!("Affaire {}", below(30)),
                (below(6) > 0).then(|| (below(50) as i64 + 1) * 10_000),
                (below(5) > 0).then(|| format!("2027-{:02}-{:02}", 1 + below(12), 1 + below(28))),
                if below(10) == 0 { "autre" } else { "standard" },
                stages[below(stages.len())],
                status,
                (status == "lost").then_some("Prix"),
                (status != "open").then_some("2026-11-01T09:00:00Z"),
            ],
        )
        .unwrap();
    }
    drop(conn);
    Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn the_fast_board_read_equals_the_board_of_every_merged_opportunity() {
    for seed in 1..=4 {
        let mut laptop = Laptop::new(|dir| random_snapshot(dir, seed, 300));
        laptop.accepts = true;
        laptop.board();
        // Random pending changes: creations, moves, closes won and lost, edits; the
        // pipeline's rules refuse some (a win before the last stage, a skip), which is
        // fine: what was written is laid over.
        let mut dice = seed;
        let mut next = |n: u64| {
            dice = dice.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (dice >> 33) % n
        };
        let stages = ["qualification", "besoin", "proposition", "negociation"];
        let mut written = 0;
        for step in 0..60_u64 {
            let id = format!("01JD00000000000000000Q{:04}", next(300));
            let party = format!("01JD00000000000000000P{:04}", next(40));
            let outcome = laptop.with(|local, w| match next(5) {
                0 => w
                    .create_opportunity(local, &new_opportunity(&party, &format!("Neuve {step}")))
                    .map(|_| ()),
                1 => w
                    .move_opportunity(local, &id, stages[next(4) as usize])
                    .map(|_| ()),
                2 => w
                    .close_opportunity(
                        local,
                        &id,
                        &CloseInput {
                            won: next(2) == 0,
                            loss_reason: Some("Délai".into()),
                        },
                    )
                    .map(|_| ()),
                3 => w
                    .update_opportunity(
                        local,
                        &id,
                        &OpportunityEdit {
                            title: format!("Revue {step}"),
                            value_cents: Some(next(90) as i64 * 1_000),
                            expected_close: (next(3) > 0).then(|| "2027-05-05".to_string()),
                        },
                    )
                    .map(|_| ()),
                _ => w.delete_party(local, &party).map(|_| ()),
            });
            if outcome.is_ok() {
                written += 1;
            }
            if step % 10 == 9 {
                // `board()` asserts that the fast read equals the definition.
                let board = laptop.board();
                assert!(
                    board.won + board.lost > 0,
                    "seed {seed}: closed ones counted"
                );
            }
        }
        assert!(written > 20, "seed {seed}: {written} changes written");
        let board = laptop.board();
        assert!(
            board
                .columns
                .iter()
                .any(|c| c.cards.iter().any(|k| k.pending)),
            "seed {seed}: some pending card on the board"
        );
    }
}
