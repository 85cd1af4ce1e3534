//! Building a model from molecules and values: descriptors, parameters,
//! validation (k-fold cross-validation on the training part, an independent
//! test set), performance and the final model fitted on all data.

use genui_chem::descriptors::Descriptors;
use genui_chem::scaffold::murcko;
use genui_chem::Molecule;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::algorithm::{registry, Algorithm, Config, Model};
use crate::data::BitMatrix;
use crate::features::{featurize, Descriptor};
use crate::forest::Mode;
use crate::metrics::{classification, regression, roc_curve};
use crate::validation::{k_fold, random_split, scaffold_split, stratified_k_fold, Split};
use crate::Aggregation;
use crate::MlError;

/// How the test set is chosen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SplitKind {
    #[default]
    Random,
    /// Whole Murcko scaffolds go to the test set.
    Scaffold,
}

/// Validation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidationSpec {
    /// Cross-validation folds on the training part (2–10, default 5).
    #[serde(default = "default_folds")]
    pub folds: usize,
    /// Share of the molecules held out as the test set (0 for none, default 0.2).
    #[serde(default = "default_test_fraction")]
    pub test_fraction: f64,
    #[serde(default)]
    pub split: SplitKind,
}

fn default_folds() -> usize {
    5
}

fn default_test_fraction() -> f64 {
    0.2
}

impl Default for ValidationSpec {
    fn default() -> Self {
        Self {
            folds: default_folds(),
            test_fraction: default_test_fraction(),
            split: SplitKind::Random,
        }
    }
}

/// Everything that defines a model build (stored with the model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildSpec {
    /// The activity set and the type of its activities to learn.
    pub activity_set_id: i64,
    pub activity_type: String,
    pub mode: Mode,
    /// Classification: the value that separates actives from inactives (default 6.5).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Classification: which side of the threshold is active (default: values ≥ threshold,
    /// as for pKi; `at_most` for raw IC50s and the like).
    #[serde(default)]
    pub active_when: ActiveWhen,
    /// How repeated measurements of a molecule are combined (before any split).
    #[serde(default)]
    pub aggregation: Aggregation,
    /// An algorithm of [`algorithms`].
    pub algorithm: String,
    /// The algorithm's parameters (see [`algorithms`]); missing ones take defaults.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub parameters: Value,
    /// Descriptor groups side by side in the input (default ECFP4, 2,048 bits).
    #[serde(default = "default_descriptors")]
    pub descriptors: Vec<Descriptor>,
    #[serde(default)]
    pub validation: ValidationSpec,
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_descriptors() -> Vec<Descriptor> {
    vec![Descriptor::ECFP4]
}

fn default_seed() -> u64 {
    42
}

/// Which values are active in classification.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActiveWhen {
    /// value ≥ threshold
    #[default]
    AtLeast,
    /// value ≤ threshold
    AtMost,
}

impl ActiveWhen {
    fn is_active(self, value: f64, threshold: f64) -> bool {
        match self {
            Self::AtLeast => value >= threshold,
            Self::AtMost => value <= threshold,
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::AtMost => "≤",
        }
    }
}

/// Default classification threshold (as the original GenUI).
pub const DEFAULT_THRESHOLD: f64 = 6.5;

/// The algorithms, their parameters (type, default, range) and modes, for
/// forms generated from them.
pub fn algorithms() -> Value {
    registry()
}

/// The descriptor groups a model can use.
pub fn descriptor_groups() -> Value {
    json!([
        {"kind": "morgan", "title": "Morgan (ECFP; FCFP with features = true; occurrence counts with counts = true)",
         "parameters": {"radius": {"default": 2, "min": 0, "max": 10}, "n_bits": {"default": 2048, "min": 64, "max": 16384},
                        "chirality": {"default": false}, "features": {"default": false}, "counts": {"default": false}}},
        {"kind": "rdkit_path", "title": "RDKit path fingerprint",
         "parameters": {"min_path": {"default": 1}, "max_path": {"default": 7, "max": 10}, "n_bits": {"default": 2048, "min": 64, "max": 16384}}},
        {"kind": "maccs", "title": "MACCS keys (167 bits)", "parameters": {}},
        {"kind": "atom_pairs", "title": "Hashed atom pairs", "parameters": {"n_bits": {"default": 2048, "min": 64, "max": 16384}}},
        {"kind": "physchem", "title": "Physico-chemical descriptors (31: weights, logP, TPSA, counts, QED, SA score…; standardized, or thresholds at training quantiles for bit algorithms)",
         "parameters": {}, "names": Descriptors::NAMES}
    ])
}

/// The metrics reported per mode.
pub fn metric_names() -> Value {
    json!({
        "regression": ["r2", "rmse", "mae", "pearson", "spearman"],
        "classification": ["roc_auc", "pr_auc", "mcc", "accuracy", "balanced_accuracy", "precision", "recall", "f1"]
    })
}

impl BuildSpec {
    /// Checks everything that can be checked without data; returns the
    /// algorithm's configuration.
    pub fn validate(&self) -> Result<Config, MlError> {
        let algorithm = Algorithm::from_name(&self.algorithm)?;
        if self.activity_type.trim().is_empty() {
            return Err(MlError::Setting("activity_type is required".into()));
        }
        if let Some(t) = self.threshold {
            if !t.is_finite() {
                return Err(MlError::Setting("threshold must be a number".into()));
            }
            if self.mode == Mode::Regression {
                return Err(MlError::Setting(
                    "threshold applies to classification only".into(),
                ));
            }
        }
        if self.mode == Mode::Regression && self.active_when != ActiveWhen::AtLeast {
            return Err(MlError::Setting(
                "active_when applies to classification only".into(),
            ));
        }
        if self.descriptors.is_empty() || self.descriptors.len() > 5 {
            return Err(MlError::Setting("give 1 to 5 descriptor groups".into()));
        }
        for d in &self.descriptors {
            d.validate()?;
        }
        let v = &self.validation;
        if !(2..=10).contains(&v.folds) {
            return Err(MlError::Setting(
                "validation.folds must be from 2 to 10".into(),
            ));
        }
        if !(0.0..0.9).contains(&v.test_fraction) {
            return Err(MlError::Setting(
                "validation.test_fraction must be from 0 to 0.9".into(),
            ));
        }
        algorithm.configure(self.mode, &self.parameters, self.seed)
    }
}

/// A fitted model with its validation results.
#[derive(Debug, Clone)]
pub struct Built {
    pub model: Model,
    /// The bit inputs of all molecules (the final model's training set).
    pub reference: BitMatrix,
    /// Cross-validation per fold and mean, test-set metrics, ROC points and
    /// observed/predicted pairs (by molecule key).
    pub performance: Value,
}

fn evaluate(mode: Mode, observed: &[f64], predicted: &[f64]) -> Value {
    match mode {
        Mode::Regression => json!(regression(observed, predicted)),
        Mode::Classification => json!(classification(observed, predicted)),
    }
}

/// Builds and validates a model. `keys` name the molecules (for the stored
/// observed/predicted pairs), `targets` are their aggregated values;
/// `progress(done, total)` is called after each fitted model.
pub fn build(
    spec: &BuildSpec,
    config: &Config,
    keys: &[i64],
    smiles: &[String],
    targets: &[f64],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Built, MlError> {
    let n = targets.len();
    let needed = spec.validation.folds * 2;
    if n < needed.max(10) {
        return Err(MlError::Data(format!(
            "{n} molecules with {} values: at least {} are needed",
            spec.activity_type,
            needed.max(10)
        )));
    }
    let threshold = spec.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let y: Vec<f64> = match spec.mode {
        Mode::Regression => targets.to_vec(),
        Mode::Classification => targets
            .iter()
            .map(|&v| f64::from(u8::from(spec.active_when.is_active(v, threshold))))
            .collect(),
    };
    if spec.mode == Mode::Classification {
        let actives = y.iter().filter(|&&l| l == 1.0).count();
        if actives < spec.validation.folds || n - actives < spec.validation.folds {
            return Err(MlError::Data(format!(
                "{actives} of {n} molecules are active (value {} {threshold}): each class needs at least {} molecules",
                spec.active_when.sign(),
                spec.validation.folds
            )));
        }
    }
    let x = featurize(&spec.descriptors, smiles)?;
    let split = if spec.validation.test_fraction > 0.0 {
        match spec.validation.split {
            SplitKind::Random => random_split(n, spec.validation.test_fraction, spec.seed)?,
            SplitKind::Scaffold => {
                let scaffolds: Vec<String> = smiles
                    .iter()
                    .map(|s| {
                        Molecule::from_smiles(s)
                            .and_then(|m| murcko(&m))
                            .and_then(|m| m.to_smiles())
                            .unwrap_or_default()
                    })
                    .collect();
                scaffold_split(&scaffolds, spec.validation.test_fraction, spec.seed)?
            }
        }
    } else {
        Split {
            train: (0..n).collect(),
            test: Vec::new(),
        }
    };
    let train_y: Vec<f64> = split.train.iter().map(|&i| y[i]).collect();
    let folds = match spec.mode {
        Mode::Regression => k_fold(split.train.len(), spec.validation.folds, spec.seed),
        Mode::Classification => stratified_k_fold(&train_y, spec.validation.folds, spec.seed),
    };
    let total = folds.len() + 1 + usize::from(!split.test.is_empty());
    let fit = |rows: &[usize]| -> Result<Model, MlError> {
        let ys: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        Model::fit(config, &x.select(rows), &ys)
    };
    let mut fold_metrics = Vec::new();
    let mut pooled: Vec<(i64, f64, f64)> = Vec::new();
    for (k, fold) in folds.iter().enumerate() {
        let train: Vec<usize> = fold.train.iter().map(|&i| split.train[i]).collect();
        let test: Vec<usize> = fold.test.iter().map(|&i| split.train[i]).collect();
        let predicted = fit(&train)?.predict(&x.select(&test))?;
        let observed: Vec<f64> = test.iter().map(|&i| y[i]).collect();
        let mut metrics = evaluate(spec.mode, &observed, &predicted);
        metrics["fold"] = json!(k);
        metrics["n_train"] = json!(train.len());
        metrics["n_test"] = json!(test.len());
        if spec.mode == Mode::Classification {
            metrics["roc"] = json!(roc_curve(&observed, &predicted));
        }
        fold_metrics.push(metrics);
        pooled.extend(
            test.iter()
                .zip(&predicted)
                .map(|(&i, &p)| (keys[i], y[i], p)),
        );
        progress(k + 1, total);
    }
    let mean = |name: &str| {
        fold_metrics
            .iter()
            .filter_map(|m| m[name].as_f64())
            .sum::<f64>()
            / fold_metrics.len() as f64
    };
    let names: Vec<String> = metric_names()[match spec.mode {
        Mode::Regression => "regression",
        Mode::Classification => "classification",
    }]
    .as_array()
    .expect("names")
    .iter()
    .map(|v| v.as_str().expect("name").to_owned())
    .collect();
    let cv_mean: serde_json::Map<String, Value> =
        names.iter().map(|n| (n.clone(), json!(mean(n)))).collect();
    pooled.sort_by_key(|p| p.0);
    let roc = |pairs: &[(i64, f64, f64)]| {
        let (labels, scores): (Vec<f64>, Vec<f64>) = pairs.iter().map(|p| (p.1, p.2)).unzip();
        json!(roc_curve(&labels, &scores))
    };
    let mut performance = json!({
        "mode": spec.mode,
        "threshold": (spec.mode == Mode::Classification).then_some(threshold),
        "active_when": (spec.mode == Mode::Classification).then_some(spec.active_when),
        "molecules": n,
        "cross_validation": {"folds": fold_metrics, "mean": cv_mean,
            "observed_predicted": pooled.iter().map(|p| json!([p.0, p.1, p.2])).collect::<Vec<_>>()},
        "test": Value::Null,
    });
    if spec.mode == Mode::Classification {
        performance["cross_validation"]["roc"] = roc(&pooled);
    }
    if !split.test.is_empty() {
        let model = fit(&split.train)?;
        let predicted = model.predict(&x.select(&split.test))?;
        let observed: Vec<f64> = split.test.iter().map(|&i| y[i]).collect();
        let pairs: Vec<(i64, f64, f64)> = split
            .test
            .iter()
            .zip(&predicted)
            .map(|(&i, &p)| (keys[i], y[i], p))
            .collect();
        let mut test = json!({"metrics": evaluate(spec.mode, &observed, &predicted), "n_train": split.train.len(),
            "n_test": split.test.len(), "split": spec.validation.split,
            "observed_predicted": pairs.iter().map(|p| json!([p.0, p.1, p.2])).collect::<Vec<_>>()});
        if spec.mode == Mode::Classification {
            test["roc"] = roc(&pairs);
        }
        performance["test"] = test;
        progress(total - 1, total);
    }
    let all: Vec<usize> = (0..n).collect();
    let model = fit(&all)?;
    let reference = model.bits(&x)?;
    progress(total, total);
    Ok(Built {
        model,
        reference,
        performance,
    })
}
