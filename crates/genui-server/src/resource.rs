//! The endpoints every project-owned resource has — list, detail, rename, delete — written
//! once. A resource (compound sets, QSAR models, maps, environments) implements
//! [`OwnedResource`] and declares its four documented handlers with
//! [`owned_resource_endpoints!`]; what differs between resources is only how a row is read,
//! shown and deleted.

use std::future::Future;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Json;
use genui_storage::{Db, Page, PageRequest};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::changes::{self, ObjectChanges};
use crate::error::{ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::pagination::{list_owned, Paginated, ProjectListParams};
use crate::AppState;

/// A kind of object that belongs to a project, is named uniquely in it, and is read only
/// through the ownership checks of [`CurrentUser`].
pub(crate) trait OwnedResource {
    /// Its row as storage reads it.
    type Row: Send;
    /// How the API shows it.
    type View: Serialize + Send;
    /// The table of its rows (for renames).
    const TABLE: &'static str;
    /// The 409 message for a name the project already uses.
    const DUPLICATE: &'static str;

    /// The caller's row `id`, or 404.
    fn owned(
        state: &AppState,
        current: &CurrentUser,
        id: i64,
    ) -> impl Future<Output = ApiResult<Self::Row>> + Send;

    /// A page of the rows of `owner` (of one project, or of all).
    fn page(
        db: &Db,
        owner: i64,
        project: Option<i64>,
        page: PageRequest,
    ) -> impl Future<Output = genui_storage::Result<Page<Self::Row>>> + Send;

    /// The row's id.
    fn id(row: &Self::Row) -> i64;

    /// How a row is shown: `detailed` on the object's own endpoints, not in lists.
    fn view(row: Self::Row, detailed: bool) -> Self::View;

    /// Deletes the row and what hangs on it (running tasks stopped, files removed).
    fn delete(
        state: &AppState,
        current: &CurrentUser,
        row: Self::Row,
    ) -> impl Future<Output = ApiResult<()>> + Send;
}

/// Stops the task that builds an object about to be deleted, if it still runs (it would write
/// into a row that is gone).
pub(crate) async fn stop_task(
    state: &AppState,
    current: &CurrentUser,
    task: Option<i64>,
) -> ApiResult<()> {
    if let Some(task) = task {
        genui_storage::tasks::request_cancel_owned(&state.db, current.user.id, task).await?;
    }
    Ok(())
}

/// Removes the file of a deleted object, if it has one (a file that cannot be removed is
/// logged: the object is gone either way).
pub(crate) fn remove_file(state: &AppState, file_key: Option<&str>) {
    if let Some(key) = file_key.and_then(|k| genui_storage::files::FileKey::parse(k).ok()) {
        if let Err(e) = state.files.remove(&key) {
            tracing::warn!(error = %e, file = key.as_str(), "could not remove a deleted object's file");
        }
    }
}

pub(crate) async fn list<R: OwnedResource>(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ProjectListParams>,
) -> ApiResult<Json<Paginated<R::View>>> {
    let db = &state.db;
    list_owned(
        &state,
        &current,
        &uri,
        params,
        |owner, project, page| R::page(db, owner, project, page),
        |row| R::view(row, false),
    )
    .await
}

pub(crate) async fn detail<R: OwnedResource>(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<R::View>> {
    Ok(Json(R::view(R::owned(&state, &current, id).await?, true)))
}

pub(crate) async fn update<R: OwnedResource>(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(changes): ApiJson<ObjectChanges>,
) -> ApiResult<Json<R::View>> {
    let row = R::owned(&state, &current, id).await?;
    changes::apply(&state, R::TABLE, R::id(&row), &changes, R::DUPLICATE).await?;
    Ok(Json(R::view(R::owned(&state, &current, id).await?, true)))
}

pub(crate) async fn remove<R: OwnedResource>(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let row = R::owned(&state, &current, id).await?;
    R::delete(&state, &current, row).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Declares the documented `list`, `detail`, `update` and `remove` handlers of a resource in
/// the calling module: `owned_resource_endpoints!(Resource, View, tag = "…", path = "/api/things",
/// item = "/api/things/{id}", what = "thing id", deleted = "what a delete removes")`.
macro_rules! owned_resource_endpoints {
    ($resource:ident, $view:ident, tag = $tag:literal, path = $path:literal, item = $item:literal,
     what = $what:literal, deleted = $deleted:literal) => {
        #[utoipa::path(get, path = $path, tag = $tag, params(crate::pagination::ProjectListParams),
            responses((status = 200, body = crate::pagination::Paginated<$view>),
                (status = 404, body = crate::error::ErrorBody)))]
        pub async fn list(
            state: axum::extract::State<crate::AppState>,
            current: crate::auth::CurrentUser,
            uri: axum::http::Uri,
            query: crate::error::ApiQuery<crate::pagination::ProjectListParams>,
        ) -> crate::error::ApiResult<axum::Json<crate::pagination::Paginated<$view>>> {
            crate::resource::list::<$resource>(state, current, uri, query).await
        }

        #[utoipa::path(get, path = $item, tag = $tag,
            params(("id" = i64, Path, description = $what)),
            responses((status = 200, body = $view), (status = 404, body = crate::error::ErrorBody)))]
        pub async fn detail(
            state: axum::extract::State<crate::AppState>,
            current: crate::auth::CurrentUser,
            id: crate::error::ApiPath<i64>,
        ) -> crate::error::ApiResult<axum::Json<$view>> {
            crate::resource::detail::<$resource>(state, current, id).await
        }

        #[utoipa::path(patch, path = $item, tag = $tag,
            params(("id" = i64, Path, description = $what)),
            request_body = crate::changes::ObjectChanges,
            responses((status = 200, body = $view), (status = 404, body = crate::error::ErrorBody),
                (status = 409, body = crate::error::ErrorBody),
                (status = 422, body = crate::error::ErrorBody)))]
        pub async fn update(
            state: axum::extract::State<crate::AppState>,
            current: crate::auth::CurrentUser,
            id: crate::error::ApiPath<i64>,
            changes: crate::error::ApiJson<crate::changes::ObjectChanges>,
        ) -> crate::error::ApiResult<axum::Json<$view>> {
            crate::resource::update::<$resource>(state, current, id, changes).await
        }

        #[utoipa::path(delete, path = $item, tag = $tag,
            params(("id" = i64, Path, description = $what)),
            responses((status = 204, description = $deleted),
                (status = 404, body = crate::error::ErrorBody)))]
        pub async fn remove(
            state: axum::extract::State<crate::AppState>,
            current: crate::auth::CurrentUser,
            id: crate::error::ApiPath<i64>,
        ) -> crate::error::ApiResult<axum::http::StatusCode> {
            crate::resource::remove::<$resource>(state, current, id).await
        }
    };
}

pub(crate) use owned_resource_endpoints;
