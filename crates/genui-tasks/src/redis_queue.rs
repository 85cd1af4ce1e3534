//! The Redis queue: one stream per queue (`<prefix>:tasks:<queue>`), one consumer group
//! (`<prefix>:workers`) shared by all workers, each worker a consumer named after itself.
//!
//! * `enqueue` — `XADD` an entry holding the task id (state stays in the database).
//! * `next` — first `XAUTOCLAIM` entries idle for longer than the lease (their worker died or
//!   hung: heartbeats stopped resetting the idle time), then `XREADGROUP … >` for new ones.
//!   Each entry is started in the database, which decides whether it may run
//!   ([`genui_storage::tasks::start`]).
//! * `keep_alive` — `XCLAIM … JUSTID` by the owner resets the entry's idle time.
//! * `ack` — `XACK` + `XDEL` once the task has ended.
//! * Recovery — Redis may lose entries (a restart without persistence). Every so often a
//!   worker also claims, straight from the database, tasks that should have been delivered
//!   long ago ([`RedisQueue::with_orphan_after`], default 10 minutes); a late duplicate entry
//!   is harmless, since the database start is fenced.

use std::time::{Duration, Instant};

use genui_storage::tasks::{self, StartOutcome};
use genui_storage::Db;
use redis::aio::MultiplexedConnection;
use redis::streams::{
    StreamAutoClaimOptions, StreamAutoClaimReply, StreamId, StreamReadOptions, StreamReadReply,
};
use redis::{AsyncCommands, AsyncConnectionConfig, ConnectionAddr, ConnectionInfo};
use tokio::sync::Mutex;

use crate::delivery::{Delivery, QueueError, StreamEntry};
use crate::{Queue, Task};

/// Where Redis is and how its keys are named.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisSettings {
    pub host: String,
    pub port: u16,
    pub password: Option<String>,
    /// Prefix of every key (streams and group), so deployments and tests can share a server.
    pub prefix: String,
}

impl std::fmt::Debug for RedisSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("password", &self.password.as_ref().map(|_| "********"))
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// The Redis streams backend.
#[derive(Debug, Clone)]
pub struct RedisQueue {
    db: Db,
    prefix: String,
    /// Shared connection for short commands (XADD, XACK, XCLAIM).
    conn: MultiplexedConnection,
    /// Connection for the blocking `XREADGROUP` of this process's claim loop.
    blocking: std::sync::Arc<Mutex<MultiplexedConnection>>,
    orphan_after: Duration,
    last_sweep: std::sync::Arc<std::sync::Mutex<Instant>>,
}

const TASK_FIELD: &str = "task_id";

impl RedisQueue {
    /// Connects and makes sure the streams and the consumer group exist.
    pub async fn connect(db: Db, settings: &RedisSettings) -> Result<Self, QueueError> {
        let info = ConnectionInfo {
            addr: ConnectionAddr::Tcp(settings.host.clone(), settings.port),
            redis: redis::RedisConnectionInfo {
                password: settings.password.clone(),
                ..Default::default()
            },
        };
        let client = redis::Client::open(info)?;
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Duration::from_secs(10))
            .set_response_timeout(Duration::from_secs(30));
        let conn = client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        let blocking = client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        let queue = Self {
            db,
            prefix: settings.prefix.clone(),
            conn,
            blocking: std::sync::Arc::new(Mutex::new(blocking)),
            orphan_after: Duration::from_secs(600),
            last_sweep: std::sync::Arc::new(std::sync::Mutex::new(Instant::now())),
        };
        for q in Queue::ALL {
            queue.ensure_group(q).await?;
        }
        Ok(queue)
    }

    /// Tasks pending (or with an expired lease) for longer than `age` are claimed from the
    /// database directly, in case their stream entry was lost.
    pub fn with_orphan_after(mut self, age: Duration) -> Self {
        self.orphan_after = age;
        self
    }

    /// Claims one task whose delivery is overdue, at most every `min(orphan_after, 30 s)`.
    async fn sweep_orphans(
        &self,
        queues: &[Queue],
        worker: &str,
        lease: chrono::Duration,
    ) -> Result<Option<Delivery>, QueueError> {
        {
            let mut last = self.last_sweep.lock().unwrap_or_else(|p| p.into_inner());
            if last.elapsed() < self.orphan_after.min(Duration::from_secs(30)) {
                return Ok(None);
            }
            *last = Instant::now();
        }
        let age = chrono::Duration::from_std(self.orphan_after).unwrap_or(chrono::Duration::MAX);
        let cutoff = genui_storage::now() - age;
        let task = tasks::claim_orphan(&self.db, queues, worker, lease, cutoff).await?;
        if let Some(task) = &task {
            tracing::warn!(task = task.id, "claimed a task whose queue entry was lost");
        }
        Ok(task.map(|task| Delivery { task, redis: None }))
    }

    /// The stream of `queue`.
    pub fn stream(&self, queue: Queue) -> String {
        format!("{}:tasks:{}", self.prefix, queue.as_str())
    }

    /// The consumer group all workers share.
    pub fn group(&self) -> String {
        format!("{}:workers", self.prefix)
    }

    async fn ensure_group(&self, queue: Queue) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        // Start at 0, not $, so entries added before the first worker existed are delivered.
        let created: Result<(), redis::RedisError> = conn
            .xgroup_create_mkstream(self.stream(queue), self.group(), "0")
            .await;
        match created {
            Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
            other => Ok(other?),
        }
    }

    pub(crate) async fn enqueue(&self, task: &Task) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let _: String = conn
            .xadd(self.stream(task.queue), "*", &[(TASK_FIELD, task.id)])
            .await?;
        Ok(())
    }

    pub(crate) async fn next(
        &self,
        queues: &[Queue],
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Delivery>, QueueError> {
        if queues.is_empty() {
            tokio::time::sleep(Duration::from_secs(1)).await;
            return Ok(None);
        }
        let chrono_lease =
            chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        if let Some(d) = self.sweep_orphans(queues, worker, chrono_lease).await? {
            return Ok(Some(d));
        }
        let mut conn = self.blocking.lock().await;
        let lease_ms = usize::try_from(lease.as_millis()).unwrap_or(usize::MAX);
        // 1. Entries whose worker stopped heart-beating.
        for &queue in queues {
            let reply: StreamAutoClaimReply = conn
                .xautoclaim_options(
                    self.stream(queue),
                    self.group(),
                    worker,
                    lease_ms,
                    "0-0",
                    StreamAutoClaimOptions::default().count(1),
                )
                .await?;
            for entry in reply.claimed {
                tracing::info!(stream = %self.stream(queue), entry = %entry.id,
                    "reclaimed a delivery whose worker stopped heart-beating");
                if let Some(d) = self.start(&mut conn, queue, entry, worker, lease).await? {
                    return Ok(Some(d));
                }
            }
        }
        // 2. New entries, waiting up to a second.
        let keys: Vec<String> = queues.iter().map(|&q| self.stream(q)).collect();
        let ids: Vec<&str> = queues.iter().map(|_| ">").collect();
        let options = StreamReadOptions::default()
            .group(self.group(), worker)
            .count(1)
            .block(1000);
        let reply: Option<StreamReadReply> = conn.xread_options(&keys, &ids, &options).await?;
        for key in reply.map(|r| r.keys).unwrap_or_default() {
            let Some(queue) = queues.iter().copied().find(|&q| self.stream(q) == key.key) else {
                continue;
            };
            for entry in key.ids {
                if let Some(d) = self.start(&mut conn, queue, entry, worker, lease).await? {
                    return Ok(Some(d));
                }
            }
        }
        Ok(None)
    }

    /// Starts the task of `entry` in the database; drops entries of finished or missing tasks.
    async fn start(
        &self,
        conn: &mut MultiplexedConnection,
        queue: Queue,
        entry: StreamId,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Delivery>, QueueError> {
        let delivery = StreamEntry {
            stream: self.stream(queue),
            entry_id: entry.id.clone(),
        };
        let Some(task_id) = entry.get::<i64>(TASK_FIELD) else {
            tracing::warn!(entry = %entry.id, "dropping a stream entry without a task id");
            self.ack_on(conn, &delivery).await?;
            return Ok(None);
        };
        let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        match tasks::start(&self.db, task_id, worker, lease).await? {
            StartOutcome::Started(task) => Ok(Some(Delivery {
                task,
                redis: Some(delivery),
            })),
            StartOutcome::Finished(_) | StartOutcome::Missing => {
                self.ack_on(conn, &delivery).await?;
                Ok(None)
            }
            // Another worker's lease is still live; the entry stays pending and comes back.
            StartOutcome::Busy => Ok(None),
        }
    }

    pub(crate) async fn keep_alive(
        &self,
        delivery: &StreamEntry,
        worker: &str,
    ) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let _: redis::Value = redis::cmd("XCLAIM")
            .arg(&delivery.stream)
            .arg(self.group())
            .arg(worker)
            .arg(0)
            .arg(&delivery.entry_id)
            .arg("JUSTID")
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    pub(crate) async fn ack(&self, delivery: &StreamEntry) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        self.ack_on(&mut conn, delivery).await
    }

    async fn ack_on(
        &self,
        conn: &mut MultiplexedConnection,
        delivery: &StreamEntry,
    ) -> Result<(), QueueError> {
        let _: i64 = conn
            .xack(&delivery.stream, self.group(), &[&delivery.entry_id])
            .await?;
        let _: i64 = conn.xdel(&delivery.stream, &[&delivery.entry_id]).await?;
        Ok(())
    }

    /// Entries delivered but not yet acknowledged, over all queues (tests and diagnostics).
    pub async fn pending_count(&self) -> Result<i64, QueueError> {
        let mut total = 0;
        for q in Queue::ALL {
            let mut conn = self.conn.clone();
            let reply: redis::streams::StreamPendingReply =
                conn.xpending(self.stream(q), self.group()).await?;
            total += reply.count() as i64;
        }
        Ok(total)
    }

    pub(crate) async fn ping(&self) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let _: String = redis::cmd("PING").query_async(&mut conn).await?;
        Ok(())
    }
}
