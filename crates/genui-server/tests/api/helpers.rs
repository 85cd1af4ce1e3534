use std::sync::Arc;
use std::time::Duration;

use genui_compounds::import::ImportEnvironment;
use genui_compounds::sources::{ChemblClient, ImportLimits};
use genui_server::{App, AppState, ServerConfig};
use genui_storage::files::FileStore;
use genui_storage::{DatabaseConfig, Db};
use genui_tasks::{
    CancellationToken, EmbeddedQueue, Isolation, QueueBackend, TaskRegistry, TaskService, Worker,
    WorkerConfig,
};
use genui_test_support::{Backend, FaultProxy, TestDb};
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
    /// Base URL of the ChEMBL API the import task talks to.
    pub chembl_url: String,
    pub import_limits: ImportLimits,
    /// PostgreSQL only: the app reaches its database through a [`FaultProxy`] the test can cut.
    pub database_proxy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            registration: true,
            upload_limit: 1 << 30,
            worker: false,
            lease: Duration::from_secs(30),
            login_max_failures: 10,
            chembl_url: "http://127.0.0.1:9".into(),
            import_limits: ImportLimits::default(),
            database_proxy: false,
        }
    }
}

/// A running server plus a plain HTTP client (no cookie store).
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// Keeps the database alive (and drops it) with the app.
    _db: TestDb,
    /// The file store's folder.
    pub files: tempfile::TempDir,
    /// Between the app and PostgreSQL, when [`Options::database_proxy`] asked for it.
    pub database_proxy: Option<FaultProxy>,
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
    let (db, database_proxy) = match &test_db.config {
        DatabaseConfig::Postgres {
            host,
            port,
            database,
            user,
            password,
        } if options.database_proxy => {
            let proxy = FaultProxy::start(host, *port).await;
            let through_proxy = DatabaseConfig::Postgres {
                host: "127.0.0.1".into(),
                port: proxy.port,
                database: database.clone(),
                user: user.clone(),
                password: password.clone(),
            };
            let db = Db::connect(&through_proxy)
                .await
                .expect("connect through the proxy");
            (db, Some(proxy))
        }
        _ => (test_db.db.clone(), None),
    };
    let queue = QueueBackend::Embedded(EmbeddedQueue::new(db.clone(), Duration::from_millis(100)));
    let files_dir = tempfile::tempdir().expect("temp dir");
    let files = FileStore::open(files_dir.path()).expect("file store");
    let mut registry = TaskRegistry::new();
    genui_tasks::register_test_kinds(&mut registry);
    genui_compounds::import::register(
        &mut registry,
        ImportEnvironment {
            files: files.clone(),
            chembl: ChemblClient::new(&options.chembl_url).with_paging(
                3,
                3,
                Duration::from_millis(20),
            ),
            limits: options.import_limits,
        },
    );
    genui_qsar::task::register(&mut registry, files.clone());
    genui_maps::task::register(&mut registry);
    genui_generators::task::register(&mut registry, files.clone());
    let registry = Arc::new(registry);
    let service = TaskService::new(db.clone(), queue.clone(), registry.clone());
    let config = ServerConfig {
        registration_enabled: options.registration,
        upload_limit: options.upload_limit,
        login_max_failures: options.login_max_failures,
        import_limits: options.import_limits,
        ..ServerConfig::new("test-secret-0123456789abcdef")
    };
    let state = AppState::new(db.clone(), service, config, files)
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
            isolation: Isolation::InProcess,
        };
        tokio::spawn(Worker::new(db, queue, registry, config).run(stop.clone()));
    }
    TestApp {
        base,
        client: reqwest::Client::new(),
        _db: test_db,
        files: files_dir,
        database_proxy,
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
        let mut req = self.client.request(method.clone(), self.url(path));
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
        crate::contract::check(&method, path, status, &json);
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

/// A file under the repository's `testdata/`.
pub fn testdata(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

impl TestApp {
    /// Posts a multipart form: `fields` plus `file` (when given).
    pub async fn upload(
        &self,
        path: &str,
        who: &Session,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, Value) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let resp = self
            .client
            .post(self.url(path))
            .header("Authorization", format!("Token {}", who.token))
            .multipart(form)
            .send()
            .await
            .expect("request");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        crate::contract::check(&Method::POST, path, status, &json);
        (status, json)
    }

    /// Creates a set from a file through `/api/compound-sets/{kind}` and waits
    /// for its import; returns the task and the set as the API shows them.
    pub async fn import_file(
        &self,
        who: &Session,
        project: i64,
        kind: &str,
        name: &str,
        file: (&str, Vec<u8>),
        options: &[(&str, &str)],
    ) -> (Value, Value) {
        let project = project.to_string();
        let mut fields = vec![("project_id", project.as_str()), ("name", name)];
        fields.extend_from_slice(options);
        let (status, set) = self
            .upload(
                &format!("/api/compound-sets/{kind}"),
                who,
                &fields,
                Some(file),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{set}");
        self.finish_import(who, &set).await
    }

    /// Waits for the import task of `set` and returns it with the set.
    pub async fn finish_import(&self, who: &Session, set: &Value) -> (Value, Value) {
        let task = self
            .wait_task(who, set["task_id"].as_i64().expect("task id"), 300)
            .await;
        let (status, set) = self
            .get(&format!("/api/compound-sets/{}", set["id"]), &who.token)
            .await;
        assert_eq!(status, StatusCode::OK, "{set}");
        (task, set)
    }

    /// Raw GET: status, headers and body bytes.
    pub async fn get_raw(
        &self,
        path: &str,
        who: &Session,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let mut req = self
            .client
            .get(self.url(path))
            .header("Authorization", format!("Token {}", who.token));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let headers = resp.headers().clone();
        (status, headers, resp.bytes().await.expect("body").to_vec())
    }
}
