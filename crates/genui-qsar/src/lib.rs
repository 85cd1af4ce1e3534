//! QSAR modelling: learning activities from molecular descriptors.
//!
//! This first part is the learning core: [`BitMatrix`] fingerprint inputs, a
//! parallel, seeded [`RandomForest`] for regression and classification,
//! [`validation`] splits and [`metrics`]. Same data, parameters and seed
//! give the same model.

#![forbid(unsafe_code)]

pub mod data;
pub mod forest;
pub mod metrics;
pub mod validation;

pub use data::BitMatrix;
pub use forest::{FitError, ForestParams, MaxFeatures, Mode, RandomForest};
