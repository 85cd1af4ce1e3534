//! Networks and agents: the shipped default, pretraining, fine-tuning, import, reinforcement
//! learning, downloads.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use genui_generator_engine::config::Architecture;
use genui_generator_engine::generator::Input;
use genui_generators::report::{EpochMetrics, NetworkSummary};
use genui_generators::shipped::Shipped;
use genui_generators::spec::{FragmentsSpec, NetworkRef, NetworkSpec, ReinforceOptions};
use genui_generators::store::{self, EnvironmentRow, NetworkRow};
use genui_generators::task::{
    check_files, check_fragments, check_pair, described_by, BuildArgs, LoadError, BUILD_KIND,
};
use genui_storage::files::FileKey;
use genui_storage::projects::Project;
use genui_tasks::TaskRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::changes::{self, ObjectChanges};
use crate::error::{
    conflict_as, object_name, ApiError, ApiJson, ApiMultipart, ApiPath, ApiQuery, ApiResult,
    ErrorBody, ErrorCode,
};
use crate::openapi::{
    ArchitectureSchema, EpochMetricsSchema, FragmentsSpecSchema, InputSchema, NetworkRefSchema,
    NetworkSpecSchema, NetworkSummarySchema, ReinforceOptionsSchema,
};
use crate::pagination::{list_owned, Paginated, ProjectListParams};
use crate::resource::{remove_file, stop_task};
use crate::tasks::{build_status, commit_with_build};
use crate::AppState;

pub(super) const DUPLICATE_NETWORK: &str =
    "the project already has a network or agent of this name";

/// A generator network: a shipped one (`id` "default" or "default-fragments", in every project), or one of a
/// project (pretrained, fine-tuned, imported, or an agent optimized by reinforcement learning).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NetworkView {
    #[schema(value_type = NetworkRefSchema)]
    pub id: NetworkRef,
    /// None for a shipped network.
    pub project_id: Option<i64>,
    pub name: String,
    pub description: String,
    /// `shipped`, `pretrained`, `finetuned`, `imported` or `agent`.
    pub kind: String,
    /// What it is built from and how (none for a shipped network).
    #[schema(value_type = Option<NetworkSpecSchema>)]
    pub spec: Option<NetworkSpec>,
    /// `building`, `ready` or `failed` (see the task).
    pub status: String,
    pub task_id: Option<i64>,
    /// Architecture (kind, sizes) once built.
    #[schema(value_type = Option<ArchitectureSchema>)]
    pub architecture: Option<Architecture>,
    /// What it generates from once built: `molecules` (nothing), or `fragments` (a graph or
    /// SMILES transformer: samples and agents give it `fragments`).
    #[schema(value_type = Option<InputSchema>)]
    pub input: Option<Input>,
    pub vocabulary_size: Option<usize>,
    /// Once built: networks with equal keys can be agent and prior of one another (one kind of
    /// network reading one vocabulary); no other pair can.
    pub pairing_key: Option<String>,
    /// Per-epoch reports (detail view): training and validation loss, valid and unique ratios,
    /// example molecules; for agents the desired ratio and mean scores. Written live.
    #[schema(value_type = Option<Vec<EpochMetricsSchema>>)]
    pub metrics: Option<Vec<EpochMetrics>>,
    #[schema(value_type = Option<NetworkSummarySchema>)]
    pub summary: Option<NetworkSummary>,
    pub built_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl NetworkView {
    fn new(n: NetworkRow, with_metrics: bool) -> Self {
        let (architecture, pairing_key) =
            n.config.as_ref().and_then(|c| described_by(&c.0)).unzip();
        Self {
            id: NetworkRef::Stored(n.id),
            project_id: Some(n.project_id),
            status: build_status(n.built_at.is_some(), n.task_status.as_deref()).to_owned(),
            name: n.name,
            description: n.description,
            kind: n.kind,
            spec: Some(n.spec.0),
            task_id: n.task_id,
            vocabulary_size: architecture.as_ref().map(Architecture::vocab_size),
            pairing_key,
            input: architecture.as_ref().map(Architecture::input),
            architecture,
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

    fn shipped(shipped: Shipped) -> Self {
        let file = shipped.config();
        let architecture = file.architecture();
        Self {
            id: NetworkRef::Shipped(shipped),
            project_id: None,
            name: shipped.name().to_owned(),
            description: shipped.description().to_owned(),
            kind: "shipped".to_owned(),
            spec: None,
            status: "ready".to_owned(),
            task_id: None,
            vocabulary_size: Some(architecture.vocab_size()),
            pairing_key: Some(file.pairing_key()),
            input: Some(architecture.input()),
            architecture: Some(architecture),
            metrics: None,
            summary: None,
            built_at: None,
            created_at: None,
            updated_at: None,
        }
    }
}

pub(super) fn network_path(text: &str) -> ApiResult<NetworkRef> {
    NetworkRef::parse(text).map_err(|e| ApiError::new(ErrorCode::InvalidPath, e.to_string()))
}

/// What a network path segment names: one of the user's networks, or a shipped one.
pub(super) enum Named {
    Stored(Box<NetworkRow>),
    Shipped(Shipped),
}

/// The network behind a path segment.
pub(super) async fn owned_network(
    state: &AppState,
    current: &CurrentUser,
    id: &str,
) -> ApiResult<Named> {
    match network_path(id)? {
        NetworkRef::Shipped(shipped) => Ok(Named::Shipped(shipped)),
        NetworkRef::Stored(id) => Ok(Named::Stored(Box::new(
            current.generator_network(state, id).await?,
        ))),
    }
}

pub(super) async fn list_of(
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
    responses((status = 200, body = Paginated<NetworkView>, description = "the projects' networks (agents are listed at /agents); the shipped ones are at /networks/default and /networks/default-fragments"),
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
    /// How it is trained: `pretrained` or `finetuned` (agents are made by
    /// `POST /api/generators/agents`, imported networks by `…/networks/import`).
    #[serde(flatten)]
    #[schema(value_type = NetworkSpecSchema)]
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
    /// The network to start from.
    #[schema(value_type = NetworkRefSchema)]
    pub agent: NetworkRef,
    /// The exploration network (default: the agent as it starts).
    #[schema(value_type = Option<NetworkRefSchema>)]
    #[serde(default)]
    pub prior: Option<NetworkRef>,
    pub environment_id: i64,
    /// Reinforcement-learning settings; each one left out takes its default.
    #[schema(value_type = ReinforceOptionsSchema)]
    #[serde(default)]
    pub reinforcement: ReinforceOptions,
    /// What a fragment-input agent (graph or SMILES transformer) grows from (required for it,
    /// refused for others).
    #[schema(value_type = Option<FragmentsSpecSchema>)]
    #[serde(default)]
    pub fragments: Option<FragmentsSpec>,
}

/// A request body that does not parse as a spec: 422 with serde's message.
pub(super) fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::ValidationFailed, message)
}

/// Checks that a network may be used in `project`: the shipped one, or a trained one of it.
pub(super) async fn usable_network(
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
pub(super) async fn check_references(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    spec: &NetworkSpec,
) -> ApiResult<()> {
    for id in spec.compound_sets() {
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
    if let NetworkSpec::Agent {
        agent,
        prior,
        environment_id,
        fragments,
        ..
    } = spec
    {
        owned_environment_of(state, current, project, *environment_id).await?;
        if let Some(prior) = prior {
            check_pair(&state.db, *agent, *prior, project.id)
                .await
                .map_err(|e| as_validation("prior", e))?;
        }
        check_fragments(&state.db, *agent, project.id, fragments.as_ref())
            .await
            .map_err(|e| as_validation("fragments", e))?;
    }
    Ok(())
}

/// A network that cannot be used as asked is a bad request about `field`.
pub(super) fn as_validation(field: &str, e: LoadError) -> ApiError {
    match e {
        LoadError::Unusable(message) => ApiError::validation(field, message),
        other => other.into(),
    }
}

pub(super) async fn owned_environment_of(
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
pub(super) async fn queue_network(
    state: &AppState,
    current: &CurrentUser,
    project: &Project,
    name: &str,
    description: &str,
    spec: &NetworkSpec,
) -> ApiResult<(StatusCode, Json<NetworkView>)> {
    spec.validate()?;
    check_references(state, current, project, spec).await?;
    let mut tx = state.db.begin().await?;
    let id = store::create_network(
        &mut tx,
        project.id,
        object_name(name)?,
        description,
        spec,
        None,
    )
    .await
    .map_err(conflict_as(DUPLICATE_NETWORK))?;
    commit_with_build(
        state,
        tx,
        "generator_networks",
        TaskRequest {
            project_id: project.id,
            kind: BUILD_KIND.into(),
            title: format!("Train generator {name}"),
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
        fragments: request.fragments,
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
    ApiMultipart(multipart): ApiMultipart,
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
    .map_err(|m| ApiError::new(ErrorCode::InvalidModelFile, m))?;
    let mut tx = state.db.begin().await?;
    let id = store::create_network(
        &mut tx,
        project.id,
        name,
        &description,
        &NetworkSpec::Imported {},
        Some((&config, file.key.as_str())),
    )
    .await
    .map_err(conflict_as(DUPLICATE_NETWORK))?;
    tx.commit().await?;
    file.keep();
    let row = current.generator_network(&state, id).await?;
    Ok((StatusCode::CREATED, Json(NetworkView::new(row, true))))
}

#[utoipa::path(get, path = "/api/generators/networks/{id}", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or a shipped network's name")),
    responses((status = 200, body = NetworkView), (status = 404, body = ErrorBody)))]
pub async fn network_detail(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<NetworkView>> {
    Ok(Json(match owned_network(&state, &current, &id).await? {
        Named::Stored(row) => NetworkView::new(*row, true),
        Named::Shipped(shipped) => NetworkView::shipped(shipped),
    }))
}

pub(super) fn stored_only(named: Named) -> ApiResult<NetworkRow> {
    match named {
        Named::Stored(row) => Ok(*row),
        Named::Shipped(_) => Err(ApiError::new(
            ErrorCode::ReadOnly,
            "a shipped network cannot be changed",
        )),
    }
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
    stop_task(&state, &current, row.task_id).await?;
    store::delete_network(&state.db, row.id).await?;
    remove_file(&state, row.file_key.as_deref());
    Ok(StatusCode::NO_CONTENT)
}

pub(super) fn attachment(content_type: &str, filename: String, body: Body) -> ApiResult<Response> {
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

pub(super) fn trained(row: &NetworkRow) -> ApiResult<(Value, FileKey)> {
    match (&row.config, row.file_key.as_deref().map(FileKey::parse)) {
        (Some(config), Some(Ok(key))) => Ok((config.0.clone(), key)),
        _ => Err(ApiError::conflict("the network is not trained yet")),
    }
}

#[utoipa::path(get, path = "/api/generators/networks/{id}/config", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or a shipped network's name")),
    responses((status = 200, description = "config.json: format, architecture and vocabulary"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn download_config(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let text = match owned_network(&state, &current, &id).await? {
        Named::Stored(row) => {
            serde_json::to_string_pretty(&trained(&row)?.0).map_err(ApiError::internal)?
        }
        Named::Shipped(shipped) => shipped.config_text().to_owned(),
    };
    attachment("application/json", "config.json".into(), Body::from(text))
}

#[utoipa::path(get, path = "/api/generators/networks/{id}/weights", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or a shipped network's name")),
    responses((status = 200, description = "weights.safetensors"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn download_weights(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let bytes = match owned_network(&state, &current, &id).await? {
        Named::Stored(row) => {
            let (_, key) = trained(&row)?;
            tokio::fs::read(state.files.path(&key))
                .await
                .map_err(ApiError::internal)?
        }
        Named::Shipped(shipped) => shipped.weights().to_vec(),
    };
    attachment(
        "application/octet-stream",
        "weights.safetensors".into(),
        Body::from(bytes),
    )
}
