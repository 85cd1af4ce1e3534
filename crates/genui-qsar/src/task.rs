//! The build task: gather an activity set's values of one type, make one
//! target per molecule of its exact and censored values by the build's rule, validate and fit ([`genui_ml::model::build`]), write
//! the model file and record everything with the task's success.

use std::sync::Arc;
use std::time::Duration;

use genui_compounds::store as compounds;
use genui_storage::files::FileStore;
use genui_tasks::{KindSpec, Queue, TaskContext, TaskFailure, TaskRegistry};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use genui_ml::aggregate::{classes_of, common_units, prepare, Measurement, Relation};
use genui_ml::features::{featurize, Descriptor};
use genui_ml::file;
use genui_ml::model::{build, DEFAULT_THRESHOLD};
use genui_ml::uncertainty::Uncertainty;

use crate::card::ModelCard;
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
    /// Of the regression intervals.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
}

/// The intervals' confidence unless the request names one.
pub const DEFAULT_CONFIDENCE: f64 = 0.9;

fn default_confidence() -> f64 {
    DEFAULT_CONFIDENCE
}

/// The arguments of a build task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildArgs {
    pub model_id: i64,
}

/// Reads a model file and the descriptors that make its inputs, checked: they parse, each is
/// one the engine builds (of bounded size), and together they give exactly the model's bits
/// and values; its uncertainty and card, where it has them, are readable. So neither an import nor a prediction can be made to build other inputs than
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
    uncertainty_of(&file.header)?;
    ModelCard::in_metadata(&file.header.metadata)?;
    Ok((file, descriptors))
}

/// What a model file predicts for molecules.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Regression: the value; classification: the probability of the active class,
    /// calibrated where the file holds a calibration.
    pub values: Vec<f64>,
    /// The largest similarity to a training row, per molecule.
    pub applicability: Vec<f64>,
    /// Regression with intervals in the file: `[low, high]` per molecule (`None`: unbounded).
    pub intervals: Option<Vec<Option<[f64; 2]>>>,
    pub header: file::ModelHeader,
}

/// What the model file `bytes` predicts for `smiles`, with intervals at `confidence`.
pub fn predict_with(
    bytes: &[u8],
    smiles: &[String],
    confidence: f64,
) -> Result<Prediction, String> {
    let (file, descriptors) = read_model(bytes)?;
    let raw = featurize(&descriptors, smiles).map_err(|e| e.to_string())?;
    let mut values = file
        .model
        .predict(&raw)
        .map_err(|e| format!("the model's descriptors do not give its inputs: {e}"))?;
    let inputs = file.model.bits(&raw).map_err(|e| e.to_string())?;
    let applicability = file.reference.max_similarity(&inputs);
    let mut intervals = None;
    match uncertainty_of(&file.header)? {
        Some(Uncertainty::Intervals(known)) => {
            intervals = Some(
                values
                    .iter()
                    .zip(&applicability)
                    .map(|(&v, &a)| known.half_width(a, confidence).map(|h| [v - h, v + h]))
                    .collect(),
            );
        }
        Some(Uncertainty::Calibration(calibration)) => {
            for v in &mut values {
                *v = calibration.probability(*v);
            }
        }
        None => {}
    }
    Ok(Prediction {
        values,
        applicability,
        intervals,
        header: file.header,
    })
}

/// The uncertainty a model file keeps (none in files made before it was kept), checked.
fn uncertainty_of(header: &file::ModelHeader) -> Result<Option<Uncertainty>, String> {
    let kept = &header.metadata["uncertainty"];
    if kept.is_null() {
        return Ok(None);
    }
    let uncertainty: Uncertainty = serde_json::from_value(kept.clone())
        .map_err(|e| format!("the model file's uncertainty is unreadable: {e}"))?;
    let fits = match (&uncertainty, header.mode) {
        (Uncertainty::Intervals(i), genui_ml::Mode::Regression) => i.is_valid(),
        (Uncertainty::Calibration(c), genui_ml::Mode::Classification) => c.is_valid(),
        _ => false,
    };
    if !fits {
        return Err("the model file's uncertainty does not fit its model".into());
    }
    Ok(Some(uncertainty))
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
    let confidence = args.confidence;
    let predicted = tokio::task::spawn_blocking(move || predict_with(&bytes, &smiles, confidence))
        .await
        .map_err(|e| failed("internal", format!("prediction stopped: {e}")))?
        .map_err(|m| failed("invalid_model", m))?;
    let header = &predicted.header;
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
    let rows: Vec<compounds::Predicted> = ids
        .iter()
        .enumerate()
        .map(|(i, &molecule_id)| compounds::Predicted {
            molecule_id,
            value: predicted.values[i],
            applicability: predicted.applicability[i],
            interval: predicted.intervals.as_ref().and_then(|all| all[i]),
        })
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
            interval_confidence: predicted.intervals.is_some().then_some(confidence),
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
    let measurements: Vec<Measurement<i64>> = activities
        .iter()
        .map(|a| Measurement {
            key: a.molecule_id,
            value: a.value,
            relation: Relation::from_stored(a.relation.as_deref()),
        })
        .collect();
    let threshold = spec.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let prepared = prepare(
        &measurements,
        spec.aggregation,
        spec.censored,
        classes_of(spec.mode, threshold, spec.active_when),
    );
    let ids = prepared.keys;
    let mut molecules = compounds::molecules_by_id(ctx.db(), &ids).await?;
    molecules.sort_by_key(|m| m.id);
    let smiles: Vec<String> = molecules.into_iter().map(|m| m.smiles).collect();
    let (targets, data) = (prepared.targets, prepared.report);
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
                data,
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
    let card = ModelCard::of(&spec, &built, units.clone());
    let metadata = json!({
        "card": card,
        "descriptors": spec.descriptors,
        "activity_type": spec.activity_type,
        "units": units,
        "threshold": built.performance.threshold,
        "active_when": built.performance.active_when,
        "molecules": built.performance.molecules,
        "measurements": data,
        "uncertainty": built.uncertainty,
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
