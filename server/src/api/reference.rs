//! `GET /api/v1/reference`: the OpenAPI document rendered as one HTML page by the server
//! itself (no script, no CDN: the server and its users may be offline), from the same
//! [`super::openapi::document`] the JSON serves.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

use super::problem::ApiProblem;

struct Parameter {
    name: String,
    place: String,
    required: bool,
    schema: String,
    description: String,
}

struct Operation {
    id: String,
    method: String,
    path: String,
    summary: String,
    parameters: Vec<Parameter>,
    body: Option<String>,
    responses: Vec<(String, String)>,
}

struct Schema {
    name: String,
    fields: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "api/reference.html")]
struct Reference {
    title: String,
    version: String,
    description: String,
    stylesheet: &'static str,
    operations: Vec<Operation>,
    schemas: Vec<Schema>,
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A schema in a few characters: its type, enum or reference.
fn schema_text(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    let mut out = text(schema.get("type").unwrap_or(&Value::Null));
    if let Some(values) = schema.get("enum") {
        out.push_str(&format!(" {}", text(values)));
    }
    out
}

fn parameters(list: Option<&Value>) -> Vec<Parameter> {
    list.and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|p| Parameter {
                    name: text(&p["name"]),
                    place: text(&p["in"]),
                    required: p["required"].as_bool().unwrap_or(false),
                    schema: schema_text(&p["schema"]),
                    description: text(&p["description"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn page(document: &Value) -> Reference {
    let mut operations = Vec::new();
    if let Some(paths) = document["paths"].as_object() {
        for (path, item) in paths {
            let shared = parameters(item.get("parameters"));
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item.iter().filter(|(m, _)| *m != "parameters") {
                let mut all: Vec<Parameter> = parameters(operation.get("parameters"));
                all.splice(
                    0..0,
                    shared.iter().map(|p| Parameter {
                        name: p.name.clone(),
                        place: p.place.clone(),
                        required: p.required,
                        schema: p.schema.clone(),
                        description: p.description.clone(),
                    }),
                );
                let responses = operation["responses"]
                    .as_object()
                    .map(|r| {
                        r.iter()
                            .map(|(code, answer)| (code.clone(), text(&answer["description"])))
                            .collect()
                    })
                    .unwrap_or_default();
                operations.push(Operation {
                    id: text(&operation["operationId"]),
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    summary: text(&operation["summary"]),
                    parameters: all,
                    body: operation["requestBody"]["content"]["application/json"]["schema"]
                        .get("$ref")
                        .map(|r| schema_text(&serde_json::json!({ "$ref": r }))),
                    responses,
                });
            }
        }
    }
    let schemas = document["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, schema)| {
                    let required: Vec<String> = schema["required"]
                        .as_array()
                        .map(|r| r.iter().map(text).collect())
                        .unwrap_or_default();
                    Schema {
                        name: name.clone(),
                        fields: schema["properties"]
                            .as_object()
                            .map(|p| {
                                p.iter()
                                    .map(|(field, s)| {
                                        (field.clone(), schema_text(s), required.contains(field))
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Reference {
        title: text(&document["info"]["title"]),
        version: text(&document["info"]["version"]),
        description: text(&document["info"]["description"]),
        stylesheet: crate::office::html::STYLESHEET_PATH,
        operations,
        schemas,
    }
}

/// `GET /api/v1/reference` (no token needed: it says nothing of the data).
pub async fn reference() -> Response {
    match page(&super::openapi::document()).render() {
        Ok(html) => (StatusCode::OK, Html(html)).into_response(),
        Err(error) => ApiProblem::internal(error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_every_operation_of_the_document() {
        let document = super::super::openapi::document();
        let html = page(&document).render().unwrap();
        assert!(html.contains("GET /api/v1/parties"));
        assert!(html.contains("PATCH /api/v1/todos/{id}"));
        assert!(html.contains("If-Match"));
        assert!(!html.contains("<script"));
    }
}
