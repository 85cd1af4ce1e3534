//! GenUI's generator engine: DrugEx-style SMILES language models (RNNs and a transformer) in Rust.
//!
//! A corpus of SMILES is checked and tokenized ([`corpus`], [`vocab`]), an LSTM or GRU language
//! model ([`model`]) is trained on it by teacher forcing ([`train`]), molecules are sampled from
//! it ([`sample`]), and models are stored as safetensors plus a JSON configuration ([`files`]); [`workflow`] holds
//! the recipes (network shapes, training with a validation split) shared by every front end.
//! Reinforcement learning ([`reinforce`]) steers an agent towards an [`environment`] of
//! objectives: scorers with modifiers and thresholds ([`scoring`]: the 22 DrugEx properties, and a
//! trait for QSAR models) combined by a reward scheme. [`metrics`] computes MOSES' quality
//! metrics. For fragment-input generators (DrugEx v3), [`fragments`] cuts molecules into
//! fragment-combination pairs and [`graph`] writes molecules as tables of graph-growing steps
//! and reads them back. The chemistry core (`genui-chem`) is the only other GenUI crate used: it judges
//! validity, gives canonical SMILES, properties, fingerprints, scaffolds and fragments.
//!
//! # Tensor backend: candle
//!
//! The default build must stay pure Rust (one binary, no system ML library), which leaves candle
//! and burn. candle is used because:
//! - it is a small, direct tensor library with reverse-mode autodiff, AdamW and safetensors, which
//!   is all an RNN language model needs; its CPU matrix products (the `gemm` crate) are
//!   multithreaded and deterministic, so seeded training reproduces bit for bit;
//! - the probe on this project measured candle's LSTM as correct but 3–4× slower than PyTorch on
//!   CPU. Profiling showed why: generic autodiff through 100 time steps allocates and sums one
//!   weight gradient per step (and pads the gradient of every slice to the full sequence). That is
//!   fixable inside candle with custom ops: on the CPU each LSTM or GRU layer is one autodiff node
//!   with a hand-written backward pass (`fused`, `fused_lstm`, `fused_gru`) whose weight gradients are single
//!   large products, tested against autodiff through every step. On this 2-core machine (release
//!   build, `examples/lstm_step.rs`, DrugEx size 3×512, batch 64 × 100, timings noisy because
//!   other builds shared the cores) one training step took 13.4 s with the first version
//!   (slices of whole-sequence tensors), 6.4 s (LSTM) / 5.4 s (GRU) with generic autodiff step by
//!   step, and 3.3–4.4 s (LSTM) / 3.1 s (GRU) fused. Back to back with PyTorch 2.15 on 2 threads
//!   (`bench/torch_step.py`): 3.48 s vs 0.89 s (LSTM), 3.12 s vs 0.83 s (GRU) — still about 3.9×,
//!   then mostly candle's CPU matrix products against PyTorch's oneDNN/MKL kernels;
//! - so every product of the CPU path now runs on our own kernels (`genui-sgemm`: packed
//!   AVX-512 or AVX2 blocks chosen at run time, the weight of a time loop packed once per
//!   sequence), each recurrent layer — input projection and recurrence — is one node over plain
//!   buffers whose element-wise passes are compiled for the widest vector unit, the output layer
//!   is one node with its bias, and AdamW with clipping updates the parameters in place
//!   (`optim`). Back to back with PyTorch on 2 threads the step now takes a median 0.98× PyTorch's
//!   time (LSTM) and 0.85× (GRU); the README gives the figures and what each change bought;
//! - the same code runs on CUDA behind candle's `cuda` feature, the route to the GPU queue;
//! - burn's one-model-many-backends design would help only if the libtorch backend were the
//!   production path, and `tch` needs libtorch installed beside the binary — that stays an
//!   optional feature for workers, not the default.
//!
//! The transformer ([`gpt`]) shares the trait ([`language_model::LanguageModel`]) and everything written
//! against it; its attention is generic candle autodiff, without fused CPU kernels.

#![forbid(unsafe_code)]

pub mod config;
pub mod corpus;
mod cpu;
pub mod environment;
pub mod files;
pub mod fragments;
mod fused;
mod fused_attention;
mod fused_gpt_step;
mod fused_gru;
mod fused_lstm;
mod fused_step;
pub mod generator;
pub mod gpt;
pub mod graph;
pub mod graph_model;
pub mod graph_workflow;
pub mod language_model;
pub mod metrics;
pub mod model;
pub mod network;
mod optim;
pub mod prompt;
pub mod reinforce;
pub mod sample;
pub mod scoring;
pub mod train;
pub mod vocab;
pub mod workflow;

use std::path::Path;

/// Errors of the generator engine.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// A tensor operation failed (shape mismatch, out of memory, …).
    #[error("tensor error: {0}")]
    Tensor(#[from] candle_core::Error),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Bad input: an impossible architecture, a model file that does not fit, an empty batch.
    #[error("{0}")]
    Invalid(String),
    /// A corpus could not be used.
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    /// The chemistry core failed on a molecule.
    #[error(transparent)]
    Chem(#[from] genui_chem::ChemError),
}

impl GenError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        GenError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Result with [`GenError`].
pub type Result<T, E = GenError> = std::result::Result<T, E>;
