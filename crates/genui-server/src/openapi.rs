//! The OpenAPI 3 document of the API, generated from the handlers' annotations. The same
//! document is committed as `openapi.json` at the repository root (the web app's API types are
//! generated from it); a test fails when the two differ.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
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
    doc
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
    use super::document;

    /// The committed document is what the server serves: the web app's types are generated
    /// from it, so a stale copy would let a server change break the web app unnoticed.
    #[test]
    fn the_committed_openapi_json_is_fresh() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json");
        let fresh = document()
            .to_pretty_json()
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
        let doc = serde_json::to_value(document()).expect("the document serializes");
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

    #[test]
    fn every_error_code_is_in_the_document() {
        let doc = serde_json::to_value(document()).expect("the document serializes");
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
