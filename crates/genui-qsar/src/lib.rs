//! QSAR modelling: learning activities from molecular descriptors.
//!
//! The learning core: descriptor [`features`] (fingerprint bits and
//! physico-chemical values) with fitted preprocessing, an [`algorithm`]
//! registry — a parallel, seeded [`RandomForest`], gradient boosting, SVMs
//! (Tanimoto and RBF kernels), kNN, naive Bayes, PLS, logistic and ridge
//! regression — for regression and classification,
//! [`validation`] splits (k-fold, stratified, random and scaffold test sets),
//! repeated measurements [`aggregate`]d before any split, [`metrics`], and
//! code-free model [`file`]s. Same data, parameters and seed give the same
//! model, byte for byte.

#![forbid(unsafe_code)]

pub mod aggregate;
pub mod algorithm;
pub mod boosting;
pub mod data;
pub mod features;
pub mod file;
pub mod forest;
pub mod linear;
pub mod metrics;
pub mod model;
pub mod neighbours;
pub mod params;
pub mod store;
pub mod svm;
pub mod task;
pub mod validation;

pub use aggregate::{aggregate, Aggregation};
pub use algorithm::{Algorithm, Model};
pub use data::{BitMatrix, DenseMatrix};
pub use forest::{FitError, ForestParams, MaxFeatures, Mode, RandomForest};
