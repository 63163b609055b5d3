//! `GET /api/v1/{resource}` and `GET /api/v1/{resource}/{id}`: the store reads through
//! the policy; here the query is parsed, the fields picked and the answer shaped.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::ser::{Serialize, SerializeMap, Serializer};
use tournee_store::{
    get_record, list_records, ApiRecord, ApiResource, ListQuery, QueryError, ResourceSpec,
    TokenAccess,
};

use super::auth::{Bearer, Caller};
use super::problem::ApiProblem;
use super::ApiState;
use crate::sentences::{Said, Sentence};

/// What a record usually takes in a list's JSON (a party: about 600 bytes).
const BYTES_PER_RECORD: usize = 768;

/// Longest query string read.
const MAX_QUERY_CHARS: usize = 4096;

/// The resource of a request's path (`/api/v1/{resource}[/{id}]`), or 404.
pub fn resource_of(uri: &Uri) -> Result<ApiResource, ApiProblem> {
    uri.path()
        .strip_prefix("/api/v1/")
        .and_then(|rest| rest.split('/').next())
        .and_then(ApiResource::from_path)
        .ok_or_else(|| ApiProblem::new(StatusCode::NOT_FOUND, "no_route", Sentence::RestNoRoute))
}

fn bad_query(parameter: &str, reason: &str) -> ApiProblem {
    ApiProblem::new(
        StatusCode::BAD_REQUEST,
        "bad_query",
        Said::new(
            Sentence::RestBadQuery,
            &[("parameter", parameter), ("reason", reason)],
        ),
    )
    .on(parameter)
}

impl From<QueryError> for ApiProblem {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::Bad { parameter, reason } => bad_query(&parameter, &reason),
            QueryError::Store(error) => ApiProblem::internal(error),
        }
    }
}

/// The fields asked with `fields=a,b` (the id always comes), each checked.
pub fn picked_fields(
    spec: &ResourceSpec,
    asked: Option<&str>,
) -> Result<Option<Vec<&'static str>>, ApiProblem> {
    let Some(asked) = asked else {
        return Ok(None);
    };
    let mut names = vec!["id"];
    for name in asked.split(',') {
        let field = spec.field(name).ok_or_else(|| {
            ApiProblem::new(
                StatusCode::BAD_REQUEST,
                "unknown_field",
                Said::new(Sentence::RestUnknownField, &[("field", name)]),
            )
            .on("fields")
        })?;
        if !names.contains(&field.name) {
            names.push(field.name);
        }
    }
    Ok(Some(names))
}

/// The query string's pairs, refused when too long or not decodable.
fn query_pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiProblem> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_CHARS {
        return Err(bad_query("query", "too long"));
    }
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
        .map_err(|error| bad_query("query", &error.to_string()))
}

/// A list's query string: the store's query and the fields picked.
fn list_query(
    spec: &'static ResourceSpec,
    raw: Option<&str>,
) -> Result<(ListQuery, Option<Vec<&'static str>>), ApiProblem> {
    let mut query = ListQuery::default();
    let mut fields = None;
    for (name, value) in query_pairs(raw)? {
        match name.as_str() {
            "limit" => {
                query.limit = Some(
                    value
                        .parse()
                        .map_err(|_| bad_query("limit", "a whole number"))?,
                )
            }
            "cursor" => query.cursor = Some(value),
            "sort" => query.sort = Some(value),
            "fields" => fields = Some(value),
            _ => query.filters.push((name, value)),
        }
    }
    Ok((query, picked_fields(spec, fields.as_deref())?))
}

/// `GET /api/v1/{resource}?limit=&cursor=&sort=&fields=&<filter>=`
///
/// The token, its rate, its scope and then the query are checked in this order (401, 429,
/// 403, 400), in the same blocking hop as the read.
pub async fn list(
    State(state): State<ApiState>,
    bearer: Bearer,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let spec = resource.spec();
    // Parsed now, refused only once the caller is known: a stranger learns nothing.
    let asked = list_query(spec, raw.as_deref());
    let limiter = std::sync::Arc::clone(&state.limiter);
    let (page, picked) = state
        .reads
        .run(move |conn, cache| {
            let caller = bearer.check(conn, cache, &limiter)?;
            caller.require(spec.entity, TokenAccess::Read)?;
            let (query, picked) = asked?;
            let reach = cache.reach(conn, &caller.0.principal)?;
            Ok::<_, ApiProblem>((list_records(conn, reach, resource, &query)?, picked))
        })
        .await??;
    let answer = Page {
        data: page
            .records
            .iter()
            .map(|record| Listed {
                record,
                picked: picked.as_deref(),
                with_etag: true,
            })
            .collect(),
        next_cursor: page.next_cursor.as_deref(),
    };
    // Sized for the usual record, so that the body is not copied as it grows.
    let mut body = Vec::with_capacity(64 + page.records.len() * BYTES_PER_RECORD);
    serde_json::to_writer(&mut body, &answer).map_err(ApiProblem::internal)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

/// A list's answer, serialised from the page itself (no copy of its records).
#[derive(serde::Serialize)]
struct Page<'a> {
    data: Vec<Listed<'a>>,
    next_cursor: Option<&'a str>,
}

/// One record as answered: in a list `_etag`, then its fields (those picked, or every
/// one), in the order a JSON object of them would have (sorted names, `_` first).
struct Listed<'a> {
    record: &'a ApiRecord,
    picked: Option<&'a [&'a str]>,
    with_etag: bool,
}

impl Serialize for Listed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if self.with_etag {
            map.serialize_entry("_etag", &self.record.etag)?;
        }
        for (name, value) in &self.record.fields {
            if self
                .picked
                .is_none_or(|names| names.contains(&name.as_str()))
            {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// The record as `caller` reads it, or 404.
pub async fn readable(
    state: &ApiState,
    caller: &Caller,
    resource: ApiResource,
    id: String,
) -> Result<ApiRecord, ApiProblem> {
    let principal = caller.0.principal.clone();
    let wanted = id.clone();
    let record = state
        .reads
        .run(move |conn, cache| {
            let reach = cache.reach(conn, &principal)?;
            get_record(conn, reach, resource, &wanted)
        })
        .await??;
    record.ok_or_else(|| ApiProblem::not_found(&id))
}

/// A record answered with its `ETag`.
pub fn record_response(
    status: StatusCode,
    record: &ApiRecord,
    picked: Option<&[&str]>,
) -> Response {
    let listed = Listed {
        record,
        picked,
        with_etag: false,
    };
    let mut response = (status, Json(listed)).into_response();
    if let Ok(etag) = HeaderValue::from_str(&record.etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// A fetch's query string: the fields picked.
fn fetch_query(
    spec: &'static ResourceSpec,
    raw: Option<&str>,
) -> Result<Option<Vec<&'static str>>, ApiProblem> {
    let mut fields = None;
    for (name, value) in query_pairs(raw)? {
        match name.as_str() {
            "fields" => fields = Some(value),
            other => return Err(bad_query(other, "no such parameter")),
        }
    }
    picked_fields(spec, fields.as_deref())
}

/// `GET /api/v1/{resource}/{id}?fields=`: checked as [`list`] is, in one hop with the read.
pub async fn fetch(
    State(state): State<ApiState>,
    bearer: Bearer,
    uri: Uri,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let spec = resource.spec();
    let asked = fetch_query(spec, raw.as_deref());
    let limiter = std::sync::Arc::clone(&state.limiter);
    let wanted = id.clone();
    let (record, picked) = state
        .reads
        .run(move |conn, cache| {
            let caller = bearer.check(conn, cache, &limiter)?;
            caller.require(spec.entity, TokenAccess::Read)?;
            let picked = asked?;
            if wanted.len() > 100 {
                return Ok((None, picked));
            }
            let reach = cache.reach(conn, &caller.0.principal)?;
            Ok::<_, ApiProblem>((get_record(conn, reach, resource, &wanted)?, picked))
        })
        .await??;
    let record =
        record.ok_or_else(|| ApiProblem::not_found(&id.chars().take(100).collect::<String>()))?;
    Ok(record_response(StatusCode::OK, &record, picked.as_deref()))
}
