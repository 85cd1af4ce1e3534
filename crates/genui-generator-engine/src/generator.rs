//! Any generator network behind one type, for front ends that learn what a stored network is
//! only when they load it: a SMILES language model with its vocabulary, or a graph
//! transformer with its graph coder. Sampling and reinforcement learning dispatch here, and
//! refuse what a network cannot do (fragments for a molecule-input network, none for a
//! fragment-input one, an agent and a prior of different kinds).

use std::ops::ControlFlow;

use candle_core::Device;
use serde::{Deserialize, Serialize};

use crate::config::Architecture;
use crate::environment::Environment;
use crate::files::{self, GraphModelFile, ModelFile};
use crate::graph::{FragmentSeed, GraphCoder};
use crate::graph_model::{FragmentSampler, GraphTransformer};
use crate::graph_workflow::grow;
use crate::language_model::LanguageModel;
use crate::network::Network;
use crate::reinforce::{reinforce, Generated, ReinforceConfig, ReinforceReport, ReinforceSummary};
use crate::sample::{sample, SampleOptions};
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
        let config = match self {
            Self::Smiles(network, vocabulary) => {
                serde_json::to_value(files::config_of(network, vocabulary)?)
            }
            Self::Graph(network, coder) => {
                serde_json::to_value(files::graph_config_of(network, &coder.vocabulary)?)
            }
        }
        .map_err(|e| GenError::Invalid(e.to_string()))?;
        let weights = match self {
            Self::Smiles(network, _) => files::weights_bytes(network)?,
            Self::Graph(network, _) => files::graph_weights_bytes(network)?,
        };
        Ok((config, weights))
    }

    /// What it generates from.
    pub fn input(&self) -> Input {
        match self {
            Self::Smiles(..) => Input::Molecules,
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

    /// `n` molecules: written by a SMILES network (at `temperature`), or grown by a graph
    /// transformer from `seeds` in turn; the same seed gives the same molecules.
    pub fn sample(
        &self,
        n: usize,
        temperature: f64,
        seed: u64,
        seeds: &[FragmentSeed],
    ) -> Result<Vec<Generated>> {
        match self {
            Self::Smiles(network, vocabulary) => {
                if !seeds.is_empty() {
                    return Err(GenError::Invalid(
                        "this network writes whole molecules and reads no fragments".into(),
                    ));
                }
                let options = SampleOptions {
                    n,
                    temperature,
                    seed,
                    ..SampleOptions::default()
                };
                Ok(sample(network, vocabulary, &options)?
                    .into_iter()
                    .map(|smiles| Generated {
                        smiles,
                        fragments: None,
                    })
                    .collect())
            }
            Self::Graph(network, coder) => {
                if seeds.is_empty() {
                    return Err(GenError::Invalid(
                        "a graph transformer grows molecules from fragments: give at least one"
                            .into(),
                    ));
                }
                if temperature != 1.0 {
                    return Err(GenError::Invalid(
                        "a graph transformer samples at temperature 1 only".into(),
                    ));
                }
                let cycled: Vec<FragmentSeed> = seeds.iter().cycle().take(n).cloned().collect();
                grow(network, coder, &cycled, seed)
            }
        }
    }

    /// Optimizes this agent against `environment`, exploring with `prior` (a network of the
    /// same kind and vocabulary); a graph transformer grows from `seeds`.
    pub fn reinforce(
        self,
        prior: &Generator,
        seeds: Vec<FragmentSeed>,
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
                if !seeds.is_empty() {
                    return Err(GenError::Invalid(
                        "this network writes whole molecules and reads no fragments".into(),
                    ));
                }
                let (agent, summary) =
                    reinforce(agent, prior, &vocabulary, environment, config, on_epoch)?;
                Ok((Self::Smiles(agent, vocabulary), summary))
            }
            (Self::Graph(agent, coder), Self::Graph(prior, prior_coder)) => {
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
