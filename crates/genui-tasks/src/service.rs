//! Submitting tasks: insert the row (with the object it builds, in one transaction), then hand
//! it to the queue.

use std::sync::Arc;

use genui_storage::tasks::{self, NewTask};
use genui_storage::{Db, StorageError, Tx};
use serde_json::Value;

use crate::{QueueBackend, QueueError, Task, TaskError, TaskRegistry};

/// A request to run a task of a registered kind in a project.
#[derive(Debug, Clone)]
pub struct TaskRequest {
    pub project_id: i64,
    pub kind: String,
    /// What the task does, as a person reads it ("Import 5-HT4 ligands").
    pub title: String,
    pub object_type: Option<String>,
    pub object_id: Option<i64>,
    pub args: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("no handler is registered for task kind `{0}`")]
    UnknownKind(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The row exists but the queue refused it; the task was marked failed (with the reason),
    /// so the object it builds shows a failed build rather than one that never starts.
    #[error("the task queue is unavailable: {0}")]
    Queue(#[source] QueueError),
}

/// Everything needed to submit tasks: database, queue and registry. Cheap to clone.
#[derive(Debug, Clone)]
pub struct TaskService {
    pub db: Db,
    pub queue: QueueBackend,
    pub registry: Arc<TaskRegistry>,
}

impl TaskService {
    pub fn new(db: Db, queue: QueueBackend, registry: Arc<TaskRegistry>) -> Self {
        Self {
            db,
            queue,
            registry,
        }
    }

    /// Inserts a pending task (queue and attempt limit from the kind's spec) and enqueues it.
    /// The caller must have checked that the project belongs to the requesting user.
    pub async fn submit(&self, request: TaskRequest) -> Result<Task, SubmitError> {
        let new = self.new_task(request)?;
        let task = tasks::insert(&self.db, &new).await?;
        self.enqueue(task).await
    }

    /// Finishes the creation of an object: inserts the pending task that builds row
    /// `request.object_id` of `table` (written in `tx` by the caller), records it on that row,
    /// commits everything as one transaction, then enqueues the task. Nothing is written
    /// unless all of it is: a new resource is one call, with no compensating delete.
    pub async fn commit_with_task(
        &self,
        mut tx: Tx,
        table: &'static str,
        request: TaskRequest,
    ) -> Result<Task, SubmitError> {
        let object = request
            .object_id
            .expect("a build task names the object it builds");
        let new = self.new_task(request)?;
        let task = tasks::insert_in(&mut tx, &new).await?;
        genui_storage::attach_task(&mut tx, table, object, task.id).await?;
        tx.commit().await?;
        self.enqueue(task).await
    }

    fn new_task(&self, request: TaskRequest) -> Result<NewTask, SubmitError> {
        let spec = self
            .registry
            .get(&request.kind)
            .ok_or_else(|| SubmitError::UnknownKind(request.kind.clone()))?;
        Ok(NewTask {
            project_id: request.project_id,
            kind: request.kind,
            title: request.title,
            queue: spec.queue,
            object_type: request.object_type,
            object_id: request.object_id,
            args: request.args,
            max_attempts: spec.max_attempts,
        })
    }

    async fn enqueue(&self, task: Task) -> Result<Task, SubmitError> {
        if let Err(e) = self.queue.enqueue(&task).await {
            tracing::error!(task = task.id, error = %e, "could not enqueue task");
            let error = TaskError::new("enqueue_failed", e.to_string());
            tasks::fail_pending(&self.db, task.id, &error).await?;
            return Err(SubmitError::Queue(e));
        }
        Ok(task)
    }
}
