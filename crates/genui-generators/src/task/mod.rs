//! The generator tasks, all on the `gpu` queue (a CPU worker may consume it too):
//!
//! * build: pretrain or fine-tune a network on compound sets, or optimize an agent by
//!   reinforcement learning — each epoch's report is stored on the network as it comes and
//!   shown as the task's progress; the best epoch is kept;
//! * sample: draw molecules into a generated compound set (through the import pipeline:
//!   standardized, de-duplicated, invalid SMILES reported), scored by an environment if asked;
//! * evaluate: score a compound set against an environment into a new activity set.
//!
//! Everything a task writes lands in one transaction with its success.

use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use candle_core::Device;
use genui_compounds::pipeline::{process_all, Activity, Record, Structure};
use genui_compounds::sources::Source;
use genui_compounds::{merge_duplicates, store as compounds};
use genui_generator_engine::config::Architecture;
use genui_generator_engine::corpus::{Corpus, CorpusOptions};
use genui_generator_engine::environment::{Environment, Evaluation, Objective};
use genui_generator_engine::generator::{Generator, GeneratorFile, Seeds};
use genui_generator_engine::graph::GraphCoder;
use genui_generator_engine::graph_model::GraphTransformer;
use genui_generator_engine::graph_workflow::{train_graph, GraphTrainingData};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::network::Network;
use genui_generator_engine::prompt::{train_prompted, PromptedData};
use genui_generator_engine::reinforce::Generated;
use genui_generator_engine::scoring::{Property, Scorer};
use genui_generator_engine::vocab::{NewTokens, Vocabulary};
use genui_generator_engine::workflow::{finetuning, train, TrainingData, TrainingOptions};
use genui_storage::files::{FileKey, FileStore};
use genui_tasks::{KindSpec, Queue, Reporter, TaskContext, TaskFailure, TaskRegistry};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::report::{EpochMetrics, NetworkSummary};
use crate::scorer::QsarScorer;
use crate::spec::{
    EnvironmentSpec, FragmentsSpec, NetworkRef, NetworkSpec, SampleSpec, ScorerSpec, MAX_FRAGMENTS,
};
use crate::store::{self, EnvironmentRow};

mod training;

use training::build;

/// Task kind of network training and agent optimization.
pub const BUILD_KIND: &str = "generator_build";
/// Task kind of sampling into a generated compound set.
pub const SAMPLE_KIND: &str = "generator_sample";
/// Task kind of scoring a compound set against an environment.
pub const EVALUATE_KIND: &str = "generator_evaluate";

/// Column of a generated molecule's `extra` values holding the fragments it was grown from.
pub const FRAGMENTS_COLUMN: &str = "fragments";

/// SMILES sampled per draw (each draw has its own seed, so a sample is reproducible).
const SAMPLE_CHUNK: usize = 1000;

/// The arguments of a build task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildArgs {
    pub network_id: i64,
}

/// The arguments of a sampling task: the generated set (its source holds the [`SampleSpec`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SampleArgs {
    pub compound_set_id: i64,
}

/// The arguments of an evaluation task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvaluateArgs {
    pub environment_id: i64,
    pub compound_set_id: i64,
}

/// Registers the generator tasks.
pub fn register(registry: &mut TaskRegistry, files: FileStore) {
    let files = Arc::new(files);
    let (for_builds, for_samples) = (files.clone(), files.clone());
    registry.register(
        BUILD_KIND,
        KindSpec::new(Queue::Gpu, move |ctx| build(ctx, for_builds.clone()))
            .time_limit(Duration::from_secs(48 * 3600))
            .max_attempts(2),
    );
    registry.register(
        SAMPLE_KIND,
        KindSpec::new(Queue::Gpu, move |ctx| sample_set(ctx, for_samples.clone()))
            .time_limit(Duration::from_secs(6 * 3600))
            .max_attempts(2),
    );
    registry.register(
        EVALUATE_KIND,
        KindSpec::new(Queue::Gpu, move |ctx| evaluate(ctx, files.clone()))
            .time_limit(Duration::from_secs(6 * 3600))
            .max_attempts(2),
    );
}

/// Where networks run: the first CUDA device in a build with CUDA, else the CPU.
pub fn device() -> Device {
    Device::cuda_if_available(0).unwrap_or(Device::Cpu)
}

fn failed(code: &str, message: impl Into<String>) -> TaskFailure {
    TaskFailure::new(code, message)
}

fn engine(e: genui_generator_engine::GenError) -> TaskFailure {
    failed("invalid_input", e.to_string())
}

/// Builds a network from its configuration (a `config.json` as JSON) and safetensors weights.
pub fn network_from(
    config: &Value,
    weights: &[u8],
    device: &Device,
) -> genui_generator_engine::Result<Generator> {
    Generator::from_files(&config.to_string(), weights, device)
}

/// Checks uploaded model files by loading them (on the CPU).
pub fn check_files(config: &Value, weights: &[u8]) -> genui_generator_engine::Result<()> {
    network_from(config, weights, &Device::Cpu).map(|_| ())
}

/// What a stored network's configuration says of it: its architecture and
/// [`GeneratorFile::pairing_key`] (none when it does not parse).
pub fn described_by(config: &Value) -> Option<(Architecture, String)> {
    GeneratorFile::parse(&config.to_string())
        .ok()
        .map(|f| (f.architecture(), f.pairing_key()))
}

/// Why a stored network or environment cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// It cannot be used as it is (not in the project, not trained or built, a file that does
    /// not load); the message says why.
    #[error("{0}")]
    Unusable(String),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] genui_storage::StorageError),
    /// The worker thread that read the files failed.
    #[error(transparent)]
    Worker(#[from] tokio::task::JoinError),
}

impl From<LoadError> for TaskFailure {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Unusable(m) => failed("invalid_input", m),
            LoadError::Storage(e) => e.into(),
            LoadError::Worker(e) => e.into(),
        }
    }
}

fn unusable(e: impl std::fmt::Display) -> LoadError {
    LoadError::Unusable(e.to_string())
}

/// The configuration and weights file of a trained network of `project`.
async fn stored_network(
    db: &genui_storage::Db,
    id: i64,
    project: i64,
) -> Result<(Value, FileKey), LoadError> {
    let row = store::get_network(db, id)
        .await?
        .filter(|n| n.project_id == project)
        .ok_or_else(|| unusable(format!("network {id} is not in this project")))?;
    match (row.config, row.file_key.as_deref().map(FileKey::parse)) {
        (Some(config), Some(Ok(key))) => Ok((config.0, key)),
        _ => Err(unusable(format!(
            "network {id} ({}) is not trained yet",
            row.name
        ))),
    }
}

/// Loads a network of `project` (or the shipped one).
pub async fn load_network(
    db: &genui_storage::Db,
    files: &FileStore,
    reference: NetworkRef,
    project: i64,
) -> Result<Generator, LoadError> {
    let (config, key) = match reference {
        NetworkRef::Shipped(shipped) => {
            return tokio::task::spawn_blocking(move || shipped.load(&device()))
                .await?
                .map_err(unusable)
        }
        NetworkRef::Stored(id) => stored_network(db, id, project).await?,
    };
    let weights = tokio::fs::read(files.path(&key))
        .await
        .map_err(|e| unusable(format!("cannot read the network's weights: {e}")))?;
    tokio::task::spawn_blocking(move || network_from(&config, &weights, &device()))
        .await?
        .map_err(unusable)
}

/// The fragment SMILES `spec` names: its list, or the molecules of a compound set of `project`.
pub async fn fragment_smiles(
    db: &genui_storage::Db,
    spec: &FragmentsSpec,
    project: i64,
) -> Result<Vec<String>, LoadError> {
    let Some(id) = spec.compound_set_id else {
        return Ok(spec.smiles.clone());
    };
    compounds::get_set(db, id)
        .await?
        .filter(|s| s.project_id == project)
        .ok_or_else(|| unusable(format!("compound set {id} is not in this project")))?;
    let smiles: Vec<String> = compounds::all_molecules(db, id)
        .await?
        .into_iter()
        .map(|m| m.smiles)
        .collect();
    if smiles.is_empty() || smiles.len() > MAX_FRAGMENTS {
        return Err(unusable(format!(
            "compound set {id} has {} molecules: give 1 to {MAX_FRAGMENTS} fragments",
            smiles.len()
        )));
    }
    Ok(smiles)
}

/// The configuration of a network of `project` (or the shipped one), without its weights.
async fn network_file(
    db: &genui_storage::Db,
    reference: NetworkRef,
    project: i64,
) -> Result<GeneratorFile, LoadError> {
    match reference {
        NetworkRef::Shipped(shipped) => Ok(shipped.config()),
        NetworkRef::Stored(id) => {
            let (config, _) = stored_network(db, id, project).await?;
            GeneratorFile::parse(&config.to_string()).map_err(unusable)
        }
    }
}

/// The fragment SMILES of `spec` (none without one).
async fn fragments_of(
    db: &genui_storage::Db,
    spec: Option<&FragmentsSpec>,
    project: i64,
) -> Result<Option<Vec<String>>, LoadError> {
    match spec {
        Some(spec) => Ok(Some(fragment_smiles(db, spec, project).await?)),
        None => Ok(None),
    }
}

/// The seeds `fragments` (a spec of `project`) give `generator`.
pub async fn seeds(
    db: &genui_storage::Db,
    generator: &Generator,
    fragments: Option<&FragmentsSpec>,
    project: i64,
) -> Result<Seeds, LoadError> {
    let smiles = fragments_of(db, fragments, project).await?;
    generator
        .reader()
        .read(smiles.as_deref())
        .map_err(LoadError::Unusable)
}

/// Checks, before any task starts, that the network `reference` of `project` can grow from
/// `fragments` (or needs none): reads only its configuration.
pub async fn check_fragments(
    db: &genui_storage::Db,
    reference: NetworkRef,
    project: i64,
    fragments: Option<&FragmentsSpec>,
) -> Result<(), LoadError> {
    let file = network_file(db, reference, project).await?;
    let smiles = fragments_of(db, fragments, project).await?;
    file.reader()
        .map_err(unusable)?
        .read(smiles.as_deref())
        .map(|_| ())
        .map_err(LoadError::Unusable)
}

/// Checks, before any task starts, that an agent and its prior can work together (see
/// [`GeneratorFile::pairing_key`]).
pub async fn check_pair(
    db: &genui_storage::Db,
    agent: NetworkRef,
    prior: NetworkRef,
    project: i64,
) -> Result<(), LoadError> {
    let agent = network_file(db, agent, project).await?;
    let prior = network_file(db, prior, project).await?;
    if agent.pairing_key() == prior.pairing_key() {
        return Ok(());
    }
    Err(unusable(match (&agent, &prior) {
        (GeneratorFile::Smiles(a), GeneratorFile::Smiles(p)) if a.vocabulary != p.vocabulary => {
            "the agent and the prior must share one vocabulary: a network fine-tuned with new \
             tokens pairs only with networks fine-tuned from it"
        }
        _ => "the agent and the prior are networks of different architectures",
    }))
}

/// Loads an environment: its properties, and its QSAR models (which must be built models of the
/// environment's project).
pub async fn load_environment(
    db: &genui_storage::Db,
    files: &FileStore,
    row: &EnvironmentRow,
) -> Result<Environment, LoadError> {
    let spec: EnvironmentSpec = serde_json::from_value(row.spec.0.clone()).map_err(unusable)?;
    let mut objectives = Vec::with_capacity(spec.objectives.len());
    for objective in spec.objectives {
        let scorer: Arc<dyn Scorer> = match &objective.scorer {
            ScorerSpec::Property { name } => Arc::new(Property::from_name(name).map_err(unusable)?),
            ScorerSpec::Qsar { model_id } => {
                let model = genui_qsar::store::get(db, *model_id)
                    .await?
                    .filter(|m| m.project_id == row.project_id)
                    .ok_or_else(|| {
                        unusable(format!("QSAR model {model_id} is not in this project"))
                    })?;
                let key = model
                    .file_key
                    .as_deref()
                    .and_then(|k| FileKey::parse(k).ok())
                    .ok_or_else(|| unusable(format!("QSAR model {:?} is not built", model.name)))?;
                let bytes = tokio::fs::read(files.path(&key)).await.map_err(|e| {
                    unusable(format!("cannot read QSAR model {:?}: {e}", model.name))
                })?;
                let name = model.name.clone();
                let scorer = tokio::task::spawn_blocking(move || QsarScorer::new(name, &bytes))
                    .await?
                    .map_err(|e| unusable(format!("QSAR model {:?}: {e}", model.name)))?;
                Arc::new(scorer)
            }
        };
        objectives.push(Objective {
            scorer,
            modifier: objective.modifier,
            threshold: objective.threshold,
        });
    }
    Environment::new(objectives, spec.scheme).map_err(unusable)
}

/// The scores of each molecule as activities: each objective's raw score (when there is one),
/// its desirability, and whether the molecule is desired (1 or 0). Zero scores are kept.
pub fn score_activities(evaluation: &Evaluation) -> Vec<Vec<(String, f64)>> {
    (0..evaluation.len())
        .map(|i| {
            let mut scores = Vec::with_capacity(2 * evaluation.keys.len() + 1);
            for (k, key) in evaluation.keys.iter().enumerate() {
                let raw = evaluation.raw[k][i];
                if raw.is_finite() {
                    scores.push((key.clone(), raw));
                }
                scores.push((format!("{key} desirability"), evaluation.modified[k][i]));
            }
            scores.push((
                "desired".to_owned(),
                f64::from(u8::from(evaluation.desired[i])),
            ));
            scores
        })
        .collect()
}

/// Samples `spec.n` molecules in draws of [`SAMPLE_CHUNK`], counting them in `reporter`;
/// `None` when cancelled.
fn draw(
    network: &Generator,
    seeds: &Seeds,
    spec: &SampleSpec,
    reporter: &Reporter,
) -> genui_generator_engine::Result<Option<Vec<Generated>>> {
    let mut generated = Vec::with_capacity(spec.n);
    for (index, start) in (0..spec.n).step_by(SAMPLE_CHUNK).enumerate() {
        if reporter.is_cancelled() {
            return Ok(None);
        }
        let n = SAMPLE_CHUNK.min(spec.n - start);
        let seed = spec.seed.wrapping_add(index as u64);
        generated.extend(network.sample(n, spec.temperature, seed, seeds)?);
        reporter.set_done(generated.len() as u64);
    }
    Ok(Some(generated))
}

async fn sample_set(ctx: TaskContext, files: Arc<FileStore>) -> Result<Value, TaskFailure> {
    let args: SampleArgs = ctx.args()?;
    let set = compounds::get_set(ctx.db(), args.compound_set_id)
        .await?
        .ok_or_else(|| failed("not_found", "the compound set no longer exists"))?;
    let Ok(Source::Generated(source)) = set.source() else {
        return Err(failed("invalid_arguments", "not a generated compound set"));
    };
    let spec: SampleSpec = serde_json::from_value(source.sampling)
        .map_err(|e| failed("invalid_arguments", e.to_string()))?;
    let network = load_network(ctx.db(), &files, spec.network, set.project_id).await?;
    let seeds = seeds(ctx.db(), &network, spec.fragments.as_ref(), set.project_id).await?;
    let environment = match spec.environment_id {
        Some(id) => {
            let row = store::get_environment(ctx.db(), id)
                .await?
                .filter(|e| e.project_id == set.project_id)
                .ok_or_else(|| failed("invalid_input", "the environment no longer exists"))?;
            Some(load_environment(ctx.db(), &files, &row).await?)
        }
        None => None,
    };
    let n = spec.n as u64;
    let generated = {
        let spec = spec.clone();
        ctx.run_blocking("sampling", move |reporter| {
            reporter.set(0, Some(n));
            draw(&network, &seeds, &spec, reporter)
        })
        .await?
        .map_err(engine)?
        .ok_or(TaskFailure::Cancelled)?
    };
    let smiles: Vec<String> = generated.iter().map(|g| g.smiles.clone()).collect();
    let scores = match environment {
        Some(environment) => {
            ctx.progress(0, None, "scoring").await?;
            let batch = smiles.clone();
            let evaluation = tokio::task::spawn_blocking(move || environment.evaluate(&batch))
                .await?
                .map_err(engine)?;
            score_activities(&evaluation)
        }
        None => vec![Vec::new(); smiles.len()],
    };
    let records: Vec<Record> = generated
        .into_iter()
        .zip(scores)
        .enumerate()
        .map(|(i, (g, scores))| Record {
            position: i as u64 + 1,
            name: None,
            structure: Structure::Smiles(g.smiles),
            activities: scores
                .into_iter()
                .map(|(kind, value)| Activity {
                    kind,
                    value,
                    units: None,
                    relation: None,
                    assay: None,
                    target: None,
                    chembl: None,
                })
                .collect(),
            // The fragments a molecule was grown from, to show them highlighted.
            extra: g
                .fragments
                .map(|f| vec![(FRAGMENTS_COLUMN.to_string(), f)])
                .unwrap_or_default(),
        })
        .collect();
    let results = ctx
        .run_blocking("standardizing molecules", move |reporter| {
            reporter.set(0, Some(n));
            process_all(records, &|| reporter.is_cancelled(), &|done| {
                reporter.set_done(done as u64)
            })
        })
        .await?
        .ok_or(TaskFailure::Cancelled)?;
    let (mut molecules, mut rejected) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok(molecule) => molecules.push(molecule),
            Err(rejection) => rejected.push(rejection),
        }
    }
    let (mut merged, duplicates) = merge_duplicates(molecules);
    if merged.is_empty() {
        return Err(failed(
            "nothing_generated",
            format!("none of the {} sampled SMILES is a valid molecule", spec.n),
        ));
    }
    // A molecule sampled twice has the same scores twice: keep one of each.
    for m in &mut merged {
        let mut seen = std::collections::HashSet::new();
        m.activities.retain(|a| seen.insert(a.kind.clone()));
    }
    let report = genui_compounds::report::ImportReport {
        sampled: Some(spec.n),
        invalid: Some(rejected.len()),
        ..genui_compounds::report::ImportReport::new(spec.n, &merged, duplicates, rejected)
    };
    ctx.progress(spec.n as i64, Some(spec.n as i64), "saving molecules")
        .await?;
    let mut tx = ctx.db().begin().await?;
    compounds::replace_contents(&mut tx, &set, &merged, &report).await?;
    ctx.commit_success(tx, json!(report)).await
}

async fn evaluate(ctx: TaskContext, files: Arc<FileStore>) -> Result<Value, TaskFailure> {
    let args: EvaluateArgs = ctx.args()?;
    let row = store::get_environment(ctx.db(), args.environment_id)
        .await?
        .ok_or_else(|| failed("not_found", "the environment no longer exists"))?;
    let set = compounds::get_set(ctx.db(), args.compound_set_id)
        .await?
        .filter(|s| s.project_id == row.project_id)
        .ok_or_else(|| failed("not_found", "the compound set no longer exists"))?;
    let environment = load_environment(ctx.db(), &files, &row).await?;
    let molecules = compounds::all_molecules(ctx.db(), set.id).await?;
    if molecules.is_empty() {
        return Err(failed("no_data", "the compound set has no molecules"));
    }
    ctx.progress(0, Some(molecules.len() as i64), "scoring")
        .await?;
    let ids: Vec<i64> = molecules.iter().map(|m| m.id).collect();
    let smiles: Vec<String> = molecules.into_iter().map(|m| m.smiles).collect();
    let evaluation = tokio::task::spawn_blocking(move || environment.evaluate(&smiles))
        .await?
        .map_err(engine)?;
    let desired = evaluation.desired_ratio();
    let rows: Vec<(i64, String, f64)> = ids
        .iter()
        .zip(score_activities(&evaluation))
        .flat_map(|(&id, scores)| scores.into_iter().map(move |(kind, v)| (id, kind, v)))
        .collect();
    let name = format!("{} scores", row.name);
    let mut tx = ctx.db().begin().await?;
    let activity_set = compounds::insert_scores(
        &mut tx,
        &compounds::Scores {
            compound_set_id: set.id,
            project_id: set.project_id,
            name: &name,
            values: &rows,
        },
    )
    .await?;
    ctx.commit_success(
        tx,
        json!({"activity_set_id": activity_set, "molecules": ids.len(), "desired_ratio": desired}),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_zeros_and_skip_only_missing_raw_values() {
        let evaluation = Evaluation {
            keys: vec!["qed".into()],
            valid: vec![true, false],
            raw: vec![vec![0.0, f64::NAN]],
            modified: vec![vec![0.0, 0.0]],
            desired: vec![false, false],
        };
        let rows = score_activities(&evaluation);
        let named = |pairs: &[(&str, f64)]| -> Vec<(String, f64)> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
        };
        assert_eq!(
            rows[0],
            named(&[("qed", 0.0), ("qed desirability", 0.0), ("desired", 0.0)])
        );
        assert_eq!(
            rows[1],
            named(&[("qed desirability", 0.0), ("desired", 0.0)])
        );
    }
}
