//! Built-in task kinds for tests and smoke checks: `sleep`, `echo` and `allocate`.
//!
//! They are registered only when asked for (`GENUI_ENABLE_TEST_TASKS=1` in the binary) and are
//! the only kinds clients may submit directly through `POST /api/tasks`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::{KindSpec, Queue, TaskContext, TaskError, TaskFailure, TaskRegistry};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SleepArgs {
    /// How long to work, in milliseconds.
    ms: u64,
    /// Fail at the end instead of succeeding.
    #[serde(default)]
    fail: bool,
}

/// Sleeps in 10 steps, reporting progress and honouring cancellation.
async fn sleep(ctx: TaskContext) -> Result<Value, TaskFailure> {
    let args: SleepArgs = ctx.args()?;
    let steps = 10_i64;
    let step = Duration::from_millis(args.ms / steps as u64);
    for i in 0..steps {
        tokio::select! {
            () = ctx.cancellation().cancelled() => return Err(TaskFailure::Cancelled),
            () = tokio::time::sleep(step) => {}
        }
        ctx.progress(i + 1, Some(steps), "sleeping").await?;
    }
    if args.fail {
        return Err(
            TaskError::new("requested_failure", "the task was asked to fail")
                .with_item("fail")
                .into(),
        );
    }
    Ok(json!({ "slept_ms": args.ms, "worker": ctx.worker_name() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocateArgs {
    bytes: usize,
}

/// Fills `bytes` of memory at once: a runaway allocation, to check that a task past its memory
/// limit fails alone.
async fn allocate(ctx: TaskContext) -> Result<Value, TaskFailure> {
    let args: AllocateArgs = ctx.args()?;
    let filled = tokio::task::spawn_blocking(move || {
        let block = vec![1_u8; args.bytes];
        block.iter().map(|&b| usize::from(b)).sum::<usize>()
    })
    .await
    .map_err(|e| TaskError::new("allocation_failed", e.to_string()))?;
    Ok(json!({ "bytes": filled }))
}

async fn echo(ctx: TaskContext) -> Result<Value, TaskFailure> {
    Ok(ctx.task().args.clone())
}

/// Adds the `sleep` (queue `celery`), `sleep_gpu` (queue `gpu`), `echo` and `allocate` kinds.
pub fn register_test_kinds(registry: &mut TaskRegistry) {
    registry
        .register(
            "sleep",
            KindSpec::new(Queue::Celery, sleep)
                .time_limit(Duration::from_secs(600))
                .api_submittable(true),
        )
        .register(
            "sleep_gpu",
            KindSpec::new(Queue::Gpu, sleep)
                .time_limit(Duration::from_secs(600))
                .api_submittable(true),
        )
        .register(
            "echo",
            KindSpec::new(Queue::Celery, echo).api_submittable(true),
        )
        .register(
            "allocate",
            KindSpec::new(Queue::Celery, allocate).api_submittable(true),
        );
}
