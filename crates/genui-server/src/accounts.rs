//! `/api/accounts/*`: registration, login, logout, current user, password change, API tokens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::Router;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{DateTime, Utc};
use genui_storage::tokens::{self, Token, TokenKind};
use genui_storage::users::{self, NewUser, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{self, AuthMethod, ClientIp, CurrentUser, CSRF_COOKIE, SESSION_COOKIE};
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult, ErrorBody, ErrorCode};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/accounts/register", get(registration).post(register))
        .route("/api/accounts/login", post(login))
        .route("/api/accounts/logout", post(logout))
        .route("/api/accounts/me", get(me))
        .route("/api/accounts/password", post(change_password))
        .route("/api/accounts/tokens", get(list_tokens).post(create_token))
        .route("/api/accounts/tokens/{id}", delete(delete_token))
}

/// A user account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username,
            email: u.email,
            is_admin: u.is_admin,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub username: String,
    #[serde(default)]
    pub email: String,
    pub password: String,
}

/// Checks a username: 1–150 characters of letters, digits and `@.+-_` (Django's rule).
pub fn validate_username(name: &str) -> ApiResult<()> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    if name.is_empty() || name.chars().count() > 150 || !ok_chars {
        return Err(ApiError::validation(
            "username",
            "1 to 150 letters, digits or @.+-_ characters",
        ));
    }
    Ok(())
}

/// Checks a new password: at least 8 characters, not only digits, not the username.
pub fn validate_password(password: &str, username: &str) -> ApiResult<()> {
    let problem = if password.chars().count() < 8 {
        Some("must be at least 8 characters long")
    } else if password.chars().all(|c| c.is_ascii_digit()) {
        Some("must not consist of digits only")
    } else if password.eq_ignore_ascii_case(username) {
        Some("must differ from the username")
    } else {
        None
    };
    match problem {
        Some(p) => Err(ApiError::validation("password", p)),
        None => Ok(()),
    }
}

/// Whether visitors may register (so a login page can offer it).
#[derive(Debug, Serialize, ToSchema)]
pub struct Registration {
    pub open: bool,
}

#[utoipa::path(get, path = "/api/accounts/register", tag = "accounts", security(()),
    responses((status = 200, body = Registration)))]
pub async fn registration(State(state): State<AppState>) -> axum::Json<Registration> {
    axum::Json(Registration {
        open: state.config.registration_enabled,
    })
}

#[utoipa::path(post, path = "/api/accounts/register", tag = "accounts", security(()),
    request_body = RegisterRequest,
    responses((status = 201, body = UserView), (status = 403, body = ErrorBody,
        description = "registration is switched off"), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, axum::Json<UserView>)> {
    if !state.config.registration_enabled {
        return Err(ApiError::new(
            ErrorCode::RegistrationDisabled,
            "registration is switched off on this server",
        ));
    }
    let username = req.username.trim();
    validate_username(username)?;
    validate_password(&req.password, username)?;
    let hash = auth::hash_password(req.password).await?;
    let user = users::create(
        &state.db,
        &NewUser {
            username,
            email: req.email.trim(),
            password_hash: &hash,
            is_admin: false,
        },
    )
    .await
    .map_err(crate::error::conflict_as("this username is taken"))?;
    Ok((StatusCode::CREATED, axum::Json(user.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// What login answers (it also sets the session and CSRF cookies).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub user: UserView,
    /// Token for `Authorization: Token <key>`; valid as long as the session.
    pub token: String,
    /// Value for the `X-CSRFToken` header of cookie-authenticated unsafe requests.
    pub csrf_token: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[utoipa::path(post, path = "/api/accounts/login", tag = "accounts", security(()),
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = ErrorBody,
        description = "wrong username or password"),
        (status = 429, body = ErrorBody, description = "too many failed attempts")))]
pub async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<(CookieJar, axum::Json<LoginResponse>)> {
    state.limiter.check(&req.username, ip)?;
    let creds = users::credentials_by_username(&state.db, req.username.trim()).await?;
    // Verify against a fixed hash when the user is unknown, so timing does not reveal names.
    let (hash, user) = match creds {
        Some(c) if c.user.is_active => (c.password_hash, Some(c.user)),
        _ => (state.dummy_hash.to_string(), None),
    };
    let ok = auth::verify_password(req.password, hash).await?;
    let Some(user) = user.filter(|_| ok) else {
        state.limiter.record_failure(&req.username, ip);
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "unable to log in with the provided credentials",
        ));
    };
    state.limiter.record_success(&req.username, ip);
    let ttl = state.config.session_ttl;
    let chrono_ttl = chrono::Duration::from_std(ttl).map_err(ApiError::internal)?;
    let (token, key) = tokens::create(
        &state.db,
        user.id,
        TokenKind::Session,
        "login",
        Some(chrono_ttl),
    )
    .await?;
    let [session, csrf] = auth::session_cookies(&state, &key, ttl);
    let csrf_token = csrf.value().to_owned();
    Ok((
        jar.add(session).add(csrf),
        axum::Json(LoginResponse {
            user: user.into(),
            token: key,
            csrf_token,
            expires_at: token.expires_at,
        }),
    ))
}

#[utoipa::path(post, path = "/api/accounts/logout", tag = "accounts",
    responses((status = 204, description = "the session or token is deleted"),
        (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    current: CurrentUser,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    tokens::delete_by_key(&state.db, current.key()).await?;
    let jar = jar
        .remove(Cookie::build(SESSION_COOKIE).path("/"))
        .remove(Cookie::build(CSRF_COOKIE).path("/"));
    Ok((StatusCode::NO_CONTENT, jar))
}

#[utoipa::path(get, path = "/api/accounts/me", tag = "accounts",
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(current: CurrentUser) -> axum::Json<UserView> {
    axum::Json(current.user.into())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
}

#[utoipa::path(post, path = "/api/accounts/password", tag = "accounts",
    request_body = PasswordChange,
    responses((status = 204, description = "changed; the user's other sessions are ended"),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let creds = users::credentials(&state.db, current.user.id)
        .await?
        .ok_or_else(|| ApiError::unauthorized("unknown user"))?;
    if !auth::verify_password(req.old_password, creds.password_hash).await? {
        return Err(ApiError::validation(
            "old_password",
            "the current password is wrong",
        ));
    }
    validate_password(&req.new_password, &current.user.username)?;
    let hash = auth::hash_password(req.new_password).await?;
    users::set_password_hash(&state.db, current.user.id, &hash).await?;
    let keep = (current.method == AuthMethod::SessionCookie
        || current.token.kind == TokenKind::Session)
        .then_some(current.token.id);
    tokens::delete_sessions_except(&state.db, current.user.id, keep).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An API token (the key is shown only when created).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// The first characters of the key.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// The full key; present only in the answer that created the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl TokenView {
    fn new(t: Token, key: Option<String>) -> Self {
        Self {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            key,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    #[serde(default)]
    pub name: String,
}

#[utoipa::path(get, path = "/api/accounts/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenView>), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<axum::Json<Vec<TokenView>>> {
    let list = tokens::list_api(&state.db, current.user.id).await?;
    Ok(axum::Json(
        list.into_iter().map(|t| TokenView::new(t, None)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/accounts/tokens", tag = "accounts",
    request_body = NewTokenRequest,
    responses((status = 201, body = TokenView), (status = 401, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<NewTokenRequest>,
) -> ApiResult<(StatusCode, axum::Json<TokenView>)> {
    if req.name.chars().count() > 200 {
        return Err(ApiError::validation("name", "at most 200 characters"));
    }
    let (token, key) = tokens::create(
        &state.db,
        current.user.id,
        TokenKind::Api,
        req.name.trim(),
        None,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TokenView::new(token, Some(key))),
    ))
}

#[utoipa::path(delete, path = "/api/accounts/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "token id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_token(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    if tokens::delete_api(&state.db, current.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}
