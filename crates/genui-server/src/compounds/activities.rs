//! `/api/activity-sets…`: activity sets, their activities and summaries.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Json;
use chrono::{DateTime, Utc};
use genui_compounds::pipeline::ChemblDetail;
use genui_compounds::store::{self, ActivityRow, ActivitySet};
use genui_compounds::summary::{summarize, TypeSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody, ErrorCode};
use crate::pagination::{Pager, Paginated};
use crate::AppState;

/// An activity set: the activities one import brought in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActivitySetView {
    pub id: i64,
    pub project_id: i64,
    pub compound_set_id: i64,
    pub name: String,
    /// The QSAR model whose predictions these are (none for imported activities).
    pub qsar_model_id: Option<i64>,
    /// Predictions of a regression model: the confidence of their intervals (e.g. 0.9).
    pub interval_confidence: Option<f64>,
    pub created_at: DateTime<Utc>,
}

impl From<ActivitySet> for ActivitySetView {
    fn from(s: ActivitySet) -> Self {
        Self {
            id: s.id,
            project_id: s.project_id,
            compound_set_id: s.compound_set_id,
            name: s.name,
            qsar_model_id: s.qsar_model_id,
            interval_confidence: s.interval_confidence,
            created_at: s.created_at,
        }
    }
}

/// One measured value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub activity_set_id: i64,
    pub molecule_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: f64,
    pub units: Option<String>,
    /// `=`, `<`, `>` … (ChEMBL's standard relation).
    pub relation: Option<String>,
    /// ChEMBL assay and target ids.
    pub assay_id: Option<String>,
    pub target_id: Option<String>,
    /// ChEMBL's comment, assay type and description, target name and organism, document.
    #[serde(flatten)]
    pub chembl: ChemblDetail,
    /// Predictions: the highest Tanimoto similarity to the model's training
    /// set (applicability domain; low values mean extrapolation).
    pub applicability: Option<f64>,
    /// Predictions of a regression model: the conformal interval `[low, high]` at the
    /// activity set's `interval_confidence` (none where the model cannot bound it).
    pub interval: Option<[f64; 2]>,
}

impl From<ActivityRow> for ActivityView {
    fn from(a: ActivityRow) -> Self {
        Self {
            id: a.id,
            activity_set_id: a.activity_set_id,
            molecule_id: a.molecule_id,
            kind: a.kind,
            value: a.value,
            units: a.units,
            relation: a.relation,
            assay_id: a.assay_id,
            target_id: a.target_id,
            chembl: a.chembl,
            applicability: a.applicability,
            interval: a
                .interval_low
                .zip(a.interval_high)
                .map(|(low, high)| [low, high]),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivitySetListParams {
    pub project_id: Option<i64>,
    pub compound_set_id: Option<i64>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/activity-sets", tag = "compound sets", params(ActivitySetListParams),
    responses((status = 200, body = Paginated<ActivitySetView>), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ActivitySetListParams>,
) -> ApiResult<Json<Paginated<ActivitySetView>>> {
    let pager = Pager::new(params.page, params.page_size)?;
    if let Some(project) = params.project_id {
        current.project(&state, project).await?;
    }
    if let Some(set) = params.compound_set_id {
        current.compound_set(&state, set).await?;
    }
    let page = store::list_activity_sets_owned(
        &state.db,
        current.user.id,
        params.project_id,
        params.compound_set_id,
        pager.request(),
    )
    .await?;
    Ok(Json(pager.respond(&uri, page, ActivitySetView::from)))
}

#[utoipa::path(get, path = "/api/activity-sets/{id}", tag = "compound sets",
    params(("id" = i64, Path, description = "activity set id")),
    responses((status = 200, body = ActivitySetView), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ActivitySetView>> {
    Ok(Json(current.activity_set(&state, id).await?.into()))
}

#[utoipa::path(delete, path = "/api/activity-sets/{id}", tag = "compound sets",
    params(("id" = i64, Path, description = "activity set id")),
    responses((status = 204, description = "deleted with its activities (models built from them keep their files)"),
        (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let set = current.activity_set(&state, id).await?;
    store::delete_activity_set(&state.db, set.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityListParams {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// Only activities of these molecules (comma-separated ids; POST a body for long lists).
    pub molecules: Option<String>,
}

/// Activities of some molecules (for id lists too long for a URL).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoleculeFilter {
    /// Molecule ids (at most 100,000).
    pub molecules: Vec<i64>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

async fn page_of_activities(
    state: &AppState,
    current: &CurrentUser,
    id: i64,
    uri: &Uri,
    pager: Pager,
    molecules: Option<&[i64]>,
) -> ApiResult<Json<Paginated<ActivityView>>> {
    let set = current.activity_set(state, id).await?;
    let page = store::list_activities(&state.db, set.id, molecules, pager.request()).await?;
    Ok(Json(pager.respond(uri, page, ActivityView::from)))
}

#[utoipa::path(get, path = "/api/activity-sets/{id}/activities", tag = "compound sets",
    params(("id" = i64, Path, description = "activity set id"), ActivityListParams),
    responses((status = 200, body = Paginated<ActivityView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn activities(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ActivityListParams>,
) -> ApiResult<Json<Paginated<ActivityView>>> {
    let pager = Pager::new(params.page, params.page_size)?;
    let molecules = params
        .molecules
        .as_deref()
        .map(|list| {
            list.split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<i64>())
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()
        .map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidQuery,
                "molecules is a comma-separated list of ids",
            )
        })?;
    page_of_activities(&state, &current, id, &uri, pager, molecules.as_deref()).await
}

#[utoipa::path(post, path = "/api/activity-sets/{id}/activities", tag = "compound sets",
    params(("id" = i64, Path, description = "activity set id")), request_body = MoleculeFilter,
    responses((status = 200, body = Paginated<ActivityView>), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn activities_of_molecules(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiPath(id): ApiPath<i64>,
    ApiJson(filter): ApiJson<MoleculeFilter>,
) -> ApiResult<Json<Paginated<ActivityView>>> {
    let pager = Pager::new(filter.page, filter.page_size)?;
    if filter.molecules.len() > 100_000 {
        return Err(ApiError::validation("molecules", "at most 100,000 ids"));
    }
    page_of_activities(&state, &current, id, &uri, pager, Some(&filter.molecules)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryParams {
    /// Histogram bars per type (1–100, default 10).
    pub bins: Option<usize>,
}

#[utoipa::path(get, path = "/api/activity-sets/{id}/summary", tag = "compound sets",
    params(("id" = i64, Path, description = "activity set id"), SummaryParams),
    responses((status = 200, body = Vec<TypeSummary>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<SummaryParams>,
) -> ApiResult<Json<Vec<TypeSummary>>> {
    let bins = params.bins.unwrap_or(10);
    if !(1..=100).contains(&bins) {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "bins must be between 1 and 100",
        ));
    }
    let set = current.activity_set(&state, id).await?;
    let activities = store::all_activities(&state.db, set.id).await?;
    Ok(Json(summarize(&activities, bins)))
}
