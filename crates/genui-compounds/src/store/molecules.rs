//! Stored molecules: listing with conditions and order, lookups, search data.

use std::sync::LazyLock;

use genui_storage::{dispatch, optional_row, Db, Page, PageRequest, Result};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{QueryBuilder, Row};

use super::query::MoleculeQuery;
use super::{push_page, Field, BATCH, PROPERTIES};

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

fn molecule_columns() -> &'static str {
    static COLUMNS: LazyLock<String> = LazyLock::new(|| {
        let properties: Vec<String> = PROPERTIES.iter().map(|p| format!("m.{p}")).collect();
        format!("{MOLECULE_COLUMNS}, {}", properties.join(", "))
    });
    &COLUMNS
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
            Field::Activity { kind, activity_set } => {
                builder.push(" AND EXISTS (SELECT 1");
                push_activities_of(builder, kind, *activity_set);
                builder
                    .push(" AND a.value")
                    .push(condition.comparison.sql())
                    .push_bind(condition.value)
                    .push(")");
            }
        }
    }
}

/// ` FROM activities a WHERE …`: molecule `m`'s activities of type `kind`, of every set or of
/// `activity_set`.
fn push_activities_of<'a, DB: sqlx::Database>(
    builder: &mut QueryBuilder<'a, DB>,
    kind: &str,
    activity_set: Option<i64>,
) where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    builder
        .push(" FROM activities a WHERE a.molecule_id = m.id AND a.type = ")
        .push_bind(kind.to_owned());
    if let Some(id) = activity_set {
        builder.push(" AND a.activity_set_id = ").push_bind(id);
    }
}

fn push_order<'a, DB: sqlx::Database>(
    builder: &mut QueryBuilder<'a, DB>,
    scope: Scope,
    query: &'a MoleculeQuery,
) where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
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
            Field::Activity { kind, activity_set } => {
                builder.push("(SELECT AVG(a.value)");
                push_activities_of(builder, kind, *activity_set);
                builder.push(format!("){direction} NULLS LAST, "));
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
        builder.push(match scope {
            // A set's own order, the one its index keeps.
            Scope::Set(_) => "m.ordinal ASC",
            Scope::Project(_) => "m.id ASC",
        });
    }
}

/// A page of molecules in `scope` matching `query`: a set's molecules in the order they were
/// imported, a project's by id, unless `query` orders them otherwise.
pub async fn list_molecules(
    db: &Db,
    scope: Scope,
    query: &MoleculeQuery,
    page: PageRequest,
) -> Result<Page<MoleculeRow>> {
    if let (Scope::Set(set), true) = (scope, query.is_plain()) {
        return set_page(db, set, page).await;
    }
    let columns = molecule_columns();
    Ok(dispatch!(db, |pool| {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM molecules m");
        push_where(&mut count, scope, query);
        let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
        let mut select = QueryBuilder::new(format!("SELECT {columns} FROM molecules m"));
        push_where(&mut select, scope, query);
        push_order(&mut select, scope, query);
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

/// A page of a whole set in its own order: a range of its index and the count the set keeps,
/// so that the last page of a large set costs what the first does.
async fn set_page(db: &Db, set: i64, page: PageRequest) -> Result<Page<MoleculeRow>> {
    let sql = format!(
        "SELECT {} FROM molecules m WHERE m.compound_set_id = $1 AND m.ordinal >= $2 \
         AND m.ordinal < $3 ORDER BY m.ordinal",
        molecule_columns()
    );
    Ok(dispatch!(db, |pool| {
        let count: Option<i64> =
            sqlx::query_scalar("SELECT molecule_count FROM compound_sets WHERE id = $1")
                .bind(set)
                .fetch_optional(pool)
                .await?;
        let items = sqlx::query_as::<_, MoleculeRow>(&sql)
            .bind(set)
            .bind(page.offset)
            .bind(page.offset.saturating_add(page.limit))
            .fetch_all(pool)
            .await?;
        Page {
            count: count.unwrap_or(0),
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
    optional_row(db, &sql, &[id, owner]).await
}

/// A structure's molecules in a project's compound sets, by InChIKey: (molecule, compound set,
/// set name), in id order.
pub async fn same_structure(
    db: &Db,
    project: i64,
    inchikey: &str,
) -> Result<Vec<(i64, i64, String)>> {
    Ok(dispatch!(db, |pool| {
        sqlx::query_as(
            "SELECT m.id, m.compound_set_id, s.name FROM molecules m \
             JOIN compound_sets s ON s.id = m.compound_set_id \
             WHERE m.project_id = $1 AND m.inchikey = $2 ORDER BY m.id",
        )
        .bind(project)
        .bind(inchikey)
        .fetch_all(pool)
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
