//! The worker loop: claim tasks from the configured queues, run up to N at once, keep their
//! leases alive, enforce time limits, honour cancellation, and record the outcome.

use std::sync::Arc;
use std::time::Duration;

use genui_storage::tasks::{self, Finish, Heartbeat};
use genui_storage::Db;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::{
    Delivery, Queue, QueueBackend, TaskContext, TaskError, TaskFailure, TaskRegistry, TaskStatus,
};

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Stored on each task it runs (`GENUI_CELERY_NAME`).
    pub name: String,
    /// Queues it consumes (`GENUI_CELERY_QUEUES`).
    pub queues: Vec<Queue>,
    /// Tasks run at once (`GENUI_CELERY_CONCURRENCY`; at least 1).
    pub concurrency: usize,
    /// How long a task stays reserved without a heartbeat; heartbeats come every third of it.
    pub lease: Duration,
}

/// A worker bound to a database, a queue backend and a registry.
#[derive(Debug, Clone)]
pub struct Worker {
    db: Db,
    queue: QueueBackend,
    registry: Arc<TaskRegistry>,
    config: WorkerConfig,
}

impl Worker {
    pub fn new(
        db: Db,
        queue: QueueBackend,
        registry: Arc<TaskRegistry>,
        config: WorkerConfig,
    ) -> Self {
        Self {
            db,
            queue,
            registry,
            config,
        }
    }

    /// Runs until `shutdown` fires, then waits for the tasks in flight to end.
    pub async fn run(self, shutdown: CancellationToken) {
        let concurrency = self.config.concurrency.max(1);
        let slots = Arc::new(Semaphore::new(concurrency));
        tracing::info!(worker = %self.config.name, queues = ?self.config.queues, concurrency,
            "worker started");
        loop {
            let permit = tokio::select! {
                () = shutdown.cancelled() => break,
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(p) => p,
                    Err(_) => break,
                },
            };
            let next = tokio::select! {
                () = shutdown.cancelled() => break,
                next = self.queue.next(&self.config.queues, &self.config.name, self.config.lease) => next,
            };
            match next {
                Ok(Some(delivery)) => {
                    let this = self.clone();
                    let stopping = shutdown.clone();
                    tokio::spawn(async move {
                        this.execute(delivery, stopping).await;
                        drop(permit);
                    });
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "could not fetch work; retrying in a second");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        // Wait for running tasks: each ends, or stops and is handed back within the grace.
        let _ = slots.acquire_many(concurrency as u32).await;
        tracing::info!(worker = %self.config.name, "worker stopped");
    }

    /// Runs one delivered task to its end and records the outcome; when `shutdown` fires
    /// first, stops it and hands it back to the queue.
    #[tracing::instrument(skip_all, fields(task = delivery.task.id, kind = %delivery.task.kind,
        attempt = delivery.task.attempts))]
    pub async fn execute(&self, delivery: Delivery, shutdown: CancellationToken) {
        let task = delivery.task.clone();
        let outcome = if task.cancel_requested {
            finish_cancelled()
        } else if task.attempts > task.max_attempts {
            // Attempts handed back at a shutdown are not counted: each earlier one ended with
            // its worker (a crash, running out of memory, a kill). Starting it again would
            // likely bring the next worker down too.
            failed(TaskError::new(
                "worker_lost",
                format!(
                    "the worker running this task stopped without finishing it ({} time(s): it \
                     crashed, ran out of memory or was killed), so it is not started again; \
                     check the input and the worker's log, then submit it again",
                    task.max_attempts
                ),
            ))
        } else if let Some(spec) = self.registry.get(&task.kind) {
            let spec = spec.clone();
            match self.run_handler(&delivery, &spec, &shutdown).await {
                Ending::Record(outcome) => outcome,
                Ending::Committed => {
                    // The handler committed its writes and the task's success together.
                    tracing::info!(status = "success", "task ended (committed by its handler)");
                    if let Err(e) = self.queue.ack(&delivery).await {
                        tracing::warn!(error = %e, "could not acknowledge the delivery");
                    }
                    return;
                }
                Ending::HandBack => {
                    // The queue delivers it again (Redis: its entry, once idle for a lease).
                    match tasks::hand_back(&self.db, task.id, task.attempts).await {
                        Ok(true) => tracing::info!("handed back unfinished at shutdown"),
                        Ok(false) => tracing::warn!("lease lost before the hand-back"),
                        Err(e) => tracing::error!(error = %e, "could not hand the task back"),
                    }
                    return;
                }
            }
        } else {
            failed(TaskError::new(
                "unknown_task_kind",
                format!("this worker has no handler for `{}`", task.kind),
            ))
        };
        match tasks::finish(&self.db, task.id, task.attempts, &outcome).await {
            Ok(Some(done)) => {
                tracing::info!(status = %done.status, "task ended");
                if let Err(e) = self.queue.ack(&delivery).await {
                    tracing::warn!(error = %e, "could not acknowledge the delivery");
                }
            }
            // Fenced out: the lease expired and another attempt owns the task; its own
            // delivery will be acknowledged by that worker.
            Ok(None) => tracing::warn!("lease lost; the outcome of this attempt is discarded"),
            Err(e) => tracing::error!(error = %e, "could not record the task outcome"),
        }
    }

    /// Whether a user asked to cancel the task (false when that cannot be read).
    async fn cancel_requested(&self, id: i64) -> bool {
        matches!(tasks::get(&self.db, id).await, Ok(Some(t)) if t.cancel_requested)
    }

    /// How the handler ended: an outcome to record, committed by itself, or stopped by the
    /// worker's shutdown.
    async fn run_handler(
        &self,
        delivery: &Delivery,
        spec: &crate::KindSpec,
        shutdown: &CancellationToken,
    ) -> Ending {
        let task = &delivery.task;
        let cancel = CancellationToken::new();
        let ctx = TaskContext::new(
            task.clone(),
            self.db.clone(),
            self.config.name.clone(),
            cancel.clone(),
        );
        let beats = self.spawn_heartbeat(delivery.clone(), cancel.clone());
        let mut handle = tokio::spawn(spec.call(ctx.clone()));
        let joined = tokio::select! {
            joined = &mut handle => Some(joined),
            () = tokio::time::sleep(spec.time_limit) => None,
            () = shutdown.cancelled() => {
                // Stop the handler (it sees a cancellation) and give the task back, unless it
                // manages to finish within the grace.
                cancel.cancel();
                let grace = (self.config.lease / 2).min(Duration::from_secs(10));
                let finished = tokio::time::timeout(grace, &mut handle).await;
                beats.abort();
                return match finished {
                    Ok(Ok(Ok(_))) if ctx.committed() => Ending::Committed,
                    Ok(Ok(Ok(value))) => Ending::Record(finish_success(value)),
                    Ok(_) => Ending::HandBack,
                    Err(_) => {
                        handle.abort();
                        Ending::HandBack
                    }
                };
            }
        };
        let joined = match joined {
            Some(j) => j,
            None => {
                // Over the time limit: ask the handler to stop, give it a moment, then abort.
                cancel.cancel();
                if tokio::time::timeout(Duration::from_secs(5), &mut handle)
                    .await
                    .is_err()
                {
                    handle.abort();
                }
                beats.abort();
                return Ending::Record(failed(TaskError::new(
                    "time_limit_exceeded",
                    format!("the task ran longer than {} s", spec.time_limit.as_secs()),
                )));
            }
        };
        beats.abort();
        Ending::Record(match joined {
            Ok(Ok(_)) if ctx.committed() => return Ending::Committed,
            Ok(Ok(value)) => finish_success(value),
            Ok(Err(TaskFailure::Cancelled)) => finish_cancelled(),
            // A failure on the way out of a cancelled task (its object deleted under it, say)
            // is the cancellation, noticed before the next heartbeat would have told.
            Ok(Err(TaskFailure::Failed(_))) if self.cancel_requested(task.id).await => {
                finish_cancelled()
            }
            Ok(Err(TaskFailure::Failed(errors))) => Finish {
                status: TaskStatus::Failure,
                result: None,
                errors,
            },
            Err(e) => failed(TaskError::new(
                "handler_panicked",
                format!("the task handler crashed: {e}"),
            )),
        })
    }

    /// Extends the lease every third of it (at most every second, to notice cancellation
    /// quickly); fires `cancel` when a user cancels or the lease is lost.
    fn spawn_heartbeat(
        &self,
        delivery: Delivery,
        cancel: CancellationToken,
    ) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        let every =
            (self.config.lease / 3).clamp(Duration::from_millis(50), Duration::from_secs(1));
        let lease =
            chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::seconds(60));
        tokio::spawn(async move {
            let task = &delivery.task;
            loop {
                tokio::time::sleep(every).await;
                match tasks::heartbeat(&this.db, task.id, task.attempts, lease).await {
                    Ok(Heartbeat::Alive { cancel_requested }) => {
                        if cancel_requested && !cancel.is_cancelled() {
                            tracing::info!(task = task.id, "cancellation requested");
                            cancel.cancel();
                        }
                    }
                    Ok(Heartbeat::Lost) => {
                        cancel.cancel();
                        return;
                    }
                    Err(e) => tracing::warn!(task = task.id, error = %e, "heartbeat failed"),
                }
                if let Err(e) = this.queue.keep_alive(&delivery, &this.config.name).await {
                    tracing::warn!(task = task.id, error = %e, "queue keep-alive failed");
                }
            }
        })
    }
}

/// How a handler run ended.
enum Ending {
    Record(Finish),
    /// The handler committed its writes and the task's success together.
    Committed,
    /// Stopped unfinished by the worker's shutdown: the task goes back to the queue.
    HandBack,
}

fn finish_success(value: Value) -> Finish {
    Finish {
        status: TaskStatus::Success,
        result: Some(value),
        errors: Vec::new(),
    }
}

fn finish_cancelled() -> Finish {
    Finish {
        status: TaskStatus::Cancelled,
        result: None,
        errors: vec![TaskError::new("cancelled", "the task was cancelled")],
    }
}

fn failed(error: TaskError) -> Finish {
    Finish {
        status: TaskStatus::Failure,
        result: None,
        errors: vec![error],
    }
}
