//! The demo's selling drawn as a plan before anything is written: who sells what to whom,
//! and the dated steps (creations, stage moves, closings, quotes, calls, meetings) that
//! [`super::changes`] turns into integrated changes in time order.
//!
//! Each opportunity's steps are spread between its creation and today, so a step never
//! comes before the one it follows; a quote is drafted once its opportunity reaches the
//! proposal, sent before the next step, and answered when the opportunity closes (an
//! acceptance then wins it through the integrator, a refusal precedes its loss).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tournee_core::{quote_totals, CatalogueEntry, QuoteLine};

use super::super::bulk::share;
use super::super::records::ulid_on;
use super::super::{DemoRng, DemoSpec, Rep};
use super::SellingCounts;
use crate::error::Result;

/// The default pipeline's stages, in order (`tournee_core::pipeline::default_pipelines`).
pub(super) const STAGES: [&str; 4] = ["qualification", "besoin", "proposition", "negociation"];

/// The stage a quote is drafted at.
const PROPOSAL: usize = 2;

/// Opportunities are created at most this many days before today (open ones: 200).
const HORIZON_DAYS: i64 = 540;
const OPEN_HORIZON_DAYS: i64 = 200;

const TITLES: &[&str] = &[
    "Équipement pneus hiver de la flotte",
    "Contrat d'entretien poids lourds",
    "Pneus agricoles pour la saison",
    "Renouvellement des pneus tourisme",
    "Géométrie et montage du parc utilitaire",
    "Gardiennage saisonnier des pneus",
    "Dépannage sur site des tracteurs",
];

const LOSS_REASONS: &[&str] = &[
    "Prix trop élevé",
    "Concurrent retenu",
    "Projet reporté à l'an prochain",
    "Pas de budget cette année",
];

/// A party a rep may sell to: a prospect or a client of theirs, and since when.
pub(super) struct Candidate {
    id: String,
    /// No opportunity on it before this day.
    since: NaiveDate,
}

/// Every rep's prospects and clients (by owner, else creator), in id order.
pub(super) fn candidates(
    conn: &Connection,
    today: NaiveDate,
    reps: &[Rep],
) -> Result<Vec<Vec<Candidate>>> {
    let mut per_rep: Vec<Vec<Candidate>> = reps.iter().map(|_| Vec::new()).collect();
    let mut statement = conn.prepare(
        "SELECT id, substr(created_at, 1, 10), client_code IS NOT NULL, \
                coalesce(owner, created_by) \
         FROM party WHERE status IN ('prospect', 'client') ORDER BY id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let earliest = today - Duration::days(HORIZON_DAYS);
    for row in rows {
        let (id, created, is_client, owner) = row?;
        let Some(rep) = reps.iter().position(|r| r.login == owner) else {
            continue;
        };
        // A client's party is dated the day it was linked; the client is older than that.
        let since = match (is_client, created.parse::<NaiveDate>()) {
            (true, _) | (false, Err(_)) => earliest,
            (false, Ok(day)) => day.max(earliest),
        };
        if since < today {
            per_rep[rep].push(Candidate { id, since });
        }
    }
    Ok(per_rep)
}

/// What happens to an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Still open at this stage.
    Open(usize),
    /// Won: moved to the last stage and won, or won by its accepted quote.
    Won,
    /// Lost after reaching this stage.
    Lost(usize),
}

/// One opportunity and its story.
pub(super) struct Opportunity {
    pub(super) id: String,
    pub(super) party: String,
    pub(super) rep: usize,
    pub(super) title: &'static str,
    pub(super) value_cents: i64,
    pub(super) expected_close: NaiveDate,
    pub(super) fate: Fate,
    pub(super) loss_reason: &'static str,
}

/// One quote on an opportunity.
pub(super) struct Quote {
    pub(super) id: String,
    pub(super) opportunity: usize,
    pub(super) lines: Vec<QuoteLine>,
    pub(super) valid_until: NaiveDate,
}

/// A campaign and who typed its leads in.
pub(super) struct Campaign {
    pub(super) id: String,
    pub(super) name: &'static str,
    pub(super) starts_on: NaiveDate,
    pub(super) days: i64,
    pub(super) place: &'static str,
    pub(super) cost_cents: u32,
}

/// A lead typed in under a campaign.
pub(super) struct Lead {
    pub(super) id: String,
    pub(super) campaign: usize,
    pub(super) rep: usize,
}

/// A meeting planned ahead.
pub(super) struct Meeting {
    pub(super) id: String,
    pub(super) opportunity: usize,
    pub(super) attendee: usize,
    pub(super) starts_at: DateTime<Utc>,
}

/// One dated step, written as one change by `rep`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    CampaignCreate(usize),
    LeadCreate(usize),
    OpportunityCreate(usize),
    Stage(usize, usize),
    Won(usize),
    Lost(usize),
    QuoteCreate(usize),
    QuoteSent(usize),
    QuoteAccepted(usize),
    QuoteRefused(usize),
    Call(usize),
    MeetingCreate(usize),
}

/// A step, when and by whom.
pub(super) struct Dated {
    pub(super) at: DateTime<Utc>,
    pub(super) rep: usize,
    pub(super) step: Step,
}

/// The whole plan.
pub(super) struct Plan {
    pub(super) campaigns: Vec<Campaign>,
    pub(super) leads: Vec<Lead>,
    pub(super) opportunities: Vec<Opportunity>,
    pub(super) quotes: Vec<Quote>,
    /// Calls: the opportunity each is about.
    pub(super) calls: Vec<usize>,
    pub(super) meetings: Vec<Meeting>,
    /// Every step, in time order.
    pub(super) steps: Vec<Dated>,
}

impl Plan {
    /// What the plan writes, by kind.
    pub(super) fn counts(&self) -> SellingCounts {
        SellingCounts {
            campaigns: self.campaigns.len() as u32,
            leads: self.leads.len() as u32,
            opportunities: self.opportunities.len() as u32,
            quotes: self.quotes.len() as u32,
            calls: self.calls.len() as u32,
            meetings: self.meetings.len() as u32,
        }
    }
}

/// Draws the plan; see the module's documentation.
pub(super) fn plan(
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
    candidates: &[Vec<Candidate>],
) -> Result<Plan> {
    let mut planner = Planner {
        today: spec.today,
        catalogue: super::super::catalogue_entries(),
        plan: Plan {
            campaigns: Vec::new(),
            leads: Vec::new(),
            opportunities: Vec::new(),
            quotes: Vec::new(),
            calls: Vec::new(),
            meetings: Vec::new(),
            steps: Vec::new(),
        },
        quotes_left: spec.selling.quotes,
        meetings_left: 3 * reps.len() as u32,
        reps: reps.len(),
    };
    planner.campaigns(rng, spec.selling.show_leads);
    let on_leads = planner.lead_opportunities(rng);
    for (rep, parties) in candidates.iter().enumerate() {
        let count = share(
            spec.selling.opportunities.saturating_sub(on_leads),
            reps.len(),
            rep,
        );
        for _ in 0..count {
            if parties.is_empty() {
                break;
            }
            let party = rng.pick(parties);
            planner.opportunity(rng, rep, &party.id.clone(), party.since, None);
        }
    }
    planner.second_quotes(rng);
    let mut plan = planner.plan;
    plan.steps.sort_by_key(|dated| dated.at);
    Ok(plan)
}

struct Planner {
    today: NaiveDate,
    catalogue: Vec<CatalogueEntry>,
    plan: Plan,
    quotes_left: u32,
    meetings_left: u32,
    reps: usize,
}

impl Planner {
    fn push(&mut self, at: DateTime<Utc>, rep: usize, step: Step) {
        self.plan.steps.push(Dated { at, rep, step });
    }

    /// The end of today's working day: no step after it.
    fn day_end(&self) -> DateTime<Utc> {
        at_time(self.today, 18 * 60)
    }

    /// Brief 002's trade show (three days, leads typed by three reps) and a smaller
    /// event, both created by an admin (the second user) ahead of their dates.
    fn campaigns(&mut self, rng: &mut DemoRng, show_leads: u32) {
        let admin = 1.min(self.reps - 1);
        let events = [
            (
                "Salon Solutrans 2026",
                60,
                3,
                "Lyon, Eurexpo",
                1_800_000,
                show_leads,
            ),
            (
                "Journées pneus hiver",
                150,
                2,
                "Agences Tournée",
                250_000,
                show_leads / 3,
            ),
        ];
        for (name, days_ago, days, place, cost_cents, leads) in events {
            let starts_on = self.today - Duration::days(days_ago);
            let created = starts_on - Duration::days(20);
            let campaign = self.plan.campaigns.len();
            self.plan.campaigns.push(Campaign {
                id: ulid_on(rng, created),
                name,
                starts_on,
                days,
                place,
                cost_cents,
            });
            self.push(
                at_time(created, 9 * 60),
                admin,
                Step::CampaignCreate(campaign),
            );
            // Three reps at the stand, each typing in their cards on the day they met them.
            let typists = [0, 3 % self.reps, 4 % self.reps];
            for n in 0..leads {
                let rep = typists[n as usize % typists.len()];
                let day = starts_on + Duration::days(rng.below(days as usize) as i64);
                let lead = self.plan.leads.len();
                self.plan.leads.push(Lead {
                    id: ulid_on(rng, day),
                    campaign,
                    rep,
                });
                let minutes = 9 * 60 + rng.below(9 * 60) as i64;
                self.push(at_time(day, minutes), rep, Step::LeadCreate(lead));
            }
        }
    }

    /// One lead in four is qualified into an opportunity in the days after its campaign,
    /// a call first (brief 002's scenario); answers how many.
    fn lead_opportunities(&mut self, rng: &mut DemoRng) -> u32 {
        let mut made = 0;
        for lead in (0..self.plan.leads.len()).step_by(4) {
            let (id, rep, campaign) = {
                let l = &self.plan.leads[lead];
                (l.id.clone(), l.rep, l.campaign)
            };
            let c = &self.plan.campaigns[campaign];
            let since = c.starts_on + Duration::days(c.days);
            self.opportunity(rng, rep, &id, since, Some(()));
            made += 1;
        }
        made
    }

    /// One opportunity on `party` and its steps, created on `since` or later.
    fn opportunity(
        &mut self,
        rng: &mut DemoRng,
        rep: usize,
        party: &str,
        since: NaiveDate,
        call_first: Option<()>,
    ) {
        let fate = match rng.below(100) {
            0..=39 => Fate::Open(rng.below(STAGES.len())),
            40..=74 => Fate::Won,
            _ => Fate::Lost(rng.below(STAGES.len())),
        };
        let horizon = match fate {
            Fate::Open(_) => OPEN_HORIZON_DAYS,
            _ => HORIZON_DAYS,
        };
        let earliest = since.max(self.today - Duration::days(horizon));
        let span = (self.today - earliest).num_days().max(0) as usize;
        let day = earliest + Duration::days(rng.below(span + 1) as i64);
        let created = at_time(day, 8 * 60 + rng.below(8 * 60) as i64);
        let created = created.min(self.day_end() - Duration::hours(2));
        // Moves up to the fate's stage, then the closing.
        let (reached, closes) = match fate {
            Fate::Open(stage) => (stage, false),
            Fate::Won => (STAGES.len() - 1, true),
            Fate::Lost(stage) => (stage, true),
        };
        let steps = reached as i64 + i64::from(closes);
        let room = (self.day_end() - created).num_minutes() / (steps + 1);
        let gap_minutes = (rng.below(19 * 24 * 60) as i64 + 24 * 60).min(room.max(3));
        let gap = Duration::minutes(gap_minutes);
        let index = self.plan.opportunities.len();
        let wants_quote = reached >= PROPOSAL
            && self.quotes_left > 0
            && rng.chance(match fate {
                Fate::Won => 80,
                _ => 65,
            });
        let lines = wants_quote.then(|| self.lines(rng));
        let value_cents = match &lines {
            Some(lines) => quote_totals(lines).excl_vat_cents,
            None => 1_000 * (80 + rng.below(4_000) as i64),
        };
        let last = created + gap * steps as i32;
        let expected_close = if closes {
            last.date_naive() + Duration::days(rng.below(20) as i64)
        } else {
            self.today + Duration::days(5 + rng.below(175) as i64)
        };
        self.plan.opportunities.push(Opportunity {
            id: ulid_on(rng, day),
            party: party.to_owned(),
            rep,
            title: TITLES[rng.below(TITLES.len())],
            value_cents,
            expected_close,
            fate,
            loss_reason: LOSS_REASONS[rng.below(LOSS_REASONS.len())],
        });
        self.push(created, rep, Step::OpportunityCreate(index));
        if call_first.is_some() {
            self.call(rep, created + Duration::minutes(1), index);
        }
        for stage in 1..=reached {
            self.push(created + gap * stage as i32, rep, Step::Stage(index, stage));
        }
        if let Some(lines) = lines {
            let at_proposal = created + gap * PROPOSAL as i32;
            self.quote(rng, rep, index, lines, at_proposal, gap, fate, last);
        } else if closes {
            let step = if fate == Fate::Won {
                Step::Won(index)
            } else {
                Step::Lost(index)
            };
            self.push(last, rep, step);
        }
        self.activities(rng, rep, index, created, last, fate);
    }

    /// A quote drafted a third of a gap after the proposal, sent before the next step,
    /// answered when the opportunity closes (an acceptance wins it; a refusal precedes the
    /// loss); the opportunity's own closing is left to the acceptance.
    #[allow(clippy::too_many_arguments)]
    fn quote(
        &mut self,
        rng: &mut DemoRng,
        rep: usize,
        opportunity: usize,
        lines: Vec<QuoteLine>,
        at_proposal: DateTime<Utc>,
        gap: Duration,
        fate: Fate,
        last: DateTime<Utc>,
    ) {
        self.quotes_left -= 1;
        let drafted = at_proposal + gap / 3;
        let quote = self.plan.quotes.len();
        self.plan.quotes.push(Quote {
            id: ulid_on(rng, drafted.date_naive()),
            opportunity,
            lines,
            valid_until: drafted.date_naive() + Duration::days(30),
        });
        self.push(drafted, rep, Step::QuoteCreate(quote));
        let sent = at_proposal + gap * 2 / 3;
        let answered = match fate {
            Fate::Open(stage) if stage == PROPOSAL && rng.chance(50) => return, // a draft
            Fate::Open(_) => None,
            Fate::Won => Some(Step::QuoteAccepted(quote)),
            Fate::Lost(_) => Some(Step::QuoteRefused(quote)),
        };
        self.push(sent, rep, Step::QuoteSent(quote));
        match answered {
            Some(Step::QuoteAccepted(q)) => self.push(last, rep, Step::QuoteAccepted(q)),
            Some(refused) => {
                self.push(last - gap / 3, rep, refused);
                self.push(last, rep, Step::Lost(opportunity));
            }
            None => {}
        }
    }

    /// A call about a third of the opportunities (one in five by an admin colleague, as
    /// anyone who reads a party may log one), and meetings planned ahead on some open ones.
    fn activities(
        &mut self,
        rng: &mut DemoRng,
        rep: usize,
        opportunity: usize,
        created: DateTime<Utc>,
        last: DateTime<Utc>,
        fate: Fate,
    ) {
        if rng.chance(33) {
            let span = (last - created).num_minutes().max(1) as usize;
            let at = created + Duration::minutes(1 + rng.below(span) as i64);
            let admin = if rep == 1 {
                2 % self.reps
            } else {
                1 % self.reps
            };
            let by = if rng.chance(20) { admin } else { rep };
            self.call(by, at.min(self.day_end()), opportunity);
        }
        if matches!(fate, Fate::Open(_)) && self.meetings_left > 0 && rng.chance(20) {
            self.meetings_left -= 1;
            let attendee = if rng.chance(25) {
                (rep + 1) % self.reps
            } else {
                rep
            };
            let day = self.today + Duration::days(1 + rng.below(20) as i64);
            let hour = *rng.pick(&[9, 10, 14, 16]);
            let meeting = self.plan.meetings.len();
            self.plan.meetings.push(Meeting {
                id: ulid_on(rng, self.today),
                opportunity,
                attendee,
                starts_at: at_time(day, hour * 60),
            });
            let at = self.day_end() - Duration::minutes(rng.below(60) as i64 + 1);
            self.push(at.max(last), rep, Step::MeetingCreate(meeting));
        }
    }

    fn call(&mut self, by: usize, at: DateTime<Utc>, opportunity: usize) {
        let call = self.plan.calls.len();
        self.plan.calls.push(opportunity);
        self.push(at, by, Step::Call(call));
    }

    /// One to three lines from the catalogue: tyres by the set, services by the unit,
    /// one line in five with a discount.
    fn lines(&mut self, rng: &mut DemoRng) -> Vec<QuoteLine> {
        let count = 1 + rng.below(3);
        let mut lines: Vec<QuoteLine> = Vec::with_capacity(count);
        for _ in 0..count {
            let entry = rng.pick(&self.catalogue);
            if lines
                .iter()
                .any(|l| l.reference.as_ref() == Some(&entry.reference))
            {
                continue;
            }
            let quantity = if entry.unit == "pièce" {
                4 * (1 + rng.below(10)) as i64
            } else {
                1 + rng.below(5) as i64
            };
            let mut line = entry.line(quantity * 1_000);
            if rng.chance(20) {
                line.discount_bp = *rng.pick(&[500, 1_000]);
            }
            lines.push(line);
        }
        lines
    }

    /// When more quotes are asked than opportunities took: a second, later quote on the
    /// open ones past the proposal that have one, drafted today.
    fn second_quotes(&mut self, rng: &mut DemoRng) {
        let mut index = 0;
        let first_quotes = self.plan.quotes.len();
        while self.quotes_left > 0 && index < first_quotes {
            let opportunity = self.plan.quotes[index].opportunity;
            index += 1;
            let (rep, open) = {
                let o = &self.plan.opportunities[opportunity];
                (o.rep, matches!(o.fate, Fate::Open(_)))
            };
            if !open {
                continue;
            }
            self.quotes_left -= 1;
            let lines = self.lines(rng);
            let quote = self.plan.quotes.len();
            self.plan.quotes.push(Quote {
                id: ulid_on(rng, self.today),
                opportunity,
                lines,
                valid_until: self.today + Duration::days(30),
            });
            // After every other step of the day (each is before the day's end).
            self.push(self.day_end(), rep, Step::QuoteCreate(quote));
        }
    }
}

/// `day` at `minutes` past midnight, UTC.
fn at_time(day: NaiveDate, minutes: i64) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)) + Duration::minutes(minutes)
}
