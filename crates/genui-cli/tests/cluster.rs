//! The acceptance test of the cluster topology: PostgreSQL + Redis, one
//! `genui serve --no-worker` and two `genui worker` processes; 20 tasks; one worker is
//! SIGKILLed mid-task; all 20 tasks end in success exactly once.
//!
//! Needs PostgreSQL (127.0.0.1:5432, see `genui-test-support`) and Redis (127.0.0.1:6379);
//! skipped with a note when either is missing.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{free_port, read_log, spawn, Api};
use genui_storage::DatabaseConfig;
use genui_tasks::{RedisQueue, RedisSettings};
use genui_test_support::{
    postgres_available, redis_available, redis_host, redis_port, unique_name, Backend, TestDb,
};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_tasks_survive_a_killed_worker_and_succeed_exactly_once() {
    if !postgres_available() {
        eprintln!("note: PostgreSQL not reachable; skipping the cluster acceptance test");
        return;
    }
    if !redis_available() {
        return;
    }
    let test_db = TestDb::new(Backend::Postgres).await;
    let DatabaseConfig::Postgres {
        host,
        port,
        database,
        user,
        password,
    } = test_db.config.clone()
    else {
        unreachable!("a PostgreSQL test database")
    };
    let data = tempfile::tempdir().expect("data dir");
    let logs = data.path();
    let prefix = unique_name("genui_accept");
    let http_port = free_port();
    let mut env: BTreeMap<String, String> = [
        ("POSTGRES_HOST", host.as_str()),
        ("POSTGRES_DB", database.as_str()),
        ("POSTGRES_USER", user.as_str()),
        ("REDIS_HOST", &redis_host()),
        ("GENUI_REDIS_PREFIX", &prefix),
        ("GENUI_DATA_MOUNT", &data.path().to_string_lossy()),
        ("GENUI_MODE", "debug"),
        ("GENUI_BACKEND_SECRET", "acceptance-secret-0123456789"),
        ("GENUI_ENABLE_TEST_TASKS", "1"),
        ("GENUI_TASK_LEASE_SECS", "2"),
        ("RUST_LOG", "info"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    env.insert("POSTGRES_PORT".into(), port.to_string());
    env.insert("REDIS_PORT".into(), redis_port().to_string());
    if let Some(pw) = password {
        env.insert("POSTGRES_PASSWORD".into(), pw);
    }

    let bind = format!("127.0.0.1:{http_port}");
    let mut server = spawn(
        "server",
        &["serve", "--no-worker", "--bind", &bind],
        &env,
        logs,
    );
    let mut api = Api::new(http_port);
    api.wait_healthy(&mut server, logs).await;
    let mut w1 = spawn(
        "w1",
        &["worker", "-Q", "celery,gpu", "-c", "2", "-n", "w1"],
        &env,
        logs,
    );
    let _w2 = spawn(
        "w2",
        &["worker", "-Q", "celery", "-c", "2", "-n", "w2"],
        &env,
        logs,
    );

    api.login_new_user("alice").await;
    let (s, project) = api
        .call(
            Method::POST,
            "/api/projects",
            Some(json!({"name": "accept"})),
        )
        .await;
    assert_eq!(s, 201, "{project}");
    let project = project["id"].as_i64().expect("project id");
    let mut ids = Vec::new();
    for _ in 0..20 {
        let body = json!({"project_id": project, "kind": "sleep", "args": {"ms": 1500}});
        let (s, t) = api.call(Method::POST, "/api/tasks", Some(body)).await;
        assert_eq!(s, 202, "{t}");
        ids.push(t["id"].as_i64().expect("task id"));
    }

    // Kill w1 while it is running a task.
    let victim = wait_for(
        &api,
        30,
        |tasks| {
            tasks
                .iter()
                .find(|t| t["status"] == "started" && t["worker_name"] == "w1")
                .and_then(|t| t["id"].as_i64())
        },
        "w1 never started a task",
        logs,
    )
    .await;
    w1.child.kill().expect("SIGKILL w1");
    let _ = w1.child.wait();

    let finished = wait_for(
        &api,
        120,
        |tasks| {
            let ended = tasks
                .iter()
                .filter(|t| {
                    ["success", "failure", "cancelled"]
                        .contains(&t["status"].as_str().unwrap_or(""))
                })
                .count();
            (ended == 20).then(|| tasks.to_vec())
        },
        "not all tasks ended",
        logs,
    )
    .await;

    for t in &finished {
        assert_eq!(t["status"], "success", "{t}");
        assert_eq!(t["result"]["slept_ms"], 1500, "{t}");
        assert_eq!(t["errors"], json!([]), "{t}");
        let id = t["id"].as_i64().expect("id");
        assert!(ids.contains(&id));
    }
    let victim_task = finished
        .iter()
        .find(|t| t["id"].as_i64() == Some(victim))
        .expect("victim");
    assert_eq!(victim_task["worker_name"], "w2", "{victim_task}");
    assert!(victim_task["attempts"].as_i64() >= Some(2), "{victim_task}");
    // Exactly once: each task was finished by the worker named in its result, and the queue
    // holds no unacknowledged delivery.
    for t in &finished {
        assert_eq!(t["result"]["worker"], t["worker_name"], "{t}");
    }
    let settings = RedisSettings {
        host: redis_host(),
        port: redis_port(),
        password: None,
        prefix,
    };
    let redis = RedisQueue::connect(test_db.db.clone(), &settings)
        .await
        .expect("redis");
    let mut pending = redis.pending_count().await.expect("pending");
    for _ in 0..50 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        pending = redis.pending_count().await.expect("pending");
    }
    assert_eq!(pending, 0, "unacknowledged deliveries remain");
    let mut conn = redis::Client::open(format!("redis://{}:{}/", redis_host(), redis_port()))
        .expect("client")
        .get_multiplexed_async_connection()
        .await
        .expect("conn");
    for q in genui_tasks::Queue::ALL {
        let _: i64 = redis::cmd("DEL")
            .arg(redis.stream(q))
            .query_async(&mut conn)
            .await
            .expect("clean up the test streams");
    }
    assert!(
        read_log(logs, "w2").contains("reclaimed"),
        "w2 log: {}",
        read_log(logs, "w2")
    );
}

/// Polls the task list until `check` returns something.
async fn wait_for<T>(
    api: &Api,
    secs: u64,
    check: impl Fn(&[Value]) -> Option<T>,
    what: &str,
    logs: &std::path::Path,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let (s, page) = api
            .call(Method::GET, "/api/tasks?page_size=100", None)
            .await;
        assert_eq!(s, 200, "{page}");
        let tasks = page["results"].as_array().cloned().unwrap_or_default();
        if let Some(found) = check(&tasks) {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: {tasks:?}\n--- server\n{}\n--- w1\n{}\n--- w2\n{}",
            read_log(logs, "server"),
            read_log(logs, "w1"),
            read_log(logs, "w2")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
