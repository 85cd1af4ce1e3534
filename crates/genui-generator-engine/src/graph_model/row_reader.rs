//! Generating on the CPU without autodiff: each row read by the transformer blocks over plain
//! buffers with weights packed once per batch and the keys and values of [`KeyValues`], then
//! the chain of heads and GRU steps that chooses the next row, over the same buffers.

use rayon::prelude::*;

use genui_sgemm::{product, widest, MatRef};

use super::GraphTransformer;
use crate::cpu::PackedLinear;
use crate::fused::ROWS_PER_JOB;
use crate::fused_attention::{add, KeyValues, Norm};
use crate::fused_gru;
use crate::{GenError, Result};

/// One post-norm block.
struct Block {
    attention: PackedLinear,
    projection: PackedLinear,
    norm_1: Norm,
    expand: PackedLinear,
    contract: PackedLinear,
    norm_2: Norm,
}

/// The blocks of a graph transformer prepared for reading a batch of tables row by row.
pub(super) struct RowReader {
    d: usize,
    heads: usize,
    /// Embeddings of the (atom, bond) words, `[words, d]`.
    words: Vec<f32>,
    /// Sinusoidal codes of the (curr, prev) sites, `[sites, d]`.
    sites: Vec<f32>,
    blocks: Vec<Block>,
    cache: KeyValues,
    /// The GRU of the chain: the input projection of every row of each embedding it reads
    /// (`x·W_ihᵀ`, `[n, 3d]`, computed once), its bias, and `h·W_hhᵀ + b_hh`.
    chain_inputs: Vec<(&'static str, Vec<f32>)>,
    input_bias: Vec<f32>,
    recurrent: PackedLinear,
    /// The heads choosing atom, bond and sites.
    choices: Vec<(&'static str, PackedLinear)>,
}

/// The embeddings the chain's GRU reads, and its heads.
const CHAIN_INPUTS: [&str; 3] = ["emb_atom.weight", "emb_word.weight", "emb_loci.weight"];
const HEADS: [&str; 3] = ["prj_atom", "prj_bond", "prj_loci"];

impl RowReader {
    /// A reader of `rows` tables with `model`'s weights as they are now.
    pub(super) fn new(model: &GraphTransformer, rows: usize) -> Result<Self> {
        let blocks = (0..model.config.layers)
            .map(|l| {
                let w = model.block(l);
                let linear =
                    |i: usize| PackedLinear::new(w[i].1.as_tensor(), w[i + 1].1.as_tensor());
                Ok(Block {
                    attention: linear(0)?,
                    projection: linear(2)?,
                    norm_1: Norm::new(&w[4].1, &w[5].1)?,
                    expand: linear(6)?,
                    contract: linear(8)?,
                    norm_2: Norm::new(&w[10].1, &w[11].1)?,
                })
            })
            .collect::<Result<_>>()?;
        let d = model.config.d_model;
        let w_ih = model.p("rnn.weight_ih").flatten_all()?.to_vec1::<f32>()?;
        let w_ih = MatRef::new(&w_ih, 3 * d, d);
        let chain_inputs = CHAIN_INPUTS
            .iter()
            .map(|&name| {
                let table = model.p(name);
                let rows = table.dim(0)?;
                let values = table.flatten_all()?.to_vec1::<f32>()?;
                Ok((name, product(MatRef::new(&values, rows, d), w_ih.t())))
            })
            .collect::<Result<_>>()?;
        let linear = |name: &str| {
            PackedLinear::new(
                model.p(&format!("{name}.weight")),
                model.p(&format!("{name}.bias")),
            )
        };
        let heads = HEADS
            .iter()
            .map(|&name| Ok((name, linear(name)?)))
            .collect::<Result<_>>()?;
        Ok(Self {
            chain_inputs,
            input_bias: model.p("rnn.bias_ih").to_vec1()?,
            recurrent: PackedLinear::new(model.p("rnn.weight_hh"), model.p("rnn.bias_hh"))?,
            choices: heads,
            d,
            heads: model.config.heads,
            words: model.p("emb_word.weight").flatten_all()?.to_vec1()?,
            sites: model.sites.flatten_all()?.to_vec1()?,
            cache: KeyValues::new(model.config.layers, rows),
            blocks,
        })
    }

    /// Reads one new row per table (its word and site ids) and returns its output `[B, d]`.
    pub(super) fn read(&mut self, words: &[u32], sites: &[u32]) -> Result<Vec<f32>> {
        let (b, d) = (self.cache.rows(), self.d);
        if words.len() != b || sites.len() != b {
            return Err(GenError::Invalid(format!(
                "{} words and {} sites for {b} tables",
                words.len(),
                sites.len()
            )));
        }
        let mut x = Vec::with_capacity(b * d);
        for (&word, &site) in words.iter().zip(sites) {
            let (word, site) = (
                row_of(&self.words, word, d, "word")?,
                row_of(&self.sites, site, d, "site")?,
            );
            x.extend(word.iter().zip(site).map(|(w, s)| w + s));
        }
        for (l, block) in self.blocks.iter().enumerate() {
            let qkv = block.attention.apply(&x, b);
            let attended = self.cache.attend(l, &qkv, d, self.heads);
            let mut sum = block.projection.apply(&attended, b);
            add(&mut sum, &x);
            let x1 = block.norm_1.apply(&sum);
            let mut hidden = block.expand.apply(&x1, b);
            let width = hidden.len() / b.max(1);
            hidden
                .par_chunks_mut(width.max(1))
                .with_min_len(ROWS_PER_JOB)
                .for_each(|row| row.iter_mut().for_each(|v| *v = v.max(0.0)));
            let mut sum = block.contract.apply(&hidden, b);
            add(&mut sum, &x1);
            x = block.norm_2.apply(&sum);
        }
        Ok(x)
    }

    /// The GRU's hidden states `[B, d]` after reading rows `ids` of the embedding `table` from
    /// the hidden states `h` ([`GraphTransformer::gru`]).
    pub(super) fn chain(&self, table: &str, ids: &[u32], h: &[f32]) -> Result<Vec<f32>> {
        let d = self.d;
        let (b, width) = (ids.len(), 3 * d);
        let inputs = named(&self.chain_inputs, table)?;
        let mut x = Vec::with_capacity(b * width);
        for &id in ids {
            x.extend_from_slice(row_of(inputs, id, width, table)?);
        }
        let hh = self.recurrent.apply(h, b);
        let mut activations = vec![0f32; b * 4 * d];
        let mut out = vec![0f32; b * d];
        activations
            .par_chunks_mut(4 * d)
            .zip(out.par_chunks_mut(d))
            .zip(x.par_chunks(width))
            .zip(hh.par_chunks(width).zip(h.par_chunks(d)))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|(((acts, h_out), x), (hh, h_prev))| {
                widest(fused_gru::ForwardRow {
                    acts,
                    h_out,
                    x,
                    b_ih: &self.input_bias,
                    hh,
                    h_prev,
                })
            });
        Ok(out)
    }

    /// The softmax of a head over the hidden states `h`, one distribution per table.
    pub(super) fn probabilities(&self, head: &str, h: &[f32]) -> Result<Vec<Vec<f32>>> {
        let linear = named(&self.choices, head)?;
        let b = h.len() / self.d;
        let logits = linear.apply(h, b);
        let width = logits.len() / b.max(1);
        // As candle's softmax: the maximum subtracted, then exponentials over their sum.
        Ok(logits
            .chunks_exact(width.max(1))
            .map(|row| {
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let exps: Vec<f32> = row.iter().map(|v| (v - max).exp()).collect();
                let sum: f32 = exps.iter().sum();
                exps.into_iter().map(|e| e / sum).collect()
            })
            .collect())
    }
}

/// Row `id` of a `[n, d]` table.
fn row_of<'a>(table: &'a [f32], id: u32, d: usize, what: &str) -> Result<&'a [f32]> {
    table
        .get(id as usize * d..(id as usize + 1) * d)
        .ok_or_else(|| GenError::Invalid(format!("{what} id {id} is out of range")))
}

/// The entry called `name`.
fn named<'a, T>(entries: &'a [(&'static str, T)], name: &str) -> Result<&'a T> {
    entries
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
        .ok_or_else(|| GenError::Invalid(format!("the graph transformer has no {name}")))
}
