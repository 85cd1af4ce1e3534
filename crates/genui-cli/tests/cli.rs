//! The `genui` binary on the embedded default (SQLite + embedded queue), as real processes.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{free_port, spawn, Api, BIN};
use reqwest::Method;
use serde_json::{json, Value};

fn env(data: &std::path::Path, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    env.insert(
        "GENUI_DATA_MOUNT".into(),
        data.to_string_lossy().into_owned(),
    );
    env
}

fn run(args: &[&str], env: &BTreeMap<String, String>, stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .envs(env)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start genui");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_masks_secrets_and_bad_values_stop_start_up() {
    let data = tempfile::tempdir().expect("dir");
    let env1 = env(
        data.path(),
        &[("REDIS_HOST", "r"), ("REDIS_PASSWORD", "very-secret-redis")],
    );
    let (code, out, err) = run(&["config"], &env1, "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("REDIS_PASSWORD=********") && !out.contains("very-secret-redis"),
        "{out}"
    );
    assert!(out.contains("GENUI_CELERY_QUEUES=celery,gpu"), "{out}");

    let (code, _, err) = run(
        &["serve"],
        &env(data.path(), &[("GENUI_CELERY_CONCURRENCY", "many")]),
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("GENUI_CELERY_CONCURRENCY"), "{err}");
    let (code, _, err) = run(&["serve"], &env(data.path(), &[("GENUI_MODE", "prod")]), "");
    assert_eq!(code, 2);
    assert!(err.contains("GENUI_BACKEND_SECRET"), "{err}");
    let (code, _, err) = run(&["worker", "-Q", "cpu"], &env(data.path(), &[]), "");
    assert_eq!(code, 2);
    assert!(err.contains("-Q"), "{err}");
    // Flags override the environment.
    let (code, out, _) = run(
        &["config"],
        &env(data.path(), &[("GENUI_BIND", "127.0.0.1:9999")]),
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("GENUI_BIND=127.0.0.1:9999"), "{out}");
}

#[test]
fn migrate_and_user_administration_work_without_the_web() {
    let data = tempfile::tempdir().expect("dir");
    let env = env(data.path(), &[]);
    let (code, out, err) = run(&["migrate"], &env, "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("migrations applied"), "{out}");
    assert!(data.path().join("genui.sqlite3").exists());
    let (code, out, err) = run(
        &["user", "create", "admin", "--admin", "--email", "a@b.c"],
        &env,
        "long enough pw\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created user admin"), "{out}");
    let (code, _, err) = run(&["user", "create", "weak"], &env, "123\n");
    assert_ne!(code, 0);
    assert!(err.contains("password") || err.contains("valid"), "{err}");
    let (code, _, err) = run(&["user", "passwd", "admin"], &env, "another long pw\n");
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&["user", "list"], &env, "");
    assert_eq!(code, 0);
    assert!(
        out.contains("admin") && out.contains("a@b.c") && out.contains("true"),
        "{out}"
    );
    assert!(!out.contains("weak"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_runs_the_api_and_an_in_process_worker_on_the_embedded_default() {
    let data = tempfile::tempdir().expect("dir");
    let port = free_port();
    let env = env(
        data.path(),
        &[
            ("GENUI_ENABLE_TEST_TASKS", "1"),
            ("RUST_LOG", "info"),
            ("GENUI_TASK_LEASE_SECS", "4"),
        ],
    );
    let bind = format!("127.0.0.1:{port}");
    let mut server = spawn("serve", &["serve", "--bind", &bind], &env, data.path());
    let mut api = Api::new(port);
    api.wait_healthy(&mut server, data.path()).await;
    assert!(
        data.path().join("secret_key").exists(),
        "secret generated in the data dir"
    );

    api.login_new_user("alice").await;
    let (_, project) = api
        .call(Method::POST, "/api/projects", Some(json!({"name": "p"})))
        .await;
    let body = json!({"project_id": project["id"], "kind": "echo", "args": {"hello": "world"}});
    let (s, task) = api.call(Method::POST, "/api/tasks", Some(body)).await;
    assert_eq!(s, 202, "{task}");
    let path = format!("/api/tasks/{}", task["id"]);
    let mut done = false;
    for _ in 0..200 {
        let (_, t) = api.call(Method::GET, &path, None).await;
        if t["status"] == "success" {
            assert_eq!(t["result"], json!({"hello": "world"}));
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        done,
        "the in-process worker did not run the task: {}",
        common::read_log(data.path(), "serve")
    );

    // SIGTERM with a long task running and an event stream open: the server stops within
    // seconds and hands the task back, and the next start runs it again (not counted twice).
    let body = json!({"project_id": project["id"], "kind": "sleep", "args": {"ms": 600_000}});
    let (_, long) = api.call(Method::POST, "/api/tasks", Some(body)).await;
    let long_path = format!("/api/tasks/{}", long["id"]);
    let started = |t: &Value| t["status"] == "started";
    wait_for(&api, &long_path, started).await;
    let events = reqwest::Client::new()
        .get(format!(
            "http://127.0.0.1:{port}/api/tasks/events?project_id={}",
            project["id"]
        ))
        .header(
            "Authorization",
            format!("Token {}", api.token.as_deref().unwrap_or("")),
        )
        .send()
        .await
        .expect("an event stream");
    assert!(events.status().is_success(), "{}", events.status());
    let stopping = std::time::Instant::now();
    let terminated = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(terminated.success());
    let exit = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(20),
            "serve ignored SIGTERM: {}",
            common::read_log(data.path(), "serve")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "{exit:?}");
    let mut server = spawn(
        "serve-again",
        &["serve", "--bind", &bind],
        &env,
        data.path(),
    );
    api.wait_healthy(&mut server, data.path()).await;
    let again = wait_for(&api, &long_path, started).await;
    assert_eq!(
        again["attempts"], 1,
        "the handed-back attempt is not counted: {again}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_past_its_memory_limit_fails_alone() {
    let data = tempfile::tempdir().expect("dir");
    let port = free_port();
    let env = env(
        data.path(),
        &[
            ("GENUI_ENABLE_TEST_TASKS", "1"),
            ("GENUI_TASK_MEMORY_LIMIT", "512M"),
            ("RUST_LOG", "info"),
        ],
    );
    let bind = format!("127.0.0.1:{port}");
    let mut server = spawn("serve", &["serve", "--bind", &bind], &env, data.path());
    let mut api = Api::new(port);
    api.wait_healthy(&mut server, data.path()).await;
    api.login_new_user("alice").await;
    let (_, project) = api
        .call(Method::POST, "/api/projects", Some(json!({"name": "p"})))
        .await;
    let ended = |t: &Value| ["success", "failure"].contains(&t["status"].as_str().unwrap_or(""));
    let mut outcomes = Vec::new();
    for bytes in [4_u64 << 30, 64 << 20] {
        let body =
            json!({"project_id": project["id"], "kind": "allocate", "args": {"bytes": bytes}});
        let (_, task) = api.call(Method::POST, "/api/tasks", Some(body)).await;
        outcomes.push(wait_for(&api, &format!("/api/tasks/{}", task["id"]), ended).await);
    }
    let runaway = &outcomes[0];
    assert_eq!(
        (&runaway["status"], &runaway["errors"][0]["code"]),
        (&json!("failure"), &json!("task_process_died")),
        "{runaway}"
    );
    let message = runaway["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("512 MB (GENUI_TASK_MEMORY_LIMIT)"),
        "{message}"
    );
    assert_eq!(
        outcomes[1]["result"],
        json!({"bytes": 64 << 20}),
        "{}",
        outcomes[1]
    );
    assert!(
        server.child.try_wait().expect("wait").is_none(),
        "the server went down with the task"
    );
}

/// The data directory on a disk that fills up: every write is either kept or answered 507
/// `storage_full` (never a success that was not kept), reads go on, and once space returns
/// everything is there and writes work again. Needs root (it mounts a tmpfs); skipped elsewhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_told_and_nothing_is_reported_saved_that_was_not() {
    let Some(disk) = genui_test_support::SmallDisk::mount(24) else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let logs = tempfile::tempdir().expect("dir");
    let port = free_port();
    let env = env(disk.path(), &[("RUST_LOG", "info")]);
    let bind = format!("127.0.0.1:{port}");
    let mut server = spawn("serve", &["serve", "--bind", &bind], &env, logs.path());
    let mut api = Api::new(port);
    api.wait_healthy(&mut server, logs.path()).await;
    api.login_new_user("alice").await;
    let (_, project) = api
        .call(
            Method::POST,
            "/api/projects",
            Some(json!({"name": "before"})),
        )
        .await;
    let project = project["id"].as_i64().expect("project id");
    let csv = |n: usize| {
        let rows: String = (1..=n).map(|i| format!("{}O\n", "C".repeat(i))).collect();
        format!("smiles\n{rows}").into_bytes()
    };
    let (status, set) = api.upload_csv(project, "kept", csv(30)).await;
    assert_eq!(status, 202, "{set}");
    let ended = |t: &Value| ["success", "failure"].contains(&t["status"].as_str().unwrap_or(""));
    let import = wait_for(&api, &format!("/api/tasks/{}", set["task_id"]), ended).await;
    assert_eq!(import["status"], "success", "{import}");
    let kept_set = format!("/api/compound-sets/{}", set["id"]);

    let filler = disk.fill();
    let (status, listed) = api.call(Method::GET, "/api/projects", None).await;
    assert_eq!(status, 200, "reads go on on a full disk: {listed}");
    let mut reported_saved = Vec::new();
    let mut refused = 0;
    for i in 0..20 {
        // Large descriptions, so that the writes need new pages.
        let body = json!({"name": format!("full {i}"), "description": "x".repeat(200_000)});
        let (status, answer) = api.call(Method::POST, "/api/projects", Some(body)).await;
        match status {
            201 => reported_saved.push(answer["name"].clone()),
            _ => {
                assert_eq!(
                    (status, &answer["error"]["code"]),
                    (507, &json!("storage_full")),
                    "{answer}"
                );
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "the disk never filled up");
    let (status, answer) = api.upload_csv(project, "refused", csv(300)).await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (507, &json!("storage_full")),
        "{answer}"
    );
    let creds = json!({"username": "alice", "password": "correct horse 1"});
    let (status, login) = api
        .call(Method::POST, "/api/accounts/login", Some(creds))
        .await;
    if status == 200 {
        let fresh = Api {
            token: login["token"].as_str().map(str::to_owned),
            ..Api::new(port)
        };
        let (status, body) = fresh.call(Method::GET, "/api/projects", None).await;
        assert_eq!(
            status, 200,
            "a token given out on a full disk works: {body}"
        );
    } else {
        assert_eq!(status, 507, "{login}");
    }

    // Space returns: what was reported saved is there, nothing else; writes work again.
    std::fs::remove_file(filler).expect("free the disk");
    let (_, projects) = api
        .call(Method::GET, "/api/projects?page_size=100", None)
        .await;
    let mut stored: Vec<Value> = projects["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{projects}"))
        .iter()
        .map(|p| p["name"].clone())
        .filter(|name| name.as_str().is_some_and(|n| n.starts_with("full")))
        .collect();
    stored.sort_by_key(|n| n.to_string());
    reported_saved.sort_by_key(|n| n.to_string());
    assert_eq!(stored, reported_saved);
    let (_, sets) = api
        .call(
            Method::GET,
            &format!("/api/compound-sets?project_id={project}"),
            None,
        )
        .await;
    let names: Vec<&Value> = sets["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{sets}"))
        .iter()
        .map(|s| &s["name"])
        .collect();
    assert_eq!(names, [&json!("kept")], "the refused upload left nothing");
    let (_, kept) = api.call(Method::GET, &kept_set, None).await;
    assert_eq!(kept["molecule_count"], 30, "{kept}");
    let (status, set) = api.upload_csv(project, "after", csv(30)).await;
    assert_eq!(status, 202, "{set}");
    let import = wait_for(&api, &format!("/api/tasks/{}", set["task_id"]), ended).await;
    assert_eq!(import["status"], "success", "{import}");
    assert!(
        server.child.try_wait().expect("wait").is_none(),
        "the server stayed up"
    );
}

/// Polls `path` until `done` holds for its body (or panics after 20 s).
async fn wait_for(api: &Api, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        let (_, body) = api.call(Method::GET, path, None).await;
        if done(&body) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{path} never reached the state")
}
