//! Activity sets and activities.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use genui_storage::{
    dispatch, dispatch_tx, now, optional_row, page_of, Db, Listing, Page, PageRequest, Result, Tx,
};
use sqlx::QueryBuilder;

use super::{push_page, BATCH};
use crate::pipeline::ChemblDetail;

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
    #[sqlx(flatten)]
    pub chembl: ChemblDetail,
    /// Predictions: the highest Tanimoto similarity to the model's training set.
    pub applicability: Option<f64>,
    /// Regression predictions: the conformal interval at the set's `interval_confidence`.
    pub interval_low: Option<f64>,
    pub interval_high: Option<f64>,
}

#[cfg(test)]
impl ActivityRow {
    /// A measured value of set 1, for tests.
    pub(crate) fn measured(molecule_id: i64, kind: &str, value: f64, units: Option<&str>) -> Self {
        Self {
            id: 0,
            activity_set_id: 1,
            molecule_id,
            kind: kind.into(),
            value,
            units: units.map(str::to_owned),
            relation: None,
            assay_id: None,
            target_id: None,
            chembl: ChemblDetail::default(),
            applicability: None,
            interval_low: None,
            interval_high: None,
        }
    }
}

const ACTIVITY_COLUMNS: &str = "a.id, a.activity_set_id, a.molecule_id, a.type, a.value, a.units, \
    a.relation, a.assay_id, a.target_id, a.comment, a.assay_type, a.assay_description, \
    a.target_name, a.target_organism, a.document_id, a.applicability, a.interval_low, \
    a.interval_high";

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
    /// The model whose predictions these are.
    pub qsar_model_id: Option<i64>,
    /// Predictions: the confidence of their intervals.
    pub interval_confidence: Option<f64>,
    pub created_at: DateTime<Utc>,
}

const ACTIVITY_SET_COLUMNS: &str = "x.id, x.project_id, x.compound_set_id, x.name, \
    x.qsar_model_id, x.interval_confidence, x.created_at";

/// The owner's activity set `id`, or `None`.
pub async fn get_activity_set_owned(db: &Db, owner: i64, id: i64) -> Result<Option<ActivitySet>> {
    let sql = format!(
        "SELECT {ACTIVITY_SET_COLUMNS} FROM activity_sets x JOIN projects p ON p.id = x.project_id \
         WHERE x.id = $1 AND p.owner_id = $2"
    );
    optional_row(db, &sql, &[id, owner]).await
}

/// Deletes activity set `id` with its activities (the caller checked ownership).
pub async fn delete_activity_set(db: &Db, id: i64) -> Result<()> {
    dispatch!(db, |pool| {
        sqlx::query("DELETE FROM activity_sets WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// The owner's activity sets, optionally of one project and/or compound set.
pub async fn list_activity_sets_owned(
    db: &Db,
    owner: i64,
    project: Option<i64>,
    compound_set: Option<i64>,
    page: PageRequest,
) -> Result<Page<ActivitySet>> {
    let listing = Listing {
        columns: ACTIVITY_SET_COLUMNS,
        from: "activity_sets x JOIN projects p ON p.id = x.project_id",
        filter: "p.owner_id = $1 AND ($2 IS NULL OR x.project_id = $2) \
                 AND ($3 IS NULL OR x.compound_set_id = $3)",
        order: "x.id DESC",
    };
    page_of(db, listing, &[Some(owner), project, compound_set], page).await
}

/// Whose predictions [`prediction_sets`] lists.
#[derive(Debug, Clone, Copy)]
pub enum PredictionsOf {
    Model(i64),
    CompoundSet(i64),
}

/// The activity sets of a model's predictions or of predictions for a compound set, newest
/// first.
pub async fn prediction_sets(db: &Db, of: PredictionsOf) -> Result<Vec<ActivitySet>> {
    let (column, id) = match of {
        PredictionsOf::Model(id) => ("x.qsar_model_id", id),
        PredictionsOf::CompoundSet(id) => ("x.compound_set_id", id),
    };
    let sql = format!(
        "SELECT {ACTIVITY_SET_COLUMNS} FROM activity_sets x \
         WHERE {column} = $1 AND x.qsar_model_id IS NOT NULL ORDER BY x.id DESC"
    );
    Ok(dispatch!(db, |pool| {
        sqlx::query_as::<_, ActivitySet>(&sql)
            .bind(id)
            .fetch_all(pool)
            .await?
    }))
}

/// Predicted values of one type for molecules of a compound set.
#[derive(Debug, Clone)]
pub struct Predictions<'a> {
    pub compound_set_id: i64,
    pub project_id: i64,
    pub qsar_model_id: i64,
    pub name: &'a str,
    pub kind: &'a str,
    pub units: Option<&'a str>,
    /// The confidence of the values' intervals (regression).
    pub interval_confidence: Option<f64>,
    pub values: &'a [Predicted],
}

/// One molecule's prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predicted {
    pub molecule_id: i64,
    pub value: f64,
    pub applicability: f64,
    /// `[low, high]`; `None` for a classifier's probability or an unbounded interval.
    pub interval: Option<[f64; 2]>,
}

/// Stores predictions as a new activity set in `tx`; returns its id.
pub async fn insert_predictions(tx: &mut Tx, p: &Predictions<'_>) -> Result<i64> {
    Ok(dispatch_tx!(tx, |conn| {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activity_sets \
             (project_id, compound_set_id, name, qsar_model_id, interval_confidence, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(p.project_id)
        .bind(p.compound_set_id)
        .bind(p.name)
        .bind(p.qsar_model_id)
        .bind(p.interval_confidence)
        .bind(now())
        .fetch_one(&mut *conn)
        .await?;
        for chunk in p.values.chunks(BATCH * 2) {
            let mut insert = QueryBuilder::new(
                "INSERT INTO activities (activity_set_id, molecule_id, type, value, units, \
                 applicability, interval_low, interval_high) ",
            );
            insert.push_values(chunk, |mut row, predicted| {
                row.push_bind(id)
                    .push_bind(predicted.molecule_id)
                    .push_bind(p.kind)
                    .push_bind(predicted.value)
                    .push_bind(p.units)
                    .push_bind(predicted.applicability)
                    .push_bind(predicted.interval.map(|i| i[0]))
                    .push_bind(predicted.interval.map(|i| i[1]));
            });
            insert.build().execute(&mut *conn).await?;
        }
        id
    }))
}

/// Scores of molecules of a compound set: `(molecule id, type, value)`.
#[derive(Debug, Clone)]
pub struct Scores<'a> {
    pub compound_set_id: i64,
    pub project_id: i64,
    pub name: &'a str,
    pub values: &'a [(i64, String, f64)],
}

/// Stores scores as a new activity set in `tx`; returns its id.
pub async fn insert_scores(tx: &mut Tx, s: &Scores<'_>) -> Result<i64> {
    Ok(dispatch_tx!(tx, |conn| {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activity_sets (project_id, compound_set_id, name, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(s.project_id)
        .bind(s.compound_set_id)
        .bind(s.name)
        .bind(now())
        .fetch_one(&mut *conn)
        .await?;
        for chunk in s.values.chunks(BATCH * 2) {
            let mut insert = QueryBuilder::new(
                "INSERT INTO activities (activity_set_id, molecule_id, type, value) ",
            );
            insert.push_values(chunk, |mut row, (molecule, kind, value)| {
                row.push_bind(id)
                    .push_bind(*molecule)
                    .push_bind(kind.clone())
                    .push_bind(*value);
            });
            insert.build().execute(&mut *conn).await?;
        }
        id
    }))
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
