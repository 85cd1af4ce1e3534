//! What network builds report: a line per epoch while they run, a summary when done.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One epoch of training, fine-tuning or reinforcement learning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EpochMetrics {
    pub epoch: usize,
    /// Whether the network kept is this epoch's.
    pub best: bool,
    /// Molecules sampled after the epoch (null when the epoch sampled none).
    pub examples: Option<Vec<String>>,
    pub valid_ratio: Option<f64>,
    pub unique_ratio: Option<f64>,
    /// Fragment-input networks: valid molecules that contain all their fragments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fragment_retention: Option<f64>,
    /// Training and fine-tuning: mean loss on the training part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_loss: Option<f32>,
    /// Training and fine-tuning: mean loss on the validation part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_loss: Option<f32>,
    /// Reinforcement learning: the policy loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<f32>,
    /// Reinforcement learning: share of samples that meet every objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_ratio: Option<f64>,
    /// Reinforcement learning: each scorer's mean score over the valid samples (null when
    /// there were none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_scores: Option<BTreeMap<String, Option<f64>>>,
}

/// How a finished build went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NetworkSummary {
    pub epochs: usize,
    pub best_epoch: usize,
    pub stopped_early: bool,
    /// Training and fine-tuning: molecules in the corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub molecules: Option<usize>,
    /// Fine-tuning: molecules of the corpus left out because they spell tokens the parent's
    /// vocabulary lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_out: Option<usize>,
    /// Training and fine-tuning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_valid_loss: Option<f32>,
    /// Reinforcement learning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_desired_ratio: Option<f64>,
}
