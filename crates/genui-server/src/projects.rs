//! `/api/projects[/{id}]`.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use genui_storage::projects::{self, Project};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{
    conflict_as, object_name, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody,
};
use crate::pagination::{Pager, Paginated};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/projects", get(list).post(create))
        .route(
            "/api/projects/{id}",
            get(detail).patch(update).delete(remove),
        )
}

/// A project.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProjectView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub owner_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Project> for ProjectView {
    fn from(p: Project) -> Self {
        Self {
            id: p.id,
            name: p.name,
            description: p.description,
            owner_id: p.owner_id,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectChanges {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Objects per page (1–1000, default 50).
    pub page_size: Option<u64>,
}

const DUPLICATE: &str = "you already have a project of this name";

#[utoipa::path(get, path = "/api/projects", tag = "projects", params(ListParams),
    responses((status = 200, body = Paginated<ProjectView>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<axum::Json<Paginated<ProjectView>>> {
    let pager = Pager::new(params.page, params.page_size)?;
    let page = projects::list_owned(&state.db, current.user.id, pager.request()).await?;
    Ok(axum::Json(pager.respond(&uri, page, ProjectView::from)))
}

#[utoipa::path(post, path = "/api/projects", tag = "projects", request_body = NewProject,
    responses((status = 201, body = ProjectView), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<NewProject>,
) -> ApiResult<(StatusCode, axum::Json<ProjectView>)> {
    let name = object_name(&req.name)?;
    let project = projects::create(&state.db, current.user.id, name, &req.description)
        .await
        .map_err(conflict_as(DUPLICATE))?;
    Ok((StatusCode::CREATED, axum::Json(project.into())))
}

#[utoipa::path(get, path = "/api/projects/{id}", tag = "projects",
    params(("id" = i64, Path, description = "project id")),
    responses((status = 200, body = ProjectView), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<ProjectView>> {
    Ok(axum::Json(current.project(&state, id).await?.into()))
}

#[utoipa::path(patch, path = "/api/projects/{id}", tag = "projects", request_body = ProjectChanges,
    params(("id" = i64, Path, description = "project id")),
    responses((status = 200, body = ProjectView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ProjectChanges>,
) -> ApiResult<axum::Json<ProjectView>> {
    let project = current.project(&state, id).await?;
    let name = req.name.as_deref().map(object_name).transpose()?;
    let updated = projects::update_owned(
        &state.db,
        current.user.id,
        project.id,
        name,
        req.description.as_deref(),
    )
    .await
    .map_err(conflict_as(DUPLICATE))?
    .ok_or_else(ApiError::not_found)?;
    Ok(axum::Json(updated.into()))
}

#[utoipa::path(delete, path = "/api/projects/{id}", tag = "projects",
    params(("id" = i64, Path, description = "project id")),
    responses((status = 204, description = "deleted with everything in it, files included"),
        (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let project = current.project(&state, id).await?;
    let files = projects::file_keys(&state.db, project.id).await?;
    projects::delete_owned(&state.db, current.user.id, project.id).await?;
    for key in files
        .iter()
        .filter_map(|k| genui_storage::files::FileKey::parse(k).ok())
    {
        if let Err(e) = state.files.remove(&key) {
            tracing::warn!(error = %e, project = project.id, "could not remove a file of the project");
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
