//! Recipes for the graph transformer shared by the command line and the platform's tasks:
//! molecules cut into fragment–molecule tables split by fragment combination, training with
//! early stopping and a per-epoch sample grown from validation fragments, and sampling from
//! a user's fragments.

use std::ops::ControlFlow;

use rand::{rngs::StdRng, SeedableRng};
use rayon::prelude::*;

use crate::fragments::{split_by_combination, Fragmenter};
use crate::graph::{FragmentSeed, GraphCoder, Step};
use crate::graph_model::GraphTransformer;
use crate::metrics::{fragments_retained, retention_ratio};
use crate::reinforce::{Generated, Policy};
use crate::sample::SampleStats;
use crate::train::{EpochReport, FitSummary, SampleReport, TrainConfig, Trainer, MONITOR_EXAMPLES};
use crate::workflow::{TrainingOptions, MONITOR_SAMPLES};
use crate::{GenError, Result};

/// Most fragment combinations held out for validation (DrugEx's `validSetSize` default).
pub const MAX_VALIDATION_COMBINATIONS: usize = 10_000;

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
        let fragmenter = Fragmenter::default();
        let encoded: Vec<Vec<(String, Vec<Step>)>> = smiles
            .par_iter()
            .map(|s| {
                let Ok(pairs) = fragmenter.pairs(s) else {
                    return Vec::new();
                };
                pairs
                    .into_iter()
                    .filter_map(|pair| {
                        let molecule = genui_chem::Molecule::from_smiles(&pair.molecule).ok()?;
                        let table = coder.encode(&molecule, &pair.fragments).ok()?;
                        Some((pair.fragments, table))
                    })
                    .collect()
            })
            .collect();
        let skipped = encoded.iter().filter(|pairs| pairs.is_empty()).count();
        let (train, valid) = split_by_combination(
            encoded.into_iter().flatten().collect(),
            |(fragments, _): &(String, Vec<Step>)| fragments.as_str(),
            options.validation,
            MAX_VALIDATION_COMBINATIONS,
            options.seed,
        );
        let tables = |pairs: Vec<(String, Vec<Step>)>| -> Vec<Vec<Step>> {
            pairs.into_iter().map(|(_, table)| table).collect()
        };
        let (train, valid) = (tables(train), tables(valid));
        if train.is_empty() || valid.is_empty() {
            return Err(GenError::Invalid(format!(
                "the molecules gave {} training and {} validation fragment combinations: at \
                 least one of each is needed (molecules without a BRICS bond give none)",
                train.len(),
                valid.len()
            )));
        }
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
