use std::sync::Arc;
use std::time::Duration;

use genui_server::{App, AppState, ServerConfig};
use genui_tasks::{
    CancellationToken, EmbeddedQueue, QueueBackend, TaskRegistry, TaskService, Worker, WorkerConfig,
};
use genui_test_support::{Backend, TestDb};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Knobs of a test server.
#[derive(Clone)]
pub struct Options {
    pub registration: bool,
    pub upload_limit: usize,
    pub worker: bool,
    pub lease: Duration,
    pub login_max_failures: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            registration: true,
            upload_limit: 1 << 30,
            worker: false,
            lease: Duration::from_secs(30),
            login_max_failures: 10,
        }
    }
}

/// A running server plus a plain HTTP client (no cookie store).
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// Keeps the database alive (and drops it) with the app.
    _db: TestDb,
    stop: CancellationToken,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// A registered, logged-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub token: String,
}

pub async fn spawn_app(backend: Backend, options: Options) -> TestApp {
    spawn_app_with(backend, options, |app| app).await
}

/// Like [`spawn_app`], letting the caller extend the [`App`] as a feature crate would.
pub async fn spawn_app_with(
    backend: Backend,
    options: Options,
    extend: impl FnOnce(App) -> App,
) -> TestApp {
    let test_db = TestDb::new(backend).await;
    let db = test_db.db.clone();
    let queue = QueueBackend::Embedded(EmbeddedQueue::new(db.clone(), Duration::from_millis(100)));
    let mut registry = TaskRegistry::new();
    genui_tasks::register_test_kinds(&mut registry);
    let registry = Arc::new(registry);
    let service = TaskService::new(db.clone(), queue.clone(), registry.clone());
    let config = ServerConfig {
        registration_enabled: options.registration,
        upload_limit: options.upload_limit,
        login_max_failures: options.login_max_failures,
        ..ServerConfig::new("test-secret-0123456789abcdef")
    };
    let state = AppState::new(db.clone(), service, config)
        .await
        .expect("state");
    let router = extend(App::new(state)).into_router();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let stop = CancellationToken::new();
    let on_stop = stop.clone();
    tokio::spawn(genui_server::serve(listener, router, async move {
        on_stop.cancelled().await;
    }));
    if options.worker {
        let config = WorkerConfig {
            name: "test-worker".into(),
            queues: genui_tasks::Queue::ALL.to_vec(),
            concurrency: 2,
            lease: options.lease,
        };
        tokio::spawn(Worker::new(db, queue, registry, config).run(stop.clone()));
    }
    TestApp {
        base,
        client: reqwest::Client::new(),
        _db: test_db,
        stop,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls the API with an optional token and JSON body; returns status and JSON (or Null).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Token {t}"));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// Registers `name` (password `correct horse 1`) and logs in.
    pub async fn user(&self, name: &str) -> Session {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": name, "password": "correct horse 1"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = self
            .call(
                Method::POST,
                "/api/accounts/login",
                None,
                Some(json!({"username": name, "password": "correct horse 1"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Session {
            id: body["user"]["id"].as_i64().expect("id"),
            token: body["token"].as_str().expect("token").to_owned(),
        }
    }

    pub async fn project(&self, who: &Session, name: &str) -> i64 {
        let (status, body) = self
            .post("/api/projects", &who.token, json!({"name": name}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_i64().expect("id")
    }

    /// Polls a task until it ends (or panics after `secs`).
    pub async fn wait_task(&self, who: &Session, id: i64, secs: u64) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let (status, body) = self.get(&format!("/api/tasks/{id}"), &who.token).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            if ["success", "failure", "cancelled"].contains(&body["status"].as_str().unwrap_or(""))
            {
                return body;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "task {id} did not end: {body}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Asserts the error envelope and code.
pub fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert!(body["error"].get("details").is_some(), "{body}");
}
