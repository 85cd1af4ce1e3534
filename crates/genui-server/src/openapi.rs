//! The OpenAPI 3 document of the core API, generated from the handlers' annotations.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{accounts, error, pagination, projects, tasks};

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
        error::ErrorBody, error::ErrorContent,
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
