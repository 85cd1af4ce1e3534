//! Networks and environments in the database. Lookups with an `owner` only see rows in that
//! user's projects.

use chrono::{DateTime, Utc};
use genui_storage::{
    dispatch, dispatch_tx, now, optional_row, page_of, Db, Listing, Page, PageRequest, Result, Tx,
};
use serde_json::Value;
use sqlx::types::Json;

use crate::report::{EpochMetrics, NetworkSummary};
use crate::spec::NetworkSpec;

/// A stored network, with the status of its training task.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NetworkRow {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// `pretrained`, `finetuned`, `imported` or `agent`.
    pub kind: String,
    pub spec: Json<NetworkSpec>,
    pub task_id: Option<i64>,
    pub task_status: Option<String>,
    /// The model configuration (`genui_generator_engine::files::ModelFile`) once built.
    pub config: Option<Json<Value>>,
    /// The weights in the file store.
    pub file_key: Option<String>,
    /// Per-epoch reports.
    pub metrics: Option<Json<Vec<EpochMetrics>>>,
    pub summary: Option<Json<NetworkSummary>>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const NETWORK_COLUMNS: &str = "g.id, g.project_id, g.name, g.description, g.kind, g.spec, \
    g.task_id, t.status AS task_status, g.config, g.file_key, g.metrics, g.summary, g.built_at, \
    g.created_at, g.updated_at";
const NETWORK_FROM: &str = "generator_networks g JOIN projects p ON p.id = g.project_id \
    LEFT JOIN tasks t ON t.id = g.task_id";

/// Table names, for the storage helpers shared with other objects.
pub const NETWORKS: &str = "generator_networks";
pub const ENVIRONMENTS: &str = "generator_environments";

/// Creates a network to be trained (or, with `built`, an imported one with its configuration
/// and weights); a duplicate name in the project is a conflict.
pub async fn create_network(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    description: &str,
    spec: &NetworkSpec,
    built: Option<(&Value, &str)>,
) -> Result<i64> {
    let at = now();
    let (config, file_key) = built.unzip();
    Ok(dispatch_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO generator_networks (project_id, name, description, kind, spec, config, \
             file_key, built_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(spec.kind())
        .bind(Json(spec))
        .bind(config.map(Json))
        .bind(file_key)
        .bind(built.map(|_| at))
        .bind(at)
        .fetch_one(conn)
        .await?
    }))
}

/// A network by id, whoever owns it (task handlers).
pub async fn get_network(db: &Db, id: i64) -> Result<Option<NetworkRow>> {
    let sql = format!("SELECT {NETWORK_COLUMNS} FROM {NETWORK_FROM} WHERE g.id = $1");
    optional_row(db, &sql, &[id]).await
}

/// The owner's network `id`, or `None`.
pub async fn get_network_owned(db: &Db, owner: i64, id: i64) -> Result<Option<NetworkRow>> {
    let sql =
        format!("SELECT {NETWORK_COLUMNS} FROM {NETWORK_FROM} WHERE g.id = $1 AND p.owner_id = $2");
    optional_row(db, &sql, &[id, owner]).await
}

/// The owner's networks, optionally of one project, agents (`agents`) or the others, newest
/// first.
pub async fn list_networks_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    agents: bool,
    page: PageRequest,
) -> Result<Page<NetworkRow>> {
    let listing = Listing {
        columns: NETWORK_COLUMNS,
        from: NETWORK_FROM,
        filter: if agents {
            "p.owner_id = $1 AND ($2 IS NULL OR g.project_id = $2) AND g.kind = 'agent'"
        } else {
            "p.owner_id = $1 AND ($2 IS NULL OR g.project_id = $2) AND g.kind <> 'agent'"
        },
        order: "g.id DESC",
    };
    page_of(db, listing, &[Some(owner), project], page).await
}

/// Replaces the per-epoch reports of a network being trained (live, outside the task's final
/// transaction: they show progress, and a retried attempt starts them again).
pub async fn set_metrics(db: &Db, id: i64, metrics: &[EpochMetrics]) -> Result<()> {
    dispatch!(db, |pool| {
        sqlx::query("UPDATE generator_networks SET metrics = $1 WHERE id = $2")
            .bind(Json(metrics))
            .bind(id)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Marks a network trained, in the transaction that also ends its task.
pub async fn record_build(
    tx: &mut Tx,
    id: i64,
    config: &Value,
    file_key: &str,
    summary: &NetworkSummary,
) -> Result<()> {
    let at = now();
    dispatch_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE generator_networks SET config = $1, file_key = $2, summary = $3, \
             built_at = $4, updated_at = $4 WHERE id = $5",
        )
        .bind(Json(config))
        .bind(file_key)
        .bind(Json(summary))
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}

/// Deletes a network row.
pub async fn delete_network(db: &Db, id: i64) -> Result<()> {
    genui_storage::delete_row(db, NETWORKS, id).await
}

/// A stored environment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EnvironmentRow {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub spec: Json<Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const ENVIRONMENT_COLUMNS: &str =
    "e.id, e.project_id, e.name, e.description, e.spec, e.created_at, e.updated_at";
const ENVIRONMENT_FROM: &str = "generator_environments e JOIN projects p ON p.id = e.project_id";

/// Creates an environment; a duplicate name in the project is a conflict.
pub async fn create_environment(
    db: &Db,
    project_id: i64,
    name: &str,
    description: &str,
    spec: &Value,
) -> Result<i64> {
    let at = now();
    Ok(dispatch!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO generator_environments (project_id, name, description, spec, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(Json(spec))
        .bind(at)
        // To the end: a failed autocommit must not return a row (see `dispatch!`).
        .fetch_all(pool)
        .await?
        .into_iter()
        .next()
        .ok_or(sqlx::Error::RowNotFound)?
    }))
}

/// An environment by id, whoever owns it (task handlers).
pub async fn get_environment(db: &Db, id: i64) -> Result<Option<EnvironmentRow>> {
    let sql = format!("SELECT {ENVIRONMENT_COLUMNS} FROM {ENVIRONMENT_FROM} WHERE e.id = $1");
    optional_row(db, &sql, &[id]).await
}

/// The owner's environment `id`, or `None`.
pub async fn get_environment_owned(db: &Db, owner: i64, id: i64) -> Result<Option<EnvironmentRow>> {
    let sql = format!(
        "SELECT {ENVIRONMENT_COLUMNS} FROM {ENVIRONMENT_FROM} WHERE e.id = $1 AND p.owner_id = $2"
    );
    optional_row(db, &sql, &[id, owner]).await
}

/// The owner's environments, optionally of one project, newest first.
pub async fn list_environments_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    page: PageRequest,
) -> Result<Page<EnvironmentRow>> {
    let listing = Listing {
        columns: ENVIRONMENT_COLUMNS,
        from: ENVIRONMENT_FROM,
        filter: "p.owner_id = $1 AND ($2 IS NULL OR e.project_id = $2)",
        order: "e.id DESC",
    };
    page_of(db, listing, &[Some(owner), project], page).await
}

/// Deletes an environment row.
pub async fn delete_environment(db: &Db, id: i64) -> Result<()> {
    genui_storage::delete_row(db, ENVIRONMENTS, id).await
}
