//! Realistic change files from the demo reps, written exactly as a laptop would
//! (through `tournee_sync::publish_change`): for the demo, the benchmarks and the
//! crash test. Deterministic for a given seed and clock.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use rusqlite::Connection;
use tournee_store::open_master_read_only;
use tournee_store::DemoRng;
use tournee_store::{all_users, User};
use tournee_sync::{
    publish_change, Answer, ChangeBody, ClientCreationRequest, ClientModification, ClientVisit,
    Envelope, FieldChange, ProspectCreation, ProspectModification, ProspectOperation,
    ProspectVisit, RevisitChange, VisitReport, SPEC_VERSION,
};
use ulid::Ulid;

use crate::datadir::DataDir;

/// How many files, from which seed, at which clock.
#[derive(Debug, Clone)]
pub struct SampleSpec {
    /// Number of change files to write.
    pub count: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// The laptops' clock: files are dated just before it.
    pub now: DateTime<Utc>,
    /// Only client visits (VC), for benchmarks comparing with raw inserts.
    pub visits_only: bool,
}

/// Errors while writing samples.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Reading the master failed.
    #[error(transparent)]
    Store(#[from] tournee_store::StoreError),
    /// Reading the master failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Publishing a file failed.
    #[error(transparent)]
    Write(#[from] tournee_sync::WriteError),
    /// The data directory has no reps with clients (not initialised with --demo).
    #[error("no rep with clients in this data directory: initialise it with --demo first")]
    NoReps,
}

const COMMENTS: &[&str] = &[
    "",
    "Client satisfait des derniers pneus livrés.",
    "Relevé de parc fait, deux tracteurs à rééquiper au printemps.",
    "Demande un devis pour 8 pneus poids lourd.",
    "Absent, vu le chef d'atelier.",
    "Intéressé par l'offre lubrifiants, à relancer dans un mois.",
    "Litige sur la dernière facture réglé sur place.",
];

struct Rep {
    user: User,
    clients: Vec<String>,
    /// Prospects this run created: (id, name).
    prospects: Vec<(String, String)>,
}

fn load_reps(conn: &Connection) -> Result<Vec<Rep>, SampleError> {
    let mut reps = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT c_client FROM client WHERE c_rep = ?1 AND actif = 1 ORDER BY c_client LIMIT 300",
    )?;
    for user in all_users(conn)?
        .into_iter()
        .filter(|u| u.active && !u.is_admin)
    {
        let clients = stmt
            .query_map([&user.erp_code], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        if !clients.is_empty() {
            reps.push(Rep {
                user,
                clients,
                prospects: Vec::new(),
            });
        }
    }
    Ok(reps)
}

/// Writes `spec.count` change files into the reps' inbox folders; returns the count.
pub fn write_samples(dir: &DataDir, spec: &SampleSpec) -> Result<usize, SampleError> {
    let conn = open_master_read_only(&dir.database())?;
    let mut reps = load_reps(&conn)?;
    if reps.is_empty() {
        return Err(SampleError::NoReps);
    }
    // Paris in winter; 3600 s is within the ±86400 s FixedOffset accepts.
    let paris = FixedOffset::east_opt(3600).unwrap_or(Utc.fix());
    let mut rng = DemoRng::new(spec.seed);
    let start = spec.now - Duration::milliseconds(spec.count as i64 * 10 + 1000);
    for index in 0..spec.count {
        let created_at = (start + Duration::milliseconds(index as i64 * 10)).with_timezone(&paris);
        let change_id = Ulid::from_parts(
            created_at.timestamp_millis() as u64,
            u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64()),
        )
        .to_string();
        let rep_index = rng.below(reps.len());
        let body = if spec.visits_only {
            let client_code = rng.pick(&reps[rep_index].clients).clone();
            ChangeBody::VC(ClientVisit {
                client_code,
                visit: visit(&mut rng, created_at),
            })
        } else {
            sample_body(&mut rng, &mut reps[rep_index], created_at)
        };
        let rep = &reps[rep_index];
        let envelope = Envelope {
            spec: SPEC_VERSION,
            change_id,
            user: rep.user.windows_user.clone(),
            device: format!("PC-{}", rep.user.erp_code),
            created_at,
            body,
        };
        publish_change(&dir.inbox().join(&rep.user.windows_user), &envelope)?;
    }
    Ok(spec.count)
}

/// The annex-2 values of a complete conversion paid by transfer (`VI`, no signature).
fn conversion_fields(name: &str, erp_code: &str) -> BTreeMap<String, Option<String>> {
    [
        ("c_fam_client", "TRAN"),
        ("c_sfam_client", "PL"),
        ("nom_client", name),
        ("adr1_fac", "12 rue des Acacias"),
        ("dep_fac", "69"),
        ("bur_dis_fac", "003"),
        ("ville_fac", "Lyon"),
        ("c_agence", "LYON"),
        ("c_rep", erp_code),
        ("c_pays", "FR"),
        ("tel_1", "04 78 98 76 54"),
        ("contact_divers_2", "73282932000074"),
        ("c_per", "M"),
        ("c_catc", "TRANS"),
        ("c_mod_rgl_1", "VI"),
        ("nb_jour_1", "30"),
        ("type_edition_fac", "P"),
    ]
    .into_iter()
    .map(|(field, value)| (field.to_string(), Some(value.to_string())))
    .collect()
}

fn visit(rng: &mut DemoRng, created_at: DateTime<FixedOffset>) -> VisitReport {
    let mut answers = BTreeMap::new();
    let contact = *rng.pick(&["visite", "telephone", "mail", "agence"]);
    answers.insert("type_contact".to_string(), Answer::One(contact.into()));
    if contact == "visite" {
        let kind = *rng.pick(&["avec_rdv", "sans_rdv"]);
        answers.insert("type_visite".to_string(), Answer::One(kind.into()));
    }
    let mut objects = Vec::new();
    for option in ["commande", "livraison", "releve_parc", "remise_proposition"] {
        if rng.below(3) == 0 {
            objects.push(option.to_string());
        }
    }
    if objects.iter().any(|o| o == "remise_proposition") {
        let kind = *rng.pick(&[
            "agraire",
            "tp",
            "gc",
            "pl_plp",
            "lubrifiant",
            "flotte_entreprise",
        ]);
        answers.insert(
            "remise_proposition_type".to_string(),
            Answer::Many(vec![kind.into()]),
        );
    }
    answers.insert("objet_visite".to_string(), Answer::Many(objects));
    VisitReport {
        visit_date: created_at.date_naive() - Duration::days(rng.below(3) as i64),
        visit_time: format!("{:02}:{:02}", 8 + rng.below(10), rng.below(4) * 15),
        comment: rng.pick(COMMENTS).to_string(),
        answers,
    }
}

fn sample_body(rng: &mut DemoRng, rep: &mut Rep, created_at: DateTime<FixedOffset>) -> ChangeBody {
    let roll = rng.below(100);
    let client_code = rng.pick(&rep.clients).clone();
    match roll {
        0..=69 => ChangeBody::VC(ClientVisit {
            client_code,
            visit: visit(rng, created_at),
        }),
        70..=74 => ChangeBody::MC(ClientModification {
            client_code,
            changes: Vec::new(),
            revisit: Some(RevisitChange {
                date: Some(
                    created_at.date_naive() + Duration::days(7 * (1 + rng.below(12)) as i64),
                ),
            }),
            fleet: None,
        }),
        75..=77 => ChangeBody::MC(ClientModification {
            client_code,
            changes: vec![FieldChange {
                field: "tel_2".into(),
                old: String::new(),
                new: format!(
                    "06 {:02} {:02} {:02} {:02}",
                    rng.below(100),
                    rng.below(100),
                    rng.below(100),
                    rng.below(100)
                ),
            }],
            revisit: None,
            fleet: Some(BTreeMap::from([(
                "VL".to_string(),
                1 + rng.below(20) as u32,
            )])),
        }),
        78..=87 => {
            let prospect_id = Ulid::from_parts(
                created_at.timestamp_millis() as u64,
                u128::from(rng.next_u64()),
            )
            .to_string();
            let name = format!(
                "{} {}",
                rng.pick(&["Garage", "Transports", "EARL", "SARL", "Ets"]),
                rng.pick(&[
                    "Morel",
                    "Fabre",
                    "Chevalier",
                    "Lambert",
                    "Girard",
                    "Bonnet",
                    "Roux"
                ])
            );
            rep.prospects.push((prospect_id.clone(), name.clone()));
            ChangeBody::CP(ProspectCreation {
                prospect_id,
                fields: BTreeMap::from([
                    ("nom_client".to_string(), Some(name)),
                    (
                        "tel_1".to_string(),
                        Some(format!(
                            "04 {:02} {:02} {:02} {:02}",
                            rng.below(100),
                            rng.below(100),
                            rng.below(100),
                            rng.below(100)
                        )),
                    ),
                    (
                        "ville_fac".to_string(),
                        Some(
                            rng.pick(&[
                                "Lyon",
                                "Villefranche-sur-Saône",
                                "Bourg-en-Bresse",
                                "Vienne",
                            ])
                            .to_string(),
                        ),
                    ),
                ]),
                contacts: Vec::new(),
            })
        }
        99 if !rep.prospects.is_empty() => {
            // The rep converts a prospect: the accountant will have it to validate.
            let (prospect_id, name) = rep.prospects.swap_remove(rng.below(rep.prospects.len()));
            ChangeBody::CC(ClientCreationRequest {
                prospect_id,
                fields: conversion_fields(&name, &rep.user.erp_code),
                signature: None,
            })
        }
        _ if !rep.prospects.is_empty() => {
            let prospect_id = rng.pick(&rep.prospects).0.clone();
            if roll < 95 {
                ChangeBody::VP(ProspectVisit {
                    prospect_id,
                    visit: visit(rng, created_at),
                })
            } else {
                ChangeBody::MP(ProspectModification {
                    prospect_id,
                    op: ProspectOperation::Update,
                    fields: BTreeMap::from([(
                        "contact_divers_4".to_string(),
                        Some(format!("contact{}@exemple.fr", rng.below(1000))),
                    )]),
                    contacts: None,
                })
            }
        }
        _ => ChangeBody::VC(ClientVisit {
            client_code,
            visit: visit(rng, created_at),
        }),
    }
}
