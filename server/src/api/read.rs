//! `GET /api/v1/{resource}` and `GET /api/v1/{resource}/{id}`: the store reads through
//! the policy; here the query is parsed, the fields picked and the answer shaped.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tournee_store::{
    get_record, list_records, ApiPage, ApiRecord, ApiResource, KeptAnswer, ListQuery, QueryError,
    ResourceSpec, TokenAccess,
};

use super::auth::{take_rate, Bearer, Caller};
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

/// The key an answer is kept under on a connection ([`tournee_store::ApiCache`]): whose
/// reach read it, and the path and query that asked.
fn answer_key(user: &str, uri: &Uri) -> String {
    let asked = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    format!("{user}\n{asked}")
}

/// A JSON body already rendered, with the record's `ETag` when it is one record.
fn json_response(status: StatusCode, answer: KeptAnswer) -> Response {
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Bytes::from_owner(answer.body),
    )
        .into_response();
    if let Some(etag) = answer
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// The answer the caller was given before to the same request, if a free connection
/// still keeps it, checked without leaving this thread ([`ApiPool::try_now`]): the token
/// known and fresh, its scope covering `spec`'s entity, then its rate taken (once: a
/// miss takes nothing, and the request goes through the blocking hop).
///
/// [`ApiPool::try_now`]: super::pool::ApiPool::try_now
fn answered_before(
    state: &ApiState,
    bearer: &Bearer,
    spec: &ResourceSpec,
    uri: &Uri,
) -> Option<Result<KeptAnswer, ApiProblem>> {
    let (caller, kept) = state.reads.try_now(|conn, cache| {
        bearer.known_answer(conn, cache, |caller| {
            caller
                .token_allows(spec.entity, TokenAccess::Read)
                .then(|| answer_key(&caller.principal.user.0, uri))
        })
    })?;
    Some(take_rate(&state.limiter, caller.token_id).map(|()| kept))
}

/// A page's body: `{"data":[…],"next_cursor":…}`, each record with its `_etag`.
fn page_body(page: &ApiPage, picked: Option<&[&str]>) -> Result<Vec<u8>, ApiProblem> {
    // Sized for the usual record, so that the body is not copied as it grows.
    let mut body = Vec::with_capacity(64 + page.records.len() * BYTES_PER_RECORD);
    body.extend_from_slice(b"{\"data\":[");
    for (index, record) in page.records.iter().enumerate() {
        if index > 0 {
            body.push(b',');
        }
        record.write_json(&mut body, picked, true);
    }
    body.extend_from_slice(b"],\"next_cursor\":");
    serde_json::to_writer(&mut body, &page.next_cursor).map_err(ApiProblem::internal)?;
    body.push(b'}');
    Ok(body)
}

/// `GET /api/v1/{resource}?limit=&cursor=&sort=&fields=&<filter>=`
///
/// The token, its rate, its scope and then the query are checked in this order (401, 429,
/// 403, 400), in the same blocking hop as the read. The same page asked again by the same
/// user is answered from the connection's cache while the master has not changed.
pub async fn list(
    State(state): State<ApiState>,
    bearer: Bearer,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let spec = resource.spec();
    if let Some(kept) = answered_before(&state, &bearer, spec, &uri) {
        return Ok(json_response(StatusCode::OK, kept?));
    }
    // Parsed now, refused only once the caller is known: a stranger learns nothing.
    let asked = list_query(spec, raw.as_deref());
    let limiter = std::sync::Arc::clone(&state.limiter);
    let answer = state
        .reads
        .run(move |conn, cache| {
            let caller = bearer.check(conn, cache, &limiter)?;
            caller.require(spec.entity, TokenAccess::Read)?;
            let (query, picked) = asked?;
            let key = answer_key(&caller.0.principal.user.0, &uri);
            if let Some(kept) = cache.answer(conn, &key)? {
                return Ok(kept);
            }
            let reach = cache.reach(conn, &caller.0.principal)?;
            let page = list_records(conn, reach, resource, &query)?;
            let answer = KeptAnswer {
                body: page_body(&page, picked.as_deref())?.into(),
                etag: None,
            };
            cache.keep_answer(key, answer.clone());
            Ok::<_, ApiProblem>(answer)
        })
        .await??;
    Ok(json_response(StatusCode::OK, answer))
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
    json_response(status, record_answer(record, picked))
}

/// A record's body (every field or those picked) and its tag.
fn record_answer(record: &ApiRecord, picked: Option<&[&str]>) -> KeptAnswer {
    let mut body = Vec::with_capacity(BYTES_PER_RECORD);
    record.write_json(&mut body, picked, false);
    KeptAnswer {
        body: body.into(),
        etag: Some(record.etag.clone()),
    }
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

/// `GET /api/v1/{resource}/{id}?fields=`: checked as [`list`] is, in one hop with the read,
/// and kept on the connection as a list's page is.
pub async fn fetch(
    State(state): State<ApiState>,
    bearer: Bearer,
    uri: Uri,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiProblem> {
    let resource = resource_of(&uri)?;
    let spec = resource.spec();
    if let Some(kept) = answered_before(&state, &bearer, spec, &uri) {
        return Ok(json_response(StatusCode::OK, kept?));
    }
    let asked = fetch_query(spec, raw.as_deref());
    let limiter = std::sync::Arc::clone(&state.limiter);
    let wanted = id.clone();
    let answer = state
        .reads
        .run(move |conn, cache| {
            let caller = bearer.check(conn, cache, &limiter)?;
            caller.require(spec.entity, TokenAccess::Read)?;
            let picked = asked?;
            if wanted.len() > 100 {
                return Ok(None);
            }
            let key = answer_key(&caller.0.principal.user.0, &uri);
            if let Some(kept) = cache.answer(conn, &key)? {
                return Ok(Some(kept));
            }
            let reach = cache.reach(conn, &caller.0.principal)?;
            let Some(record) = get_record(conn, reach, resource, &wanted)? else {
                return Ok(None);
            };
            let answer = record_answer(&record, picked.as_deref());
            cache.keep_answer(key, answer.clone());
            Ok::<_, ApiProblem>(Some(answer))
        })
        .await??;
    let answer =
        answer.ok_or_else(|| ApiProblem::not_found(&id.chars().take(100).collect::<String>()))?;
    Ok(json_response(StatusCode::OK, answer))
}
