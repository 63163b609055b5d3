//! The deterministic French demo data set: agencies, reps, clients with annex-2 data,
//! contacts, fleets, three years of visits, monthly sales, prospects, and the CRM's records
//! (parties, people, actions, replies, todos; [`records`]).
//!
//! Same [`DemoSpec`] → same rows, on every machine (own generator, no clock), so that
//! demos, tests and benchmarks are comparable. Valid SIRETs and IBANs where set.

mod bridge;
mod bulk;
mod records;
mod rng;
mod selling;
mod words;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::{params, Connection, Transaction};
use serde_json::json;
use tournee_core::{french_vat_key, normalize_phone, ClientRelation};

pub use bridge::{fill_demo_through_erp, DemoBridgeError};
pub use rng::DemoRng;
pub use selling::SellingScale;
use words::*;

use crate::error::{Result, StoreError};

/// The hour the demo's laptops start writing (8:00, a valid time: `from_hms_opt` is `Some`).
const MORNING: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// The hour the demo's links between clients and parties are dated (6:00, a valid time).
const DAWN: NaiveTime = match NaiveTime::from_hms_opt(6, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// How much data, ending on which day, from which seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSpec {
    /// The last day of the data (visits and sales up to it).
    pub today: NaiveDate,
    /// Number of clients.
    pub clients: u32,
    /// Number of reps.
    pub reps: u32,
    /// Number of `client_relation` rows over the three years before `today`.
    pub relations: u32,
    /// Number of prospects.
    pub prospects: u32,
    /// CRM parties per rep (with their people, actions, replies and todos).
    pub parties_per_rep: u32,
    /// The CRM's volume written after those parties, spread over the reps.
    pub crm: CrmScale,
    /// The selling (campaigns, opportunities, quotes, calls, meetings), written last.
    pub selling: SellingScale,
    /// Seed of the generator.
    pub seed: u64,
}

/// The CRM's volume beyond the 36 parties per rep (issue 13, « Demo data and
/// performance »), as totals spread evenly over the reps (the first reps take the
/// remainder): what the contact list, the timelines and the snapshots are measured on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrmScale {
    /// Companies, each with one to five people.
    pub companies: u32,
    /// Private persons (B2C).
    pub persons: u32,
    /// Actions on those parties, the actions of their done todos included (at least
    /// what each party's story needs: one per dead lead and prospect, two per dead
    /// prospect).
    pub actions: u32,
    /// Todos: a quarter done, a quarter overdue, the rest open; a fifth of those
    /// repeating.
    pub todos: u32,
}

impl CrmScale {
    /// No volume: the small demo.
    pub const NONE: Self = Self {
        companies: 0,
        persons: 0,
        actions: 0,
        todos: 0,
    };

    /// The scale: 10,000 private persons, 200,000 actions, 20,000 todos, and
    /// 3,000 companies (about 9,000 people).
    pub const FULL: Self = Self {
        companies: 3_000,
        persons: 10_000,
        actions: 200_000,
        todos: 20_000,
    };
}

impl DemoSpec {
    /// The full data set: 50,000 clients, 30 reps, 1,000,000 relations, 3,000 prospects,
    /// and the CRM at the scale ([`CrmScale::FULL`]).
    pub fn full(today: NaiveDate) -> Self {
        Self {
            today,
            clients: 50_000,
            reps: 30,
            relations: 1_000_000,
            prospects: 3_000,
            parties_per_rep: 36,
            crm: CrmScale::FULL,
            selling: SellingScale::FULL,
            seed: 2026,
        }
    }

    /// A small set for tests: 600 clients, 6 reps, 6,000 relations, 60 prospects.
    pub fn small(today: NaiveDate) -> Self {
        Self {
            today,
            clients: 600,
            reps: 6,
            relations: 6_000,
            prospects: 60,
            parties_per_rep: 36,
            crm: CrmScale::NONE,
            selling: SellingScale::SMALL,
            seed: 2026,
        }
    }
}

/// Rows written per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Reps (users).
    pub users: u32,
    /// Agencies.
    pub agencies: u32,
    /// Clients.
    pub clients: u32,
    /// Client contacts.
    pub contacts: u32,
    /// `client_relation` rows.
    pub relations: u32,
    /// `sales_month` rows.
    pub sales_rows: u32,
    /// Prospects.
    pub prospects: u32,
    /// Prospect visits.
    pub prospect_visits: u32,
    /// CRM parties.
    pub parties: u32,
    /// People of the companies.
    pub people: u32,
    /// Actions.
    pub actions: u32,
    /// Replies under actions.
    pub replies: u32,
    /// Todos.
    pub todos: u32,
    /// Campaigns.
    pub campaigns: u32,
    /// Parties recorded under a campaign.
    pub campaign_leads: u32,
    /// Opportunities.
    pub opportunities: u32,
    /// Quotes.
    pub quotes: u32,
    /// Calls about an opportunity.
    pub calls: u32,
    /// Meetings planned ahead.
    pub meetings: u32,
}

struct Rep {
    login: String,
    erp: String,
    agency: usize,
}

struct ClientRef {
    code: String,
    erp: String,
    category: usize,
}

/// Fills an empty, migrated master database in one transaction, writing every row
/// directly (the benchmarks' source, and the tests'). `init --demo` goes through the
/// ERP bridge instead: [`fill_demo_through_erp`], same rows.
pub fn fill_demo(conn: &mut Connection, spec: &DemoSpec) -> Result<DemoSummary> {
    let mut rng = DemoRng::new(spec.seed);
    let tx = conn.transaction()?;
    let (mut summary, reps) = insert_erp_part(&tx, &mut rng, spec)?;
    insert_crm_part(&tx, &mut rng, spec, &reps, &mut summary)?;
    tx.commit()?;
    Ok(summary)
}

/// What the ERP owns (its users, clients, contacts, `client_relation` history and sales)
/// and the agencies they name; the rows the bridge carries.
fn insert_erp_part(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
) -> Result<(DemoSummary, Vec<Rep>)> {
    let mut summary = DemoSummary {
        agencies: insert_agencies(tx)?,
        ..DemoSummary::default()
    };
    let reps = insert_reps(tx, rng, spec.reps)?;
    summary.users = reps.len() as u32;
    let clients = insert_clients(tx, rng, spec, &reps, &mut summary)?;
    summary.relations = insert_relations(tx, rng, spec, &clients, &reps)?;
    summary.sales_rows = insert_sales(tx, rng, spec, &clients)?;
    Ok((summary, reps))
}

/// What Tournée's users made: prospects, the CRM's records; then every client and
/// prospect linked to its party, as the migration does on a real master.
fn insert_crm_part(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
    summary: &mut DemoSummary,
) -> Result<()> {
    let (prospects, visits) = insert_prospects(tx, rng, spec, reps)?;
    summary.prospects = prospects;
    summary.prospect_visits = visits;
    let records = records::insert_records(tx, rng, spec, reps)?;
    summary.parties = records.parties;
    summary.people = records.people;
    summary.actions = records.actions;
    summary.replies = records.replies;
    summary.todos = records.todos;
    let types = crate::master::params::Parameters::load(tx)?.action_types;
    let now = Utc.from_utc_datetime(&spec.today.and_time(DAWN));
    crate::parties::link_all(tx, &types, now)?;
    insert_catalogue(tx, now)?;
    // Last, so that every draw before stays the same (the e2e tests name records).
    let selling = selling::insert_selling(tx, rng, spec, reps)?;
    summary.campaigns = selling.campaigns;
    summary.campaign_leads = selling.leads;
    summary.opportunities = selling.opportunities;
    summary.quotes = selling.quotes;
    summary.calls = selling.calls;
    summary.meetings = selling.meetings;
    Ok(())
}

/// A tyre distributor's catalogue (brief 001's trade), for the quotes: tyres, fitting and
/// services, each through the rules the admin's page applies.
fn insert_catalogue(tx: &Transaction<'_>, now: chrono::DateTime<Utc>) -> Result<()> {
    for entry in catalogue_entries() {
        crate::master::catalogue::save_catalogue_item(tx, &entry, "demo", now).map_err(
            |e| match e {
                crate::master::catalogue::CatalogueError::Store(e) => e,
                other => StoreError::StoredValue {
                    what: format!("demo catalogue entry {}", entry.reference),
                    reason: other.to_string(),
                },
            },
        )?;
    }
    Ok(())
}

/// The demo catalogue's entries, which its quotes' lines are taken from.
fn catalogue_entries() -> Vec<tournee_core::CatalogueEntry> {
    use tournee_core::{CatalogueEntry, VatRate};
    const ITEMS: [(&str, &str, i64, &str); 9] = [
        (
            "PN-20555R16-E",
            "Pneu tourisme 205/55 R16 91V été",
            8_900,
            "pièce",
        ),
        (
            "PN-22545R17-H",
            "Pneu tourisme 225/45 R17 94V hiver",
            11_850,
            "pièce",
        ),
        (
            "PN-31580R225",
            "Pneu poids lourd 315/80 R22.5 directeur",
            38_900,
            "pièce",
        ),
        (
            "PN-AGRI-42085R38",
            "Pneu agricole 420/85 R38",
            84_200,
            "pièce",
        ),
        ("VALVE-TPMS", "Valve de capteur de pression", 1_250, "pièce"),
        ("MO-MONTAGE", "Montage et équilibrage", 1_800, "pièce"),
        (
            "MO-GEOMETRIE",
            "Contrôle et réglage de la géométrie",
            6_900,
            "forfait",
        ),
        (
            "SV-GARDIENNAGE",
            "Gardiennage d'un train de pneus, une saison",
            4_000,
            "forfait",
        ),
        (
            "SV-DEPANNAGE",
            "Intervention sur site (dépannage poids lourd)",
            15_000,
            "heure",
        ),
    ];
    ITEMS
        .into_iter()
        .map(
            |(reference, label, unit_price_cents, unit)| CatalogueEntry {
                reference: reference.into(),
                label: label.into(),
                unit_price_cents,
                vat: VatRate::Standard,
                unit: unit.into(),
            },
        )
        .collect()
}

fn insert_agencies(tx: &Transaction<'_>) -> Result<u32> {
    let mut stmt = tx.prepare("INSERT INTO agence (c_agence, nom) VALUES (?1, ?2)")?;
    for (code, name, _, _) in AGENCIES {
        stmt.execute(params![code, name])?;
    }
    Ok(AGENCIES.len() as u32)
}

fn ascii_login(first: &str, last: &str) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'é' | 'è' | 'ê' | 'É' => Some('e'),
                'ç' => Some('c'),
                c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    format!(
        "{}{}",
        fold(first).chars().next().unwrap_or('x'),
        fold(last)
    )
}

fn insert_reps(tx: &Transaction<'_>, rng: &mut DemoRng, count: u32) -> Result<Vec<Rep>> {
    let mut stmt = tx.prepare(
        "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut reps = Vec::new();
    let mut logins = std::collections::BTreeSet::new();
    for index in 0..count as usize {
        let (first, last) = if index == 0 {
            ("Jean", "Dupont")
        } else {
            (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES))
        };
        let mut login = ascii_login(first, last);
        if !logins.insert(login.clone()) {
            login = format!("{login}{index}");
            logins.insert(login.clone());
        }
        let initials: String = [first, last]
            .iter()
            .filter_map(|w| ascii_login(w, "").chars().next())
            .collect::<String>()
            .to_ascii_uppercase();
        let erp = format!("{initials}{:02}", index + 1);
        let email = format!("{}@pneus-tournee.fr", login);
        let is_admin = index == 1 || index == 2;
        stmt.execute(params![
            login,
            erp,
            email,
            format!("{first} {last}"),
            is_admin
        ])?;
        reps.push(Rep {
            login,
            erp,
            agency: index % AGENCIES.len(),
        });
    }
    Ok(reps)
}

/// A SIRET whose SIREN and 14 digits both carry a correct Luhn key.
fn siret(rng: &mut DemoRng) -> String {
    let body = format!("{}{}", 1 + rng.below(9), rng.digits(12));
    let with_key = |digits: &str, valid: &dyn Fn(&str) -> bool| {
        (0..10)
            .map(|key| format!("{digits}{key}"))
            .find(|candidate| valid(candidate))
            .unwrap_or_else(|| format!("{digits}0"))
    };
    let siren = with_key(&body[..8], &|candidate| {
        tournee_core::rules::siret::check_siren("s", candidate).is_ok()
    });
    with_key(&format!("{siren}{}", &body[9..]), &|candidate| {
        tournee_core::rules::siret::check_siret("s", candidate).is_ok()
    })
}

/// A French IBAN whose mod-97 key is right.
fn iban(rng: &mut DemoRng) -> String {
    let bban = rng.digits(23);
    let rearranged = format!("{bban}152700"); // F=15, R=27, key 00
    let remainder = rearranged
        .chars()
        .filter_map(|c| c.to_digit(10))
        .fold(0u32, |r, d| (r * 10 + d) % 97);
    format!("FR{:02}{bban}", 98 - remainder)
}

fn phone(rng: &mut DemoRng, prefix: &str) -> String {
    let d = [
        rng.below(100),
        rng.below(100),
        rng.below(100),
        rng.below(100),
    ];
    match rng.below(4) {
        0 => format!("{prefix} {:02} {:02} {:02} {:02}", d[0], d[1], d[2], d[3]),
        1 => format!("{prefix}.{:02}.{:02}.{:02}.{:02}", d[0], d[1], d[2], d[3]),
        2 => format!("{prefix}{:02}{:02}{:02}{:02}", d[0], d[1], d[2], d[3]),
        _ => format!(
            "+33 {} {:02} {:02} {:02} {:02}",
            &prefix[1..],
            d[0],
            d[1],
            d[2],
            d[3]
        ),
    }
}

fn weighted_category(rng: &mut DemoRng) -> usize {
    let mut roll = rng.below(100);
    for (index, category) in CATEGORIES.iter().enumerate() {
        if roll < category.4 {
            return index;
        }
        roll -= category.4;
    }
    0
}

fn insert_clients(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
    summary: &mut DemoSummary,
) -> Result<Vec<ClientRef>> {
    let mut client = tx.prepare(
        "INSERT INTO client (c_client, c_fam_client, c_sfam_client, c_titre, nom_client, adr1_fac, adr2_fac, \
         dep_fac, bur_dis_fac, ville_fac, c_agence, c_rep, c_pays, tel_1, tel_2, contact_divers_1, contact_divers_2, \
         contact_divers_3, contact_divers_4, c_per, c_catc, c_mod_rgl_1, nb_jour_1, type_edition_fac, \
         date_creation_ste, bic, iban, codepays, codemonnaie, actif, date_revoir, tel_norm) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'FR', ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
         ?21, ?22, ?23, ?24, ?25, ?26, 'FR', 'EUR', ?27, ?28, ?29)",
    )?;
    let mut contact = tx.prepare(
        "INSERT INTO client_contact (c_client, name, role, phone, email) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut fleet = tx.prepare(
        "INSERT OR IGNORE INTO client_fleet (c_client, fleet_type, vehicles) VALUES (?1, ?2, ?3)",
    )?;
    let fleet_types = ["VL", "VUL", "AGRI", "TP", "GC", "PL_PLP"];
    let mut clients = Vec::with_capacity(spec.clients as usize);
    for index in 0..spec.clients as usize {
        let code = format!("C{:07}", index + 1);
        let category = weighted_category(rng);
        let (fam, subs, grids, prefixes, _) = CATEGORIES[category];
        let rep = rng.pick(reps);
        let agency = rep.agency;
        let (agency_code, _, dep, towns) = AGENCIES[agency];
        let (town, office) = *rng.pick(towns);
        let name: String = format!("{} {}", rng.pick(prefixes), rng.pick(NAME_CORES))
            .chars()
            .take(35)
            .collect();
        let address: String = format!(
            "{} {} {}",
            1 + rng.below(120),
            rng.pick(STREET_TYPES),
            rng.pick(STREET_NAMES)
        )
        .chars()
        .take(35)
        .collect();
        let area = format!("0{}", 1 + rng.below(5));
        let tel = phone(rng, &area);
        let mobile = rng.chance(40).then(|| phone(rng, "06"));
        let siret_value = rng.chance(90).then(|| siret(rng));
        let vat = siret_value.as_ref().filter(|_| rng.chance(50)).map(|s| {
            // Drawn still, so that the rest of the demo stays the same.
            let _ = rng.below(100);
            let siren = &s[..9];
            let key = siren.parse().map(french_vat_key).unwrap_or_default();
            format!("FR{key:02}{siren}")
        });
        let mail = rng
            .chance(60)
            .then(|| format!("contact{}@{}.fr", index + 1, fam.to_ascii_lowercase()));
        let mode = match rng.below(10) {
            0..=3 => "VI",
            4..=6 => "LD",
            7 | 8 => "TR",
            _ if fam == "AGRI" => "CH",
            _ => "VI",
        };
        let days = if mode == "CH" {
            20
        } else {
            *rng.pick(&[30, 45, 60])
        };
        let (bic, iban_value) = if mode == "LD" {
            (Some(rng.pick(BICS).to_string()), Some(iban(rng)))
        } else {
            (None, None)
        };
        let founded = NaiveDate::from_ymd_opt(
            1960 + rng.below(64) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        );
        let revisit = rng
            .chance(25)
            .then(|| (spec.today + Duration::days(rng.below(210) as i64 - 30)).to_string());
        let active = !rng.chance(4);
        client.execute(params![
            code,
            fam,
            rng.pick(subs),
            rng.pick(&["SARL", "SAS", "EARL", "GAEC", "EURL", "SA"]),
            name,
            address,
            rng.chance(10).then_some("ZA des Platanes"),
            dep,
            office,
            town,
            agency_code,
            rep.erp,
            tel,
            mobile,
            vat,
            siret_value,
            rng.chance(30).then_some("Pneumatiques et entretien"),
            mail,
            rng.pick(&["M", "Q", "S"]),
            rng.pick(grids),
            mode,
            days,
            rng.pick(&["P", "M"]),
            founded.map(|d| d.to_string()),
            bic,
            iban_value,
            active,
            revisit,
            normalize_phone(&tel),
        ])?;
        for _ in 0..rng.below(4) {
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let email = format!(
                "{}@{}.fr",
                ascii_login(&person, ""),
                fam.to_ascii_lowercase()
            );
            contact.execute(params![
                code,
                person,
                rng.pick(CONTACT_ROLES),
                phone(rng, "06"),
                email
            ])?;
            summary.contacts += 1;
        }
        if rng.chance(40) {
            for _ in 0..1 + rng.below(3) {
                let kind = if fam == "AGRI" && rng.chance(70) {
                    "AGRI"
                } else {
                    *rng.pick(&fleet_types)
                };
                fleet.execute(params![code, kind, 1 + rng.below(40)])?;
            }
        }
        clients.push(ClientRef {
            code,
            erp: rep.erp.clone(),
            category,
        });
    }
    summary.clients = clients.len() as u32;
    Ok(clients)
}

fn answers_json(rng: &mut DemoRng) -> String {
    let mut objects: Vec<&str> = ["commande", "livraison", "releve_parc", "remise_proposition"]
        .into_iter()
        .filter(|_| rng.chance(30))
        .collect();
    if objects.is_empty() && rng.chance(50) {
        objects.push("commande");
    }
    let mut answers = json!({
        "type_contact": rng.pick(&["visite", "visite", "visite", "telephone", "mail", "agence"]),
        "objet_visite": objects,
    });
    if answers["type_contact"] == "visite" {
        answers["type_visite"] = json!(rng.pick(&["avec_rdv", "sans_rdv"]));
    }
    if objects.contains(&"remise_proposition") {
        answers["remise_proposition_type"] = json!([rng.pick(&[
            "agraire",
            "tp",
            "gc",
            "pl_plp",
            "lubrifiant",
            "flotte_entreprise"
        ])]);
    }
    answers.to_string()
}

fn insert_relations(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    clients: &[ClientRef],
    reps: &[Rep],
) -> Result<u32> {
    let mut stmt = tx.prepare(
        "INSERT INTO client_relation (origine_relation, date_relation, heure_relation, type_entite, c_entite, c_user, \
         type_relation, objet, commentaire, num_relation_sujet, c_archive, answers_json) \
         VALUES (?1, ?2, ?3, 'C', ?4, ?5, 'S', ?6, ?7, 0, ?8, ?9)",
    )?;
    let days: u32 = 3 * 365;
    let start = spec.today - Duration::days(i64::from(days) - 1);
    let archive_before = spec.today - Duration::days(730);
    let mut written: u32 = 0;
    for day_index in 0..days {
        let date = start + Duration::days(i64::from(day_index));
        // Spread the total evenly, the remainder over the first days.
        let today_count = spec.relations / days + u32::from(day_index < spec.relations % days);
        for _ in 0..today_count {
            let client = rng.pick(clients);
            let user = if rng.chance(92) {
                client.erp.as_str()
            } else {
                rng.pick(reps).erp.as_str()
            };
            let time = format!("{:02}:{:02}", 8 + rng.below(10), rng.below(60));
            let roll = rng.below(100);
            let archived = if date < archive_before { "O" } else { "N" };
            if roll < 75 {
                let comment = if rng.chance(20) {
                    ""
                } else {
                    *rng.pick(COMMENTS)
                };
                let relation =
                    ClientRelation::from_visit(&client.code, user, date, &time, comment)?;
                stmt.execute(params![
                    relation.origine_relation,
                    date.to_string(),
                    relation.heure_relation,
                    client.code,
                    user,
                    relation.objet,
                    relation.commentaire,
                    archived,
                    answers_json(rng),
                ])?;
            } else {
                let (origin, objet) = match roll {
                    75..=84 => ("LIT", "Litige facture"),
                    85..=92 => ("TEL", "Appel client"),
                    _ => ("MAI", "Échange de mails"),
                };
                stmt.execute(params![
                    origin,
                    date.to_string(),
                    time,
                    client.code,
                    user,
                    objet,
                    rng.pick(COMMENTS),
                    archived,
                    Option::<String>::None,
                ])?;
            }
            written += 1;
        }
    }
    Ok(written)
}

fn insert_sales(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    clients: &[ClientRef],
) -> Result<u32> {
    let mut stmt =
        tx.prepare("INSERT INTO sales_month (c_client, month, amount_cents) VALUES (?1, ?2, ?3)")?;
    let first_year = spec.today.year() - 1;
    let mut rows = 0;
    for client in clients {
        if !rng.chance(85) {
            continue;
        }
        let base: i64 = match CATEGORIES[client.category].0 {
            "TRAN" | "TP" => 150_000 + rng.below(2_500_000) as i64,
            "AGRI" => 50_000 + rng.below(800_000) as i64,
            _ => 20_000 + rng.below(400_000) as i64,
        };
        let mut month = NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or(spec.today);
        while month <= spec.today {
            if rng.chance(75) {
                // Tyres sell before winter and before the harvest.
                let season = match month.month() {
                    3 | 4 | 10 | 11 => 140,
                    7 | 8 => 70,
                    _ => 100,
                };
                let noise = 60 + rng.below(80) as i64;
                let amount = base * season / 100 * noise / 100;
                stmt.execute(params![
                    client.code,
                    month.format("%Y-%m").to_string(),
                    amount
                ])?;
                rows += 1;
            }
            month = month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(spec.today + Duration::days(1));
        }
    }
    Ok(rows)
}

fn insert_prospects(
    tx: &Transaction<'_>,
    rng: &mut DemoRng,
    spec: &DemoSpec,
    reps: &[Rep],
) -> Result<(u32, u32)> {
    let mut prospect = tx.prepare(
        "INSERT INTO prospect (prospect_id, created_by, assignee, nom_client, tel_norm, contacts_json, status, \
         created_at, last_movement_at, change_id, file_name) VALUES (?1, ?2, ?3, ?4, ?5, '[]', ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut field = tx.prepare(
        "INSERT INTO prospect_field (prospect_id, field, value, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut visit = tx.prepare(
        "INSERT INTO prospect_visit (prospect_id, origine_relation, date_relation, heure_relation, c_user, objet, \
         commentaire, answers_json, change_id, file_name) VALUES (?1, 'CRV', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let today_start = Utc
        .from_utc_datetime(&spec.today.and_time(MORNING))
        .timestamp_millis();
    let ulid_at = |rng: &mut DemoRng, millis: i64| {
        ulid::Ulid::from_parts(millis.max(0) as u64, u128::from(rng.next_u64()) << 16).to_string()
    };
    let mut visits = 0;
    for _ in 0..spec.prospects {
        let creator = rng.pick(reps);
        let assignee = if rng.chance(10) {
            reps.iter()
                .find(|r| r.agency == creator.agency && r.login != creator.login)
                .unwrap_or(creator)
        } else {
            creator
        };
        let age_days = rng.below(730) as i64;
        let created_millis = today_start - age_days * 86_400_000 + rng.below(36_000_000) as i64;
        let created = Utc
            .timestamp_millis_opt(created_millis)
            .single()
            .unwrap_or_else(Utc::now);
        // About one in five has not moved for more than a year (the retention rule drops them).
        let moved_days = if rng.chance(20) {
            age_days.max(400)
        } else {
            rng.below(age_days.max(1) as usize) as i64
        };
        let last_movement = (Utc
            .timestamp_millis_opt(today_start)
            .single()
            .unwrap_or(created)
            - Duration::days(moved_days))
        .max(created);
        let prospect_id = ulid_at(rng, created_millis);
        let change_id = ulid_at(rng, created_millis + 1);
        let (_, _, dep, towns) = AGENCIES[creator.agency];
        let (town, _) = *rng.pick(towns);
        let category = weighted_category(rng);
        let name: String = format!(
            "{} {}",
            rng.pick(CATEGORIES[category].3),
            rng.pick(NAME_CORES)
        )
        .chars()
        .take(35)
        .collect();
        let tel = phone(rng, "04");
        let created_text = created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let status = if rng.chance(3) { "deleted" } else { "active" };
        prospect.execute(params![
            prospect_id,
            creator.login,
            assignee.login,
            name,
            normalize_phone(&tel),
            status,
            created_text,
            last_movement.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            change_id,
            format!("CP_{}_{change_id}.json", creator.login),
        ])?;
        for (key, value) in [
            ("nom_client", name.clone()),
            ("tel_1", tel),
            ("ville_fac", town.to_string()),
            ("dep_fac", dep.to_string()),
            ("c_fam_client", CATEGORIES[category].0.to_string()),
        ] {
            field.execute(params![prospect_id, key, value, created_text, change_id])?;
        }
        let creator_erp = &creator.erp;
        for n in 0..rng.below(5) {
            let day = (spec.today - Duration::days(age_days) + Duration::days(n as i64 * 20))
                .min(spec.today);
            let visit_id = ulid_at(rng, created_millis + 10 + n as i64);
            let comment = if rng.chance(30) {
                ""
            } else {
                *rng.pick(COMMENTS)
            };
            let time = format!("{:02}:{:02}", 9 + rng.below(8), rng.below(60));
            let relation =
                ClientRelation::from_visit(&prospect_id, creator_erp, day, &time, comment)?;
            visit.execute(params![
                prospect_id,
                day.to_string(),
                time,
                creator_erp,
                relation.objet,
                relation.commentaire,
                answers_json(rng),
                visit_id,
                format!("VP_{}_{visit_id}.json", creator.login),
            ])?;
            visits += 1;
        }
    }
    Ok((spec.prospects, visits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_core::{check_bic, check_iban, check_siret};

    fn filled() -> (Connection, DemoSummary) {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let summary = fill_demo(&mut conn, &DemoSpec::small(today)).unwrap();
        (conn, summary)
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn column(conn: &Connection, sql: &str) -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn counts_match_the_spec() {
        let (conn, summary) = filled();
        assert_eq!(summary.clients, 600);
        assert_eq!(summary.users, 6);
        assert_eq!(summary.relations, 6_000);
        assert_eq!(summary.prospects, 60);
        assert_eq!(count(&conn, "SELECT count(*) FROM client"), 600);
        assert_eq!(count(&conn, "SELECT count(*) FROM client_relation"), 6_000);
        assert_eq!(
            count(&conn, "SELECT count(*) FROM sales_month"),
            i64::from(summary.sales_rows)
        );
        assert!(summary.contacts > 0 && summary.prospect_visits > 0);
    }

    #[test]
    fn the_same_spec_gives_the_same_rows() {
        let digest = |conn: &Connection| {
            column(
                conn,
                "SELECT group_concat(c_client || nom_client || coalesce(iban, '') || coalesce(tel_norm, ''), '|') FROM client \
                 UNION ALL SELECT group_concat(date_relation || c_entite || commentaire, '|') FROM client_relation \
                 UNION ALL SELECT group_concat(prospect_id || nom_client, '|') FROM prospect",
            )
        };
        assert_eq!(digest(&filled().0), digest(&filled().0));
    }

    #[test]
    fn bank_details_sirets_and_phones_are_valid() {
        let (conn, _) = filled();
        for siret in column(
            &conn,
            "SELECT contact_divers_2 FROM client WHERE contact_divers_2 IS NOT NULL",
        ) {
            check_siret("s", &siret).unwrap();
        }
        let ibans = column(&conn, "SELECT iban FROM client WHERE iban IS NOT NULL");
        assert!(!ibans.is_empty());
        for iban in ibans {
            check_iban("iban", &iban).unwrap();
        }
        for bic in column(&conn, "SELECT bic FROM client WHERE bic IS NOT NULL") {
            check_bic("bic", &bic).unwrap();
        }
        let vats = column(
            &conn,
            "SELECT contact_divers_1 FROM client WHERE contact_divers_1 IS NOT NULL",
        );
        assert!(!vats.is_empty());
        for vat in vats {
            tournee_core::rules::vat::check_vat("v", &vat).unwrap();
        }
        assert_eq!(
            count(&conn, "SELECT count(*) FROM client WHERE tel_norm IS NULL"),
            0
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM client WHERE c_mod_rgl_1 = 'CH' AND (c_fam_client <> 'AGRI' OR nb_jour_1 <> 20)"), 0);
    }

    #[test]
    fn portfolios_history_and_retention_cases_exist() {
        let (conn, _) = filled();
        assert_eq!(
            column(&conn, "SELECT windows_user || '/' || erp_code || '/' || is_admin FROM app_user ORDER BY rowid LIMIT 1"),
            ["jdupont/JD01/0"]
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM client WHERE c_rep NOT IN (SELECT erp_code FROM app_user)"
            ),
            0
        );
        let archived = count(
            &conn,
            "SELECT count(*) FROM client_relation WHERE c_archive = 'O'",
        );
        assert!(
            (1_200..=2_400).contains(&archived),
            "about a third archived: {archived}"
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM client_relation WHERE origine_relation = 'LIT'"
            ) > 300
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM prospect WHERE last_movement_at < '2025-11-23'"
            ) > 0
        );
        assert_eq!(
            count(&conn, "SELECT count(*) FROM app_user WHERE is_admin = 1"),
            2
        );
    }

    #[test]
    fn each_rep_gets_parties_in_every_reachable_status_through_the_record_path() {
        let (conn, summary) = filled();
        assert_eq!(summary.parties, 6 * 36);
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM party WHERE client_code IS NULL AND prospect_id IS NULL"
            ),
            i64::from(summary.parties + summary.campaign_leads)
        );
        // Every client and every live prospect is a party too, each client « Client ».
        assert_eq!(
            count(&conn, "SELECT count(*) FROM party WHERE status = 'client'"),
            count(&conn, "SELECT count(*) FROM client")
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM party WHERE prospect_id IS NOT NULL"
            ),
            count(
                &conn,
                "SELECT count(*) FROM prospect WHERE status <> 'deleted'"
            )
        );
        assert!(summary.people > 0 && summary.actions > summary.parties);
        assert!(summary.replies > 0 && summary.todos > 0);
        // Written as integrated changes are: every field stamped, each party's status the
        // lifecycle of its actions.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM action a WHERE NOT EXISTS (SELECT 1 FROM record_field f \
                 WHERE f.entity = 'action' AND f.id = a.id AND f.field = 'action_type')"
            ),
            0
        );
        let types = tournee_core::default_action_types();
        for id in column(&conn, "SELECT id FROM party") {
            let facts = crate::records::party_facts(&conn, &id, &types).unwrap();
            assert_eq!(
                crate::records::stored_status(&conn, &id).unwrap(),
                Some(tournee_core::status(&facts)),
                "party {id}"
            );
        }
        for login in column(
            &conn,
            "SELECT windows_user FROM app_user WHERE is_admin = 0",
        ) {
            let statuses = column(
                &conn,
                &format!(
                    "SELECT DISTINCT status FROM party WHERE created_by = '{login}' ORDER BY status"
                ),
            );
            assert_eq!(
                statuses,
                ["dead_lead", "dead_prospect", "lead", "prospect"],
                "{login}"
            );
        }
        let people_per_company = column(
            &conn,
            "SELECT DISTINCT CAST((SELECT count(*) FROM person x WHERE x.party_id = p.id) AS TEXT) \
             FROM party p WHERE kind = 'company' AND client_code IS NULL AND campaign IS NULL \
             AND prospect_id IS NULL ORDER BY 1",
        );
        assert_eq!(people_per_company, ["1", "2", "3"]);
        assert!(count(&conn, "SELECT count(*) FROM party WHERE kind = 'person'") > 0);
        assert!(count(&conn, "SELECT count(DISTINCT action_type) FROM action") >= 5);
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM action WHERE outcome IS NOT NULL"
            ) > 0
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE due < '2026-11-23' AND done_on IS NULL"
            ) > 0
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE repeat_days IS NOT NULL"
            ) > 0
        );
    }

    /// The small demo with the CRM volume only (no 36 parties per rep), so that every
    /// count follows from the spec.
    fn crm_spec() -> DemoSpec {
        DemoSpec {
            parties_per_rep: 0,
            crm: CrmScale {
                companies: 50,
                persons: 130,
                actions: 4_000,
                todos: 400,
            },
            selling: SellingScale::default(),
            ..DemoSpec::small(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        }
    }

    fn crm_filled() -> (Connection, DemoSummary) {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        let summary = fill_demo(&mut conn, &crm_spec()).unwrap();
        (conn, summary)
    }

    #[test]
    fn the_crm_volume_has_the_counts_per_kind_and_status_the_spec_asks() {
        let spec = crm_spec();
        let (conn, summary) = crm_filled();
        let reps = spec.reps as usize;
        let own = "client_code IS NULL AND prospect_id IS NULL";
        assert_eq!(
            column(
                &conn,
                &format!("SELECT kind || ' ' || count(*) FROM party WHERE {own} GROUP BY kind ORDER BY kind")
            ),
            ["company 50", "person 130"]
        );
        // Party n of a rep follows story n % 4: lead, dead lead, prospect, dead prospect.
        let mut expected = [0u32; 4];
        for rep in 0..reps {
            let parties = bulk::share(50, reps, rep) + bulk::share(130, reps, rep);
            for (story, count) in expected.iter_mut().enumerate() {
                *count += (parties + 3 - story as u32) / 4;
            }
        }
        assert_eq!(
            column(
                &conn,
                &format!("SELECT status || ' ' || count(*) FROM party WHERE {own} GROUP BY status ORDER BY status")
            ),
            [
                format!("dead_lead {}", expected[1]),
                format!("dead_prospect {}", expected[3]),
                format!("lead {}", expected[0]),
                format!("prospect {}", expected[2]),
            ]
        );
        for login in column(&conn, "SELECT windows_user FROM app_user") {
            assert_eq!(
                count(&conn, &format!("SELECT count(DISTINCT status) FROM party WHERE {own} AND created_by = '{login}'")),
                4,
                "{login}"
            );
        }
        // The clients are the ERP clients' parties; no record party is a client.
        assert_eq!(
            count(&conn, "SELECT count(*) FROM party WHERE status = 'client'"),
            count(&conn, "SELECT count(*) FROM client")
        );
        assert_eq!(
            count(
                &conn,
                &format!("SELECT count(*) FROM party WHERE {own} AND status = 'client'")
            ),
            0
        );
        // Several people per company, each company at least one.
        assert_eq!(
            column(
                &conn,
                &format!(
                    "SELECT DISTINCT CAST((SELECT count(*) FROM person x WHERE x.party_id = p.id) AS TEXT) \
                     FROM party p WHERE kind = 'company' AND {own} ORDER BY 1"
                ),
            ),
            ["1", "2", "3", "4", "5"]
        );
        assert_eq!(
            i64::from(summary.people),
            count(&conn, "SELECT count(*) FROM person")
        );
        // Exactly the actions asked for, of every type, an outcome on every call.
        assert_eq!(summary.actions, 4_000);
        assert_eq!(count(&conn, "SELECT count(*) FROM action"), 4_000);
        assert_eq!(
            count(&conn, "SELECT count(DISTINCT action_type) FROM action"),
            tournee_core::default_action_types().len() as i64
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM action WHERE action_type = 'appel' AND outcome IS NULL"
            ),
            0
        );
        let replies = count(&conn, "SELECT count(*) FROM action_reply");
        assert!(
            replies > 100 && replies == i64::from(summary.replies),
            "{replies}"
        );
        // The todos asked for (and the 3 loose ones per rep), open, overdue, repeating, done;
        // each done todo on a party is its « Tâche faite » action.
        assert_eq!(
            count(&conn, "SELECT count(*) FROM todo"),
            400 + 3 * reps as i64
        );
        let done: u32 = (0..reps)
            .map(|rep| bulk::share(400, reps, rep).div_ceil(4))
            .sum();
        assert_eq!(
            count(&conn, "SELECT count(*) FROM todo WHERE done_on IS NOT NULL"),
            i64::from(done)
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE done_on IS NOT NULL AND party_id IS NOT NULL"
            ),
            count(
                &conn,
                "SELECT count(*) FROM action WHERE action_type = 'tache'"
            )
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE done_on IS NULL AND due < '2026-11-23'"
            ) > 50
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE done_on IS NULL AND due >= '2026-11-23'"
            ) > 100
        );
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM todo WHERE repeat_days IS NOT NULL"
            ) > 20
        );
        // Written as integrated changes are, each status the lifecycle of the facts.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM action a WHERE NOT EXISTS (SELECT 1 FROM record_field f \
                 WHERE f.entity = 'action' AND f.id = a.id AND f.field = 'action_type')"
            ),
            0
        );
        let types = tournee_core::default_action_types();
        for id in column(&conn, &format!("SELECT id FROM party WHERE {own}")) {
            let facts = crate::records::party_facts(&conn, &id, &types).unwrap();
            assert_eq!(
                crate::records::stored_status(&conn, &id).unwrap(),
                Some(tournee_core::status(&facts)),
                "party {id}"
            );
        }
        // A few long histories among many short ones.
        let longest = count(
            &conn,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM action GROUP BY party_id)",
        );
        assert!(longest > 2 * 4_000 / 180, "{longest}");
    }

    #[test]
    fn the_crm_volume_is_the_same_on_every_run() {
        let dump = |conn: &Connection| {
            column(
                conn,
                "SELECT group_concat(id || name || status, '|') FROM (SELECT * FROM party ORDER BY id) \
                 UNION ALL SELECT group_concat(id || party_id || action_type || date || coalesce(outcome, ''), '|') \
                 FROM (SELECT * FROM action ORDER BY id) \
                 UNION ALL SELECT group_concat(id || due || coalesce(done_on, ''), '|') FROM (SELECT * FROM todo ORDER BY id)",
            )
        };
        assert_eq!(dump(&crm_filled().0), dump(&crm_filled().0));
    }

    #[test]
    fn the_records_are_the_same_on_every_run() {
        let (first, _) = filled();
        let (second, _) = filled();
        let dump = |conn: &Connection| {
            column(
                conn,
                "SELECT id || '|' || name || '|' || status FROM party ORDER BY id",
            )
            .join("\n")
                + &column(
                    conn,
                    "SELECT id || '|' || action_type || '|' || date FROM action ORDER BY id",
                )
                .join("\n")
        };
        assert_eq!(dump(&first), dump(&second));
    }
}
