//! The OpenAPI 3.1 document of `/api/v1`, generated from the store's table of resources
//! ([`tournee_store::RESOURCES`]): the same data the SQL reads, so the document cannot
//! describe a field, a sort or a filter the server does not have. Served at
//! `/api/v1/openapi.json`, and rendered by [`super::reference`].

use serde_json::{json, Map, Value};
use tournee_store::{
    FieldKind, FieldSpec, FilterKind, ResourceSpec, Shape, DEFAULT_LIMIT, MAX_FILTER_CHARS,
    MAX_LIMIT, RESOURCES,
};

use super::write::WRITE_BODY_LIMIT;

/// `Parties` from `parties`: the schema's name.
pub fn schema_name(spec: &ResourceSpec) -> String {
    let mut chars = spec.path.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn field_schema(kind: FieldKind, nullable: bool) -> Value {
    let base = match kind {
        FieldKind::Text => "string",
        FieldKind::Integer => "integer",
        FieldKind::Boolean => "boolean",
    };
    if nullable {
        json!({ "type": [base, "null"] })
    } else {
        json!({ "type": base })
    }
}

/// What a written text field must look like: its form, and not empty when mandatory.
fn shape_into(schema: &mut Value, field: &FieldSpec) {
    if field.kind != FieldKind::Text {
        return;
    }
    match field.shape {
        Shape::Free => {
            schema["maxLength"] = json!(500);
            if !field.nullable {
                schema["minLength"] = json!(1);
                schema["pattern"] = json!("\\S");
            }
        }
        Shape::Date => {
            schema["pattern"] = json!("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
        }
        Shape::Time => schema["pattern"] = json!("^([01][0-9]|2[0-3]):[0-5][0-9]$"),
        Shape::Ulid => schema["pattern"] = json!("^[0-7][0-9A-HJKMNP-TV-Z]{25}$"),
        Shape::OneOf(values) => schema["enum"] = json!(values),
    }
}

/// The record as read.
fn record_schema(spec: &ResourceSpec) -> Value {
    let mut properties = Map::new();
    for field in spec.fields {
        properties.insert(field.name.into(), field_schema(field.kind, field.nullable));
    }
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// An item of a list: the record (or its picked fields) and its `_etag`.
fn item_schema(spec: &ResourceSpec) -> Value {
    let mut schema = record_schema(spec);
    schema["properties"]["_etag"] = json!({ "type": "string" });
    schema["required"] = json!(["id", "_etag"]);
    schema
}

/// What a creation or an update sends: the writable fields.
fn write_schema(spec: &ResourceSpec, creation: bool) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in spec.fields.iter().filter(|f| f.writable) {
        let mut schema = field_schema(field.kind, field.nullable);
        shape_into(&mut schema, field);
        if creation && !field.nullable {
            required.push(field.name);
        }
        properties.insert(field.name.into(), schema);
    }
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if creation {
        schema["required"] = json!(required);
    } else {
        schema["minProperties"] = json!(1);
    }
    schema
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// The refusals every authenticated route may answer.
fn common_refusals(responses: &mut Map<String, Value>) {
    responses.insert(
        "400".into(),
        problem_response("a query parameter, header or body refused; `field` names it"),
    );
    responses.insert(
        "401".into(),
        problem_response("token missing, unknown, expired or revoked"),
    );
    responses.insert(
        "403".into(),
        problem_response("the token has no scope for this entity"),
    );
    responses.insert(
        "404".into(),
        problem_response("no such record for this caller"),
    );
    responses.insert(
        "429".into(),
        json!({
            "description": "rate limit of the token reached",
            "headers": { "Retry-After": { "schema": { "type": "integer" }, "description": "seconds to wait" } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
        }),
    );
}

fn etag_header() -> Value {
    json!({ "ETag": { "schema": { "type": "string" }, "description": "the record's version, for If-Match" } })
}

/// `fields=a,b`: the fields to answer (the id always comes).
fn fields_parameter(names: &[&str]) -> Value {
    json!({ "name": "fields", "in": "query", "style": "form", "explode": false,
            "description": "comma-separated fields to answer (the id always comes)",
            "schema": { "type": "array", "items": { "type": "string", "enum": names }, "minItems": 1 } })
}

fn list_operation(spec: &ResourceSpec, name: &str) -> Value {
    let sorts: Vec<String> = spec
        .sorts
        .iter()
        .flat_map(|(sort, _)| [sort.to_string(), format!("-{sort}")])
        .collect();
    let field_names: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
    let mut parameters = vec![
        json!({ "name": "limit", "in": "query", "description": format!("page size, {DEFAULT_LIMIT} when absent"),
                "schema": { "type": "integer", "minimum": 1, "maximum": MAX_LIMIT } }),
        json!({ "name": "cursor", "in": "query", "description": "the previous page's next_cursor",
                "schema": { "type": "string", "maxLength": 1000, "pattern": "^[A-Za-z0-9_-]+$" } }),
        json!({ "name": "sort", "in": "query", "description": "a sort of this resource, `-` first for descending",
                "schema": { "type": "string", "enum": sorts } }),
        fields_parameter(&field_names),
    ];
    for filter in spec.filters {
        let schema = match filter.kind {
            FilterKind::Equals => json!({ "type": "string", "maxLength": MAX_FILTER_CHARS }),
            FilterKind::Since => json!({ "type": "string", "format": "date-time" }),
            FilterKind::Flag => json!({ "type": "string", "enum": ["true", "false"] }),
        };
        parameters.push(json!({ "name": filter.name, "in": "query", "description": filter.description, "schema": schema }));
    }
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({
            "description": "one page",
            "content": { "application/json": { "schema": {
                "type": "object",
                "required": ["data", "next_cursor"],
                "properties": {
                    "data": { "type": "array", "items": { "$ref": format!("#/components/schemas/{name}Item") } },
                    "next_cursor": { "type": ["string", "null"] }
                }
            } } }
        }),
    );
    common_refusals(&mut responses);
    json!({
        "operationId": format!("list{name}"),
        "summary": format!("List {}", spec.path),
        "tags": [spec.path],
        "parameters": parameters,
        "responses": responses,
    })
}

fn record_ok(name: &str, description: &str) -> Value {
    json!({
        "description": description,
        "headers": etag_header(),
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } } }
    })
}

fn accepted() -> Value {
    json!({
        "description": "written, not integrated within the wait: ask again later",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pending" } } }
    })
}

fn fetch_operation(spec: &ResourceSpec, name: &str) -> Value {
    let mut responses = Map::new();
    responses.insert("200".into(), record_ok(name, "the record"));
    common_refusals(&mut responses);
    json!({
        "operationId": format!("get{name}"),
        "summary": format!("Fetch one of {}", spec.path),
        "tags": [spec.path],
        "parameters": [fields_parameter(&spec.fields.iter().map(|f| f.name).collect::<Vec<_>>())],
        "responses": responses,
    })
}

fn write_refusals(responses: &mut Map<String, Value>) {
    common_refusals(responses);
    responses.insert("413".into(), problem_response("body over the limit"));
    responses.insert(
        "422".into(),
        problem_response("refused by the rules or the policy; `field` names the field"),
    );
}

fn create_operation(spec: &ResourceSpec, name: &str) -> Value {
    let mut responses = Map::new();
    let mut created = record_ok(name, "created and integrated");
    created["headers"]["Location"] = json!({ "schema": { "type": "string" } });
    created["links"] = json!({
        format!("get{name}"): { "operationId": format!("get{name}"), "parameters": { "id": "$response.body#/id" } },
        format!("update{name}"): { "operationId": format!("update{name}"),
            "parameters": { "id": "$response.body#/id", "If-Match": "$response.header.ETag" } },
        format!("delete{name}"): { "operationId": format!("delete{name}"),
            "parameters": { "id": "$response.body#/id", "If-Match": "$response.header.ETag" } }
    });
    responses.insert("201".into(), created);
    responses.insert("202".into(), accepted());
    responses.insert(
        "409".into(),
        problem_response("the first request with this Idempotency-Key still runs"),
    );
    write_refusals(&mut responses);
    json!({
        "operationId": format!("create{name}"),
        "summary": format!("Create one of {}", spec.path),
        "tags": [spec.path],
        "parameters": [
            { "name": "Idempotency-Key", "in": "header", "required": false,
              "description": "the same key twice creates once and answers the same",
              "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$" } }
        ],
        "requestBody": { "required": true, "content": { "application/json": {
            "schema": { "$ref": format!("#/components/schemas/{name}Create") } } } },
        "responses": responses,
    })
}

fn if_match() -> Value {
    json!({ "name": "If-Match", "in": "header", "required": true,
            "description": "the ETag of the record as last read",
            "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]([ -~]*[!-~])?$" } })
}

fn update_operation(spec: &ResourceSpec, name: &str) -> Value {
    let mut responses = Map::new();
    responses.insert("200".into(), record_ok(name, "updated and integrated"));
    responses.insert("202".into(), accepted());
    responses.insert(
        "412".into(),
        problem_response("the record changed since it was read"),
    );
    responses.insert("428".into(), problem_response("If-Match missing"));
    write_refusals(&mut responses);
    json!({
        "operationId": format!("update{name}"),
        "summary": format!("Change fields of one of {}", spec.path),
        "tags": [spec.path],
        "parameters": [if_match()],
        "requestBody": { "required": true, "content": { "application/json": {
            "schema": { "$ref": format!("#/components/schemas/{name}Update") } } } },
        "responses": responses,
    })
}

fn delete_operation(spec: &ResourceSpec, name: &str) -> Value {
    let mut responses = Map::new();
    responses.insert("204".into(), json!({ "description": "deleted" }));
    responses.insert("202".into(), accepted());
    responses.insert(
        "412".into(),
        problem_response("the record changed since it was read"),
    );
    responses.insert("428".into(), problem_response("If-Match missing"));
    write_refusals(&mut responses);
    json!({
        "operationId": format!("delete{name}"),
        "summary": format!("Delete one of {}", spec.path),
        "tags": [spec.path],
        "parameters": [if_match()],
        "responses": responses,
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for spec in RESOURCES {
        let name = schema_name(spec);
        let mut collection = Map::new();
        collection.insert("get".into(), list_operation(spec, &name));
        let mut item = Map::new();
        item.insert(
            "parameters".into(),
            json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 100 } }]),
        );
        item.insert("get".into(), fetch_operation(spec, &name));
        schemas.insert(name.clone(), record_schema(spec));
        schemas.insert(format!("{name}Item"), item_schema(spec));
        if spec.record.is_some() {
            collection.insert("post".into(), create_operation(spec, &name));
            item.insert("patch".into(), update_operation(spec, &name));
            item.insert("delete".into(), delete_operation(spec, &name));
            schemas.insert(format!("{name}Create"), write_schema(spec, true));
            schemas.insert(format!("{name}Update"), write_schema(spec, false));
        }
        paths.insert(format!("/api/v1/{}", spec.path), Value::Object(collection));
        paths.insert(format!("/api/v1/{}/{{id}}", spec.path), Value::Object(item));
    }
    schemas.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": "string" },
                "code": { "type": "string", "description": "stable code" },
                "field": { "type": "string", "description": "the field, header or query parameter concerned" },
                "why": { "description": "the integration's own detail of a refused write" }
            }
        }),
    );
    schemas.insert(
        "Pending".into(),
        json!({
            "type": "object",
            "required": ["state", "file_name", "detail"],
            "properties": {
                "state": { "type": "string" },
                "file_name": { "type": "string" },
                "detail": { "type": "string" }
            }
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Tournée REST API",
            "version": "1",
            "description": format!(
                "The CRM's records for other programs. Every request carries `Authorization: Bearer <token>` \
                 (tokens are made by the admin in the back office, « Jetons d'API »). A record the caller may \
                 not see answers 404. Writes are integrated like a laptop's changes and answered with the \
                 outcome; bodies are at most {WRITE_BODY_LIMIT} bytes. Guide: docs/api.md."
            )
        },
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_has_its_paths_and_every_reference_resolves() {
        let document = document();
        let text = document.to_string();
        for spec in RESOURCES {
            assert!(document["paths"][format!("/api/v1/{}", spec.path)]["get"].is_object());
            let writable = document["paths"][format!("/api/v1/{}", spec.path)]["post"].is_object();
            assert_eq!(writable, spec.record.is_some(), "{}", spec.path);
        }
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap_or_default();
            assert!(
                document["components"]["schemas"][name].is_object(),
                "{name} is referenced and not defined"
            );
        }
    }
}
