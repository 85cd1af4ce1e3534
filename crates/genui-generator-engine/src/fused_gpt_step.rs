//! The SMILES transformer's generation step on the CPU, without autodiff: the weights packed
//! once per batch of sequences, plain buffers, and each sequence's keys and values in buffers of
//! its own that only ever grow by one position.
//!
//! Why: candle's step appends to the key/value cache by concatenation (a copy of the whole cache
//! per layer and step) and copies it again whenever finished sequences leave the batch; here a
//! finished sequence's buffers are dropped and the others move, never copied.

use candle_core::{Tensor, Var};
use rayon::prelude::*;

use crate::config::GptConfig;
use genui_sgemm::{widest, VectorLoop};

use crate::cpu::{exp, tanh, PackedLinear};
use crate::fused::ROWS_PER_JOB;
use crate::{GenError, Result};

/// Layer-norm gain and bias.
struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl Norm {
    fn new(weight: &Var, bias: &Var) -> Result<Self> {
        Ok(Self {
            weight: weight.as_tensor().to_vec1()?,
            bias: bias.as_tensor().to_vec1()?,
        })
    }

    /// Each row of `x` normalized (population variance, ε 1e-5 as the training path).
    fn apply(&self, x: &[f32]) -> Vec<f32> {
        let d = self.weight.len();
        let mut out = vec![0f32; x.len()];
        out.par_chunks_mut(d)
            .zip(x.par_chunks(d))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|(out, x)| {
                let mean = x.iter().sum::<f32>() / d as f32;
                let variance = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / d as f32;
                let scale = 1.0 / (variance + 1e-5).sqrt();
                for (((o, v), w), b) in out.iter_mut().zip(x).zip(&self.weight).zip(&self.bias) {
                    *o = (v - mean) * scale * w + b;
                }
            });
        out
    }
}

struct Block {
    ln_1: Norm,
    attention: PackedLinear,
    projection: PackedLinear,
    ln_2: Norm,
    expand: PackedLinear,
    contract: PackedLinear,
}

/// A transformer's weights prepared for generation.
pub(crate) struct GptStepWeights {
    d: usize,
    heads: usize,
    max_len: usize,
    vocab: usize,
    token_embedding: Vec<f32>,
    position_embedding: Vec<f32>,
    blocks: Vec<Block>,
    ln_f: Norm,
    head: PackedLinear,
}

impl GptStepWeights {
    /// Reads the parameters of a transformer, in [`GptConfig::parameter_shapes`] order.
    pub(crate) fn new(config: &GptConfig, params: &[(String, Var)]) -> Result<Self> {
        let p = |i: usize| &params[i].1;
        let linear = |i: usize| PackedLinear::new(p(i).as_tensor(), p(i + 1).as_tensor());
        let blocks = (0..config.layers)
            .map(|l| {
                let first = 2 + l * crate::gpt::BLOCK_PARAMETERS;
                Ok(Block {
                    ln_1: Norm::new(p(first), p(first + 1))?,
                    attention: linear(first + 2)?,
                    projection: linear(first + 4)?,
                    ln_2: Norm::new(p(first + 6), p(first + 7))?,
                    expand: linear(first + 8)?,
                    contract: linear(first + 10)?,
                })
            })
            .collect::<Result<_>>()?;
        let n = params.len();
        let values = |t: &Tensor| -> Result<Vec<f32>> { Ok(t.flatten_all()?.to_vec1()?) };
        Ok(Self {
            d: config.d_model,
            heads: config.heads,
            max_len: config.max_len,
            vocab: config.vocab_size,
            token_embedding: values(p(0).as_tensor())?,
            position_embedding: values(p(1).as_tensor())?,
            blocks,
            ln_f: Norm::new(p(n - 4), p(n - 3))?,
            head: linear(n - 2)?,
        })
    }

    /// The state before the first token of `batch` sequences.
    pub(crate) fn start(self, batch: usize) -> GptFusedState {
        let empty = || vec![Vec::new(); batch];
        let layers = self.blocks.len();
        GptFusedState {
            weights: self,
            position: 0,
            keys: (0..layers).map(|_| empty()).collect(),
            values: (0..layers).map(|_| empty()).collect(),
        }
    }
}

/// Generation with the prepared weights: the position reached, and per layer and sequence the
/// keys and values of every position so far (`[positions, d]`).
pub(crate) struct GptFusedState {
    weights: GptStepWeights,
    position: usize,
    keys: Vec<Vec<Vec<f32>>>,
    values: Vec<Vec<Vec<f32>>>,
}

impl GptFusedState {
    fn rows(&self) -> usize {
        self.keys.first().map_or(0, Vec::len)
    }

    /// The logits `[B, V]` of the token after `tokens` (one per sequence), advancing the state.
    pub(crate) fn step(&mut self, tokens: &[u32]) -> Result<Vec<f32>> {
        let w = &self.weights;
        let (b, d) = (self.rows(), w.d);
        if tokens.len() != b {
            return Err(GenError::Invalid(format!(
                "{} tokens for a generation state of {b} sequences",
                tokens.len()
            )));
        }
        if self.position >= w.max_len {
            return Err(GenError::Invalid(format!(
                "sequence of {} tokens is longer than the transformer's {} positions",
                self.position + 1,
                w.max_len
            )));
        }
        let position = &w.position_embedding[self.position * d..(self.position + 1) * d];
        let mut x = Vec::with_capacity(b * d);
        for &token in tokens {
            let t = token as usize;
            if t >= w.vocab {
                return Err(GenError::Invalid(format!(
                    "token {token} is outside the vocabulary of {} tokens",
                    w.vocab
                )));
            }
            let embedding = &w.token_embedding[t * d..(t + 1) * d];
            x.extend(embedding.iter().zip(position).map(|(e, p)| e + p));
        }
        for ((block, keys), values) in w.blocks.iter().zip(&mut self.keys).zip(&mut self.values) {
            let qkv = block.attention.apply(&block.ln_1.apply(&x), b);
            for ((row, k), v) in qkv
                .chunks_exact(3 * d)
                .zip(keys.iter_mut())
                .zip(values.iter_mut())
            {
                k.extend_from_slice(&row[d..2 * d]);
                v.extend_from_slice(&row[2 * d..]);
            }
            let attended = attend(&qkv, keys, values, d, w.heads);
            add(&mut x, &block.projection.apply(&attended, b));
            let mut hidden = block.expand.apply(&block.ln_2.apply(&x), b);
            hidden
                .par_chunks_mut(4 * d)
                .with_min_len(ROWS_PER_JOB)
                .for_each(|row| widest(Gelu(row)));
            add(&mut x, &block.contract.apply(&hidden, b));
        }
        self.position += 1;
        Ok(w.head.apply(&w.ln_f.apply(&x), b))
    }

    /// Keeps only the given rows (each once, in that order), so that finished sequences leave
    /// the batch; their keys and values move, never copied.
    pub(crate) fn keep_rows(&mut self, rows: &[u32]) -> Result<()> {
        let b = self.rows();
        let mut seen = vec![false; b];
        for &row in rows {
            let r = row as usize;
            if r >= b || std::mem::replace(&mut seen[r], true) {
                return Err(GenError::Invalid(format!(
                    "row {row} kept twice or outside a generation state of {b} sequences"
                )));
            }
        }
        for layer in self.keys.iter_mut().chain(self.values.iter_mut()) {
            *layer = rows
                .iter()
                .map(|&r| std::mem::take(&mut layer[r as usize]))
                .collect();
        }
        Ok(())
    }
}

/// Causal self-attention of the newest position of each row: its query (the first third of the
/// row of `qkv`) against the keys and values of all its positions so far; `[B, d]`.
fn attend(qkv: &[f32], keys: &[Vec<f32>], values: &[Vec<f32>], d: usize, heads: usize) -> Vec<f32> {
    let mut out = vec![0f32; keys.len() * d];
    out.par_chunks_mut(d)
        .zip(qkv.par_chunks(3 * d))
        .zip(keys.par_iter().zip(values.par_iter()))
        .with_min_len(ROWS_PER_JOB)
        .for_each(|((out, row), (keys, values))| {
            widest(AttendRow {
                out,
                query: &row[..d],
                keys,
                values,
                heads,
            })
        });
    out
}

/// [`attend`] for one row.
struct AttendRow<'a> {
    out: &'a mut [f32],
    query: &'a [f32],
    keys: &'a [f32],
    values: &'a [f32],
    heads: usize,
}

impl VectorLoop for AttendRow<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let d = self.query.len();
        let size = d / self.heads;
        let scale = 1.0 / (size as f32).sqrt();
        let positions = self.keys.len() / d;
        let mut scores = vec![0f32; positions];
        for head in 0..self.heads {
            let span = head * size..(head + 1) * size;
            let q = &self.query[span.clone()];
            for (p, score) in scores.iter_mut().enumerate() {
                *score = dot(q, &self.keys[p * d + span.start..p * d + span.end]) * scale;
            }
            let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut total = 0.0;
            for score in scores.iter_mut() {
                *score = exp(*score - max);
                total += *score;
            }
            let out = &mut self.out[span.clone()];
            for (p, score) in scores.iter().enumerate() {
                let value = &self.values[p * d + span.start..p * d + span.end];
                let weight = score / total;
                for (o, v) in out.iter_mut().zip(value) {
                    *o += weight * v;
                }
            }
        }
    }
}

/// A dot product over sixteen partial sums (one sum in order would not vectorize).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let mut sums = [0f32; LANES];
    let (a_body, a_rest) = a.split_at(a.len() - a.len() % LANES);
    let (b_body, b_rest) = b[..a.len()].split_at(a_body.len());
    for (x, y) in a_body.chunks_exact(LANES).zip(b_body.chunks_exact(LANES)) {
        for i in 0..LANES {
            sums[i] += x[i] * y[i];
        }
    }
    let rest: f32 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    sums.iter().sum::<f32>() + rest
}

fn add(x: &mut [f32], y: &[f32]) {
    for (a, b) in x.iter_mut().zip(y) {
        *a += b;
    }
}

/// GELU in place, the tanh approximation (candle's `gelu`, which training uses), with the
/// vectorizable `tanh` (libm's call per value was a sixth of the step).
struct Gelu<'a>(&'a mut [f32]);

impl VectorLoop for Gelu<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        const SQRT_TWO_OVER_PI: f32 = 0.797_884_6;
        for x in self.0.iter_mut() {
            *x = 0.5 * *x * (1.0 + tanh(SQRT_TWO_OVER_PI * *x * (1.0 + 0.044_715 * *x * *x)));
        }
    }
}
