//! Training by teacher forcing: AdamW, gradient-norm clipping, seeded batch order.
//!
//! Everything random (initial weights, batch order) comes from seeded generators, and candle's
//! CPU kernels are deterministic, so the same seed and corpus give bit-identical weights on CPU —
//! which is what lets a user (and a test) rerun a recipe and get the same model.

use candle_core::{Device, Tensor, Var};
use candle_nn::ParamsAdamW;
use rand::{rngs::StdRng, seq::SliceRandom, SeedableRng};

use crate::language_model::LanguageModel;
use crate::model::masked_cross_entropy;
use crate::optim::ClippedAdamW;
use crate::sample::{sample, SampleOptions, SampleStats};
use crate::vocab::{Vocabulary, PAD_ID, START_ID};

/// Molecules shown per epoch in [`SampleReport::examples`].
pub const MONITOR_EXAMPLES: usize = 10;
use crate::{GenError, Result};

/// Optimization settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// AdamW learning rate (DrugEx: 1e-3).
    pub learning_rate: f64,
    /// AdamW decoupled weight decay.
    pub weight_decay: f64,
    /// Gradients are rescaled when their global L2 norm exceeds this (RNNs explode otherwise).
    pub max_grad_norm: f64,
    /// Molecules per batch.
    pub batch_size: usize,
    /// Seed of the batch order.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            learning_rate: 1e-3,
            weight_decay: 0.0,
            max_grad_norm: 1.0,
            batch_size: 64,
            seed: 0,
        }
    }
}

/// A batch ready for teacher forcing: inputs start with the start token, targets end with the
/// end token, both padded to the longest sequence.
///
/// A sequence may open with a prompt that ends with the start token (the fragments a SMILES
/// transformer reads, see [`crate::prompt`]): the prompt's tokens are inputs only, never
/// targets, so the loss and the likelihood are those of the molecule given its fragments.
#[derive(Debug, Clone)]
pub struct Batch {
    /// `[batch, time]` u32 ids: start token then the molecule's tokens.
    pub input: Tensor,
    /// `[batch, time]` u32 ids: the molecule's tokens then the end token.
    pub target: Tensor,
}

impl Batch {
    /// Builds a batch from encoded sequences (each ending with the end token).
    pub fn new(sequences: &[&[u32]], device: &Device) -> Result<Self> {
        let t = sequences.iter().map(|s| s.len()).max().unwrap_or(0);
        if t == 0 {
            return Err(GenError::Invalid(
                "a batch needs at least one non-empty sequence".to_string(),
            ));
        }
        let mut input = Vec::with_capacity(sequences.len() * t);
        let mut target = Vec::with_capacity(sequences.len() * t);
        for seq in sequences {
            input.push(START_ID);
            input.extend(&seq[..seq.len().saturating_sub(1)]);
            input.extend(std::iter::repeat_n(PAD_ID, t - seq.len().max(1)));
            let prompt = seq
                .iter()
                .rposition(|&id| id == START_ID)
                .map_or(0, |p| p + 1);
            target.extend(std::iter::repeat_n(PAD_ID, prompt));
            target.extend(&seq[prompt..]);
            target.extend(std::iter::repeat_n(PAD_ID, t - seq.len()));
        }
        let b = sequences.len();
        Ok(Self {
            input: Tensor::from_vec(input, (b, t), device)?,
            target: Tensor::from_vec(target, (b, t), device)?,
        })
    }
}

/// What teacher forcing needs of a network: its variables, and the loss of a batch of
/// examples (encoded SMILES for a language model, graph tables for the graph transformer).
pub trait Learner {
    /// One training example.
    type Example;
    /// The trainable variables, for an optimizer.
    fn trainable(&self) -> Vec<Var>;
    /// Mean loss over a batch's predictions, and how many predictions it averages (so that
    /// losses of batches can be weighed together).
    fn batch_loss(&self, examples: &[&Self::Example]) -> Result<(Tensor, usize)>;

    /// A copy of the current weights, to [`Learner::restore`] later.
    fn snapshot(&self) -> Result<Vec<Tensor>> {
        Ok(self
            .trainable()
            .iter()
            .map(|v| v.as_tensor().copy())
            .collect::<candle_core::Result<Vec<_>>>()?)
    }

    /// Sets the weights back to a [`Learner::snapshot`].
    fn restore(&self, snapshot: &[Tensor]) -> Result<()> {
        for (var, saved) in self.trainable().iter().zip(snapshot) {
            var.set(saved)?;
        }
        Ok(())
    }
}

impl<M: LanguageModel> Learner for M {
    type Example = Vec<u32>;

    fn trainable(&self) -> Vec<Var> {
        self.vars()
    }

    fn batch_loss(&self, sequences: &[&Vec<u32>]) -> Result<(Tensor, usize)> {
        let seqs: Vec<&[u32]> = sequences.iter().map(|s| s.as_slice()).collect();
        let batch = Batch::new(&seqs, self.device())?;
        let logits = self.forward(&batch.input)?;
        let tokens = seqs.iter().map(|s| s.len()).sum();
        Ok((masked_cross_entropy(&logits, &batch.target)?, tokens))
    }
}

/// Samples after an epoch of [`Trainer::fit`]: the model and a seed give a report.
type Monitor<M> = Box<dyn Fn(&M, u64) -> Result<SampleReport>>;

/// A model together with its optimizer state.
pub struct Trainer<M: Learner> {
    model: M,
    optimizer: ClippedAdamW,
    config: TrainConfig,
    rng: StdRng,
    monitor: Option<Monitor<M>>,
}

impl<M: Learner> Trainer<M> {
    /// Starts training `model`.
    pub fn new(model: M, config: TrainConfig) -> Result<Self> {
        if config.batch_size == 0 {
            return Err(GenError::Invalid("batch size must be positive".to_string()));
        }
        if !(config.max_grad_norm > 0.0 && config.max_grad_norm.is_finite()) {
            return Err(GenError::Invalid(
                "the gradient-norm limit must be positive and finite".to_string(),
            ));
        }
        let optimizer = ClippedAdamW::new(
            model.trainable(),
            ParamsAdamW {
                lr: config.learning_rate,
                weight_decay: config.weight_decay,
                ..ParamsAdamW::default()
            },
            config.max_grad_norm,
        )?;
        let rng = StdRng::seed_from_u64(config.seed);
        Ok(Self {
            model,
            optimizer,
            config,
            rng,
            monitor: None,
        })
    }

    /// Makes [`Trainer::fit`] call `monitor` after each epoch (with a seed per epoch) and
    /// report what it sampled.
    pub fn with_sampling_monitor(
        mut self,
        monitor: impl Fn(&M, u64) -> Result<SampleReport> + 'static,
    ) -> Self {
        self.monitor = Some(Box::new(monitor));
        self
    }

    fn monitor_sample(&self, epoch: usize) -> Result<Option<SampleReport>> {
        self.monitor
            .as_ref()
            .map(|m| m(&self.model, self.config.seed.wrapping_add(epoch as u64)))
            .transpose()
    }

    /// The model being trained.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// Ends training, returning the model.
    pub fn into_model(self) -> M {
        self.model
    }

    /// One optimization step on a batch of examples; returns its loss before the update.
    pub fn train_batch(&mut self, examples: &[&M::Example]) -> Result<f32> {
        let (loss, _) = self.model.batch_loss(examples)?;
        self.minimize(&loss)
    }

    /// One optimization step down the gradient of a scalar `loss` computed from the model
    /// (clipped to [`TrainConfig::max_grad_norm`]); returns the loss.
    pub fn minimize(&mut self, loss: &Tensor) -> Result<f32> {
        let mut grads = loss.backward()?;
        self.optimizer.step(&mut grads)?;
        Ok(loss.to_scalar::<f32>()?)
    }

    /// One pass over `examples` in a seeded random order; returns the mean batch loss.
    pub fn epoch(&mut self, examples: &[M::Example]) -> Result<f32> {
        if examples.is_empty() {
            return Err(GenError::Invalid(
                "cannot train on an empty corpus".to_string(),
            ));
        }
        let mut order: Vec<usize> = (0..examples.len()).collect();
        order.shuffle(&mut self.rng);
        let mut total = 0f32;
        let mut batches = 0usize;
        for chunk in order.chunks(self.config.batch_size) {
            let batch: Vec<&M::Example> = chunk.iter().map(|&i| &examples[i]).collect();
            total += self.train_batch(&batch)?;
            batches += 1;
        }
        Ok(total / batches as f32)
    }
}

impl<M: LanguageModel> Trainer<M> {
    /// Makes [`Trainer::fit`] sample `samples` molecules after each epoch and report their
    /// validity and uniqueness.
    pub fn with_monitor(self, vocab: Vocabulary, samples: usize) -> Self {
        self.with_sampling_monitor(move |model, seed| {
            let options = SampleOptions {
                n: samples,
                seed,
                ..SampleOptions::default()
            };
            let smiles = sample(model, &vocab, &options)?;
            let stats = SampleStats::of(&smiles);
            Ok(SampleReport {
                valid_ratio: stats.validity(),
                unique_ratio: stats.unique as f64 / smiles.len().max(1) as f64,
                fragment_retention: None,
                examples: stats.canonical.into_iter().take(MONITOR_EXAMPLES).collect(),
            })
        })
    }

    /// Mean loss of a prepared batch without updating anything.
    pub fn loss(&self, batch: &Batch) -> Result<f32> {
        let logits = self.model.forward(&batch.input)?;
        Ok(masked_cross_entropy(&logits, &batch.target)?.to_scalar::<f32>()?)
    }

    /// One optimization step on a prepared batch; returns the batch's loss before the update.
    pub fn step(&mut self, batch: &Batch) -> Result<f32> {
        let logits = self.model.forward(&batch.input)?;
        self.minimize(&masked_cross_entropy(&logits, &batch.target)?)
    }
}

/// What happened in one epoch, handed to the caller's callback (the platform streams these to
/// its live charts).
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss of the epoch's batches.
    pub train_loss: f32,
    /// Token-weighted validation loss after the epoch.
    pub valid_loss: f32,
    /// Whether this epoch is the best so far (its weights are the ones kept).
    pub best: bool,
    /// With a monitor ([`Trainer::with_monitor`]): what sampling after the epoch gave.
    pub sample: Option<SampleReport>,
}

/// Validity and uniqueness of molecules sampled after an epoch (DrugEx monitors these while
/// pretraining and fine-tuning, to show when a model starts writing chemistry).
#[derive(Debug, Clone, PartialEq)]
pub struct SampleReport {
    /// Valid SMILES among those sampled.
    pub valid_ratio: f64,
    /// Distinct valid molecules among those sampled.
    pub unique_ratio: f64,
    /// For fragment-input networks: valid molecules containing all their fragments.
    pub fragment_retention: Option<f64>,
    /// Some of the distinct valid molecules.
    pub examples: Vec<String>,
}

/// How [`Trainer::fit`] ended.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSummary {
    /// Epochs run.
    pub epochs: usize,
    /// Epoch whose weights the model now holds.
    pub best_epoch: usize,
    /// Its validation loss.
    pub best_valid_loss: f32,
    /// True when training stopped because validation loss stopped improving.
    pub stopped_early: bool,
    /// True when the callback asked to stop (e.g. the task was cancelled).
    pub cancelled: bool,
}

/// Splits encoded molecules into training and validation sets, in a seeded random order.
/// At least one molecule stays in each set when there are two or more.
pub fn split_validation(
    sequences: &[Vec<u32>],
    fraction: f64,
    seed: u64,
) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let (train, valid) = split_indices(sequences.len(), fraction, seed);
    let pick = |idx: &[usize]| idx.iter().map(|&i| sequences[i].clone()).collect();
    (pick(&train), pick(&valid))
}

/// The indexes of [`split_validation`]: (training, validation) positions among `n` molecules.
pub fn split_indices(n: usize, fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let wanted = (n as f64 * fraction.clamp(0.0, 1.0)).round() as usize;
    let n_valid = wanted.clamp(usize::from(n > 1), n.saturating_sub(1));
    let (valid, train) = order.split_at(n_valid);
    (train.to_vec(), valid.to_vec())
}

impl<M: Learner> Trainer<M> {
    /// Mean loss per prediction over `examples`, without updating anything.
    pub fn evaluate(&self, examples: &[M::Example]) -> Result<f32> {
        let mut total = 0f64;
        let mut predictions = 0usize;
        for chunk in examples.chunks(self.config.batch_size) {
            let batch: Vec<&M::Example> = chunk.iter().collect();
            let (loss, n) = self.model.batch_loss(&batch)?;
            total += f64::from(loss.to_scalar::<f32>()?) * n as f64;
            predictions += n;
        }
        if predictions == 0 {
            return Err(GenError::Invalid(
                "cannot evaluate on an empty set".to_string(),
            ));
        }
        Ok((total / predictions as f64) as f32)
    }

    /// Trains for up to `max_epochs`, evaluating on `valid` after each epoch, and stops when the
    /// validation loss has not improved for `patience` epochs. The model ends up with the weights
    /// of the **best** epoch, not the last one (DrugEx keeps the last, which after overfitting is
    /// worse). `on_epoch` sees every epoch and may break to cancel.
    pub fn fit(
        &mut self,
        train: &[M::Example],
        valid: &[M::Example],
        max_epochs: usize,
        patience: usize,
        mut on_epoch: impl FnMut(&EpochReport) -> std::ops::ControlFlow<()>,
    ) -> Result<FitSummary> {
        if valid.is_empty() {
            return Err(GenError::Invalid(
                "early stopping needs a validation set".to_string(),
            ));
        }
        if patience == 0 {
            return Err(GenError::Invalid(
                "patience must be at least one epoch".to_string(),
            ));
        }
        let mut best: Option<(usize, f32, Vec<Tensor>)> = None;
        let mut summary = FitSummary {
            epochs: 0,
            best_epoch: 0,
            best_valid_loss: f32::INFINITY,
            stopped_early: false,
            cancelled: false,
        };
        for epoch in 1..=max_epochs {
            let train_loss = self.epoch(train)?;
            let valid_loss = self.evaluate(valid)?;
            summary.epochs = epoch;
            let improved = best.as_ref().is_none_or(|(_, l, _)| valid_loss < *l);
            if improved {
                best = Some((epoch, valid_loss, self.model.snapshot()?));
            }
            let report = EpochReport {
                epoch,
                train_loss,
                valid_loss,
                best: improved,
                sample: self.monitor_sample(epoch)?,
            };
            if on_epoch(&report).is_break() {
                summary.cancelled = true;
                break;
            }
            if best.as_ref().is_some_and(|(e, _, _)| epoch - e >= patience) {
                summary.stopped_early = true;
                break;
            }
        }
        if let Some((epoch, loss, snapshot)) = best {
            self.model.restore(&snapshot)?;
            summary.best_epoch = epoch;
            summary.best_valid_loss = loss;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::END_ID;

    #[test]
    fn batches_shift_targets_by_one_and_pad_both() {
        let batch = Batch::new(&[&[5, 6, END_ID], &[7, END_ID]], &Device::Cpu)
            .unwrap_or_else(|e| panic!("{e}"));
        let input = batch
            .input
            .to_vec2::<u32>()
            .unwrap_or_else(|e| panic!("{e}"));
        let target = batch
            .target
            .to_vec2::<u32>()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(input, [[START_ID, 5, 6], [START_ID, 7, PAD_ID]]);
        assert_eq!(target, [[5, 6, END_ID], [7, END_ID, PAD_ID]]);
    }

    #[test]
    fn validation_split_is_seeded_and_keeps_both_sets_non_empty() {
        let seqs: Vec<Vec<u32>> = (0..10).map(|i| vec![i + 3, END_ID]).collect();
        let (train, valid) = split_validation(&seqs, 0.2, 4);
        assert_eq!((train.len(), valid.len()), (8, 2));
        assert_eq!(
            split_validation(&seqs, 0.2, 4),
            (train.clone(), valid.clone())
        );
        let mut all: Vec<_> = train.into_iter().chain(valid).collect();
        all.sort();
        assert_eq!(all, seqs);
        let (train, valid) = split_validation(&seqs[..2], 0.01, 0);
        assert_eq!((train.len(), valid.len()), (1, 1));
        let (train, valid) = split_validation(&seqs[..2], 1.0, 0);
        assert_eq!((train.len(), valid.len()), (1, 1));
    }

    #[test]
    fn a_prompt_is_read_but_never_a_target() {
        let batch = Batch::new(&[&[7, 8, START_ID, 5, END_ID], &[6, END_ID]], &Device::Cpu)
            .unwrap_or_else(|e| panic!("{e}"));
        let input = batch
            .input
            .to_vec2::<u32>()
            .unwrap_or_else(|e| panic!("{e}"));
        let target = batch
            .target
            .to_vec2::<u32>()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(input[0], [START_ID, 7, 8, START_ID, 5]);
        assert_eq!(target[0], [PAD_ID, PAD_ID, PAD_ID, 5, END_ID]);
        assert_eq!(target[1], [6, END_ID, PAD_ID, PAD_ID, PAD_ID]);
    }

    #[test]
    fn an_empty_batch_is_an_error() {
        assert!(Batch::new(&[], &Device::Cpu).is_err());
    }
}
