//! The build task: gather an activity set's values of one type, aggregate
//! repeats per molecule, validate and fit ([`genui_ml::model::build`]), write
//! the model file and record everything with the task's success.

use std::sync::Arc;
use std::time::Duration;

use genui_compounds::store as compounds;
use genui_storage::files::FileStore;
use genui_tasks::{KindSpec, Queue, TaskContext, TaskFailure, TaskRegistry};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use genui_ml::aggregate::{aggregate, common_units};
use genui_ml::features::{featurize, Descriptor};
use genui_ml::file;
use genui_ml::model::build;

use crate::store;

/// Task kind of model builds.
pub const BUILD_KIND: &str = "qsar_build";

/// Task kind of predictions.
pub const PREDICT_KIND: &str = "qsar_predict";

/// The arguments of a prediction task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PredictArgs {
    pub model_id: i64,
    pub compound_set_id: i64,
}

/// The arguments of a build task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildArgs {
    pub model_id: i64,
}

/// Reads a model file and the descriptors that make its inputs, checked: they parse, each is
/// one the engine builds (of bounded size), and together they give exactly the model's bits
/// and values. So neither an import nor a prediction can be made to build other inputs than
/// the model reads, or inputs of any size a file claims.
pub fn read_model(bytes: &[u8]) -> Result<(file::ModelFile, Vec<Descriptor>), String> {
    let file = file::read(bytes).map_err(|e| e.to_string())?;
    let unusable = |why: String| format!("the model file has no usable descriptors: {why}");
    let descriptors: Vec<Descriptor> =
        serde_json::from_value(file.header.metadata["descriptors"].clone())
            .map_err(|e| unusable(e.to_string()))?;
    for descriptor in &descriptors {
        descriptor.validate().map_err(|e| unusable(e.to_string()))?;
    }
    let bits: usize = descriptors.iter().map(Descriptor::n_bits).sum();
    let values: usize = descriptors.iter().map(Descriptor::n_values).sum();
    if (bits, values) != (file.header.n_bits, file.header.n_values) {
        return Err(unusable(format!(
            "they make {bits} bits and {values} values, the model reads {} and {}",
            file.header.n_bits, file.header.n_values
        )));
    }
    Ok((file, descriptors))
}

/// What the model file `bytes` predicts for `smiles`: a value and an applicability score (the
/// largest similarity to a training row) per molecule, and the model's header.
pub fn predict_with(
    bytes: &[u8],
    smiles: &[String],
) -> Result<(Vec<f64>, Vec<f64>, file::ModelHeader), String> {
    let (file, descriptors) = read_model(bytes)?;
    let raw = featurize(&descriptors, smiles).map_err(|e| e.to_string())?;
    let values = file
        .model
        .predict(&raw)
        .map_err(|e| format!("the model's descriptors do not give its inputs: {e}"))?;
    let inputs = file.model.bits(&raw).map_err(|e| e.to_string())?;
    let applicability = file.reference.max_similarity(&inputs);
    Ok((values, applicability, file.header))
}

/// Registers the build and prediction tasks (CPU queue).
pub fn register(registry: &mut TaskRegistry, files: FileStore) {
    let files = Arc::new(files);
    let for_builds = files.clone();
    registry.register(
        BUILD_KIND,
        KindSpec::new(Queue::Celery, move |ctx| run(ctx, for_builds.clone()))
            .time_limit(Duration::from_secs(12 * 3600))
            .max_attempts(2),
    );
    registry.register(
        PREDICT_KIND,
        KindSpec::new(Queue::Celery, move |ctx| predict(ctx, files.clone()))
            .time_limit(Duration::from_secs(6 * 3600))
            .max_attempts(2),
    );
}

/// Applies a built model to a compound set: a new activity set with the
/// predicted value (or active-class probability) and applicability of each molecule.
async fn predict(ctx: TaskContext, files: Arc<FileStore>) -> Result<Value, TaskFailure> {
    let args: PredictArgs = ctx.args()?;
    let model = store::get(ctx.db(), args.model_id)
        .await?
        .ok_or_else(|| failed("not_found", "the model no longer exists"))?;
    let key = model
        .file_key
        .as_deref()
        .and_then(|k| genui_storage::files::FileKey::parse(k).ok())
        .ok_or_else(|| failed("not_built", "the model has not been built"))?;
    let bytes = tokio::fs::read(files.path(&key)).await?;
    let molecules = compounds::all_molecules(ctx.db(), args.compound_set_id).await?;
    if molecules.is_empty() {
        return Err(failed("no_data", "the compound set has no molecules"));
    }
    ctx.progress(0, Some(molecules.len() as i64), "predicting")
        .await?;
    let ids: Vec<i64> = molecules.iter().map(|m| m.id).collect();
    let smiles: Vec<String> = molecules.into_iter().map(|m| m.smiles).collect();
    let predicted = tokio::task::spawn_blocking(move || predict_with(&bytes, &smiles))
        .await
        .map_err(|e| failed("internal", format!("prediction stopped: {e}")))?
        .map_err(|m| failed("invalid_model", m))?;
    let (values, applicability, header) = predicted;
    let activity_type = header.metadata["activity_type"]
        .as_str()
        .unwrap_or("activity");
    let kind = match header.mode {
        genui_ml::Mode::Regression => format!("{activity_type} (predicted)"),
        genui_ml::Mode::Classification => format!("{activity_type} (probability active)"),
    };
    let units = match header.mode {
        genui_ml::Mode::Regression => header.metadata["units"].as_str(),
        genui_ml::Mode::Classification => None,
    };
    let rows: Vec<(i64, f64, f64)> = ids
        .iter()
        .zip(values)
        .zip(applicability)
        .map(|((&id, v), a)| (id, v, a))
        .collect();
    let name = format!("{} predictions", model.name);
    let mut tx = ctx.db().begin().await?;
    let activity_set = compounds::insert_predictions(
        &mut tx,
        &compounds::Predictions {
            compound_set_id: args.compound_set_id,
            project_id: model.project_id,
            qsar_model_id: model.id,
            name: &name,
            kind: &kind,
            units,
            values: &rows,
        },
    )
    .await?;
    ctx.commit_success(
        tx,
        json!({"activity_set_id": activity_set, "predicted": rows.len()}),
    )
    .await
}

fn failed(code: &str, message: impl Into<String>) -> TaskFailure {
    TaskFailure::new(code, message)
}

async fn run(ctx: TaskContext, files: Arc<FileStore>) -> Result<Value, TaskFailure> {
    let args: BuildArgs = ctx.args()?;
    let model = store::get(ctx.db(), args.model_id)
        .await?
        .ok_or_else(|| failed("not_found", "the model no longer exists"))?;
    let store::ModelSpec::Built(spec) = model.spec.0 else {
        return Err(failed("invalid_arguments", "imported models are not built"));
    };
    let config = spec
        .validate()
        .map_err(|e| failed(e.code(), e.to_string()))?;
    ctx.progress(0, None, "gathering activities").await?;
    let activities: Vec<compounds::ActivityRow> =
        compounds::all_activities(ctx.db(), spec.activity_set_id)
            .await?
            .into_iter()
            .filter(|a| a.kind == spec.activity_type)
            .collect();
    if activities.is_empty() {
        return Err(failed(
            "no_data",
            format!("the activity set has no {} values", spec.activity_type),
        ));
    }
    let units: Vec<Option<&str>> = activities.iter().map(|a| a.units.as_deref()).collect();
    let units = common_units(&units).map_err(|e| failed("inconsistent_units", e.to_string()))?;
    let values: Vec<(i64, f64)> = activities
        .iter()
        .map(|a| (a.molecule_id, a.value))
        .collect();
    let aggregated = aggregate(&values, spec.aggregation);
    let ids: Vec<i64> = aggregated.iter().map(|(id, _)| *id).collect();
    let mut molecules = compounds::molecules_by_id(ctx.db(), &ids).await?;
    molecules.sort_by_key(|m| m.id);
    let smiles: Vec<String> = molecules.into_iter().map(|m| m.smiles).collect();
    let targets: Vec<f64> = aggregated.iter().map(|(_, v)| *v).collect();
    if smiles.len() != ids.len() {
        return Err(failed(
            "no_data",
            "molecules of the activity set were deleted meanwhile",
        ));
    }
    let mut built = {
        let spec = spec.clone();
        ctx.run_blocking("fitting models", move |reporter| {
            build(
                &spec,
                &config,
                &ids,
                &smiles,
                &targets,
                &mut |done, total| {
                    reporter.set(done as u64, Some(total as u64));
                },
            )
        })
        .await?
        .map_err(|e| failed(e.code(), e.to_string()))?
    };
    if spec.mode == genui_ml::Mode::Regression {
        built.performance.units = units.clone();
    }
    let metadata = json!({
        "descriptors": spec.descriptors,
        "activity_type": spec.activity_type,
        "units": units,
        "threshold": built.performance.threshold,
        "active_when": built.performance.active_when,
        "molecules": built.performance.molecules,
        "seed": spec.seed,
    });
    let bytes = file::write(&built.model, &built.reference, &metadata);
    let mut pending = files.create("models", "qsar")?;
    std::io::Write::write_all(&mut pending, &bytes)?;
    let key = pending.persist()?;
    let mut tx = ctx.db().begin().await?;
    store::record_build(&mut tx, model.id, key.as_str(), &built.performance).await?;
    let summary = json!({"molecules": built.performance.molecules, "bytes": bytes.len(),
        "cross_validation": built.performance.cross_validation.mean});
    match ctx.commit_success(tx, summary).await {
        Ok(v) => Ok(v),
        Err(e) => {
            let _ = files.remove(&key);
            Err(e)
        }
    }
}
