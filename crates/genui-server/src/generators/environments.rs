//! Environments of scorers, and evaluations of compound sets against them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use genui_generators::spec::{EnvironmentSpec, ScorerSpec};
use genui_generators::store::{self, EnvironmentRow};
use genui_generators::task::{EvaluateArgs, EVALUATE_KIND};
use genui_storage::{Db, Page, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::error::{conflict_as, object_name, ApiError, ApiJson, ApiPath, ApiResult, ErrorBody};
use crate::openapi::{EnvironmentSpecSchema, ObjectiveSchema, RewardSchemeSchema};
use crate::resource::{owned_resource_endpoints, OwnedResource};
use crate::tasks::{submit_on, TaskView};
use crate::AppState;

use super::networks::*;

pub(super) const DUPLICATE_ENVIRONMENT: &str =
    "the project already has an environment of this name";

/// An environment: a reward scheme and objectives.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EnvironmentView {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// `scheme` (`weighted_sum`, `pareto_crowding`, `pareto_similarity`) and `objectives`:
    /// `scorer` ({`kind`: `property`, `name`} or {`kind`: `qsar`, `model_id`}), `modifier`,
    /// `threshold`.
    #[schema(value_type = EnvironmentSpecSchema)]
    pub spec: Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<EnvironmentRow> for EnvironmentView {
    fn from(e: EnvironmentRow) -> Self {
        Self {
            id: e.id,
            project_id: e.project_id,
            name: e.name,
            description: e.description,
            spec: e.spec.0,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An environment to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEnvironment {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// How scores become rewards.
    #[schema(value_type = RewardSchemeSchema)]
    pub scheme: Value,
    #[schema(value_type = Vec<ObjectiveSchema>)]
    pub objectives: Value,
}

/// Environments as a project-owned resource: listed, shown, renamed and deleted as the others
/// are.
pub(crate) struct Environments;

impl OwnedResource for Environments {
    type Row = EnvironmentRow;
    type View = EnvironmentView;
    const TABLE: &'static str = store::ENVIRONMENTS;
    const DUPLICATE: &'static str = DUPLICATE_ENVIRONMENT;

    async fn owned(state: &AppState, current: &CurrentUser, id: i64) -> ApiResult<EnvironmentRow> {
        current.generator_environment(state, id).await
    }

    async fn page(
        db: &Db,
        owner: i64,
        project: Option<i64>,
        page: PageRequest,
    ) -> genui_storage::Result<Page<EnvironmentRow>> {
        store::list_environments_owned(db, owner, project, page).await
    }

    fn id(row: &EnvironmentRow) -> i64 {
        row.id
    }

    fn view(row: EnvironmentRow, _detailed: bool) -> EnvironmentView {
        row.into()
    }

    /// Agents trained with the environment and scores made with it stay.
    async fn delete(
        state: &AppState,
        _current: &CurrentUser,
        row: EnvironmentRow,
    ) -> ApiResult<()> {
        store::delete_environment(&state.db, row.id).await?;
        Ok(())
    }
}

owned_resource_endpoints!(
    Environments,
    EnvironmentView,
    tag = "generators",
    path = "/api/generators/environments",
    item = "/api/generators/environments/{id}",
    what = "environment id",
    deleted = "deleted (agents trained with it and scores made with it stay)"
);

#[utoipa::path(post, path = "/api/generators/environments", tag = "generators", request_body = NewEnvironment,
    responses((status = 201, body = EnvironmentView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_environment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewEnvironment>,
) -> ApiResult<(StatusCode, Json<EnvironmentView>)> {
    let project = current.project(&state, request.project_id).await?;
    let name = object_name(&request.name)?;
    let spec: EnvironmentSpec =
        serde_json::from_value(json!({"scheme": request.scheme, "objectives": request.objectives}))
            .map_err(|e| invalid(e.to_string()))?;
    spec.validate()?;
    for (i, model) in spec.objectives.iter().enumerate() {
        let ScorerSpec::Qsar { model_id } = model.scorer else {
            continue;
        };
        let field = format!("objectives[{i}].scorer.model_id");
        let found = genui_qsar::store::get_owned(&state.db, current.user.id, model_id)
            .await?
            .filter(|m| m.project_id == project.id)
            .ok_or_else(|| {
                ApiError::validation(&field, format!("no QSAR model {model_id} in this project"))
            })?;
        if found.built_at.is_none() {
            return Err(ApiError::validation(
                &field,
                format!("QSAR model {model_id} is not built"),
            ));
        }
    }
    let spec_json = serde_json::to_value(&spec).expect("specs serialize");
    let id = store::create_environment(
        &state.db,
        project.id,
        name,
        &request.description,
        &spec_json,
    )
    .await
    .map_err(conflict_as(DUPLICATE_ENVIRONMENT))?;
    let row = current.generator_environment(&state, id).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// A compound set to score.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    pub compound_set_id: i64,
}

#[utoipa::path(post, path = "/api/generators/environments/{id}/evaluations", tag = "generators",
    params(("id" = i64, Path, description = "environment id")), request_body = EvaluateRequest,
    responses((status = 202, body = TaskView, description = "the scoring task; its result names the new activity set (raw scores, desirabilities, desired)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn evaluate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<EvaluateRequest>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    let environment = current.generator_environment(&state, id).await?;
    let set = current
        .imported_set_of(
            &state,
            environment.project_id,
            "compound_set_id",
            request.compound_set_id,
        )
        .await?;
    submit_on(
        &state,
        environment.project_id,
        EVALUATE_KIND,
        format!("Score {} with {}", set.name, environment.name),
        ("generator_environment", environment.id),
        EvaluateArgs {
            environment_id: environment.id,
            compound_set_id: set.id,
        },
    )
    .await
}
