//! The one error type of the HTTP API and the extractors that turn every client mistake into
//! it. Every error answers `{"error": {"code", "message", "details"}}`; 5xx bodies are opaque
//! and the cause is logged.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use genui_storage::StorageError;
use genui_tasks::SubmitError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

/// Declares [`ErrorCode`] from one table: each code, its usual HTTP status and what it means.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $status:ident;)*) => {
        /// Every machine-readable error code of the API, the one table of them (the OpenAPI
        /// document lists them as an enum, the README's API section as a table).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as it appears in responses.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status this code is answered with.
            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

error_codes! {
    /// A request the server cannot read for another reason than those below.
    BadRequest = "bad_request", BAD_REQUEST;
    /// The body is not JSON.
    MalformedJson = "malformed_json", BAD_REQUEST;
    /// The multipart upload is broken.
    MalformedMultipart = "malformed_multipart", BAD_REQUEST;
    /// A path parameter is not what the route expects (e.g. a non-numeric id).
    InvalidPath = "invalid_path", BAD_REQUEST;
    /// A query parameter is missing, mistyped or out of range.
    InvalidQuery = "invalid_query", BAD_REQUEST;
    /// Fields of the body are missing, mistyped or out of range (`details`: field → messages).
    ValidationFailed = "validation_failed", UNPROCESSABLE_ENTITY;
    /// An uploaded compound file cannot be read (`details` say where).
    InvalidFile = "invalid_file", UNPROCESSABLE_ENTITY;
    /// An uploaded QSAR model or network file is not one of ours, or is damaged.
    InvalidModelFile = "invalid_model_file", UNPROCESSABLE_ENTITY;
    /// The body is not `application/json`.
    UnsupportedMediaType = "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE;
    /// The body is larger than `GENUI_UPLOAD_LIMIT`.
    PayloadTooLarge = "payload_too_large", PAYLOAD_TOO_LARGE;
    /// No valid session or token.
    NotAuthenticated = "not_authenticated", UNAUTHORIZED;
    /// Wrong username or password.
    InvalidCredentials = "invalid_credentials", BAD_REQUEST;
    /// A session-authenticated write without the CSRF header.
    CsrfFailed = "csrf_failed", FORBIDDEN;
    /// Self-registration is switched off (`GENUI_REGISTRATION=false`).
    RegistrationDisabled = "registration_disabled", FORBIDDEN;
    /// The object cannot be changed (the shipped network).
    ReadOnly = "read_only", FORBIDDEN;
    /// No such object, or not yours: the two are never told apart.
    NotFound = "not_found", NOT_FOUND;
    /// The endpoint exists but not with this method.
    MethodNotAllowed = "method_not_allowed", METHOD_NOT_ALLOWED;
    /// The request clashes with the current state (a duplicate name, work still running).
    Conflict = "conflict", CONFLICT;
    /// Too many attempts; `Retry-After` says when to try again.
    RateLimited = "rate_limited", TOO_MANY_REQUESTS;
    /// The database or the task queue is unreachable; `Retry-After` says when to try again.
    Unavailable = "unavailable", SERVICE_UNAVAILABLE;
    /// The server's disk is full: nothing of the request was saved.
    StorageFull = "storage_full", INSUFFICIENT_STORAGE;
    /// A fault of the server (logged with its cause, never detailed in the answer).
    InternalError = "internal_error", INTERNAL_SERVER_ERROR;
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An API error: HTTP status, stable machine-readable `code`, human message, optional details.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
    retry_after: Option<u64>,
}

pub type ApiResult<T, E = ApiError> = std::result::Result<T, E>;

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorContent,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorContent {
    /// Stable code the UI can switch on.
    pub code: ErrorCode,
    pub message: String,
    /// Extra data, e.g. per-field messages for `validation_failed`; `null` when there is none.
    #[schema(value_type = Option<HashMap<String, Value>>)]
    pub details: Value,
}

impl ApiError {
    /// An error answered with `code`'s usual status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::with_status(code.status(), code, message)
    }

    /// An error answered with another status than `code`'s usual one.
    pub fn with_status(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Value::Null,
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// 422 with per-field messages: `{"field": ["message", …]}`.
    /// A field that is not valid; the message names it, so it reads on its own.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(ErrorCode::ValidationFailed, format!("{field}: {message}"))
            .with_details(json!({ field: [message] }))
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotAuthenticated, message)
    }

    /// The answer for anything that does not exist *or belongs to someone else*.
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "not found")
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut e = Self::new(ErrorCode::RateLimited, "too many attempts; try again later");
        e.retry_after = Some(retry_after_secs);
        e
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorCode::Unavailable, message);
        e.retry_after = Some(5);
        e
    }

    /// A file that could not be written: 507 when the disk is full, else a server fault.
    pub fn write_failed(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull {
            tracing::error!(error = %e, "disk full");
            Self::new(
                ErrorCode::StorageFull,
                "the server's disk is full: nothing was saved",
            )
        } else {
            Self::internal(e)
        }
    }

    /// A server fault: logged with its cause, answered with an opaque 500.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ErrorCode::InternalError, "internal server error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorContent {
                code: self.code,
                message: self.message,
                details: self.details,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        }
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Conflict(what) => {
                Self::conflict("an object with these values already exists")
                    .with_details(json!({ "constraint": what }))
            }
            StorageError::MissingReference(_) => Self::not_found(),
            e if e.is_unavailable() => {
                tracing::error!(error = %e, "database unavailable");
                Self::unavailable("the database is unavailable")
            }
            e if e.is_disk_full() => {
                tracing::error!(error = %e, "database disk full");
                Self::new(
                    ErrorCode::StorageFull,
                    "the server's disk is full: nothing was saved",
                )
            }
            other => Self::internal(other),
        }
    }
}

impl From<genui_generators::task::LoadError> for ApiError {
    /// A network or environment that cannot be used is a conflict with its state; a failing
    /// database or worker is the server's fault.
    fn from(e: genui_generators::task::LoadError) -> Self {
        use genui_generators::task::LoadError;
        match e {
            LoadError::Unusable(why) => Self::conflict(why),
            LoadError::Storage(e) => e.into(),
            LoadError::Worker(e) => Self::internal(e),
        }
    }
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> Self {
        match e {
            SubmitError::UnknownKind(kind) => {
                Self::validation("kind", format!("unknown task kind `{kind}`"))
            }
            SubmitError::Storage(e) => e.into(),
            SubmitError::Queue(e) => {
                tracing::error!(error = %e, "task queue unavailable");
                Self::unavailable("the task queue is unavailable")
            }
        }
    }
}

/// A spec the learning engine refuses is a 422 saying why.
impl From<genui_ml::MlError> for ApiError {
    fn from(e: genui_ml::MlError) -> Self {
        Self::new(ErrorCode::ValidationFailed, e.to_string())
    }
}

/// A generator spec the checks refuse is a 422 naming the field at fault.
impl From<genui_generators::spec::SpecError> for ApiError {
    fn from(e: genui_generators::spec::SpecError) -> Self {
        let details = json!({ e.field.as_str(): [e.message.as_str()] });
        Self::new(ErrorCode::ValidationFailed, e.to_string()).with_details(details)
    }
}

/// The trimmed name of a new or renamed object (project, set, model): 1 to 200 characters.
pub fn object_name(name: &str) -> ApiResult<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::validation("name", "1 to 200 characters"));
    }
    Ok(name)
}

/// Maps a unique-constraint violation to a 409 with `message`, other storage errors as usual.
pub fn conflict_as(message: &'static str) -> impl Fn(genui_storage::StorageError) -> ApiError {
    move |e| match e {
        genui_storage::StorageError::Conflict(_) => ApiError::conflict(message),
        other => other.into(),
    }
}

/// `Json<T>` whose rejections are [`ApiError`]s: 400 malformed JSON, 415 wrong content type,
/// 413 oversized body, 422 unknown, missing or mistyped fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<Value>::from_request(req, state)
            .await
            .map_err(json_rejection)?;
        text_in_json(&value)?;
        serde_path_to_error::deserialize(value)
            .map(Self)
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!("Failed to deserialize the JSON body into the target type: {e}"),
                )
            })
    }
}

/// `Multipart` whose rejections are [`ApiError`]s: 415 for a body that is not
/// `multipart/form-data`, 400 for one without a usable boundary.
pub struct ApiMultipart(pub Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_multipart(&req) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "expected `Content-Type: multipart/form-data` with a file",
            ));
        }
        Multipart::from_request(req, state)
            .await
            .map(Self)
            .map_err(|e| ApiError::new(ErrorCode::MalformedMultipart, e.body_text()))
    }
}

/// Whether the body of `request` says it is `multipart/form-data`.
pub fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// Refuses NUL and other control characters (tab and line breaks aside): no
/// name or parameter needs them, and PostgreSQL cannot store NUL at all.
pub fn plain_text(text: &str, field: &str) -> ApiResult<()> {
    match control_character(text) {
        None => Ok(()),
        Some(c) => Err(control_character_error(field, c)),
    }
}

fn control_character(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn control_character_error(field: &str, c: char) -> ApiError {
    ApiError::validation(
        field,
        format!(
            "must not contain control characters (found U+{:04X})",
            c as u32
        ),
    )
}

/// [`plain_text`] for every string (and key) of a JSON body, the field named as in `body[2].name`.
fn text_in_json(value: &Value) -> ApiResult<()> {
    match first_control_character(value) {
        None => Ok(()),
        Some((path, c)) => Err(control_character_error(&format!("body{path}"), c)),
    }
}

/// The first control character in a string or key of `value`, with its path below `value`
/// (built only when there is one: bodies are mostly clean).
fn first_control_character(value: &Value) -> Option<(String, char)> {
    match value {
        Value::String(text) => control_character(text).map(|c| (String::new(), c)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            first_control_character(item).map(|(path, c)| (format!("[{i}]{path}"), c))
        }),
        Value::Object(fields) => {
            fields
                .iter()
                .find_map(|(key, item)| match control_character(key) {
                    Some(c) => Some((String::new(), c)),
                    None => {
                        first_control_character(item).map(|(path, c)| (format!(".{key}{path}"), c))
                    }
                })
        }
        _ => None,
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let text = rejection.body_text();
    match rejection {
        JsonRejection::JsonDataError(_) => ApiError::new(ErrorCode::ValidationFailed, text),
        JsonRejection::JsonSyntaxError(_) => ApiError::new(ErrorCode::MalformedJson, text),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "expected `Content-Type: application/json`",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::PayloadTooLarge,
            "the request body is larger than the configured limit",
        ),
        other => ApiError::with_status(other.status(), ErrorCode::BadRequest, text),
    }
}

/// `Path<T>` with a 400 `invalid_path` rejection (e.g. a non-numeric or overflowing id).
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|e: PathRejection| ApiError::new(ErrorCode::InvalidPath, e.body_text()))
    }
}

/// `Query<T>` with a 400 `invalid_query` rejection.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let invalid = |e: QueryRejection| ApiError::new(ErrorCode::InvalidQuery, e.body_text());
        let pairs = axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(invalid)?;
        for (name, value) in &pairs.0 {
            plain_text(name, "query")
                .and_then(|()| plain_text(value, name))
                .map_err(|e| {
                    ApiError::new(ErrorCode::InvalidQuery, format!("{name}: {}", e.message))
                })?;
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use genui_generators::task::LoadError;

    #[test]
    fn an_unusable_network_is_a_conflict_but_an_unreachable_database_is_unavailable() {
        let unusable = ApiError::from(LoadError::Unusable("network 3 is not trained yet".into()));
        assert_eq!(unusable.status, StatusCode::CONFLICT);
        assert_eq!(unusable.message, "network 3 is not trained yet");
        let database = ApiError::from(LoadError::Storage(StorageError::Database(
            sqlx::Error::PoolTimedOut,
        )));
        assert_eq!(database.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(database.retry_after, Some(5));
        assert!(!database.message.contains("pool"), "{}", database.message);
        let corrupt = ApiError::from(StorageError::Corrupt {
            column: "status",
            value: "?".into(),
        });
        assert_eq!(corrupt.status, StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_control_character_in_a_json_body_is_named_by_its_path() {
        let clean = json!({"name": "tab\tand\nbreaks", "items": [1, "two", {"three": 3}]});
        assert!(text_in_json(&clean).is_ok());
        let nested = json!({"name": "ok", "items": [1, {"label": "bell\u{7}"}]});
        let error = text_in_json(&nested).expect_err("refused");
        assert_eq!(error.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error.details,
            json!({"body.items[1].label": ["must not contain control characters (found U+0007)"]})
        );
        let key = json!({"outer": {"k\u{0}": 1}});
        let details = text_in_json(&key).expect_err("refused").details;
        assert!(details.get("body.outer").is_some(), "{details}");
    }
}
