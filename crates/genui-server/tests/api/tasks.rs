use std::time::Duration;

use futures::StreamExt;
use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, spawn_app, Options};

fn with_worker() -> Options {
    Options {
        worker: true,
        ..Options::default()
    }
}

#[tokio::test]
async fn submitted_tasks_run_report_progress_fail_and_filter() {
    for backend in backends() {
        let app = spawn_app(backend, with_worker()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;

        let (s, t) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "echo", "args": {"x": [1, 2]}}),
            )
            .await;
        assert_eq!(s, StatusCode::ACCEPTED, "{t}");
        assert_eq!(
            (t["status"].as_str(), t["queue"].as_str()),
            (Some("pending"), Some("celery"))
        );
        let done = app
            .wait_task(&alice, t["id"].as_i64().expect("id"), 20)
            .await;
        assert_eq!(done["status"], "success", "{done}");
        assert_eq!(done["result"], json!({"x": [1, 2]}));
        assert_eq!(
            (done["attempts"].as_i64(), done["worker_name"].as_str()),
            (Some(1), Some("test-worker"))
        );
        assert!(done["finished_at"].is_string());

        let (_, t) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "sleep", "args": {"ms": 200, "fail": true}}),
            )
            .await;
        let failed = app
            .wait_task(&alice, t["id"].as_i64().expect("id"), 20)
            .await;
        assert_eq!(failed["status"], "failure", "{failed}");
        assert_eq!(failed["errors"][0]["code"], "requested_failure");
        assert_eq!(failed["errors"][0]["item"], "fail");
        assert_eq!(failed["progress"]["percent"], 100.0);

        let (_, t) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "sleep", "args": {"bogus": 1}}),
            )
            .await;
        let bad = app
            .wait_task(&alice, t["id"].as_i64().expect("id"), 20)
            .await;
        assert_eq!(bad["errors"][0]["code"], "invalid_arguments", "{bad}");

        let (s, b) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "build_everything"}),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

        let (_, ok) = app
            .get(
                &format!("/api/tasks?project_id={project}&status=success"),
                &alice.token,
            )
            .await;
        assert_eq!(ok["count"], 1, "{ok}");
        let (_, all) = app.get("/api/tasks?page_size=2", &alice.token).await;
        assert_eq!(
            (all["count"].as_i64(), all["next"].is_string()),
            (Some(3), true)
        );
    }
}

#[tokio::test]
async fn cancellation_reaches_pending_and_running_tasks() {
    for backend in backends() {
        // No worker: a pending task is cancelled at once.
        let idle = spawn_app(backend, Options::default()).await;
        let bob = idle.user("bob").await;
        let project = idle.project(&bob, "p").await;
        let (_, t) = idle
            .post(
                "/api/tasks",
                &bob.token,
                json!({"project_id": project, "kind": "sleep", "args": {"ms": 100}}),
            )
            .await;
        let id = t["id"].as_i64().expect("id");
        let (s, c) = idle
            .post(&format!("/api/tasks/{id}/cancel"), &bob.token, json!({}))
            .await;
        assert_eq!(
            (s, c["status"].as_str()),
            (StatusCode::ACCEPTED, Some("cancelled")),
            "{c}"
        );
        drop(idle);

        // With a worker: a running handler observes the cancellation.
        let app = spawn_app(backend, with_worker()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let (_, t) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "sleep", "args": {"ms": 20000}}),
            )
            .await;
        let id = t["id"].as_i64().expect("id");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let (_, cur) = app.get(&format!("/api/tasks/{id}"), &alice.token).await;
            if cur["status"] == "started" && cur["progress"]["current"].as_i64() >= Some(1) {
                assert_eq!(cur["progress"]["total"], 10);
                assert_eq!(cur["progress"]["description"], "sleeping");
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "never started: {cur}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let asked = tokio::time::Instant::now();
        let (s, c) = app
            .call(
                Method::POST,
                &format!("/api/tasks/{id}/cancel"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(
            (s, c["cancel_requested"].as_bool()),
            (StatusCode::ACCEPTED, Some(true)),
            "{c}"
        );
        let end = app.wait_task(&alice, id, 10).await;
        assert_eq!(end["status"], "cancelled", "{end}");
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "took {:?}",
            asked.elapsed()
        );
        let (s, again) = app
            .post(&format!("/api/tasks/{id}/cancel"), &alice.token, json!({}))
            .await;
        assert_eq!(
            (s, again["status"].as_str()),
            (StatusCode::ACCEPTED, Some("cancelled"))
        );
    }
}

#[tokio::test]
async fn the_event_stream_reports_task_changes_of_one_project() {
    for backend in backends() {
        let app = spawn_app(backend, with_worker()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let other = app.project(&alice, "other").await;
        let resp = app
            .client
            .get(app.url(&format!("/api/tasks/events?project_id={project}")))
            .header("Authorization", format!("Token {}", alice.token))
            .send()
            .await
            .expect("sse");
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/event-stream"));
        let mut stream = resp.bytes_stream();
        // Give the poller a moment to see the subscriber, then create work in both projects.
        tokio::time::sleep(Duration::from_millis(600)).await;
        app.post(
            "/api/tasks",
            &alice.token,
            json!({"project_id": other, "kind": "echo", "args": 1}),
        )
        .await;
        let (_, t) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "echo", "args": 2}),
            )
            .await;
        let id = t["id"].as_i64().expect("id");
        let mut seen = String::new();
        let found = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(chunk) = stream.next().await {
                seen.push_str(&String::from_utf8_lossy(&chunk.expect("chunk")));
                if seen.contains("\"status\":\"success\"") {
                    return true;
                }
            }
            false
        })
        .await;
        assert_eq!(found, Ok(true), "events so far: {seen}");
        assert!(seen.contains("event: task"), "{seen}");
        assert!(seen.contains(&format!("\"id\":{id}")), "{seen}");
        assert!(
            !seen.contains(&format!("\"project_id\":{other}")),
            "other project leaked: {seen}"
        );
    }
}
