//! DrugEx v3's graph transformer: a decoder over graph-growing steps ([`crate::graph`]) that
//! grows molecules from fragments.
//!
//! Each table row is embedded as its (atom, bond) word plus a fixed sinusoidal code of its
//! (curr, prev) site, and read by post-norm transformer blocks under a causal mask. From a
//! row's output a chain of heads, joined by one GRU cell, predicts the next row: its atom, then
//! its bond (the GRU having read the atom), then the earlier atom it bonds to (`prev`, having
//! read atom and bond), then — in the connection section — the atom it starts from (`curr`,
//! having read `prev`). Sizes and names follow DrugEx's `GraphModel`.
//!
//! Where ours differs, on purpose:
//! - training scores only the choices generation makes (not forced fragment rows, padding, or
//!   the `curr` that growth counts rather than predicts), so reinforcement learning rewards only
//!   what the network chose;
//! - generation follows the training chain in the connection section too (DrugEx skips the
//!   atom step there) and samples the bond of a connection instead of fixing it single;
//! - a ring closure starts only from a grown atom and connections join only different
//!   fragment groups, so no bond is ever added inside a fragment;
//! - no dropout: the same seed gives the same weights after training, bit for bit.
//!
//! Fragment atoms take new bonds only up to their seed's capacity, which is how attachment
//! points restrict growth ([`FragmentSeed`]); every other choice is masked by valence, so each
//! generated table decodes to a molecule that obeys its atoms' valences and contains its
//! fragments.

use std::collections::HashMap;

use candle_core::{Device, Tensor, Var, D};
use rand::{rngs::StdRng, Rng};

use crate::config::GraphTransformerConfig;
use crate::gpt::{layer_norm, linear, linear_of, self_attention};
use crate::graph::{FragmentSeed, GraphCoder, GraphVocabulary, Step};
use crate::language_model::{checked_parameters, initialized_parameters};
use crate::reinforce::{Generated, Policy, ReinforceConfig};
use crate::train::Learner;
use crate::{GenError, Result};
use row_reader::RowReader;

mod generation;
mod row_reader;

pub use generation::GraphExploration;

/// Bond orders a row can carry: none, single, double, triple.
pub(crate) const BOND_ORDERS: usize = 4;
/// Parameters per transformer block.
const BLOCK_PARAMETERS: usize = 12;

/// The graph transformer.
#[derive(Debug)]
pub struct GraphTransformer {
    config: GraphTransformerConfig,
    params: Vec<(String, Var)>,
    index: HashMap<String, usize>,
    /// The fixed sinusoidal code of every (curr, prev) site, `[sites², d_model]`.
    sites: Tensor,
    device: Device,
}

/// Tables ready for teacher forcing: each row's input ids and the next row's targets, with a
/// weight of 1 where generation chooses the target and 0 where it is forced or padding.
#[derive(Debug)]
pub struct GraphBatch {
    words: Tensor,
    sites: Tensor,
    atom: Tensor,
    word: Tensor,
    bond: Tensor,
    prev: Tensor,
    curr: Tensor,
    chooses_atom: Tensor,
    chooses_bond: Tensor,
    chooses_prev: Tensor,
    chooses_curr: Tensor,
    decisions: usize,
}

impl GraphBatch {
    /// The batch of `tables` (each [`GraphTransformerConfig::max_len`] rows).
    pub fn new(
        tables: &[&[Step]],
        config: &GraphTransformerConfig,
        device: &Device,
    ) -> Result<Self> {
        let (b, len) = (tables.len(), config.max_len);
        if b == 0 {
            return Err(GenError::Invalid("an empty batch of tables".into()));
        }
        let growth = config.layout().growth_rows();
        let t = len - 1;
        let mut ids: [Vec<u32>; 7] = Default::default();
        let mut weights: [Vec<f32>; 4] = Default::default();
        for table in tables {
            if table.len() != len {
                return Err(GenError::Invalid(format!(
                    "a table of {} rows for a network of {len}",
                    table.len()
                )));
            }
            let mut growth_ended = false;
            for r in 0..t {
                let (input, target) = (table[r], table[r + 1]);
                for s in [input, target] {
                    if usize::from(s.atom) >= config.vocab_size
                        || s.bond > 3
                        || usize::from(s.curr) >= growth
                        || usize::from(s.prev) >= growth
                    {
                        return Err(GenError::Invalid(format!(
                            "a table row {s:?} outside the network's vocabulary or sites"
                        )));
                    }
                }
                let word = |s: Step| u32::from(s.atom) * BOND_ORDERS as u32 + u32::from(s.bond);
                ids[0].push(word(input));
                ids[1].push(u32::from(input.curr) * growth as u32 + u32::from(input.prev));
                ids[2].push(u32::from(target.atom));
                ids[3].push(word(target));
                ids[4].push(u32::from(target.bond));
                ids[5].push(u32::from(target.prev));
                ids[6].push(u32::from(target.curr));
                let row = r + 1;
                let chooses = if row < growth {
                    if target.fragment != 0 || target.atom == GraphVocabulary::GO || growth_ended {
                        [0.0; 4]
                    } else if target.atom == GraphVocabulary::EOS {
                        growth_ended = true;
                        [1.0, 0.0, 0.0, 0.0]
                    } else {
                        [1.0, 1.0, 1.0, 0.0]
                    }
                } else if row > growth && target.atom != GraphVocabulary::EOS {
                    [0.0, 1.0, 1.0, 1.0]
                } else {
                    [0.0; 4]
                };
                for (w, c) in weights.iter_mut().zip(chooses) {
                    w.push(c);
                }
            }
        }
        let decisions = weights.iter().flatten().filter(|&&w| w > 0.0).count();
        let [words, sites, atom, word, bond, prev, curr] =
            ids.map(|v| Tensor::from_vec(v, (b, t), device));
        let [chooses_atom, chooses_bond, chooses_prev, chooses_curr] =
            weights.map(|v| Tensor::from_vec(v, (b, t), device));
        Ok(Self {
            words: words?,
            sites: sites?,
            atom: atom?,
            word: word?,
            bond: bond?,
            prev: prev?,
            curr: curr?,
            chooses_atom: chooses_atom?,
            chooses_bond: chooses_bond?,
            chooses_prev: chooses_prev?,
            chooses_curr: chooses_curr?,
            decisions: decisions.max(1),
        })
    }
}

/// What reading rows keeps between them: on the CPU a [`RowReader`] (keys and values in plain
/// buffers), elsewhere each block's keys and values so far as tensors.
enum Cache {
    Fused(Box<RowReader>),
    Tensors(Vec<Option<(Tensor, Tensor)>>),
}

/// Hidden states of a batch of tables, `[b, d]`: values on the host with the fused reader, a
/// tensor elsewhere.
enum Hidden {
    Host(Vec<f32>),
    Tensor(Tensor),
}

impl GraphTransformer {
    /// A freshly initialized network (Xavier-uniform matrices as DrugEx, zero biases, unit
    /// norm gains); the same seed gives the same weights.
    pub fn new(config: GraphTransformerConfig, seed: u64, device: &Device) -> Result<Self> {
        config.validate()?;
        let shapes = config.parameter_shapes();
        let fans: HashMap<String, (usize, usize)> = shapes
            .iter()
            .filter(|(_, s)| s.len() == 2)
            .map(|(n, s)| (n.clone(), (s[1], s[0])))
            .collect();
        let params =
            initialized_parameters(shapes, seed, device, |name, rng| match fans.get(name) {
                Some(&(fan_in, fan_out)) => {
                    let bound = (6.0 / (fan_in + fan_out) as f32).sqrt();
                    rng.gen_range(-bound..bound)
                }
                None if name.contains("norm") && name.ends_with("weight") => 1.0,
                None => 0.0,
            })?;
        Self::assemble(config, params, device)
    }

    /// A network from named tensors (a loaded file), each checked against the sizes.
    pub fn from_tensors(
        config: GraphTransformerConfig,
        tensors: HashMap<String, Tensor>,
        device: &Device,
    ) -> Result<Self> {
        config.validate()?;
        let params = checked_parameters(
            config.parameter_shapes(),
            tensors,
            device,
            "graph transformer",
        )?;
        Self::assemble(config, params, device)
    }

    fn assemble(
        config: GraphTransformerConfig,
        params: Vec<(String, Var)>,
        device: &Device,
    ) -> Result<Self> {
        let index = params
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.clone(), i))
            .collect();
        let sites = sinusoidal_table(config.layout().growth_rows().pow(2), config.d_model, device)?;
        Ok(Self {
            config,
            params,
            index,
            sites,
            device: device.clone(),
        })
    }

    /// The sizes.
    pub fn config(&self) -> &GraphTransformerConfig {
        &self.config
    }

    /// Named parameters in a fixed order.
    pub fn parameters(&self) -> &[(String, Var)] {
        &self.params
    }

    /// The device the parameters live on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The parameters as a name → tensor map (what files store).
    pub fn named_tensors(&self) -> HashMap<String, Tensor> {
        self.params
            .iter()
            .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
            .collect()
    }

    /// An independent copy (a prior kept fixed while its copy is trained as the agent).
    pub fn try_clone(&self) -> Result<Self> {
        Self::from_tensors(self.config.clone(), self.named_tensors(), &self.device)
    }

    fn p(&self, name: &str) -> &Tensor {
        self.params[self.index[name]].1.as_tensor()
    }

    fn block(&self, l: usize) -> &[(String, Var)] {
        let start = 3 + l * BLOCK_PARAMETERS;
        &self.params[start..start + BLOCK_PARAMETERS]
    }

    fn lookup(table: &Tensor, ids: &Tensor) -> Result<Tensor> {
        let mut dims = ids.dims().to_vec();
        dims.push(table.dim(1)?);
        Ok(table
            .index_select(&ids.flatten_all()?.contiguous()?, 0)?
            .reshape(dims)?)
    }

    /// Row embeddings `[b, t, d]` of word ids `atom·4 + bond` and site ids `curr·sites + prev`.
    fn embed(&self, words: &Tensor, sites: &Tensor) -> Result<Tensor> {
        Ok((Self::lookup(self.p("emb_word.weight"), words)? + Self::lookup(&self.sites, sites)?)?)
    }

    /// One post-norm block; with `cache`, `x` holds only new rows and earlier keys and values
    /// come from (and are appended to) the cache.
    fn block_forward(
        &self,
        l: usize,
        x: &Tensor,
        cache: Option<&mut Option<(Tensor, Tensor)>>,
    ) -> Result<Tensor> {
        let w = self.block(l);
        let qkv = linear(x, &w[0].1, &w[1].1)?;
        let attention = self_attention(&qkv, self.config.heads, cache)?;
        let x = layer_norm(
            &(x + linear(&attention, &w[2].1, &w[3].1)?)?,
            &w[4].1,
            &w[5].1,
        )?;
        let hidden = linear(&x, &w[6].1, &w[7].1)?.relu()?;
        layer_norm(
            &(&x + linear(&hidden, &w[8].1, &w[9].1)?)?,
            &w[10].1,
            &w[11].1,
        )
    }

    /// The GRU cell joining the heads: `h` read `x` (PyTorch's `GRUCell`, gates r, z, n).
    fn gru(&self, x: &Tensor, h: &Tensor) -> Result<Tensor> {
        let d = self.config.d_model;
        let gi = linear_of(x, self.p("rnn.weight_ih"), self.p("rnn.bias_ih"))?;
        let gh = linear_of(h, self.p("rnn.weight_hh"), self.p("rnn.bias_hh"))?;
        let rz = candle_nn::ops::sigmoid(
            &(gi.narrow(D::Minus1, 0, 2 * d)? + gh.narrow(D::Minus1, 0, 2 * d)?)?,
        )?;
        let (r, z) = (rz.narrow(D::Minus1, 0, d)?, rz.narrow(D::Minus1, d, d)?);
        let n =
            (gi.narrow(D::Minus1, 2 * d, d)? + (r * gh.narrow(D::Minus1, 2 * d, d)?)?)?.tanh()?;
        Ok((&n + (z * (h - &n)?)?)?)
    }

    fn head(&self, name: &str, h: &Tensor) -> Result<Tensor> {
        linear_of(
            h,
            self.p(&format!("{name}.weight")),
            self.p(&format!("{name}.bias")),
        )
    }

    /// Log-probability of `targets` under `logits` `[b, t, n]`, weighted: `[b, t]`.
    fn picked(logits: &Tensor, targets: &Tensor, weights: &Tensor) -> Result<Tensor> {
        let log_probs = candle_nn::ops::log_softmax(logits, D::Minus1)?;
        let picked = log_probs
            .gather(&targets.unsqueeze(D::Minus1)?.contiguous()?, D::Minus1)?
            .squeeze(D::Minus1)?;
        Ok((picked * weights)?)
    }

    /// Summed log-probability of the choices in every row, teacher forced: `[b, t]`.
    fn row_log_likelihood(&self, batch: &GraphBatch) -> Result<Tensor> {
        let mut x = self.embed(&batch.words, &batch.sites)?;
        for l in 0..self.config.layers {
            x = self.block_forward(l, &x, None)?;
        }
        let atom = Self::picked(
            &self.head("prj_atom", &x)?,
            &batch.atom,
            &batch.chooses_atom,
        )?;
        let h = self.gru(&Self::lookup(self.p("emb_atom.weight"), &batch.atom)?, &x)?;
        let bond = Self::picked(
            &self.head("prj_bond", &h)?,
            &batch.bond,
            &batch.chooses_bond,
        )?;
        let h = self.gru(&Self::lookup(self.p("emb_word.weight"), &batch.word)?, &h)?;
        let prev = Self::picked(
            &self.head("prj_loci", &h)?,
            &batch.prev,
            &batch.chooses_prev,
        )?;
        let h = self.gru(&Self::lookup(self.p("emb_loci.weight"), &batch.prev)?, &h)?;
        let curr = Self::picked(
            &self.head("prj_loci", &h)?,
            &batch.curr,
            &batch.chooses_curr,
        )?;
        Ok((((atom + bond)? + prev)? + curr)?)
    }

    /// Mean negative log-likelihood per choice of a batch (the training loss).
    pub fn loss(&self, batch: &GraphBatch) -> Result<Tensor> {
        let total = self.row_log_likelihood(batch)?.sum_all()?;
        Ok((total.neg()? / batch.decisions as f64)?)
    }

    /// Log-likelihood of each table's choices: `[b]` (the policy gradient's term).
    pub fn batch_log_likelihood(&self, batch: &GraphBatch) -> Result<Tensor> {
        Ok(self.row_log_likelihood(batch)?.sum(1)?)
    }

    /// The cache for reading `rows` tables row by row, with the weights as they are now.
    fn start_reading(&self, rows: usize) -> Result<Cache> {
        Ok(if self.device.is_cpu() {
            Cache::Fused(Box::new(RowReader::new(self, rows)?))
        } else {
            Cache::Tensors(vec![None; self.config.layers])
        })
    }

    /// Reads one new row per table (`[b]` words and sites) and returns its output `[b, d]`.
    fn read_row(&self, words: &[u32], sites: &[u32], cache: &mut Cache) -> Result<Hidden> {
        let b = words.len();
        let cache = match cache {
            Cache::Fused(reader) => return Ok(Hidden::Host(reader.read(words, sites)?)),
            Cache::Tensors(cache) => cache,
        };
        let words = Tensor::from_vec(words.to_vec(), (b, 1), &self.device)?;
        let sites = Tensor::from_vec(sites.to_vec(), (b, 1), &self.device)?;
        let mut x = self.embed(&words, &sites)?;
        for (l, c) in cache.iter_mut().enumerate() {
            x = self.block_forward(l, &x, Some(c))?;
        }
        Ok(Hidden::Tensor(x.squeeze(1)?))
    }

    /// The GRU's hidden states after reading rows `ids` of the embedding `table` from `h`.
    fn chain_step(&self, cache: &Cache, h: &Hidden, table: &str, ids: &[u32]) -> Result<Hidden> {
        match (cache, h) {
            (Cache::Fused(reader), Hidden::Host(h)) => {
                Ok(Hidden::Host(reader.chain(table, ids, h)?))
            }
            (Cache::Tensors(_), Hidden::Tensor(h)) => {
                Ok(Hidden::Tensor(self.gru(&self.embedded(table, ids)?, h)?))
            }
            _ => Err(GenError::Invalid(
                "hidden states from another reader".into(),
            )),
        }
    }

    /// A head's distributions over the hidden states `h`, one per table.
    fn head_probabilities(&self, cache: &Cache, h: &Hidden, head: &str) -> Result<Vec<Vec<f32>>> {
        match (cache, h) {
            (Cache::Fused(reader), Hidden::Host(h)) => reader.probabilities(head, h),
            (Cache::Tensors(_), Hidden::Tensor(h)) => self.probabilities(head, h),
            _ => Err(GenError::Invalid(
                "hidden states from another reader".into(),
            )),
        }
    }

    fn probabilities(&self, head: &str, h: &Tensor) -> Result<Vec<Vec<f32>>> {
        Ok(candle_nn::ops::softmax(&self.head(head, h)?, D::Minus1)?.to_vec2::<f32>()?)
    }

    fn embedded(&self, table: &str, ids: &[u32]) -> Result<Tensor> {
        let ids = Tensor::from_vec(ids.to_vec(), ids.len(), &self.device)?;
        Ok(self.p(table).index_select(&ids, 0)?)
    }
}

impl Learner for GraphTransformer {
    type Example = Vec<Step>;

    fn trainable(&self) -> Vec<Var> {
        self.params.iter().map(|(_, v)| v.clone()).collect()
    }

    fn batch_loss(&self, tables: &[&Vec<Step>]) -> Result<(Tensor, usize)> {
        let tables: Vec<&[Step]> = tables.iter().map(|t| t.as_slice()).collect();
        let batch = GraphBatch::new(&tables, &self.config, &self.device)?;
        Ok((self.loss(&batch)?, batch.decisions))
    }
}

/// Tables generated together while reinforcing (bounds the memory of the attention caches).
const EXPLORATION_BATCH: usize = 128;

/// Fragments a graph transformer grows from while reinforcing, used in turn from a random start
/// each epoch.
#[derive(Debug, Clone)]
pub struct FragmentSampler {
    /// Writes and reads the tables.
    pub coder: GraphCoder,
    /// The fragments.
    pub seeds: Vec<FragmentSeed>,
}

impl Policy for GraphTransformer {
    type Sampler = FragmentSampler;

    fn check(&self, prior: &Self, sampler: &FragmentSampler) -> Result<()> {
        if prior.config != self.config {
            return Err(GenError::Invalid(
                "the agent and its prior are graph transformers of different sizes".into(),
            ));
        }
        if sampler.coder.vocabulary.size() != self.config.vocab_size
            || sampler.coder.layout != self.config.layout()
        {
            return Err(GenError::Invalid(
                "the fragments were encoded for another graph vocabulary or table".into(),
            ));
        }
        if sampler.seeds.is_empty() {
            return Err(GenError::Invalid(
                "a graph transformer needs fragments to grow from".into(),
            ));
        }
        Ok(())
    }

    fn explore(
        &self,
        exploration: Option<(&Self, f64)>,
        sampler: &FragmentSampler,
        n: usize,
        _config: &ReinforceConfig,
        rng: &mut StdRng,
    ) -> Result<Vec<Vec<Step>>> {
        let start = rng.gen_range(0..sampler.seeds.len());
        let seeds: Vec<FragmentSeed> = (0..n)
            .map(|i| sampler.seeds[(start + i) % sampler.seeds.len()].clone())
            .collect();
        let exploration =
            exploration.map(|(network, epsilon)| GraphExploration { network, epsilon });
        self.generate(
            &sampler.coder.vocabulary,
            &seeds,
            exploration,
            EXPLORATION_BATCH,
            rng,
        )
    }

    fn read(sampler: &FragmentSampler, table: &Vec<Step>) -> Generated {
        match sampler.coder.decode(table) {
            Ok(decoded) => Generated {
                smiles: decoded.molecule,
                fragments: Some(decoded.fragments),
            },
            // Not a molecule: judged invalid, never rewarded.
            Err(_) => Generated {
                smiles: String::new(),
                fragments: None,
            },
        }
    }

    fn log_likelihood(&self, tables: &[&Vec<Step>]) -> Result<Tensor> {
        let tables: Vec<&[Step]> = tables.iter().map(|t| t.as_slice()).collect();
        self.batch_log_likelihood(&GraphBatch::new(&tables, &self.config, &self.device)?)
    }
}

/// `[n, d]`: `sin(p / 10000^(2i/d))` in even columns, `cos` in odd ones.
fn sinusoidal_table(n: usize, d: usize, device: &Device) -> Result<Tensor> {
    let mut values = Vec::with_capacity(n * d);
    for p in 0..n {
        for i in 0..d {
            let angle = p as f64 / 10000f64.powf((2 * (i / 2)) as f64 / d as f64);
            values.push(if i % 2 == 0 { angle.sin() } else { angle.cos() } as f32);
        }
    }
    Ok(Tensor::from_vec(values, (n, d), device)?)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn ok<T, E: std::fmt::Display>(r: std::result::Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    fn tiny(seed: u64) -> GraphTransformer {
        let config = GraphTransformerConfig {
            d_model: 16,
            heads: 2,
            layers: 2,
            d_inner: 24,
            ..GraphTransformerConfig::drugex(GraphVocabulary::drugex().size())
        };
        ok(GraphTransformer::new(config, seed, &Device::Cpu))
    }

    #[test]
    fn reading_rows_with_the_cache_gives_the_outputs_of_the_whole_table() {
        let model = tiny(1);
        let coder = GraphCoder::default();
        let table = ok(coder.encode(
            &ok(genui_chem::Molecule::from_smiles("CC(=O)Nc1ccc(O)cc1")),
            "Oc1ccccc1",
        ));
        let batch = ok(GraphBatch::new(&[&table], model.config(), &Device::Cpu));
        let mut whole = ok(model.embed(&batch.words, &batch.sites));
        for l in 0..2 {
            whole = ok(model.block_forward(l, &whole, None));
        }
        let growth = model.config().layout().growth_rows() as u32;
        // The CPU's fused reader, and the tensors other devices use; after each row, the
        // chain's first GRU step and its heads' distributions must agree between the two.
        let fused = ok(model.start_reading(1));
        assert!(matches!(fused, Cache::Fused(_)));
        let values = |h: &Hidden| match h {
            Hidden::Host(x) => x.clone(),
            Hidden::Tensor(x) => ok(x.flatten_all().and_then(|x| x.to_vec1::<f32>())),
        };
        let mut chained: Vec<Vec<f32>> = Vec::new();
        for mut cache in [fused, Cache::Tensors(vec![None; 2])] {
            let mut seen = Vec::new();
            for (r, step) in table.iter().take(10).enumerate() {
                let word = u32::from(step.atom) * 4 + u32::from(step.bond);
                let site = u32::from(step.curr) * growth + u32::from(step.prev);
                let row = ok(model.read_row(&[word], &[site], &mut cache));
                let expected = ok(whole
                    .narrow(1, r, 1)
                    .and_then(|x| x.flatten_all()?.to_vec1::<f32>()));
                let diff = max_difference(&expected, &values(&row));
                assert!(diff < 1e-5, "row {r}: {diff}");
                let h =
                    ok(model.chain_step(&cache, &row, "emb_atom.weight", &[u32::from(step.atom)]));
                seen.extend(values(&h));
                for head in ["prj_atom", "prj_bond", "prj_loci"] {
                    seen.extend(ok(model.head_probabilities(&cache, &h, head)).concat());
                }
            }
            chained.push(seen);
        }
        let diff = max_difference(&chained[0], &chained[1]);
        assert!(diff < 1e-5, "chain: {diff}");
        let mut fused = ok(model.start_reading(1));
        assert!(model.read_row(&[u32::MAX], &[0], &mut fused).is_err());
    }

    fn max_difference(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len());
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max)
    }

    #[test]
    fn only_the_choices_generation_makes_are_scored() {
        let model = tiny(1);
        let coder = GraphCoder::default();
        let molecule = ok(genui_chem::Molecule::from_smiles("CC(=O)Nc1ccc(O)cc1"));
        let table = ok(coder.encode(&molecule, "Oc1ccccc1.CC=O"));
        let batch = ok(GraphBatch::new(&[&table], model.config(), &Device::Cpu));
        // One grown atom (the amide N: atom, bond, prev), the end of growth (atom) and one
        // connection (bond, prev, curr), as in docs/drugex-v3.md's worked example.
        assert_eq!(batch.decisions, 3 + 1 + 3);
        let ll = ok(ok(model.batch_log_likelihood(&batch)).to_vec1::<f32>());
        assert!(ll[0].is_finite() && ll[0] < 0.0);
        let short = vec![Step::default(); 10];
        assert!(GraphBatch::new(&[&short], model.config(), &Device::Cpu).is_err());
    }

    #[test]
    fn generated_tables_keep_their_fragments_and_obey_valences() {
        let model = tiny(2);
        let coder = GraphCoder::default();
        let seeds: Vec<FragmentSeed> = [
            "c1ccccc1",
            "C1CCNCC1.c1ccoc1",
            "*c1ccncc1",
            "O=C(*)N1CC[C@H](*)C1",
        ]
        .iter()
        .map(|f| ok(coder.seed(f)))
        .collect();
        let mut rng = StdRng::seed_from_u64(5);
        let tables = ok(model.generate(&coder.vocabulary, &seeds, None, 3, &mut rng));
        assert_eq!(tables.len(), seeds.len());
        for (table, seed) in tables.iter().zip(&seeds) {
            assert_eq!(table.len(), 80);
            assert_eq!(&table[1..=seed.steps.len()], seed.steps.as_slice());
            let decoded = ok(coder.decode(table));
            let molecule = ok(genui_chem::Molecule::from_smiles(&decoded.molecule));
            let query =
                ok(genui_chem::substructure::QuerySpec::smiles(&decoded.fragments).compile());
            assert!(ok(query.is_match(&molecule)), "{decoded:?}");
            ok(GraphBatch::new(&[table], model.config(), &Device::Cpu));
        }
        let mut again = StdRng::seed_from_u64(5);
        assert_eq!(
            ok(model.generate(&coder.vocabulary, &seeds, None, 3, &mut again)),
            tables
        );
    }

    #[test]
    fn training_lowers_the_loss_and_is_reproducible() {
        use crate::train::{TrainConfig, Trainer};
        let coder = GraphCoder::default();
        let tables: Vec<Vec<Step>> = [
            ("CC(=O)Nc1ccc(O)cc1", "Oc1ccccc1"),
            (
                "Cc1ccc(S(=O)(=O)N2CCN(C(=O)c3ccco3)CC2)cc1",
                "C1CNCCN1.c1ccoc1",
            ),
            ("O=C(NCc1ccccc1)c1ccccc1", "c1ccccc1"),
        ]
        .iter()
        .map(|(m, f)| ok(coder.encode(&ok(genui_chem::Molecule::from_smiles(m)), f)))
        .collect();
        let train = |seed: u64| {
            let config = TrainConfig {
                batch_size: 2,
                learning_rate: 1e-2,
                seed,
                ..TrainConfig::default()
            };
            let mut trainer = ok(Trainer::new(tiny(seed), config));
            let first = ok(trainer.evaluate(&tables));
            for _ in 0..30 {
                ok(trainer.epoch(&tables));
            }
            let last = ok(trainer.evaluate(&tables));
            (first, last, trainer.into_model())
        };
        let (first, last, model) = train(3);
        assert!(last < first * 0.5, "{first} → {last}");
        let (_, _, again) = train(3);
        for ((_, a), (_, b)) in model.parameters().iter().zip(again.parameters()) {
            let same = ok(ok(a.as_tensor().eq(b.as_tensor())).min_all()).to_scalar::<u8>();
            assert_eq!(ok(same), 1);
        }
    }
}
