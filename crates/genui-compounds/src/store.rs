//! Compound sets, their molecules, activity sets and activities in the
//! database (SQLite or PostgreSQL through `genui_storage`).
//!
//! Lookups that take an `owner` only see rows in that user's projects; a row
//! of another user is indistinguishable from a missing one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use genui_chem::descriptors::Descriptors;
use genui_storage::{dispatch, dispatch_tx, now, Db, Page, PageRequest, Result, Tx};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{QueryBuilder, Row};

use crate::dedupe::Merged;
use crate::sources::Source;

/// The molecule properties stored as columns (the chemistry core's descriptors).
pub const PROPERTIES: [&str; 31] = Descriptors::NAMES;

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
    pub report: Option<Json<Value>>,
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

/// Creates a set (not yet imported) in `project_id`; a duplicate name in the
/// project is a conflict (`compound_sets_project_name_key`).
pub async fn create_set(
    db: &Db,
    project_id: i64,
    name: &str,
    description: &str,
    source: &Source,
    file_key: Option<&str>,
) -> Result<CompoundSet> {
    let at = now();
    let source = serde_json::to_value(source).expect("sources serialize");
    let id: i64 = dispatch!(db, |pool| {
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
        .fetch_one(pool)
        .await?
    });
    Ok(get_set(db, id).await?.expect("just inserted"))
}

/// Records the task importing the set (and, for a re-import, its new source).
pub async fn attach_task(
    db: &Db,
    id: i64,
    task_id: i64,
    source: &Source,
    file_key: Option<&str>,
) -> Result<()> {
    let source = serde_json::to_value(source).expect("sources serialize");
    dispatch!(db, |pool| {
        sqlx::query(
            "UPDATE compound_sets SET task_id = $1, source = $2, file_key = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(task_id)
        .bind(Json(&source))
        .bind(file_key)
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    });
    Ok(())
}

/// A set by id, whoever owns it (task handlers).
pub async fn get_set(db: &Db, id: i64) -> Result<Option<CompoundSet>> {
    let sql = format!("SELECT {SET_COLUMNS} FROM {SET_FROM} WHERE s.id = $1");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, CompoundSet>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

/// The owner's set `id`, or `None`.
pub async fn get_set_owned(db: &Db, owner: i64, id: i64) -> Result<Option<CompoundSet>> {
    let sql = format!("SELECT {SET_COLUMNS} FROM {SET_FROM} WHERE s.id = $1 AND p.owner_id = $2");
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, CompoundSet>(&sql)
            .bind(id)
            .bind(owner)
            .fetch_optional(pool)
            .await?
    }))
}

/// The owner's sets, optionally of one project, newest first.
pub async fn list_sets_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    page: PageRequest,
) -> Result<Page<CompoundSet>> {
    let filter = "p.owner_id = $1 AND ($2 IS NULL OR s.project_id = $2)";
    let sql = format!(
        "SELECT {SET_COLUMNS} FROM {SET_FROM} WHERE {filter} ORDER BY s.id DESC LIMIT $3 OFFSET $4"
    );
    let count_sql = format!("SELECT COUNT(*) FROM {SET_FROM} WHERE {filter}");
    let (count, items) = dispatch!(db, |pool| {
        let count: i64 = sqlx::query_scalar(&count_sql)
            .bind(owner)
            .bind(project)
            .fetch_one(pool)
            .await?;
        let items = sqlx::query_as::<_, CompoundSet>(&sql)
            .bind(owner)
            .bind(project)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(pool)
            .await?;
        (count, items)
    });
    Ok(Page { count, items })
}

/// Renames or re-describes a set.
pub async fn update_set(
    db: &Db,
    id: i64,
    name: Option<&str>,
    description: Option<&str>,
) -> Result<()> {
    dispatch!(db, |pool| {
        sqlx::query(
            "UPDATE compound_sets SET name = COALESCE($1, name), \
             description = COALESCE($2, description), updated_at = $3 WHERE id = $4",
        )
        .bind(name)
        .bind(description)
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    });
    Ok(())
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

/// Rows per multi-row INSERT: well inside both backends' parameter limits.
const BATCH: usize = 400;

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
    report: &Value,
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
        for chunk in merged.chunks(BATCH) {
            let mut insert = QueryBuilder::new(format!(
                "INSERT INTO molecules (compound_set_id, project_id, name, smiles, inchi, inchikey, \
                 source_positions, extra, fingerprint, screen, {}) ",
                PROPERTIES.join(", ")
            ));
            insert.push_values(chunk, |mut row, m| {
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
            });
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
                     relation, assay_id, target_id) ",
                );
                insert.push_values(part, |mut row, (molecule, a)| {
                    row.push_bind(activity_set)
                        .push_bind(*molecule)
                        .push_bind(a.kind.clone())
                        .push_bind(a.value)
                        .push_bind(a.units.clone())
                        .push_bind(a.relation.clone())
                        .push_bind(a.assay.clone())
                        .push_bind(a.target.clone());
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

/// A stored molecule.
#[derive(Debug, Clone)]
pub struct MoleculeRow {
    pub id: i64,
    pub compound_set_id: i64,
    pub project_id: i64,
    pub name: Option<String>,
    pub smiles: String,
    pub inchi: String,
    pub inchikey: String,
    pub source_positions: String,
    pub extra: Option<Value>,
    /// In the order of [`PROPERTIES`].
    pub properties: Vec<f64>,
}

const MOLECULE_COLUMNS: &str = "m.id, m.compound_set_id, m.project_id, m.name, m.smiles, \
    m.inchi, m.inchikey, m.source_positions, m.extra";

fn molecule_columns() -> String {
    let properties: Vec<String> = PROPERTIES.iter().map(|p| format!("m.{p}")).collect();
    format!("{MOLECULE_COLUMNS}, {}", properties.join(", "))
}

macro_rules! molecule_from_row {
    ($row:ty) => {
        impl<'r> sqlx::FromRow<'r, $row> for MoleculeRow {
            fn from_row(row: &'r $row) -> sqlx::Result<Self> {
                Ok(Self {
                    id: row.try_get("id")?,
                    compound_set_id: row.try_get("compound_set_id")?,
                    project_id: row.try_get("project_id")?,
                    name: row.try_get("name")?,
                    smiles: row.try_get("smiles")?,
                    inchi: row.try_get("inchi")?,
                    inchikey: row.try_get("inchikey")?,
                    source_positions: row.try_get("source_positions")?,
                    extra: row.try_get::<Option<Json<Value>>, _>("extra")?.map(|j| j.0),
                    properties: PROPERTIES
                        .iter()
                        .map(|p| row.try_get::<f64, _>(*p))
                        .collect::<sqlx::Result<_>>()?,
                })
            }
        }
    };
}
molecule_from_row!(sqlx::sqlite::SqliteRow);
molecule_from_row!(sqlx::postgres::PgRow);

/// Which molecules a listing or search covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Set(i64),
    Project(i64),
}

impl Scope {
    fn column(self) -> (&'static str, i64) {
        match self {
            Self::Set(id) => ("m.compound_set_id", id),
            Self::Project(id) => ("m.project_id", id),
        }
    }
}

/// What a condition or ordering looks at.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Id,
    /// An index into [`PROPERTIES`].
    Property(usize),
    /// The mean value of the molecule's activities of this type.
    Activity(String),
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Comparison {
    fn sql(self) -> &'static str {
        match self {
            Self::Lt => " < ",
            Self::Le => " <= ",
            Self::Gt => " > ",
            Self::Ge => " >= ",
            Self::Eq => " = ",
            Self::Ne => " <> ",
        }
    }
}

/// `field comparison value`; an activity condition holds when any of the
/// molecule's activities of that type satisfies it.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: Field,
    pub comparison: Comparison,
    pub value: f64,
}

/// Filters and order of a molecule listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoleculeQuery {
    pub conditions: Vec<Condition>,
    /// Order by this field (then by id); `None` orders by id.
    pub order: Option<(Field, bool)>,
}

fn push_where<'a, DB: sqlx::Database>(
    builder: &mut QueryBuilder<'a, DB>,
    scope: Scope,
    query: &'a MoleculeQuery,
) where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    f64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let (column, id) = scope.column();
    builder.push(format!(" WHERE {column} = ")).push_bind(id);
    for condition in &query.conditions {
        match &condition.field {
            Field::Id => {
                builder.push(" AND m.id").push(condition.comparison.sql());
                builder.push_bind(condition.value as i64);
            }
            Field::Property(i) => {
                builder
                    .push(format!(" AND m.{}", PROPERTIES[*i]))
                    .push(condition.comparison.sql())
                    .push_bind(condition.value);
            }
            Field::Activity(kind) => {
                builder
                    .push(
                        " AND EXISTS (SELECT 1 FROM activities a WHERE a.molecule_id = m.id AND a.type = ",
                    )
                    .push_bind(kind.clone())
                    .push(" AND a.value")
                    .push(condition.comparison.sql())
                    .push_bind(condition.value)
                    .push(")");
            }
        }
    }
}

fn push_order<'a, DB: sqlx::Database>(builder: &mut QueryBuilder<'a, DB>, query: &'a MoleculeQuery)
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    builder.push(" ORDER BY ");
    if let Some((field, descending)) = &query.order {
        let direction = if *descending { " DESC" } else { " ASC" };
        match field {
            Field::Id => {}
            Field::Property(i) => {
                builder.push(format!("m.{}{direction}, ", PROPERTIES[*i]));
            }
            Field::Activity(kind) => {
                builder
                    .push("(SELECT AVG(a.value) FROM activities a WHERE a.molecule_id = m.id AND a.type = ")
                    .push_bind(kind.clone())
                    .push(format!("){direction} NULLS LAST, "));
            }
        }
        let id_direction = if *descending && query.order.as_ref().is_some_and(|o| o.0 == Field::Id)
        {
            " DESC"
        } else {
            " ASC"
        };
        builder.push(format!("m.id{id_direction}"));
    } else {
        builder.push("m.id ASC");
    }
}

fn push_page<'a, DB: sqlx::Database>(builder: &mut QueryBuilder<'a, DB>, page: PageRequest)
where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    builder
        .push(" LIMIT ")
        .push_bind(page.limit)
        .push(" OFFSET ")
        .push_bind(page.offset);
}

/// A page of molecules in `scope` matching `query`.
pub async fn list_molecules(
    db: &Db,
    scope: Scope,
    query: &MoleculeQuery,
    page: PageRequest,
) -> Result<Page<MoleculeRow>> {
    let columns = molecule_columns();
    Ok(dispatch!(db, |pool| {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM molecules m");
        push_where(&mut count, scope, query);
        let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
        let mut select = QueryBuilder::new(format!("SELECT {columns} FROM molecules m"));
        push_where(&mut select, scope, query);
        push_order(&mut select, query);
        push_page(&mut select, page);
        let items = select
            .build_query_as::<MoleculeRow>()
            .fetch_all(pool)
            .await?;
        Page {
            count: total,
            items,
        }
    }))
}

/// Every molecule of a set, in id order (exports).
pub async fn all_molecules(db: &Db, set: i64) -> Result<Vec<MoleculeRow>> {
    let sql = format!(
        "SELECT {} FROM molecules m WHERE m.compound_set_id = $1 ORDER BY m.id",
        molecule_columns()
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, MoleculeRow>(&sql)
            .bind(set)
            .fetch_all(pool)
            .await?
    }))
}

/// Molecules by id (search hits; the caller has checked whose they are).
pub async fn molecules_by_id(db: &Db, ids: &[i64]) -> Result<Vec<MoleculeRow>> {
    let columns = molecule_columns();
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH * 2) {
        let found = dispatch!(db, |pool| {
            let mut select =
                QueryBuilder::new(format!("SELECT {columns} FROM molecules m WHERE m.id IN ("));
            let mut list = select.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            select.push(")");
            select
                .build_query_as::<MoleculeRow>()
                .fetch_all(pool)
                .await?
        });
        rows.extend(found);
    }
    Ok(rows)
}

/// The owner's molecule `id`, or `None`.
pub async fn get_molecule_owned(db: &Db, owner: i64, id: i64) -> Result<Option<MoleculeRow>> {
    let sql = format!(
        "SELECT {} FROM molecules m JOIN projects p ON p.id = m.project_id \
         WHERE m.id = $1 AND p.owner_id = $2",
        molecule_columns()
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, MoleculeRow>(&sql)
            .bind(id)
            .bind(owner)
            .fetch_optional(pool)
            .await?
    }))
}

/// What similarity and substructure search need of each molecule.
#[derive(Debug, Clone)]
pub struct SearchRow {
    pub id: i64,
    pub smiles: String,
    pub fingerprint: Vec<u8>,
    pub screen: Vec<u8>,
}

/// The search data of a set, in id order.
pub async fn search_rows(db: &Db, set: i64) -> Result<Vec<SearchRow>> {
    let rows = dispatch!(db, |pool| {
        sqlx::query_as::<_, (i64, String, Vec<u8>, Vec<u8>)>(
            "SELECT id, smiles, fingerprint, screen FROM molecules WHERE compound_set_id = $1 \
             ORDER BY id",
        )
        .bind(set)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, smiles, fingerprint, screen)| SearchRow {
            id,
            smiles,
            fingerprint,
            screen,
        })
        .collect())
}

/// Ids and revisions of the imported sets of a project.
pub async fn imported_sets(db: &Db, project: i64) -> Result<Vec<(i64, i64)>> {
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT id, revision FROM compound_sets WHERE project_id = $1 AND imported_at IS NOT NULL \
             ORDER BY id",
        )
        .bind(project)
        .fetch_all(pool)
        .await?
    }))
}

/// A stored activity.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub activity_set_id: i64,
    pub molecule_id: i64,
    #[sqlx(rename = "type")]
    pub kind: String,
    pub value: f64,
    pub units: Option<String>,
    pub relation: Option<String>,
    pub assay_id: Option<String>,
    pub target_id: Option<String>,
}

const ACTIVITY_COLUMNS: &str = "a.id, a.activity_set_id, a.molecule_id, a.type, a.value, a.units, \
    a.relation, a.assay_id, a.target_id";

/// The activities of these molecules, by molecule id.
pub async fn activities_of(db: &Db, molecules: &[i64]) -> Result<HashMap<i64, Vec<ActivityRow>>> {
    let mut by_molecule: HashMap<i64, Vec<ActivityRow>> = HashMap::new();
    for chunk in molecules.chunks(BATCH * 2) {
        let rows = dispatch!(db, |pool| {
            let mut select = QueryBuilder::new(format!(
                "SELECT {ACTIVITY_COLUMNS} FROM activities a WHERE a.molecule_id IN ("
            ));
            let mut list = select.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            select.push(") ORDER BY a.id");
            select
                .build_query_as::<ActivityRow>()
                .fetch_all(pool)
                .await?
        });
        for row in rows {
            by_molecule.entry(row.molecule_id).or_default().push(row);
        }
    }
    Ok(by_molecule)
}

/// An activity set as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivitySet {
    pub id: i64,
    pub project_id: i64,
    pub compound_set_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

const ACTIVITY_SET_COLUMNS: &str = "x.id, x.project_id, x.compound_set_id, x.name, x.created_at";

/// The owner's activity set `id`, or `None`.
pub async fn get_activity_set_owned(db: &Db, owner: i64, id: i64) -> Result<Option<ActivitySet>> {
    let sql = format!(
        "SELECT {ACTIVITY_SET_COLUMNS} FROM activity_sets x JOIN projects p ON p.id = x.project_id \
         WHERE x.id = $1 AND p.owner_id = $2"
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, ActivitySet>(&sql)
            .bind(id)
            .bind(owner)
            .fetch_optional(pool)
            .await?
    }))
}

/// The owner's activity sets, optionally of one project and/or compound set.
pub async fn list_activity_sets_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    compound_set: Option<i64>,
    page: PageRequest,
) -> Result<Page<ActivitySet>> {
    let filter = "p.owner_id = $1 AND ($2 IS NULL OR x.project_id = $2) \
                  AND ($3 IS NULL OR x.compound_set_id = $3)";
    let from = "activity_sets x JOIN projects p ON p.id = x.project_id";
    let sql = format!(
        "SELECT {ACTIVITY_SET_COLUMNS} FROM {from} WHERE {filter} ORDER BY x.id DESC LIMIT $4 OFFSET $5"
    );
    let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
    let (count, items) = dispatch!(db, |pool| {
        let count: i64 = sqlx::query_scalar(&count_sql)
            .bind(owner)
            .bind(project)
            .bind(compound_set)
            .fetch_one(pool)
            .await?;
        let items = sqlx::query_as::<_, ActivitySet>(&sql)
            .bind(owner)
            .bind(project)
            .bind(compound_set)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(pool)
            .await?;
        (count, items)
    });
    Ok(Page { count, items })
}

/// A page of an activity set's activities, optionally only of some molecules.
pub async fn list_activities(
    db: &Db,
    activity_set: i64,
    molecules: Option<&[i64]>,
    page: PageRequest,
) -> Result<Page<ActivityRow>> {
    fn push_filter<'a, DB: sqlx::Database>(
        builder: &mut QueryBuilder<'a, DB>,
        activity_set: i64,
        molecules: Option<&'a [i64]>,
    ) where
        i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        builder
            .push(" WHERE a.activity_set_id = ")
            .push_bind(activity_set);
        if let Some(ids) = molecules {
            builder.push(" AND a.molecule_id IN (");
            let mut list = builder.separated(", ");
            list.push_bind(-1i64);
            for id in ids {
                list.push_bind(*id);
            }
            builder.push(")");
        }
    }
    Ok(dispatch!(db, |pool| {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM activities a");
        push_filter(&mut count, activity_set, molecules);
        let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
        let mut select = QueryBuilder::new(format!("SELECT {ACTIVITY_COLUMNS} FROM activities a"));
        push_filter(&mut select, activity_set, molecules);
        select.push(" ORDER BY a.id");
        push_page(&mut select, page);
        let items = select
            .build_query_as::<ActivityRow>()
            .fetch_all(pool)
            .await?;
        Page {
            count: total,
            items,
        }
    }))
}

/// Every activity of an activity set (summaries).
pub async fn all_activities(db: &Db, activity_set: i64) -> Result<Vec<ActivityRow>> {
    let sql = format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities a WHERE a.activity_set_id = $1 ORDER BY a.id"
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(activity_set)
            .fetch_all(pool)
            .await?
    }))
}

impl Field {
    /// `id`, a property name (see [`PROPERTIES`]) or `activity:<type>`.
    pub fn parse(name: &str) -> std::result::Result<Self, String> {
        let name = name.trim();
        if name == "id" {
            return Ok(Self::Id);
        }
        if let Some(kind) = name.strip_prefix("activity:") {
            let kind = kind.trim();
            if kind.is_empty() || kind.len() > 200 {
                return Err("an activity field is `activity:<type>`, e.g. `activity:pIC50`".into());
            }
            return Ok(Self::Activity(kind.to_owned()));
        }
        PROPERTIES
            .iter()
            .position(|p| *p == name)
            .map(Self::Property)
            .ok_or_else(|| {
                format!(
                    "unknown field {name:?}: use id, activity:<type> or one of {}",
                    PROPERTIES.join(", ")
                )
            })
    }
}

impl MoleculeQuery {
    /// Parses `sort` (`mw`, `-qed`, `-activity:pIC50`; `-` for descending)
    /// and `filter` (comma-separated conditions like `mw<500,activity:pIC50>=6`).
    pub fn parse(sort: Option<&str>, filter: Option<&str>) -> std::result::Result<Self, String> {
        let order = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                let (descending, name) = match s.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, s),
                };
                Some((Field::parse(name)?, descending))
            }
        };
        let mut conditions = Vec::new();
        for part in filter
            .unwrap_or("")
            .split(',')
            .filter(|p| !p.trim().is_empty())
        {
            conditions.push(parse_condition(part)?);
        }
        if conditions.len() > 20 {
            return Err("at most 20 filter conditions".into());
        }
        Ok(Self { conditions, order })
    }
}

fn parse_condition(text: &str) -> std::result::Result<Condition, String> {
    const OPERATORS: [(&str, Comparison); 6] = [
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("!=", Comparison::Ne),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
        ("=", Comparison::Eq),
    ];
    // The first operator character splits field and value (types may not contain them).
    let at = text
        .find(['<', '>', '=', '!'])
        .ok_or_else(|| format!("filter {text:?} has no comparison (<, <=, >, >=, =, !=)"))?;
    let (name, rest) = text.split_at(at);
    let (symbol, comparison) = OPERATORS
        .iter()
        .find(|(symbol, _)| rest.starts_with(symbol))
        .ok_or_else(|| format!("filter {text:?} has no valid comparison"))?;
    let value_text = rest[symbol.len()..].trim();
    let value = value_text
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("filter {text:?}: {value_text:?} is not a number"))?;
    Ok(Condition {
        field: Field::parse(name)?,
        comparison: *comparison,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_and_filter_parse() {
        let q = MoleculeQuery::parse(Some("-activity:pIC50"), Some("mw<500, logp>=1.5,id!=3"))
            .expect("works");
        assert_eq!(q.order, Some((Field::Activity("pIC50".into()), true)));
        assert_eq!(q.conditions.len(), 3);
        assert_eq!(q.conditions[0].field, Field::Property(0));
        assert_eq!(q.conditions[0].comparison, Comparison::Lt);
        assert_eq!(q.conditions[1].comparison, Comparison::Ge);
        assert_eq!(q.conditions[1].value, 1.5);
        assert_eq!(q.conditions[2].field, Field::Id);
        assert!(MoleculeQuery::parse(Some("weight"), None)
            .expect_err("fails")
            .contains("unknown field"));
        assert!(MoleculeQuery::parse(None, Some("mw<abc"))
            .expect_err("fails")
            .contains("not a number"));
        assert!(MoleculeQuery::parse(None, Some("mw~3"))
            .expect_err("fails")
            .contains("no comparison"));
        assert!(MoleculeQuery::parse(None, Some("mw<NaN")).is_err());
    }
}
