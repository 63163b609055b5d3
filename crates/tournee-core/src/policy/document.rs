//! The policy as the admin edits it and the snapshot carries it: a JSON document of stable
//! codes, `{"version": 1, "grants": {role: {entity: {"read": scope, "write": scope}}}}`.
//! Reading one checks every code and every rule and reports each problem with its place;
//! a grant the document leaves out (role, entity or access) is brief 003's default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{rules, Access, Entity, Grant, Policy, PolicyError, Role, Scope};

/// The document format this program reads and writes.
pub const POLICY_VERSION: u32 = 1;

/// A policy as written, codes still unchecked. Read it into a [`Policy`] with
/// `Policy::try_from` (or [`Policy::from_json`]); list all its problems with
/// [`PolicyDocument::problems`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// The format's version ([`POLICY_VERSION`]).
    pub version: u32,
    /// Role code → entity code → access code (`read`, `write`) → scope code.
    #[serde(default)]
    pub grants: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
}

impl PolicyDocument {
    /// Every problem of this document, in document order (empty when it reads into a
    /// policy), so the editor can show them all at once.
    pub fn problems(&self) -> Vec<PolicyError> {
        self.read().err().unwrap_or_default()
    }

    /// The policy it describes over brief 003's default, or all its problems.
    fn read(&self) -> Result<Policy, Vec<PolicyError>> {
        if self.version != POLICY_VERSION {
            return Err(vec![PolicyError::UnsupportedVersion {
                version: self.version,
            }]);
        }
        let mut policy = Policy::default();
        let mut problems = Vec::new();
        for (role_code, entities) in &self.grants {
            let Some(role) = Role::from_code(role_code) else {
                problems.push(PolicyError::UnknownRole {
                    code: role_code.clone(),
                });
                continue;
            };
            for (entity_code, accesses) in entities {
                let Some(entity) = Entity::from_code(entity_code) else {
                    problems.push(PolicyError::UnknownEntity {
                        role,
                        code: entity_code.clone(),
                    });
                    continue;
                };
                let base = policy.grant(role, entity);
                match read_grant(role, entity, base, accesses) {
                    Ok(grant) => match rules::check(role, entity, grant) {
                        Ok(()) => policy.set(role, entity, grant),
                        Err(problem) => problems.push(problem),
                    },
                    Err(mut found) => problems.append(&mut found),
                }
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }
}

/// `base` with the scopes `accesses` gives, or the codes it does not know.
fn read_grant(
    role: Role,
    entity: Entity,
    base: Grant,
    accesses: &BTreeMap<String, String>,
) -> Result<Grant, Vec<PolicyError>> {
    let mut grant = base;
    let mut problems = Vec::new();
    for (access_code, scope_code) in accesses {
        let Some(access) = Access::from_code(access_code) else {
            problems.push(PolicyError::UnknownAccess {
                role,
                entity,
                code: access_code.clone(),
            });
            continue;
        };
        match Scope::from_code(scope_code) {
            Some(scope) => grant = grant.with(access, scope),
            None => problems.push(PolicyError::UnknownScope {
                role,
                entity,
                access,
                code: scope_code.clone(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(grant)
    } else {
        Err(problems)
    }
}

impl TryFrom<PolicyDocument> for Policy {
    type Error = PolicyError;

    /// The policy, or the document's first problem (see [`PolicyDocument::problems`]).
    fn try_from(document: PolicyDocument) -> Result<Policy, PolicyError> {
        // `read` fails only with at least one problem, so there is a first one to take.
        document
            .read()
            .map_err(|mut problems| problems.swap_remove(0))
    }
}

impl From<Policy> for PolicyDocument {
    /// Every grant written out, admin and observer included, so the document read on a
    /// laptop or by a person is the whole policy.
    fn from(policy: Policy) -> PolicyDocument {
        let grants = Role::ALL
            .into_iter()
            .map(|role| {
                let entities = Entity::ALL
                    .into_iter()
                    .map(|entity| {
                        let grant = policy.grant(role, entity);
                        let accesses = Access::ALL
                            .into_iter()
                            .map(|a| (a.code().to_string(), grant.get(a).code().to_string()))
                            .collect();
                        (entity.code().to_string(), accesses)
                    })
                    .collect();
                (role.code().to_string(), entities)
            })
            .collect();
        PolicyDocument {
            version: POLICY_VERSION,
            grants,
        }
    }
}
