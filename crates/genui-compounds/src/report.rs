//! The report of an import: what was read, kept, merged and rejected.

use serde::{Deserialize, Serialize};

use crate::dedupe::Merged;
use crate::pipeline::Rejection;

/// Rejections kept in a report; the count is always complete.
pub const MAX_REPORTED_REJECTIONS: usize = 10_000;

/// What an import read and kept: the report of a compound set's latest import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// Records read.
    pub read: usize,
    /// Molecules kept (after merging duplicates).
    pub imported: usize,
    pub duplicates_merged: usize,
    pub rejected: usize,
    /// Activity values kept.
    pub activities: usize,
    /// The rejected records with their reasons (the first 10,000; detail view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejections: Option<Vec<Rejection>>,
    /// SMILES sampled (generated sets; equal to `read`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampled: Option<usize>,
    /// Sampled SMILES that are no valid molecule (generated sets; equal to `rejected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<usize>,
}

impl ImportReport {
    pub fn new(
        read: usize,
        kept: &[Merged],
        duplicates_merged: usize,
        mut rejected: Vec<Rejection>,
    ) -> Self {
        let count = rejected.len();
        rejected.truncate(MAX_REPORTED_REJECTIONS);
        Self {
            read,
            imported: kept.len(),
            duplicates_merged,
            rejected: count,
            activities: kept.iter().map(|m| m.activities.len()).sum(),
            rejections: Some(rejected),
            sampled: None,
            invalid: None,
        }
    }
}
