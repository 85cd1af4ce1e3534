//! Compound sets and replacing their contents.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use genui_storage::{
    dispatch, dispatch_tx, now, optional_row, page_of, Db, Listing, Page, PageRequest, Result, Tx,
};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{QueryBuilder, Row};

use super::{BATCH, PROPERTIES};
use crate::dedupe::Merged;
use crate::report::ImportReport;
use crate::sources::Source;

/// A compound set as stored, with the status of its latest import task.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompoundSet {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub source_kind: String,
    pub source: Json<Value>,
    pub file_key: Option<String>,
    pub task_id: Option<i64>,
    pub task_status: Option<String>,
    /// Counts imports; search indexes are cached per revision.
    pub revision: i64,
    pub molecule_count: i64,
    pub report: Option<Json<ImportReport>>,
    pub imported_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CompoundSet {
    /// The stored source options.
    pub fn source(&self) -> std::result::Result<Source, serde_json::Error> {
        serde_json::from_value(self.source.0.clone())
    }
}

const SET_COLUMNS: &str = "s.id, s.project_id, s.name, s.description, s.source_kind, s.source, \
    s.file_key, s.task_id, t.status AS task_status, s.revision, s.molecule_count, s.report, \
    s.imported_at, s.created_at, s.updated_at";
const SET_FROM: &str = "compound_sets s JOIN projects p ON p.id = s.project_id \
    LEFT JOIN tasks t ON t.id = s.task_id";

/// Creates a set (not yet imported) in `project_id`, in the transaction that queues its import;
/// a duplicate name in the project is a conflict (`compound_sets_project_name_key`).
pub async fn create_set(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    description: &str,
    source: &Source,
    file_key: Option<&str>,
) -> Result<i64> {
    let at = now();
    let source = serde_json::to_value(source).expect("sources serialize");
    Ok(dispatch_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO compound_sets (project_id, name, description, source_kind, source, \
             file_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(source["kind"].as_str().unwrap_or_default())
        .bind(Json(&source))
        .bind(file_key)
        .bind(at)
        .fetch_one(conn)
        .await?
    }))
}

/// Sets the source the next import reads, in the transaction that queues that import.
pub async fn set_source(
    tx: &mut Tx,
    id: i64,
    source: &Source,
    file_key: Option<&str>,
) -> Result<()> {
    let source = serde_json::to_value(source).expect("sources serialize");
    dispatch_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE compound_sets SET source = $1, file_key = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(Json(&source))
        .bind(file_key)
        .bind(now())
        .bind(id)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// A set by id, whoever owns it (task handlers).
pub async fn get_set(db: &Db, id: i64) -> Result<Option<CompoundSet>> {
    let sql = format!("SELECT {SET_COLUMNS} FROM {SET_FROM} WHERE s.id = $1");
    optional_row(db, &sql, &[id]).await
}

/// The owner's set `id`, or `None`.
pub async fn get_set_owned(db: &Db, owner: i64, id: i64) -> Result<Option<CompoundSet>> {
    let sql = format!("SELECT {SET_COLUMNS} FROM {SET_FROM} WHERE s.id = $1 AND p.owner_id = $2");
    optional_row(db, &sql, &[id, owner]).await
}

/// What fixes the contents of the owner's set `id`, or `None` when it is not theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::FromRow)]
pub struct ContentsVersion {
    /// The import revision (its molecules).
    pub revision: i64,
    /// How many activity sets it has and the newest one's id (0 without any): together they
    /// change whenever its activities do (predictions added or deleted).
    pub activity_sets: i64,
    pub newest_activity_set: i64,
}

/// The [`ContentsVersion`] of the owner's set `id` in one query, or `None` when it is not theirs.
pub async fn contents_version_owned(
    db: &Db,
    owner: i64,
    id: i64,
) -> Result<Option<ContentsVersion>> {
    let sql = "SELECT s.revision, \
         (SELECT COUNT(*) FROM activity_sets x WHERE x.compound_set_id = s.id) AS activity_sets, \
         (SELECT COALESCE(MAX(x.id), 0) FROM activity_sets x WHERE x.compound_set_id = s.id) \
             AS newest_activity_set \
         FROM compound_sets s JOIN projects p ON p.id = s.project_id \
         WHERE s.id = $1 AND p.owner_id = $2";
    optional_row(db, sql, &[id, owner]).await
}

/// The owner's sets, optionally of one project, newest first.
pub async fn list_sets_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    page: PageRequest,
) -> Result<Page<CompoundSet>> {
    let listing = Listing {
        columns: SET_COLUMNS,
        from: SET_FROM,
        filter: "p.owner_id = $1 AND ($2 IS NULL OR s.project_id = $2)",
        order: "s.id DESC",
    };
    page_of(db, listing, &[Some(owner), project], page).await
}

/// Deletes a set with its molecules, activity sets and activities (by cascade).
pub async fn delete_set(db: &Db, id: i64) -> Result<()> {
    dispatch!(db, |pool| {
        sqlx::query("DELETE FROM compound_sets WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// What [`replace_contents`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub molecules: usize,
    pub activities: usize,
}

/// Replaces everything a set holds by `merged` in the transaction `tx`:
/// the old molecules and activity sets go, the new ones are inserted in
/// batches, the set records `report` and moves to the next revision.
pub async fn replace_contents(
    tx: &mut Tx,
    set: &CompoundSet,
    merged: &[Merged],
    report: &ImportReport,
) -> Result<Written> {
    let at = now();
    let activity_count: usize = merged.iter().map(|m| m.activities.len()).sum();
    dispatch_tx!(tx, |conn| {
        sqlx::query("DELETE FROM activity_sets WHERE compound_set_id = $1")
            .bind(set.id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM molecules WHERE compound_set_id = $1")
            .bind(set.id)
            .execute(&mut *conn)
            .await?;
        let activity_set: Option<i64> = if activity_count > 0 {
            Some(
                sqlx::query_scalar(
                    "INSERT INTO activity_sets (project_id, compound_set_id, name, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(set.project_id)
                .bind(set.id)
                .bind(format!("{} activities", set.name))
                .bind(at)
                .fetch_one(&mut *conn)
                .await?,
            )
        } else {
            None
        };
        for (first, chunk) in (0..).step_by(BATCH).zip(merged.chunks(BATCH)) {
            let mut insert = QueryBuilder::new(format!(
                "INSERT INTO molecules (compound_set_id, project_id, ordinal, name, smiles, inchi, \
                 inchikey, source_positions, extra, fingerprint, screen, {}) ",
                PROPERTIES.join(", ")
            ));
            insert.push_values(
                chunk.iter().zip(first..),
                |mut row, (m, ordinal): (_, i64)| {
                    let molecule = &m.molecule;
                    let record = &molecule.record;
                    let positions: Vec<String> = m.positions.iter().map(u64::to_string).collect();
                    let extra = (!record.extra.is_empty()).then(|| {
                        Json(Value::Object(
                            record
                                .extra
                                .iter()
                                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                                .collect(),
                        ))
                    });
                    row.push_bind(set.id)
                        .push_bind(set.project_id)
                        .push_bind(ordinal)
                        .push_bind(record.name.clone())
                        .push_bind(molecule.canonical_smiles.clone())
                        .push_bind(molecule.inchi.clone())
                        .push_bind(molecule.inchikey.clone())
                        .push_bind(positions.join(","))
                        .push_bind(extra)
                        .push_bind(fingerprint_bytes(molecule.fingerprint.words()))
                        .push_bind(fingerprint_bytes(molecule.screen.words()));
                    for value in molecule.descriptors.values() {
                        row.push_bind(value);
                    }
                },
            );
            insert.push(" RETURNING id, inchikey");
            let rows = insert.build().fetch_all(&mut *conn).await?;
            let ids: HashMap<String, i64> = rows
                .iter()
                .map(|r| Ok((r.try_get::<String, _>(1)?, r.try_get::<i64, _>(0)?)))
                .collect::<std::result::Result<_, sqlx::Error>>()?;
            let Some(activity_set) = activity_set else {
                continue;
            };
            let activities: Vec<(i64, &crate::Activity)> = chunk
                .iter()
                .flat_map(|m| {
                    let id = ids[&m.molecule.inchikey];
                    m.activities.iter().map(move |a| (id, a))
                })
                .collect();
            for part in activities.chunks(BATCH * 4) {
                let mut insert = QueryBuilder::new(
                    "INSERT INTO activities (activity_set_id, molecule_id, type, value, units, \
                     relation, assay_id, target_id, comment, assay_type, assay_description, \
                     target_name, target_organism, document_id) ",
                );
                insert.push_values(part, |mut row, (molecule, a)| {
                    let detail = a.chembl.clone().unwrap_or_default();
                    row.push_bind(activity_set)
                        .push_bind(*molecule)
                        .push_bind(a.kind.clone())
                        .push_bind(a.value)
                        .push_bind(a.units.clone())
                        .push_bind(a.relation.clone())
                        .push_bind(a.assay.clone())
                        .push_bind(a.target.clone())
                        .push_bind(detail.comment)
                        .push_bind(detail.assay_type)
                        .push_bind(detail.assay_description)
                        .push_bind(detail.target_name)
                        .push_bind(detail.target_organism)
                        .push_bind(detail.document_id);
                });
                insert.build().execute(&mut *conn).await?;
            }
        }
        sqlx::query(
            "UPDATE compound_sets SET revision = revision + 1, molecule_count = $1, report = $2, \
             imported_at = $3, updated_at = $3 WHERE id = $4",
        )
        .bind(merged.len() as i64)
        .bind(Json(report))
        .bind(at)
        .bind(set.id)
        .execute(&mut *conn)
        .await?;
    });
    Ok(Written {
        molecules: merged.len(),
        activities: activity_count,
    })
}

fn fingerprint_bytes(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Fingerprint words from their stored bytes.
pub fn fingerprint_words(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks(8)
        .map(|c| {
            let mut word = [0u8; 8];
            word[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(word)
        })
        .collect()
}
