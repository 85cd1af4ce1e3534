use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, spawn_app, Options};

#[tokio::test]
async fn projects_can_be_created_read_updated_and_deleted() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        let alice = app.user("alice").await;
        let (s, p) = app
            .post(
                "/api/projects",
                &alice.token,
                json!({"name": " Kinases ", "description": "ATP site"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
        assert_eq!(
            (p["name"].as_str(), p["owner_id"].as_i64()),
            (Some("Kinases"), Some(alice.id))
        );
        let id = p["id"].as_i64().expect("id");
        let (s, b) = app
            .post("/api/projects", &alice.token, json!({"name": "Kinases"}))
            .await;
        assert_error(s, &b, StatusCode::CONFLICT, "conflict");

        let (s, got) = app.get(&format!("/api/projects/{id}"), &alice.token).await;
        assert_eq!(
            (s, got["description"].as_str()),
            (StatusCode::OK, Some("ATP site"))
        );
        let (s, upd) = app
            .call(
                Method::PATCH,
                &format!("/api/projects/{id}"),
                Some(&alice.token),
                Some(json!({"description": "allosteric"})),
            )
            .await;
        assert_eq!(
            (s, upd["name"].as_str(), upd["description"].as_str()),
            (StatusCode::OK, Some("Kinases"), Some("allosteric"))
        );
        let (s, b) = app
            .call(
                Method::PATCH,
                &format!("/api/projects/{id}"),
                Some(&alice.token),
                Some(json!({"name": ""})),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let (_, list) = app.get("/api/projects", &alice.token).await;
        assert_eq!(list["count"], 1);
        let (s, _) = app
            .call(
                Method::DELETE,
                &format!("/api/projects/{id}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, b) = app.get(&format!("/api/projects/{id}"), &alice.token).await;
        assert_error(s, &b, StatusCode::NOT_FOUND, "not_found");
    }
}
