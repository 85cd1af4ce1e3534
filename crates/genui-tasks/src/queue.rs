//! Queue backends: where workers find the next task.

use std::sync::Arc;
use std::time::Duration;

use genui_storage::{tasks, Db};
use tokio::sync::Notify;

use crate::delivery::{Delivery, QueueError};
use crate::redis_queue::RedisQueue;
use crate::{Queue, Task};

/// The embedded queue: the `tasks` table itself. Workers claim rows atomically (see
/// [`genui_storage::tasks::claim_next`]); a started row whose lease ran out is claimable again.
#[derive(Debug, Clone)]
pub struct EmbeddedQueue {
    db: Db,
    wake: Arc<Notify>,
    poll: Duration,
}

impl EmbeddedQueue {
    /// `poll` is how often an idle worker looks for work when nothing in-process woke it.
    pub fn new(db: Db, poll: Duration) -> Self {
        Self {
            db,
            wake: Arc::new(Notify::new()),
            poll,
        }
    }

    async fn next(
        &self,
        queues: &[Queue],
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Delivery>, QueueError> {
        let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        if let Some(task) = tasks::claim_next(&self.db, queues, worker, lease).await? {
            return Ok(Some(Delivery { task, redis: None }));
        }
        // Wait for an in-process submission or the poll interval, then let the caller retry.
        let _ = tokio::time::timeout(self.poll, self.wake.notified()).await;
        Ok(None)
    }
}

/// The queue a deployment uses: embedded (single machine) or Redis (cluster).
#[derive(Debug, Clone)]
pub enum QueueBackend {
    Embedded(EmbeddedQueue),
    Redis(RedisQueue),
}

impl QueueBackend {
    /// Hands a freshly inserted pending task to the queue.
    pub async fn enqueue(&self, task: &Task) -> Result<(), QueueError> {
        match self {
            Self::Embedded(q) => {
                q.wake.notify_waiters();
                Ok(())
            }
            Self::Redis(q) => q.enqueue(task).await,
        }
    }

    /// The next task for `worker` from `queues`, or `None` after a short wait without work.
    pub async fn next(
        &self,
        queues: &[Queue],
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Delivery>, QueueError> {
        match self {
            Self::Embedded(q) => q.next(queues, worker, lease).await,
            Self::Redis(q) => q.next(queues, worker, lease).await,
        }
    }

    /// Tells the queue this delivery is still being worked on (alongside the database heartbeat).
    pub async fn keep_alive(&self, delivery: &Delivery, worker: &str) -> Result<(), QueueError> {
        match (self, &delivery.redis) {
            (Self::Redis(q), Some(entry)) => q.keep_alive(entry, worker).await,
            _ => Ok(()),
        }
    }

    /// Acknowledges a delivery whose task has ended.
    pub async fn ack(&self, delivery: &Delivery) -> Result<(), QueueError> {
        match (self, &delivery.redis) {
            (Self::Redis(q), Some(entry)) => q.ack(entry).await,
            _ => Ok(()),
        }
    }

    /// Checks that the backend answers (readiness).
    pub async fn ping(&self) -> Result<(), QueueError> {
        match self {
            Self::Embedded(q) => Ok(q.db.ping().await?),
            Self::Redis(q) => q.ping().await,
        }
    }
}
