//! Task change events for server-sent events.
//!
//! Workers may run in other processes, so changes are read from the database: one poller per
//! server process (not per client) reads the tasks changed since its last look, twice a
//! second and only while someone listens, and broadcasts them; each SSE stream filters the
//! broadcast down to its project. The poll window overlaps by a few seconds so commits that
//! land late are not missed, and `(id, version)` de-duplicates what the overlap repeats.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use genui_storage::{now, tasks, Db};
use genui_tasks::Task;
use tokio::sync::broadcast;

const POLL: Duration = Duration::from_millis(500);
const OVERLAP_SECS: i64 = 3;

/// Broadcasts task changes to the event streams of this process. Cheap to clone.
#[derive(Debug, Clone)]
pub struct EventHub {
    tx: Arc<broadcast::Sender<Arc<Task>>>,
}

impl EventHub {
    /// Creates the hub and starts its poller (which ends when the last hub clone is dropped).
    pub fn start(db: Db) -> Self {
        let (tx, _) = broadcast::channel(1024);
        let tx = Arc::new(tx);
        tokio::spawn(poll(db, Arc::downgrade(&tx)));
        Self { tx }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Task>> {
        self.tx.subscribe()
    }
}

async fn poll(db: Db, tx: Weak<broadcast::Sender<Arc<Task>>>) {
    let mut since: DateTime<Utc> = now();
    let mut sent: HashMap<i64, (i64, DateTime<Utc>)> = HashMap::new();
    loop {
        tokio::time::sleep(POLL).await;
        let Some(tx) = tx.upgrade() else { return };
        let started = now();
        if tx.receiver_count() == 0 {
            since = started;
            sent.clear();
            continue;
        }
        let from = since - chrono::Duration::seconds(OVERLAP_SECS);
        match tasks::changed_since(&db, from, 1000).await {
            Ok(changed) => {
                for task in changed {
                    let fresh = sent
                        .get(&task.id)
                        .is_none_or(|(version, _)| *version < task.version);
                    if fresh {
                        sent.insert(task.id, (task.version, task.updated_at));
                        let _ = tx.send(Arc::new(task));
                    }
                }
                since = started;
                sent.retain(|_, (_, at)| *at >= from);
            }
            Err(e) => tracing::warn!(error = %e, "could not read task changes"),
        }
    }
}
