//! The server's parameters as the snapshot carries them (`config` table): the visit form,
//! the field profile, fleet types, the forms' lists and the rule bounds, all set by the
//! admin in the back office. Read once per snapshot opened. (The rep's own choices, made
//! on this laptop, are [`crate::settings`].)

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use tournee_core::pipeline::{default_pipelines, Pipeline};
use tournee_core::SellerIdentity;
use tournee_core::{
    choices, default_action_types, default_fleet_types, ActionType, Choice, ConversionPolicy,
    FieldProfile, FleetType, VisitForm,
};

use crate::dto::UserGrants;
use crate::error::{FieldError, Result};

/// Parameters in force for this snapshot.
#[derive(Debug, Clone)]
pub struct ServerParameters {
    /// « Visite ce jour » form tree.
    pub visit_form: VisitForm,
    /// Client fields, labels and rules.
    pub field_profile: FieldProfile,
    /// Fleet types offered.
    pub fleet_types: Vec<FleetType>,
    /// What the rep can log on a party (inactive ones kept to label old actions).
    pub action_types: Vec<ActionType>,
    /// How far back a visit may be dated.
    pub visit_backdate_days: u32,
    /// Payment rules of « Transformation en client » (farmer categories, CH due days).
    pub conversion: ConversionPolicy,
    /// First day of the other reps' visits an admin's snapshot carries (`None`: a snapshot
    /// made before the server said it).
    pub team_visits_since: Option<NaiveDate>,
    /// How many days of other reps' visits travel.
    pub team_visit_days: u32,
    /// The lists the prospect and conversion forms offer, by ERP column.
    pub choices: FormChoices,
    /// The seller's identity printed on quotes (an older snapshot: the empty default).
    pub seller: SellerIdentity,
    /// The sales pipelines the opportunities board draws and the moves are checked
    /// against (an older snapshot: the default pipeline, which its server also uses).
    pub pipelines: Vec<Pipeline>,
    /// What the policy lets this user read and write (`crate::grants`; an older
    /// snapshot: everything, as the app offered before).
    pub grants: UserGrants,
}

/// The lists the prospect and conversion forms offer (admin parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormChoices {
    /// `c_fam_client`.
    pub client_categories: Vec<Choice>,
    /// `c_sfam_client`, each with its category.
    pub client_subcategories: Vec<Choice>,
    /// `c_catc`.
    pub commercial_grids: Vec<Choice>,
    /// `c_per`.
    pub periodicities: Vec<Choice>,
    /// `c_pays`.
    pub countries: Vec<Choice>,
    /// `c_mod_rgl_1`.
    pub payment_modes: Vec<Choice>,
}

/// Days of other reps' visits in snapshots made before the server wrote the figure.
const LEGACY_TEAM_VISIT_DAYS: u32 = 42;

impl ServerParameters {
    /// Reads the `config` table; a missing key falls back to the brief's default.
    pub fn read(conn: &Connection) -> Result<Self> {
        Ok(Self {
            visit_form: value(conn, "visit_form")?.unwrap_or_else(VisitForm::default_tree),
            field_profile: value(conn, "field_profile")?.unwrap_or_else(FieldProfile::annex2),
            fleet_types: value(conn, "fleet_types")?.unwrap_or_else(default_fleet_types),
            // A snapshot made before action types were a parameter: the defaults (such a
            // server reads no record change anyway, so nothing is logged with them).
            action_types: value(conn, "action_types")?.unwrap_or_else(default_action_types),
            visit_backdate_days: value(conn, "visit_backdate_days")?.unwrap_or(30),
            conversion: ConversionPolicy {
                farmer_categories: value(conn, "farmer_categories")?
                    .unwrap_or_else(|| ConversionPolicy::default().farmer_categories),
                ch_due_days: value(conn, "ch_due_days")?
                    .unwrap_or_else(|| ConversionPolicy::default().ch_due_days),
            },
            team_visits_since: value(conn, "team_visits_since")?,
            team_visit_days: value(conn, "team_visit_days")?.unwrap_or(LEGACY_TEAM_VISIT_DAYS),
            // A snapshot made before the lists were parameters offers the defaults.
            choices: FormChoices {
                client_categories: value(conn, "client_categories")?
                    .unwrap_or_else(choices::default_client_categories),
                client_subcategories: value(conn, "client_subcategories")?
                    .unwrap_or_else(choices::default_client_subcategories),
                commercial_grids: value(conn, "commercial_grids")?
                    .unwrap_or_else(choices::default_commercial_grids),
                periodicities: value(conn, "periodicities")?
                    .unwrap_or_else(choices::default_periodicities),
                countries: value(conn, "countries")?.unwrap_or_else(choices::default_countries),
                payment_modes: value(conn, "payment_modes")?
                    .unwrap_or_else(choices::default_payment_modes),
            },
            seller: value(conn, "seller")?.unwrap_or_else(SellerIdentity::default),
            pipelines: value(conn, "pipelines")?.unwrap_or_else(default_pipelines),
            grants: crate::grants::read(conn)?,
        })
    }
}

fn value<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let text: Option<String> = conn
        .query_row("SELECT value_json FROM config WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|source| FieldError::Json {
            what: format!("snapshot config {key}"),
            source,
        })
    })
    .transpose()
}
