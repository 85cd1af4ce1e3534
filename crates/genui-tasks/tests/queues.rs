//! Queue and worker behaviour against real databases (and the real Redis when it answers).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use genui_storage::tasks;
use genui_storage::users::{self, NewUser};
use genui_storage::{projects, Db};
use genui_tasks::{
    CancellationToken, EmbeddedQueue, Isolation, KindSpec, Queue, QueueBackend, RedisQueue,
    RedisSettings, Task, TaskError, TaskFailure, TaskRegistry, TaskRequest, TaskService,
    TaskStatus, Worker, WorkerConfig,
};
use genui_test_support::{backends, redis_available, redis_host, redis_port, unique_name, TestDb};
use serde_json::{json, Value};

/// A user and a project of theirs: `(owner_id, project_id)`.
async fn project(db: &Db) -> (i64, i64) {
    let u = users::create(
        db,
        &NewUser {
            username: &unique_name("u"),
            email: "",
            password_hash: "x",
            is_admin: false,
        },
    )
    .await
    .expect("user");
    (
        u.id,
        projects::create(db, u.id, "p", "")
            .await
            .expect("project")
            .id,
    )
}

fn registry(runs: Arc<AtomicUsize>) -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::new();
    genui_tasks::register_test_kinds(&mut r);
    let counter = runs.clone();
    r.register(
        "count",
        KindSpec::new(Queue::Celery, move |ctx| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                ctx.progress(1, Some(1), "counted").await?;
                Ok(json!({"task": ctx.task().id}))
            }
        }),
    );
    // Writes its output (a project row, standing in for built objects) and the task's success
    // in one transaction.
    r.register(
        "commit",
        KindSpec::new(Queue::Celery, |ctx| async move {
            let storage = |e: genui_storage::StorageError| {
                TaskFailure::from(TaskError::new("storage", e.to_string()))
            };
            let mut tx = ctx.db().begin().await.map_err(storage)?;
            let task = ctx.task();
            let name = format!("made by task {}", task.id);
            genui_storage::dispatch_tx!(&mut tx, |conn| {
                sqlx::query(
                    "INSERT INTO projects (owner_id, name, description, created_at, updated_at) \
                     SELECT owner_id, $1, '', $2, $2 FROM projects WHERE id = $3",
                )
                .bind(&name)
                .bind(genui_storage::now())
                .bind(task.project_id)
                .execute(conn)
                .await
                .map_err(|e| storage(e.into()))?;
            });
            ctx.commit_success(tx, json!({ "made": name })).await
        }),
    );
    r.register(
        "slow",
        KindSpec::new(Queue::Celery, |ctx| async move {
            // Ignores cancellation on purpose: the time limit must still end it.
            let _ = ctx;
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(Value::Null)
        })
        .time_limit(Duration::from_millis(300)),
    );
    // Like a parser that a bad file crashes: one attempt only.
    r.register(
        "fragile",
        KindSpec::new(Queue::Celery, |_| async move { Ok(json!("survived")) }).max_attempts(1),
    );
    r.register(
        "panic",
        KindSpec::new(Queue::Gpu, |ctx| async move {
            assert!(ctx.task().id < 0, "boom: handlers may crash");
            Err(TaskFailure::from(TaskError::new("never", "never")))
        }),
    );
    Arc::new(r)
}

fn worker_config(name: &str, lease_ms: u64) -> WorkerConfig {
    WorkerConfig {
        name: name.into(),
        queues: Queue::ALL.to_vec(),
        concurrency: 3,
        lease: Duration::from_millis(lease_ms),
        isolation: Isolation::InProcess,
    }
}

async fn wait_end(db: &Db, id: i64, secs: u64) -> Task {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let t = tasks::get(db, id).await.expect("get").expect("row");
        if t.status.is_terminal() {
            return t;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "task {id} did not end: {t:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn submit(service: &TaskService, project: i64, kind: &str, args: Value) -> Task {
    service
        .submit(TaskRequest {
            project_id: project,
            kind: kind.into(),
            title: format!("a {kind} task"),
            object_type: None,
            object_id: None,
            args,
        })
        .await
        .expect("submit")
}

/// A Redis queue on `host:port` with keys of its own.
async fn redis_queue(db: &Db, host: String, port: u16) -> RedisQueue {
    let settings = RedisSettings {
        host,
        port,
        password: None,
        prefix: unique_name("genui_test"),
    };
    RedisQueue::connect(db.clone(), &settings)
        .await
        .expect("redis")
}

/// Runs the shared worker scenario on `queue`.
async fn scenario(db: &Db, queue: QueueBackend, label: &str) {
    let (owner, p) = project(db).await;
    let runs = Arc::new(AtomicUsize::new(0));
    let reg = registry(runs.clone());
    let service = TaskService::new(db.clone(), queue.clone(), reg.clone());
    assert!(matches!(
        service
            .submit(TaskRequest {
                project_id: p,
                kind: "nope".into(),
                title: "a nope task".into(),
                object_type: None,
                object_id: None,
                args: Value::Null
            })
            .await,
        Err(genui_tasks::SubmitError::UnknownKind(_))
    ));

    // A "dead worker" takes a task and never heart-beats; its lease (300 ms) runs out.
    let orphan = submit(&service, p, "count", Value::Null).await;
    let taken = queue
        .next(&[Queue::Celery], "dead-worker", Duration::from_millis(300))
        .await
        .expect("next");
    let taken = taken.expect("the dead worker got the task");
    assert_eq!(
        (taken.task.id, taken.task.attempts),
        (orphan.id, 1),
        "{label}"
    );

    let ids: Vec<i64> = {
        let mut v = Vec::new();
        for _ in 0..5 {
            v.push(submit(&service, p, "count", Value::Null).await.id);
        }
        v
    };
    let slow = submit(&service, p, "slow", Value::Null).await;
    let commit = submit(&service, p, "commit", Value::Null).await;
    let crash = submit(&service, p, "panic", Value::Null).await;
    let stop = CancellationToken::new();
    // The live worker's own lease is long: on a loaded machine a 300 ms lease can lapse
    // between heartbeats, and a task run twice would break the exactly-once count below
    // (delivery is at least once; only the outcome is fenced).
    let worker = tokio::spawn(
        Worker::new(
            db.clone(),
            queue.clone(),
            reg,
            worker_config("w-live", 3000),
        )
        .run(stop.clone()),
    );

    for id in &ids {
        let t = wait_end(db, *id, 20).await;
        assert_eq!(t.status, TaskStatus::Success, "{label}: {t:?}");
        assert_eq!(t.result, Some(json!({"task": id})));
        assert_eq!(t.progress.percent, Some(100.0));
    }
    let o = wait_end(db, orphan.id, 20).await;
    assert_eq!(
        (o.status, o.attempts, o.worker_name.as_deref()),
        (TaskStatus::Success, 2, Some("w-live")),
        "{label}"
    );
    let s = wait_end(db, slow.id, 20).await;
    assert_eq!(
        (s.status, s.errors[0].code.as_str()),
        (TaskStatus::Failure, "time_limit_exceeded"),
        "{label}"
    );
    let m = wait_end(db, commit.id, 20).await;
    let made = format!("made by task {}", commit.id);
    assert_eq!(
        (m.status, m.attempts, m.result.clone()),
        (TaskStatus::Success, 1, Some(json!({"made": made}))),
        "{label}"
    );
    let owner = projects::list_owned(
        db,
        owner,
        genui_storage::PageRequest {
            limit: 100,
            offset: 0,
        },
    )
    .await
    .expect("list");
    assert_eq!(
        owner.items.iter().filter(|p| p.name == made).count(),
        1,
        "{label}"
    );
    let c = wait_end(db, crash.id, 20).await;
    assert_eq!(
        (c.status, c.errors[0].code.as_str()),
        (TaskStatus::Failure, "handler_panicked"),
        "{label}"
    );
    assert_eq!(
        runs.load(Ordering::SeqCst),
        6,
        "{label}: each counted task ran once"
    );

    // The dead worker wakes up and tries to finish: fenced out.
    let late = tasks::finish(
        db,
        orphan.id,
        1,
        &tasks::Finish {
            status: TaskStatus::Failure,
            result: None,
            errors: vec![],
        },
    )
    .await
    .expect("finish");
    assert!(late.is_none(), "{label}");
    stop.cancel();
    worker.await.expect("worker stops");
}

#[tokio::test]
async fn the_embedded_queue_delivers_reclaims_limits_and_isolates_panics() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let queue =
            QueueBackend::Embedded(EmbeddedQueue::new(t.db.clone(), Duration::from_millis(50)));
        scenario(&t.db, queue, &format!("embedded/{backend:?}")).await;
    }
}

#[tokio::test]
async fn the_redis_queue_delivers_reclaims_limits_and_isolates_panics() {
    if !redis_available() {
        return;
    }
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let redis = redis_queue(&t.db, redis_host(), redis_port()).await;
        let queue = QueueBackend::Redis(redis.clone());
        queue.ping().await.expect("ping");
        scenario(&t.db, queue, &format!("redis/{backend:?}")).await;
        // A task whose stream entry was lost (inserted without XADD) is still run.
        let (_, p) = project(&t.db).await;
        let lost = tasks::insert(
            &t.db,
            &genui_storage::tasks::NewTask {
                project_id: p,
                kind: "echo".into(),
                title: "an echo task".into(),
                queue: Queue::Celery,
                object_type: None,
                object_id: None,
                args: json!("lost"),
                max_attempts: 3,
            },
        )
        .await
        .expect("insert");
        let stop = CancellationToken::new();
        let reg = registry(Arc::new(AtomicUsize::new(0)));
        let config = worker_config("w-sweeper", 300);
        let worker = tokio::spawn(
            Worker::new(
                t.db.clone(),
                QueueBackend::Redis(redis.clone().with_orphan_after(Duration::from_millis(300))),
                reg,
                config,
            )
            .run(stop.clone()),
        );
        let lost = wait_end(&t.db, lost.id, 20).await;
        assert_eq!(
            (lost.status, lost.result),
            (TaskStatus::Success, Some(json!("lost")))
        );
        stop.cancel();
        worker.await.expect("worker stops");
        assert_eq!(
            redis.pending_count().await.expect("pending"),
            0,
            "every delivery acknowledged"
        );
        let mut conn = redis::Client::open(format!("redis://{}:{}/", redis_host(), redis_port()))
            .expect("client")
            .get_multiplexed_async_connection()
            .await
            .expect("conn");
        for q in Queue::ALL {
            let len: i64 = redis::cmd("XLEN")
                .arg(redis.stream(q))
                .query_async(&mut conn)
                .await
                .expect("xlen");
            assert_eq!(len, 0, "acknowledged entries are deleted");
            let _: i64 = redis::cmd("DEL")
                .arg(redis.stream(q))
                .query_async(&mut conn)
                .await
                .expect("del");
        }
    }
}

#[tokio::test]
async fn a_cancelled_task_stops_its_running_handler() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let db = &t.db;
        let (owner, p) = project(db).await;
        let queue =
            QueueBackend::Embedded(EmbeddedQueue::new(db.clone(), Duration::from_millis(50)));
        let reg = registry(Arc::new(AtomicUsize::new(0)));
        let service = TaskService::new(db.clone(), queue.clone(), reg.clone());
        let task = submit(&service, p, "sleep", json!({"ms": 30000})).await;
        let stop = CancellationToken::new();
        let worker = tokio::spawn(
            Worker::new(db.clone(), queue, reg, worker_config("w", 600)).run(stop.clone()),
        );
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while tasks::get(db, task.id)
            .await
            .expect("get")
            .expect("row")
            .status
            != TaskStatus::Started
        {
            assert!(tokio::time::Instant::now() < deadline);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tasks::request_cancel_owned(db, owner, task.id)
            .await
            .expect("cancel")
            .expect("own");
        let end = wait_end(db, task.id, 5).await;
        assert_eq!(
            (end.status, end.errors[0].code.as_str()),
            (TaskStatus::Cancelled, "cancelled")
        );
        stop.cancel();
        worker.await.expect("worker stops");
    }
}

/// Inserts a QSAR model row (an object that a task builds) in `tx`, as a feature's store does.
async fn model_row(tx: &mut genui_storage::Tx, project: i64) -> i64 {
    genui_storage::dispatch_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO qsar_models (project_id, name, description, spec, created_at, updated_at) \
             VALUES ($1, 'm', '', $2, $3, $3) RETURNING id",
        )
        .bind(project)
        .bind(sqlx::types::Json(json!({})))
        .bind(genui_storage::now())
        .fetch_one(conn)
        .await
        .expect("model row")
    })
}

async fn model_task(db: &Db, id: i64) -> Option<Option<i64>> {
    genui_storage::dispatch!(db, |pool| {
        sqlx::query_scalar("SELECT task_id FROM qsar_models WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
            .expect("select")
    })
}

#[tokio::test]
async fn a_new_object_and_its_build_task_are_written_together_or_not_at_all() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let queue =
            QueueBackend::Embedded(EmbeddedQueue::new(t.db.clone(), Duration::from_millis(50)));
        let service = TaskService::new(t.db.clone(), queue, registry(Arc::default()));
        let (owner, p) = project(&t.db).await;
        let request = |kind: &str, object: i64| TaskRequest {
            project_id: p,
            kind: kind.into(),
            title: format!("a {kind} task"),
            object_type: Some("qsar_model".into()),
            object_id: Some(object),
            args: json!({}),
        };

        // A task the service cannot take leaves neither the object nor a task behind.
        let mut tx = t.db.begin().await.expect("tx");
        let refused = model_row(&mut tx, p).await;
        let error = service
            .commit_with_task(tx, "qsar_models", request("no_such_kind", refused))
            .await
            .expect_err("unknown kind");
        assert!(
            matches!(error, genui_tasks::SubmitError::UnknownKind(_)),
            "{error}"
        );
        assert_eq!(
            model_task(&t.db, refused).await,
            None,
            "{backend:?}: row rolled back"
        );
        let filter = genui_storage::tasks::TaskFilter::default();
        let all = genui_storage::PageRequest {
            limit: 100,
            offset: 0,
        };
        let none = tasks::list_owned(&t.db, owner, &filter, all)
            .await
            .expect("tasks");
        assert_eq!(none.count, 0, "{backend:?}: no task written");

        // Otherwise the object exists with its pending task recorded on it.
        let mut tx = t.db.begin().await.expect("tx");
        let built = model_row(&mut tx, p).await;
        let task = service
            .commit_with_task(tx, "qsar_models", request("echo", built))
            .await
            .expect("queued");
        assert_eq!(model_task(&t.db, built).await, Some(Some(task.id)));
        assert_eq!(task.status, TaskStatus::Pending);
        assert_eq!(task.object_id, Some(built));
    }
}

/// A Redis server of the test's own (no persistence), on a fixed port across restarts.
struct PrivateRedis {
    port: u16,
    process: std::process::Child,
}

impl PrivateRedis {
    /// `None` when no `redis-server` binary is installed.
    fn start(port: Option<u16>) -> Option<Self> {
        let port = port.unwrap_or_else(|| {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            listener.local_addr().expect("addr").port()
        });
        let process = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Self { port, process })
    }

    /// Kills the server (its data is gone) and starts a new one on the same port.
    fn restart(mut self) -> Self {
        self.process.kill().expect("kill redis-server");
        self.process.wait().expect("reap redis-server");
        Self::start(Some(self.port)).expect("restart redis-server")
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[tokio::test]
async fn a_redis_restart_that_loses_every_entry_is_survived_without_restarting_anything() {
    let Some(redis_server) = PrivateRedis::start(None) else {
        eprintln!("skipped: no redis-server binary");
        return;
    };
    let t = TestDb::new(genui_test_support::Backend::Sqlite).await;
    let redis = redis_queue(&t.db, "127.0.0.1".into(), redis_server.port).await;
    let queue = QueueBackend::Redis(redis.clone());
    let runs = Arc::new(AtomicUsize::new(0));
    let reg = registry(runs.clone());
    let service = TaskService::new(t.db.clone(), queue.clone(), reg.clone());
    let stop = CancellationToken::new();
    let worker = tokio::spawn(
        Worker::new(
            t.db.clone(),
            queue.clone(),
            reg,
            WorkerConfig {
                concurrency: 1,
                ..worker_config("w-restart", 2_000)
            },
        )
        .run(stop.clone()),
    );
    let (_, p) = project(&t.db).await;
    // One task running, three waiting in the stream, when Redis goes.
    let running = submit(&service, p, "sleep", json!({"ms": 1500})).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tasks::get(&t.db, running.id)
        .await
        .expect("get")
        .expect("row")
        .status
        != TaskStatus::Started
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the first task never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut waiting = Vec::new();
    for _ in 0..3 {
        waiting.push(submit(&service, p, "count", json!({})).await);
    }
    let redis_server = redis_server.restart();

    // The same processes go on: the running task ends once, the lost entries' tasks run
    // (claimed from the database), and new tasks are queued and run.
    let after = submit(&service, p, "count", json!({})).await;
    for task in [&running].into_iter().chain(&waiting).chain([&after]) {
        let ended = wait_end(&t.db, task.id, 30).await;
        assert_eq!(ended.status, TaskStatus::Success, "{ended:?}");
        assert_eq!(ended.attempts, 1, "run once: {ended:?}");
    }
    assert_eq!(
        runs.load(Ordering::SeqCst),
        4,
        "each counting task ran exactly once"
    );
    queue.ping().await.expect("the queue answers again");
    stop.cancel();
    worker.await.expect("worker stops");
    drop(redis_server);
}

#[tokio::test]
async fn a_stopping_worker_hands_its_tasks_back_and_a_crash_is_not_retried_blindly() {
    let t = TestDb::new(genui_test_support::Backend::Sqlite).await;
    let queue = QueueBackend::Embedded(EmbeddedQueue::new(t.db.clone(), Duration::from_millis(50)));
    let runs = Arc::new(AtomicUsize::new(0));
    let reg = registry(runs);
    let service = TaskService::new(t.db.clone(), queue.clone(), reg.clone());
    let (_, p) = project(&t.db).await;

    // A worker asked to stop mid-task stops within its grace and hands the task back.
    let long = submit(&service, p, "sleep", json!({"ms": 60_000})).await;
    let stop = CancellationToken::new();
    let first = tokio::spawn(
        Worker::new(
            t.db.clone(),
            queue.clone(),
            reg.clone(),
            worker_config("w-stopping", 2_000),
        )
        .run(stop.clone()),
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tasks::get(&t.db, long.id)
        .await
        .expect("get")
        .expect("row")
        .status
        != TaskStatus::Started
    {
        assert!(tokio::time::Instant::now() < deadline, "never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stopping = std::time::Instant::now();
    stop.cancel();
    first.await.expect("the worker stops");
    assert!(
        stopping.elapsed() < Duration::from_secs(3),
        "stopped in {:?}",
        stopping.elapsed()
    );
    let back = tasks::get(&t.db, long.id).await.expect("get").expect("row");
    assert_eq!(
        (back.status, back.attempts),
        (TaskStatus::Pending, 0),
        "{back:?}"
    );

    // A worker that dies mid-task (takes it, never heart-beats) uses up a one-attempt task:
    // the next worker fails it with the reason instead of running it again.
    let fragile = submit(&service, p, "fragile", json!({})).await;
    let started = tasks::start(
        &t.db,
        fragile.id,
        "dying-worker",
        chrono::Duration::milliseconds(200),
    )
    .await
    .expect("start");
    assert!(matches!(started, tasks::StartOutcome::Started(_)));
    let stop = CancellationToken::new();
    let second = tokio::spawn(
        Worker::new(
            t.db.clone(),
            queue.clone(),
            reg,
            worker_config("w-next", 2_000),
        )
        .run(stop.clone()),
    );
    let fragile = wait_end(&t.db, fragile.id, 20).await;
    assert_eq!(fragile.status, TaskStatus::Failure, "{fragile:?}");
    assert_eq!(fragile.errors[0].code, "worker_lost", "{fragile:?}");
    assert!(
        fragile.errors[0].message.contains("not started again"),
        "{fragile:?}"
    );
    stop.cancel();
    second.await.expect("stops");
}
