//! Reading a resource as a caller may: lists with a keyset cursor, filters, a sort from
//! the resource's list, and single records. Who reads which row is the snapshot
//! builder's rule ([`scope_filter`]): a record is visible through the read scope the
//! policy gives its owner's relation to the caller, and a record hanging on a party only
//! when the party is visible too (as it travels with its party to a laptop).

use base64::Engine as _;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Statement};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tournee_core::{Access, Entity, Policy, Principal, Scope};

use super::record::{name_order, ApiRecord};
use super::resources::{ApiResource, FilterKind, ResourceSpec};
use crate::access::policy_in_force;
use crate::error::StoreError;
use crate::snapshot::records::{active_principals, scope_filter, team_of};

/// Largest page.
pub const MAX_LIMIT: u32 = 200;
/// Page size when none is asked.
pub const DEFAULT_LIMIT: u32 = 50;
/// Longest filter value.
pub const MAX_FILTER_CHARS: usize = 200;

/// The logins of the caller's team, as the SQL reads them.
const TEAM_SQL: &str = "SELECT value FROM json_each(:team)";
/// Whose a party is, from a row joined as `p`.
const JOINED_PARTY_OWNER: &str = "coalesce(p.owner, p.created_by)";

/// How far the caller reads, decided once per request from the master.
#[derive(Debug, Clone)]
pub struct ApiReach {
    principal: Principal,
    policy: Policy,
    /// The logins the team scope reaches, as a JSON array.
    team_json: String,
}

impl ApiReach {
    /// The caller's reach: the policy in force and the members of their teams.
    pub fn of(conn: &Connection, principal: &Principal) -> Result<Self, StoreError> {
        let everyone = active_principals(conn)?;
        let team = team_of(principal, &everyone);
        Ok(Self {
            principal: principal.clone(),
            policy: policy_in_force(conn)?,
            team_json: serde_json::Value::from(team).to_string(),
        })
    }

    /// The logins the team scope reaches, as a JSON array.
    pub fn team_json(&self) -> &str {
        &self.team_json
    }

    fn scope(&self, entity: Entity) -> Scope {
        self.policy.scope(&self.principal, entity, Access::Read)
    }

    fn filter(&self, entity: Entity, owner_sql: &str) -> String {
        scope_filter(self.scope(entity), owner_sql, TEAM_SQL)
    }

    /// The condition, after a `WHERE`, keeping the rows of `resource` the caller reads.
    fn visibility(&self, resource: ApiResource) -> String {
        let party = || self.filter(Entity::Party, JOINED_PARTY_OWNER);
        match resource {
            ApiResource::Parties => self.filter(Entity::Party, "coalesce(x.owner, x.created_by)"),
            ApiResource::People => format!(
                "{} {}",
                party(),
                self.filter(Entity::Person, JOINED_PARTY_OWNER)
            ),
            ApiResource::Actions => format!(
                "{} {}",
                party(),
                self.filter(Entity::Action, JOINED_PARTY_OWNER)
            ),
            ApiResource::Replies => format!(
                "{} {} {}",
                party(),
                self.filter(Entity::Action, JOINED_PARTY_OWNER),
                self.filter(Entity::ActionReply, JOINED_PARTY_OWNER)
            ),
            // A todo about a party goes with it; one without a party is its author's.
            ApiResource::Todos => format!(
                "AND (x.party_id IS NULL OR (p.id IS NOT NULL {})) {}",
                party(),
                self.filter(
                    Entity::Todo,
                    "coalesce(coalesce(p.owner, p.created_by), x.created_by)"
                )
            ),
            // The snapshots' rule: every active client's identity (all the API serves of a
            // client) to whoever reads clients at all, so that a rep may cover for a
            // colleague; the scope decides the portfolio's details, which the API does
            // not serve.
            ApiResource::Clients => match self.scope(Entity::Client) {
                Scope::None => "AND false".to_string(),
                Scope::Own | Scope::Team | Scope::All => "AND x.actif = 1".to_string(),
            },
            // A prospect is its creator's and its assignee's (docs/policy.md), as in the
            // snapshots: either reached by the scope makes it readable.
            ApiResource::Prospects => {
                let assignee = self.filter(Entity::Prospect, "x.assignee");
                let creator = self.filter(Entity::Prospect, "x.created_by");
                if assignee.is_empty() {
                    String::new()
                } else {
                    format!("AND ((true {assignee}) OR (true {creator}))")
                }
            }
            ApiResource::Users => self.filter(Entity::User, "x.windows_user"),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct ApiPage {
    /// The records, in the asked order.
    pub records: Vec<ApiRecord>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// What a list asks.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Page size (bounded by [`MAX_LIMIT`]).
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// A sort of the resource, `-` first for descending.
    pub sort: Option<String>,
    /// Filters by name.
    pub filters: Vec<(String, String)>,
}

/// Why a list's query is refused, naming the parameter.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A parameter the resource does not have, or a value out of range.
    #[error("query parameter {parameter}: {reason}")]
    Bad {
        /// The parameter.
        parameter: String,
        /// What is wrong, for people.
        reason: String,
    },
    /// The master could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for QueryError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

fn bad(parameter: &str, reason: impl Into<String>) -> QueryError {
    QueryError::Bad {
        parameter: parameter.to_string(),
        reason: reason.into(),
    }
}

/// The opaque cursor's content: where the previous page stopped, for which sort.
#[derive(Serialize, Deserialize)]
struct Cursor {
    /// The sort it was made for.
    s: String,
    /// The last row's sort key.
    k: Value,
    /// The last row's id.
    i: String,
}

fn encode_cursor(cursor: &Cursor) -> String {
    // Invariant: a struct of strings and a JSON value always serialises.
    let json = serde_json::to_vec(cursor).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn decode_cursor(text: &str) -> Option<Cursor> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn sql_of(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(flag) => SqlValue::Integer(i64::from(*flag)),
        Value::Number(n) => n.as_i64().map_or_else(
            || SqlValue::Real(n.as_f64().unwrap_or(0.0)),
            SqlValue::Integer,
        ),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn json_of(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(i),
        SqlValue::Real(r) => Value::from(r),
        SqlValue::Text(t) => Value::from(t),
        SqlValue::Blob(b) => Value::from(base64::engine::general_purpose::STANDARD.encode(b)),
    }
}

/// The `SELECT` of every field, the sort key and the id.
fn select_sql(spec: &ResourceSpec, sort_sql: &str) -> String {
    let columns: Vec<&str> = spec.fields.iter().map(|f| f.sql).collect();
    format!(
        "SELECT {}, {sort_sql}, {} FROM {}",
        columns.join(", "),
        spec.id_sql,
        spec.from
    )
}

/// Binds `:user`, `:team` and the named values the statement has.
fn bind(
    statement: &mut Statement<'_>,
    reach: &ApiReach,
    values: &[(String, SqlValue)],
) -> Result<(), rusqlite::Error> {
    if let Some(index) = statement.parameter_index(":user")? {
        statement.raw_bind_parameter(index, reach.principal.user.0.as_str())?;
    }
    if let Some(index) = statement.parameter_index(":team")? {
        statement.raw_bind_parameter(index, reach.team_json.as_str())?;
    }
    for (name, value) in values {
        if let Some(index) = statement.parameter_index(name)? {
            statement.raw_bind_parameter(index, value)?;
        }
    }
    Ok(())
}

/// Reads the rows of a prepared, bound statement: the records and each row's sort key.
fn read_rows(
    statement: &mut Statement<'_>,
    spec: &ResourceSpec,
) -> Result<Vec<(ApiRecord, Value)>, rusqlite::Error> {
    let count = spec.fields.len();
    let order = name_order(spec);
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let key = json_of(row.get::<_, SqlValue>(count)?);
        let id: String = row.get(count + 1)?;
        out.push((ApiRecord::from_row(row, spec, &order, id)?, key));
    }
    Ok(out)
}

/// One page of `resource` as `reach`'s caller reads it.
pub fn list_records(
    conn: &Connection,
    reach: &ApiReach,
    resource: ApiResource,
    query: &ListQuery,
) -> Result<ApiPage, QueryError> {
    let spec = resource.spec();
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(bad("limit", format!("from 1 to {MAX_LIMIT}")));
    }
    let sort_name = query.sort.clone().unwrap_or_else(|| "id".to_string());
    let (descending, bare) = match sort_name.strip_prefix('-') {
        Some(bare) => (true, bare),
        None => (false, sort_name.as_str()),
    };
    let Some((_, sort_sql)) = spec.sorts.iter().find(|(name, _)| *name == bare) else {
        let names: Vec<&str> = spec.sorts.iter().map(|(n, _)| *n).collect();
        return Err(bad("sort", format!("one of {}", names.join(", "))));
    };
    let mut sql = format!(
        "{} WHERE true {}",
        select_sql(spec, sort_sql),
        reach.visibility(resource)
    );
    let mut values: Vec<(String, SqlValue)> = Vec::new();
    for (index, (name, value)) in query.filters.iter().enumerate() {
        let Some(filter) = spec.filters.iter().find(|f| f.name == name) else {
            return Err(bad(name, "no such filter"));
        };
        if value.chars().count() > MAX_FILTER_CHARS {
            return Err(bad(name, format!("at most {MAX_FILTER_CHARS} characters")));
        }
        let param = format!(":f{index}");
        let bound = match filter.kind {
            FilterKind::Equals => {
                sql.push_str(&format!(" AND {} = {param}", filter.sql));
                SqlValue::Text(value.clone())
            }
            FilterKind::Since => {
                if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err()
                    && chrono::DateTime::parse_from_rfc3339(value).is_err()
                {
                    return Err(bad(name, "a date (YYYY-MM-DD) or an RFC 3339 instant"));
                }
                sql.push_str(&format!(" AND {} >= {param}", filter.sql));
                SqlValue::Text(value.clone())
            }
            FilterKind::Flag => {
                let flag = match value.as_str() {
                    "true" => 1,
                    "false" => 0,
                    _ => return Err(bad(name, "true or false")),
                };
                sql.push_str(&format!(" AND ({}) = {param}", filter.sql));
                SqlValue::Integer(flag)
            }
        };
        values.push((param, bound));
    }
    if let Some(text) = &query.cursor {
        let cursor = decode_cursor(text)
            .filter(|c| c.s == sort_name)
            .ok_or_else(|| bad("cursor", "not a cursor of this list and sort"))?;
        let op = if descending { "<" } else { ">" };
        sql.push_str(&format!(
            " AND ({sort_sql} {op} :ck OR ({sort_sql} = :ck AND {id} {op} :ci))",
            id = spec.id_sql
        ));
        values.push((":ck".into(), sql_of(&cursor.k)));
        values.push((":ci".into(), SqlValue::Text(cursor.i)));
    }
    let direction = if descending { "DESC" } else { "ASC" };
    sql.push_str(&format!(
        " ORDER BY {sort_sql} {direction}, {} {direction} LIMIT {}",
        spec.id_sql,
        limit + 1
    ));
    let mut statement = conn.prepare_cached(&sql)?;
    bind(&mut statement, reach, &values)?;
    let mut rows = read_rows(&mut statement, spec)?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(last, key)| {
            encode_cursor(&Cursor {
                s: sort_name.clone(),
                k: key.clone(),
                i: last.id.clone(),
            })
        })
    } else {
        None
    };
    Ok(ApiPage {
        records: rows.into_iter().map(|(record, _)| record).collect(),
        next_cursor,
    })
}

/// The record `id` of `resource` if the caller reads it; `None` whether it does not exist
/// or is not theirs to read (the API answers both alike).
pub fn get_record(
    conn: &Connection,
    reach: &ApiReach,
    resource: ApiResource,
    id: &str,
) -> Result<Option<ApiRecord>, StoreError> {
    let spec = resource.spec();
    let sql = format!(
        "{} WHERE {} = :id {}",
        select_sql(spec, spec.id_sql),
        spec.id_sql,
        reach.visibility(resource)
    );
    let mut statement = conn.prepare_cached(&sql)?;
    bind(
        &mut statement,
        reach,
        &[(":id".into(), SqlValue::Text(id.to_string()))],
    )?;
    Ok(read_rows(&mut statement, spec)?
        .into_iter()
        .next()
        .map(|(record, _)| record))
}
