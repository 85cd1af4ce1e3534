//! The API contract, checked on every answer the API tests receive: its status is one the
//! OpenAPI document (`openapi.json`, kept current by `scripts/check-openapi.sh`) declares for
//! the operation, and a JSON body matches the schema declared for that status. Operations the
//! document does not have (a test's own extension routes) are left alone.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::Value;

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json");
    let text = std::fs::read_to_string(path).expect("openapi.json");
    serde_json::from_str(&text).expect("openapi.json is JSON")
});

type Validators = HashMap<(String, String, u16), jsonschema::Validator>;

static VALIDATORS: LazyLock<Mutex<Validators>> = LazyLock::new(Mutex::default);

/// Panics when `body`, answered with `status` to `method path`, breaks the document.
pub fn check(method: &Method, path: &str, status: StatusCode, body: &Value) {
    let path = path.split('?').next().unwrap_or(path);
    let Some(template) = template_of(path) else {
        return;
    };
    let method = method.as_str().to_ascii_lowercase();
    let Some(operation) = DOCUMENT["paths"][&template].get(&method) else {
        return;
    };
    let code = status.as_str();
    let Some(response) = operation["responses"]
        .get(code)
        .or_else(|| operation["responses"].get("default"))
    else {
        panic!("{method} {template} answered {status}, which the OpenAPI document does not declare: {body}");
    };
    let schema = &response["content"]["application/json"]["schema"];
    if schema.is_null() || !(body.is_object() || body.is_array()) {
        return;
    }
    let key = (method.clone(), template.clone(), status.as_u16());
    let mut validators = VALIDATORS.lock().unwrap_or_else(|e| e.into_inner());
    let validator = validators.entry(key).or_insert_with(|| {
        // The schema's `#/components/...` references resolve within the document they sit in.
        let mut rooted = schema.clone();
        rooted["components"] = DOCUMENT["components"].clone();
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&rooted)
            .unwrap_or_else(|e| panic!("the schema of {method} {template} {status}: {e}"))
    });
    let errors: Vec<String> = validator
        .iter_errors(body)
        .take(5)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status}: the body breaks the documented schema:\n{}\n{body}",
        errors.join("\n")
    );
}

/// The document's path template that `path` is an instance of.
fn template_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()?
        .keys()
        .filter(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t == s || (t.starts_with('{') && t.ends_with('}')))
        })
        // Literal segments beat parameters (`/api/tasks/events` over `/api/tasks/{id}`).
        .min_by_key(|template| template.matches('{').count())
        .cloned()
}

#[test]
#[should_panic(expected = "breaks the documented schema")]
fn a_body_unlike_its_schema_is_caught() {
    check(
        &Method::GET,
        "/api/projects/7?x=1",
        StatusCode::OK,
        &serde_json::json!({"id": "seven", "name": 7}),
    );
}

#[test]
#[should_panic(expected = "does not declare")]
fn an_undeclared_status_is_caught() {
    check(
        &Method::GET,
        "/api/projects/7",
        StatusCode::IM_A_TEAPOT,
        &Value::Null,
    );
}

#[test]
fn literal_segments_beat_parameters() {
    assert_eq!(
        template_of("/api/tasks/events").as_deref(),
        Some("/api/tasks/events")
    );
    assert_eq!(
        template_of("/api/tasks/12").as_deref(),
        Some("/api/tasks/{id}")
    );
    assert_eq!(template_of("/api/nothing"), None);
}
