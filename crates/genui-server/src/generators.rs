//! `/api/generators/…`: the generator pipeline — networks (the shipped default, pretrained,
//! fine-tuned, imported), environments of scorers, agents optimized against them, samples into
//! generated compound sets, evaluations of compound sets — plus the stateless pieces the UI uses
//! while building an objective (the properties, modifier curves).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use genui_compounds::sources::{GeneratedSource, Source};
use genui_gen::environment::Environment;
use genui_gen::files::ModelFile;
use genui_gen::sample::{sample, SampleOptions};
use genui_gen::scoring::{Modifier, Property};
use genui_generators::shipped;
use genui_generators::spec::{
    check_sample, EnvironmentSpec, NetworkRef, NetworkSpec, ReinforceOptions, SampleSpec,
    ScorerSpec,
};
use genui_generators::store::{self, EnvironmentRow, NetworkRow};
use genui_generators::task::{
    check_files, load_environment, load_network, score_activities, BuildArgs, EvaluateArgs,
    SampleArgs, BUILD_KIND, EVALUATE_KIND, SAMPLE_KIND,
};
use genui_storage::files::FileKey;
use genui_storage::projects::Project;
use genui_tasks::TaskRequest;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{OpenApi, ToSchema};

use crate::auth::CurrentUser;
use crate::changes::{self, ObjectChanges};
use crate::compounds::CompoundSetView;
use crate::error::{
    conflict_as, object_name, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, ErrorBody,
};
use crate::pagination::{list_owned, Paginated, ProjectListParams};
use crate::tasks::{build_status, queue_build, submit_error, TaskView};
use crate::AppState;

/// Most inputs one preview evaluates (a curve needs a few hundred).
const MAX_PREVIEW_INPUTS: usize = 10_000;

/// Most SMILES a quick (synchronous) sample draws.
const MAX_QUICK_SAMPLE: usize = 100;

const DUPLICATE_NETWORK: &str = "the project already has a network or agent of this name";
const DUPLICATE_ENVIRONMENT: &str = "the project already has an environment of this name";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/generators/properties", get(properties))
        .route("/api/generators/modifiers/preview", post(preview))
        .route(
            "/api/generators/networks",
            get(list_networks).post(create_network),
        )
        .route("/api/generators/networks/import", post(import_network))
        .route(
            "/api/generators/networks/{id}",
            get(network_detail)
                .patch(update_network)
                .delete(remove_network),
        )
        .route("/api/generators/networks/{id}/config", get(download_config))
        .route(
            "/api/generators/networks/{id}/weights",
            get(download_weights),
        )
        .route(
            "/api/generators/networks/{id}/quick-sample",
            post(quick_sample),
        )
        .route(
            "/api/generators/agents",
            get(list_agents).post(create_agent),
        )
        .route(
            "/api/generators/environments",
            get(list_environments).post(create_environment),
        )
        .route(
            "/api/generators/environments/{id}",
            get(environment_detail)
                .patch(update_environment)
                .delete(remove_environment),
        )
        .route(
            "/api/generators/environments/{id}/evaluations",
            post(evaluate),
        )
        .route("/api/generators/samples", post(create_sample))
}

#[derive(OpenApi)]
#[openapi(
    paths(properties, preview, list_networks, create_network, import_network, network_detail,
        update_network, remove_network, download_config, download_weights, quick_sample,
        list_agents, create_agent, list_environments, create_environment, environment_detail,
        update_environment, remove_environment, evaluate, create_sample),
    components(schemas(PropertyView, PreviewRequest, PreviewResponse, NetworkView, NewNetwork,
        NewAgent, EnvironmentView, NewEnvironment, NewSample, QuickSampleRequest, QuickSample,
        SampledMolecule, EvaluateRequest)),
    tags((name = "generators", description = "Molecular generators: networks, environments, agents, samples"))
)]
pub struct GeneratorsDoc;

/// A molecular property a scorer can use.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PropertyView {
    /// The name to use in objectives (`qed`, `logp`, …).
    pub name: String,
    pub label: String,
}

#[utoipa::path(get, path = "/api/generators/properties", tag = "generators",
    responses((status = 200, body = [PropertyView])))]
pub async fn properties(_current: CurrentUser) -> Json<Vec<PropertyView>> {
    Json(
        Property::ALL
            .iter()
            .map(|p| PropertyView {
                name: p.name().to_owned(),
                label: p.label().to_owned(),
            })
            .collect(),
    )
}

/// A modifier and the raw scores to evaluate it at.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// `{"kind": "clipped" | "smooth_clipped", "lower", "upper", "low"?, "high"?}` or
    /// `{"kind": "smooth_hump", "lower", "upper", "sigma"}`.
    #[schema(value_type = Object)]
    pub modifier: Modifier,
    /// Raw scores (at most 10,000, finite).
    pub inputs: Vec<f64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PreviewResponse {
    pub inputs: Vec<f64>,
    /// The desirability of each input.
    pub results: Vec<f64>,
}

#[utoipa::path(post, path = "/api/generators/modifiers/preview", tag = "generators",
    request_body = PreviewRequest,
    responses((status = 200, body = PreviewResponse), (status = 422, body = ErrorBody)))]
pub async fn preview(
    _current: CurrentUser,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> ApiResult<Json<PreviewResponse>> {
    request
        .modifier
        .validate()
        .map_err(|e| ApiError::validation("modifier", e.to_string()))?;
    if request.inputs.len() > MAX_PREVIEW_INPUTS {
        return Err(ApiError::validation(
            "inputs",
            format!("at most {MAX_PREVIEW_INPUTS} inputs per preview"),
        ));
    }
    if let Some(bad) = request.inputs.iter().find(|x| !x.is_finite()) {
        return Err(ApiError::validation(
            "inputs",
            format!("inputs must be finite numbers, got {bad}"),
        ));
    }
    let results = request
        .inputs
        .iter()
        .map(|&x| request.modifier.apply(x))
        .collect();
    Ok(Json(PreviewResponse {
        inputs: request.inputs,
        results,
    }))
}

/// A generator network: the shipped default (`id` "default", in every project), or one of a
/// project (pretrained, fine-tuned, imported, or an agent optimized by reinforcement learning).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NetworkView {
    /// A number, or "default".
    #[schema(value_type = Object)]
    pub id: NetworkRef,
    /// None for the shipped network.
    pub project_id: Option<i64>,
    pub name: String,
    pub description: String,
    /// `shipped`, `pretrained`, `finetuned`, `imported` or `agent`.
    pub kind: String,
    /// What it is built from and how.
    #[schema(value_type = Object)]
    pub spec: Value,
    /// `building`, `ready` or `failed` (see the task).
    pub status: String,
    pub task_id: Option<i64>,
    /// Architecture (kind, sizes) once built.
    #[schema(value_type = Option<Object>)]
    pub architecture: Option<Value>,
    pub vocabulary_size: Option<usize>,
    /// Per-epoch reports (detail view): training and validation loss, valid and unique ratios,
    /// example molecules; for agents the desired ratio and mean scores. Written live.
    #[schema(value_type = Option<Object>)]
    pub metrics: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub summary: Option<Value>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl NetworkView {
    fn new(n: NetworkRow, with_metrics: bool) -> Self {
        let config: Option<ModelFile> = n
            .config
            .as_ref()
            .and_then(|c| serde_json::from_value(c.0.clone()).ok());
        Self {
            id: NetworkRef::Stored(n.id),
            project_id: Some(n.project_id),
            status: build_status(n.built_at.is_some(), n.task_status.as_deref()).to_owned(),
            name: n.name,
            description: n.description,
            kind: n.kind,
            spec: n.spec.0,
            task_id: n.task_id,
            architecture: config
                .as_ref()
                .map(|c| serde_json::to_value(&c.architecture).expect("architectures serialize")),
            vocabulary_size: config.map(|c| c.vocabulary.len()),
            metrics: if with_metrics {
                n.metrics.map(|m| m.0)
            } else {
                None
            },
            summary: n.summary.map(|s| s.0),
            built_at: n.built_at,
            created_at: Some(n.created_at),
            updated_at: Some(n.updated_at),
        }
    }

    fn shipped() -> Self {
        let config = shipped::config();
        Self {
            id: NetworkRef::Shipped,
            project_id: None,
            name: shipped::NAME.to_owned(),
            description: shipped::DESCRIPTION.to_owned(),
            kind: "shipped".to_owned(),
            spec: json!({"kind": "shipped"}),
            status: "ready".to_owned(),
            task_id: None,
            architecture: Some(
                serde_json::to_value(&config.architecture).expect("architectures serialize"),
            ),
            vocabulary_size: Some(config.vocabulary.len()),
            metrics: None,
            summary: None,
            built_at: None,
            created_at: None,
            updated_at: None,
        }
    }
}

fn network_path(text: &str) -> ApiResult<NetworkRef> {
    NetworkRef::parse(text).map_err(|m| ApiError::bad_request("invalid_path", m))
}

/// The user's network behind a path segment; the shipped one is `None`.
async fn owned_network(
    state: &AppState,
    current: &CurrentUser,
    id: &str,
) -> ApiResult<Option<NetworkRow>> {
    match network_path(id)? {
        NetworkRef::Shipped => Ok(None),
        NetworkRef::Stored(id) => Ok(Some(current.generator_network(state, id).await?)),
    }
}

async fn list_of(
    state: &AppState,
    current: &CurrentUser,
    uri: &Uri,
    params: ProjectListParams,
    agents: bool,
) -> ApiResult<Json<Paginated<NetworkView>>> {
    let db = &state.db;
    list_owned(
        state,
        current,
        uri,
        params,
        |owner, project, page| store::list_networks_owned(db, owner, project, agents, page),
        |n| NetworkView::new(n, false),
    )
    .await
}

#[utoipa::path(get, path = "/api/generators/networks", tag = "generators", params(ProjectListParams),
    responses((status = 200, body = Paginated<NetworkView>, description = "the projects' networks (agents are listed at /agents); the shipped one is at /networks/default"),
        (status = 404, body = ErrorBody)))]
pub async fn list_networks(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ProjectListParams>,
) -> ApiResult<Json<Paginated<NetworkView>>> {
    list_of(&state, &current, &uri, params, false).await
}

#[utoipa::path(get, path = "/api/generators/agents", tag = "generators", params(ProjectListParams),
    responses((status = 200, body = Paginated<NetworkView>, description = "agents (their details are at /networks/{id})"),
        (status = 404, body = ErrorBody)))]
pub async fn list_agents(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ProjectListParams>,
) -> ApiResult<Json<Paginated<NetworkView>>> {
    list_of(&state, &current, &uri, params, true).await
}

/// A network to train.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewNetwork {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `kind`: `pretrained` (`compound_set_ids`, `shape` {`network`: lstm|gru|gpt, `embedding`,
    /// `hidden`, `layers`, `heads`}, `training`) or `finetuned` (`parent`: an id or "default",
    /// `compound_set_ids`, `training`); `training`: `epochs`, `patience`, `batch_size`,
    /// `learning_rate`, `validation`, `augment`, `seed`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub spec: Value,
}

/// An agent to optimize by reinforcement learning.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgent {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The network to start from (an id or "default").
    #[schema(value_type = Object)]
    pub agent: NetworkRef,
    /// The exploration network (default: the agent as it starts).
    #[schema(value_type = Option<Object>)]
    #[serde(default)]
    pub prior: Option<NetworkRef>,
    pub environment_id: i64,
    /// `epochs`, `batch_size`, `epsilon`, `beta`, `learning_rate`, `patience`, `seed`.
    #[schema(value_type = Option<Object>)]
    #[serde(default)]
    pub reinforcement: ReinforceOptions,
}

fn invalid(message: String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        message,
    )
}

/// Checks that a network may be used in `project`: the shipped one, or a trained one of it.
async fn usable_network(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    field: &str,
    network: NetworkRef,
) -> ApiResult<()> {
    let NetworkRef::Stored(id) = network else {
        return Ok(());
    };
    let row = store::get_network_owned(&state.db, current.user.id, id)
        .await?
        .filter(|n| n.project_id == project.id)
        .ok_or_else(|| ApiError::validation(field, format!("no network {id} in this project")))?;
    if row.built_at.is_none() {
        return Err(ApiError::conflict(format!(
            "network {id} ({}) is not trained yet",
            row.name
        )));
    }
    Ok(())
}

/// Checks the references of a spec against the user's data: compound sets with molecules,
/// trained networks and the environment, all of `project`.
async fn check_references(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    spec: &NetworkSpec,
) -> ApiResult<()> {
    for &id in spec.compound_sets() {
        let set = genui_compounds::store::get_set_owned(&state.db, current.user.id, id)
            .await?
            .filter(|s| s.project_id == project.id)
            .ok_or_else(|| {
                ApiError::validation(
                    "compound_set_ids",
                    format!("no compound set {id} in this project"),
                )
            })?;
        if set.molecule_count == 0 {
            return Err(ApiError::validation(
                "compound_set_ids",
                format!("compound set {id} ({}) has no molecules", set.name),
            ));
        }
    }
    for network in spec.networks() {
        usable_network(state, current, project, "network", network).await?;
    }
    if let NetworkSpec::Agent { environment_id, .. } = spec {
        owned_environment_of(state, current, project, *environment_id).await?;
    }
    Ok(())
}

async fn owned_environment_of(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    id: i64,
) -> ApiResult<EnvironmentRow> {
    store::get_environment_owned(&state.db, current.user.id, id)
        .await?
        .filter(|e| e.project_id == project.id)
        .ok_or_else(|| {
            ApiError::validation(
                "environment_id",
                format!("no environment {id} in this project"),
            )
        })
}

/// Stores a network from a checked spec and queues its training.
async fn queue_network(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    name: &str,
    description: &str,
    spec: &NetworkSpec,
) -> ApiResult<(StatusCode, Json<NetworkView>)> {
    spec.validate().map_err(invalid)?;
    check_references(state, current, project, spec).await?;
    let spec_json = serde_json::to_value(spec).expect("specs serialize");
    let id = store::create_network(
        &state.db,
        project.id,
        object_name(name)?,
        description,
        spec.kind(),
        &spec_json,
        None,
    )
    .await
    .map_err(conflict_as(DUPLICATE_NETWORK))?;
    queue_build(
        state,
        "generator_networks",
        TaskRequest {
            project_id: project.id,
            kind: BUILD_KIND.into(),
            object_type: Some("generator_network".into()),
            object_id: Some(id),
            args: serde_json::to_value(BuildArgs { network_id: id }).expect("arguments serialize"),
        },
    )
    .await?;
    let row = current.generator_network(state, id).await?;
    Ok((StatusCode::ACCEPTED, Json(NetworkView::new(row, true))))
}

#[utoipa::path(post, path = "/api/generators/networks", tag = "generators", request_body = NewNetwork,
    responses((status = 202, body = NetworkView, description = "created; the training task runs on the gpu queue"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_network(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewNetwork>,
) -> ApiResult<(StatusCode, Json<NetworkView>)> {
    let project = current.project(&state, request.project_id).await?;
    let spec: NetworkSpec =
        serde_json::from_value(request.spec).map_err(|e| invalid(e.to_string()))?;
    if matches!(spec, NetworkSpec::Agent { .. } | NetworkSpec::Imported {}) {
        return Err(ApiError::validation(
            "kind",
            "pretrained or finetuned here; agents at /api/generators/agents, files at /networks/import",
        ));
    }
    queue_network(
        &state,
        &current,
        &project,
        &request.name,
        &request.description,
        &spec,
    )
    .await
}

#[utoipa::path(post, path = "/api/generators/agents", tag = "generators", request_body = NewAgent,
    responses((status = 202, body = NetworkView, description = "created; reinforcement learning runs on the gpu queue"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_agent(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewAgent>,
) -> ApiResult<(StatusCode, Json<NetworkView>)> {
    let project = current.project(&state, request.project_id).await?;
    let spec = NetworkSpec::Agent {
        agent: request.agent,
        prior: request.prior,
        environment_id: request.environment_id,
        reinforcement: request.reinforcement,
    };
    queue_network(
        &state,
        &current,
        &project,
        &request.name,
        &request.description,
        &spec,
    )
    .await
}

/// Form of a network import (`multipart/form-data`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // documents the form; the handler reads the parts itself
pub struct NetworkImportForm {
    /// The weights (`weights.safetensors`, as downloaded from `/networks/{id}/weights`).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The configuration (`config.json` text, as downloaded from `/networks/{id}/config`).
    config: String,
    project_id: i64,
    name: String,
    description: Option<String>,
}

#[utoipa::path(post, path = "/api/generators/networks/import", tag = "generators",
    request_body(content_type = "multipart/form-data", content = NetworkImportForm),
    responses((status = 201, body = NetworkView, description = "imported after loading it"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_network(
    State(state): State<AppState>,
    current: CurrentUser,
    multipart: axum::extract::Multipart,
) -> ApiResult<(StatusCode, Json<NetworkView>)> {
    let mut upload = crate::compounds::read_upload(&state, multipart).await?;
    let file = upload.take_file()?;
    let config_text = upload
        .take("config")
        .ok_or_else(|| ApiError::validation("config", "required: the config.json text"))?;
    let (project, name, description) = crate::compounds::form_identity(&mut upload)?;
    let project = current.project(&state, project).await?;
    let name = object_name(&name)?;
    let config: Value = serde_json::from_str(&config_text)
        .map_err(|e| ApiError::validation("config", format!("not JSON: {e}")))?;
    let path = file.path();
    let checked = config.clone();
    tokio::task::spawn_blocking(move || {
        let weights = std::fs::read(path).map_err(|e| e.to_string())?;
        check_files(&checked, &weights).map_err(|e| e.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|m| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_model_file", m))?;
    let spec = serde_json::to_value(NetworkSpec::Imported {}).expect("specs serialize");
    let id = store::create_network(
        &state.db,
        project.id,
        name,
        &description,
        "imported",
        &spec,
        Some((&config, file.key.as_str())),
    )
    .await
    .map_err(conflict_as(DUPLICATE_NETWORK))?;
    file.keep();
    let row = current.generator_network(&state, id).await?;
    Ok((StatusCode::CREATED, Json(NetworkView::new(row, true))))
}

#[utoipa::path(get, path = "/api/generators/networks/{id}", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or `default`")),
    responses((status = 200, body = NetworkView), (status = 404, body = ErrorBody)))]
pub async fn network_detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<NetworkView>> {
    Ok(Json(match owned_network(&state, &current, &id).await? {
        Some(row) => NetworkView::new(row, true),
        None => NetworkView::shipped(),
    }))
}

fn stored_only(row: Option<NetworkRow>) -> ApiResult<NetworkRow> {
    row.ok_or_else(|| ApiError::forbidden("read_only", "the shipped network cannot be changed"))
}

#[utoipa::path(patch, path = "/api/generators/networks/{id}", tag = "generators",
    params(("id" = String, Path, description = "network or agent id")), request_body = ObjectChanges,
    responses((status = 200, body = NetworkView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_network(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(changes): ApiJson<ObjectChanges>,
) -> ApiResult<Json<NetworkView>> {
    let row = stored_only(owned_network(&state, &current, &id).await?)?;
    changes::apply(&state, store::NETWORKS, row.id, &changes, DUPLICATE_NETWORK).await?;
    let row = current.generator_network(&state, row.id).await?;
    Ok(Json(NetworkView::new(row, true)))
}

#[utoipa::path(delete, path = "/api/generators/networks/{id}", tag = "generators",
    params(("id" = String, Path, description = "network or agent id")),
    responses((status = 204, description = "deleted with its weights; a running training is cancelled"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_network(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let row = stored_only(owned_network(&state, &current, &id).await?)?;
    if let Some(task) = row.task_id {
        genui_storage::tasks::request_cancel_owned(&state.db, current.user.id, task).await?;
    }
    store::delete_network(&state.db, row.id).await?;
    if let Some(key) = row.file_key.as_deref().and_then(|k| FileKey::parse(k).ok()) {
        if let Err(e) = state.files.remove(&key) {
            tracing::warn!(error = %e, network = row.id, "could not remove the weights");
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

fn attachment(content_type: &str, filename: String, body: Body) -> ApiResult<Response> {
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(body)
        .map_err(ApiError::internal)
}

fn trained(row: &NetworkRow) -> ApiResult<(Value, FileKey)> {
    match (&row.config, row.file_key.as_deref().map(FileKey::parse)) {
        (Some(config), Some(Ok(key))) => Ok((config.0.clone(), key)),
        _ => Err(ApiError::conflict("the network is not trained yet")),
    }
}

#[utoipa::path(get, path = "/api/generators/networks/{id}/config", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or `default`")),
    responses((status = 200, description = "config.json: format, architecture and vocabulary"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn download_config(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let text = match owned_network(&state, &current, &id).await? {
        Some(row) => serde_json::to_string_pretty(&trained(&row)?.0).map_err(ApiError::internal)?,
        None => shipped::config_text().to_owned(),
    };
    attachment("application/json", "config.json".into(), Body::from(text))
}

#[utoipa::path(get, path = "/api/generators/networks/{id}/weights", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or `default`")),
    responses((status = 200, description = "weights.safetensors"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn download_weights(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let bytes = match owned_network(&state, &current, &id).await? {
        Some(row) => {
            let (_, key) = trained(&row)?;
            tokio::fs::read(state.files.path(&key))
                .await
                .map_err(ApiError::internal)?
        }
        None => shipped::weights().to_vec(),
    };
    attachment(
        "application/octet-stream",
        "weights.safetensors".into(),
        Body::from(bytes),
    )
}

/// A quick sample for previews.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickSampleRequest {
    /// The project whose environment (and, for the shipped network, context) is used.
    pub project_id: i64,
    /// At most 100 SMILES (default 20).
    #[serde(default = "twenty")]
    pub n: usize,
    #[serde(default = "one")]
    pub temperature: f64,
    #[serde(default)]
    pub seed: u64,
    /// Score the molecules with this environment of the project.
    #[serde(default)]
    pub environment_id: Option<i64>,
}

fn twenty() -> usize {
    20
}

fn one() -> f64 {
    1.0
}

/// One sampled SMILES.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SampledMolecule {
    pub smiles: String,
    pub valid: bool,
    /// With an environment: raw scores and desirabilities by name, and `desired`.
    #[schema(value_type = Option<Object>)]
    pub scores: Option<Value>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuickSample {
    pub molecules: Vec<SampledMolecule>,
    pub valid_ratio: f64,
    /// With an environment.
    pub desired_ratio: Option<f64>,
}

#[utoipa::path(post, path = "/api/generators/networks/{id}/quick-sample", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or `default`")),
    request_body = QuickSampleRequest,
    responses((status = 200, body = QuickSample), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quick_sample(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<QuickSampleRequest>,
) -> ApiResult<Json<QuickSample>> {
    let project = current.project(&state, request.project_id).await?;
    let network = match owned_network(&state, &current, &id).await? {
        Some(row) if row.project_id != project.id => {
            return Err(ApiError::validation(
                "project_id",
                "the network belongs to another project",
            ))
        }
        Some(row) => NetworkRef::Stored(row.id),
        None => NetworkRef::Shipped,
    };
    check_sample(request.n, request.temperature, MAX_QUICK_SAMPLE).map_err(invalid)?;
    let environment = match request.environment_id {
        Some(id) => {
            let row = owned_environment_of(&state, &current, &project, id).await?;
            Some(
                load_environment(&state.db, &state.files, &row)
                    .await
                    .map_err(ApiError::conflict)?,
            )
        }
        None => None,
    };
    let (model, vocab) = load_network(&state.db, &state.files, network, project.id)
        .await
        .map_err(ApiError::conflict)?;
    let options = SampleOptions {
        n: request.n,
        temperature: request.temperature,
        seed: request.seed,
        ..SampleOptions::default()
    };
    let result = tokio::task::spawn_blocking(move || {
        let smiles = sample(&model, &vocab, &options)?;
        let evaluation = environment
            .as_ref()
            .map(|e: &Environment| e.evaluate(&smiles))
            .transpose()?;
        Ok::<_, genui_gen::GenError>((smiles, evaluation))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::conflict(e.to_string()))?;
    let (smiles, evaluation) = result;
    let valid: Vec<bool> = match &evaluation {
        Some(e) => e.valid.clone(),
        None => smiles
            .iter()
            .map(|s| genui_gen::sample::canonical_smiles(s).is_some())
            .collect(),
    };
    let mut scores: Vec<Option<Value>> = match &evaluation {
        Some(e) => score_activities(e)
            .into_iter()
            .map(|scores| {
                let named: serde_json::Map<String, Value> =
                    scores.into_iter().map(|(k, v)| (k, json!(v))).collect();
                Some(Value::Object(named))
            })
            .collect(),
        None => vec![None; smiles.len()],
    };
    let valid_ratio = valid.iter().filter(|&&v| v).count() as f64 / smiles.len() as f64;
    let molecules = smiles
        .into_iter()
        .zip(valid)
        .zip(scores.iter_mut())
        .map(|((smiles, valid), scores)| SampledMolecule {
            smiles,
            valid,
            scores: scores.take(),
        })
        .collect();
    Ok(Json(QuickSample {
        molecules,
        valid_ratio,
        desired_ratio: evaluation.map(|e| e.desired_ratio()),
    }))
}

/// An environment: a reward scheme and objectives.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EnvironmentView {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    /// `scheme` (`weighted_sum`, `pareto_crowding`, `pareto_similarity`) and `objectives`:
    /// `scorer` ({`kind`: `property`, `name`} or {`kind`: `qsar`, `model_id`}), `modifier`,
    /// `threshold`.
    #[schema(value_type = Object)]
    pub spec: Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<EnvironmentRow> for EnvironmentView {
    fn from(e: EnvironmentRow) -> Self {
        Self {
            id: e.id,
            project_id: e.project_id,
            name: e.name,
            description: e.description,
            spec: e.spec.0,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An environment to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEnvironment {
    pub project_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[schema(value_type = Object)]
    pub scheme: Value,
    #[schema(value_type = Vec<Object>)]
    pub objectives: Value,
}

#[utoipa::path(get, path = "/api/generators/environments", tag = "generators", params(ProjectListParams),
    responses((status = 200, body = Paginated<EnvironmentView>), (status = 404, body = ErrorBody)))]
pub async fn list_environments(
    State(state): State<AppState>,
    current: CurrentUser,
    uri: Uri,
    ApiQuery(params): ApiQuery<ProjectListParams>,
) -> ApiResult<Json<Paginated<EnvironmentView>>> {
    let db = &state.db;
    list_owned(
        &state,
        &current,
        &uri,
        params,
        |owner, project, page| store::list_environments_owned(db, owner, project, page),
        EnvironmentView::from,
    )
    .await
}

#[utoipa::path(post, path = "/api/generators/environments", tag = "generators", request_body = NewEnvironment,
    responses((status = 201, body = EnvironmentView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_environment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewEnvironment>,
) -> ApiResult<(StatusCode, Json<EnvironmentView>)> {
    let project = current.project(&state, request.project_id).await?;
    let name = object_name(&request.name)?;
    let spec: EnvironmentSpec =
        serde_json::from_value(json!({"scheme": request.scheme, "objectives": request.objectives}))
            .map_err(|e| invalid(e.to_string()))?;
    spec.validate().map_err(invalid)?;
    for (i, model) in spec.objectives.iter().enumerate() {
        let ScorerSpec::Qsar { model_id } = model.scorer else {
            continue;
        };
        let field = format!("objectives[{i}].scorer.model_id");
        let found = genui_qsar::store::get_owned(&state.db, current.user.id, model_id)
            .await?
            .filter(|m| m.project_id == project.id)
            .ok_or_else(|| {
                ApiError::validation(&field, format!("no QSAR model {model_id} in this project"))
            })?;
        if found.built_at.is_none() {
            return Err(ApiError::validation(
                &field,
                format!("QSAR model {model_id} is not built"),
            ));
        }
    }
    let spec_json = serde_json::to_value(&spec).expect("specs serialize");
    let id = store::create_environment(
        &state.db,
        project.id,
        name,
        &request.description,
        &spec_json,
    )
    .await
    .map_err(conflict_as(DUPLICATE_ENVIRONMENT))?;
    let row = current.generator_environment(&state, id).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

#[utoipa::path(get, path = "/api/generators/environments/{id}", tag = "generators",
    params(("id" = i64, Path, description = "environment id")),
    responses((status = 200, body = EnvironmentView), (status = 404, body = ErrorBody)))]
pub async fn environment_detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EnvironmentView>> {
    Ok(Json(
        current.generator_environment(&state, id).await?.into(),
    ))
}

#[utoipa::path(patch, path = "/api/generators/environments/{id}", tag = "generators",
    params(("id" = i64, Path, description = "environment id")), request_body = ObjectChanges,
    responses((status = 200, body = EnvironmentView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_environment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(changes): ApiJson<ObjectChanges>,
) -> ApiResult<Json<EnvironmentView>> {
    let row = current.generator_environment(&state, id).await?;
    changes::apply(
        &state,
        store::ENVIRONMENTS,
        row.id,
        &changes,
        DUPLICATE_ENVIRONMENT,
    )
    .await?;
    Ok(Json(
        current.generator_environment(&state, id).await?.into(),
    ))
}

#[utoipa::path(delete, path = "/api/generators/environments/{id}", tag = "generators",
    params(("id" = i64, Path, description = "environment id")),
    responses((status = 204, description = "deleted (agents trained with it and scores made with it stay)"),
        (status = 404, body = ErrorBody)))]
pub async fn remove_environment(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let row = current.generator_environment(&state, id).await?;
    store::delete_environment(&state.db, row.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A compound set to score.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    pub compound_set_id: i64,
}

#[utoipa::path(post, path = "/api/generators/environments/{id}/evaluations", tag = "generators",
    params(("id" = i64, Path, description = "environment id")), request_body = EvaluateRequest,
    responses((status = 202, body = TaskView, description = "the scoring task; its result names the new activity set (raw scores, desirabilities, desired)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn evaluate(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<EvaluateRequest>,
) -> ApiResult<(StatusCode, Json<TaskView>)> {
    let environment = current.generator_environment(&state, id).await?;
    let set = current
        .imported_set_of(
            &state,
            environment.project_id,
            "compound_set_id",
            request.compound_set_id,
        )
        .await?;
    let task = state
        .tasks
        .submit(TaskRequest {
            project_id: environment.project_id,
            kind: EVALUATE_KIND.into(),
            object_type: Some("generator_environment".into()),
            object_id: Some(environment.id),
            args: serde_json::to_value(EvaluateArgs {
                environment_id: environment.id,
                compound_set_id: set.id,
            })
            .expect("arguments serialize"),
        })
        .await
        .map_err(submit_error)?;
    Ok((StatusCode::ACCEPTED, Json(task.into())))
}

/// A sample to draw into a new generated compound set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSample {
    pub project_id: i64,
    /// The name of the compound set.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A network or agent id, or "default".
    #[schema(value_type = Object)]
    pub network: NetworkRef,
    /// SMILES to sample (1 to `GENUI_GENERATOR_MAX_SAMPLES`).
    pub n: usize,
    #[serde(default = "one")]
    pub temperature: f64,
    #[serde(default)]
    pub seed: u64,
    /// Score the molecules with this environment of the project.
    #[serde(default)]
    pub environment_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/generators/samples", tag = "generators", request_body = NewSample,
    responses((status = 202, body = CompoundSetView, description = "the generated compound set; the sampling task fills it (report: sampled, invalid, duplicates_merged, imported)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_sample(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<NewSample>,
) -> ApiResult<(StatusCode, Json<CompoundSetView>)> {
    let project = current.project(&state, request.project_id).await?;
    let name = object_name(&request.name)?;
    let spec = SampleSpec {
        network: request.network,
        n: request.n,
        temperature: request.temperature,
        seed: request.seed,
        environment_id: request.environment_id,
    };
    spec.validate(state.config.max_samples).map_err(invalid)?;
    usable_network(&state, &current, &project, "network", spec.network).await?;
    if let Some(id) = spec.environment_id {
        owned_environment_of(&state, &current, &project, id).await?;
    }
    let source = Source::Generated(GeneratedSource {
        sampling: serde_json::to_value(&spec).expect("specs serialize"),
    });
    let set = genui_compounds::store::create_set(
        &state.db,
        project.id,
        name,
        &request.description,
        &source,
        None,
    )
    .await
    .map_err(conflict_as(
        "the project already has a compound set of this name",
    ))?;
    queue_build(
        &state,
        "compound_sets",
        TaskRequest {
            project_id: project.id,
            kind: SAMPLE_KIND.into(),
            object_type: Some("compound_set".into()),
            object_id: Some(set.id),
            args: serde_json::to_value(SampleArgs {
                compound_set_id: set.id,
            })
            .expect("arguments serialize"),
        },
    )
    .await?;
    let set = current.compound_set(&state, set.id).await?;
    Ok((StatusCode::ACCEPTED, Json(CompoundSetView::new(set, false))))
}
