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
//! * Recovery — connections are [`ConnectionManager`]s: a broken one (Redis restarted, the
//!   network failed) fails its command and reconnects with backoff. Redis may lose entries (a
//!   restart without persistence, a flush). Every so often a worker claims, straight from the
//!   database, tasks that should have been delivered long ago
//!   ([`RedisQueue::with_orphan_after`], default 10 minutes); when it finds its consumer group
//!   gone (`NOGROUP`: Redis lost its data), it creates the streams and group again and claims
//!   every task that was waiting before the loss at once. A late duplicate entry is harmless,
//!   since the database start is fenced.

use std::time::{Duration, Instant};

use genui_storage::tasks::{self, StartOutcome};
use genui_storage::Db;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::streams::{
    StreamAutoClaimOptions, StreamAutoClaimReply, StreamId, StreamReadOptions, StreamReadReply,
};
use redis::{AsyncCommands, ConnectionAddr, ConnectionInfo};
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
#[derive(Clone)]
pub struct RedisQueue {
    db: Db,
    prefix: String,
    /// Shared connection for short commands (XADD, XACK, XCLAIM).
    conn: ConnectionManager,
    /// Connection for the blocking `XREADGROUP` of this process's claim loop.
    blocking: std::sync::Arc<Mutex<ConnectionManager>>,
    orphan_after: Duration,
    sweep: std::sync::Arc<std::sync::Mutex<Sweep>>,
}

/// When the database was last searched for tasks whose entries were lost.
#[derive(Debug)]
struct Sweep {
    last: Instant,
    /// Set when Redis was found to have lost its data: tasks waiting since before then are
    /// claimed without waiting for them to grow old.
    lost_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl std::fmt::Debug for RedisQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisQueue")
            .field("prefix", &self.prefix)
            .field("orphan_after", &self.orphan_after)
            .finish_non_exhaustive()
    }
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
        // Reconnect after 0.1, 0.2, 0.4 … s, at most 5 s apart, and keep trying on later
        // commands: Redis coming back after minutes is picked up without a restart.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(10))
            .set_response_timeout(Duration::from_secs(30))
            .set_factor(100)
            .set_exponent_base(2)
            .set_max_delay(5_000)
            .set_number_of_retries(6);
        let conn = ConnectionManager::new_with_config(client.clone(), config.clone()).await?;
        let blocking = ConnectionManager::new_with_config(client, config).await?;
        let queue = Self {
            db,
            prefix: settings.prefix.clone(),
            conn,
            blocking: std::sync::Arc::new(Mutex::new(blocking)),
            orphan_after: Duration::from_secs(600),
            sweep: std::sync::Arc::new(std::sync::Mutex::new(Sweep {
                last: Instant::now(),
                lost_at: None,
            })),
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
        let age = chrono::Duration::from_std(self.orphan_after).unwrap_or(chrono::Duration::MAX);
        let cutoff = {
            let mut sweep = self.sweep.lock().unwrap_or_else(|p| p.into_inner());
            let aged = genui_storage::now() - age;
            match sweep.lost_at {
                Some(lost_at) => lost_at.max(aged),
                None if sweep.last.elapsed() < self.orphan_after.min(Duration::from_secs(30)) => {
                    return Ok(None)
                }
                None => {
                    sweep.last = Instant::now();
                    aged
                }
            }
        };
        let task = tasks::claim_orphan(&self.db, queues, worker, lease, cutoff).await?;
        match &task {
            Some(task) => {
                tracing::warn!(task = task.id, "claimed a task whose queue entry was lost")
            }
            None => self.sweep.lock().unwrap_or_else(|p| p.into_inner()).lost_at = None,
        }
        Ok(task.map(|task| Delivery { task, redis: None }))
    }

    /// After Redis lost its data (`NOGROUP`): the streams and the group again, and every task
    /// that was waiting before now claimed from the database by the next sweeps.
    async fn recover_lost_data(&self) -> Result<(), QueueError> {
        tracing::warn!(
            "Redis lost the task streams (restarted without persistence, or flushed): \
            creating them again and claiming the waiting tasks from the database"
        );
        for q in Queue::ALL {
            self.ensure_group(q).await?;
        }
        self.sweep.lock().unwrap_or_else(|p| p.into_inner()).lost_at = Some(genui_storage::now());
        Ok(())
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

    /// Adds the task's entry; a connection that broke (Redis restarting) is given three more
    /// tries over about a second while it reconnects. A duplicate entry from a retry after an
    /// answer was lost is harmless: starting a task is fenced in the database.
    pub(crate) async fn enqueue(&self, task: &Task) -> Result<(), QueueError> {
        let mut conn = self.conn.clone();
        let mut wait = Duration::from_millis(150);
        let mut tries_left = 3;
        loop {
            let added: Result<String, redis::RedisError> = conn
                .xadd(self.stream(task.queue), "*", &[(TASK_FIELD, task.id)])
                .await;
            match added {
                Err(e)
                    if tries_left > 0
                        && (e.is_io_error() || e.is_connection_dropped() || e.is_timeout()) =>
                {
                    tracing::warn!(error = %e, "Redis connection lost; retrying the enqueue");
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    tries_left -= 1;
                }
                other => return other.map(drop).map_err(Into::into),
            }
        }
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
        match self.read_streams(queues, worker, lease).await {
            Err(QueueError::Redis(e)) if e.code() == Some("NOGROUP") => {
                self.recover_lost_data().await?;
                Ok(None)
            }
            other => other,
        }
    }

    /// Reclaims an entry whose worker stopped, or reads a new one.
    async fn read_streams(
        &self,
        queues: &[Queue],
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Delivery>, QueueError> {
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
        conn: &mut ConnectionManager,
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
        conn: &mut ConnectionManager,
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
