//! Handlers registered by task kind.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::{Queue, TaskContext, TaskError};

/// Why a handler did not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskFailure {
    /// The work failed; the errors are stored on the task.
    Failed(Vec<TaskError>),
    /// The handler stopped because its cancellation token fired.
    Cancelled,
}

impl TaskFailure {
    /// A failure with one error.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        TaskError::new(code, message).into()
    }
}

impl From<TaskError> for TaskFailure {
    fn from(e: TaskError) -> Self {
        Self::Failed(vec![e])
    }
}

/// A database or file-store fault fails the task with `storage_error`.
impl From<genui_storage::StorageError> for TaskFailure {
    fn from(e: genui_storage::StorageError) -> Self {
        Self::new("storage_error", e.to_string())
    }
}

/// Reading or writing a file of the file store fails the task with `storage_error`.
impl From<std::io::Error> for TaskFailure {
    fn from(e: std::io::Error) -> Self {
        Self::new("storage_error", e.to_string())
    }
}

/// Blocking work that panicked (or was aborted) fails the task with `internal`.
impl From<tokio::task::JoinError> for TaskFailure {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::new("internal", format!("the work stopped: {e}"))
    }
}

/// The future a handler returns.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Result<Value, TaskFailure>> + Send>>;
type Handler = Arc<dyn Fn(TaskContext) -> HandlerFuture + Send + Sync>;

/// How tasks of one kind are run.
#[derive(Clone)]
pub struct KindSpec {
    /// The queue tasks of this kind are sent to.
    pub queue: Queue,
    /// A running attempt is cancelled and failed with `time_limit_exceeded` after this long.
    pub time_limit: Duration,
    /// How often a task may be started: an attempt whose worker died mid-task is used up (a
    /// shutdown hands its attempt back); one more start fails it with `worker_lost`.
    pub max_attempts: i32,
    /// Whether clients may submit this kind directly through `POST /api/tasks`
    /// (only the built-in test kinds; feature kinds are started by their own endpoints).
    pub api_submittable: bool,
    handler: Handler,
}

impl std::fmt::Debug for KindSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KindSpec")
            .field("queue", &self.queue)
            .field("time_limit", &self.time_limit)
            .field("max_attempts", &self.max_attempts)
            .field("api_submittable", &self.api_submittable)
            .finish_non_exhaustive()
    }
}

impl KindSpec {
    /// A spec for `handler` on `queue` with a one-hour time limit and three attempts.
    pub fn new<F, Fut>(queue: Queue, handler: F) -> Self
    where
        F: Fn(TaskContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, TaskFailure>> + Send + 'static,
    {
        Self {
            queue,
            time_limit: Duration::from_secs(3600),
            max_attempts: 3,
            api_submittable: false,
            handler: Arc::new(move |ctx| Box::pin(handler(ctx))),
        }
    }

    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    pub fn max_attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn api_submittable(mut self, yes: bool) -> Self {
        self.api_submittable = yes;
        self
    }

    pub(crate) fn call(&self, ctx: TaskContext) -> HandlerFuture {
        (self.handler)(ctx)
    }
}

/// The handlers the binary knows, by kind. Feature crates add theirs with [`TaskRegistry::register`].
#[derive(Debug, Clone, Default)]
pub struct TaskRegistry {
    kinds: BTreeMap<String, KindSpec>,
}

impl TaskRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) the handler of `kind`.
    pub fn register(&mut self, kind: impl Into<String>, spec: KindSpec) -> &mut Self {
        self.kinds.insert(kind.into(), spec);
        self
    }

    pub fn get(&self, kind: &str) -> Option<&KindSpec> {
        self.kinds.get(kind)
    }

    /// Registered kinds in name order.
    pub fn kinds(&self) -> impl Iterator<Item = (&str, &KindSpec)> {
        self.kinds.iter().map(|(k, v)| (k.as_str(), v))
    }
}
