//! Recipes shared by the command line and the platform's tasks: choosing a network's shape,
//! preparing a corpus for training (validation split, optional randomized-SMILES augmentation)
//! and training with early stopping so that the best epoch is kept.

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use crate::config::Architecture;
use crate::config::{Cell, ModelConfig};
use crate::config::{GptConfig, GraphTransformerConfig};
use crate::corpus::{randomized_smiles, Corpus, CorpusOptions};
use crate::graph::GraphVocabulary;
use crate::language_model::LanguageModel;
use crate::network::Network;
use crate::train::{split_indices, EpochReport, FitSummary, TrainConfig, Trainer};
use crate::vocab::{NewTokens, Vocabulary};
use crate::{GenError, Result};

/// Molecules sampled after each training epoch to report validity and uniqueness.
pub const MONITOR_SAMPLES: usize = 500;

/// Tokens a SMILES transformer with fragment input reserves for its fragments.
pub const FRAGMENT_TOKENS: usize = 60;

/// The kind of network to pretrain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    Lstm,
    Gru,
    Gpt,
    /// DrugEx v3's graph transformer: grows molecules from fragments.
    GraphTransformer,
    /// DrugEx v3's SMILES transformer with fragment input: writes molecules from fragments.
    SmilesTransformer,
}

/// The shape of a new network; unset sizes take the defaults of its kind (recurrent: DrugEx's
/// embedding 128, hidden 512, 3 layers; transformers: width 256, 8 heads, 4 blocks, and for
/// the graph transformer a feed-forward layer twice as wide as DrugEx's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkShape {
    pub network: NetworkKind,
    /// Token embedding size (recurrent networks).
    pub embedding: usize,
    /// Recurrent state size, or the transformer's width.
    pub hidden: Option<usize>,
    /// Stacked recurrent layers or transformer blocks.
    pub layers: Option<usize>,
    /// Attention heads (transformer).
    pub heads: usize,
}

impl Default for NetworkShape {
    fn default() -> Self {
        Self {
            network: NetworkKind::Lstm,
            embedding: 128,
            hidden: None,
            layers: None,
            heads: 8,
        }
    }
}

impl NetworkShape {
    /// The architecture for a vocabulary of `vocab_size` tokens (a graph transformer's
    /// vocabulary is DrugEx v3's atom words, whatever `vocab_size` says).
    pub fn architecture(&self, vocab_size: usize) -> Architecture {
        let rnn = |cell| {
            Architecture::Rnn(ModelConfig {
                cell,
                vocab_size,
                embedding_dim: self.embedding,
                hidden_dim: self.hidden.unwrap_or(512),
                num_layers: self.layers.unwrap_or(3),
            })
        };
        match self.network {
            NetworkKind::Lstm => rnn(Cell::Lstm),
            NetworkKind::Gru => rnn(Cell::Gru),
            NetworkKind::Gpt | NetworkKind::SmilesTransformer => {
                let small = GptConfig::small(vocab_size);
                let molecule = CorpusOptions::default().max_tokens;
                let config = GptConfig {
                    d_model: self.hidden.unwrap_or(small.d_model),
                    layers: self.layers.unwrap_or(small.layers),
                    heads: self.heads,
                    ..small
                };
                if self.network == NetworkKind::Gpt {
                    // The start token comes first; the end token is only ever a target.
                    Architecture::Gpt(GptConfig {
                        max_len: molecule + 1,
                        ..config
                    })
                } else {
                    // Room for the fragments, the two start tokens and the molecule.
                    Architecture::SmilesTransformer(GptConfig {
                        max_len: molecule + FRAGMENT_TOKENS + 2,
                        ..config
                    })
                }
            }
            NetworkKind::GraphTransformer => {
                let small = GraphTransformerConfig::small(GraphVocabulary::drugex().size());
                let d_model = self.hidden.unwrap_or(small.d_model);
                Architecture::GraphTransformer(GraphTransformerConfig {
                    d_model,
                    layers: self.layers.unwrap_or(small.layers),
                    heads: self.heads,
                    d_inner: 2 * d_model,
                    ..small
                })
            }
        }
    }
}

/// How a network is trained on a corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TrainingOptions {
    /// Largest number of epochs.
    pub epochs: usize,
    /// Stop after this many epochs without a lower validation loss.
    pub patience: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Share of the corpus held out for validation.
    pub validation: f64,
    /// Randomized SMILES added per training molecule (augmentation).
    pub augment: usize,
    pub seed: u64,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        Self {
            epochs: 20,
            patience: 3,
            batch_size: 128,
            learning_rate: 1e-3,
            validation: 0.1,
            augment: 0,
            seed: 0,
        }
    }
}

impl TrainingOptions {
    /// Checks the ranges before any work starts.
    pub fn validate(&self) -> Result<()> {
        let problem = if self.epochs == 0 || self.patience == 0 || self.batch_size == 0 {
            Some("epochs, patience and batch size must be positive")
        } else if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            Some("the learning rate must be a positive number")
        } else if !(self.validation > 0.0 && self.validation < 1.0) {
            Some("the validation share must be between 0 and 1 (exclusive)")
        } else if self.augment > 100 {
            Some("at most 100 randomized SMILES per molecule")
        } else {
            None
        };
        problem.map_or(Ok(()), |p| Err(GenError::Invalid(p.to_string())))
    }
}

/// Encoded training and validation molecules.
#[derive(Debug, Clone)]
pub struct TrainingData {
    pub train: Vec<Vec<u32>>,
    pub valid: Vec<Vec<u32>>,
    /// Randomized SMILES among the training sequences.
    pub augmented: usize,
    /// Molecules of the corpus left out because they use a token the vocabulary lacks
    /// ([`NewTokens::LeaveOut`]).
    pub left_out: usize,
}

impl TrainingData {
    /// Splits the corpus and, with augmentation, adds randomized SMILES of each training
    /// molecule (never of a validation one) to the training set. A token `vocab` lacks, in the
    /// corpus or in a randomized form (more ring-closure digits, say), is added to it or leaves
    /// its molecule out, as `new_tokens` says.
    pub fn prepare(
        corpus: &Corpus,
        vocab: &mut Vocabulary,
        options: &TrainingOptions,
        new_tokens: NewTokens,
    ) -> Result<Self> {
        if new_tokens == NewTokens::Add {
            vocab.extend([corpus.distinct_tokens()]);
        }
        let usable: Vec<usize> = (0..corpus.len())
            .filter(|&i| vocab.knows_all(&corpus.tokens(i)))
            .collect();
        let left_out = corpus.len() - usable.len();
        let (train_at, valid_at) = split_indices(usable.len(), options.validation, options.seed);
        let (train_at, valid_at) = (
            train_at.iter().map(|&i| usable[i]).collect::<Vec<_>>(),
            valid_at.iter().map(|&i| usable[i]).collect::<Vec<_>>(),
        );
        if valid_at.is_empty() {
            let unknown = if left_out > 0 {
                format!(
                    " ({left_out} left out: they use tokens the parent's vocabulary lacks; \
                     fine-tune with new tokens to keep them)"
                )
            } else {
                String::new()
            };
            return Err(GenError::Invalid(format!(
                "the corpus needs at least two usable molecules (one is held out for \
                 validation){unknown}"
            )));
        }
        let variants = if options.augment > 0 {
            let lines: Vec<String> = train_at
                .iter()
                .flat_map(|&i| {
                    let seed = options.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                    randomized_smiles(&corpus.smiles[i], options.augment, seed).unwrap_or_default()
                })
                .collect();
            let verbatim = CorpusOptions {
                canonicalize: false,
                ..CorpusOptions::default()
            };
            let variants = Corpus::from_lines(&lines, &verbatim)?;
            if new_tokens == NewTokens::Add {
                vocab.extend([variants.distinct_tokens()]);
            }
            variants.encode(vocab).sequences
        } else {
            Vec::new()
        };
        let encode = |i: &usize| -> Result<Vec<u32>> {
            vocab
                .encode_tokens(&corpus.tokens(*i))
                .map_err(|e| GenError::Invalid(e.to_string()))
        };
        let mut train = train_at.iter().map(encode).collect::<Result<Vec<_>>>()?;
        let valid = valid_at.iter().map(encode).collect::<Result<Vec<_>>>()?;
        let augmented = variants.len();
        train.extend(variants);
        Ok(Self {
            train,
            valid,
            augmented,
            left_out,
        })
    }
}

/// A parent network ready to fine-tune on `corpus`, with the corpus prepared: tokens the
/// parent has never seen are added (the network grows with them, rows of new tokens start
/// fresh) or leave their molecules out, as `new_tokens` says. Also returns the number of new
/// tokens.
pub fn finetuning(
    parent: &Network,
    vocab: &mut Vocabulary,
    corpus: &Corpus,
    options: &TrainingOptions,
    new_tokens: NewTokens,
) -> Result<(Network, TrainingData, usize)> {
    let known = vocab.len();
    let data = TrainingData::prepare(corpus, vocab, options, new_tokens)?;
    let model = parent.with_vocab_size(vocab.len(), options.seed)?;
    Ok((model, data, vocab.len() - known))
}

/// Trains `model` with early stopping on the validation set and returns it with the weights of
/// its best epoch. `on_epoch` sees every epoch (with [`MONITOR_SAMPLES`] sampled molecules'
/// validity and uniqueness) and may break to cancel.
pub fn train(
    model: Network,
    vocab: &Vocabulary,
    data: &TrainingData,
    options: &TrainingOptions,
    on_epoch: impl FnMut(&EpochReport) -> ControlFlow<()>,
) -> Result<(Network, FitSummary)> {
    options.validate()?;
    let mut trainer = Trainer::new(
        model,
        TrainConfig {
            learning_rate: options.learning_rate,
            batch_size: options.batch_size,
            seed: options.seed,
            ..TrainConfig::default()
        },
    )?
    .with_monitor(vocab.clone(), MONITOR_SAMPLES);
    let summary = trainer.fit(
        &data.train,
        &data.valid,
        options.epochs,
        options.patience,
        on_epoch,
    )?;
    Ok((trainer.into_model(), summary))
}
