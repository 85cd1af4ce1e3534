//! What a handler sees of its task.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use genui_storage::tasks::Finish;
use genui_storage::{tasks, Db, Tx};
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::{Task, TaskError, TaskFailure, TaskStatus};

/// The handle a running handler gets: the task snapshot, the database, progress reporting and
/// cancellation. Cheap to clone.
#[derive(Clone)]
pub struct TaskContext {
    inner: Arc<Inner>,
}

struct Inner {
    task: Task,
    db: Db,
    worker: String,
    cancel: CancellationToken,
    committed: AtomicBool,
}

impl TaskContext {
    pub(crate) fn new(task: Task, db: Db, worker: String, cancel: CancellationToken) -> Self {
        Self {
            inner: Arc::new(Inner {
                task,
                db,
                worker,
                cancel,
                committed: AtomicBool::new(false),
            }),
        }
    }

    /// The task as it was when this attempt started.
    pub fn task(&self) -> &Task {
        &self.inner.task
    }

    /// The task's arguments, parsed; a mismatch fails the task with `invalid_arguments`.
    pub fn args<T: DeserializeOwned>(&self) -> Result<T, TaskFailure> {
        serde_json::from_value(self.inner.task.args.clone())
            .map_err(|e| TaskError::new("invalid_arguments", e.to_string()).into())
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The name of the worker running this attempt.
    pub fn worker_name(&self) -> &str {
        &self.inner.worker
    }

    /// Fires when the task must stop: cancelled by a user, over its time limit, or taken over
    /// by another worker. Long loops poll [`TaskContext::check_cancelled`] or `select!` on
    /// [`CancellationToken::cancelled`].
    pub fn cancellation(&self) -> &CancellationToken {
        &self.inner.cancel
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.is_cancelled()
    }

    /// `Err(TaskFailure::Cancelled)` once cancellation was requested, for `?` in loops.
    pub fn check_cancelled(&self) -> Result<(), TaskFailure> {
        if self.is_cancelled() {
            Err(TaskFailure::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Records progress (visible in the API and the event stream). Fails with
    /// `TaskFailure::Cancelled` when this attempt no longer owns the task.
    pub async fn progress(
        &self,
        current: i64,
        total: Option<i64>,
        description: &str,
    ) -> Result<(), TaskFailure> {
        let task = &self.inner.task;
        match tasks::set_progress(
            &self.inner.db,
            task.id,
            task.attempts,
            current,
            total,
            description,
        )
        .await
        {
            Ok(true) => Ok(()),
            Ok(false) => {
                self.inner.cancel.cancel();
                Err(TaskFailure::Cancelled)
            }
            Err(e) => Err(TaskError::new("storage_error", e.to_string()).into()),
        }
    }

    /// Commits the handler's own writes in `tx` **together with** the task's success, fenced by
    /// this attempt: if another worker has taken the task over, everything is rolled back and
    /// the handler gets `TaskFailure::Cancelled`. A retried task therefore never leaves
    /// duplicates. Return the value this gives back from the handler.
    ///
    /// ```ignore
    /// let mut tx = ctx.db().begin().await?;
    /// // … insert the built objects through `genui_storage::dispatch_tx!(&mut tx, |conn| …)` …
    /// return ctx.commit_success(tx, json!({"created": n})).await;
    /// ```
    pub async fn commit_success(
        &self,
        mut tx: Tx,
        result: serde_json::Value,
    ) -> Result<serde_json::Value, TaskFailure> {
        let storage =
            |e: genui_storage::StorageError| TaskError::new("storage_error", e.to_string());
        let outcome = Finish {
            status: TaskStatus::Success,
            result: Some(result.clone()),
            errors: Vec::new(),
        };
        let task = &self.inner.task;
        match tasks::finish_in(&mut tx, task.id, task.attempts, &outcome).await {
            Ok(Some(_)) => {
                tx.commit().await.map_err(storage)?;
                self.inner.committed.store(true, Ordering::SeqCst);
                Ok(result)
            }
            Ok(None) => {
                tx.rollback().await.map_err(storage)?;
                self.inner.cancel.cancel();
                Err(TaskFailure::Cancelled)
            }
            Err(e) => Err(storage(e).into()),
        }
    }

    /// Whether [`TaskContext::commit_success`] already recorded the outcome.
    pub(crate) fn committed(&self) -> bool {
        self.inner.committed.load(Ordering::SeqCst)
    }
}
