//! Long-running work for GenUI: the task model, a registry of handlers by kind, two queue
//! backends and the worker loop.
//!
//! * **State lives in the database** (`genui_storage::tasks`): status, progress, errors, result,
//!   attempts, worker, lease. Queues only carry task ids.
//! * **Delivery is at least once.** A worker takes a task with a lease and extends it with
//!   heartbeats; when a worker dies its lease runs out and another worker takes the task over
//!   (a new *attempt*). Every write of an attempt is fenced by its attempt number, so a task
//!   still ends exactly once.
//! * **Backends:** [`EmbeddedQueue`] claims straight from the `tasks` table (single machine);
//!   [`RedisQueue`] uses Redis streams with a consumer group and `XAUTOCLAIM` (cluster).
//! * **Handlers** receive a [`TaskContext`] to read arguments, report progress and observe
//!   cancellation (user request, time limit, or lost lease) through a `CancellationToken`.
#![forbid(unsafe_code)]

mod builtin;
mod context;
mod delivery;
mod queue;
mod redis_queue;
mod registry;
mod service;
mod worker;

pub use builtin::register_test_kinds;
pub use context::{Reporter, TaskContext};
pub use delivery::{Delivery, QueueError};
pub use genui_storage::tasks::{Progress, Queue, Task, TaskError, TaskFilter, TaskStatus};
pub use queue::{EmbeddedQueue, QueueBackend};
pub use redis_queue::{RedisQueue, RedisSettings};
pub use registry::{HandlerFuture, KindSpec, TaskFailure, TaskRegistry};
pub use service::{SubmitError, TaskRequest, TaskService};
pub use tokio_util::sync::CancellationToken;
pub use worker::{run_handed_task, Isolation, Worker, WorkerConfig};
