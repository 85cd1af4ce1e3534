//! What a queue backend hands a worker, and how a backend fails.

use genui_storage::StorageError;

use crate::Task;

/// Errors of a queue backend.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
}

/// A task handed to this worker: started in the database (attempt counted) and, for Redis,
/// the stream entry to acknowledge when it ends.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub task: Task,
    pub(crate) redis: Option<StreamEntry>,
}

/// The Redis stream entry a delivery came from, to acknowledge or keep alive.
#[derive(Debug, Clone)]
pub(crate) struct StreamEntry {
    pub(crate) stream: String,
    pub(crate) entry_id: String,
}
