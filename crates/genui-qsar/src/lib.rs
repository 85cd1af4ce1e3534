//! QSAR modelling: learning activities from molecular descriptors.
//!
//! This first part is the learning core: [`BitMatrix`] fingerprint inputs, a
//! parallel, seeded [`RandomForest`] for regression and classification,
//! [`validation`] splits (k-fold, stratified, random and scaffold test sets),
//! repeated measurements [`aggregate`]d before any split, [`metrics`], and
//! code-free model [`file`]s. Same data, parameters and seed give the same
//! model, byte for byte.

#![forbid(unsafe_code)]

pub mod aggregate;
pub mod data;
pub mod file;
pub mod forest;
pub mod metrics;
pub mod model;
pub mod store;
pub mod task;
pub mod validation;

pub use aggregate::{aggregate, Aggregation};
pub use data::BitMatrix;
pub use forest::{FitError, ForestParams, MaxFeatures, Mode, RandomForest};
