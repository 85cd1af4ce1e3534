//! Maps in the database. Lookups with an `owner` only see maps in that
//! user's projects.

use crate::spec::MapSummary;
use chrono::{DateTime, Utc};
use genui_storage::{
    dispatch, dispatch_tx, now, optional_row, page_of, Db, Listing, Page, PageRequest, Result, Tx,
};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::QueryBuilder;

/// A map as stored, with the status of its build task.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Map {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub spec: Json<Value>,
    pub task_id: Option<i64>,
    pub task_status: Option<String>,
    pub summary: Option<Json<MapSummary>>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "q.id, q.project_id, q.name, q.description, q.spec, q.task_id, \
    t.status AS task_status, q.summary, q.built_at, q.created_at, q.updated_at";
const FROM: &str =
    "maps q JOIN projects p ON p.id = q.project_id LEFT JOIN tasks t ON t.id = q.task_id";

/// Rows per multi-row insert.
const BATCH: usize = 500;

/// Creates a map to be built over `sets`, in the transaction that queues its build; a
/// duplicate name in the project is a conflict (`maps_project_name_key`).
pub async fn create(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    description: &str,
    spec: &Value,
    sets: &[i64],
) -> Result<i64> {
    let at = now();
    Ok(dispatch_tx!(tx, |conn| {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO maps (project_id, name, description, spec, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(Json(spec))
        .bind(at)
        .fetch_one(&mut *conn)
        .await?;
        for set in sets {
            sqlx::query(
                "INSERT INTO map_compound_sets (map_id, compound_set_id, placed) VALUES ($1, $2, FALSE)",
            )
            .bind(id)
            .bind(set)
            .execute(&mut *conn)
            .await?;
        }
        id
    }))
}

/// A map by id, whoever owns it (task handlers).
pub async fn get(db: &Db, id: i64) -> Result<Option<Map>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = $1");
    optional_row(db, &sql, &[id]).await
}

/// The owner's map `id`, or `None`.
pub async fn get_owned(db: &Db, owner: i64, id: i64) -> Result<Option<Map>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = $1 AND p.owner_id = $2");
    optional_row(db, &sql, &[id, owner]).await
}

/// The owner's maps, optionally of one project, newest first.
pub async fn list_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    page: PageRequest,
) -> Result<Page<Map>> {
    let listing = Listing {
        columns: COLUMNS,
        from: FROM,
        filter: "p.owner_id = $1 AND ($2 IS NULL OR q.project_id = $2)",
        order: "q.id DESC",
    };
    page_of(db, listing, &[Some(owner), project], page).await
}

/// Deletes a map (its points and set links go with it).
pub async fn delete(db: &Db, id: i64) -> Result<()> {
    genui_storage::delete_row(db, "maps", id).await
}

/// The compound sets of a map: (id, placed onto the finished map).
pub async fn compound_sets(db: &Db, map: i64) -> Result<Vec<(i64, bool)>> {
    Ok(dispatch!(db, |pool| {
        sqlx::query_as(
            "SELECT compound_set_id, placed FROM map_compound_sets WHERE map_id = $1 \
             ORDER BY compound_set_id",
        )
        .bind(map)
        .fetch_all(pool)
        .await?
    }))
}

/// The maps that place any of `molecules`: (map, map name, molecule), by map.
pub async fn maps_of_molecules(db: &Db, molecules: &[i64]) -> Result<Vec<(i64, String, i64)>> {
    let mut rows = Vec::new();
    for chunk in molecules.chunks(500) {
        let found: Vec<(i64, String, i64)> = dispatch!(db, |pool| {
            let mut select = QueryBuilder::new(
                "SELECT m.id, m.name, p.molecule_id FROM map_points p \
                 JOIN maps m ON m.id = p.map_id WHERE p.molecule_id IN (",
            );
            let mut list = select.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            select.push(")");
            select.build_query_as().fetch_all(pool).await?
        });
        rows.extend(found);
    }
    rows.sort();
    Ok(rows)
}

/// One molecule's membership of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointRow {
    pub point: i64,
    pub molecule_id: i64,
    pub x: f64,
    pub y: f64,
    pub placed: bool,
}

/// Stores points in the transaction that also ends their task.
pub async fn insert_points(tx: &mut Tx, map: i64, rows: &[PointRow]) -> Result<()> {
    dispatch_tx!(tx, |conn| {
        for chunk in rows.chunks(BATCH) {
            let mut insert = QueryBuilder::new(
                "INSERT INTO map_points (map_id, molecule_id, point, x, y, placed) ",
            );
            insert.push_values(chunk, |mut row, p| {
                row.push_bind(map)
                    .push_bind(p.molecule_id)
                    .push_bind(p.point)
                    .push_bind(p.x)
                    .push_bind(p.y)
                    .push_bind(p.placed);
            });
            insert.build().execute(&mut *conn).await?;
        }
    });
    Ok(())
}

/// Marks a build done, with its summary.
pub async fn record_build(tx: &mut Tx, id: i64, summary: &MapSummary) -> Result<()> {
    let at = now();
    dispatch_tx!(tx, |conn| {
        sqlx::query("UPDATE maps SET summary = $1, built_at = $2, updated_at = $2 WHERE id = $3")
            .bind(Json(summary))
            .bind(at)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    });
    Ok(())
}

/// Links a compound set placed onto a map.
pub async fn add_placed_set(tx: &mut Tx, map: i64, set: i64) -> Result<()> {
    dispatch_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO map_compound_sets (map_id, compound_set_id, placed) VALUES ($1, $2, TRUE)",
        )
        .bind(map)
        .bind(set)
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}

/// A point's membership with its molecule's set, SMILES, InChIKey and the
/// asked molecule columns.
#[derive(Debug, Clone, PartialEq)]
pub struct PointDetail {
    pub row: PointRow,
    pub compound_set_id: i64,
    pub smiles: String,
    pub inchikey: String,
    pub properties: Vec<f64>,
}

/// Every membership of a map's points, by point then molecule, with SMILES
/// and InChIKey when `structures` (else empty: less to read for large maps).
/// `properties` must be molecule property columns (checked by the caller).
pub async fn points(
    db: &Db,
    map: i64,
    properties: &[&str],
    structures: bool,
) -> Result<Vec<PointDetail>> {
    let extra: String = properties.iter().map(|p| format!(", m.{p}")).collect();
    let structure = if structures {
        "m.smiles, m.inchikey"
    } else {
        "CAST('' AS TEXT), CAST('' AS TEXT)"
    };
    let sql = format!(
        "SELECT mp.point, mp.molecule_id, mp.x, mp.y, mp.placed, m.compound_set_id, {structure}\
         {extra} FROM map_points mp JOIN molecules m ON m.id = mp.molecule_id \
         WHERE mp.map_id = $1 ORDER BY mp.point, mp.molecule_id"
    );
    fn decode<R: sqlx::Row>(
        row: &R,
        properties: usize,
    ) -> std::result::Result<PointDetail, sqlx::Error>
    where
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        usize: sqlx::ColumnIndex<R>,
    {
        Ok(PointDetail {
            row: PointRow {
                point: row.try_get(0)?,
                molecule_id: row.try_get(1)?,
                x: row.try_get(2)?,
                y: row.try_get(3)?,
                placed: row.try_get(4)?,
            },
            compound_set_id: row.try_get(5)?,
            smiles: row.try_get(6)?,
            inchikey: row.try_get(7)?,
            properties: (0..properties)
                .map(|k| row.try_get(8 + k))
                .collect::<std::result::Result<_, _>>()?,
        })
    }
    Ok(dispatch!(db, |pool| {
        let rows = sqlx::query(&sql).bind(map).fetch_all(pool).await?;
        rows.iter()
            .map(|r| decode(r, properties.len()))
            .collect::<std::result::Result<Vec<_>, _>>()?
    }))
}
