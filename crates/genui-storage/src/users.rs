//! Users: accounts that own projects.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{dispatch, now, Db, Result};

/// A user as the rest of the application sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub is_active: bool,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user together with the stored password hash (login and password change only).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserCredentials {
    #[sqlx(flatten)]
    pub user: User,
    pub password_hash: String,
}

/// What [`create`] needs.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
}

const COLUMNS: &str = "id, username, email, is_active, is_admin, created_at, updated_at";

/// Inserts a user; a taken username (case-insensitive) is [`crate::StorageError::Conflict`].
pub async fn create(db: &Db, new: &NewUser<'_>) -> Result<User> {
    let at = now();
    let sql = format!(
        "INSERT INTO users (username, email, password_hash, is_admin, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    );
    let user = dispatch!(db, |pool| {
        sqlx::query_as::<_, User>(&sql)
            .bind(new.username)
            .bind(new.email)
            .bind(new.password_hash)
            .bind(new.is_admin)
            .bind(at)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
            .ok_or(sqlx::Error::RowNotFound)?
    });
    Ok(user)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, User>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

/// Looks a user up by name, case-insensitively, with the password hash.
pub async fn credentials_by_username(db: &Db, username: &str) -> Result<Option<UserCredentials>> {
    let sql =
        format!("SELECT {COLUMNS}, password_hash FROM users WHERE lower(username) = lower($1)");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, UserCredentials>(&sql)
            .bind(username)
            .fetch_optional(pool)
            .await?
    }))
}

pub async fn credentials(db: &Db, id: i64) -> Result<Option<UserCredentials>> {
    let sql = format!("SELECT {COLUMNS}, password_hash FROM users WHERE id = $1");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, UserCredentials>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

/// All users, oldest first (administration).
pub async fn list(db: &Db) -> Result<Vec<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users ORDER BY id");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, User>(&sql).fetch_all(pool).await?
    }))
}

/// Replaces the password hash; returns whether the user exists.
pub async fn set_password_hash(db: &Db, id: i64, password_hash: &str) -> Result<bool> {
    let at = now();
    let done = dispatch!(db, |pool| {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(at)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(done == 1)
}
