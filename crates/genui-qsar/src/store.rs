//! QSAR models in the database. Lookups with an `owner` only see models in
//! that user's projects.

use chrono::{DateTime, Utc};
use genui_ml::model::BuildSpec;
use genui_ml::performance::Performance;
use genui_ml::Mode;
use genui_storage::{
    dispatch, dispatch_tx, now, optional_row, page_of, Db, Listing, Page, PageRequest, Result, Tx,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;

/// What a model is made from: a build spec, or an uploaded model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ModelSpec {
    Built(BuildSpec),
    Imported(ImportedModel),
}

/// What an uploaded model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedModel {
    /// Always true: tells an imported model from a built one.
    pub imported: bool,
    pub algorithm: String,
    pub mode: Mode,
    /// Inputs the estimator reads.
    pub n_features: usize,
    /// What the file's maker recorded (descriptors, activity type, units, threshold…).
    pub metadata: Value,
}

/// A model as stored, with the status of its build task.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QsarModel {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub spec: Json<ModelSpec>,
    pub task_id: Option<i64>,
    pub task_status: Option<String>,
    pub file_key: Option<String>,
    pub performance: Option<Json<Performance>>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "q.id, q.project_id, q.name, q.description, q.spec, q.task_id, \
    t.status AS task_status, q.file_key, q.performance, q.built_at, q.created_at, q.updated_at";
const FROM: &str =
    "qsar_models q JOIN projects p ON p.id = q.project_id LEFT JOIN tasks t ON t.id = q.task_id";

/// Creates a model to be built, in the transaction that queues its build; a duplicate name in
/// the project is a conflict (`qsar_models_project_name_key`).
pub async fn create(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    description: &str,
    spec: &BuildSpec,
) -> Result<i64> {
    let at = now();
    Ok(dispatch_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO qsar_models (project_id, name, description, spec, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(Json(spec))
        .bind(at)
        .fetch_one(conn)
        .await?
    }))
}

/// Creates a ready model from an imported file (already checked and stored).
pub async fn create_imported(
    db: &Db,
    project_id: i64,
    name: &str,
    description: &str,
    spec: &ImportedModel,
    file_key: &str,
) -> Result<i64> {
    let at = now();
    Ok(dispatch!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO qsar_models (project_id, name, description, spec, file_key, built_at, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(Json(spec))
        .bind(file_key)
        .bind(at)
        // To the end: a failed autocommit must not return a row (see `dispatch!`).
        .fetch_all(pool)
        .await?
        .into_iter()
        .next()
        .ok_or(sqlx::Error::RowNotFound)?
    }))
}

/// A model by id, whoever owns it (task handlers).
pub async fn get(db: &Db, id: i64) -> Result<Option<QsarModel>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = $1");
    optional_row(db, &sql, &[id]).await
}

/// The owner's model `id`, or `None`.
pub async fn get_owned(db: &Db, owner: i64, id: i64) -> Result<Option<QsarModel>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = $1 AND p.owner_id = $2");
    optional_row(db, &sql, &[id, owner]).await
}

/// The owner's models, optionally of one project, newest first.
pub async fn list_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    page: PageRequest,
) -> Result<Page<QsarModel>> {
    let listing = Listing {
        columns: COLUMNS,
        from: FROM,
        filter: "p.owner_id = $1 AND ($2 IS NULL OR q.project_id = $2)",
        order: "q.id DESC",
    };
    page_of(db, listing, &[Some(owner), project], page).await
}

/// Deletes a model.
pub async fn delete(db: &Db, id: i64) -> Result<()> {
    genui_storage::delete_row(db, "qsar_models", id).await
}

/// Stores a build's outcome in the transaction that also ends its task.
pub async fn record_build(
    tx: &mut Tx,
    id: i64,
    file_key: &str,
    performance: &Performance,
) -> Result<()> {
    let at = now();
    dispatch_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE qsar_models SET file_key = $1, performance = $2, built_at = $3, updated_at = $3 \
             WHERE id = $4",
        )
        .bind(file_key)
        .bind(Json(performance))
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}
