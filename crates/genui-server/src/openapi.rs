//! The OpenAPI 3 document of the API, generated from the handlers' annotations. The same
//! document is committed as `openapi.json` at the repository root (the web app's API types are
//! generated from it); a test fails when the two differ.

use std::borrow::Cow;

use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, Schema};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::{accounts, compounds, error, generators, maps, pagination, projects, qsar, tasks};

#[derive(OpenApi)]
#[openapi(
    info(title = "GenUI API", description = "Projects, tasks and accounts of GenUI."),
    paths(
        accounts::registration, accounts::register, accounts::login, accounts::logout, accounts::me,
        accounts::change_password, accounts::list_tokens, accounts::create_token,
        accounts::delete_token,
        projects::list, projects::create, projects::detail, projects::update, projects::remove,
        tasks::list, tasks::submit, tasks::detail, tasks::cancel, tasks::events,
        crate::health, crate::ready,
    ),
    components(schemas(
        error::ErrorBody, error::ErrorContent, error::ErrorCode,
        accounts::UserView, accounts::Registration, accounts::RegisterRequest, accounts::LoginRequest,
        accounts::LoginResponse, accounts::PasswordChange, accounts::TokenView,
        accounts::NewTokenRequest,
        projects::ProjectView, projects::NewProject, projects::ProjectChanges,
        pagination::Paginated<projects::ProjectView>, pagination::Paginated<tasks::TaskView>,
        tasks::TaskView, tasks::ProgressView, tasks::TaskErrorView, tasks::SubmitTask,
    )),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Token <key>` or `Bearer <key>`",
            ))),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "session cookie from login; unsafe methods also need the X-CSRFToken header",
            ))),
        );
    }
}

/// The whole API's document: the core and every platform feature's endpoints.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(compounds::CompoundsDoc::openapi());
    doc.merge(qsar::QsarDoc::openapi());
    doc.merge(maps::MapsDoc::openapi());
    doc.merge(generators::GeneratorsDoc::openapi());
    qualify_operation_ids(&mut doc);
    document_common_errors(&mut doc);
    doc
}

/// Adds the error answers an operation may give whatever it does, where it does not declare
/// them itself: 400 (a malformed path, query or body), 401 (no valid credentials), 404 (an id
/// that is not the caller's), 413/415/422 (a body too large, not JSON, not valid), 503 (the
/// database or the queue unavailable) and, for writes, 507 (disk full) — each with the error
/// envelope, so that clients (and schemathesis) know every status a call can answer.
fn document_common_errors(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let addresses_an_object = path.contains('{');
        let operations = [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ];
        for (writes, operation) in operations {
            let Some(operation) = operation else {
                continue;
            };
            let has_body = operation.request_body.is_some();
            let anonymous = operation.security.as_ref().is_some_and(|s| {
                s.iter()
                    .all(|r| serde_json::to_value(r).is_ok_and(|v| v == serde_json::json!({})))
            });
            let mut errors = vec![
                ("400", "a malformed path, query or body"),
                (
                    "503",
                    "the database or the task queue is unavailable; see Retry-After",
                ),
            ];
            if !anonymous {
                errors.push(("401", "no valid session or token"));
            }
            if addresses_an_object {
                errors.push(("404", "no such object, or not yours"));
            }
            if has_body {
                errors.push(("413", "the body is larger than GENUI_UPLOAD_LIMIT"));
                errors.push(("415", "the body is not of the declared media type"));
                errors.push((
                    "422",
                    "fields of the body are missing, mistyped or out of range",
                ));
            }
            if writes {
                errors.push(("507", "the server's disk is full: nothing was saved"));
            }
            for (status, description) in errors {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error_response(description));
            }
        }
    }
}

/// A response with the error envelope.
fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// The description of a spec schema's place in the document until [`to_json`] fills it in.
const SPEC_PLACEHOLDER: &str = "(the spec's JSON Schema)";

/// Declares, for each spec type of an engine or a feature crate, a marker that request and
/// response types name in `#[schema(value_type = …)]`; the spec's own JSON Schema (derived next
/// to its serde form with `schemars`, so the document says exactly what the server parses)
/// takes the marker's place in the finished document. The spec crates need no part of the
/// API's document library.
macro_rules! spec_schemas {
    ($($marker:ident => $spec:ty),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($spec), "` in the API document.")]
            pub struct $marker;

            impl utoipa::PartialSchema for $marker {
                fn schema() -> RefOr<Schema> {
                    ObjectBuilder::new().description(Some(SPEC_PLACEHOLDER)).into()
                }
            }

            impl utoipa::ToSchema for $marker {
                fn name() -> Cow<'static, str> {
                    <$spec as schemars::JsonSchema>::schema_name()
                }
            }
        )*

        /// The JSON Schemas of every spec type and of the types they refer to, by name.
        fn spec_definitions() -> serde_json::Map<String, Value> {
            let mut generator = schemars::generate::SchemaSettings::draft2020_12()
                .with(|settings| settings.definitions_path = "#/components/schemas/".into())
                .into_generator();
            $( generator.subschema_for::<$spec>(); )*
            generator.take_definitions(true)
        }
    };
}

spec_schemas! {
    BuildSpecSchema => genui_ml::model::BuildSpec,
    MapSpecSchema => genui_maps::spec::MapSpec,
    NetworkSpecSchema => genui_generators::spec::NetworkSpec,
    NetworkRefSchema => genui_generators::spec::NetworkRef,
    FragmentsSpecSchema => genui_generators::spec::FragmentsSpec,
    ReinforceOptionsSchema => genui_generators::spec::ReinforceOptions,
    ObjectiveSchema => genui_generators::spec::ObjectiveSpec,
    EnvironmentSpecSchema => genui_generators::spec::EnvironmentSpec,
    RewardSchemeSchema => genui_generator_engine::environment::RewardScheme,
    ModifierSchema => genui_generator_engine::scoring::Modifier,
    AlgorithmInfoSchema => genui_ml::params::AlgorithmInfo,
    DescriptorGroupInfoSchema => genui_ml::model::DescriptorGroupInfo,
    MetricNamesSchema => genui_ml::model::MetricNames,
    PerformanceSchema => genui_ml::performance::Performance,
    PerformanceSummarySchema => genui_ml::performance::PerformanceSummary,
    MapSummarySchema => genui_maps::spec::MapSummary,
    ImportReportSchema => genui_compounds::report::ImportReport,
    ModelSpecSchema => genui_qsar::store::ModelSpec,
    ModelCardSchema => genui_qsar::card::ModelCard,
    ArchitectureSchema => genui_generator_engine::config::Architecture,
    InputSchema => genui_generator_engine::generator::Input,
    EpochMetricsSchema => genui_generators::report::EpochMetrics,
    NetworkSummarySchema => genui_generators::report::NetworkSummary,
}

/// The finished document as JSON: `doc` with the spec schemas in place of their markers.
/// Panics when a spec schema's name is taken by another schema of the document (caught by the
/// tests, which build the document).
pub fn to_json(doc: &utoipa::openapi::OpenApi) -> Value {
    let mut json = serde_json::to_value(doc).expect("the document serializes");
    let schemas = json["components"]["schemas"]
        .as_object_mut()
        .expect("the document has schemas");
    for (name, definition) in spec_definitions() {
        if let Some(existing) = schemas.get(&name) {
            assert!(
                existing["description"] == SPEC_PLACEHOLDER,
                "the spec schema {name} clashes with another schema of the document"
            );
        }
        schemas.insert(name, definition);
    }
    split_mixed_schemas(&mut json);
    let mut flattened = Vec::new();
    open_flattened_parts(&mut json, &mut flattened);
    let schemas = &mut json["components"]["schemas"];
    for name in flattened {
        allow_other_properties(&mut schemas[name.as_str()]);
    }
    json
}

/// Rewrites schemas that mix a reference or a choice with their own properties (schemars
/// writes a flattened enum so: `{"anyOf": [..], "properties": {..}}`, and an internally tagged
/// newtype variant as `{"$ref": .., "properties": {"kind": ..}}`) as an `allOf` of the two, the
/// form that client generators read as "both" rather than keeping one side.
fn split_mixed_schemas(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.values_mut().for_each(split_mixed_schemas);
            let own = object.contains_key("properties");
            let choice = ["$ref", "anyOf", "oneOf"]
                .into_iter()
                .find(|key| object.contains_key(*key));
            if let (true, Some(choice)) = (own, choice) {
                let mut chosen = serde_json::Map::new();
                chosen.insert(choice.to_owned(), object.remove(choice).expect("present"));
                let description = object.remove("description");
                let properties = Value::Object(std::mem::take(object));
                object.insert(
                    "allOf".to_owned(),
                    Value::Array(vec![Value::Object(chosen), properties]),
                );
                if let Some(description) = description {
                    object.insert("description".to_owned(), description);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(split_mixed_schemas),
        _ => {}
    }
}

/// Lets the parts of every `allOf` (a struct flattened into another, as requests carry specs
/// and mappings beside their own fields) accept the other parts' properties: with
/// `additionalProperties: false` a part would refuse them (the server still refuses unknown
/// fields). Inline parts are opened here; the names of referenced ones go to `referenced`.
fn open_flattened_parts(value: &mut Value, referenced: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(parts)) = object.get_mut("allOf") {
                for part in parts.iter_mut() {
                    match part["$ref"].as_str() {
                        Some(target) => referenced.push(
                            target
                                .trim_start_matches("#/components/schemas/")
                                .to_owned(),
                        ),
                        None => allow_other_properties(part),
                    }
                }
            }
            object
                .values_mut()
                .for_each(|child| open_flattened_parts(child, referenced));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| open_flattened_parts(child, referenced)),
        _ => {}
    }
}

/// Removes `additionalProperties` from a schema and from each of its `oneOf` variants.
fn allow_other_properties(schema: &mut Value) {
    if let Some(variants) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
        variants.iter_mut().for_each(allow_other_properties);
    }
    if let Some(object) = schema.as_object_mut() {
        object.remove("additionalProperties");
    }
}

/// Names each operation by its method and path (`get_compound_sets_by_id_export`): unique, as
/// OpenAPI requires, where the handlers' names (`list`, `detail`, …) repeat across features.
fn qualify_operation_ids(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let words: Vec<String> = path
            .trim_start_matches("/api/")
            .split('/')
            .map(|part| match part.strip_prefix('{') {
                Some(parameter) => format!("by_{}", parameter.trim_end_matches('}')),
                None => part.replace('-', "_"),
            })
            .collect();
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("patch", &mut item.patch),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                operation.operation_id = Some(format!("{method}_{}", words.join("_")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{document, to_json};

    /// The committed document is what the server serves: the web app's types are generated
    /// from it, so a stale copy would let a server change break the web app unnoticed.
    #[test]
    fn the_committed_openapi_json_is_fresh() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json");
        let fresh = serde_json::to_string_pretty(&to_json(&document()))
            .expect("the document serializes")
            + "\n";
        if std::env::var_os("GENUI_UPDATE_OPENAPI").is_some() {
            std::fs::write(path, &fresh).expect("openapi.json written");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "openapi.json is stale: run `GENUI_UPDATE_OPENAPI=1 cargo test -p genui-server --lib \
             openapi`, then `npm run gen:api` in web/"
        );
    }

    #[test]
    fn the_readme_lists_every_error_code() {
        let readme = include_str!("../../../README.md");
        for code in crate::ErrorCode::ALL {
            let row = format!("| `{code}` | {} |", code.status().as_u16());
            assert!(readme.contains(&row), "README's error table lacks `{row}`");
        }
    }

    #[test]
    fn operation_ids_are_unique() {
        let doc = to_json(&document());
        let mut seen = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("path item") {
                if let Some(id) = operation["operationId"].as_str() {
                    assert!(
                        seen.insert(id.to_owned()),
                        "{method} {path}: `{id}` repeats"
                    );
                }
            }
        }
        assert!(seen.len() > 50, "the document names its operations");
    }

    /// OpenAPI's rule that validators check and generated clients rely on: the path
    /// parameters of an operation are exactly the `{names}` of its path, and only they.
    #[test]
    fn path_parameters_are_the_path_template_and_the_rest_are_query() {
        let doc = to_json(&document());
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let template: std::collections::BTreeSet<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|part| part.split('}').next())
                .collect();
            for (method, operation) in item.as_object().expect("path item") {
                let parameters = operation["parameters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let declared: std::collections::BTreeSet<&str> = parameters
                    .iter()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                assert_eq!(declared, template, "{method} {path}: path parameters");
                for parameter in &parameters {
                    assert!(
                        ["path", "query", "header", "cookie"]
                            .contains(&parameter["in"].as_str().unwrap_or("")),
                        "{method} {path}: {parameter}"
                    );
                    if parameter["in"] == "path" {
                        assert_eq!(parameter["required"], true, "{method} {path}: {parameter}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_error_code_is_in_the_document() {
        let doc = to_json(&document());
        let listed = &doc["components"]["schemas"]["ErrorCode"]["enum"];
        for code in crate::ErrorCode::ALL {
            assert!(
                listed
                    .as_array()
                    .is_some_and(|all| all.iter().any(|c| c == code.as_str())),
                "{code} missing from the document's ErrorCode"
            );
        }
    }
}
