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
//! for regression and classification, repeated measurements [`aggregate`]d before any split,
//! a [`model`] build with cross-validation and a test set, and code-free model [`file`]s.
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
pub mod svm;
pub mod validation;

pub use aggregate::{aggregate, Aggregation};
pub use algorithm::{Algorithm, Model};
pub use data::{BitMatrix, DenseMatrix};
pub use forest::{FitError, ForestParams, MaxFeatures, Mode, RandomForest};
