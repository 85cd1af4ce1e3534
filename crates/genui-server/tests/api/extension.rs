//! A feature crate's view of the server: merge a router and its OpenAPI document into the
//! [`App`], and reach project data only through the ownership-checked [`CurrentUser`].

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use genui_server::{ApiPath, ApiResult, App, AppState, CurrentUser};
use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use utoipa::OpenApi;

use crate::helpers::{assert_error, spawn_app_with, Options};

/// A feature endpoint: a summary of one of the caller's projects.
#[utoipa::path(get, path = "/api/summaries/{id}", tag = "example",
    params(("id" = i64, Path, description = "project id")),
    responses((status = 200, description = "the summary"), (status = 404)))]
async fn summary(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Value>> {
    let project = current.project(&state, id).await?;
    Ok(Json(json!({"project": project.name})))
}

#[derive(OpenApi)]
#[openapi(paths(summary))]
struct FeatureDoc;

fn feature(app: App) -> App {
    let router = Router::new().route("/api/summaries/{id}", get(summary));
    app.merge(router, FeatureDoc::openapi())
        .frontend_redirect("/app/".into())
}

#[tokio::test]
async fn feature_routers_and_documents_merge_into_the_app() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default(), feature).await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        let project = app.project(&alice, "mine").await;
        let path = format!("/api/summaries/{project}");
        let (s, b) = app.get(&path, &alice.token).await;
        assert_eq!((s, b["project"].as_str()), (StatusCode::OK, Some("mine")));
        let (s, b) = app.get(&path, &bob.token).await;
        assert_error(s, &b, StatusCode::NOT_FOUND, "not_found");
        let (_, spec) = app.call(Method::GET, "/api/openapi.json", None, None).await;
        assert!(spec["paths"].get("/api/summaries/{id}").is_some());
        assert!(
            spec["paths"].get("/api/projects").is_some(),
            "core paths kept"
        );

        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let root = no_redirects.get(app.url("/")).send().await.expect("root");
        assert_eq!(root.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(root.headers()["location"], "/app/");
    }
}

#[tokio::test]
async fn the_web_app_is_served_under_its_mount_and_never_shadows_the_api() {
    let backend = backends().into_iter().next().expect("a backend");
    let app = spawn_app_with(backend, Options::default(), |app| app.frontend("/app/")).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let root = client.get(app.url("/")).send().await.expect("root");
    assert_eq!(root.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(root.headers()["location"], "/app/");

    // A route of the app (a deep link) gets the app's page, with the mount as its base;
    // without a UI build (plain `cargo test`) it gets the page saying how to build it.
    let page = client
        .get(app.url("/app/projects/7/maps/3"))
        .send()
        .await
        .expect("page");
    let status = page.status();
    let csp = page.headers().get("content-security-policy").cloned();
    let html = page.text().await.expect("html");
    if status == StatusCode::OK {
        assert!(html.contains("<base href=\"/app/\" />"), "{html}");
        assert!(csp.is_some(), "the page carries a content security policy");
    } else {
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(html.contains("scripts/build-ui.sh"));
    }

    let (s, b) = app
        .call(Method::GET, "/api/no-such-thing", None, None)
        .await;
    assert_error(s, &b, StatusCode::NOT_FOUND, "not_found");
    let (s, b) = app.call(Method::POST, "/app/projects", None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let outside = client
        .get(app.url("/elsewhere"))
        .send()
        .await
        .expect("outside");
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
}
