//! Samples: quick synchronous ones for previews, and generated compound sets.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use std::collections::BTreeMap;

use genui_compounds::sources::{GeneratedSource, Source};
use genui_generator_engine::environment::Environment;
use genui_generators::spec::{check_sample, FragmentsSpec, NetworkRef, SampleSpec};
use genui_generators::task::{
    check_fragments, load_environment, load_network, score_activities, seeds, SampleArgs,
    SAMPLE_KIND,
};
use genui_tasks::TaskRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::compounds::CompoundSetView;
use crate::error::{conflict_as, object_name, ApiError, ApiJson, ApiPath, ApiResult, ErrorBody};
use crate::openapi::{FragmentsSpecSchema, NetworkRefSchema};
use crate::tasks::commit_with_build;
use crate::AppState;

use super::networks::*;

/// Most SMILES a quick (synchronous) sample draws.
const MAX_QUICK_SAMPLE: usize = 100;

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
    /// What a fragment-input network (graph or SMILES transformer) grows from (required for it,
    /// refused for others).
    #[serde(default)]
    #[schema(value_type = Option<FragmentsSpecSchema>)]
    pub fragments: Option<FragmentsSpec>,
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
    /// The fragments it was grown from (fragment-input networks).
    pub fragments: Option<String>,
    /// With an environment: raw scores and desirabilities by name (null where undefined), and
    /// `desired` (1 or 0).
    pub scores: Option<BTreeMap<String, Option<f64>>>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuickSample {
    pub molecules: Vec<SampledMolecule>,
    pub valid_ratio: f64,
    /// With an environment.
    pub desired_ratio: Option<f64>,
}

#[utoipa::path(post, path = "/api/generators/networks/{id}/quick-sample", tag = "generators",
    params(("id" = String, Path, description = "network or agent id, or a shipped network's name")),
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
        Named::Stored(row) if row.project_id != project.id => {
            return Err(ApiError::validation(
                "project_id",
                "the network belongs to another project",
            ))
        }
        Named::Stored(row) => NetworkRef::Stored(row.id),
        Named::Shipped(shipped) => NetworkRef::Shipped(shipped),
    };
    check_sample(request.n, request.temperature, MAX_QUICK_SAMPLE)?;
    let environment = match request.environment_id {
        Some(id) => {
            let row = owned_environment_of(&state, &current, &project, id).await?;
            Some(load_environment(&state.db, &state.files, &row).await?)
        }
        None => None,
    };
    if let Some(fragments) = &request.fragments {
        fragments.validate()?;
    }
    check_fragments(&state.db, network, project.id, request.fragments.as_ref())
        .await
        .map_err(|e| as_validation("fragments", e))?;
    let model = load_network(&state.db, &state.files, network, project.id).await?;
    let seeds = seeds(&state.db, &model, request.fragments.as_ref(), project.id)
        .await
        .map_err(|e| as_validation("fragments", e))?;
    let (n, temperature, seed) = (request.n, request.temperature, request.seed);
    let result = tokio::task::spawn_blocking(move || {
        let generated = model.sample(n, temperature, seed, &seeds)?;
        let smiles: Vec<String> = generated.iter().map(|g| g.smiles.clone()).collect();
        let evaluation = environment
            .as_ref()
            .map(|e: &Environment| e.evaluate(&smiles))
            .transpose()?;
        Ok::<_, genui_generator_engine::GenError>((generated, evaluation))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::conflict(e.to_string()))?;
    let (generated, evaluation) = result;
    let smiles: Vec<String> = generated.iter().map(|g| g.smiles.clone()).collect();
    let valid: Vec<bool> = match &evaluation {
        Some(e) => e.valid.clone(),
        None => smiles
            .iter()
            .map(|s| genui_generator_engine::sample::canonical_smiles(s).is_some())
            .collect(),
    };
    let mut scores: Vec<Option<BTreeMap<String, Option<f64>>>> = match &evaluation {
        Some(e) => score_activities(e)
            .into_iter()
            .map(|scores| {
                Some(
                    scores
                        .into_iter()
                        .map(|(k, v)| (k, v.is_finite().then_some(v)))
                        .collect(),
                )
            })
            .collect(),
        None => vec![None; smiles.len()],
    };
    let valid_ratio = valid.iter().filter(|&&v| v).count() as f64 / smiles.len() as f64;
    let molecules = generated
        .into_iter()
        .zip(valid)
        .zip(scores.iter_mut())
        .map(|((generated, valid), scores)| SampledMolecule {
            smiles: generated.smiles,
            valid,
            fragments: generated.fragments,
            scores: scores.take(),
        })
        .collect();
    Ok(Json(QuickSample {
        molecules,
        valid_ratio,
        desired_ratio: evaluation.map(|e| e.desired_ratio()),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSample {
    pub project_id: i64,
    /// The name of the compound set.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The network or agent to sample.
    #[schema(value_type = NetworkRefSchema)]
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
    /// What a fragment-input network (graph or SMILES transformer) grows from (required for it,
    /// refused for others).
    #[serde(default)]
    #[schema(value_type = Option<FragmentsSpecSchema>)]
    pub fragments: Option<FragmentsSpec>,
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
        fragments: request.fragments,
    };
    spec.validate(state.config.max_samples)?;
    usable_network(&state, &current, &project, "network", spec.network).await?;
    check_fragments(&state.db, spec.network, project.id, spec.fragments.as_ref())
        .await
        .map_err(|e| as_validation("fragments", e))?;
    if let Some(id) = spec.environment_id {
        owned_environment_of(&state, &current, &project, id).await?;
    }
    let source = Source::Generated(GeneratedSource {
        sampling: serde_json::to_value(&spec).expect("specs serialize"),
    });
    let mut tx = state.db.begin().await?;
    let set = genui_compounds::store::create_set(
        &mut tx,
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
    commit_with_build(
        &state,
        tx,
        "compound_sets",
        TaskRequest {
            project_id: project.id,
            kind: SAMPLE_KIND.into(),
            title: format!("Sample {name}"),
            object_type: Some("compound_set".into()),
            object_id: Some(set),
            args: serde_json::to_value(SampleArgs {
                compound_set_id: set,
            })
            .expect("arguments serialize"),
        },
    )
    .await?;
    let set = current.compound_set(&state, set).await?;
    Ok((StatusCode::ACCEPTED, Json(CompoundSetView::new(set, false))))
}
