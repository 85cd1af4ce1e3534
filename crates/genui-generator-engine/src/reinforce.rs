//! Reinforcement learning as DrugEx v2/v3: an agent network samples a batch (with an exploration
//! network's distribution mixed into each draw with a share drawn from [0, ε), as DrugEx's
//! `evolve`; DrugEx v1 switched networks with probability ε instead), the environment scores it,
//! and the agent follows the policy gradient of its log-likelihood weighted by the rewards minus
//! a baseline β. The agent that sampled the batch with the highest desired ratio is kept.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::ControlFlow;

use candle_core::Tensor;
use rand::{rngs::StdRng, seq::SliceRandom, SeedableRng};

use crate::environment::{Environment, Evaluation};
use crate::language_model::LanguageModel;
use crate::metrics::{fragments_retained, retention_ratio};
use crate::model::sequence_log_likelihood;
use crate::prompt::SmilesSampler;
use crate::sample::{check_vocabulary, Exploration, SampleOptions};
use crate::train::{Batch, Learner, TrainConfig, Trainer, MONITOR_EXAMPLES};
use crate::{GenError, Result};

/// Settings of a reinforcement-learning run (defaults as GenUI's DrugEx agent, except the
/// smaller policy-gradient minibatch, which learns in fewer epochs on a CPU).
#[derive(Debug, Clone, PartialEq)]
pub struct ReinforceConfig {
    /// Largest number of epochs.
    pub epochs: usize,
    /// Molecules sampled per epoch.
    pub batch_size: usize,
    /// Sequences per policy-gradient step (the sampled batch gives several steps).
    pub minibatch_size: usize,
    /// Largest share of the exploration network in each draw.
    pub epsilon: f64,
    /// Baseline subtracted from every reward: molecules rewarded less than β are made less likely.
    pub beta: f64,
    /// Adam learning rate.
    pub learning_rate: f64,
    /// Gradient-norm clipping.
    pub max_grad_norm: f64,
    /// Stop when the desired ratio has not improved for this many epochs.
    pub patience: usize,
    /// Tokens after which a sampled sequence is cut.
    pub max_tokens: usize,
    /// Seed of sampling and minibatch order.
    pub seed: u64,
}

impl Default for ReinforceConfig {
    fn default() -> Self {
        Self {
            epochs: 60,
            batch_size: 512,
            minibatch_size: 64,
            epsilon: 0.01,
            beta: 0.1,
            learning_rate: 1e-3,
            max_grad_norm: 1.0,
            patience: 20,
            max_tokens: 100,
            seed: 0,
        }
    }
}

impl ReinforceConfig {
    /// Rejects settings a run cannot use.
    pub fn validate(&self) -> Result<()> {
        let problem = if self.epochs == 0
            || self.batch_size == 0
            || self.minibatch_size == 0
            || self.patience == 0
            || self.max_tokens == 0
        {
            Some("epochs, batch size, minibatch size, patience and maximum tokens must be positive")
        } else if !(0.0..=1.0).contains(&self.epsilon) {
            Some("epsilon must be between 0 and 1")
        } else if !self.beta.is_finite()
            || self.learning_rate.partial_cmp(&0.0) != Some(Ordering::Greater)
        {
            Some("beta must be finite and the learning rate positive")
        } else {
            None
        };
        problem.map_or(Ok(()), |p| Err(GenError::Invalid(p.to_string())))
    }
}

/// One epoch of reinforcement learning, as the platform charts it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReinforceReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean policy-gradient loss of the epoch's steps.
    pub loss: f32,
    /// Valid SMILES among those sampled (for fragment-input networks: valid and containing
    /// their fragments).
    pub valid_ratio: f64,
    /// Distinct valid molecules among those sampled.
    pub unique_ratio: f64,
    /// Desired molecules among those sampled.
    pub desired_ratio: f64,
    /// Mean desirability per objective (environment order) over the valid molecules.
    pub mean_scores: Vec<f64>,
    /// For fragment-input networks: valid molecules that contain all their fragments.
    pub fragment_retention: Option<f64>,
    /// Some distinct valid molecules of the epoch, to show.
    pub examples: Vec<String>,
    /// Whether this is the best epoch so far (the agent that sampled it is the one kept).
    pub best: bool,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ReinforceSummary {
    /// Epochs run.
    pub epochs: usize,
    /// Epoch whose sampling agent is kept (its weights before that epoch's update; epoch 1's
    /// is the agent as it came in).
    pub best_epoch: usize,
    /// Its desired ratio.
    pub best_desired_ratio: f64,
    /// Stopped for lack of improvement.
    pub stopped_early: bool,
    /// The callback asked to stop.
    pub cancelled: bool,
}

/// A molecule an agent drew, and the fragments it was grown from (fragment-input networks).
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Its SMILES (not checked).
    pub smiles: String,
    /// The fragments, `.`-separated, when the network grows from fragments.
    pub fragments: Option<String>,
}

/// What reinforcement learning needs of an agent: to sample with an explorer's distribution
/// mixed in, to read what it sampled as molecules, and the log-likelihood of its samples.
pub trait Policy: Learner + Sized {
    /// What sampling needs besides the networks: a SMILES vocabulary, or fragments to grow from.
    type Sampler;
    /// An error unless agent and prior fit the sampler and each other.
    fn check(&self, prior: &Self, sampler: &Self::Sampler) -> Result<()>;
    /// `n` samples of the agent, with `exploration`'s network mixed in at shares below its ε.
    fn explore(
        &self,
        exploration: Option<(&Self, f64)>,
        sampler: &Self::Sampler,
        n: usize,
        config: &ReinforceConfig,
        rng: &mut StdRng,
    ) -> Result<Vec<Self::Example>>;
    /// The molecule a sample draws.
    fn read(sampler: &Self::Sampler, example: &Self::Example) -> Generated;
    /// Log-likelihood of each sample: `[n]`.
    fn log_likelihood(&self, examples: &[&Self::Example]) -> Result<Tensor>;
}

impl<M: LanguageModel> Policy for M {
    type Sampler = SmilesSampler;

    fn check(&self, prior: &Self, sampler: &SmilesSampler) -> Result<()> {
        check_vocabulary(self, &sampler.vocabulary)?;
        check_vocabulary(prior, &sampler.vocabulary)?;
        if std::mem::discriminant(&self.architecture())
            != std::mem::discriminant(&prior.architecture())
        {
            return Err(GenError::Invalid(
                "the agent and the prior are networks of different architectures".into(),
            ));
        }
        sampler.check(self)
    }

    fn explore(
        &self,
        exploration: Option<(&Self, f64)>,
        sampler: &SmilesSampler,
        n: usize,
        config: &ReinforceConfig,
        rng: &mut StdRng,
    ) -> Result<Vec<Vec<u32>>> {
        let sampling = SampleOptions {
            n,
            batch_size: n,
            temperature: 1.0,
            max_tokens: config.max_tokens,
            seed: config.seed,
        };
        let exploration = exploration.map(|(network, epsilon)| Exploration { network, epsilon });
        sampler.write(self, exploration, n, &sampling, rng)
    }

    fn read(sampler: &SmilesSampler, sequence: &Vec<u32>) -> Generated {
        sampler.read(sequence)
    }

    fn log_likelihood(&self, sequences: &[&Vec<u32>]) -> Result<Tensor> {
        let seqs: Vec<&[u32]> = sequences.iter().map(|s| s.as_slice()).collect();
        let batch = Batch::new(&seqs, self.device())?;
        let logits = self.forward(&batch.input)?;
        sequence_log_likelihood(&logits, &batch.target)
    }
}

/// Optimizes `agent` against `environment`; on return it holds the best epoch's weights.
pub fn reinforce<P: Policy>(
    agent: P,
    prior: &P,
    sampler: &P::Sampler,
    environment: &Environment,
    config: &ReinforceConfig,
    mut on_epoch: impl FnMut(&ReinforceReport) -> ControlFlow<()>,
) -> Result<(P, ReinforceSummary)> {
    config.validate()?;
    agent.check(prior, sampler)?;
    let mut trainer = Trainer::new(
        agent,
        TrainConfig {
            learning_rate: config.learning_rate,
            weight_decay: 0.0,
            max_grad_norm: config.max_grad_norm,
            batch_size: config.minibatch_size,
            seed: config.seed,
        },
    )?;
    let mut rng = StdRng::seed_from_u64(config.seed);
    let mut summary = ReinforceSummary {
        epochs: 0,
        best_epoch: 0,
        best_desired_ratio: f64::NEG_INFINITY,
        stopped_early: false,
        cancelled: false,
    };
    let mut best_weights = None;
    for epoch in 1..=config.epochs {
        // With ε = 0 the prior would only cost time.
        let exploration = (config.epsilon > 0.0).then_some((prior, config.epsilon));
        let samples =
            trainer
                .model()
                .explore(exploration, sampler, config.batch_size, config, &mut rng)?;
        let generated: Vec<Generated> = samples.iter().map(|s| P::read(sampler, s)).collect();
        let smiles: Vec<String> = generated.iter().map(|g| g.smiles.clone()).collect();
        let mut evaluation = environment.evaluate(&smiles)?;
        // A molecule that lost its fragments is judged as DrugEx does: invalid, never rewarded.
        let retained = fragments_retained(&generated);
        for (i, kept) in retained.iter().enumerate() {
            if *kept == Some(false) {
                evaluation.invalidate(i);
            }
        }
        // The batch measures the agent that sampled it, before this epoch's update: that agent
        // is the one to keep when the batch is the best so far.
        let improved = evaluation.desired_ratio() > summary.best_desired_ratio;
        if improved {
            summary.best_epoch = epoch;
            summary.best_desired_ratio = evaluation.desired_ratio();
            best_weights = Some(trainer.model().snapshot()?);
        }
        // Duplicates are learned from once (DrugEx de-duplicates the batch the same way).
        let mut seen = HashSet::new();
        let distinct: Vec<usize> = (0..smiles.len())
            .filter(|&i| seen.insert(smiles[i].as_str()))
            .collect();
        let distinct_smiles: Vec<String> = distinct.iter().map(|&i| smiles[i].clone()).collect();
        let distinct_evaluation = select(&evaluation, &distinct);
        let rewards = environment.rewards(&distinct_smiles, &distinct_evaluation)?;
        let loss = policy_gradient_epoch(
            &mut trainer,
            &distinct.iter().map(|&i| &samples[i]).collect::<Vec<_>>(),
            &rewards,
            config,
            &mut rng,
        )?;
        let report = ReinforceReport {
            fragment_retention: retention_ratio(&retained),
            ..report(epoch, loss, &smiles, &evaluation)
        };
        summary.epochs = epoch;
        if on_epoch(&ReinforceReport {
            best: improved,
            ..report
        })
        .is_break()
        {
            summary.cancelled = true;
            break;
        }
        if epoch - summary.best_epoch >= config.patience {
            summary.stopped_early = true;
            break;
        }
    }
    let agent = trainer.into_model();
    if let Some(weights) = best_weights {
        agent.restore(&weights)?;
    }
    Ok((agent, summary))
}

/// The rows `keep` of an evaluation.
fn select(evaluation: &Evaluation, keep: &[usize]) -> Evaluation {
    let rows = |v: &Vec<f64>| keep.iter().map(|&i| v[i]).collect();
    Evaluation {
        keys: evaluation.keys.clone(),
        valid: keep.iter().map(|&i| evaluation.valid[i]).collect(),
        raw: evaluation.raw.iter().map(rows).collect(),
        modified: evaluation.modified.iter().map(rows).collect(),
        desired: keep.iter().map(|&i| evaluation.desired[i]).collect(),
    }
}

/// Policy-gradient steps over the sampled sequences in shuffled minibatches; mean loss.
fn policy_gradient_epoch<P: Policy>(
    trainer: &mut Trainer<P>,
    samples: &[&P::Example],
    rewards: &[f64],
    config: &ReinforceConfig,
    rng: &mut StdRng,
) -> Result<f32> {
    let mut order: Vec<usize> = (0..samples.len()).collect();
    order.shuffle(rng);
    let mut total = 0f32;
    let mut steps = 0usize;
    for chunk in order.chunks(config.minibatch_size) {
        let batch: Vec<&P::Example> = chunk.iter().map(|&i| samples[i]).collect();
        let advantages: Vec<f32> = chunk
            .iter()
            .map(|&i| (rewards[i] - config.beta) as f32)
            .collect();
        let likelihood = trainer.model().log_likelihood(&batch)?;
        let advantages = Tensor::from_vec(advantages, chunk.len(), likelihood.device())?;
        let loss = (likelihood * advantages)?.mean_all()?.neg()?;
        total += trainer.minimize(&loss)?;
        steps += 1;
    }
    Ok(total / steps.max(1) as f32)
}

fn report(epoch: usize, loss: f32, smiles: &[String], evaluation: &Evaluation) -> ReinforceReport {
    let stats = crate::sample::SampleStats::of(smiles);
    ReinforceReport {
        epoch,
        loss,
        valid_ratio: evaluation.valid_ratio(),
        unique_ratio: stats.unique as f64 / smiles.len().max(1) as f64,
        desired_ratio: evaluation.desired_ratio(),
        mean_scores: evaluation.mean_modified(),
        fragment_retention: None,
        examples: stats.canonical.into_iter().take(MONITOR_EXAMPLES).collect(),
        best: false,
    }
}
