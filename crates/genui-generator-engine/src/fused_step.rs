//! The recurrent networks' generation step on the CPU, without autodiff: plain buffers, the
//! weights packed once per batch of sequences, and per layer two products and one pass over the
//! gates with the training path's row kernels ([`crate::fused_lstm`], [`crate::fused_gru`]).
//!
//! Why: generation needs no gradients, yet candle's generic step builds a dozen tensors per layer
//! and step (each allocated, each another pass over memory) and multiplies with weights it
//! re-reads in their stored layout every time.

use candle_core::Tensor;
use genui_sgemm::{matmul_packed, product, widest, MatRef, PackedRhs};
use rayon::prelude::*;

use crate::config::Cell;
use crate::cpu::{with_values, PackedLinear};
use crate::fused::ROWS_PER_JOB;
use crate::{fused_gru, fused_lstm, GenError, Result};

/// What a layer multiplies its input with.
enum InputWeights {
    /// The first layer reads embeddings of tokens: its input projection of every token, `[V, G·H]`
    /// (`E·W_ihᵀ`, computed once), is looked up instead of multiplied at every step.
    PerToken(Vec<f32>),
    /// `W_ihᵀ`, `[H, G·H]`, for the hidden states of the layer below.
    Packed(PackedRhs),
}

/// One layer's weights as the step uses them.
struct LayerWeights {
    input: InputWeights,
    /// `W_hhᵀ`, `[H, G·H]`.
    recurrent: PackedRhs,
    /// The bias of the input projection (the LSTM's two biases added: it only uses their sum).
    input_bias: Vec<f32>,
    /// The GRU's `b_hh`, which its reset gate multiplies with the hidden projection.
    recurrent_bias: Vec<f32>,
}

/// A recurrent network's weights prepared for generation.
pub(crate) struct StepWeights {
    cell: Cell,
    hidden: usize,
    vocab: usize,
    layers: Vec<LayerWeights>,
    output: PackedLinear,
}

/// The weights of one layer in PyTorch's layout: `W_ih`, `W_hh`, `b_ih`, `b_hh`.
pub(crate) type LayerTensors<'a> = [&'a Tensor; 4];

impl StepWeights {
    /// Reads the weights of a network (CPU tensors in PyTorch's layout).
    pub(crate) fn new(
        cell: Cell,
        embedding: &Tensor,
        layers: Vec<LayerTensors<'_>>,
        (output_weight, output_bias): (&Tensor, &Tensor),
    ) -> Result<Self> {
        let (vocab, embedding_dim) = embedding.dims2()?;
        let (_, hidden) = output_weight.dims2()?;
        let gate_rows = cell.gates() * hidden;
        let transposed = |w: &Tensor, cols: usize| {
            with_values(w, |w| PackedRhs::new(MatRef::new(w, gate_rows, cols).t()))
        };
        let layers = layers
            .into_iter()
            .enumerate()
            .map(|(l, [w_ih, w_hh, b_ih, b_hh])| {
                let input = if l == 0 {
                    let per_token = with_values(embedding, |e| {
                        with_values(w_ih, |w| {
                            let w = MatRef::new(w, gate_rows, embedding_dim);
                            product(MatRef::new(e, vocab, embedding_dim), w.t())
                        })
                    })??;
                    InputWeights::PerToken(per_token)
                } else {
                    InputWeights::Packed(transposed(w_ih, hidden)?)
                };
                let (b_ih, b_hh) = (b_ih.to_vec1::<f32>()?, b_hh.to_vec1::<f32>()?);
                let (input_bias, recurrent_bias) = match cell {
                    Cell::Lstm => (b_ih.iter().zip(&b_hh).map(|(x, y)| x + y).collect(), vec![]),
                    Cell::Gru => (b_ih, b_hh),
                };
                Ok(LayerWeights {
                    input,
                    recurrent: transposed(w_hh, hidden)?,
                    input_bias,
                    recurrent_bias,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            cell,
            hidden,
            vocab,
            layers,
            output: PackedLinear::new(output_weight, output_bias)?,
        })
    }

    /// The state before the first token of `batch` sequences (zeros).
    pub(crate) fn start(self, batch: usize) -> FusedState {
        let size = batch * self.hidden;
        let layers = (0..self.layers.len())
            .map(|_| LayerState {
                hidden: vec![0.0; size],
                cell: match self.cell {
                    Cell::Lstm => vec![0.0; size],
                    Cell::Gru => vec![],
                },
            })
            .collect();
        FusedState {
            weights: self,
            layers,
            scratch: Scratch::default(),
            rows: batch,
        }
    }
}

/// One layer's state: hidden states `[B, H]`, and the LSTM's cell states `[B, H]`.
struct LayerState {
    hidden: Vec<f32>,
    cell: Vec<f32>,
}

/// Buffers a step writes before its results replace the state, kept from step to step (a
/// fresh buffer of this size costs the kernel's zeroing of its pages at every step).
#[derive(Default)]
struct Scratch {
    /// Gates' pre-activations (the GRU's input side), `[B, G·H]`.
    gates: Vec<f32>,
    /// The GRU's hidden projection, `[B, 3H]`, and the activations its kernel writes, `[B, 4H]`.
    hidden_projection: Vec<f32>,
    activations: Vec<f32>,
    /// The next hidden and cell states of a layer, swapped into its state.
    hidden: Vec<f32>,
    cell: Vec<f32>,
}

/// `buffer` resized to `len` values (growing writes zeros, shrinking costs nothing).
fn sized(buffer: &mut Vec<f32>, len: usize) -> &mut [f32] {
    buffer.resize(len, 0.0);
    buffer
}

/// Generation with the prepared weights: what a batch of sequences carries from step to step.
pub(crate) struct FusedState {
    weights: StepWeights,
    layers: Vec<LayerState>,
    scratch: Scratch,
    rows: usize,
}

impl FusedState {
    /// The logits `[B, V]` of the token after `tokens` (one per sequence), advancing the state.
    pub(crate) fn step(&mut self, tokens: &[u32]) -> Result<Vec<f32>> {
        let w = &self.weights;
        let (b, h, v) = (self.rows, w.hidden, w.vocab);
        if tokens.len() != b {
            return Err(GenError::Invalid(format!(
                "{} tokens for a generation state of {b} sequences",
                tokens.len()
            )));
        }
        if let Some(token) = tokens.iter().find(|&&t| t as usize >= v) {
            return Err(GenError::Invalid(format!(
                "token {token} is outside the vocabulary of {v} tokens"
            )));
        }
        let width = w.cell.gates() * h;
        for l in 0..w.layers.len() {
            let (below, rest) = self.layers.split_at_mut(l);
            let (layer, state, scratch) = (&w.layers[l], &mut rest[0], &mut self.scratch);
            let projection = sized(&mut scratch.gates, b * width);
            match &layer.input {
                InputWeights::PerToken(table) => {
                    for (row, &t) in projection.chunks_exact_mut(width).zip(tokens) {
                        row.copy_from_slice(&table[t as usize * width..(t as usize + 1) * width]);
                    }
                }
                InputWeights::Packed(weights) => {
                    let x = MatRef::new(&below[l - 1].hidden, b, h);
                    matmul_packed(x, weights, projection, false);
                }
            }
            match w.cell {
                Cell::Lstm => lstm_step(layer, state, scratch, b, h),
                Cell::Gru => gru_step(layer, state, scratch, b, h),
            }
        }
        let top = self.layers.last().map_or(&[][..], |l| &l.hidden);
        Ok(w.output.apply(top, b))
    }

    /// Keeps only the given rows (in that order), so that finished sequences leave the batch.
    pub(crate) fn keep_rows(&mut self, rows: &[u32]) -> Result<()> {
        if let Some(&row) = rows.iter().find(|&&r| r as usize >= self.rows) {
            return Err(GenError::Invalid(format!(
                "row {row} of a generation state of {} sequences",
                self.rows
            )));
        }
        let h = self.weights.hidden;
        let gather = |values: &mut Vec<f32>| {
            if !values.is_empty() {
                *values = rows
                    .iter()
                    .flat_map(|&r| &values[r as usize * h..(r as usize + 1) * h])
                    .copied()
                    .collect();
            }
        };
        for layer in &mut self.layers {
            gather(&mut layer.hidden);
            gather(&mut layer.cell);
        }
        self.rows = rows.len();
        Ok(())
    }
}

/// The LSTM's step of one layer, its input projection already in `scratch.gates`.
fn lstm_step(
    layer: &LayerWeights,
    state: &mut LayerState,
    scratch: &mut Scratch,
    b: usize,
    h: usize,
) {
    let z = sized(&mut scratch.gates, b * 4 * h);
    matmul_packed(MatRef::new(&state.hidden, b, h), &layer.recurrent, z, true);
    let cell = sized(&mut scratch.cell, b * h);
    let hidden = sized(&mut scratch.hidden, b * h);
    z.par_chunks_mut(4 * h)
        .zip(cell.par_chunks_mut(h))
        .zip(hidden.par_chunks_mut(h))
        .zip(state.cell.par_chunks(h))
        .with_min_len(ROWS_PER_JOB)
        .for_each(|(((z, c), h_out), c_prev)| {
            widest(fused_lstm::ForwardRow {
                z,
                bias: &layer.input_bias,
                c,
                h_out,
                c_prev,
            })
        });
    std::mem::swap(&mut state.cell, &mut scratch.cell);
    std::mem::swap(&mut state.hidden, &mut scratch.hidden);
}

/// The GRU's step of one layer, its input projection (without bias) already in `scratch.gates`.
fn gru_step(
    layer: &LayerWeights,
    state: &mut LayerState,
    scratch: &mut Scratch,
    b: usize,
    h: usize,
) {
    let hh = sized(&mut scratch.hidden_projection, b * 3 * h);
    for row in hh.chunks_exact_mut(3 * h) {
        row.copy_from_slice(&layer.recurrent_bias);
    }
    matmul_packed(MatRef::new(&state.hidden, b, h), &layer.recurrent, hh, true);
    let xp = &scratch.gates[..b * 3 * h];
    let activations = sized(&mut scratch.activations, b * 4 * h);
    let hidden = sized(&mut scratch.hidden, b * h);
    // The kernel also writes the activations training keeps for its backward pass.
    activations
        .par_chunks_mut(4 * h)
        .zip(hidden.par_chunks_mut(h))
        .zip(xp.par_chunks(3 * h))
        .zip(hh.par_chunks(3 * h).zip(state.hidden.par_chunks(h)))
        .with_min_len(ROWS_PER_JOB)
        .for_each(|(((acts, h_out), x), (hh, h_prev))| {
            widest(fused_gru::ForwardRow {
                acts,
                h_out,
                x,
                b_ih: &layer.input_bias,
                hh,
                h_prev,
            })
        });
    std::mem::swap(&mut state.hidden, &mut scratch.hidden);
}
