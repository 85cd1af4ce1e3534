//! `/api/qsar/…`: the algorithm, descriptor and metric registries, and
//! models: build (a task), list, detail, performance, file download, delete.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use genui_ml::model::{self, BuildSpec, DescriptorGroupInfo, MetricNames};
use genui_ml::params::AlgorithmInfo;
use genui_ml::performance::{Performance, PerformanceSummary};
use genui_qsar::card::ModelCard;
use genui_qsar::store::{self, ImportedModel, ModelSpec, QsarModel};
use genui_qsar::task::{BuildArgs, PredictArgs, BUILD_KIND, DEFAULT_CONFIDENCE, PREDICT_KIND};
use genui_storage::files::FileKey;
use genui_storage::{Db, Page, PageRequest};
use genui_tasks::TaskRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

use crate::auth::CurrentUser;
use crate::compounds::ActivitySetView;
use crate::error::{
    conflict_as, object_name, ApiError, ApiJson, ApiMultipart, ApiPath, ApiResult, ErrorBody,
    ErrorCode,
};
use crate::openapi::{
    AlgorithmInfoSchema, BuildSpecSchema, DescriptorGroupInfoSchema, MetricNamesSchema,
    ModelCardSchema, ModelSpecSchema, PerformanceSchema, PerformanceSummarySchema,
};
use crate::resource::{owned_resource_endpoints, remove_file, stop_task, OwnedResource};
use crate::tasks::{build_status, commit_with_build, submit_on, TaskView};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/qsar/algorithms", get(algorithms))
        .route("/api/qsar/descriptors", get(descriptors))
        .route("/api/qsar/metrics", get(metrics))
        .route("/api/qsar/models", get(list).post(create))
        .route("/api/qsar/models/import", axum::routing::post(import))
        .route(
            "/api/qsar/models/{id}",
            get(detail).patch(update).delete(remove),
        )
        .route("/api/qsar/models/{id}/performance", get(performance))
        .route("/api/qsar/models/{id}/file", get(download))
        .route("/api/qsar/models/{id}/card", get(card))
        .route(
            "/api/qsar/models/{id}/predictions",
            get(predictions).post(predict),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(algorithms, descriptors, metrics, list, create, detail, update, remove, performance, download,
        card, predictions, predict, import),
    tags((name = "qsar", description = "QSAR models: build, validate, download"))
)]
pub struct QsarDoc;

/// A QSAR model.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ModelView {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// What the model is built from and how, or what its imported file says.
    #[schema(value_type = ModelSpecSchema)]
    pub spec: ModelSpec,
    /// `building`, `ready` or `failed` (see the task).
    pub status: String,
    pub task_id: Option<i64>,
    /// Cross-validation means and test-set metrics (the full results are at `/performance`).
    #[schema(value_type = Option<PerformanceSummarySchema>)]
    pub summary: Option<PerformanceSummary>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<QsarModel> for ModelView {
    fn from(m: QsarModel) -> Self {
        let status = build_status(m.built_at.is_some(), m.task_status.as_deref());
        let summary = m.performance.as_ref().map(|p| p.0.summary());
        Self {
            status: status.to_owned(),
            id: m.id,
            project_id: m.project_id,
            name: m.name,
            description: m.description,
            spec: m.spec.0,
            task_id: m.task_id,
            summary,
            built_at: m.built_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// QSAR models as a project-owned resource: listed, shown, renamed and deleted as the others are.
pub(crate) struct QsarModels;

impl OwnedResource for QsarModels {
    type Row = QsarModel;
    type View = ModelView;
    const TABLE: &'static str = "qsar_models";
    const DUPLICATE: &'static str = "the project already has a model of this name";

    async fn owned(state: &AppState, current: &CurrentUser, id: i64) -> ApiResult<QsarModel> {
        current.qsar_model(state, id).await
    }

    async fn page(
        db: &Db,
        owner: i64,
        project: Option<i64>,
        page: PageRequest,
    ) -> genui_storage::Result<Page<QsarModel>> {
        store::list_owned(db, owner, project, page).await
    }

    fn id(model: &QsarModel) -> i64 {
        model.id
    }

    fn view(model: QsarModel, _detailed: bool) -> ModelView {
        model.into()
    }

    async fn delete(state: &AppState, current: &CurrentUser, model: QsarModel) -> ApiResult<()> {
        stop_task(state, current, model.task_id).await?;
        store::delete(&state.db, model.id).await?;
        remove_file(state, model.file_key.as_deref());
        Ok(())
    }
}

owned_resource_endpoints!(
    QsarModels,
    ModelView,
    tag = "qsar",
    path = "/api/qsar/models",
    item = "/api/qsar/models/{id}",
    what = "model id",
    deleted = "deleted with its file"
);

#[utoipa::path(get, path = "/api/qsar/algorithms", tag = "qsar",
    responses((status = 200, body = Vec<AlgorithmInfoSchema>, description = "algorithms with their parameters (type, default, range) and modes")))]
pub async fn algorithms(_current: CurrentUser) -> Json<Vec<AlgorithmInfo>> {
    Json(model::algorithms())
}

#[utoipa::path(get, path = "/api/qsar/descriptors", tag = "qsar",
    responses((status = 200, body = Vec<DescriptorGroupInfoSchema>, description = "descriptor groups and their parameters")))]
pub async fn descriptors(_current: CurrentUser) -> Json<Vec<DescriptorGroupInfo>> {
    Json(model::descriptor_groups())
}

#[utoipa::path(get, path = "/api/qsar/metrics", tag = "qsar",
    responses((status = 200, body = MetricNamesSchema, description = "the metrics reported per mode")))]
pub async fn metrics(_current: CurrentUser) -> Json<MetricNames> {
    Json(model::METRIC_NAMES)
}

/// A model to build.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewModel {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What to learn from and how (`BuildSpec`).
    #[serde(flatten)]
    #[schema(value_type = BuildSpecSchema)]
    pub spec: Value,
}

#[utoipa::path(post, path = "/api/qsar/models", tag = "qsar", request_body = NewModel,
    responses((status = 202, body = ModelView, description = "created; the build task runs"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewModel>,
) -> ApiResult<(StatusCode, Json<ModelView>)> {
    let project = current.project(&state, request.project_id).await?;
    let name = object_name(&request.name)?;
    let spec: BuildSpec = serde_json::from_value(request.spec)
        .map_err(|e| ApiError::new(ErrorCode::ValidationFailed, e.to_string()))?;
    spec.validate()?;
    let activity_set = current.activity_set(&state, spec.activity_set_id).await?;
    if activity_set.project_id != project.id {
        return Err(ApiError::validation(
            "activity_set_id",
            "the activity set belongs to another project",
        ));
    }
    let mut tx = state.db.begin().await?;
    let id = store::create(&mut tx, project.id, name, &request.description, &spec)
        .await
        .map_err(conflict_as("the project already has a model of this name"))?;
    commit_with_build(
        &state,
        tx,
        "qsar_models",
        TaskRequest {
            project_id: project.id,
            kind: BUILD_KIND.into(),
            title: format!("Train QSAR model {name}"),
            object_type: Some("qsar_model".into()),
            object_id: Some(id),
            args: serde_json::to_value(BuildArgs { model_id: id }).expect("arguments serialize"),
        },
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(current.qsar_model(&state, id).await?.into()),
    ))
}

#[utoipa::path(get, path = "/api/qsar/models/{id}/performance", tag = "qsar",
    params(("id" = i64, Path, description = "model id")),
    responses((status = 200, body = PerformanceSchema, description = "metrics per fold and their means, test-set metrics, ROC points and observed/predicted pairs `[molecule_id, observed, predicted]`"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn performance(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Performance>> {
    let model = current.qsar_model(&state, id).await?;
    model
        .performance
        .map(|p| Json(p.0))
        .ok_or_else(|| ApiError::conflict("the model has not been built"))
}

/// The bytes of a built model's file.
async fn model_file(state: &AppState, model: &QsarModel) -> ApiResult<Vec<u8>> {
    let key = model
        .file_key
        .as_deref()
        .and_then(|k| FileKey::parse(k).ok())
        .ok_or_else(|| ApiError::conflict("the model has not been built"))?;
    tokio::fs::read(state.files.path(&key))
        .await
        .map_err(ApiError::internal)
}

#[utoipa::path(get, path = "/api/qsar/models/{id}/card", tag = "qsar",
    params(("id" = i64, Path, description = "model id")),
    responses((status = 200, body = ModelCardSchema, description = "the card the model's file keeps: data hash and size, seed, algorithm, descriptors, validation and its metrics, applicability and uncertainty figures, software version"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn card(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ModelCard>> {
    let model = current.qsar_model(&state, id).await?;
    let bytes = model_file(&state, &model).await?;
    let (file, _) = genui_qsar::task::read_model(&bytes).map_err(ApiError::internal)?;
    ModelCard::in_metadata(&file.header.metadata)
        .map_err(ApiError::internal)?
        .map(Json)
        .ok_or_else(|| ApiError::conflict("the model file was made before models kept a card"))
}

#[utoipa::path(get, path = "/api/qsar/models/{id}/file", tag = "qsar",
    params(("id" = i64, Path, description = "model id")),
    responses((status = 200, description = "the model file (GenUI QSAR format, version 2)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let model = current.qsar_model(&state, id).await?;
    let bytes = model_file(&state, &model).await?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"model-{}.genui-qsar\"", model.id),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from(bytes))
        .map_err(ApiError::internal)
}

/// What to predict.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PredictRequest {
    /// A compound set of the model's project.
    pub compound_set_id: i64,
    /// Regression: the confidence of each prediction's interval, from 0.5 to 0.99 (default
    /// 0.9: nine in ten true values inside, as the model's test set showed).
    #[serde(default)]
    pub confidence: Option<f64>,
}

#[utoipa::path(post, path = "/api/qsar/models/{id}/predictions", tag = "qsar",
    params(("id" = i64, Path, description = "model id")), request_body = PredictRequest,
    responses((status = 202, body = TaskView, description = "the prediction task; its result names the new activity set"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn predict(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<PredictRequest>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    let confidence = request.confidence.unwrap_or(DEFAULT_CONFIDENCE);
    if !(0.5..=0.99).contains(&confidence) {
        return Err(ApiError::validation(
            "confidence",
            "confidence must be from 0.5 to 0.99",
        ));
    }
    let model = current.qsar_model(&state, id).await?;
    if model.built_at.is_none() {
        return Err(ApiError::conflict("the model has not been built"));
    }
    let set = current
        .imported_set_of(
            &state,
            model.project_id,
            "compound_set_id",
            request.compound_set_id,
        )
        .await?;
    submit_on(
        &state,
        model.project_id,
        PREDICT_KIND,
        format!("Predict {} with {}", set.name, model.name),
        ("qsar_model", model.id),
        PredictArgs {
            model_id: model.id,
            compound_set_id: set.id,
            confidence,
        },
    )
    .await
}

#[utoipa::path(get, path = "/api/qsar/models/{id}/predictions", tag = "qsar",
    params(("id" = i64, Path, description = "model id")),
    responses((status = 200, body = Vec<ActivitySetView>, description = "the activity sets of this model's predictions"),
        (status = 404, body = ErrorBody)))]
pub async fn predictions(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<ActivitySetView>>> {
    let model = current.qsar_model(&state, id).await?;
    let sets = genui_compounds::store::prediction_sets(
        &state.db,
        genui_compounds::store::PredictionsOf::Model(model.id),
    )
    .await?;
    Ok(Json(sets.into_iter().map(ActivitySetView::from).collect()))
}

/// Form of a model import (`multipart/form-data`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // documents the form; the handler reads the parts itself
pub struct ModelImportForm {
    /// A model file downloaded from `/api/qsar/models/{id}/file`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    project_id: i64,
    name: String,
    description: Option<String>,
}

#[utoipa::path(post, path = "/api/qsar/models/import", tag = "qsar",
    request_body(content_type = "multipart/form-data", content = ModelImportForm),
    responses((status = 201, body = ModelView, description = "imported; it predicts exactly as the original"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiMultipart(multipart): ApiMultipart,
) -> ApiResult<(StatusCode, Json<ModelView>)> {
    let mut upload = crate::compounds::read_upload(&state, multipart).await?;
    let file = upload.take_file()?;
    let (project, name, description) = crate::compounds::form_identity(&mut upload)?;
    let project = current.project(&state, project).await?;
    let name = object_name(&name)?;
    let path = file.path();
    let header = tokio::task::spawn_blocking(move || {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        genui_qsar::task::read_model(&bytes).map(|(file, _)| file.header)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|m| ApiError::new(ErrorCode::InvalidModelFile, m))?;
    let spec = ImportedModel {
        imported: true,
        algorithm: header.algorithm,
        mode: header.mode,
        n_features: header.n_features,
        metadata: header.metadata,
    };
    let id = store::create_imported(
        &state.db,
        project.id,
        name,
        &description,
        &spec,
        file.key.as_str(),
    )
    .await
    .map_err(conflict_as("the project already has a model of this name"))?;
    file.keep();
    Ok((
        StatusCode::CREATED,
        Json(current.qsar_model(&state, id).await?.into()),
    ))
}
