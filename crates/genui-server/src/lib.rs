//! The GenUI HTTP API (axum 0.8): accounts, projects, tasks, task events, compound sets,
//! molecules and activities, QSAR models, maps, generators, health, OpenAPI.
//!
//! [`App::new`] wires the endpoints of every platform feature (`genui-compounds`,
//! `genui-qsar`, `genui-maps`, `genui-generators`); their task handlers go into the
//! [`TaskRegistry`] the binary passes to [`AppState::new`]. Code outside this crate can add
//! endpoints with [`App::merge`] (a `Router<AppState>` and its `utoipa` document). Handlers take
//! [`CurrentUser`] and reach project-owned data only through its ownership-checked methods.
#![forbid(unsafe_code)]

mod access;
pub mod accounts;
pub mod auth;
mod changes;
pub mod compounds;
pub mod error;
pub mod events;
mod frontend;
pub mod generators;
pub mod maps;
mod openapi;
pub mod pagination;
pub mod projects;
pub mod qsar;
mod resource;
pub mod tasks;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, Request};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use genui_compounds::search::SearchCache;
use genui_compounds::sources::ImportLimits;
use genui_storage::files::FileStore;
use genui_storage::Db;
use serde::Serialize;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::ToSchema;
use utoipa_swagger_ui::SwaggerUi;

pub use auth::CurrentUser;
pub use error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorCode};
pub use genui_tasks::{TaskRegistry, TaskService};
pub use openapi::{document as openapi_document, ApiDoc};

/// Settings of the HTTP layer.
#[derive(Clone)]
pub struct ServerConfig {
    /// Key for CSRF tokens (`GENUI_BACKEND_SECRET`).
    pub secret: String,
    /// Mark cookies `Secure` (when served over https).
    pub secure_cookies: bool,
    /// Whether `POST /api/accounts/register` is open.
    pub registration_enabled: bool,
    /// Largest accepted request body in bytes (`GENUI_UPLOAD_LIMIT`, default 1 GiB).
    pub upload_limit: usize,
    /// Lifetime of a login session.
    pub session_ttl: Duration,
    /// Failed logins allowed per username and per address within `login_window`.
    pub login_max_failures: usize,
    pub login_window: Duration,
    /// Most molecules one generator sample may ask for (`GENUI_GENERATOR_MAX_SAMPLES`).
    pub max_samples: usize,
    /// What one import may read (`GENUI_IMPORT_MAX_*`), checked on upload and by the import.
    pub import_limits: ImportLimits,
    /// Proxies whose `X-Forwarded-For`/`X-Real-IP` name the client (`GENUI_TRUSTED_PROXIES`).
    pub trusted_proxies: auth::TrustedProxies,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("secret", &"********")
            .field("secure_cookies", &self.secure_cookies)
            .field("registration_enabled", &self.registration_enabled)
            .field("upload_limit", &self.upload_limit)
            .field("session_ttl", &self.session_ttl)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// Defaults for everything but the secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            secret: secret.into(),
            secure_cookies: false,
            registration_enabled: true,
            upload_limit: 1 << 30,
            session_ttl: Duration::from_secs(14 * 24 * 3600),
            login_max_failures: 10,
            login_window: Duration::from_secs(300),
            max_samples: 100_000,
            import_limits: ImportLimits::default(),
            trusted_proxies: auth::TrustedProxies::default(),
        }
    }
}

/// Shared state of every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tasks: TaskService,
    pub config: Arc<ServerConfig>,
    pub limiter: Arc<auth::LoginLimiter>,
    pub events: events::EventHub,
    /// Uploaded and generated files (under the data directory).
    pub files: FileStore,
    /// In-memory search indexes of compound sets.
    pub search: Arc<SearchCache>,
    /// Serialized pages of whole compound sets.
    pub pages: Arc<compounds::page_cache::PageCache>,
    /// A valid argon2 hash to verify against for unknown users (constant-time-ish login).
    pub(crate) dummy_hash: Arc<str>,
}

impl AppState {
    /// Builds the state (and starts the task-event poller; call inside a Tokio runtime).
    pub async fn new(
        db: Db,
        tasks: TaskService,
        config: ServerConfig,
        files: FileStore,
    ) -> anyhow::Result<Self> {
        let dummy_hash = auth::hash_password("genui-dummy-password".into())
            .await
            .map_err(|e| anyhow::anyhow!("hashing failed: {}", e.message))?;
        Ok(Self {
            events: events::EventHub::start(db.clone()),
            limiter: Arc::new(auth::LoginLimiter::new(
                config.login_max_failures,
                config.login_window,
            )),
            db,
            tasks,
            config: Arc::new(config),
            files,
            search: Arc::new(SearchCache::new()),
            pages: Arc::default(),
            dummy_hash: dummy_hash.into(),
        })
    }
}

/// The API under construction: core routes plus whatever feature crates merge in.
pub struct App {
    state: AppState,
    router: Router<AppState>,
    doc: utoipa::openapi::OpenApi,
    frontend: Option<frontend::Frontend>,
}

impl App {
    /// The core API (accounts, projects, tasks, health).
    pub fn new(state: AppState) -> Self {
        let router = Router::new()
            .merge(accounts::router())
            .merge(projects::router())
            .merge(tasks::router())
            .merge(compounds::router())
            .merge(qsar::router())
            .merge(maps::router())
            .merge(generators::router())
            .route("/api/health", get(health))
            .route("/api/ready", get(ready));
        Self {
            state,
            router,
            doc: openapi::document(),
            frontend: None,
        }
    }

    /// Adds a feature's routes and their OpenAPI description.
    pub fn merge(mut self, router: Router<AppState>, doc: utoipa::openapi::OpenApi) -> Self {
        self.router = self.router.merge(router);
        self.doc.merge(doc);
        self
    }

    /// Serves the embedded web app at `mount` (`GENUI_FRONTEND_APP_PATH`, default `/`); its
    /// client-side routes fall back to its page, `/api/…` paths never do.
    pub fn frontend(mut self, mount: &str) -> Self {
        self.frontend = Some(frontend::Frontend::new(mount));
        self
    }

    /// Answers `GET /` with a redirect to a web app hosted elsewhere (a
    /// `GENUI_FRONTEND_APP_PATH` that is a full URL), as the original does.
    pub fn frontend_redirect(mut self, target: String) -> Self {
        let target: Arc<str> = target.into();
        self.router = self.router.route(
            "/",
            get(move || {
                let target = target.clone();
                async move { axum::response::Redirect::temporary(&target) }
            }),
        );
        self
    }

    /// The OpenAPI document of everything merged so far.
    pub fn openapi(&self) -> &utoipa::openapi::OpenApi {
        &self.doc
    }

    /// The finished service: JSON 404/405 fallbacks, body limit, request ids, tracing,
    /// `/api/openapi.json` and Swagger UI at `/api/docs`.
    pub fn into_router(self) -> Router {
        let request_id = HeaderName::from_static("x-request-id");
        let limit = self.state.config.upload_limit;
        let frontend = self.frontend;
        self.router
            .fallback(move |request: Request<axum::body::Body>| async move {
                let readable = [axum::http::Method::GET, axum::http::Method::HEAD];
                let page = readable
                    .contains(request.method())
                    .then(|| frontend.as_ref()?.respond(request.uri().path()))
                    .flatten();
                match page {
                    Some(page) => page,
                    None => not_found().await.into_response(),
                }
            })
            .method_not_allowed_fallback(method_not_allowed)
            .with_state(self.state)
            .merge(
                SwaggerUi::new("/api/docs")
                    .external_url_unchecked("/api/openapi.json", openapi::to_json(&self.doc)),
            )
            .layer(DefaultBodyLimit::max(limit))
            // gzip for clients that ask (the app's bundle, map points, exports); the default
            // predicate leaves event streams, images and tiny bodies alone.
            .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
            .layer(
                TraceLayer::new_for_http().make_span_with(|req: &Request<axum::body::Body>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), uri = %req.uri(),
                        request_id = %id)
                }),
            )
            .layer(PropagateRequestIdLayer::new(request_id.clone()))
            .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
    }
}

/// The core API with nothing merged in.
pub fn router(state: AppState) -> Router {
    App::new(state).into_router()
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not support the method",
    )
}

/// What the liveness and readiness probes answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProbeStatus {
    /// `ok` (liveness) or `ready` (readiness).
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/api/health", tag = "system", security(()),
    responses((status = 200, body = ProbeStatus, description = "the server is up")))]
pub async fn health() -> Json<ProbeStatus> {
    Json(ProbeStatus { status: "ok" })
}

/// Readiness: the database and the task queue answer.
#[utoipa::path(get, path = "/api/ready", tag = "system", security(()),
    responses((status = 200, body = ProbeStatus, description = "database and queue reachable"),
        (status = 503, body = error::ErrorBody)))]
pub async fn ready(State(state): State<AppState>) -> ApiResult<Json<ProbeStatus>> {
    state.db.ping().await.map_err(|e| {
        tracing::error!(error = %e, "database not ready");
        ApiError::unavailable("the database is unreachable")
    })?;
    state.tasks.queue.ping().await.map_err(|e| {
        tracing::error!(error = %e, "queue not ready");
        ApiError::unavailable("the task queue is unreachable")
    })?;
    Ok(Json(ProbeStatus { status: "ready" }))
}
