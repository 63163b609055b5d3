//! « Type de parc »: how many vehicles of each type a client runs. Types are a parameter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Largest vehicle count accepted for one type (catches typing slips).
pub const MAX_VEHICLES: u32 = 100_000;

/// A fleet type offered in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetType {
    /// Stored code (`PL_PLP`).
    pub code: String,
    /// Shown label (`PL & PLP`).
    pub label: String,
}

/// The types listed in the brief.
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

/// Refuses unknown types and absurd counts.
pub fn check_fleet(types: &[FleetType], counts: &BTreeMap<String, u32>) -> Result<(), DomainError> {
    for (code, count) in counts {
        if !types.iter().any(|t| &t.code == code) {
            return Err(DomainError::InvalidFormat {
                field: "fleet".into(),
                expected: format!(
                    "un type de parc parmi {} (« {code} » inconnu)",
                    types
                        .iter()
                        .map(|t| t.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        if *count > MAX_VEHICLES {
            return Err(DomainError::InvalidFormat {
                field: "fleet".into(),
                expected: format!("au plus {MAX_VEHICLES} véhicules pour {code}"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_pass_and_unknown_ones_fail() {
        let types = default_fleet_types();
        assert_eq!(types.len(), 6);
        let ok = BTreeMap::from([("VL".to_string(), 3), ("PL_PLP".to_string(), 0)]);
        check_fleet(&types, &ok).unwrap();
        let unknown = BTreeMap::from([("BUS".to_string(), 1)]);
        assert!(check_fleet(&types, &unknown)
            .unwrap_err()
            .to_string()
            .contains("BUS"));
        let huge = BTreeMap::from([("VL".to_string(), MAX_VEHICLES + 1)]);
        assert!(check_fleet(&types, &huge).is_err());
    }
}
