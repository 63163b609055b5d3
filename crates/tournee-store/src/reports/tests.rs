//! The reports' SQL against its definitions on randomised masters (real SQLite files at
//! the latest schema, rows written directly: what is checked is the reading, not the
//! integrator, whose figures `tests/reports.rs` and `tests/demo_selling.rs` check).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::scope::owned_by;
use super::*;
use crate::master::open_master;

const LOGINS: [&str; 4] = ["jdupont", "mmartin", "luc", "slefebvre"];
const PARTY_STATUSES: [&str; 5] = ["lead", "dead_lead", "prospect", "dead_prospect", "client"];
const OPPORTUNITY_STATUSES: [&str; 3] = ["open", "won", "lost"];

/// A small deterministic generator (xorshift64*): the same master for the same seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// An instant within 2025–2026, as the master writes them.
    fn instant(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}T{:02}:00:00Z",
            2025 + self.below(2),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24)
        )
    }
}

/// `parties` parties of random owners (or none), creation times and statuses, each with
/// zero to three opportunities of random owners and statuses; some opportunities point to
/// a party the master does not hold.
fn random_master(dir: &std::path::Path, seed: u64, parties: usize) -> Connection {
    let mut conn = open_master(&dir.join(format!("master-{seed}.sqlite"))).unwrap();
    let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let tx = conn.transaction().unwrap();
    {
        let mut party = tx
            .prepare(
                "INSERT INTO party (id, kind, name, owner, created_by, created_at, change_id, status) \
                 VALUES (?1, 'company', ?1, ?2, ?3, ?4, 'c', ?5)",
            )
            .unwrap();
        let mut opportunity = tx
            .prepare(
                "INSERT INTO opportunity (id, party_id, owner, title, value_cents, pipeline, stage, \
                   status, closed_at, created_by, created_at, change_id) \
                 VALUES (?1, ?2, ?3, 't', 100, 'standard', 'qualification', ?4, ?5, ?6, ?7, 'c')",
            )
            .unwrap();
        let mut n = 0;
        for p in 0..parties {
            let id = format!("P{p:05}");
            let owner = (dice.below(4) > 0).then(|| dice.pick(&LOGINS));
            party
                .execute(rusqlite::params![
                    id,
                    owner,
                    dice.pick(&LOGINS),
                    dice.instant(),
                    dice.pick(&PARTY_STATUSES)
                ])
                .unwrap();
            for _ in 0..dice.below(4) {
                n += 1;
                let party_id = if dice.below(20) == 0 {
                    format!("GONE{n}")
                } else {
                    id.clone()
                };
                let status = dice.pick(&OPPORTUNITY_STATUSES);
                let closed = (status != "open").then(|| dice.instant());
                let owner = (dice.below(3) > 0).then(|| dice.pick(&LOGINS));
                opportunity
                    .execute(rusqlite::params![
                        format!("O{n:06}"),
                        party_id,
                        owner,
                        status,
                        closed,
                        dice.pick(&LOGINS),
                        dice.instant()
                    ])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    conn
}

/// The funnel as first written: per party created in the period, two `EXISTS` on its
/// opportunities. The definition the grouped read must equal.
fn funnel_per_party(conn: &Connection, period: ReportPeriod, scope: &ReportScope) -> Funnel {
    let (from, until) = period.bounds();
    let readable = owned_by("coalesce(o.owner, o.created_by)", "?4");
    conn.query_row(
        &format!(
            "SELECT count(*), \
                count(*) FILTER (WHERE p.status IN ('prospect', 'dead_prospect', 'client')), \
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM opportunity o \
                                               WHERE o.party_id = p.id AND {readable})), \
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM opportunity o \
                                               WHERE o.party_id = p.id AND o.status = 'won' \
                                                 AND {readable})) \
             FROM party p WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {}",
            owned_by("coalesce(p.owner, p.created_by)", "?3")
        ),
        rusqlite::params![
            from,
            until,
            scope.parties_json(),
            scope.opportunities_json()
        ],
        |r| {
            Ok(Funnel {
                leads: r.get(0)?,
                prospects: r.get(1)?,
                opportunities: r.get(2)?,
                won: r.get(3)?,
            })
        },
    )
    .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_grouped_funnel_counts_as_the_per_party_one() {
    let dir = tempfile::tempdir().unwrap();
    let periods = [
        ReportPeriod {
            from: day(2025, 1, 1),
            to: day(2026, 12, 31),
        },
        ReportPeriod {
            from: day(2025, 3, 15),
            to: day(2025, 9, 2),
        },
        ReportPeriod {
            from: day(2026, 6, 1),
            to: day(2026, 6, 1),
        },
        ReportPeriod {
            from: day(2020, 1, 1),
            to: day(2020, 12, 31),
        },
    ];
    let scopes = [
        ReportScope::EVERYTHING,
        ReportScope {
            parties: Some(vec!["jdupont".into(), "luc".into()]),
            opportunities: Some(vec!["jdupont".into(), "mmartin".into()]),
        },
        ReportScope {
            parties: None,
            opportunities: Some(vec!["luc".into()]),
        },
        ReportScope {
            parties: Some(Vec::new()),
            opportunities: Some(Vec::new()),
        },
    ];
    let mut nonzero = 0;
    for seed in 1..=6 {
        let conn = random_master(dir.path(), seed, 400);
        for period in periods {
            for scope in &scopes {
                let grouped = conversion_funnel(&conn, period, scope).unwrap();
                let defined = funnel_per_party(&conn, period, scope);
                assert_eq!(grouped, defined, "seed {seed}, {period:?}, {scope:?}");
                if grouped.won > 0 {
                    nonzero += 1;
                }
            }
        }
    }
    assert!(
        nonzero > 20,
        "the masters exercise the won column: {nonzero}"
    );
}
