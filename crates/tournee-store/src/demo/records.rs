//! The demo's CRM records: for each rep, parties (companies with one to three people,
//! private persons) in each lifecycle status the master's facts can reach, actions of
//! several types with outcomes, replies under some of them, and open todos (some overdue,
//! some repeating).
//!
//! Every record goes through the path integrated record changes take: its payload is read
//! by [`tournee_sync::parse_record`] (the field rules) and written by
//! [`crate::records::apply_record_and_status`] (the per-field stamps, the party's status),
//! so the demo holds nothing a laptop could not have sent. Deterministic: the generator
//! is the demo's own, dates count back from `spec.today`.
//!
//! The status « client » needs an ERP client or a validated conversion as a fact, which
//! only a party linked to a client or a prospect can have (`crate::parties`): a party
//! created as a record change has neither, so the demo's record parties are leads, dead
//! leads, prospects and dead prospects; the clients are the ERP clients' parties.
//!
//! The full demo's volume (thousands of parties per rep, 200,000 actions) is
//! [`super::bulk`], written after these with the same [`Writer`].

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::Transaction;
use serde_json::{json, Value};
use tournee_core::{default_action_types, ActionType};
use tournee_sync::{parse_record, RecordChange};

use super::words::{AGENCIES, CATEGORIES, CONTACT_ROLES, FIRST_NAMES, LAST_NAMES, NAME_CORES};
use super::{phone, weighted_category, DemoRng, DemoSpec, Rep};
use crate::error::{Result, StoreError};
use crate::records::{
    apply_record_and_status, create_minted_record, refresh_party_status, RecordNotApplied,
    RecordWrite,
};

/// Records written, by entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RecordCounts {
    /// Parties.
    pub(super) parties: u32,
    /// People of companies.
    pub(super) people: u32,
    /// Actions.
    pub(super) actions: u32,
    /// Replies.
    pub(super) replies: u32,
    /// Todos.
    pub(super) todos: u32,
}

/// What happens on a party, chosen per party so that every reachable status is there.
#[derive(Clone, Copy)]
pub(super) enum Story {
    /// Nobody reached: a note, or a call with no answer.
    Lead,
    /// Wrong details, or a refusal at the first contact.
    DeadLead,
    /// A call without answer, then a meeting or a visit that went well.
    Prospect,
    /// A conversation, then a formal refusal.
    DeadProspect,
}

pub(super) const STORIES: [Story; 4] = [
    Story::Lead,
    Story::DeadLead,
    Story::Prospect,
    Story::DeadProspect,
];

pub(super) const REPLIES: &[&str] = &[
    "Merci pour votre proposition, nous revenons vers vous la semaine prochaine.",
    "Devis bien reçu, à revoir avec le gérant.",
    "Pouvez-vous rappeler jeudi après 14 h ?",
    "Intéressés pour les pneus PL, moins pour l'agricole.",
];

pub(super) const TODO_TEXTS: &[&str] = &[
    "Rappeler pour le devis",
    "Envoyer la plaquette PL",
    "Préparer la visite de la flotte",
    "Relancer la comptabilité",
    "Faire le point sur les pneus hiver",
];

/// Writes the records of every rep, each through the integration's store path.
pub(super) fn insert_records(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
) -> Result<RecordCounts> {
    let mut writer = Writer {
        tx,
        types: default_action_types(),
        today: spec.today,
        counts: RecordCounts::default(),
    };
    for rep in reps {
        for index in 0..spec.parties_per_rep {
            let story = STORIES[index as usize % STORIES.len()];
            writer.party(rng, rep, story)?;
        }
        writer.loose_todos(rng, rep)?;
    }
    // After the 36 per rep, so that those stay the same draws (the e2e tests name them).
    super::bulk::insert_bulk(&mut writer, rng, &spec.crm, reps)?;
    Ok(writer.counts)
}

/// Writes the demo's record changes in the caller's transaction and counts them.
/// How the demo writes a record: as the integration does (`apply_record_and_status`),
/// or as a bulk creation of a freshly minted id (`create_minted_record`).
#[derive(Debug, Clone, Copy)]
pub(super) enum WritePath {
    /// Through the integration's path, the status kept current.
    Integration,
    /// Through the bulk creations' path; the caller refreshes the statuses.
    Minted,
}

pub(super) struct Writer<'t, 'c> {
    tx: &'t Transaction<'c>,
    types: Vec<ActionType>,
    /// The last day of the data.
    pub(super) today: NaiveDate,
    /// Records written so far.
    pub(super) counts: RecordCounts,
}

impl Writer<'_, '_> {
    /// Writes one record change as `rep` on `day`, through the integration's path.
    fn write(
        &mut self,
        payload: Value,
        rep: &Rep,
        day: NaiveDate,
        rng: &mut DemoRng,
    ) -> Result<()> {
        let (change, write) = self.checked(&payload, rep, day, rng)?;
        match apply_record_and_status(self.tx, &write, &change, &self.types) {
            Ok(_) => Ok(()),
            Err(RecordNotApplied::Store(error)) => Err(error),
            Err(other) => Err(demo_bug(&payload, &other.to_string())),
        }
    }

    /// Writes one creation of a record whose id was just minted, as the contacts import
    /// does (`create_minted_record`: the same rows, without the look-ups that cannot find
    /// anything for a fresh id, and without the party's status, which the caller
    /// refreshes once per party with [`Self::refresh_status`]): the full demo's 250,000
    /// records in seconds rather than minutes. The payload is still read by the field rules.
    pub(super) fn create_minted(
        &mut self,
        payload: Value,
        rep: &Rep,
        day: NaiveDate,
        rng: &mut DemoRng,
    ) -> Result<()> {
        let (change, write) = self.checked(&payload, rep, day, rng)?;
        match create_minted_record(self.tx, &write, &change) {
            Ok(_) => Ok(()),
            Err(RecordNotApplied::Store(error)) => Err(error),
            Err(other) => Err(demo_bug(&payload, &other.to_string())),
        }
    }

    /// Recomputes the stored status of `party` from its facts, as integration does after
    /// each action (here once, after all of the party's actions).
    pub(super) fn refresh_status(&mut self, party: &str) -> Result<()> {
        refresh_party_status(self.tx, party, &self.types)?;
        Ok(())
    }

    /// The payload read by the field rules, and the stamp of a laptop writing it on `day`.
    fn checked(
        &self,
        payload: &Value,
        rep: &Rep,
        day: NaiveDate,
        rng: &mut DemoRng,
    ) -> Result<(RecordChange, RecordWrite)> {
        let change = parse_record(payload).map_err(|e| demo_bug(payload, &e.to_string()))?;
        let minutes = 8 * 60 + rng.below(10 * 60) as i64;
        let at = Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)) + Duration::minutes(minutes);
        let write = RecordWrite {
            change_id: ulid_at(rng, at.timestamp_millis()),
            user: rep.login.clone(),
            written_at: at,
        };
        Ok((change, write))
    }

    /// Draws and writes one party of `rep` created on `created` — company or private
    /// person as `company` draws it once the town is drawn — and, for a company, 1 to
    /// `most_people` people, through `path`; answers its id and its people (id, name).
    /// The small demo and the full one draw their parties with it, in the same order.
    pub(super) fn party_with_people(
        &mut self,
        rng: &mut DemoRng,
        rep: &Rep,
        created: NaiveDate,
        company: impl FnOnce(&mut DemoRng) -> bool,
        most_people: usize,
        path: WritePath,
    ) -> Result<(String, Vec<(String, String)>)> {
        let id = ulid_on(rng, created);
        let (_, _, dep, towns) = AGENCIES[rep.agency];
        let (town, office) = *rng.pick(towns);
        let company = company(rng);
        let fields = identity_fields(rng, company, dep, town, office);
        self.write_by(
            path,
            json!({"entity": "party", "op": "create", "id": id, "fields": fields}),
            rep,
            created,
            rng,
        )?;
        self.counts.parties += 1;
        let mut people = Vec::new();
        if company {
            for _ in 0..1 + rng.below(most_people) {
                let person = ulid_on(rng, created);
                let (first, last) = (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES));
                self.write_by(
                    path,
                    json!({"entity": "person", "op": "create", "id": person,
                           "fields": {"party_id": id, "first_name": first, "last_name": last,
                                      "position": rng.pick(CONTACT_ROLES),
                                      "phone": phone(rng, "04")}}),
                    rep,
                    created,
                    rng,
                )?;
                people.push((person, format!("{first} {last}")));
                self.counts.people += 1;
            }
        }
        Ok((id, people))
    }

    fn write_by(
        &mut self,
        path: WritePath,
        payload: Value,
        rep: &Rep,
        day: NaiveDate,
        rng: &mut DemoRng,
    ) -> Result<()> {
        match path {
            WritePath::Integration => self.write(payload, rep, day, rng),
            WritePath::Minted => self.create_minted(payload, rep, day, rng),
        }
    }

    fn party(&mut self, rng: &mut DemoRng, rep: &Rep, story: Story) -> Result<()> {
        let created = self.today - Duration::days(30 + rng.below(300) as i64);
        let (id, people) = self.party_with_people(
            rng,
            rep,
            created,
            |rng| rng.chance(60),
            3,
            WritePath::Integration,
        )?;
        self.story(rng, rep, &id, created, &people, story)?;
        if rng.chance(30) {
            self.todo(rng, rep, Some(&id))?;
        }
        Ok(())
    }

    /// The actions that make `story` happen, in date order after `created`.
    fn story(
        &mut self,
        rng: &mut DemoRng,
        rep: &Rep,
        party: &str,
        created: NaiveDate,
        people: &[(String, String)],
        story: Story,
    ) -> Result<()> {
        let steps: &[(&str, Option<&str>)] = match story {
            Story::Lead if rng.chance(50) => &[("note", None)],
            Story::Lead => &[("appel", Some("no_answer")), ("courrier", None)],
            Story::DeadLead if rng.chance(50) => &[("appel", Some("wrong_contact_details"))],
            Story::DeadLead => &[
                ("appel", Some("no_answer")),
                ("appel", Some("formal_refusal")),
            ],
            Story::Prospect if rng.chance(50) => &[
                ("appel", Some("no_answer")),
                ("rdv", Some("positive")),
                ("email", None),
            ],
            Story::Prospect => &[("visite", Some("neutral")), ("email", None)],
            Story::DeadProspect => &[
                ("visite", Some("positive")),
                ("appel", Some("formal_refusal")),
            ],
        };
        let mut day = created;
        for (kind, outcome) in steps {
            day = (day + Duration::days(1 + rng.below(20) as i64)).min(self.today);
            let id = ulid_on(rng, day);
            let mut fields = json!({"party_id": party, "action_type": kind,
                                    "date": day.to_string(),
                                    "time": format!("{:02}:{:02}", 8 + rng.below(10), rng.below(60)),
                                    "comment": rng.pick(super::words::COMMENTS)});
            if let Some(outcome) = outcome {
                fields["outcome"] = json!(outcome);
            }
            if let Some((person, _)) = people.first() {
                fields["person_id"] = json!(person);
            }
            self.write(
                json!({"entity": "action", "op": "create", "id": id, "fields": fields}),
                rep,
                day,
                rng,
            )?;
            self.counts.actions += 1;
            if *kind == "email" || (*kind == "rdv" && rng.chance(50)) {
                let author = people
                    .first()
                    .map_or_else(|| "Le client".to_string(), |(_, name)| name.clone());
                let reply_day = (day + Duration::days(1 + rng.below(5) as i64)).min(self.today);
                self.write(
                    json!({"entity": "action_reply", "op": "create", "id": ulid_on(rng, reply_day),
                           "fields": {"action_id": id, "author": author,
                                      "date": reply_day.to_string(), "text": rng.pick(REPLIES)}}),
                    rep,
                    reply_day,
                    rng,
                )?;
                self.counts.replies += 1;
            }
        }
        Ok(())
    }

    /// An open todo, overdue one time in three, repeating one time in four.
    fn todo(&mut self, rng: &mut DemoRng, rep: &Rep, party: Option<&str>) -> Result<()> {
        let due = if rng.chance(33) {
            self.today - Duration::days(1 + rng.below(14) as i64)
        } else {
            self.today + Duration::days(rng.below(30) as i64)
        };
        let written = (due - Duration::days(7)).min(self.today);
        let mut fields = json!({"text": rng.pick(TODO_TEXTS), "due": due.to_string()});
        if let Some(party) = party {
            fields["party_id"] = json!(party);
        }
        if rng.chance(25) {
            fields["repeat_days"] = json!(*rng.pick(&[7, 14, 30]));
        }
        self.write(
            json!({"entity": "todo", "op": "create", "id": ulid_on(rng, written), "fields": fields}),
            rep,
            written,
            rng,
        )?;
        self.counts.todos += 1;
        Ok(())
    }

    /// Todos about no party (a report to send, a tour to prepare), one overdue for sure.
    fn loose_todos(&mut self, rng: &mut DemoRng, rep: &Rep) -> Result<()> {
        for _ in 0..2 {
            self.todo(rng, rep, None)?;
        }
        let due = self.today - Duration::days(3);
        let written = due - Duration::days(10);
        self.write(
            json!({"entity": "todo", "op": "create", "id": ulid_on(rng, written),
                   "fields": {"text": "Rapport d'activité mensuel", "due": due.to_string(),
                              "repeat_days": 30}}),
            rep,
            written,
            rng,
        )?;
        self.counts.todos += 1;
        Ok(())
    }
}

/// The fields of a new party: a company (a name from its trade, a landline) or a private
/// person (a mobile, an e-mail), in `town`.
pub(super) fn identity_fields(
    rng: &mut DemoRng,
    company: bool,
    dep: &str,
    town: &str,
    office: &str,
) -> Value {
    let mut fields = if company {
        let category = weighted_category(rng);
        json!({"kind": "company",
               "name": format!("{} {}", rng.pick(CATEGORIES[category].3), rng.pick(NAME_CORES)),
               "phone": phone(rng, "04")})
    } else {
        let (first, last) = (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES));
        json!({"kind": "person", "name": last, "first_name": first,
               "mobile": phone(rng, "06"),
               "email": format!("{}.{}@example.fr", ascii(first), ascii(last))})
    };
    fields["postal_code"] = json!(format!("{dep}{office}"));
    fields["city"] = json!(town);
    fields
}

/// A generated record the rules refused: a bug in this generator, never user input.
fn demo_bug(payload: &Value, reason: &str) -> StoreError {
    StoreError::StoredValue {
        what: format!("demo record {payload}"),
        reason: reason.to_string(),
    }
}

/// A ULID minted at `millis` (Unix milliseconds), its random part drawn.
pub(super) fn ulid_at(rng: &mut DemoRng, millis: i64) -> String {
    ulid::Ulid::from_parts(millis.max(0) as u64, u128::from(rng.next_u64()) << 16).to_string()
}

/// A ULID minted on `day` (morning), as a laptop would have.
pub(super) fn ulid_on(rng: &mut DemoRng, day: NaiveDate) -> String {
    let millis = Utc
        .from_utc_datetime(&day.and_time(super::MORNING))
        .timestamp_millis()
        + rng.below(36_000_000) as i64;
    ulid_at(rng, millis)
}

/// A name folded to the letters of an e-mail address (`Éloïse` → `eloise`).
fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => Some('e'),
            'à' | 'â' => Some('a'),
            'î' | 'ï' => Some('i'),
            'ô' => Some('o'),
            'û' | 'ù' | 'ü' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}
