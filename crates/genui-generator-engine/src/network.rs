//! Either network behind one type, for files and tasks that learn the architecture only at run
//! time: the recurrent [`RnnLm`] or the transformer [`GptLm`].

use std::collections::HashMap;

use candle_core::{Device, Tensor, Var};

use crate::config::Architecture;
use crate::gpt::{GptLm, GptState};
use crate::language_model::LanguageModel;
use crate::model::{RnnLm, RnnState};
use crate::{GenError, Result};

/// Either network, as loaded from a file whose architecture is known only at run time.
#[derive(Debug)]
pub enum Network {
    /// A recurrent model.
    Rnn(RnnLm),
    /// A transformer.
    Gpt(GptLm),
}

/// Generation state of a [`Network`].
#[derive(Debug)]
pub enum NetworkState {
    /// Of a recurrent model.
    Rnn(RnnState),
    /// Of a transformer.
    Gpt(GptState),
}

impl Network {
    /// A freshly initialized network of `architecture`; the same seed gives the same weights.
    pub fn new(architecture: Architecture, seed: u64, device: &Device) -> Result<Self> {
        Ok(match architecture {
            Architecture::Rnn(c) => Network::Rnn(RnnLm::new(c, seed, device)?),
            Architecture::Gpt(c) => Network::Gpt(GptLm::new(c, seed, device)?),
            Architecture::SmilesTransformer(c) => {
                Network::Gpt(GptLm::new(c, seed, device)?.reading_fragments())
            }
            Architecture::GraphTransformer(_) => return Err(not_smiles()),
        })
    }

    /// A network of `architecture` from named tensors, each checked against it.
    pub fn from_tensors(
        architecture: Architecture,
        tensors: HashMap<String, Tensor>,
        device: &Device,
    ) -> Result<Self> {
        Ok(match architecture {
            Architecture::Rnn(c) => Network::Rnn(RnnLm::from_tensors(c, tensors, device)?),
            Architecture::Gpt(c) => Network::Gpt(GptLm::from_tensors(c, tensors, device)?),
            Architecture::SmilesTransformer(c) => {
                Network::Gpt(GptLm::from_tensors(c, tensors, device)?.reading_fragments())
            }
            Architecture::GraphTransformer(_) => return Err(not_smiles()),
        })
    }
}

fn not_smiles() -> GenError {
    GenError::Invalid("a graph transformer is not a SMILES network".to_string())
}

fn state_mismatch() -> crate::GenError {
    GenError::Invalid("generation state of another kind of network".to_string())
}

impl LanguageModel for Network {
    type State = NetworkState;

    fn architecture(&self) -> Architecture {
        match self {
            Network::Rnn(m) => m.architecture(),
            Network::Gpt(m) => m.architecture(),
        }
    }

    fn device(&self) -> &Device {
        match self {
            Network::Rnn(m) => m.device(),
            Network::Gpt(m) => m.device(),
        }
    }

    fn parameters(&self) -> &[(String, Var)] {
        match self {
            Network::Rnn(m) => m.parameters(),
            Network::Gpt(m) => m.parameters(),
        }
    }

    fn forward(&self, input: &Tensor) -> Result<Tensor> {
        match self {
            Network::Rnn(m) => m.forward(input),
            Network::Gpt(m) => m.forward(input),
        }
    }

    fn start(&self, batch: usize) -> Result<NetworkState> {
        Ok(match self {
            Network::Rnn(m) => NetworkState::Rnn(m.start(batch)?),
            Network::Gpt(m) => NetworkState::Gpt(m.start(batch)?),
        })
    }

    fn step(&self, tokens: &Tensor, state: &mut NetworkState) -> Result<Tensor> {
        match (self, state) {
            (Network::Rnn(m), NetworkState::Rnn(s)) => m.step(tokens, s),
            (Network::Gpt(m), NetworkState::Gpt(s)) => m.step(tokens, s),
            _ => Err(state_mismatch()),
        }
    }

    fn keep_rows(&self, state: &mut NetworkState, rows: &Tensor) -> Result<()> {
        match (self, state) {
            (Network::Rnn(m), NetworkState::Rnn(s)) => m.keep_rows(s, rows),
            (Network::Gpt(m), NetworkState::Gpt(s)) => m.keep_rows(s, rows),
            _ => Err(state_mismatch()),
        }
    }

    fn fresh(&self, vocab_size: usize, seed: u64) -> Result<Self> {
        Ok(match self {
            Network::Rnn(m) => Network::Rnn(m.fresh(vocab_size, seed)?),
            Network::Gpt(m) => Network::Gpt(m.fresh(vocab_size, seed)?),
        })
    }

    fn rebuild(&self, tensors: HashMap<String, Tensor>) -> Result<Self> {
        Ok(match self {
            Network::Rnn(m) => Network::Rnn(m.rebuild(tensors)?),
            Network::Gpt(m) => Network::Gpt(m.rebuild(tensors)?),
        })
    }

    fn per_token(&self, name: &str) -> bool {
        match self {
            Network::Rnn(m) => m.per_token(name),
            Network::Gpt(m) => m.per_token(name),
        }
    }
}
