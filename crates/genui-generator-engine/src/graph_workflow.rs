//! Recipes for the graph transformer shared by the command line and the platform's tasks:
//! molecules cut into fragment–molecule tables split by fragment combination, training with
//! early stopping and a per-epoch sample grown from validation fragments, and sampling from
//! a user's fragments.

use std::ops::ControlFlow;

use rand::{rngs::StdRng, SeedableRng};

use crate::fragments::split_examples;
use crate::graph::{FragmentSeed, GraphCoder, Step};
use crate::graph_model::GraphTransformer;
use crate::metrics::{fragments_retained, retention_ratio};
use crate::reinforce::{Generated, Policy};
use crate::sample::SampleStats;
use crate::train::{EpochReport, FitSummary, SampleReport, TrainConfig, Trainer, MONITOR_EXAMPLES};
use crate::workflow::{TrainingOptions, MONITOR_SAMPLES};
use crate::Result;

/// Fragment–molecule tables for training, split so that no fragment combination is in both.
#[derive(Debug, Clone)]
pub struct GraphTrainingData {
    pub train: Vec<Vec<Step>>,
    pub valid: Vec<Vec<Step>>,
    /// Molecules that gave no table (no BRICS bond, too large, an atom without a token).
    pub skipped: usize,
}

impl GraphTrainingData {
    /// Cuts `smiles` into fragment pairs as DrugEx v3 does, encodes them (in parallel), and
    /// holds out the `options.validation` share of fragment combinations.
    pub fn prepare(
        smiles: &[String],
        coder: &GraphCoder,
        options: &TrainingOptions,
    ) -> Result<Self> {
        let (train, valid, skipped) = split_examples(
            smiles,
            |pair| {
                let molecule = genui_chem::Molecule::from_smiles(&pair.molecule).ok()?;
                coder.encode(&molecule, &pair.fragments).ok()
            },
            options.validation,
            options.seed,
        )?;
        Ok(Self {
            train,
            valid,
            skipped,
        })
    }
}

/// Trains `model` with early stopping on the validation tables and returns it with the weights
/// of its best epoch. After each epoch it grows [`MONITOR_SAMPLES`] molecules from validation
/// fragments and reports their validity, uniqueness and fragment retention.
pub fn train_graph(
    model: GraphTransformer,
    coder: &GraphCoder,
    data: &GraphTrainingData,
    options: &TrainingOptions,
    on_epoch: impl FnMut(&EpochReport) -> ControlFlow<()>,
) -> Result<(GraphTransformer, FitSummary)> {
    options.validate()?;
    let seeds: Vec<FragmentSeed> = data
        .valid
        .iter()
        .cycle()
        .take(MONITOR_SAMPLES)
        .map(|t| FragmentSeed::of_table(t, &coder.vocabulary))
        .collect();
    let monitor_coder = coder.clone();
    let mut trainer = Trainer::new(
        model,
        TrainConfig {
            learning_rate: options.learning_rate,
            batch_size: options.batch_size,
            seed: options.seed,
            ..TrainConfig::default()
        },
    )?
    .with_sampling_monitor(move |model: &GraphTransformer, seed| {
        let generated = grow(model, &monitor_coder, &seeds, seed)?;
        Ok(sample_report(&generated))
    });
    let summary = trainer.fit(
        &data.train,
        &data.valid,
        options.epochs,
        options.patience,
        on_epoch,
    )?;
    Ok((trainer.into_model(), summary))
}

/// Tables generated together when sampling.
const SAMPLE_BATCH: usize = 128;

/// Grows one molecule from each seed, reproducibly for a `seed`.
pub fn grow(
    model: &GraphTransformer,
    coder: &GraphCoder,
    seeds: &[FragmentSeed],
    seed: u64,
) -> Result<Vec<Generated>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let tables = model.generate(&coder.vocabulary, seeds, None, SAMPLE_BATCH, &mut rng)?;
    let sampler = crate::graph_model::FragmentSampler {
        coder: coder.clone(),
        seeds: Vec::new(),
    };
    Ok(tables
        .iter()
        .map(|t| GraphTransformer::read(&sampler, t))
        .collect())
}

/// Validity, uniqueness and fragment retention of grown molecules.
pub fn sample_report(generated: &[Generated]) -> SampleReport {
    let smiles: Vec<String> = generated.iter().map(|g| g.smiles.clone()).collect();
    let stats = SampleStats::of(&smiles);
    SampleReport {
        valid_ratio: stats.validity(),
        unique_ratio: stats.unique as f64 / smiles.len().max(1) as f64,
        fragment_retention: retention_ratio(&fragments_retained(generated)),
        examples: stats.canonical.into_iter().take(MONITOR_EXAMPLES).collect(),
    }
}
