//! The worker loop: claim tasks from the configured queues, run up to N at once, keep their
//! leases alive, enforce time limits, honour cancellation, and record the outcome. Handlers run
//! in the worker's process or, isolated, each in a child process of its own
//! ([`Isolation::Process`], [`run_handed_task`]).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use genui_storage::tasks::{self, Finish, Heartbeat};
use genui_storage::Db;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::{
    Delivery, KindSpec, Queue, QueueBackend, Task, TaskContext, TaskError, TaskFailure,
    TaskRegistry, TaskStatus,
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
    /// Where handlers run.
    pub isolation: Isolation,
}

/// Where a worker runs task handlers.
#[derive(Debug, Clone, Default)]
pub enum Isolation {
    /// In the worker's own process.
    #[default]
    InProcess,
    /// Each task in a child process: `program` with `args`, then the task's id and attempt. The
    /// child runs [`run_handed_task`] (which prints how the task ended) and is expected to
    /// limit its own memory to `memory_limit` bytes: a task that dies there, past its memory
    /// or in a crash, fails alone while the worker goes on.
    Process {
        program: PathBuf,
        args: Vec<String>,
        memory_limit: u64,
    },
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

    /// How the handler ended: an outcome to record, committed by itself, or stopped by the
    /// worker's shutdown.
    async fn run_handler(
        &self,
        delivery: &Delivery,
        spec: &KindSpec,
        shutdown: &CancellationToken,
    ) -> Ending {
        let task = &delivery.task;
        let cancel = CancellationToken::new();
        let beats = self.spawn_heartbeat(delivery.clone(), cancel.clone());
        // Dropping `running` stops the handler: its task is aborted, its process killed.
        let mut running: Pin<Box<dyn Future<Output = Ending> + Send>> = match &self.config.isolation
        {
            Isolation::InProcess => Box::pin(in_process(
                self.db.clone(),
                task.clone(),
                spec.clone(),
                self.config.name.clone(),
                cancel.clone(),
            )),
            Isolation::Process {
                program,
                args,
                memory_limit,
            } => {
                let mut command = tokio::process::Command::new(program);
                command
                    .args(args)
                    .arg(task.id.to_string())
                    .arg(task.attempts.to_string());
                Box::pin(in_child(command, *memory_limit, cancel.clone()))
            }
        };
        let ending = tokio::select! {
            ending = &mut running => ending,
            () = tokio::time::sleep(spec.time_limit) => {
                // Over the time limit: ask the handler to stop, give it a moment, then stop it.
                cancel.cancel();
                let _ = tokio::time::timeout(Duration::from_secs(5), &mut running).await;
                Ending::Record(failed(TaskError::new(
                    "time_limit_exceeded",
                    format!("the task ran longer than {} s", spec.time_limit.as_secs()),
                )))
            }
            () = shutdown.cancelled() => {
                // Stop the handler (it sees a cancellation) and give the task back, unless it
                // manages to finish within the grace.
                cancel.cancel();
                let grace = (self.config.lease / 2).min(Duration::from_secs(10));
                match tokio::time::timeout(grace, &mut running).await {
                    Ok(Ending::Committed) => Ending::Committed,
                    Ok(Ending::Record(finish)) if finish.status == TaskStatus::Success => {
                        Ending::Record(finish)
                    }
                    _ => Ending::HandBack,
                }
            }
        };
        beats.abort();
        ending
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
#[derive(Debug, Serialize, Deserialize)]
enum Ending {
    Record(Finish),
    /// The handler committed its writes and the task's success together.
    Committed,
    /// Stopped unfinished by the worker's shutdown: the task goes back to the queue.
    HandBack,
}

/// Aborts the handler's task when the worker stops waiting for it.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs the handler in this process.
async fn in_process(
    db: Db,
    task: Task,
    spec: KindSpec,
    worker: String,
    cancel: CancellationToken,
) -> Ending {
    let ctx = TaskContext::new(task.clone(), db.clone(), worker, cancel);
    let mut handle = AbortOnDrop(tokio::spawn(spec.call(ctx.clone())));
    let joined = (&mut handle.0).await;
    ending_of(&db, &task, &ctx, joined).await
}

/// How a handler's run ended, from what its task returned.
async fn ending_of(
    db: &Db,
    task: &Task,
    ctx: &TaskContext,
    joined: Result<Result<Value, TaskFailure>, JoinError>,
) -> Ending {
    Ending::Record(match joined {
        Ok(Ok(_)) if ctx.committed() => return Ending::Committed,
        Ok(Ok(value)) => finish_success(value),
        Ok(Err(TaskFailure::Cancelled)) => finish_cancelled(),
        // A failure on the way out of a cancelled task (its object deleted under it, say)
        // is the cancellation, noticed before the next heartbeat would have told.
        Ok(Err(TaskFailure::Failed(_))) if matches!(tasks::get(db, task.id).await, Ok(Some(t)) if t.cancel_requested) => {
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

/// Marks the line on which a child process reports how its task ended.
const ENDING_LINE: &str = "genui-task-ending ";

/// Runs the handler in a child process started by `command`. Closing the child's standard
/// input asks it to stop; its last line on standard output says how the task ended.
async fn in_child(
    mut command: tokio::process::Command,
    memory_limit: u64,
    cancel: CancellationToken,
) -> Ending {
    let spawned = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            return Ending::Record(failed(TaskError::new(
                "task_process_failed",
                format!("cannot start the task's process: {e}"),
            )))
        }
    };
    let input = child.stdin.take();
    let stop = tokio::spawn(async move {
        cancel.cancelled().await;
        drop(input);
    });
    let mut output = String::new();
    if let Some(stdout) = child.stdout.take() {
        // The ending holds the task's result: a summary, never near this.
        let _ = stdout.take(256 << 20).read_to_string(&mut output).await;
    }
    let status = child.wait().await;
    stop.abort();
    let reported = output
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(ENDING_LINE))
        .and_then(|json| serde_json::from_str::<Ending>(json).ok());
    reported.unwrap_or_else(|| {
        let how = status.map_or_else(|e| e.to_string(), |s| s.to_string());
        Ending::Record(failed(TaskError::new(
            "task_process_died",
            format!(
                "the task's process ended without finishing ({how}): it most likely needed more \
                 than its memory limit of {} MB (GENUI_TASK_MEMORY_LIMIT), or crashed; the \
                 worker goes on",
                memory_limit >> 20
            ),
        )))
    })
}

/// Runs task `task_id`, attempt `attempt`, handed to this process by a worker with
/// [`Isolation::Process`], and prints how it ended for the worker. Standard input closing (the
/// worker cancelling it, or gone) asks the handler to stop.
pub async fn run_handed_task(
    db: Db,
    registry: &TaskRegistry,
    worker: String,
    task_id: i64,
    attempt: i32,
) -> Result<(), String> {
    let task = tasks::get(&db, task_id)
        .await
        .map_err(|e| e.to_string())?
        .filter(|t| t.attempts == attempt && t.status == TaskStatus::Started)
        .ok_or_else(|| format!("task {task_id} is not started with attempt {attempt}"))?;
    let spec = registry
        .get(&task.kind)
        .ok_or_else(|| format!("no handler for `{}`", task.kind))?
        .clone();
    let cancel = CancellationToken::new();
    let on_close = cancel.clone();
    // A plain thread: one blocked on standard input must not keep the process from exiting.
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        on_close.cancel();
    });
    let ctx = TaskContext::new(task.clone(), db.clone(), worker, cancel);
    let joined = tokio::spawn(spec.call(ctx.clone())).await;
    let ending = ending_of(&db, &task, &ctx, joined).await;
    let json = serde_json::to_string(&ending).map_err(|e| e.to_string())?;
    println!("{ENDING_LINE}{json}");
    Ok(())
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
