//! Building a model from molecules and values: descriptors, parameters,
//! validation (k-fold cross-validation on the training part, an independent
//! test set), performance and the final model fitted on all data.

use genui_chem::descriptors::Descriptors;
use genui_chem::scaffold::murcko;
use genui_chem::Molecule;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::aggregate::{Aggregation, CensoredRule, DataReport, Target};
use crate::algorithm::{registry, Algorithm, Config, Model};
use crate::data::BitMatrix;
use crate::features::{featurize, Descriptor};
use crate::forest::Mode;
use crate::metrics::{classification, regression, roc_curve};
use crate::params::AlgorithmInfo;
use crate::performance::{
    CrossValidation, Fold, MeanMetrics, Metrics, ObservedPredicted, Performance, TestSet,
};
use crate::uncertainty::{
    calibration_report, intervals_report, Calibration, Intervals, OutOfFold, Uncertainty,
    UncertaintyReport,
};
use crate::validation::{
    grouped_k_fold, k_fold, random_split, scaffold_split, stratified_k_fold, Split,
};
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
    /// What censored values (`<`, `>` …) are used for: left out by default.
    #[serde(default)]
    pub censored: CensoredRule,
    /// An algorithm of [`algorithms`].
    pub algorithm: String,
    /// The algorithm's parameters (see [`algorithms`]); missing ones take defaults.
    #[serde(default = "crate::params::no_parameters")]
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
pub fn algorithms() -> Vec<AlgorithmInfo> {
    registry()
}

/// A default value of a descriptor group's parameter.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ParameterDefault {
    Number(u32),
    Flag(bool),
}

/// One parameter of a descriptor group: its default and range.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct DescriptorParameter {
    pub default: ParameterDefault,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

impl DescriptorParameter {
    const fn number(default: u32, min: Option<u32>, max: Option<u32>) -> Self {
        Self {
            default: ParameterDefault::Number(default),
            min,
            max,
        }
    }

    const OFF: Self = Self {
        default: ParameterDefault::Flag(false),
        min: None,
        max: None,
    };

    const N_BITS: Self = Self::number(2048, Some(64), Some(16384));
}

/// Parameters in their form order, written as a JSON object.
type OrderedParameters = &'static [(&'static str, DescriptorParameter)];

fn parameters_as_object<S: serde::Serializer>(
    parameters: &OrderedParameters,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(parameters.iter().map(|(name, p)| (name, p)))
}

/// A descriptor group as forms see it: its parameters by name, in form order.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct DescriptorGroupInfo {
    pub kind: &'static str,
    pub title: &'static str,
    #[serde(serialize_with = "parameters_as_object")]
    #[schemars(with = "std::collections::BTreeMap<String, DescriptorParameter>")]
    pub parameters: OrderedParameters,
    /// The descriptors' names, in column order (`physchem`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<&'static [&'static str]>,
}

/// The descriptor groups a model can use.
pub fn descriptor_groups() -> Vec<DescriptorGroupInfo> {
    const MORGAN: OrderedParameters = &[
        ("radius", DescriptorParameter::number(2, Some(0), Some(10))),
        ("n_bits", DescriptorParameter::N_BITS),
        ("chirality", DescriptorParameter::OFF),
        ("features", DescriptorParameter::OFF),
        ("counts", DescriptorParameter::OFF),
    ];
    const RDKIT_PATH: OrderedParameters = &[
        ("min_path", DescriptorParameter::number(1, None, None)),
        ("max_path", DescriptorParameter::number(7, None, Some(10))),
        ("n_bits", DescriptorParameter::N_BITS),
    ];
    let group = |kind, title, parameters| DescriptorGroupInfo {
        kind,
        title,
        parameters,
        names: None,
    };
    vec![
        group(
            "morgan",
            "Morgan (ECFP; FCFP with features = true; occurrence counts with counts = true)",
            MORGAN,
        ),
        group("rdkit_path", "RDKit path fingerprint", RDKIT_PATH),
        group("maccs", "MACCS keys (167 bits)", &[]),
        group(
            "atom_pairs",
            "Hashed atom pairs",
            &[("n_bits", DescriptorParameter::N_BITS)],
        ),
        DescriptorGroupInfo {
            names: Some(&Descriptors::NAMES),
            ..group(
                "physchem",
                "Physico-chemical descriptors (31: weights, logP, TPSA, counts, QED, SA score…; \
                 standardized, or thresholds at training quantiles for bit algorithms)",
                &[],
            )
        },
    ]
}

/// The metrics reported per mode.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct MetricNames {
    pub regression: &'static [&'static str],
    pub classification: &'static [&'static str],
}

/// The metrics reported per mode.
pub const METRIC_NAMES: MetricNames = MetricNames {
    regression: &["r2", "rmse", "mae", "pearson", "spearman"],
    classification: &[
        "roc_auc",
        "pr_auc",
        "mcc",
        "accuracy",
        "balanced_accuracy",
        "precision",
        "recall",
        "f1",
    ],
};

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
    pub performance: Performance,
    /// Interval or probability calibration, learnt from the cross-validation.
    pub uncertainty: Uncertainty,
    /// SHA-256 of what the model learnt from (see [`training_set_sha256`]).
    pub training_set_sha256: String,
}

/// A fingerprint of a training set: SHA-256 over `SMILES<TAB>target` lines in the molecules'
/// order, where a target is its value, `<=bound`, `>=bound` or `class:0|1`. The same molecules
/// with the same targets give the same hash, whatever project or file they came from.
pub fn training_set_sha256(smiles: &[String], targets: &[Target]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (s, t) in smiles.iter().zip(targets) {
        let target = match *t {
            Target::Value(v) => format!("{v}"),
            Target::AtMost(b) => format!("<={b}"),
            Target::AtLeast(b) => format!(">={b}"),
            Target::Class(active) => format!("class:{}", u8::from(active)),
        };
        hash.update(format!("{s}\t{target}\n"));
    }
    format!("{:x}", hash.finalize())
}

/// Lowest, lower quartile, median, upper quartile and highest of `values` (none when empty).
fn quartiles(mut values: Vec<f64>) -> Option<[f64; 5]> {
    values.sort_by(f64::total_cmp);
    let last = values.len().checked_sub(1)?;
    let at = |q: f64| values[(q * last as f64).round() as usize];
    Some([values[0], at(0.25), at(0.5), at(0.75), values[last]])
}

fn evaluate(mode: Mode, observed: &[f64], predicted: &[f64]) -> Metrics {
    match mode {
        Mode::Regression => Metrics::Regression(regression(observed, predicted)),
        Mode::Classification => Metrics::Classification(classification(observed, predicted)),
    }
}

impl Metrics {
    /// A metric by name; None for a name of the other mode.
    fn named(&self, name: &str) -> Option<f64> {
        let value = match self {
            Self::Regression(m) => serde_json::to_value(m),
            Self::Classification(m) => serde_json::to_value(m),
        }
        .expect("metrics serialize");
        value[name].as_f64()
    }
}

/// Builds and validates a model. `keys` name the molecules (for the stored
/// observed/predicted pairs), `targets` are what [`crate::prepare`] made of their
/// measurements and `data` its count of them; `progress(done, total)` is called after each
/// fitted model.
pub fn build(
    spec: &BuildSpec,
    config: &Config,
    keys: &[i64],
    smiles: &[String],
    targets: &[Target],
    data: DataReport,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Built, MlError> {
    let n = targets.len();
    // Molecules known only by a bound (regression with `Bounds`) are learnt from but never
    // held out: a bound is not an observation to score a prediction against.
    let (exact, bounded): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| targets[i].is_exact());
    let needed = (spec.validation.folds * 2).max(10);
    if exact.len() < needed {
        return Err(MlError::Data(format!(
            "{} molecules with exact {} values: at least {needed} are needed",
            exact.len(),
            spec.activity_type,
        )));
    }
    let threshold = spec.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let y: Vec<f64> = match spec.mode {
        Mode::Regression => targets.iter().map(|t| t.value()).collect(),
        Mode::Classification => targets
            .iter()
            .map(|t| match *t {
                Target::Class(active) => f64::from(u8::from(active)),
                t => f64::from(u8::from(spec.active_when.is_active(t.value(), threshold))),
            })
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
    // A scaffold split keeps whole scaffolds apart in the test set and in the folds.
    let scaffolds: Option<Vec<String>> =
        (spec.validation.split == SplitKind::Scaffold).then(|| {
            exact
                .iter()
                .map(|&i| {
                    Molecule::from_smiles(&smiles[i])
                        .and_then(|m| murcko(&m))
                        .and_then(|m| m.to_smiles())
                        .unwrap_or_default()
                })
                .collect()
        });
    let split = match (&scaffolds, spec.validation.test_fraction > 0.0) {
        (_, false) => Split {
            train: (0..exact.len()).collect(),
            test: Vec::new(),
        },
        (None, true) => random_split(exact.len(), spec.validation.test_fraction, spec.seed)?,
        (Some(scaffolds), true) => {
            scaffold_split(scaffolds, spec.validation.test_fraction, spec.seed)?
        }
    };
    let train_scaffolds: Option<Vec<String>> = scaffolds
        .as_ref()
        .map(|s| split.train.iter().map(|&i| s[i].clone()).collect());
    if let Some(train_scaffolds) = &train_scaffolds {
        let distinct: std::collections::HashSet<&String> = train_scaffolds.iter().collect();
        if distinct.len() < spec.validation.folds {
            return Err(MlError::Data(format!(
                "the training part has {} scaffolds: scaffold folds need at least {}",
                distinct.len(),
                spec.validation.folds
            )));
        }
    }
    let split = Split {
        train: split.train.iter().map(|&i| exact[i]).collect(),
        test: split.test.iter().map(|&i| exact[i]).collect(),
    };
    let train_y: Vec<f64> = split.train.iter().map(|&i| y[i]).collect();
    let folds = match (&train_scaffolds, spec.mode) {
        (Some(scaffolds), _) => grouped_k_fold(scaffolds, spec.validation.folds, spec.seed),
        (None, Mode::Regression) => k_fold(split.train.len(), spec.validation.folds, spec.seed),
        (None, Mode::Classification) => {
            stratified_k_fold(&train_y, spec.validation.folds, spec.seed)
        }
    };
    let total = folds.len() + 1 + usize::from(!split.test.is_empty());
    let fit = |exact_rows: &[usize]| -> Result<Model, MlError> {
        let rows: Vec<usize> = exact_rows.iter().chain(&bounded).copied().collect();
        let inputs = x.select(&rows);
        let mut ys: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        let model = Model::fit(config, &inputs, &ys)?;
        if bounded.is_empty() {
            return Ok(model);
        }
        // Each bound stood in for its value; the model's estimate, moved onto the bound where
        // it lies on the wrong side, replaces it, and the model learns again.
        let estimates = model.predict(&x.select(&bounded))?;
        for ((y, &i), estimate) in ys[exact_rows.len()..]
            .iter_mut()
            .zip(&bounded)
            .zip(estimates)
        {
            *y = targets[i].respect(estimate);
        }
        Model::fit(config, &inputs, &ys)
    };
    let classifying = spec.mode == Mode::Classification;
    let roc = |pairs: &[ObservedPredicted]| {
        classifying.then(|| {
            let (labels, scores): (Vec<f64>, Vec<f64>) = pairs.iter().map(|p| (p.1, p.2)).unzip();
            roc_curve(&labels, &scores)
        })
    };
    let mut fold_results = Vec::new();
    let mut pooled: Vec<ObservedPredicted> = Vec::new();
    // How similar held-out molecules are to what `model` learnt from (its applicability).
    let similarity = |model: &Model, train: &[usize], held_out: &[usize]| {
        let rows: Vec<usize> = train.iter().chain(&bounded).copied().collect();
        let reference = model.bits(&x.select(&rows))?;
        Ok::<_, MlError>(reference.max_similarity(&model.bits(&x.select(held_out))?))
    };
    let out_of_fold = |rows: &[usize], predicted: &[f64], similarity: Vec<f64>| {
        rows.iter()
            .zip(predicted)
            .zip(similarity)
            .map(|((&i, &predicted), similarity)| OutOfFold {
                observed: y[i],
                predicted,
                similarity,
            })
            .collect::<Vec<_>>()
    };
    let mut out_of_fold_by_fold = Vec::new();
    for (k, fold) in folds.iter().enumerate() {
        let train: Vec<usize> = fold.train.iter().map(|&i| split.train[i]).collect();
        let test: Vec<usize> = fold.test.iter().map(|&i| split.train[i]).collect();
        let model = fit(&train)?;
        let predicted = model.predict(&x.select(&test))?;
        out_of_fold_by_fold.push(out_of_fold(
            &test,
            &predicted,
            similarity(&model, &train, &test)?,
        ));
        let pairs: Vec<ObservedPredicted> = test
            .iter()
            .zip(&predicted)
            .map(|(&i, &p)| ObservedPredicted(keys[i], y[i], p))
            .collect();
        let observed: Vec<f64> = test.iter().map(|&i| y[i]).collect();
        fold_results.push(Fold {
            fold: k,
            n_train: train.len() + bounded.len(),
            n_test: test.len(),
            metrics: evaluate(spec.mode, &observed, &predicted),
            roc: roc(&pairs),
        });
        pooled.extend(pairs);
        progress(k + 1, total);
    }
    let names = match spec.mode {
        Mode::Regression => METRIC_NAMES.regression,
        Mode::Classification => METRIC_NAMES.classification,
    };
    let mean: MeanMetrics = names
        .iter()
        .map(|&name| {
            let sum: f64 = fold_results
                .iter()
                .filter_map(|f| f.metrics.named(name))
                .sum();
            let mean = sum / fold_results.len() as f64;
            (name.to_owned(), mean.is_finite().then_some(mean))
        })
        .collect();
    pooled.sort_by_key(|p| p.0);
    let all_out_of_fold = out_of_fold_by_fold.concat();
    let uncertainty = match spec.mode {
        Mode::Regression => Uncertainty::Intervals(Intervals::fit(&all_out_of_fold)),
        Mode::Classification => Uncertainty::Calibration(Calibration::fit(&all_out_of_fold)),
    };
    let mut held_out = Vec::new();
    let test = if split.test.is_empty() {
        None
    } else {
        let model = fit(&split.train)?;
        let predicted = model.predict(&x.select(&split.test))?;
        held_out = out_of_fold(
            &split.test,
            &predicted,
            similarity(&model, &split.train, &split.test)?,
        );
        let observed: Vec<f64> = split.test.iter().map(|&i| y[i]).collect();
        let pairs: Vec<ObservedPredicted> = split
            .test
            .iter()
            .zip(&predicted)
            .map(|(&i, &p)| ObservedPredicted(keys[i], y[i], p))
            .collect();
        progress(total - 1, total);
        Some(TestSet {
            metrics: evaluate(spec.mode, &observed, &predicted),
            n_train: split.train.len() + bounded.len(),
            n_test: split.test.len(),
            split: spec.validation.split,
            roc: roc(&pairs),
            observed_predicted: pairs,
        })
    };
    let uncertainty_report = match &uncertainty {
        Uncertainty::Intervals(intervals) => UncertaintyReport::Intervals(intervals_report(
            intervals,
            &out_of_fold_by_fold,
            &held_out,
        )),
        Uncertainty::Calibration(calibration) => UncertaintyReport::Calibration(
            calibration_report(calibration, &out_of_fold_by_fold, &held_out),
        ),
    };
    let performance = Performance {
        mode: spec.mode,
        threshold: classifying.then_some(threshold),
        active_when: classifying.then_some(spec.active_when),
        molecules: n,
        cross_validation: CrossValidation {
            folds: fold_results,
            mean,
            roc: roc(&pooled),
            observed_predicted: pooled,
        },
        test,
        units: None,
        data: Some(data),
        uncertainty: Some(uncertainty_report),
        test_similarity: quartiles(held_out.iter().map(|o| o.similarity).collect()),
    };
    let model = fit(&exact)?;
    let reference = model.bits(&x)?;
    progress(total, total);
    Ok(Built {
        model,
        reference,
        performance,
        uncertainty,
        training_set_sha256: training_set_sha256(smiles, targets),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::CensoredRule;

    /// Alcohols, amines and alkylbenzenes of 1–12 carbons, the value growing with the chain.
    fn series() -> (Vec<String>, Vec<f64>) {
        (1..=12)
            .flat_map(|k| {
                let chain = "C".repeat(k);
                [
                    format!("{chain}O"),
                    format!("{chain}N"),
                    format!("c1ccccc1{chain}"),
                ]
                .map(|smiles| (smiles, 4.0 + 0.3 * k as f64))
            })
            .unzip()
    }

    fn spec(censored: CensoredRule) -> BuildSpec {
        serde_json::from_value(serde_json::json!({
            "activity_set_id": 1, "activity_type": "pKi", "mode": "regression",
            "algorithm": "random_forest", "parameters": {"n_trees": 20},
            "validation": {"folds": 3, "test_fraction": 0.25}, "censored": censored, "seed": 3
        }))
        .expect("spec")
    }

    fn run(spec: &BuildSpec, smiles: &[String], targets: &[Target]) -> Result<Built, MlError> {
        let keys: Vec<i64> = (0..smiles.len() as i64).collect();
        let config = spec.validate().expect("valid");
        let data = DataReport::default();
        build(spec, &config, &keys, smiles, targets, data, &mut |_, _| {})
    }

    #[test]
    fn bounded_molecules_are_learnt_from_but_never_scored() {
        let (smiles, values) = series();
        // Every third molecule is known only to lie below its value plus one.
        let targets: Vec<Target> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| match i % 3 {
                2 => Target::AtMost(v + 1.0),
                _ => Target::Value(v),
            })
            .collect();
        let spec = spec(CensoredRule::Bounds);
        let built = run(&spec, &smiles, &targets).expect("builds");
        let performance = &built.performance;
        assert_eq!(performance.molecules, 36);
        let test = performance.test.as_ref().expect("a test set");
        let cv = &performance.cross_validation;
        let scored = cv.observed_predicted.iter().chain(&test.observed_predicted);
        assert!(scored.clone().all(|p| p.0 % 3 != 2), "no bound is scored");
        assert_eq!(scored.count(), 24, "every exact molecule once");
        for fold in &cv.folds {
            assert_eq!(
                fold.n_train + fold.n_test,
                test.n_train,
                "the bounded molecules train in every fold"
            );
        }
        assert_eq!(test.n_train + test.n_test, 36);

        // Without them the models differ.
        let exact: Vec<usize> = (0..36).filter(|i| i % 3 != 2).collect();
        let fewer = run(
            &spec,
            &exact.iter().map(|&i| smiles[i].clone()).collect::<Vec<_>>(),
            &exact.iter().map(|&i| targets[i]).collect::<Vec<_>>(),
        )
        .expect("builds");
        assert_eq!(fewer.performance.molecules, 24);
        let inputs = featurize(&spec.descriptors, &smiles).expect("features");
        assert_ne!(
            built.model.predict(&inputs).expect("predicts"),
            fewer.model.predict(&inputs).expect("predicts")
        );
    }

    #[test]
    fn too_few_exact_values_are_refused_whatever_the_bounds() {
        let (smiles, values) = series();
        let targets: Vec<Target> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                if i < 9 {
                    Target::Value(v)
                } else {
                    Target::AtLeast(v)
                }
            })
            .collect();
        let refused = run(&spec(CensoredRule::Bounds), &smiles, &targets).expect_err("refused");
        assert_eq!(
            refused.to_string(),
            "9 molecules with exact pKi values: at least 10 are needed"
        );
    }
}
