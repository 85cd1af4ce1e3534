//! Authentication: argon2id passwords, session cookies with CSRF protection, API tokens,
//! login rate limiting, and [`CurrentUser`], the extractor every protected handler takes.
//!
//! A request is authenticated by, in this order:
//! 1. `Authorization: Token <key>` or `Authorization: Bearer <key>` (an API token, or the token
//!    returned by login); no CSRF check, since a browser never sends this header cross-site;
//! 2. the `genui_session` cookie (HttpOnly, SameSite=Lax, Secure under https); unsafe methods
//!    must then carry the `X-CSRFToken` header, whose value login returned and also put in the
//!    readable `genui_csrftoken` cookie. The CSRF token is an HMAC of the session key under
//!    `GENUI_BACKEND_SECRET`, so it is never stored.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use genui_storage::tokens::{self, Token, TokenKind};
use genui_storage::users::User;
use hmac::{Hmac, Mac};
use ipnet::IpNet;
use sha2::Sha256;

use crate::error::ApiError;
use crate::error::ErrorCode;
use crate::AppState;

pub const SESSION_COOKIE: &str = "genui_session";
pub const CSRF_COOKIE: &str = "genui_csrftoken";
pub const CSRF_HEADER: &str = "x-csrftoken";

/// Hashes a password with argon2id (default parameters) off the async executor.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Checks a password against a stored hash off the async executor.
pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(ApiError::internal)
}

/// The CSRF token belonging to a session key.
pub fn csrf_token(secret: &str, session_key: &str) -> String {
    let mut mac = hmac_for(secret);
    mac.update(session_key.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn hmac_for(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

fn csrf_matches(secret: &str, session_key: &str, presented: &str) -> bool {
    let Ok(presented) = hex::decode(presented) else {
        return false;
    };
    let mut mac = hmac_for(secret);
    mac.update(session_key.as_bytes());
    mac.verify_slice(&presented).is_ok()
}

/// The cookies login sets.
pub fn session_cookies(
    state: &AppState,
    session_key: &str,
    max_age: Duration,
) -> [Cookie<'static>; 2] {
    let max_age = time_duration(max_age);
    let session = Cookie::build((SESSION_COOKIE, session_key.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .max_age(max_age)
        .build();
    let csrf = Cookie::build((CSRF_COOKIE, csrf_token(&state.config.secret, session_key)))
        .path("/")
        .http_only(false)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .max_age(max_age)
        .build();
    [session, csrf]
}

fn time_duration(d: Duration) -> time::Duration {
    time::Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How the current request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    Header,
    SessionCookie,
}

/// The authenticated user of a request. Taking it as an argument makes a handler require
/// authentication; it is also the **only** way handlers reach project-owned resources
/// (see `access.rs`), which keeps the ownership check in one place.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub token: Token,
    pub method: AuthMethod,
    key: String,
}

impl CurrentUser {
    /// The key that authenticated this request (for logout).
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

fn header_key(parts: &Parts) -> Result<Option<String>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
    let (scheme, key) = value
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("malformed Authorization header"))?;
    if !scheme.eq_ignore_ascii_case("token") && !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::unauthorized(
            "unsupported Authorization scheme (use `Token <key>` or `Bearer <key>`)",
        ));
    }
    Ok(Some(key.trim().to_owned()))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(key) = header_key(parts)? {
            let found = tokens::authenticate(&state.db, &key, None).await?;
            let (user, token) = found.ok_or_else(|| ApiError::unauthorized("invalid token"))?;
            return Ok(Self {
                user,
                token,
                method: AuthMethod::Header,
                key,
            });
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(cookie) = jar.get(SESSION_COOKIE) else {
            return Err(ApiError::unauthorized(
                "authentication credentials were not provided",
            ));
        };
        let key = cookie.value().to_owned();
        let found = tokens::authenticate(&state.db, &key, Some(TokenKind::Session)).await?;
        let (user, token) = found.ok_or_else(|| ApiError::unauthorized("session expired"))?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let presented = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !csrf_matches(&state.config.secret, &key, presented) {
                return Err(ApiError::new(
                    ErrorCode::CsrfFailed,
                    "CSRF token missing or incorrect (send the X-CSRFToken header)",
                ));
            }
        }
        Ok(Self {
            user,
            token,
            method: AuthMethod::SessionCookie,
            key,
        })
    }
}

/// The client's address: the connection's peer, or, when the peer is a trusted proxy
/// (`GENUI_TRUSTED_PROXIES`), the client it names in `X-Forwarded-For` or `X-Real-IP`.
/// `None` when the server was started without connection info.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(peer.map(|peer| {
            state.config.trusted_proxies.client(peer, &parts.headers)
        })))
    }
}

/// The proxies (addresses or networks) whose forwarding headers name the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl std::fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&list.join(","))
    }
}

impl TrustedProxies {
    /// Parses a comma-separated list such as `127.0.0.1, 172.16.0.0/12, ::1`.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("`{item}` is not an IP address or network (e.g. 10.0.0.0/8)")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            // An IPv4 client on a dual-stack socket shows as `::ffff:a.b.c.d`.
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: the last address of `X-Forwarded-For` that is not a
    /// trusted proxy (addresses further left could be made up by the client), else
    /// `X-Real-IP`, else `peer` itself.
    pub fn client(&self, peer: IpAddr, headers: &header::HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        if let Some(client) = forwarded.iter().rev().find(|ip| !self.trusts(**ip)) {
            return *client;
        }
        headers
            .get("x-real-ip")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .or_else(|| forwarded.first().copied())
            .unwrap_or(peer)
    }
}

/// Counts failed logins per username and per client address in a sliding window.
#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// The counters a failure from `ip` on `username` adds to, with their limits: the
    /// address, the account from that address, and the account from anywhere with a ten
    /// times higher limit. So an attacker blocks their own address, not the account's owner
    /// elsewhere, and guessing one password from many addresses is still slowed down.
    fn keys(&self, username: &str, ip: ClientIp) -> Vec<(String, usize)> {
        let user = username.trim().to_lowercase();
        let mut keys = vec![(format!("user:{user}"), self.max_failures * 10)];
        if let Some(addr) = ip.0 {
            keys.push((format!("ip:{addr}"), self.max_failures));
            keys.push((format!("user:{user}@{addr}"), self.max_failures));
        } else {
            keys[0].1 = self.max_failures;
        }
        keys
    }

    /// `Err(429)` while any counter is over its limit.
    pub fn check(&self, username: &str, ip: ClientIp) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, limit) in self.keys(username, ip) {
            if let Some(times) = map.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    times.pop_front();
                }
                if times.len() >= limit {
                    let oldest = times.front().copied().unwrap_or(now);
                    let wait = self.window.saturating_sub(now.duration_since(oldest));
                    return Err(ApiError::too_many_requests(wait.as_secs().max(1)));
                }
            }
        }
        Ok(())
    }

    pub fn record_failure(&self, username: &str, ip: ClientIp) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.clear(); // bound memory under a flood of distinct names
        }
        for (key, _) in self.keys(username, ip) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets the account's failures from `ip` (those from elsewhere still count).
    pub fn record_success(&self, username: &str, ip: ClientIp) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in self.keys(username, ip) {
            if key.starts_with("user:") {
                map.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csrf_token_matches_only_its_own_session() {
        let token = csrf_token("secret", "session-a");
        assert!(csrf_matches("secret", "session-a", &token));
        assert!(!csrf_matches("secret", "session-b", &token));
        assert!(!csrf_matches("other", "session-a", &token));
        assert!(!csrf_matches("secret", "session-a", "not hex"));
    }

    #[test]
    fn the_limiter_blocks_after_the_maximum_number_of_failures() {
        let limiter = LoginLimiter::new(2, Duration::from_secs(60));
        let ip = ClientIp(None);
        assert!(limiter.check("Alice", ip).is_ok());
        limiter.record_failure("alice", ip);
        limiter.record_failure("ALICE", ip);
        let err = limiter.check("alice", ip).expect_err("limited");
        assert_eq!(err.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(limiter.check("bob", ip).is_ok());
        limiter.record_success("alice", ip);
        assert!(limiter.check("alice", ip).is_ok());
    }

    #[test]
    fn an_attacker_blocks_their_own_address_not_the_account_elsewhere() {
        let limiter = LoginLimiter::new(3, Duration::from_secs(60));
        let attacker = ClientIp(Some("203.0.113.7".parse().expect("ip")));
        let owner = ClientIp(Some("198.51.100.2".parse().expect("ip")));
        for _ in 0..3 {
            limiter.record_failure("alice", attacker);
        }
        assert!(limiter.check("alice", attacker).is_err());
        assert!(
            limiter.check("bob", attacker).is_err(),
            "the address is blocked"
        );
        assert!(limiter.check("alice", owner).is_ok(), "the owner is not");
        // Guessing one account from many addresses is limited too, later.
        for i in 0..27 {
            let ip = ClientIp(Some(format!("192.0.2.{i}").parse().expect("ip")));
            limiter.record_failure("alice", ip);
        }
        assert!(limiter.check("alice", owner).is_err());
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").expect("parses");
        let mut headers = header::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.9, 10.1.2.3".parse().expect("value"),
        );
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        // A trusted proxy chain: the last untrusted hop is the client; the spoofable
        // left-most entry is not believed.
        assert_eq!(proxies.client(ip("10.9.9.9"), &headers), ip("203.0.113.9"));
        // An untrusted peer's headers are ignored.
        assert_eq!(
            proxies.client(ip("198.51.100.1"), &headers),
            ip("198.51.100.1")
        );
        let mut real = header::HeaderMap::new();
        real.insert("x-real-ip", "203.0.113.5".parse().expect("value"));
        assert_eq!(proxies.client(ip("127.0.0.1"), &real), ip("203.0.113.5"));
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &real),
            ip("127.0.0.1")
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("nginx").is_err());
    }
}
