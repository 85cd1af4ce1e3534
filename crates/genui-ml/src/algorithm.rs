//! The algorithm registry and fitted models: each algorithm declares its
//! modes and typed parameters (served to forms, checked on input); a
//! [`Model`] is the preprocessing fitted on the training rows plus the
//! fitted estimator.

use serde_json::Value;

use crate::boosting::{BoostedTrees, BoostingParams};
use crate::data::BitMatrix;
use crate::features::{InputKind, Preprocessing, RawFeatures};
use crate::forest::{ForestParams, MaxFeatures, Mode, RandomForest};
use crate::linear::{logistic, pls, ridge, LinearModel};
use crate::neighbours::{BernoulliBayes, Neighbours};
use crate::params::{AlgorithmInfo, ParamKind, ParamSpec, Resolved};
use crate::svm::{scale_gamma, Kernel, Svm, SvmParams, Vectors};
use crate::MlError;

/// The algorithms a model can be built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    RandomForest,
    GradientBoosting,
    Svm,
    Knn,
    NaiveBayes,
    Pls,
    Logistic,
    Ridge,
}

const BOTH: &[Mode] = &[Mode::Regression, Mode::Classification];
const REGRESSION: &[Mode] = &[Mode::Regression];
const CLASSIFICATION: &[Mode] = &[Mode::Classification];

const MIN_SAMPLES_LEAF: ParamSpec =
    ParamSpec::integer("min_samples_leaf", 1, 1, 1000, "fewest molecules in a leaf");
const BALANCED: ParamSpec = ParamSpec::boolean(
    "balanced_classes",
    false,
    "classification: weigh classes inversely to their frequency",
);

const FOREST_PARAMS: &[ParamSpec] = &[
    ParamSpec::integer("n_trees", 100, 1, 2000, "trees in the forest"),
    ParamSpec {
        name: "max_depth",
        kind: ParamKind::Integer {
            default: None,
            min: 1,
            max: 1000,
        },
        description: "deepest split level; unlimited when null",
    },
    ParamSpec {
        name: "max_features",
        kind: ParamKind::ChoiceOrNumber {
            default: None,
            choices: &["all", "sqrt", "log2"],
            min: 0.0,
            max: 1.0,
        },
        description: "features per split, a choice or a fraction in (0, 1]; null: all for regression, sqrt for classification",
    },
    MIN_SAMPLES_LEAF,
    ParamSpec::integer("min_samples_split", 2, 2, 1000, "fewest molecules in a node that is split"),
    ParamSpec::boolean("bootstrap", true, "fit each tree on a bootstrap sample"),
    BALANCED,
];

const BOOSTING_PARAMS: &[ParamSpec] = &[
    ParamSpec::integer(
        "n_estimators",
        100,
        1,
        5000,
        "boosting rounds (one tree each)",
    ),
    ParamSpec::number(
        "learning_rate",
        0.1,
        0.0001,
        1.0,
        "shrinkage of each tree's contribution",
    ),
    ParamSpec::integer("max_depth", 3, 1, 20, "depth of each tree"),
    MIN_SAMPLES_LEAF,
    ParamSpec::number(
        "subsample",
        1.0,
        0.05,
        1.0,
        "share of the molecules each tree is fitted on",
    ),
];

const SVM_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "kernel",
        kind: ParamKind::Choice {
            default: "tanimoto",
            choices: &["tanimoto", "rbf"],
        },
        description: "tanimoto: on bits (fingerprints); rbf: on standardized real inputs",
    },
    ParamSpec::number("c", 1.0, 0.0001, 10000.0, "penalty of margin violations"),
    ParamSpec {
        name: "gamma",
        kind: ParamKind::ChoiceOrNumber {
            default: Some("scale"),
            choices: &["scale"],
            min: 0.0,
            max: 1000.0,
        },
        description: "rbf width; scale = 1 / (inputs · variance of the inputs)",
    },
    ParamSpec::number(
        "epsilon",
        0.1,
        0.0,
        10.0,
        "regression: no penalty within this distance of the target",
    ),
];

const KNN_PARAMS: &[ParamSpec] = &[
    ParamSpec::integer("k", 5, 1, 100, "neighbours that vote"),
    ParamSpec {
        name: "weights",
        kind: ParamKind::Choice {
            default: "uniform",
            choices: &["uniform", "similarity"],
        },
        description: "equal votes, or votes weighted by Tanimoto similarity",
    },
];

impl Algorithm {
    pub const ALL: [Self; 8] = [
        Self::RandomForest,
        Self::GradientBoosting,
        Self::Svm,
        Self::Knn,
        Self::NaiveBayes,
        Self::Pls,
        Self::Logistic,
        Self::Ridge,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::RandomForest => "random_forest",
            Self::GradientBoosting => "gradient_boosting",
            Self::Svm => "svm",
            Self::Knn => "knn",
            Self::NaiveBayes => "naive_bayes",
            Self::Pls => "pls",
            Self::Logistic => "logistic_regression",
            Self::Ridge => "ridge",
        }
    }

    pub fn from_name(name: &str) -> Result<Self, MlError> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|a| a.name()).collect();
                MlError::Setting(format!(
                    "unknown algorithm {name:?}; available: {}",
                    names.join(", ")
                ))
            })
    }

    fn title(self) -> &'static str {
        match self {
            Self::RandomForest => "Random forest",
            Self::GradientBoosting => "Gradient-boosted trees",
            Self::Svm => "Support vector machine",
            Self::Knn => "k-nearest neighbours (Tanimoto)",
            Self::NaiveBayes => "Bernoulli naive Bayes",
            Self::Pls => "PLS regression",
            Self::Logistic => "Logistic regression (L2)",
            Self::Ridge => "Ridge regression",
        }
    }

    pub fn modes(self) -> &'static [Mode] {
        match self {
            Self::NaiveBayes | Self::Logistic => CLASSIFICATION,
            Self::Pls | Self::Ridge => REGRESSION,
            _ => BOTH,
        }
    }

    pub fn params(self) -> &'static [ParamSpec] {
        const BAYES: &[ParamSpec] = &[ParamSpec::number(
            "alpha",
            1.0,
            0.0001,
            100.0,
            "Laplace smoothing",
        )];
        const PLS: &[ParamSpec] = &[ParamSpec::integer(
            "n_components",
            2,
            1,
            50,
            "latent variables",
        )];
        const LOGISTIC: &[ParamSpec] = &[
            ParamSpec::number("c", 1.0, 0.0001, 10000.0, "inverse of the L2 penalty"),
            BALANCED,
        ];
        const RIDGE: &[ParamSpec] = &[ParamSpec::number("alpha", 1.0, 0.000001, 1e6, "L2 penalty")];
        match self {
            Self::RandomForest => FOREST_PARAMS,
            Self::GradientBoosting => BOOSTING_PARAMS,
            Self::Svm => SVM_PARAMS,
            Self::Knn => KNN_PARAMS,
            Self::NaiveBayes => BAYES,
            Self::Pls => PLS,
            Self::Logistic => LOGISTIC,
            Self::Ridge => RIDGE,
        }
    }

    /// What the algorithm reads, for a checked parameter set.
    fn input(self, params: &Resolved) -> InputKind {
        match self {
            Self::Svm if params.choice("kernel") == Some("rbf") => InputKind::Real,
            Self::Svm
            | Self::RandomForest
            | Self::GradientBoosting
            | Self::Knn
            | Self::NaiveBayes => InputKind::Bits,
            Self::Pls | Self::Logistic | Self::Ridge => InputKind::Real,
        }
    }

    /// The registry entry served to forms.
    pub fn describe(self) -> AlgorithmInfo {
        AlgorithmInfo {
            name: self.name(),
            title: self.title(),
            modes: Some(self.modes()),
            parameters: self.params(),
        }
    }

    /// Checks parameters for `mode`.
    pub fn configure(self, mode: Mode, given: &Value, seed: u64) -> Result<Config, MlError> {
        if !self.modes().contains(&mode) {
            return Err(MlError::Setting(format!(
                "{} does not do {}",
                self.name(),
                serde_json::to_value(mode)
                    .expect("a mode")
                    .as_str()
                    .expect("a name")
            )));
        }
        let params = Resolved::check(self.name(), self.params(), given)?;
        Ok(Config {
            algorithm: self,
            mode,
            seed,
            params,
        })
    }
}

/// Every algorithm's registry entry.
pub fn registry() -> Vec<AlgorithmInfo> {
    Algorithm::ALL.iter().map(|a| a.describe()).collect()
}

/// A checked configuration: algorithm, mode, parameters, seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub algorithm: Algorithm,
    pub mode: Mode,
    pub seed: u64,
    pub params: Resolved,
}

impl Config {
    fn input(&self) -> InputKind {
        self.algorithm.input(&self.params)
    }

    fn forest(&self) -> ForestParams {
        let p = &self.params;
        let defaults = ForestParams::defaults(self.mode);
        let max_features = match p.choice("max_features") {
            Some("all") => MaxFeatures::All,
            Some("sqrt") => MaxFeatures::Sqrt,
            Some(_) => MaxFeatures::Log2,
            None if p.to_value()["max_features"].is_null() => defaults.max_features,
            None => MaxFeatures::Fraction(p.f64("max_features")),
        };
        ForestParams {
            n_trees: p.usize("n_trees"),
            max_depth: p.optional_usize("max_depth"),
            max_features,
            min_samples_leaf: p.usize("min_samples_leaf"),
            min_samples_split: p.usize("min_samples_split"),
            bootstrap: p.bool("bootstrap"),
            balanced_classes: p.bool("balanced_classes"),
            seed: self.seed,
        }
    }
}

/// A fitted estimator.
#[derive(Debug, Clone, PartialEq)]
pub enum Estimator {
    Forest(RandomForest),
    Boosted(BoostedTrees),
    Svm(Svm),
    Neighbours(Neighbours),
    Bayes(BernoulliBayes),
    Linear(LinearModel),
}

/// A fitted model: preprocessing and estimator.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub algorithm: Algorithm,
    pub mode: Mode,
    pub preprocessing: Preprocessing,
    pub estimator: Estimator,
}

impl Model {
    /// Fits the preprocessing and the estimator to training rows and their
    /// targets (0/1 labels for classification).
    pub fn fit(config: &Config, raw: &RawFeatures, y: &[f64]) -> Result<Self, MlError> {
        if raw.rows() != y.len() || y.is_empty() {
            return Err(MlError::Data(format!(
                "{} rows but {} targets",
                raw.rows(),
                y.len()
            )));
        }
        let preprocessing = Preprocessing::fit(raw);
        let p = &config.params;
        let mode = config.mode;
        let estimator = match config.input() {
            InputKind::Bits => {
                let x = preprocessing.bits(raw)?;
                match config.algorithm {
                    Algorithm::RandomForest => Estimator::Forest(
                        RandomForest::fit(&x, y, mode, &config.forest())
                            .map_err(|e| MlError::Data(e.to_string()))?,
                    ),
                    Algorithm::GradientBoosting => Estimator::Boosted(BoostedTrees::fit(
                        &x,
                        y,
                        mode,
                        &BoostingParams {
                            n_estimators: p.usize("n_estimators"),
                            learning_rate: p.f64("learning_rate"),
                            max_depth: p.usize("max_depth"),
                            min_samples_leaf: p.usize("min_samples_leaf"),
                            subsample: p.f64("subsample"),
                            seed: config.seed,
                        },
                    )),
                    Algorithm::Knn => Estimator::Neighbours(Neighbours {
                        mode,
                        k: p.usize("k"),
                        weighted: p.choice("weights") == Some("similarity"),
                        rows: x,
                        targets: y.to_vec(),
                    }),
                    Algorithm::NaiveBayes => {
                        Estimator::Bayes(BernoulliBayes::fit(&x, y, p.f64("alpha")))
                    }
                    _ => Estimator::Svm(Svm::fit(
                        &Vectors::Bits(x),
                        y,
                        mode,
                        &SvmParams {
                            kernel: Kernel::Tanimoto,
                            c: p.f64("c"),
                            epsilon: p.f64("epsilon"),
                        },
                    )?),
                }
            }
            InputKind::Real => {
                let x = preprocessing.real(raw)?;
                match config.algorithm {
                    Algorithm::Pls => Estimator::Linear(pls(&x, y, p.usize("n_components"))),
                    Algorithm::Logistic => {
                        Estimator::Linear(logistic(&x, y, p.f64("c"), p.bool("balanced_classes")))
                    }
                    Algorithm::Ridge => Estimator::Linear(ridge(&x, y, p.f64("alpha"))),
                    _ => {
                        let gamma = match p.choice("gamma") {
                            Some(_) => scale_gamma(&x),
                            None => p.f64("gamma"),
                        };
                        Estimator::Svm(Svm::fit(
                            &Vectors::Real(x),
                            y,
                            mode,
                            &SvmParams {
                                kernel: Kernel::Rbf { gamma },
                                c: p.f64("c"),
                                epsilon: p.f64("epsilon"),
                            },
                        )?)
                    }
                }
            }
        };
        Ok(Self {
            algorithm: config.algorithm,
            mode,
            preprocessing,
            estimator,
        })
    }

    /// Predicted values, or active-class probabilities.
    pub fn predict(&self, raw: &RawFeatures) -> Result<Vec<f64>, MlError> {
        let bits = || self.preprocessing.bits(raw);
        let real = || self.preprocessing.real(raw);
        Ok(match &self.estimator {
            Estimator::Forest(m) => m.predict(&bits()?),
            Estimator::Boosted(m) => m.predict(&bits()?),
            Estimator::Neighbours(m) => m.predict(&bits()?),
            Estimator::Bayes(m) => m.predict(&bits()?),
            Estimator::Linear(m) => m.predict(&real()?),
            Estimator::Svm(m) => match m.kernel {
                Kernel::Tanimoto => m.predict(&Vectors::Bits(bits()?)),
                Kernel::Rbf { .. } => m.predict(&Vectors::Real(real()?)),
            },
        })
    }

    /// The bit inputs of rows (for the applicability domain).
    pub fn bits(&self, raw: &RawFeatures) -> Result<BitMatrix, MlError> {
        self.preprocessing.bits(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DenseMatrix;
    use serde_json::json;

    /// Bit 0 and the first value decide; the other columns are noise.
    fn data(n: usize) -> (RawFeatures, Vec<f64>) {
        let rows: Vec<Vec<u32>> = (0..n)
            .map(|i| (0..6u32).filter(|b| (i * 7 + 3) >> b & 1 == 1).collect())
            .collect();
        let bits = BitMatrix::from_rows(6, rows).expect("bits");
        let values: Vec<f64> = (0..n)
            .flat_map(|i| [(i % 11) as f64, ((i * 5) % 3) as f64])
            .collect();
        let y = (0..n)
            .map(|i| {
                let bit = f64::from(u8::from(bits.get(i, 0)));
                2.0 * bit + 0.3 * (i % 11) as f64
            })
            .collect();
        let values = DenseMatrix::new(2, values).expect("values");
        (RawFeatures { bits, values }, y)
    }

    #[test]
    fn every_algorithm_fits_its_modes_with_default_parameters() {
        let (raw, y) = data(120);
        let labels: Vec<f64> = y.iter().map(|&v| f64::from(u8::from(v >= 2.5))).collect();
        for algorithm in Algorithm::ALL {
            for &mode in algorithm.modes() {
                let config = algorithm
                    .configure(mode, &Value::Null, 1)
                    .expect("defaults");
                let target = if mode == Mode::Regression {
                    &y
                } else {
                    &labels
                };
                let model = Model::fit(&config, &raw, target).expect("fit");
                let predicted = model.predict(&raw).expect("predict");
                let (observed, predicted) = (target.as_slice(), predicted.as_slice());
                let quality = match mode {
                    Mode::Regression => crate::metrics::regression(observed, predicted).r2,
                    Mode::Classification => {
                        crate::metrics::classification(observed, predicted).roc_auc
                    }
                };
                assert!(quality > 0.6, "{} {mode:?}: {quality}", algorithm.name());
                assert_eq!(
                    Model::fit(&config, &raw, target).expect("again"),
                    model,
                    "{} is reproducible",
                    algorithm.name()
                );
            }
        }
    }

    #[test]
    fn the_registry_refuses_what_it_does_not_offer() {
        assert!(Algorithm::from_name("xgboost")
            .expect_err("refused")
            .to_string()
            .contains("random_forest, gradient_boosting"));
        let error = Algorithm::Pls
            .configure(Mode::Classification, &Value::Null, 1)
            .expect_err("refused");
        assert_eq!(error.to_string(), "pls does not do classification");
        let error = Algorithm::Svm
            .configure(Mode::Regression, &json!({"kernel": "poly"}), 1)
            .expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("kernel must be one of tanimoto, rbf"),
            "{error}"
        );
        let entries = serde_json::to_value(registry()).expect("serializes");
        assert_eq!(entries.as_array().expect("list").len(), 8);
        assert_eq!(entries[0]["parameters"][0]["name"], "n_trees");
        assert_eq!(entries[0]["parameters"][0]["type"], "integer");
        assert_eq!(entries[0]["modes"], json!(["regression", "classification"]));
    }
}
