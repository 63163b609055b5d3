//! The full demo's CRM volume (issue 13, « Demo data and performance »): each rep's share
//! of [`CrmScale`]'s companies (one to five people each), private persons, actions and
//! todos, written after the 36 parties per rep of [`super::records`].
//!
//! Each party follows a story that gives it its status, in turn lead, dead lead, prospect,
//! dead prospect; its actions are of every type, with an outcome where the type needs one
//! (« Appel »), some with replies; a share of the rep's actions falls on a few parties, as
//! real histories do. Todos are open, overdue, repeating or done, and a done todo on a
//! party is also that party's « Tâche faite » action, as the app makes it. No record party
//! reaches « Client »: that status needs a sale fact, which only a party linked to an ERP
//! client or a converted prospect has (`crate::parties`), never one created as a record.
//!
//! Written through the contacts import's fast path ([`Writer::create_minted`]: every
//! payload read by the field rules, the same rows as an integrated creation), each party's
//! status recomputed once after its actions. Deterministic: the demo's generator, dates
//! counted back from `today`.

use chrono::{Duration, NaiveDate};
use serde_json::json;
use tournee_core::TODO_DONE_TYPE;

use super::records::{ulid_on, Story, WritePath, Writer, REPLIES, STORIES, TODO_TEXTS};
use super::words::COMMENTS;
use super::{CrmScale, DemoRng, Rep};
use crate::error::Result;

/// Share `index` of `total` spread over `parts`, the first parts taking the remainder.
pub(super) fn share(total: u32, parts: usize, index: usize) -> u32 {
    let parts = parts.max(1) as u32;
    total / parts + u32::from((index as u32) < total % parts)
}

/// A party written, and what is still to write on it.
struct Planned {
    id: String,
    created: NaiveDate,
    story: Story,
    /// The last day its actions may take before the story's closing step: the day before
    /// a dead prospect's refusal (a contact after it would revive the prospect), else today.
    open_until: NaiveDate,
    /// For a dead prospect, the day of the refusal.
    closed_on: Option<NaiveDate>,
    people: Vec<(String, String)>,
    /// Actions beyond the story's own.
    extra: u32,
    /// Days and texts of its done todos, each also a « Tâche faite » action.
    done: Vec<(NaiveDate, &'static str)>,
}

impl Planned {
    /// The actions the story itself needs: a contact for a prospect, a wrong-details or
    /// refusal outcome for a dead lead, both a contact and a refusal for a dead prospect.
    fn story_actions(&self) -> u32 {
        match self.story {
            Story::Lead => 0,
            Story::DeadLead | Story::Prospect => 1,
            Story::DeadProspect => 2,
        }
    }
}

/// A todo to write once the parties are there.
struct PlannedTodo {
    party: Option<usize>,
    text: &'static str,
    due: NaiveDate,
    repeat_days: Option<u32>,
    done_on: Option<NaiveDate>,
}

/// Writes every rep's share of `scale`.
pub(super) fn insert_bulk(
    writer: &mut Writer<'_, '_>,
    rng: &mut DemoRng,
    scale: &CrmScale,
    reps: &[Rep],
) -> Result<()> {
    for (index, rep) in reps.iter().enumerate() {
        let companies = share(scale.companies, reps.len(), index);
        let persons = share(scale.persons, reps.len(), index);
        let mut parties = Vec::with_capacity((companies + persons) as usize);
        for n in 0..companies + persons {
            let story = STORIES[n as usize % STORIES.len()];
            parties.push(party(writer, rng, rep, n < companies, story)?);
        }
        let todos = plan_todos(
            rng,
            writer.today,
            share(scale.todos, reps.len(), index),
            &mut parties,
        );
        let needed: u32 = parties
            .iter()
            .map(|p| p.story_actions() + p.done.len() as u32)
            .sum();
        spread_extra(
            rng,
            share(scale.actions, reps.len(), index).saturating_sub(needed),
            &mut parties,
        );
        for planned in &parties {
            actions(writer, rng, rep, planned)?;
            writer.refresh_status(&planned.id)?;
        }
        for todo in todos {
            write_todo(writer, rng, rep, &parties, todo)?;
        }
    }
    Ok(())
}

/// Creates one party (and a company's people), and picks the days of its story.
fn party(
    writer: &mut Writer<'_, '_>,
    rng: &mut DemoRng,
    rep: &Rep,
    company: bool,
    story: Story,
) -> Result<Planned> {
    let today = writer.today;
    let created = today - Duration::days(30 + rng.below(900) as i64);
    let (id, people) =
        writer.party_with_people(rng, rep, created, |_| company, 5, WritePath::Minted)?;
    let span = (today - created).num_days();
    let (open_until, closed_on) = match story {
        Story::DeadProspect => {
            // Refused at least two days after creation, so a contact fits before.
            let refused = created + Duration::days(2 + rng.below((span - 1) as usize) as i64);
            (refused - Duration::days(1), Some(refused))
        }
        _ => (today, None),
    };
    Ok(Planned {
        id,
        created,
        story,
        open_until,
        closed_on,
        people,
        extra: 0,
        done: Vec::new(),
    })
}

/// The rep's todos: a quarter done, a quarter overdue, half open; a fifth of the undone
/// repeating; four in five on a party. A done todo on a party is noted on it, to become
/// its « Tâche faite » action.
fn plan_todos(
    rng: &mut DemoRng,
    today: NaiveDate,
    count: u32,
    parties: &mut [Planned],
) -> Vec<PlannedTodo> {
    let mut todos = Vec::with_capacity(count as usize);
    for n in 0..count {
        let party = (!parties.is_empty() && rng.chance(80)).then(|| rng.below(parties.len()));
        let text = *rng.pick(TODO_TEXTS);
        let todo = match n % 4 {
            0 => {
                let (from, until) = party.map_or((today - Duration::days(180), today), |p| {
                    (parties[p].created, parties[p].open_until)
                });
                let span = (until - from).num_days().max(0) as usize;
                let done_on = from + Duration::days(rng.below(span + 1) as i64);
                if let Some(p) = party {
                    parties[p].done.push((done_on, text));
                }
                PlannedTodo {
                    party,
                    text,
                    due: done_on + Duration::days(rng.below(7) as i64 - 3),
                    repeat_days: None,
                    done_on: Some(done_on),
                }
            }
            kind => PlannedTodo {
                party,
                text,
                due: if kind == 1 {
                    today - Duration::days(1 + rng.below(60) as i64)
                } else {
                    today + Duration::days(rng.below(90) as i64)
                },
                repeat_days: rng.chance(20).then(|| *rng.pick(&[7, 14, 30])),
                done_on: None,
            },
        };
        todos.push(todo);
    }
    todos
}

/// Spreads `extra` actions over the parties, most on a few of them (a party drawn with a
/// weight falling as 1/rank over a shuffled order), as a real portfolio has a few long
/// histories and many short ones.
fn spread_extra(rng: &mut DemoRng, extra: u32, parties: &mut [Planned]) {
    if parties.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..parties.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    for _ in 0..extra {
        let bound = rng.below(order.len()) + 1;
        let rank = rng.below(bound);
        parties[order[rank]].extra += 1;
    }
}

/// A step of a party's history: type and outcome.
type Step = (&'static str, Option<&'static str>);

/// Steps that keep a lead a lead (no conversation).
const QUIET: &[Step] = &[
    ("note", None),
    ("courrier", None),
    ("appel", Some("no_answer")),
];

/// Steps a prospect's history is made of (conversations, or nothing new).
const ONGOING: &[Step] = &[
    ("appel", Some("positive")),
    ("appel", Some("neutral")),
    ("appel", Some("no_answer")),
    ("email", None),
    ("email", None),
    ("rdv", Some("positive")),
    ("visite", Some("neutral")),
    ("visite", None),
    ("note", None),
    ("courrier", None),
];

/// Writes a party's actions (its story, its extra actions, its done todos' actions) in
/// date order, with replies under a share of the e-mails, meetings and visits.
fn actions(
    writer: &mut Writer<'_, '_>,
    rng: &mut DemoRng,
    rep: &Rep,
    planned: &Planned,
) -> Result<()> {
    let span = (planned.open_until - planned.created).num_days().max(0) as usize;
    let day = |rng: &mut DemoRng| planned.created + Duration::days(rng.below(span + 1) as i64);
    let mut steps: Vec<(NaiveDate, Step, Option<&str>)> = Vec::new();
    match planned.story {
        Story::Lead => {}
        Story::DeadLead => {
            let outcome = if rng.chance(50) {
                "wrong_contact_details"
            } else {
                "formal_refusal"
            };
            steps.push((day(rng), ("appel", Some(outcome)), None));
        }
        Story::Prospect | Story::DeadProspect => {
            let first = *rng.pick(&ONGOING[..2]);
            steps.push((day(rng), first, None));
        }
    }
    let fillers = match planned.story {
        Story::Lead | Story::DeadLead => QUIET,
        Story::Prospect | Story::DeadProspect => ONGOING,
    };
    for _ in 0..planned.extra {
        steps.push((day(rng), *rng.pick(fillers), None));
    }
    for (done_on, text) in &planned.done {
        steps.push((*done_on, (TODO_DONE_TYPE, None), Some(*text)));
    }
    if let Some(refused) = planned.closed_on {
        steps.push((refused, ("appel", Some("formal_refusal")), None));
    }
    steps.sort_by_key(|(date, _, _)| *date);
    for (date, (kind, outcome), text) in steps {
        let id = ulid_on(rng, date);
        let comment = text.unwrap_or_else(|| *rng.pick(COMMENTS));
        let mut fields = json!({"party_id": planned.id, "action_type": kind,
                                "date": date.to_string(),
                                "time": format!("{:02}:{:02}", 8 + rng.below(10), rng.below(60)),
                                "comment": comment});
        if let Some(outcome) = outcome {
            fields["outcome"] = json!(outcome);
        }
        if !planned.people.is_empty() {
            let (person, _) = rng.pick(&planned.people);
            fields["person_id"] = json!(person);
        }
        writer.create_minted(
            json!({"entity": "action", "op": "create", "id": id, "fields": fields}),
            rep,
            date,
            rng,
        )?;
        writer.counts.actions += 1;
        let replied = match kind {
            "email" => rng.chance(40),
            "rdv" => rng.chance(30),
            "visite" => rng.chance(10),
            _ => false,
        };
        if replied {
            let author = if planned.people.is_empty() {
                "Le client".to_string()
            } else {
                rng.pick(&planned.people).1.clone()
            };
            let reply_day = (date + Duration::days(1 + rng.below(5) as i64)).min(writer.today);
            writer.create_minted(
                json!({"entity": "action_reply", "op": "create", "id": ulid_on(rng, reply_day),
                       "fields": {"action_id": id, "author": author,
                                  "date": reply_day.to_string(), "text": rng.pick(REPLIES)}}),
                rep,
                reply_day,
                rng,
            )?;
            writer.counts.replies += 1;
        }
    }
    Ok(())
}

fn write_todo(
    writer: &mut Writer<'_, '_>,
    rng: &mut DemoRng,
    rep: &Rep,
    parties: &[Planned],
    todo: PlannedTodo,
) -> Result<()> {
    // Written a week before it is due, not before its party existed.
    let since = todo.party.map(|p| parties[p].created);
    let written = (todo.due - Duration::days(7))
        .max(since.unwrap_or(NaiveDate::MIN))
        .min(writer.today);
    let mut fields = json!({"text": todo.text, "due": todo.due.to_string()});
    if let Some(p) = todo.party {
        fields["party_id"] = json!(parties[p].id);
    }
    if let Some(days) = todo.repeat_days {
        fields["repeat_days"] = json!(days);
    }
    if let Some(done_on) = todo.done_on {
        fields["done_on"] = json!(done_on.to_string());
    }
    writer.create_minted(
        json!({"entity": "todo", "op": "create", "id": ulid_on(rng, written), "fields": fields}),
        rep,
        written,
        rng,
    )?;
    writer.counts.todos += 1;
    Ok(())
}
