//! Sessions and API tokens.
//!
//! Both are random keys handed to the client once; only a SHA-256 hash of a key is stored, so a
//! leaked database does not leak credentials. A session (from login, carried in a cookie) expires;
//! an API token (for `Authorization: Token <key>` / `Bearer <key>`) lives until deleted.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::users::User;
use crate::{dispatch, now, Db, Result, StorageError};

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Session,
    Api,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Api => "api",
        }
    }
}

/// A stored token (never the key itself).
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub id: i64,
    pub user_id: i64,
    pub kind: TokenKind,
    /// The first characters of the key, to recognise it in a list.
    pub prefix: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    kind: String,
    prefix: String,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
}

impl TryFrom<TokenRow> for Token {
    type Error = StorageError;
    fn try_from(r: TokenRow) -> Result<Self> {
        let kind = match r.kind.as_str() {
            "session" => TokenKind::Session,
            "api" => TokenKind::Api,
            _ => {
                return Err(StorageError::Corrupt {
                    column: "auth_tokens.kind",
                    value: r.kind,
                })
            }
        };
        Ok(Self {
            id: r.id,
            user_id: r.user_id,
            kind,
            prefix: r.prefix,
            name: r.name,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            expires_at: r.expires_at,
        })
    }
}

const COLUMNS: &str = "id, user_id, kind, prefix, name, created_at, last_used_at, expires_at";

/// 20 random bytes as 40 hex digits, the shape of the original's DRF tokens.
fn generate_key() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a key.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Creates a token; returns it with the plaintext key, which is not stored anywhere.
pub async fn create(
    db: &Db,
    user_id: i64,
    kind: TokenKind,
    name: &str,
    ttl: Option<Duration>,
) -> Result<(Token, String)> {
    let key = generate_key();
    let at = now();
    let expires_at = ttl.map(|ttl| at + ttl);
    let sql = format!(
        "INSERT INTO auth_tokens (user_id, kind, key_hash, prefix, name, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
    );
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, TokenRow>(&sql)
            .bind(user_id)
            .bind(kind.as_str())
            .bind(hash_key(&key))
            .bind(&key[..8])
            .bind(name)
            .bind(at)
            .bind(expires_at)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
            .ok_or(sqlx::Error::RowNotFound)?
    });
    Ok((row.try_into()?, key))
}

#[derive(sqlx::FromRow)]
struct AuthRow {
    #[sqlx(flatten)]
    token: TokenRow,
    #[sqlx(flatten)]
    user: UserCols,
}

#[derive(sqlx::FromRow)]
struct UserCols {
    u_id: i64,
    u_username: String,
    u_email: String,
    u_is_active: bool,
    u_is_admin: bool,
    u_created_at: DateTime<Utc>,
    u_updated_at: DateTime<Utc>,
}

/// Resolves a presented key to its active, unexpired token and user; `kind` restricts the
/// kind of token accepted (`None`: either).
pub async fn authenticate(
    db: &Db,
    key: &str,
    kind: Option<TokenKind>,
) -> Result<Option<(User, Token)>> {
    let at = now();
    let sql = "SELECT t.id, t.user_id, t.kind, t.prefix, t.name, t.created_at, t.last_used_at, \
               t.expires_at, u.id AS u_id, u.username AS u_username, u.email AS u_email, \
               u.is_active AS u_is_active, u.is_admin AS u_is_admin, \
               u.created_at AS u_created_at, u.updated_at AS u_updated_at \
               FROM auth_tokens t JOIN users u ON u.id = t.user_id \
               WHERE t.key_hash = $1 AND ($2 IS NULL OR t.kind = $2) AND u.is_active \
               AND (t.expires_at IS NULL OR t.expires_at > $3)";
    let row = dispatch!(db, |pool| {
        sqlx::query_as::<_, AuthRow>(sql)
            .bind(hash_key(key))
            .bind(kind.map(TokenKind::as_str))
            .bind(at)
            .fetch_optional(pool)
            .await?
    });
    let Some(row) = row else { return Ok(None) };
    let u = row.user;
    let user = User {
        id: u.u_id,
        username: u.u_username,
        email: u.u_email,
        is_active: u.u_is_active,
        is_admin: u.u_is_admin,
        created_at: u.u_created_at,
        updated_at: u.u_updated_at,
    };
    let token: Token = row.token.try_into()?;
    // Record use at most once a minute, so reads do not turn into a write per request.
    if token
        .last_used_at
        .is_none_or(|last| at - last > Duration::seconds(60))
    {
        dispatch!(db, |pool| {
            sqlx::query("UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(at)
                .bind(token.id)
                .execute(pool)
                .await?;
        });
    }
    Ok(Some((user, token)))
}

/// Deletes the token with this key (logout).
pub async fn delete_by_key(db: &Db, key: &str) -> Result<bool> {
    let n = dispatch!(db, |pool| {
        sqlx::query("DELETE FROM auth_tokens WHERE key_hash = $1")
            .bind(hash_key(key))
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}

/// The user's API tokens, newest first.
pub async fn list_api(db: &Db, user_id: i64) -> Result<Vec<Token>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM auth_tokens WHERE user_id = $1 AND kind = 'api' ORDER BY id DESC"
    );
    let rows = dispatch!(db, |pool| {
        sqlx::query_as::<_, TokenRow>(&sql)
            .bind(user_id)
            .fetch_all(pool)
            .await?
    });
    rows.into_iter().map(Token::try_from).collect()
}

/// Deletes one of the user's API tokens; `false` when the user has no such token.
pub async fn delete_api(db: &Db, user_id: i64, id: i64) -> Result<bool> {
    let n = dispatch!(db, |pool| {
        sqlx::query("DELETE FROM auth_tokens WHERE id = $1 AND user_id = $2 AND kind = 'api'")
            .bind(id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}

/// Deletes every session of the user except `keep` (after a password change).
pub async fn delete_sessions_except(db: &Db, user_id: i64, keep: Option<i64>) -> Result<u64> {
    let n = dispatch!(db, |pool| {
        sqlx::query(
            "DELETE FROM auth_tokens WHERE user_id = $1 AND kind = 'session' \
             AND id <> COALESCE($2, -1)",
        )
        .bind(user_id)
        .bind(keep)
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(n)
}
