//! The SMILES transformer's generation step on the CPU, without autodiff: the weights packed
//! once per batch of sequences, plain buffers, and the keys and values of [`KeyValues`].

use candle_core::{Tensor, Var};
use rayon::prelude::*;

use genui_sgemm::{widest, VectorLoop};

use crate::config::GptConfig;
use crate::cpu::{tanh, PackedLinear};
use crate::fused::ROWS_PER_JOB;
use crate::fused_attention::{add, KeyValues, Norm};
use crate::{GenError, Result};

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
        GptFusedState {
            cache: KeyValues::new(self.blocks.len(), batch),
            weights: self,
            position: 0,
        }
    }
}

/// Generation with the prepared weights: the position reached, and the keys and values of every
/// position so far.
pub(crate) struct GptFusedState {
    weights: GptStepWeights,
    position: usize,
    cache: KeyValues,
}

impl GptFusedState {
    /// The logits `[B, V]` of the token after `tokens` (one per sequence), advancing the state.
    pub(crate) fn step(&mut self, tokens: &[u32]) -> Result<Vec<f32>> {
        let w = &self.weights;
        let (b, d) = (self.cache.rows(), w.d);
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
        for (l, block) in w.blocks.iter().enumerate() {
            let qkv = block.attention.apply(&block.ln_1.apply(&x), b);
            let attended = self.cache.attend(l, &qkv, d, w.heads);
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
    /// the batch.
    pub(crate) fn keep_rows(&mut self, rows: &[u32]) -> Result<()> {
        self.cache.keep_rows(rows)
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
