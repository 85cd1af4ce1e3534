//! What a handler sees of its task.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
            Err(e) => Err(e.into()),
        }
    }

    /// A [`Reporter`] for work of this task, starting at 0 of `total` with `description`.
    pub fn reporter(&self, description: &str, total: Option<u64>) -> Reporter {
        let reporter = Reporter {
            state: Arc::new(ReporterState {
                done: AtomicU64::new(0),
                total: AtomicU64::new(0),
                description: Mutex::new(description.to_owned()),
            }),
            cancel: self.inner.cancel.clone(),
        };
        reporter.set(0, total);
        reporter
    }

    /// Drives `work` to its end while writing what `reporter` holds as the task's progress
    /// twice a second; returns `Cancelled` as soon as the task is cancelled (the work sees
    /// [`Reporter::is_cancelled`] and should stop soon).
    pub async fn watch<F: Future>(
        &self,
        reporter: &Reporter,
        work: F,
    ) -> Result<F::Output, TaskFailure> {
        tokio::pin!(work);
        let mut ticks = tokio::time::interval(Duration::from_millis(500));
        loop {
            tokio::select! {
                output = &mut work => return Ok(output),
                () = self.inner.cancel.cancelled() => return Err(TaskFailure::Cancelled),
                _ = ticks.tick() => {
                    let (done, total, description) = reporter.snapshot();
                    self.progress(done, total, &description).await?;
                }
            }
        }
    }

    /// Runs `work` on a blocking thread (CPU-bound computation) under [`TaskContext::watch`]:
    /// what it reports becomes the task's progress, and cancellation answers at once.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        description: &str,
        work: impl FnOnce(&Reporter) -> T + Send + 'static,
    ) -> Result<T, TaskFailure> {
        let reporter = self.reporter(description, None);
        let running = {
            let reporter = reporter.clone();
            tokio::task::spawn_blocking(move || work(&reporter))
        };
        Ok(self.watch(&reporter, running).await??)
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
        let outcome = Finish {
            status: TaskStatus::Success,
            result: Some(result.clone()),
            errors: Vec::new(),
        };
        let task = &self.inner.task;
        match tasks::finish_in(&mut tx, task.id, task.attempts, &outcome).await {
            Ok(Some(_)) => {
                tx.commit().await?;
                self.inner.committed.store(true, Ordering::SeqCst);
                Ok(result)
            }
            Ok(None) => {
                tx.rollback().await?;
                self.inner.cancel.cancel();
                Err(TaskFailure::Cancelled)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Whether [`TaskContext::commit_success`] already recorded the outcome.
    pub(crate) fn committed(&self) -> bool {
        self.inner.committed.load(Ordering::SeqCst)
    }
}

/// The progress of one piece of work, written from any thread (a blocking computation, a
/// download callback) and shown as the task's progress by [`TaskContext::watch`]. Cheap to
/// clone.
#[derive(Clone)]
pub struct Reporter {
    state: Arc<ReporterState>,
    cancel: CancellationToken,
}

struct ReporterState {
    done: AtomicU64,
    /// 0 while unknown.
    total: AtomicU64,
    description: Mutex<String>,
}

impl Reporter {
    /// `done` of `total` (`None`: not known yet).
    pub fn set(&self, done: u64, total: Option<u64>) {
        self.state.done.store(done, Ordering::Relaxed);
        self.state
            .total
            .store(total.unwrap_or(0), Ordering::Relaxed);
    }

    /// `done` of the total set before.
    pub fn set_done(&self, done: u64) {
        self.state.done.store(done, Ordering::Relaxed);
    }

    /// What the work is doing now.
    pub fn describe(&self, description: impl Into<String>) {
        *self
            .state
            .description
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = description.into();
    }

    /// Whether the task was cancelled: long work checks it between steps and stops.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    fn snapshot(&self) -> (i64, Option<i64>, String) {
        let total = self.state.total.load(Ordering::Relaxed);
        let description = self
            .state
            .description
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        (
            self.state.done.load(Ordering::Relaxed) as i64,
            (total > 0).then_some(total as i64),
            description,
        )
    }
}
