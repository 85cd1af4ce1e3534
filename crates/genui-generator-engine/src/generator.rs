//! Any generator network behind one type, for front ends that learn what a stored network is
//! only when they load it: a SMILES language model with its vocabulary, or a graph
//! transformer with its graph coder. Sampling and reinforcement learning dispatch here, and
//! refuse what a network cannot do (fragments for a molecule-input network, none for a
//! fragment-input one, an agent and a prior of different kinds).

use std::ops::ControlFlow;

use candle_core::Device;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Architecture;
use crate::environment::Environment;
use crate::files::{self, GraphModelFile, ModelFile};
use crate::graph::{FragmentSeed, GraphCoder, GraphVocabulary};
use crate::graph_model::{FragmentSampler, GraphTransformer};
use crate::graph_workflow::grow;
use crate::language_model::LanguageModel;
use crate::network::Network;
use crate::prompt::{Prompt, SmilesSampler};
use crate::reinforce::{reinforce, Generated, ReinforceConfig, ReinforceReport, ReinforceSummary};
use crate::vocab::Vocabulary;
use crate::{GenError, Result};

/// What a network generates from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// Nothing: it writes whole molecules.
    Molecules,
    /// Fragments it grows into molecules that contain them.
    Fragments,
}

/// A generator's `config.json`, of either format.
#[derive(Debug, Clone, PartialEq)]
pub enum GeneratorFile {
    Smiles(ModelFile),
    Graph(GraphModelFile),
}

impl GeneratorFile {
    /// Reads and checks a `config.json` of either format.
    pub fn parse(text: &str) -> Result<Self> {
        let probe: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| GenError::Invalid(format!("invalid model configuration: {e}")))?;
        if probe.get("format").and_then(|f| f.as_str()) == Some(files::GRAPH_FORMAT) {
            files::parse_graph_config(text)?;
            let file = serde_json::from_value(probe)
                .map_err(|e| GenError::Invalid(format!("invalid model configuration: {e}")))?;
            Ok(Self::Graph(file))
        } else {
            Ok(Self::Smiles(files::parse_config(text)?))
        }
    }

    /// The architecture it describes.
    pub fn architecture(&self) -> Architecture {
        match self {
            Self::Smiles(f) => f.architecture.clone(),
            Self::Graph(f) => Architecture::GraphTransformer(f.architecture.clone()),
        }
    }

    /// What an agent and its prior must share, as a short key: reinforcement learning scores
    /// the agent's sequences with the prior, so both read one vocabulary with one kind of
    /// network (graph transformers: one size). Two networks pair exactly when their keys are
    /// equal.
    pub fn pairing_key(&self) -> String {
        let (family, tokens) = match self {
            Self::Smiles(f) => {
                let family = match f.architecture {
                    Architecture::Rnn(_) => "rnn".to_owned(),
                    Architecture::Gpt(_) => "gpt".to_owned(),
                    Architecture::SmilesTransformer(_) => "smiles_transformer".to_owned(),
                    Architecture::GraphTransformer(_) => "graph_transformer".to_owned(),
                };
                (family, f.vocabulary.tokens())
            }
            Self::Graph(f) => (
                serde_json::to_string(&f.architecture).unwrap_or_default(),
                f.words.as_slice(),
            ),
        };
        let mut hash = Sha256::new();
        hash.update(family.as_bytes());
        for token in tokens {
            hash.update([0]);
            hash.update(token.as_bytes());
        }
        hex::encode(&hash.finalize()[..8])
    }

    /// How its network reads fragments.
    pub fn reader(&self) -> Result<FragmentReader> {
        Ok(match self {
            Self::Smiles(f) => FragmentReader::of_smiles(&f.architecture, &f.vocabulary),
            Self::Graph(f) => FragmentReader::Graph(GraphCoder {
                vocabulary: GraphVocabulary::new(&f.words)?,
                layout: f.architecture.layout(),
            }),
        })
    }
}

/// What a generator grows from, prepared for its network by a [`FragmentReader`].
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Seeds {
    /// Nothing: a network that writes whole molecules.
    #[default]
    Nothing,
    /// The tables a graph transformer grows from.
    Graph(Vec<FragmentSeed>),
    /// The prompts a SMILES transformer writes from.
    Prompts(Vec<Prompt>),
}

/// How a network reads fragments: what its file says is enough to check them before a task
/// loads any weights.
#[derive(Debug, Clone, PartialEq)]
pub enum FragmentReader {
    /// It reads none.
    Nothing,
    /// A graph transformer's coder.
    Graph(GraphCoder),
    /// A SMILES transformer's vocabulary and positions.
    Smiles {
        vocabulary: Vocabulary,
        max_len: usize,
    },
}

impl FragmentReader {
    fn of_smiles(architecture: &Architecture, vocabulary: &Vocabulary) -> Self {
        match architecture {
            Architecture::SmilesTransformer(c) => Self::Smiles {
                vocabulary: vocabulary.clone(),
                max_len: c.max_len,
            },
            _ => Self::Nothing,
        }
    }

    /// What the network generates from.
    pub fn input(&self) -> Input {
        match self {
            Self::Nothing => Input::Molecules,
            Self::Graph(_) | Self::Smiles { .. } => Input::Fragments,
        }
    }

    /// The seeds of `fragments` (each a `.`-separated set): none for a network that writes
    /// whole molecules, which must be given none. The error names every fragment at fault.
    pub fn read(&self, fragments: Option<&[String]>) -> std::result::Result<Seeds, String> {
        match (self, fragments) {
            (Self::Nothing, None) => Ok(Seeds::Nothing),
            (Self::Nothing, Some(_)) => {
                Err("this network writes whole molecules and reads no fragments".to_string())
            }
            (_, None) => {
                Err("this network grows molecules from fragments: give `fragments`".to_string())
            }
            (_, Some([])) => Err("give at least one fragment".to_string()),
            (Self::Graph(coder), Some(list)) => coder.seeds(list).map(Seeds::Graph),
            (
                Self::Smiles {
                    vocabulary,
                    max_len,
                },
                Some(list),
            ) => Prompt::many(vocabulary, list, *max_len).map(Seeds::Prompts),
        }
    }
}

/// A loaded generator network.
#[derive(Debug)]
pub enum Generator {
    /// A SMILES language model (LSTM, GRU, GPT).
    Smiles(Network, Vocabulary),
    /// A graph transformer growing molecules from fragments.
    Graph(GraphTransformer, GraphCoder),
}

impl Generator {
    /// The network of a `config.json` text and its safetensors weights, checked, onto `device`.
    pub fn from_files(config: &str, weights: &[u8], device: &Device) -> Result<Self> {
        Ok(match GeneratorFile::parse(config)? {
            GeneratorFile::Smiles(file) => {
                let vocabulary = file.vocabulary.clone();
                Self::Smiles(files::from_parts(file, weights, device)?, vocabulary)
            }
            GeneratorFile::Graph(_) => {
                let (network, coder) = files::graph_from_parts(config, weights, device)?;
                Self::Graph(network, coder)
            }
        })
    }

    /// Reads a model directory (`config.json` and `weights.safetensors`) of either format.
    pub fn load(dir: &std::path::Path, device: &Device) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| GenError::Invalid(format!("{}: {e}", path.display())))
        };
        let config = String::from_utf8(read(files::CONFIG_FILE)?)
            .map_err(|_| GenError::Invalid("config.json is not UTF-8 text".into()))?;
        Self::from_files(&config, &read(files::WEIGHTS_FILE)?, device)
    }

    /// Writes the network into the directory `dir` (created if needed).
    pub fn save(&self, dir: &std::path::Path) -> Result<()> {
        match self {
            Self::Smiles(network, vocabulary) => files::save(dir, network, vocabulary),
            Self::Graph(network, coder) => files::save_graph(dir, network, &coder.vocabulary),
        }
    }

    /// Its `config.json` (as JSON) and weights, as files store them.
    pub fn to_files(&self) -> Result<(serde_json::Value, Vec<u8>)> {
        let weights = match self {
            Self::Smiles(network, _) => files::weights_bytes(network)?,
            Self::Graph(network, _) => files::graph_weights_bytes(network)?,
        };
        let config = match self {
            Self::Smiles(network, vocabulary) => {
                serde_json::to_value(files::config_of(network, vocabulary, &weights)?)
            }
            Self::Graph(network, coder) => serde_json::to_value(files::graph_config_of(
                network,
                &coder.vocabulary,
                &weights,
            )?),
        }
        .map_err(|e| GenError::Invalid(e.to_string()))?;
        Ok((config, weights))
    }

    /// How it reads fragments.
    pub fn reader(&self) -> FragmentReader {
        match self {
            Self::Smiles(network, vocabulary) => {
                FragmentReader::of_smiles(&network.architecture(), vocabulary)
            }
            Self::Graph(_, coder) => FragmentReader::Graph(coder.clone()),
        }
    }

    /// What it generates from.
    pub fn input(&self) -> Input {
        match self {
            Self::Smiles(network, _) => network.architecture().input(),
            Self::Graph(..) => Input::Fragments,
        }
    }

    /// An independent copy.
    pub fn try_clone(&self) -> Result<Self> {
        Ok(match self {
            Self::Smiles(n, v) => Self::Smiles(n.try_clone()?, v.clone()),
            Self::Graph(n, c) => Self::Graph(n.try_clone()?, c.clone()),
        })
    }

    /// `n` molecules: written by a SMILES network (at `temperature`, from prompts in turn if
    /// it reads fragments), or grown by a graph transformer from its seeds in turn; the same
    /// seed gives the same molecules. `seeds` come from this network's [`Generator::reader`].
    pub fn sample(
        &self,
        n: usize,
        temperature: f64,
        seed: u64,
        seeds: &Seeds,
    ) -> Result<Vec<Generated>> {
        match (self, seeds) {
            (Self::Smiles(network, vocabulary), Seeds::Nothing | Seeds::Prompts(_)) => {
                let sampler = SmilesSampler {
                    vocabulary: vocabulary.clone(),
                    prompts: match seeds {
                        Seeds::Prompts(prompts) => prompts.clone(),
                        _ => Vec::new(),
                    },
                };
                sampler.sample(network, n, temperature, seed)
            }
            (Self::Graph(network, coder), Seeds::Graph(seeds)) if !seeds.is_empty() => {
                if temperature != 1.0 {
                    return Err(GenError::Invalid(
                        "a graph transformer samples at temperature 1 only".into(),
                    ));
                }
                let cycled: Vec<FragmentSeed> = seeds.iter().cycle().take(n).cloned().collect();
                grow(network, coder, &cycled, seed)
            }
            _ => Err(seeds_mismatch()),
        }
    }

    /// Optimizes this agent against `environment`, exploring with `prior` (a network of the
    /// same kind and vocabulary), generating from `seeds` (of this network's
    /// [`Generator::reader`]).
    pub fn reinforce(
        self,
        prior: &Generator,
        seeds: Seeds,
        environment: &Environment,
        config: &ReinforceConfig,
        on_epoch: impl FnMut(&ReinforceReport) -> ControlFlow<()>,
    ) -> Result<(Generator, ReinforceSummary)> {
        match (self, prior) {
            (Self::Smiles(agent, vocabulary), Self::Smiles(prior, prior_vocabulary)) => {
                if &vocabulary != prior_vocabulary {
                    return Err(GenError::Invalid(
                        "the agent and the prior must share one vocabulary".into(),
                    ));
                }
                let sampler = SmilesSampler {
                    vocabulary,
                    prompts: match seeds {
                        Seeds::Nothing => Vec::new(),
                        Seeds::Prompts(prompts) => prompts,
                        Seeds::Graph(_) => return Err(seeds_mismatch()),
                    },
                };
                let (agent, summary) =
                    reinforce(agent, prior, &sampler, environment, config, on_epoch)?;
                Ok((Self::Smiles(agent, sampler.vocabulary), summary))
            }
            (Self::Graph(agent, coder), Self::Graph(prior, prior_coder)) => {
                let Seeds::Graph(seeds) = seeds else {
                    return Err(seeds_mismatch());
                };
                if &coder != prior_coder {
                    return Err(GenError::Invalid(
                        "the agent and the prior must share one graph vocabulary".into(),
                    ));
                }
                let sampler = FragmentSampler {
                    coder: coder.clone(),
                    seeds,
                };
                let (agent, summary) =
                    reinforce(agent, prior, &sampler, environment, config, on_epoch)?;
                Ok((Self::Graph(agent, coder), summary))
            }
            _ => Err(GenError::Invalid(
                "the agent and the prior are networks of different architectures".into(),
            )),
        }
    }
}

fn seeds_mismatch() -> GenError {
    GenError::Invalid("the fragments were read for another kind of network".into())
}
