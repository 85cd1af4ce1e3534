//! The isolation matrix: every endpoint that takes an id, called by a second user with the
//! first user's ids, must answer 404 and change nothing. **Add every new endpoint here.**

use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, spawn_app, Options};

/// `(method, path, body)`; `{project}`, `{task}` and `{token}` are replaced by the owner's ids.
const MATRIX: &[(&str, &str, Option<&str>)] = &[
    ("GET", "/api/projects/{project}", None),
    (
        "PATCH",
        "/api/projects/{project}",
        Some(r#"{"description": "mine now"}"#),
    ),
    ("DELETE", "/api/projects/{project}", None),
    ("GET", "/api/tasks/{task}", None),
    ("POST", "/api/tasks/{task}/cancel", None),
    ("GET", "/api/tasks?project_id={project}", None),
    (
        "POST",
        "/api/tasks",
        Some(r#"{"project_id": {project}, "kind": "echo", "args": {}}"#),
    ),
    ("GET", "/api/tasks/events?project_id={project}", None),
    ("DELETE", "/api/accounts/tokens/{token}", None),
];

fn fill(template: &str, project: i64, task: i64, token: i64) -> String {
    template
        .replace("{project}", &project.to_string())
        .replace("{task}", &task.to_string())
        .replace("{token}", &token.to_string())
}

#[tokio::test]
async fn another_users_resources_answer_404_on_every_endpoint() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        let project = app.project(&alice, "secret project").await;
        let (_, task) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "sleep", "args": {"ms": 10}}),
            )
            .await;
        let task = task["id"].as_i64().expect("task id");
        let (_, token) = app
            .post("/api/accounts/tokens", &alice.token, json!({"name": "t"}))
            .await;
        let token = token["id"].as_i64().expect("token id");
        app.project(&bob, "bob's").await;

        for (method, path, body) in MATRIX {
            let path = fill(path, project, task, token);
            let body: Option<Value> = body.map(|b| {
                serde_json::from_str(&fill(b, project, task, token)).expect("matrix body is JSON")
            });
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let (status, json) = app
                .call(method.clone(), &path, Some(&bob.token), body)
                .await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{backend:?} {method} {path}: {json}"
            );
            assert_error(status, &json, StatusCode::NOT_FOUND, "not_found");
        }

        // Lists never show another user's objects.
        let (_, projects) = app.get("/api/projects", &bob.token).await;
        assert_eq!(projects["count"], 1);
        let (_, tasks) = app.get("/api/tasks", &bob.token).await;
        assert_eq!(tasks["count"], 0);

        // And nothing of Alice's changed.
        let (s, p) = app
            .get(&format!("/api/projects/{project}"), &alice.token)
            .await;
        assert_eq!((s, p["description"].as_str()), (StatusCode::OK, Some("")));
        let (s, t) = app.get(&format!("/api/tasks/{task}"), &alice.token).await;
        assert_eq!(
            (s, t["cancel_requested"].as_bool()),
            (StatusCode::OK, Some(false))
        );
        let (_, tokens) = app.get("/api/accounts/tokens", &alice.token).await;
        assert_eq!(tokens.as_array().map(Vec::len), Some(1));
        let (_, tasks) = app
            .get(&format!("/api/tasks?project_id={project}"), &alice.token)
            .await;
        assert_eq!(tasks["count"], 1);
    }
}
