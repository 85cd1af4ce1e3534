//! `/api/tasks[/{id}[/cancel]]` and `/api/tasks/events`.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use futures::Stream;
use genui_tasks::{Task, TaskError, TaskFilter, TaskRequest, TaskStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody, ErrorCode};
use crate::pagination::{Pager, Paginated};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tasks", get(list).post(submit))
        .route("/api/tasks/events", get(events))
        .route("/api/tasks/{id}", get(detail))
        .route("/api/tasks/{id}/cancel", post(cancel))
}

/// The state of an object made by a task (a model, a map): `ready` once
/// Commits an object the caller created in `tx` together with the task that builds it (row
/// `request.object_id` of `table`): all of it is written, or nothing.
pub(crate) async fn commit_with_build(
    state: &AppState,
    tx: genui_storage::Tx,
    table: &'static str,
    request: TaskRequest,
) -> ApiResult<Task> {
    state
        .tasks
        .commit_with_task(tx, table, request)
        .await
        .map_err(submit_error)
}

/// The answer to a task the queue did not take.
pub(crate) fn submit_error(e: genui_tasks::SubmitError) -> ApiError {
    match e {
        genui_tasks::SubmitError::Queue(e) => {
            tracing::error!(error = %e, "the queue refused a task");
            ApiError::unavailable(
                "the task queue is unavailable: the task was recorded as failed; try again later",
            )
        }
        other => ApiError::internal(other),
    }
}

/// Queues a task of `kind` on an existing object of a project (a prediction, an evaluation, a
/// transform): 202 with the task, or the queue's refusal.
pub(crate) async fn submit_on(
    state: &AppState,
    project_id: i64,
    kind: &str,
    title: String,
    (object_type, object_id): (&str, i64),
    args: impl Serialize,
) -> ApiResult<(StatusCode, axum::Json<TaskView>)> {
    let task = state
        .tasks
        .submit(TaskRequest {
            project_id,
            kind: kind.into(),
            title,
            object_type: Some(object_type.into()),
            object_id: Some(object_id),
            args: serde_json::to_value(args).expect("arguments serialize"),
        })
        .await
        .map_err(submit_error)?;
    Ok((StatusCode::ACCEPTED, axum::Json(task.into())))
}
/// built, `building` while its task is queued or running, else `failed`.
pub fn build_status(built: bool, task_status: Option<&str>) -> &'static str {
    match (built, task_status) {
        (true, _) => "ready",
        (false, Some("pending" | "started")) => "building",
        _ => "failed",
    }
}

/// Progress of a task.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgressView {
    pub current: i64,
    pub total: Option<i64>,
    pub percent: Option<f64>,
    pub description: String,
}

/// A structured task error.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TaskErrorView {
    pub code: String,
    pub message: String,
    pub item: Option<String>,
}

/// A task and its state.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    /// What the task does, as a person reads it ("Import 5-HT4 ligands"); empty for tasks
    /// submitted before titles existed.
    pub title: String,
    /// `celery` or `gpu`.
    pub queue: String,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    /// `pending`, `started`, `success`, `failure` or `cancelled`.
    pub status: String,
    pub progress: ProgressView,
    pub errors: Vec<TaskErrorView>,
    /// What the task's kind returns (counts, a summary of what it built); any JSON value.
    #[schema(value_type = Option<Value>)]
    pub result: Option<Value>,
    pub attempts: i32,
    pub worker_name: Option<String>,
    pub cancel_requested: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub heartbeat_at: Option<DateTime<Utc>>,
}

fn error_view(e: TaskError) -> TaskErrorView {
    TaskErrorView {
        code: e.code,
        message: e.message,
        item: e.item,
    }
}

impl From<Task> for TaskView {
    fn from(t: Task) -> Self {
        Self {
            id: t.id,
            project_id: t.project_id,
            kind: t.kind,
            title: t.title,
            queue: t.queue.as_str().to_owned(),
            object_type: t.object_type,
            object_id: t.object_id,
            status: t.status.as_str().to_owned(),
            progress: ProgressView {
                current: t.progress.current,
                total: t.progress.total,
                percent: t.progress.percent,
                description: t.progress.description,
            },
            errors: t.errors.into_iter().map(error_view).collect(),
            result: t.result,
            attempts: t.attempts,
            worker_name: t.worker_name,
            cancel_requested: t.cancel_requested,
            created_at: t.created_at,
            updated_at: t.updated_at,
            started_at: t.started_at,
            finished_at: t.finished_at,
            heartbeat_at: t.heartbeat_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskListParams {
    /// Only tasks of this project (404 if it is not yours).
    pub project_id: Option<i64>,
    /// Only tasks building objects of this type.
    pub object_type: Option<String>,
    /// Only tasks building this object.
    pub object_id: Option<i64>,
    /// Only tasks in this status.
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/tasks", tag = "tasks", params(TaskListParams),
    responses((status = 200, body = Paginated<TaskView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "project_id is not one of yours")))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<TaskListParams>,
) -> ApiResult<axum::Json<Paginated<TaskView>>> {
    let pager = Pager::new(params.page, params.page_size)?;
    if let Some(project_id) = params.project_id {
        current.project(&state, project_id).await?;
    }
    let status = params
        .status
        .as_deref()
        .map(str::parse::<TaskStatus>)
        .transpose()
        .map_err(|e| ApiError::new(ErrorCode::InvalidQuery, e.to_string()))?;
    let filter = TaskFilter {
        project_id: params.project_id,
        object_type: params.object_type,
        object_id: params.object_id,
        status,
    };
    let page =
        genui_storage::tasks::list_owned(&state.db, current.user.id, &filter, pager.request())
            .await?;
    Ok(axum::Json(pager.respond(&uri, page, TaskView::from)))
}

#[utoipa::path(get, path = "/api/tasks/{id}", tag = "tasks",
    params(("id" = i64, Path, description = "task id")),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<TaskView>> {
    Ok(axum::Json(current.task(&state, id).await?.into()))
}

#[utoipa::path(post, path = "/api/tasks/{id}/cancel", tag = "tasks",
    params(("id" = i64, Path, description = "task id")),
    responses((status = 202, body = TaskView,
        description = "pending: cancelled now; started: its worker stops it shortly"),
        (status = 404, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, axum::Json<TaskView>)> {
    let task = current.task(&state, id).await?;
    let task = genui_storage::tasks::request_cancel_owned(&state.db, current.user.id, task.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((StatusCode::ACCEPTED, axum::Json(task.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitTask {
    pub project_id: i64,
    /// A kind registered as submittable (the built-in test kinds `sleep`, `sleep_gpu`, `echo`
    /// when `GENUI_ENABLE_TEST_TASKS=1`); feature tasks start from their own endpoints.
    pub kind: String,
    /// The kind's arguments: any JSON value, checked by the kind's handler.
    #[serde(default)]
    #[schema(value_type = Value)]
    pub args: Value,
}

#[utoipa::path(post, path = "/api/tasks", tag = "tasks", request_body = SubmitTask,
    responses((status = 202, body = TaskView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<SubmitTask>,
) -> ApiResult<(StatusCode, axum::Json<TaskView>)> {
    let project = current.project(&state, req.project_id).await?;
    let submittable = state
        .tasks
        .registry
        .get(&req.kind)
        .is_some_and(|spec| spec.api_submittable);
    if !submittable {
        return Err(ApiError::validation(
            "kind",
            format!("`{}` cannot be submitted directly", req.kind),
        ));
    }
    let task = state
        .tasks
        .submit(TaskRequest {
            project_id: project.id,
            title: req.kind.clone(),
            kind: req.kind,
            object_type: None,
            object_id: None,
            args: req.args,
        })
        .await?;
    Ok((StatusCode::ACCEPTED, axum::Json(task.into())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// The project whose task changes to stream.
    pub project_id: i64,
}

#[utoipa::path(get, path = "/api/tasks/events", tag = "tasks", params(EventParams),
    responses((status = 200, content_type = "text/event-stream",
        description = "`task` events, each a TaskView as JSON, whenever a task of the project changes"),
        (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<EventParams>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let project = current.project(&state, params.project_id).await?;
    let stream =
        BroadcastStream::new(state.events.subscribe()).filter_map(move |item| match item {
            Ok(task) if task.project_id == project.id => {
                let view = TaskView::from((*task).clone());
                Event::default().event("task").json_data(view).ok().map(Ok)
            }
            Ok(_) => None,
            Err(BroadcastStreamRecvError::Lagged(n)) => {
                Some(Ok(Event::default().event("lagged").data(n.to_string())))
            }
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
