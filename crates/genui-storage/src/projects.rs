//! Projects. Every lookup here is scoped by the owner: a project of another user is
//! indistinguishable from one that does not exist.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{dispatch, now, page_of, Db, Listing, Page, PageRequest, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Project {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, owner_id, name, description, created_at, updated_at";

/// Creates a project; a duplicate name for the same owner is a conflict
/// (`projects_owner_name_key`).
pub async fn create(db: &Db, owner_id: i64, name: &str, description: &str) -> Result<Project> {
    let at = now();
    let sql = format!(
        "INSERT INTO projects (owner_id, name, description, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING {COLUMNS}"
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, Project>(&sql)
            .bind(owner_id)
            .bind(name)
            .bind(description)
            .bind(at)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
            .ok_or(sqlx::Error::RowNotFound)?
    }))
}

/// The owner's project `id`, or `None` (also when it belongs to someone else).
pub async fn get_owned(db: &Db, owner_id: i64, id: i64) -> Result<Option<Project>> {
    let sql = format!("SELECT {COLUMNS} FROM projects WHERE id = $1 AND owner_id = $2");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, Project>(&sql)
            .bind(id)
            .bind(owner_id)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
    }))
}

/// The owner's projects, newest first.
pub async fn list_owned(db: &Db, owner_id: i64, page: PageRequest) -> Result<Page<Project>> {
    let listing = Listing {
        columns: COLUMNS,
        from: "projects",
        filter: "owner_id = $1",
        order: "id DESC",
    };
    page_of(db, listing, &[Some(owner_id)], page).await
}

/// Updates name and/or description of the owner's project.
pub async fn update_owned(
    db: &Db,
    owner_id: i64,
    id: i64,
    name: Option<&str>,
    description: Option<&str>,
) -> Result<Option<Project>> {
    let at = now();
    let sql = format!(
        "UPDATE projects SET name = COALESCE($1, name), description = COALESCE($2, description), \
         updated_at = $3 WHERE id = $4 AND owner_id = $5 RETURNING {COLUMNS}"
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, Project>(&sql)
            .bind(name)
            .bind(description)
            .bind(at)
            .bind(id)
            .bind(owner_id)
            // To the end: a failed autocommit must not return a row (see `dispatch!`).
            .fetch_all(pool)
            .await?
            .into_iter()
            .next()
    }))
}

/// The keys of every file in the file store that belongs to the project (uploaded sources,
/// model files, generator weights), to remove with it.
pub async fn file_keys(db: &Db, id: i64) -> Result<Vec<String>> {
    Ok(dispatch!(db, |pool| {
        sqlx::query_scalar(
            "SELECT file_key FROM compound_sets WHERE project_id = $1 AND file_key IS NOT NULL \
             UNION ALL SELECT file_key FROM qsar_models WHERE project_id = $1 AND file_key IS NOT NULL \
             UNION ALL SELECT file_key FROM generator_networks \
             WHERE project_id = $1 AND file_key IS NOT NULL",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    }))
}

/// Deletes the owner's project and (by cascade) everything in it.
pub async fn delete_owned(db: &Db, owner_id: i64, id: i64) -> Result<bool> {
    let n = dispatch!(db, |pool| {
        sqlx::query("DELETE FROM projects WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner_id)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(n > 0)
}
