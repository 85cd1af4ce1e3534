//! A model's card: where it came from and how far it can be trusted, kept in its file so that
//! it travels with it (an imported model shows the card it was built with).

use genui_ml::aggregate::DataReport;
use genui_ml::features::Descriptor;
use genui_ml::model::{ActiveWhen, BuildSpec, Built, ValidationSpec};
use genui_ml::performance::{MeanMetrics, Metrics};
use genui_ml::uncertainty::UncertaintyReport;
use genui_ml::Mode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a model came from and how it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelCard {
    /// The software that built it (`genui-qsar` and its version; the chemistry is Debian's
    /// RDKit of that release).
    pub built_with: String,
    pub algorithm: String,
    /// The algorithm's parameters as given (the rest at their defaults of that version).
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub parameters: Value,
    pub mode: Mode,
    pub activity_type: String,
    pub units: Option<String>,
    pub threshold: Option<f64>,
    pub active_when: Option<ActiveWhen>,
    pub descriptors: Vec<Descriptor>,
    pub seed: u64,
    pub training_set: TrainingSet,
    pub validation: ValidationSpec,
    /// Cross-validation means per metric.
    pub cross_validation: MeanMetrics,
    pub test: Option<Metrics>,
    /// The test molecules' nearest-neighbour similarity to the training part: lowest,
    /// quartiles, highest.
    pub test_similarity: Option<[f64; 5]>,
    /// Interval coverage or probability calibration.
    pub uncertainty: Option<UncertaintyReport>,
}

/// What a model learnt from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrainingSet {
    pub molecules: usize,
    /// SHA-256 of the molecules' SMILES and targets (`genui_ml::model::training_set_sha256`):
    /// equal for the same data, whatever file or project it came from.
    pub sha256: String,
    /// Exact and censored measurements used and left out.
    pub measurements: Option<DataReport>,
}

impl ModelCard {
    /// The card of a build of `spec`.
    pub fn of(spec: &BuildSpec, built: &Built, units: Option<String>) -> Self {
        let performance = &built.performance;
        Self {
            built_with: format!("genui-qsar {}", env!("CARGO_PKG_VERSION")),
            algorithm: spec.algorithm.clone(),
            parameters: spec.parameters.clone(),
            mode: spec.mode,
            activity_type: spec.activity_type.clone(),
            units,
            threshold: performance.threshold,
            active_when: performance.active_when,
            descriptors: spec.descriptors.clone(),
            seed: spec.seed,
            training_set: TrainingSet {
                molecules: performance.molecules,
                sha256: built.training_set_sha256.clone(),
                measurements: performance.data,
            },
            validation: spec.validation.clone(),
            cross_validation: performance.cross_validation.mean.clone(),
            test: performance.test.as_ref().map(|t| t.metrics),
            test_similarity: performance.test_similarity,
            uncertainty: performance.uncertainty.clone(),
        }
    }

    /// The card a model file's metadata keeps (none in files made before cards were).
    pub fn in_metadata(metadata: &Value) -> Result<Option<Self>, String> {
        match &metadata["card"] {
            Value::Null => Ok(None),
            card => serde_json::from_value(card.clone())
                .map(Some)
                .map_err(|e| format!("the model file's card is unreadable: {e}")),
        }
    }
}
