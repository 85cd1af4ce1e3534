//! Queue-side task operations: claiming, starting, heartbeats, progress and completion.
//!
//! Every write by a worker is fenced by `(id, attempts, status = 'started')`: once a lease has
//! expired and another worker has started a new attempt, the old worker's heartbeats, progress
//! and results are rejected, so a task completes exactly once even with at-least-once delivery.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use sqlx::types::Json;

use super::{convert, Queue, Task, TaskError, TaskRow, TaskStatus, COLUMNS};
use crate::{dispatch, dispatch_tx, now, Db, Dialect, Result, Tx};

const START_SET: &str = "status = 'started', attempts = attempts + 1, worker_name = $1, \
    started_at = $2, heartbeat_at = $2, lease_expires_at = $3, updated_at = $2, \
    version = version + 1";

/// Atomically takes the oldest claimable task of `queues` for `worker` with a lease of `lease`:
/// a pending task, or a started one whose lease has expired (its worker died).
///
/// PostgreSQL locks the candidate row with `FOR UPDATE SKIP LOCKED`, so concurrent workers
/// never wait on or take the same row; SQLite serialises writers, and the single
/// `UPDATE … RETURNING` is atomic.
pub async fn claim_next(
    db: &Db,
    queues: &[Queue],
    worker: &str,
    lease: Duration,
) -> Result<Option<Task>> {
    let at = now();
    claim(db, queues, worker, lease, at, at).await
}

/// Like [`claim_next`], but only tasks that an external queue should have delivered long ago:
/// pending since before `older_than`, or started with a lease that expired before it. Used by
/// the Redis backend to recover tasks whose stream entry was lost (e.g. Redis restarted
/// without persistence).
pub async fn claim_orphan(
    db: &Db,
    queues: &[Queue],
    worker: &str,
    lease: Duration,
    older_than: DateTime<Utc>,
) -> Result<Option<Task>> {
    claim(db, queues, worker, lease, now(), older_than).await
}

async fn claim(
    db: &Db,
    queues: &[Queue],
    worker: &str,
    lease: Duration,
    at: DateTime<Utc>,
    cutoff: DateTime<Utc>,
) -> Result<Option<Task>> {
    if queues.is_empty() {
        return Ok(None);
    }
    let list = queues
        .iter()
        .map(|q| format!("'{}'", q.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let lock = match db.dialect() {
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE tasks SET {START_SET} WHERE id = (SELECT id FROM tasks WHERE queue IN ({list}) \
         AND ((status = 'pending' AND created_at <= $4) \
              OR (status = 'started' AND lease_expires_at < $4)) \
         ORDER BY id LIMIT 1 {lock}) RETURNING {COLUMNS}"
    );
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(worker)
            .bind(at)
            .bind(at + lease)
            .bind(cutoff)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
    });
    row.map(Task::try_from).transpose()
}

/// What [`start`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum StartOutcome {
    /// The task is now started by this worker (attempt counted).
    Started(Task),
    /// The task has already ended; the delivery can be acknowledged and dropped.
    Finished(Task),
    /// Another worker holds a live lease; leave the delivery for later.
    Busy,
    /// No such task (its project was deleted); drop the delivery.
    Missing,
}

/// Starts a specific task delivered by an external queue (Redis), if it is pending or its
/// previous worker's lease expired.
pub async fn start(db: &Db, id: i64, worker: &str, lease: Duration) -> Result<StartOutcome> {
    let at = now();
    let sql = format!(
        "UPDATE tasks SET {START_SET} WHERE id = $4 \
         AND (status = 'pending' OR (status = 'started' AND lease_expires_at < $2)) \
         RETURNING {COLUMNS}"
    );
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(worker)
            .bind(at)
            .bind(at + lease)
            .bind(id)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
    });
    if let Some(row) = row {
        return Ok(StartOutcome::Started(row.try_into()?));
    }
    Ok(match super::get(db, id).await? {
        None => StartOutcome::Missing,
        Some(task) if task.status.is_terminal() => StartOutcome::Finished(task),
        Some(_) => StartOutcome::Busy,
    })
}

/// Gives attempt `attempt` of task `id` back to the queue unfinished (its worker is shutting
/// down): pending again, and the attempt not counted, so that a stop is never taken for a
/// crash. `false` when the attempt no longer owns the task.
pub async fn hand_back(db: &Db, id: i64, attempt: i32) -> Result<bool> {
    let at = now();
    let updated = dispatch!(db, |pool| {
        sqlx::query(
            "UPDATE tasks SET status = 'pending', attempts = attempts - 1, worker_name = NULL, \
             lease_expires_at = NULL, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND attempts = $3 AND status = 'started'",
        )
        .bind(at)
        .bind(id)
        .bind(attempt)
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(updated == 1)
}

/// What a heartbeat learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heartbeat {
    /// The lease was extended; `cancel_requested` tells whether a user asked to cancel.
    Alive { cancel_requested: bool },
    /// This attempt no longer owns the task (lease taken over, or task ended).
    Lost,
}

/// Extends the lease of attempt `attempt` of task `id`.
pub async fn heartbeat(db: &Db, id: i64, attempt: i32, lease: Duration) -> Result<Heartbeat> {
    let at = now();
    let flag: Option<bool> = dispatch!(db, |pool| {
        sqlx::query_scalar(
            "UPDATE tasks SET heartbeat_at = $1, lease_expires_at = $2 \
             WHERE id = $3 AND attempts = $4 AND status = 'started' RETURNING cancel_requested",
        )
        .bind(at)
        .bind(at + lease)
        .bind(id)
        .bind(attempt)
        // To the end: a failed autocommit must not return a row (see `dispatch!`).
        .fetch_all(pool)
        .await?
        .into_iter()
        .next()
    });
    Ok(match flag {
        Some(cancel_requested) => Heartbeat::Alive { cancel_requested },
        None => Heartbeat::Lost,
    })
}

/// Records progress of attempt `attempt`; `false` when the attempt no longer owns the task.
pub async fn set_progress(
    db: &Db,
    id: i64,
    attempt: i32,
    current: i64,
    total: Option<i64>,
    description: &str,
) -> Result<bool> {
    let at = now();
    let n = dispatch!(db, |pool| {
        sqlx::query(
            "UPDATE tasks SET progress_current = $1, progress_total = $2, \
             progress_description = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND attempts = $6 AND status = 'started'",
        )
        .bind(current)
        .bind(total)
        .bind(description)
        .bind(at)
        .bind(id)
        .bind(attempt)
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(n == 1)
}

/// The end of an attempt.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finish {
    pub status: TaskStatus,
    pub result: Option<Value>,
    pub errors: Vec<TaskError>,
}

const FINISH_SQL: &str = "UPDATE tasks SET status = $1, result = $2, errors = $3, \
    finished_at = $4, updated_at = $4, lease_expires_at = NULL, version = version + 1 \
    WHERE id = $5 AND attempts = $6 AND status = 'started' RETURNING ";

/// Ends attempt `attempt` of task `id`; `None` when the attempt no longer owns the task
/// (someone else finished it, or it was reclaimed), in which case nothing is written.
pub async fn finish(db: &Db, id: i64, attempt: i32, outcome: &Finish) -> Result<Option<Task>> {
    let mut tx = db.begin().await?;
    let task = finish_in(&mut tx, id, attempt, outcome).await?;
    tx.commit().await?;
    Ok(task)
}

/// [`finish`] inside the caller's transaction, so a handler's own writes and the task's end
/// commit together. `None` means this attempt was fenced out: roll the transaction back.
pub async fn finish_in(
    tx: &mut Tx,
    id: i64,
    attempt: i32,
    outcome: &Finish,
) -> Result<Option<Task>> {
    let at = now();
    let sql = format!("{FINISH_SQL}{COLUMNS}");
    let row = dispatch_tx!(tx, |conn| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(outcome.status.as_str())
            .bind(outcome.result.as_ref().map(Json))
            .bind(Json(&outcome.errors))
            .bind(at)
            .bind(id)
            .bind(attempt)
            .fetch_optional(conn)
            .await?
    });
    row.map(Task::try_from).transpose()
}

/// Tasks changed at or after `since`, oldest change first (feeds the change-event stream).
pub async fn changed_since(db: &Db, since: DateTime<Utc>, limit: i64) -> Result<Vec<Task>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE updated_at >= $1 ORDER BY updated_at, id LIMIT $2"
    );
    let rows = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?
    });
    convert(rows)
}

/// Fails a task that never started (e.g. it could not be handed to the queue).
pub async fn fail_pending(db: &Db, id: i64, error: &TaskError) -> Result<Option<Task>> {
    let at = now();
    let sql = format!(
        "UPDATE tasks SET status = 'failure', errors = $1, finished_at = $2, updated_at = $2, \
         version = version + 1 WHERE id = $3 AND status = 'pending' RETURNING {COLUMNS}"
    );
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TaskRow>(&sql)
            .bind(Json(vec![error.clone()]))
            .bind(at)
            .bind(id)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
    });
    row.map(Task::try_from).transpose()
}
