//! « Type de parc »: how many vehicles of each type a client runs. Types are a parameter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// The pseudo field fleet errors concern.
pub const FLEET_FIELD: &str = "fleet";

/// Largest vehicle count accepted for one type (catches typing slips).
pub const MAX_VEHICLES: u32 = 100_000;

/// A fleet type offered in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FleetType {
    /// Stored code (`PL_PLP`).
    pub code: String,
    /// Shown label (`PL & PLP`).
    pub label: String,
}

/// The types listed in the brief, used until the admin configures others.
pub fn default_fleet_types() -> Vec<FleetType> {
    [
        ("VL", "VL"),
        ("VUL", "VUL"),
        ("AGRI", "AGRI"),
        ("TP", "TP"),
        ("GC", "GC"),
        ("PL_PLP", "PL & PLP"),
    ]
    .into_iter()
    .map(|(code, label)| FleetType {
        code: code.into(),
        label: label.into(),
    })
    .collect()
}

/// Refuses types that are not configured and counts beyond [`MAX_VEHICLES`]; the error's
/// field is `fleet`. Zero is a valid count (the rep unticks a type by sending 0).
pub fn check_fleet(types: &[FleetType], counts: &BTreeMap<String, u32>) -> Result<(), DomainError> {
    for (code, &count) in counts {
        if !types.iter().any(|t| &t.code == code) {
            return Err(DomainError::UnknownFleetType {
                field: FLEET_FIELD.into(),
                code: code.clone(),
            });
        }
        if count > MAX_VEHICLES {
            return Err(DomainError::TooManyVehicles {
                field: FLEET_FIELD.into(),
                code: code.clone(),
                count,
                max: MAX_VEHICLES,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn the_default_types_are_those_of_the_brief() {
        let types = default_fleet_types();
        let codes: Vec<&str> = types.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["VL", "VUL", "AGRI", "TP", "GC", "PL_PLP"]);
        assert_eq!(types[5].label, "PL & PLP");
    }

    #[test]
    fn known_types_pass_up_to_the_maximum() {
        let types = default_fleet_types();
        check_fleet(&types, &counts(&[("VL", 3), ("PL_PLP", 0)])).unwrap();
        check_fleet(&types, &counts(&[("AGRI", MAX_VEHICLES)])).unwrap();
        check_fleet(&types, &BTreeMap::new()).unwrap();
    }

    #[test]
    fn unknown_types_are_refused() {
        let error = check_fleet(&default_fleet_types(), &counts(&[("BUS", 1)])).unwrap_err();
        assert_eq!(error.field(), "fleet");
        assert_eq!(error.code(), "unknown_fleet_type");
        assert_eq!(
            error,
            DomainError::UnknownFleetType {
                field: "fleet".into(),
                code: "BUS".into()
            }
        );
    }

    #[test]
    fn absurd_counts_are_refused() {
        let error =
            check_fleet(&default_fleet_types(), &counts(&[("VL", MAX_VEHICLES + 1)])).unwrap_err();
        assert_eq!(error.code(), "too_many_vehicles");
    }

    #[test]
    fn types_are_a_parameter() {
        let types = vec![FleetType {
            code: "BUS".into(),
            label: "Autocars".into(),
        }];
        check_fleet(&types, &counts(&[("BUS", 4)])).unwrap();
        assert!(check_fleet(&types, &counts(&[("VL", 1)])).is_err());
    }
}
