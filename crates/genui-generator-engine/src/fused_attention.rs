//! What the transformers' generation steps on the CPU share ([`crate::fused_gpt_step`], the graph
//! transformer's rows): layer norm over plain rows, and each sequence's keys and values in
//! buffers of its own that only ever grow by one position, attended to by its newest query.
//!
//! Why: candle's cached step appends by concatenation (a copy of the whole cache per layer and
//! step) and copies it again whenever sequences leave the batch; here nothing is copied.

use candle_core::Var;
use genui_sgemm::{widest, VectorLoop};
use rayon::prelude::*;

use crate::cpu::exp;
use crate::fused::ROWS_PER_JOB;
use crate::{GenError, Result};

/// Layer-norm gain and bias.
pub(crate) struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl Norm {
    pub(crate) fn new(weight: &Var, bias: &Var) -> Result<Self> {
        Ok(Self {
            weight: weight.as_tensor().to_vec1()?,
            bias: bias.as_tensor().to_vec1()?,
        })
    }

    /// Each row of `x` normalized (population variance, ε 1e-5 as the training path).
    pub(crate) fn apply(&self, x: &[f32]) -> Vec<f32> {
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

/// Per layer and sequence, the keys and values of every position so far (`[positions, d]`).
pub(crate) struct KeyValues {
    keys: Vec<Vec<Vec<f32>>>,
    values: Vec<Vec<Vec<f32>>>,
}

impl KeyValues {
    /// Empty buffers for `rows` sequences through `layers` layers.
    pub(crate) fn new(layers: usize, rows: usize) -> Self {
        let empty = || (0..layers).map(|_| vec![Vec::new(); rows]).collect();
        Self {
            keys: empty(),
            values: empty(),
        }
    }

    /// Sequences held.
    pub(crate) fn rows(&self) -> usize {
        self.keys.first().map_or(0, Vec::len)
    }

    /// Appends layer `l`'s keys and values of the newest position (the second and last thirds
    /// of each row of `qkv`, `[B, 3d]`), then attends each row's query (the first third) to all
    /// of its positions; `[B, d]`.
    pub(crate) fn attend(&mut self, l: usize, qkv: &[f32], d: usize, heads: usize) -> Vec<f32> {
        let (keys, values) = (&mut self.keys[l], &mut self.values[l]);
        for ((row, k), v) in qkv
            .chunks_exact(3 * d)
            .zip(keys.iter_mut())
            .zip(values.iter_mut())
        {
            k.extend_from_slice(&row[d..2 * d]);
            v.extend_from_slice(&row[2 * d..]);
        }
        attend_rows(qkv, keys, values, d, heads)
    }

    /// Keeps only the given rows (each once, in that order); their keys and values move, never
    /// copied.
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
fn attend_rows(
    qkv: &[f32],
    keys: &[Vec<f32>],
    values: &[Vec<f32>],
    d: usize,
    heads: usize,
) -> Vec<f32> {
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

pub(crate) fn add(x: &mut [f32], y: &[f32]) {
    for (a, b) in x.iter_mut().zip(y) {
        *a += b;
    }
}
