//! Tasks: long-running jobs, their state, progress, errors and result.
//!
//! The queue operations (claim, start, heartbeat, progress, finish) are in this module too
//! (`tasks/queue.rs`); they are fenced by the attempt number, so a worker whose lease was
//! taken over can no longer change the task.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;

use crate::{dispatch, dispatch_tx, now, Db, Page, PageRequest, Result, StorageError, Tx};

mod queue;

pub use queue::{
    changed_since, claim_next, claim_orphan, fail_pending, finish, finish_in, hand_back, heartbeat,
    set_progress, start, Finish, Heartbeat, StartOutcome,
};

/// Life cycle of a task: `pending → started → success | failure | cancelled` (a pending task may
/// be cancelled directly; a started one whose lease expires goes back to a worker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Pending,
    Started,
    Success,
    Failure,
    Cancelled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Started => "started",
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the task can no longer change.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Success | Self::Failure | Self::Cancelled)
    }
}

impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A task status or queue name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownName {
    #[error("unknown task status `{0}`")]
    Status(String),
    #[error("unknown queue `{0}` (expected celery or gpu)")]
    Queue(String),
}

impl FromStr for TaskStatus {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        Ok(match s {
            "pending" => Self::Pending,
            "started" => Self::Started,
            "success" => Self::Success,
            "failure" => Self::Failure,
            "cancelled" => Self::Cancelled,
            other => return Err(UnknownName::Status(other.to_owned())),
        })
    }
}

/// The queue a task waits in: `celery` for CPU work, `gpu` for GPU work (the original's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Queue {
    Celery,
    Gpu,
}

impl Queue {
    pub const ALL: [Queue; 2] = [Queue::Celery, Queue::Gpu];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Celery => "celery",
            Self::Gpu => "gpu",
        }
    }
}

impl fmt::Display for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Queue {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        match s.trim() {
            "celery" => Ok(Self::Celery),
            "gpu" => Ok(Self::Gpu),
            other => Err(UnknownName::Queue(other.to_owned())),
        }
    }
}

/// A structured error of a task: a stable code, a message, and optionally the item it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

impl TaskError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            item: None,
        }
    }

    pub fn with_item(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }
}

/// How far a task is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub current: i64,
    pub total: Option<i64>,
    /// `current / total` in percent, when the total is known.
    pub percent: Option<f64>,
    pub description: String,
}

/// A task row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    /// What the task does, as a person reads it ("Import 5-HT4 ligands"); empty for old tasks.
    pub title: String,
    pub queue: Queue,
    /// The kind of object the task builds (e.g. `qsar_model`), if any.
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    /// Arguments for the handler.
    pub args: Value,
    pub status: TaskStatus,
    pub progress: Progress,
    pub errors: Vec<TaskError>,
    pub result: Option<Value>,
    pub attempts: i32,
    pub max_attempts: i32,
    pub worker_name: Option<String>,
    pub cancel_requested: bool,
    /// Incremented on every visible change (used to de-duplicate change events).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub heartbeat_at: Option<DateTime<Utc>>,
    pub lease_expires_at: Option<DateTime<Utc>>,
}

pub(crate) const COLUMNS: &str =
    "id, project_id, kind, title, queue, object_type, object_id, args, \
    status, progress_current, progress_total, progress_description, errors, result, attempts, \
    max_attempts, worker_name, cancel_requested, version, created_at, updated_at, started_at, \
    finished_at, heartbeat_at, lease_expires_at";

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    id: i64,
    project_id: i64,
    kind: String,
    title: String,
    queue: String,
    object_type: Option<String>,
    object_id: Option<i64>,
    args: Json<Value>,
    status: String,
    progress_current: i64,
    progress_total: Option<i64>,
    progress_description: String,
    errors: Json<Vec<TaskError>>,
    result: Option<Json<Value>>,
    attempts: i32,
    max_attempts: i32,
    worker_name: Option<String>,
    cancel_requested: bool,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    heartbeat_at: Option<DateTime<Utc>>,
    lease_expires_at: Option<DateTime<Utc>>,
}

impl TryFrom<TaskRow> for Task {
    type Error = StorageError;
    fn try_from(r: TaskRow) -> Result<Self> {
        let queue = r.queue.parse().map_err(|_| StorageError::Corrupt {
            column: "tasks.queue",
            value: r.queue.clone(),
        })?;
        let status = r.status.parse().map_err(|_| StorageError::Corrupt {
            column: "tasks.status",
            value: r.status.clone(),
        })?;
        let percent = match r.progress_total {
            Some(total) if total > 0 => Some(100.0 * r.progress_current as f64 / total as f64),
            _ => None,
        };
        Ok(Self {
            id: r.id,
            project_id: r.project_id,
            kind: r.kind,
            title: r.title,
            queue,
            object_type: r.object_type,
            object_id: r.object_id,
            args: r.args.0,
            status,
            progress: Progress {
                current: r.progress_current,
                total: r.progress_total,
                percent,
                description: r.progress_description,
            },
            errors: r.errors.0,
            result: r.result.map(|j| j.0),
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            worker_name: r.worker_name,
            cancel_requested: r.cancel_requested,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            started_at: r.started_at,
            finished_at: r.finished_at,
            heartbeat_at: r.heartbeat_at,
            lease_expires_at: r.lease_expires_at,
        })
    }
}

pub(crate) fn convert(rows: Vec<TaskRow>) -> Result<Vec<Task>> {
    rows.into_iter().map(Task::try_from).collect()
}

/// What [`insert`] needs.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub project_id: i64,
    pub kind: String,
    pub title: String,
    pub queue: Queue,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    pub args: Value,
    pub max_attempts: i32,
}

/// Inserts a pending task. The caller must already have checked that the project is the
/// requesting user's.
pub async fn insert(db: &Db, new: &NewTask) -> Result<Task> {
    let mut tx = db.begin().await?;
    let task = insert_in(&mut tx, new).await?;
    tx.commit().await?;
    Ok(task)
}

/// Inserts a pending task within `tx` (with the object it builds, see [`crate::attach_task`]).
pub async fn insert_in(tx: &mut Tx, new: &NewTask) -> Result<Task> {
    let at = now();
    let sql = format!(
        "INSERT INTO tasks (project_id, kind, queue, object_type, object_id, args, status, \
         errors, max_attempts, created_at, updated_at, title) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $9, $10) RETURNING {COLUMNS}"
    );
    let row = dispatch_tx!(tx, |conn| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(new.project_id)
            .bind(&new.kind)
            .bind(new.queue.as_str())
            .bind(&new.object_type)
            .bind(new.object_id)
            .bind(Json(&new.args))
            .bind(Json(Vec::<TaskError>::new()))
            .bind(new.max_attempts)
            .bind(at)
            .bind(&new.title)
            .fetch_one(conn)
            .await?
    });
    row.try_into()
}

/// A task by id, regardless of owner (workers only; the API uses [`get_owned`]).
pub async fn get(db: &Db, id: i64) -> Result<Option<Task>> {
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE id = $1");
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    row.map(Task::try_from).transpose()
}

const OWNED: &str = "project_id IN (SELECT id FROM projects WHERE owner_id = $1)";

/// The task `id` if it lies in a project of `owner_id`.
pub async fn get_owned(db: &Db, owner_id: i64, id: i64) -> Result<Option<Task>> {
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE {OWNED} AND id = $2");
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(owner_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    row.map(Task::try_from).transpose()
}

/// Filters of a task listing (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub project_id: Option<i64>,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    pub status: Option<TaskStatus>,
}

enum Arg {
    Int(i64),
    Text(String),
}

/// The owner's tasks, newest first.
pub async fn list_owned(
    db: &Db,
    owner_id: i64,
    filter: &TaskFilter,
    page: PageRequest,
) -> Result<Page<Task>> {
    let mut clause = format!("WHERE {OWNED}");
    let mut args = vec![Arg::Int(owner_id)];
    let mut add = |column: &str, arg: Arg| {
        args.push(arg);
        clause.push_str(&format!(" AND {column} = ${}", args.len()));
    };
    if let Some(p) = filter.project_id {
        add("project_id", Arg::Int(p));
    }
    if let Some(t) = &filter.object_type {
        add("object_type", Arg::Text(t.clone()));
    }
    if let Some(o) = filter.object_id {
        add("object_id", Arg::Int(o));
    }
    if let Some(s) = filter.status {
        add("status", Arg::Text(s.as_str().to_owned()));
    }
    let n = args.len();
    let count_sql = format!("SELECT COUNT(*) FROM tasks {clause}");
    let list_sql = format!(
        "SELECT {COLUMNS} FROM tasks {clause} ORDER BY id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let (count, rows) = dispatch!(db, |pool| {
        let mut count_q = sqlx::query_scalar(&count_sql);
        let mut list_q = sqlx::query_as::<_, TaskRow>(&list_sql);
        for arg in &args {
            match arg {
                Arg::Int(v) => {
                    count_q = count_q.bind(*v);
                    list_q = list_q.bind(*v);
                }
                Arg::Text(v) => {
                    count_q = count_q.bind(v.clone());
                    list_q = list_q.bind(v.clone());
                }
            }
        }
        let count: i64 = count_q.fetch_one(pool).await?;
        let rows = list_q
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(pool)
            .await?;
        (count, rows)
    });
    Ok(Page {
        count,
        items: convert(rows)?,
    })
}

/// Requests cancellation of the owner's task: a pending task becomes `cancelled` at once, a
/// started one is flagged so its worker stops it; a finished one is returned unchanged.
/// `None` when the owner has no such task.
pub async fn request_cancel_owned(db: &Db, owner_id: i64, id: i64) -> Result<Option<Task>> {
    let at = now();
    let pending_sql = format!(
        "UPDATE tasks SET status = 'cancelled', cancel_requested = TRUE, finished_at = $3, \
         updated_at = $3, lease_expires_at = NULL, version = version + 1 \
         WHERE {OWNED} AND id = $2 AND status = 'pending' RETURNING {COLUMNS}"
    );
    let started_sql = format!(
        "UPDATE tasks SET cancel_requested = TRUE, updated_at = $3, version = version + 1 \
         WHERE {OWNED} AND id = $2 AND status = 'started' AND NOT cancel_requested \
         RETURNING {COLUMNS}"
    );
    for sql in [&pending_sql, &started_sql] {
        let row = dispatch!(db, |pool| {
            sqlx::query_as::<_, TaskRow>(sql)
                .bind(owner_id)
                .bind(id)
                .bind(at)
                // To the end: a failed autocommit must not return a row (see `dispatch!`).
                .fetch_all(pool)
                .await?
                .into_iter()
                .next()
        });
        if let Some(row) = row {
            return row.try_into().map(Some);
        }
    }
    get_owned(db, owner_id, id).await
}
