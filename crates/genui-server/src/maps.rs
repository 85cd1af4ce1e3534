//! `/api/maps/…`: chemical space maps: the algorithm registry, build (a
//! task), list, detail, delete, the points (columnar, with properties and
//! activities) and placing another compound set onto a map (a task).

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use genui_compounds::store::{self as compounds, PROPERTIES};
use genui_maps::spec::{self, MapSpec, MapSummary};
use genui_maps::store::{self, Map};
use genui_maps::task::{BuildArgs, TransformArgs, BUILD_KIND, TRANSFORM_KIND};
use genui_ml::params::AlgorithmInfo;
use genui_storage::tasks::TaskFilter;
use genui_storage::{Db, Page, PageRequest};
use genui_tasks::TaskRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{
    conflict_as, object_name, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody, ErrorCode,
};
use crate::openapi::{AlgorithmInfoSchema, MapSpecSchema, MapSummarySchema};
use crate::resource::{owned_resource_endpoints, OwnedResource};
use crate::tasks::{build_status, commit_with_build, submit_on, TaskView};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/maps/algorithms", get(algorithms))
        .route("/api/maps", get(list).post(create))
        .route("/api/maps/{id}", get(detail).patch(update).delete(remove))
        .route("/api/maps/{id}/points", get(points))
        .route("/api/maps/{id}/transform", post(transform))
}

#[derive(OpenApi)]
#[openapi(
    paths(algorithms, list, create, detail, update, remove, points, transform),
    tags((name = "maps", description = "Chemical space maps: t-SNE and PCA over compound sets"))
)]
pub struct MapsDoc;

/// A map.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MapView {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// What the map is made of and how.
    #[schema(value_type = MapSpecSchema)]
    pub spec: Value,
    /// `building`, `ready` or `failed` (see the task).
    pub status: String,
    pub task_id: Option<i64>,
    /// Points, molecules and compound sets of the finished map.
    #[schema(value_type = Option<MapSummarySchema>)]
    pub summary: Option<MapSummary>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Map> for MapView {
    fn from(m: Map) -> Self {
        let status = build_status(m.built_at.is_some(), m.task_status.as_deref());
        Self {
            status: status.to_owned(),
            id: m.id,
            project_id: m.project_id,
            name: m.name,
            description: m.description,
            spec: m.spec.0,
            task_id: m.task_id,
            summary: m.summary.map(|s| s.0),
            built_at: m.built_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// Maps as a project-owned resource: listed, shown, renamed and deleted as the others are.
pub(crate) struct Maps;

impl OwnedResource for Maps {
    type Row = Map;
    type View = MapView;
    const TABLE: &'static str = "maps";
    const DUPLICATE: &'static str = "the project already has a map of this name";

    async fn owned(state: &AppState, current: &CurrentUser, id: i64) -> ApiResult<Map> {
        current.map(state, id).await
    }

    async fn page(
        db: &Db,
        owner: i64,
        project: Option<i64>,
        page: PageRequest,
    ) -> genui_storage::Result<Page<Map>> {
        store::list_owned(db, owner, project, page).await
    }

    fn id(map: &Map) -> i64 {
        map.id
    }

    fn view(map: Map, _detailed: bool) -> MapView {
        map.into()
    }

    async fn delete(state: &AppState, current: &CurrentUser, map: Map) -> ApiResult<()> {
        // A build or a placement still queued or running would write into a map that is gone.
        let filter = TaskFilter {
            object_type: Some("map".into()),
            object_id: Some(map.id),
            ..TaskFilter::default()
        };
        let all = PageRequest {
            limit: i64::MAX,
            offset: 0,
        };
        let tasks =
            genui_storage::tasks::list_owned(&state.db, current.user.id, &filter, all).await?;
        for task in tasks.items.iter().filter(|t| !t.status.is_terminal()) {
            genui_storage::tasks::request_cancel_owned(&state.db, current.user.id, task.id).await?;
        }
        store::delete(&state.db, map.id).await?;
        Ok(())
    }
}

owned_resource_endpoints!(
    Maps,
    MapView,
    tag = "maps",
    path = "/api/maps",
    item = "/api/maps/{id}",
    what = "map id",
    deleted = "deleted with its points"
);

#[utoipa::path(get, path = "/api/maps/algorithms", tag = "maps",
    responses((status = 200, body = Vec<AlgorithmInfoSchema>, description = "map algorithms with their parameters (type, default, range)")))]
pub async fn algorithms(_current: CurrentUser) -> Json<Vec<AlgorithmInfo>> {
    Json(spec::algorithms())
}

/// A map to build.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMap {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What the map is made of and how (`MapSpec`).
    #[serde(flatten)]
    #[schema(value_type = MapSpecSchema)]
    pub spec: Value,
}

#[utoipa::path(post, path = "/api/maps", tag = "maps", request_body = NewMap,
    responses((status = 202, body = MapView, description = "created; the build task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewMap>,
) -> ApiResult<(StatusCode, Json<MapView>)> {
    let project = current.project(&state, request.project_id).await?;
    let name = object_name(&request.name)?;
    let spec: MapSpec = serde_json::from_value(request.spec)
        .map_err(|e| ApiError::new(ErrorCode::ValidationFailed, e.to_string()))?;
    spec.validate()?;
    for &set in &spec.compound_set_ids {
        current
            .imported_set_of(&state, project.id, "compound_set_ids", set)
            .await?;
    }
    let spec_json = serde_json::to_value(&spec).expect("specs serialize");
    let mut tx = state.db.begin().await?;
    let id = store::create(
        &mut tx,
        project.id,
        name,
        &request.description,
        &spec_json,
        &spec.compound_set_ids,
    )
    .await
    .map_err(conflict_as("the project already has a map of this name"))?;
    commit_with_build(
        &state,
        tx,
        "maps",
        TaskRequest {
            project_id: project.id,
            kind: BUILD_KIND.into(),
            title: format!("Build map {name}"),
            object_type: Some("map".into()),
            object_id: Some(id),
            args: serde_json::to_value(BuildArgs { map_id: id }).expect("arguments serialize"),
        },
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(current.map(&state, id).await?.into()),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PointsParams {
    /// Comma-separated molecule properties (`mw`, `logp`, `qed`, …) to add per point.
    pub properties: Option<String>,
    /// An activity set whose values (mean per point and type) to add.
    pub activity_set_id: Option<i64>,
    /// Add each point's SMILES (default false: large maps load faster
    /// without, and hovering can fetch the molecule).
    pub smiles: Option<bool>,
}

#[utoipa::path(get, path = "/api/maps/{id}/points", tag = "maps",
    params(("id" = i64, Path, description = "map id"), PointsParams),
    responses((status = 200, body = MapPoints, description = "columns, one entry per point: `x`, `y`, `placed`, `molecule_ids` and `compound_set_ids` (lists), `smiles` when asked, and the asked `properties` and `activities` (by type; null where a point has none)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn points(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<PointsParams>,
) -> ApiResult<Response> {
    let map = current.map(&state, id).await?;
    if map.built_at.is_none() {
        return Err(ApiError::conflict("the map has not been built"));
    }
    let properties: Vec<&str> = match params.properties.as_deref() {
        None | Some("") => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|p| {
                let p = p.trim();
                PROPERTIES
                    .iter()
                    .copied()
                    .find(|&known| known == p)
                    .ok_or_else(|| {
                        ApiError::validation(
                            "properties",
                            format!("unknown property {p:?}; known: {}", PROPERTIES.join(", ")),
                        )
                    })
            })
            .collect::<ApiResult<_>>()?,
    };
    let activities = match params.activity_set_id {
        None => Vec::new(),
        Some(set) => {
            let set = current.activity_set(&state, set).await?;
            if set.project_id != map.project_id {
                return Err(ApiError::validation(
                    "activity_set_id",
                    "the activity set belongs to another project",
                ));
            }
            compounds::all_activities(&state.db, set.id).await?
        }
    };
    let with_smiles = params.smiles.unwrap_or(false);
    let rows = store::points(&state.db, map.id, &properties, with_smiles).await?;
    let mut columns = columns(&rows, &properties, &activities);
    if !with_smiles {
        columns.smiles = None;
    }
    // Serialized straight from the columns (no JSON tree of 100,000s of values).
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(&columns).expect("columns serialize"),
    )
        .into_response())
}

/// A map's points as columns, one entry per point.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapPoints<'a> {
    count: usize,
    // Single precision is plenty for drawing and colouring, and halves the JSON.
    x: Vec<f32>,
    y: Vec<f32>,
    placed: Vec<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    smiles: Option<Vec<&'a str>>,
    molecule_ids: Vec<Vec<i64>>,
    compound_set_ids: Vec<Vec<i64>>,
    properties: BTreeMap<&'a str, Vec<f32>>,
    /// Per activity type, the mean of the point's molecules' values.
    activities: BTreeMap<&'a str, Vec<Option<f32>>>,
}

/// The points as columns: memberships as lists, and activity values
/// averaged per point and type.
fn columns<'a>(
    rows: &'a [store::PointDetail],
    properties: &[&'a str],
    activities: &'a [compounds::ActivityRow],
) -> MapPoints<'a> {
    let mut values_of: HashMap<i64, Vec<(&str, f64)>> = HashMap::new();
    for a in activities {
        values_of
            .entry(a.molecule_id)
            .or_default()
            .push((a.kind.as_str(), a.value));
    }
    let mut kinds: Vec<&str> = activities.iter().map(|a| a.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut out = MapPoints {
        count: 0,
        x: Vec::new(),
        y: Vec::new(),
        placed: Vec::new(),
        smiles: Some(Vec::new()),
        molecule_ids: Vec::new(),
        compound_set_ids: Vec::new(),
        properties: BTreeMap::new(),
        activities: BTreeMap::new(),
    };
    let mut property_columns: Vec<Vec<f32>> = vec![Vec::new(); properties.len()];
    let mut sums: Vec<Vec<(f64, u32)>> = vec![Vec::new(); kinds.len()];
    let mut last = None;
    for r in rows {
        if last != Some(r.row.point) {
            last = Some(r.row.point);
            out.x.push(r.row.x as f32);
            out.y.push(r.row.y as f32);
            out.placed.push(r.row.placed);
            out.smiles
                .get_or_insert_with(Vec::new)
                .push(r.smiles.as_str());
            out.molecule_ids.push(Vec::new());
            out.compound_set_ids.push(Vec::new());
            for (column, value) in property_columns.iter_mut().zip(&r.properties) {
                column.push(*value as f32);
            }
            sums.iter_mut().for_each(|s| s.push((0.0, 0)));
        }
        out.molecule_ids
            .last_mut()
            .expect("a point")
            .push(r.row.molecule_id);
        let sets = out.compound_set_ids.last_mut().expect("a point");
        if !sets.contains(&r.compound_set_id) {
            sets.push(r.compound_set_id);
        }
        for &(kind, value) in values_of.get(&r.row.molecule_id).into_iter().flatten() {
            let k = kinds.binary_search(&kind).expect("a known type");
            let sum = sums[k].last_mut().expect("a point");
            *sum = (sum.0 + value, sum.1 + 1);
        }
    }
    out.count = out.x.len();
    out.properties = properties.iter().copied().zip(property_columns).collect();
    out.activities = kinds
        .iter()
        .zip(sums)
        .map(|(kind, column)| {
            let means = column
                .into_iter()
                .map(|(sum, n)| (n > 0).then(|| (sum / f64::from(n)) as f32))
                .collect();
            (*kind, means)
        })
        .collect();
    out
}

/// A compound set to place onto a map.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransformRequest {
    pub compound_set_id: i64,
}

#[utoipa::path(post, path = "/api/maps/{id}/transform", tag = "maps",
    params(("id" = i64, Path, description = "map id")), request_body = TransformRequest,
    responses((status = 202, body = TaskView, description = "the task placing the set's molecules onto the map without moving it"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transform(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<TransformRequest>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    let map = current.map(&state, id).await?;
    if map.built_at.is_none() {
        return Err(ApiError::conflict("the map has not been built"));
    }
    let set = current
        .imported_set_of(
            &state,
            map.project_id,
            "compound_set_id",
            request.compound_set_id,
        )
        .await?;
    let sets = store::compound_sets(&state.db, map.id).await?;
    if sets.iter().any(|&(set, _)| set == request.compound_set_id) {
        return Err(ApiError::conflict("the compound set is already on the map"));
    }
    submit_on(
        &state,
        map.project_id,
        TRANSFORM_KIND,
        format!("Place {} on map {}", set.name, map.name),
        ("map", map.id),
        TransformArgs {
            map_id: map.id,
            compound_set_id: request.compound_set_id,
        },
    )
    .await
}
