//! What a model build reports about its quality: metrics per cross-validation fold, their means,
//! the pooled and test-set observed/predicted pairs and ROC curves. Stored with the model and
//! served as is, so its JSON form is the API's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aggregate::DataReport;
use crate::metrics::{ClassificationMetrics, RegressionMetrics, RocPoint};
use crate::model::{ActiveWhen, SplitKind};
use crate::uncertainty::UncertaintyReport;
use crate::Mode;

/// The metrics of one set of predictions, by mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Metrics {
    Regression(RegressionMetrics),
    Classification(ClassificationMetrics),
}

/// `[molecule id, observed, predicted]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObservedPredicted(pub i64, pub f64, pub f64);

/// One cross-validation fold: the metrics on its held-out part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fold {
    pub fold: usize,
    pub n_train: usize,
    pub n_test: usize,
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Classification only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roc: Option<Vec<RocPoint>>,
}

/// Means of each metric over the folds (null where undefined), by metric name.
pub type MeanMetrics = BTreeMap<String, Option<f64>>;

/// k-fold cross-validation on the training part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CrossValidation {
    pub folds: Vec<Fold>,
    pub mean: MeanMetrics,
    /// Every training molecule's prediction by the fold that held it out, by molecule id.
    pub observed_predicted: Vec<ObservedPredicted>,
    /// Over the pooled predictions (classification only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roc: Option<Vec<RocPoint>>,
}

/// The independent test set, predicted by a model fitted on the training part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TestSet {
    pub metrics: Metrics,
    pub n_train: usize,
    pub n_test: usize,
    pub split: SplitKind,
    pub observed_predicted: Vec<ObservedPredicted>,
    /// Classification only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roc: Option<Vec<RocPoint>>,
}

/// A built model's validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Performance {
    pub mode: Mode,
    /// The activity threshold of the classes (classification only).
    pub threshold: Option<f64>,
    /// Which side of the threshold is active (classification only).
    pub active_when: Option<ActiveWhen>,
    /// Molecules with values (the final model's training set).
    pub molecules: usize,
    pub cross_validation: CrossValidation,
    /// None when the build held no test set out.
    pub test: Option<TestSet>,
    /// Units of the observed activities (regression; none when unitless or unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<String>,
    /// How many measurements were used, exact and censored (none for models built before it
    /// was counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataReport>,
    /// How well the model's intervals (regression) or probabilities (classification) hold
    /// (none for models built before they were made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<UncertaintyReport>,
    /// How like the training part the test molecules were: lowest, quartiles and highest of
    /// each one's nearest-neighbour Tanimoto similarity (its applicability score).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_similarity: Option<[f64; 5]>,
}

/// A model's performance at a glance: the cross-validation means and test-set metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PerformanceSummary {
    pub molecules: usize,
    pub cross_validation: MeanMetrics,
    pub test: Option<Metrics>,
    /// Regression: the lowest and highest observed activity the model was built from, training
    /// and test set together (where its predictions mean something).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_range: Option<[f64; 2]>,
    /// Regression: the activities' units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<String>,
}

impl Performance {
    pub fn summary(&self) -> PerformanceSummary {
        PerformanceSummary {
            molecules: self.molecules,
            cross_validation: self.cross_validation.mean.clone(),
            test: self.test.as_ref().map(|t| t.metrics),
            observed_range: self.observed_range(),
            units: self.units.clone(),
        }
    }

    fn observed_range(&self) -> Option<[f64; 2]> {
        if self.mode != Mode::Regression {
            return None;
        }
        let test = self.test.iter().flat_map(|t| &t.observed_predicted);
        let observed = self.cross_validation.observed_predicted.iter().chain(test);
        observed.map(|o| o.1).fold(None, |range, v| match range {
            None => Some([v, v]),
            Some([low, high]) => Some([low.min(v), high.max(v)]),
        })
    }
}
