use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, spawn_app, Options};

/// `(method, path, content type, body, expected status, expected error code)`.
type Case = (
    Method,
    &'static str,
    Option<&'static str>,
    String,
    StatusCode,
    &'static str,
);

#[tokio::test]
async fn every_client_mistake_gets_a_4xx_error_envelope() {
    for backend in backends() {
        let app = spawn_app(
            backend,
            Options {
                upload_limit: 4096,
                ..Options::default()
            },
        )
        .await;
        let alice = app.user("alice").await;
        let auth = format!("Token {}", alice.token);
        let send = |method: Method, path: &str, ctype: Option<&str>, body: String| {
            let mut req = app
                .client
                .request(method, app.url(path))
                .header("Authorization", &auth);
            if let Some(c) = ctype {
                req = req.header("Content-Type", c);
            }
            req.body(body).send()
        };
        let mut cases: Vec<Case> = vec![
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                "{\"name\": ".into(),
                StatusCode::BAD_REQUEST,
                "malformed_json",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                "{\"name\":\"a\",\"owner\":1}".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                "{}".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                "{\"name\": 5}".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                "{\"name\": \"  \"}".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("text/plain"),
                "{\"name\": \"x\"}".into(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            ),
            (
                Method::POST,
                "/api/projects",
                Some("application/json"),
                format!("{{\"name\": \"{}\"}}", "x".repeat(5000)),
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
            ),
            (
                Method::GET,
                "/api/projects/abc",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_path",
            ),
            (
                Method::GET,
                "/api/projects/99999999999999999999",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_path",
            ),
            (
                Method::GET,
                "/api/projects/-5",
                None,
                String::new(),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                Method::GET,
                "/api/tasks/abc",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_path",
            ),
            (
                Method::GET,
                "/api/projects?page=0",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::GET,
                "/api/projects?page_size=5000",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::GET,
                "/api/projects?page=x",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::GET,
                "/api/tasks?status=done",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::GET,
                "/api/tasks?project_id=x",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::GET,
                "/api/tasks/events",
                None,
                String::new(),
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                Method::POST,
                "/api/tasks",
                Some("application/json"),
                "{\"project_id\": 1}".into(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                Method::GET,
                "/api/nothing-here",
                None,
                String::new(),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                Method::PUT,
                "/api/accounts/me",
                None,
                String::new(),
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
            ),
        ];
        let uploads = [
            "/api/compound-sets/csv",
            "/api/compound-sets/sdf",
            "/api/compound-sets/preview",
            "/api/qsar/models/import",
            "/api/generators/networks/import",
        ];
        for path in uploads {
            let not_multipart = (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
            let no_boundary = (StatusCode::BAD_REQUEST, "malformed_multipart");
            for (ctype, (status, code)) in [
                (Some("multipart/form-data"), no_boundary),
                (Some("application/json"), not_multipart),
                (None, not_multipart),
            ] {
                cases.push((Method::POST, path, ctype, String::new(), status, code));
            }
        }
        for (method, path, ctype, body, expected, code) in cases {
            let label = format!(
                "{backend:?} {method} {path} {}",
                &body.chars().take(40).collect::<String>()
            );
            let resp = send(method, path, ctype, body).await.expect("send");
            let status = resp.status();
            let json: Value = resp
                .json()
                .await
                .unwrap_or_else(|e| panic!("{label}: not JSON: {e}"));
            assert_eq!(status, expected, "{label}: {json}");
            assert_eq!(json["error"]["code"], code, "{label}: {json}");
        }
        // Malformed credentials.
        let resp = app
            .client
            .get(app.url("/api/accounts/me"))
            .header("Authorization", "Basic abc")
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(resp.headers()["www-authenticate"], "Token");
    }
}

#[tokio::test]
async fn lists_paginate_with_links() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        let alice = app.user("alice").await;
        for i in 0..5 {
            app.project(&alice, &format!("p{i}")).await;
        }
        let (s, page) = app
            .get("/api/projects?page_size=2&page=2", &alice.token)
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(page["count"], 5);
        assert_eq!(page["results"].as_array().map(Vec::len), Some(2));
        assert_eq!(page["next"], "/api/projects?page_size=2&page=3");
        assert_eq!(page["previous"], "/api/projects?page_size=2&page=1");
        let (_, last) = app
            .get("/api/projects?page_size=2&page=3", &alice.token)
            .await;
        assert_eq!(
            (
                last["next"].clone(),
                last["results"].as_array().map(Vec::len)
            ),
            (Value::Null, Some(1))
        );
        let (_, beyond) = app
            .get("/api/projects?page_size=2&page=9", &alice.token)
            .await;
        assert_eq!(beyond["results"], json!([]));
    }
}

#[tokio::test]
async fn health_readiness_openapi_docs_and_request_ids() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        let resp = app
            .client
            .get(app.url("/api/health"))
            .send()
            .await
            .expect("health");
        assert_eq!(resp.status(), StatusCode::OK);
        let id = resp
            .headers()
            .get("x-request-id")
            .expect("request id")
            .to_str()
            .expect("ascii");
        assert_eq!(id.len(), 36, "a UUID: {id}");
        let resp = app
            .client
            .get(app.url("/api/health"))
            .header("x-request-id", "abc-123")
            .send()
            .await
            .expect("health");
        assert_eq!(
            resp.headers()["x-request-id"],
            "abc-123",
            "a given id is kept"
        );
        let (s, ready) = app.call(Method::GET, "/api/ready", None, None).await;
        assert_eq!(
            (s, ready["status"].as_str()),
            (StatusCode::OK, Some("ready"))
        );

        let (s, spec) = app.call(Method::GET, "/api/openapi.json", None, None).await;
        assert_eq!(s, StatusCode::OK);
        assert!(spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.")));
        for path in [
            "/api/accounts/login",
            "/api/projects/{id}",
            "/api/tasks/{id}/cancel",
            "/api/tasks/events",
            "/api/ready",
        ] {
            assert!(
                spec["paths"].get(path).is_some(),
                "{path} missing from the spec"
            );
        }
        assert!(spec["components"]["securitySchemes"].get("token").is_some());
        let docs = app
            .client
            .get(app.url("/api/docs/"))
            .send()
            .await
            .expect("docs");
        assert_eq!(docs.status(), StatusCode::OK);
        assert!(docs.text().await.expect("html").contains("swagger"));
        let (s, _) = assert_ok_unauth(&app).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
}

async fn assert_ok_unauth(app: &crate::helpers::TestApp) -> (StatusCode, Value) {
    let (s, b) = app.call(Method::GET, "/api/projects", None, None).await;
    assert_error(s, &b, StatusCode::UNAUTHORIZED, "not_authenticated");
    (s, b)
}
