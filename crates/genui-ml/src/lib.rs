//! The learning engine: molecules and values in, models and maps out. It knows nothing of
//! the database, the task queue or HTTP (the platform crates `genui-qsar` and `genui-maps`
//! store and run what it computes).
//!
//! Shared by QSAR and maps: descriptor [`features`] (fingerprint bits and physico-chemical
//! values) with fitted preprocessing, bit and dense matrices ([`data`]), typed algorithm
//! [`params`] declared once (served to forms and checked on input), [`validation`] splits,
//! [`metrics`].
//!
//! QSAR: an [`algorithm`] registry — a parallel, seeded [`RandomForest`], gradient boosting,
//! SVMs (Tanimoto and RBF kernels), kNN, naive Bayes, PLS, logistic and ridge regression —
//! for regression and classification, repeated and censored measurements [`aggregate`]d into one
//! target per molecule before any split,
//! a [`model`] build with cross-validation and a test set, the [`uncertainty`] of its predictions
//! (conformal intervals, calibrated probabilities), and code-free model [`file`]s.
//!
//! [`maps`]: 2-D embeddings by t-SNE, UMAP, PCA, MDS and Isomap, and placement of new points.
//!
//! Same data, parameters and seed give the same model or map, byte for byte.

#![forbid(unsafe_code)]

pub mod aggregate;
pub mod algorithm;
pub mod boosting;
pub mod data;
pub mod features;
pub mod file;
pub mod forest;
pub mod linear;
pub mod maps;
pub mod metrics;
pub mod model;
pub mod neighbours;
pub mod params;
pub mod performance;
pub mod svm;
pub mod uncertainty;
pub mod validation;

/// Why the engine did not make a model, a prediction or a map.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MlError {
    /// A setting it cannot use: an unknown algorithm, a parameter out of its range, an
    /// impossible descriptor or validation choice.
    #[error("{0}")]
    Setting(String),
    /// Data it cannot learn from or map: unreadable or too few molecules, one class only,
    /// mixed units, sizes that do not fit.
    #[error("{0}")]
    Data(String),
    /// The caller's progress callback asked the work to stop.
    #[error("stopped")]
    Stopped,
}

impl MlError {
    /// A short code for the kind of error (`invalid_arguments`, `invalid_data`, `cancelled`),
    /// as task errors name them.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Setting(_) => "invalid_arguments",
            Self::Data(_) => "invalid_data",
            Self::Stopped => "cancelled",
        }
    }
}

pub use aggregate::{prepare, Aggregation, CensoredRule, Target};
pub use algorithm::{Algorithm, Model};
pub use data::{BitMatrix, DenseMatrix};
pub use forest::{FitError, ForestParams, MaxFeatures, Mode, RandomForest};
