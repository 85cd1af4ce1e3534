//! What a handler sees of its task.

use std::sync::Arc;

use genui_storage::{tasks, Db};
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::{Task, TaskError, TaskFailure};

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
}

impl TaskContext {
    pub(crate) fn new(task: Task, db: Db, worker: String, cancel: CancellationToken) -> Self {
        Self {
            inner: Arc::new(Inner {
                task,
                db,
                worker,
                cancel,
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
}
