//! The SMILES language model: embedding → stacked LSTM or GRU → linear layer over the vocabulary.
//!
//! The recurrent cells are written here rather than taken from `candle_nn::rnn` for two reasons:
//! candle's cells apply both weight matrices at every time step, while here the input projection
//! of a whole layer is one large matrix product before the time loop (only `h·W_hh` stays in the
//! loop), which is most of what made candle's LSTM slower than PyTorch's; and the parameters use
//! PyTorch's layout and DrugEx's names (`embed.weight`, `rnn.weight_ih_l0`, …, `linear.bias`,
//! gate order i,f,g,o for the LSTM and r,z,n for the GRU), so DrugEx weights can be imported and
//! compared one to one.
//!
//! Weights are initialized from our own seeded generator (PyTorch's distributions): candle's CPU
//! device cannot be seeded, and reproducible training starts with reproducible initial weights.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var, D};
use rand::Rng;

use crate::config::{Architecture, Cell, ModelConfig};
use crate::fused_gru::Gru;
use crate::fused_lstm::Lstm;
use crate::fused_step::{FusedState, StepWeights};
use crate::language_model::{
    checked_parameters, initialized_parameters, standard_normal, LanguageModel,
};
use crate::vocab::PAD_ID;
use crate::{GenError, Result};

/// One layer's weights as the time loop uses them (transposed views, biases combined).
struct LayerWeights {
    w_ih_t: Tensor,
    w_hh_t: Tensor,
    /// Bias added to the input projection (for the LSTM: both biases).
    b_x: Tensor,
    /// GRU only: bias of the hidden projection, which the reset gate multiplies separately.
    b_h: Option<Tensor>,
}

/// Recurrent state of one layer for step-by-step generation off the CPU.
#[derive(Debug, Clone)]
struct LayerState {
    h: Tensor,
    c: Option<Tensor>,
}

/// What generation carries from one step to the next: on the CPU plain buffers with the weights
/// prepared for the step ([`crate::fused_step`]), elsewhere tensors.
pub struct RnnState(StateKind);

enum StateKind {
    Fused(Box<FusedState>),
    Tensors(Vec<LayerState>),
}

impl std::fmt::Debug for RnnState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            StateKind::Fused(_) => "RnnState(fused CPU buffers)",
            StateKind::Tensors(_) => "RnnState(tensors)",
        })
    }
}

/// A SMILES language model. Parameters are candle [`Var`]s so that an optimizer updates them
/// in place.
#[derive(Debug)]
pub struct RnnLm {
    config: ModelConfig,
    /// Parameters in [`ModelConfig::parameter_shapes`] order.
    params: Vec<(String, Var)>,
    device: Device,
}

impl RnnLm {
    /// A freshly initialized model; the same seed gives the same weights.
    pub fn new(config: ModelConfig, seed: u64, device: &Device) -> Result<Self> {
        config.validate()?;
        let bound = 1.0 / (config.hidden_dim as f32).sqrt();
        let params =
            initialized_parameters(config.parameter_shapes(), seed, device, |name, rng| {
                if name == "embed.weight" {
                    standard_normal(rng)
                } else {
                    rng.gen_range(-bound..bound)
                }
            })?;
        Ok(Self {
            config,
            params,
            device: device.clone(),
        })
    }

    /// Builds a model from named tensors (a loaded file), checking that every expected parameter
    /// is present with the expected shape and that nothing else is.
    pub fn from_tensors(
        config: ModelConfig,
        tensors: HashMap<String, Tensor>,
        device: &Device,
    ) -> Result<Self> {
        config.validate()?;
        let what = format!("{:?} model", config.cell);
        let params = checked_parameters(config.parameter_shapes(), tensors, device, &what)?;
        Ok(Self {
            config,
            params,
            device: device.clone(),
        })
    }

    /// The architecture.
    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    fn param(&self, index: usize) -> &Tensor {
        self.params[index].1.as_tensor()
    }

    fn layer(&self, l: usize) -> [&Tensor; 4] {
        let base = 1 + 4 * l;
        [
            self.param(base),
            self.param(base + 1),
            self.param(base + 2),
            self.param(base + 3),
        ]
    }

    fn linear(&self) -> (&Tensor, &Tensor) {
        let n = self.params.len();
        (self.param(n - 2), self.param(n - 1))
    }

    fn zero_state(&self, batch: usize) -> Result<Vec<LayerState>> {
        let h = Tensor::zeros((batch, self.config.hidden_dim), DType::F32, &self.device)?;
        let c = match self.config.cell {
            Cell::Lstm => Some(h.clone()),
            Cell::Gru => None,
        };
        Ok((0..self.config.num_layers)
            .map(|_| LayerState {
                h: h.clone(),
                c: c.clone(),
            })
            .collect())
    }

    /// [`RnnLm::forward`] through candle's generic autodiff, one step at a time: the path for
    /// devices without the fused CPU recurrence (CUDA).
    pub fn forward_stepwise(&self, input: &Tensor) -> Result<Tensor> {
        let (b, t) = input.dims2()?;
        let (h, v) = (self.config.hidden_dim, self.config.vocab_size);
        let ids = input.t()?.contiguous()?;
        let mut xs = (0..t)
            .map(|s| self.param(0).index_select(&ids.get(s)?, 0))
            .collect::<candle_core::Result<Vec<_>>>()?;
        let mut states = self.zero_state(b)?;
        for (l, state) in states.iter_mut().enumerate() {
            let weights = self.layer_weights(l)?;
            for x in xs.iter_mut() {
                *state = self.cell_step(x, &weights, state)?;
                *x = state.h.clone();
            }
        }
        let (lin_w, lin_b) = self.linear();
        let hidden = Tensor::stack(&xs, 1)?.reshape((b * t, h))?;
        let logits = hidden.matmul(&lin_w.t()?)?.broadcast_add(lin_b)?;
        Ok(logits.reshape((b, t, v))?)
    }

    /// [`RnnLm::forward`] on the CPU: each layer (input projection and recurrence) is one node
    /// with its own backward pass ([`crate::fused`]), the output layer one node with its bias
    /// ([`crate::cpu::linear`]); same results as the step-by-step path.
    fn forward_fused(&self, input: &Tensor) -> Result<Tensor> {
        let (b, t) = input.dims2()?;
        let v = self.config.vocab_size;
        let ids = input.t()?.contiguous()?.flatten_all()?;
        let mut x = self.param(0).index_select(&ids, 0)?;
        for l in 0..self.config.num_layers {
            let weights = self.layer(l);
            x = match self.config.cell {
                Cell::Lstm => crate::fused::recurrent_layer::<Lstm>(&x, weights, t)?,
                Cell::Gru => crate::fused::recurrent_layer::<Gru>(&x, weights, t)?,
            };
        }
        let (lin_w, lin_b) = self.linear();
        let logits = crate::cpu::linear(&x, lin_w, lin_b)?;
        Ok(logits.reshape((t, b, v))?.transpose(0, 1)?.contiguous()?)
    }

    fn layer_weights(&self, l: usize) -> Result<LayerWeights> {
        let [w_ih, w_hh, b_ih, b_hh] = self.layer(l);
        let (b_x, b_h) = match self.config.cell {
            // The LSTM's two biases are only ever added together: add them once per sequence.
            Cell::Lstm => ((b_ih + b_hh)?, None),
            Cell::Gru => (b_ih.clone(), Some(b_hh.clone())),
        };
        Ok(LayerWeights {
            w_ih_t: w_ih.t()?,
            w_hh_t: w_hh.t()?,
            b_x,
            b_h,
        })
    }

    /// One time step of one layer.
    fn cell_step(&self, x: &Tensor, w: &LayerWeights, state: &LayerState) -> Result<LayerState> {
        let h = self.config.hidden_dim;
        let xw = x.matmul(&w.w_ih_t)?;
        let hw = state.h.matmul(&w.w_hh_t)?;
        match (&w.b_h, &state.c) {
            (None, Some(c)) => {
                let gates = (xw + hw)?.broadcast_add(&w.b_x)?;
                let input_forget = candle_nn::ops::sigmoid(&gates.narrow(1, 0, 2 * h)?)?;
                let i = input_forget.narrow(1, 0, h)?;
                let f = input_forget.narrow(1, h, h)?;
                let g = gates.narrow(1, 2 * h, h)?.tanh()?;
                let o = candle_nn::ops::sigmoid(&gates.narrow(1, 3 * h, h)?)?;
                let c = ((f * c)? + (i * g)?)?;
                let h = (o * c.tanh()?)?;
                Ok(LayerState { h, c: Some(c) })
            }
            (Some(b_h), None) => {
                let xp = xw.broadcast_add(&w.b_x)?;
                let hh = hw.broadcast_add(b_h)?;
                let rz =
                    candle_nn::ops::sigmoid(&(xp.narrow(1, 0, 2 * h)? + hh.narrow(1, 0, 2 * h)?)?)?;
                let r = rz.narrow(1, 0, h)?;
                let z = rz.narrow(1, h, h)?;
                let n = (xp.narrow(1, 2 * h, h)? + (r * hh.narrow(1, 2 * h, h)?)?)?.tanh()?;
                let h = (&n + (z * (&state.h - &n)?)?)?;
                Ok(LayerState { h, c: None })
            }
            _ => Err(GenError::Invalid(
                "recurrent state does not match the cell type".to_string(),
            )),
        }
    }
    /// [`LanguageModel::step`] with candle's tensors: the path off the CPU.
    fn tensor_step(&self, tokens: &Tensor, states: &mut [LayerState]) -> Result<Tensor> {
        // Contiguous ids: candle's backward pass of a lookup cannot use strided ones.
        let mut x = self.param(0).index_select(&tokens.contiguous()?, 0)?;
        for (l, state) in states.iter_mut().enumerate() {
            let next = self.cell_step(&x, &self.layer_weights(l)?, state)?;
            // Generation never backpropagates: detached, the state does not drag the graph of
            // every earlier step along (which cost memory and time at each step).
            *state = LayerState {
                h: next.h.detach(),
                c: next.c.map(|c| c.detach()),
            };
            x = state.h.clone();
        }
        let (lin_w, lin_b) = self.linear();
        Ok(x.matmul(&lin_w.t()?)?.broadcast_add(lin_b)?)
    }

    /// The weights prepared for generation on the CPU. Prepared for each batch of sequences,
    /// never cached: an agent's weights change between its batches.
    fn step_weights(&self) -> Result<StepWeights> {
        StepWeights::new(
            self.config.cell,
            self.param(0),
            (0..self.config.num_layers).map(|l| self.layer(l)).collect(),
            self.linear(),
        )
    }
}

impl LanguageModel for RnnLm {
    type State = RnnState;

    fn architecture(&self) -> Architecture {
        Architecture::Rnn(self.config.clone())
    }

    fn device(&self) -> &Device {
        &self.device
    }

    fn parameters(&self) -> &[(String, Var)] {
        &self.params
    }

    /// Logits for every position of a batch of token ids `[batch, time]` (teacher forcing):
    /// returns `[batch, time, vocab]`.
    ///
    /// The time loop works on one `[batch, features]` tensor per step and never slices a
    /// whole-sequence tensor: candle's backward pass of a slice pads the gradient to the full
    /// tensor, which would make backpropagation through time quadratic in the length.
    fn forward(&self, input: &Tensor) -> Result<Tensor> {
        if self.device.is_cpu() {
            self.forward_fused(input)
        } else {
            self.forward_stepwise(input)
        }
    }

    /// One generation step: logits `[batch, vocab]` for the next token after `tokens` `[batch]`,
    /// updating `state` (created by `start`).
    fn step(&self, tokens: &Tensor, state: &mut RnnState) -> Result<Tensor> {
        match &mut state.0 {
            StateKind::Fused(state) => {
                let logits = state.step(&tokens.to_vec1::<u32>()?)?;
                let rows = logits.len() / self.config.vocab_size;
                Ok(Tensor::from_vec(
                    logits,
                    (rows, self.config.vocab_size),
                    &self.device,
                )?)
            }
            StateKind::Tensors(states) => self.tensor_step(tokens, states),
        }
    }

    /// The zero state for generating `batch` sequences.
    fn start(&self, batch: usize) -> Result<RnnState> {
        Ok(RnnState(if self.device.is_cpu() {
            StateKind::Fused(Box::new(self.step_weights()?.start(batch)))
        } else {
            StateKind::Tensors(self.zero_state(batch)?)
        }))
    }

    fn keep_rows(&self, state: &mut RnnState, rows: &Tensor) -> Result<()> {
        match &mut state.0 {
            StateKind::Fused(state) => state.keep_rows(&rows.to_vec1::<u32>()?),
            StateKind::Tensors(states) => {
                for state in states.iter_mut() {
                    state.h = state.h.index_select(rows, 0)?;
                    state.c = state
                        .c
                        .as_ref()
                        .map(|c| c.index_select(rows, 0))
                        .transpose()?;
                }
                Ok(())
            }
        }
    }

    fn fresh(&self, vocab_size: usize, seed: u64) -> Result<Self> {
        let config = ModelConfig {
            vocab_size,
            ..self.config.clone()
        };
        RnnLm::new(config, seed, &self.device)
    }

    fn rebuild(&self, tensors: HashMap<String, Tensor>) -> Result<Self> {
        RnnLm::from_tensors(self.config.clone(), tensors, &self.device)
    }

    fn per_token(&self, name: &str) -> bool {
        matches!(name, "embed.weight" | "linear.weight" | "linear.bias")
    }
}

/// Mean cross-entropy of `logits` `[batch, time, vocab]` against `targets` `[batch, time]`,
/// over the positions whose target is not padding (padding must not teach the model anything,
/// and short molecules must weigh as much per token as long ones).
pub fn masked_cross_entropy(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    let v = logits.dim(D::Minus1)?;
    let flat = logits.reshape(((), v))?;
    let targets = targets.flatten_all()?;
    let log_probs = candle_nn::ops::log_softmax(&flat, D::Minus1)?;
    let picked = log_probs.gather(&targets.unsqueeze(1)?, 1)?.squeeze(1)?;
    let mask = targets.ne(PAD_ID)?.to_dtype(DType::F32)?;
    let count = mask.sum_all()?;
    Ok(((picked * mask)?.sum_all()?.neg()? / count)?)
}

/// Log-likelihood of each sequence of a batch: the sum over its non-padding positions of the
/// log-probability of the target token; `[batch]`.
pub fn sequence_log_likelihood(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    let (b, t, v) = logits.dims3()?;
    let log_probs = candle_nn::ops::log_softmax(&logits.reshape((b * t, v))?, D::Minus1)?;
    let targets = targets.flatten_all()?;
    let picked = log_probs.gather(&targets.unsqueeze(1)?, 1)?.squeeze(1)?;
    let mask = targets.ne(PAD_ID)?.to_dtype(DType::F32)?;
    Ok((picked * mask)?.reshape((b, t))?.sum(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language_model::assert_states_agree;

    #[test]
    fn the_stepwise_forward_used_off_cpu_matches_the_fused_one() {
        for cell in [Cell::Lstm, Cell::Gru] {
            let config = ModelConfig {
                cell,
                vocab_size: 7,
                embedding_dim: 4,
                hidden_dim: 6,
                num_layers: 2,
            };
            let model = RnnLm::new(config, 1, &Device::Cpu).unwrap_or_else(|e| panic!("{e}"));
            let input = Tensor::from_vec(vec![1u32, 3, 4, 5, 1, 6, 6, 2], (2, 4), &Device::Cpu)
                .unwrap_or_else(|e| panic!("{e}"));
            let fused = model
                .forward_fused(&input)
                .unwrap_or_else(|e| panic!("{e}"));
            let stepwise = model
                .forward_stepwise(&input)
                .unwrap_or_else(|e| panic!("{e}"));
            let diff = (fused - stepwise)
                .and_then(|d| d.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>())
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(diff < 1e-5, "{cell:?}: {diff}");
        }
    }

    #[test]
    fn the_fused_generation_step_on_the_cpu_matches_the_tensor_step() -> Result<()> {
        let device = Device::Cpu;
        for cell in [Cell::Lstm, Cell::Gru] {
            let config = ModelConfig {
                cell,
                vocab_size: 9,
                embedding_dim: 5,
                hidden_dim: 12,
                num_layers: 3,
            };
            let model = RnnLm::new(config, 4, &device)?;
            let fused = model.start(4)?;
            assert!(matches!(fused.0, StateKind::Fused(_)), "{cell:?}");
            let tensors = RnnState(StateKind::Tensors(model.zero_state(4)?));
            let mut fused = assert_states_agree(&model, fused, tensors)?;
            // A token outside the vocabulary is an error, not a panic.
            assert!(model
                .step(&Tensor::new(&[9u32], &device)?, &mut fused)
                .is_err());
        }
        Ok(())
    }
}
