//! What a language model is made of, before any weight exists: the recurrent and the
//! transformer sizes and the [`Architecture`] that holds either (what model files store).

use serde::{Deserialize, Serialize};

use crate::graph::GraphLayout;
use crate::{GenError, Result};

/// Largest vocabulary a network file may give.
pub const MAX_VOCABULARY: usize = 65_536;
/// Largest width (embedding, state, residual or feed-forward) of a layer.
pub const MAX_WIDTH: usize = 16_384;
/// Most stacked layers or blocks.
pub const MAX_LAYERS: usize = 64;
/// Most positions or table rows, and attention heads.
pub const MAX_POSITIONS: usize = 8_192;
/// Most parameters of one network (2 GB of weights): far beyond DrugEx's networks, small
/// enough that no file can make building or loading one exhaust memory.
pub const MAX_PARAMETERS: usize = 500_000_000;

/// Refuses a size above its bound, before anything of that size is allocated, then a network
/// of more than [`MAX_PARAMETERS`] (its `shapes`, listed once the sizes are known to be sane).
fn bounded(
    what: &str,
    sizes: &[(&str, usize, usize)],
    shapes: impl FnOnce() -> Vec<(String, Vec<usize>)>,
) -> Result<()> {
    for &(name, value, max) in sizes {
        if value > max {
            return Err(GenError::Invalid(format!(
                "{what} with {name} {value}: at most {max} is supported"
            )));
        }
    }
    let parameters: usize = shapes()
        .iter()
        .map(|(_, shape)| shape.iter().product::<usize>())
        .sum();
    if parameters > MAX_PARAMETERS {
        return Err(GenError::Invalid(format!(
            "{what} of {parameters} parameters: at most {MAX_PARAMETERS} are supported"
        )));
    }
    Ok(())
}

/// The recurrent cell type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// Long short-term memory (DrugEx's default).
    Lstm,
    /// Gated recurrent unit: three gates instead of four, a little faster.
    Gru,
}

impl Cell {
    pub(crate) fn gates(self) -> usize {
        match self {
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }
}

/// Architecture of a model: everything needed to rebuild it before loading weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelConfig {
    /// LSTM or GRU.
    pub cell: Cell,
    /// Tokens in the vocabulary (input and output size).
    pub vocab_size: usize,
    /// Size of a token embedding.
    pub embedding_dim: usize,
    /// Size of each recurrent layer's state.
    pub hidden_dim: usize,
    /// Stacked recurrent layers.
    pub num_layers: usize,
}

impl ModelConfig {
    /// DrugEx's defaults: embedding 128, hidden 512, 3 layers.
    pub fn drugex(cell: Cell, vocab_size: usize) -> Self {
        Self {
            cell,
            vocab_size,
            embedding_dim: 128,
            hidden_dim: 512,
            num_layers: 3,
        }
    }

    /// Rejects architectures that cannot be built (a zero size, a vocabulary without specials).
    pub fn validate(&self) -> Result<()> {
        if self.vocab_size < 3
            || self.embedding_dim == 0
            || self.hidden_dim == 0
            || self.num_layers == 0
        {
            return Err(GenError::Invalid(format!(
                "impossible architecture {self:?}: sizes must be positive and the vocabulary needs at least the 3 special tokens"
            )));
        }
        bounded(
            "a recurrent network",
            &[
                ("vocab_size", self.vocab_size, MAX_VOCABULARY),
                ("embedding_dim", self.embedding_dim, MAX_WIDTH),
                ("hidden_dim", self.hidden_dim, MAX_WIDTH),
                ("num_layers", self.num_layers, MAX_LAYERS),
            ],
            || self.parameter_shapes(),
        )
    }

    /// Name and shape of every parameter, in a fixed order.
    pub fn parameter_shapes(&self) -> Vec<(String, Vec<usize>)> {
        let (v, e, h, g) = (
            self.vocab_size,
            self.embedding_dim,
            self.hidden_dim,
            self.cell.gates(),
        );
        let mut shapes = vec![("embed.weight".to_string(), vec![v, e])];
        for l in 0..self.num_layers {
            let input = if l == 0 { e } else { h };
            shapes.push((format!("rnn.weight_ih_l{l}"), vec![g * h, input]));
            shapes.push((format!("rnn.weight_hh_l{l}"), vec![g * h, h]));
            shapes.push((format!("rnn.bias_ih_l{l}"), vec![g * h]));
            shapes.push((format!("rnn.bias_hh_l{l}"), vec![g * h]));
        }
        shapes.push(("linear.weight".to_string(), vec![v, h]));
        shapes.push(("linear.bias".to_string(), vec![v]));
        shapes
    }
}

/// Sizes of a transformer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GptConfig {
    /// Tokens in the vocabulary.
    pub vocab_size: usize,
    /// Width of the residual stream.
    pub d_model: usize,
    /// Attention heads per layer (must divide `d_model`).
    pub heads: usize,
    /// Transformer blocks.
    pub layers: usize,
    /// Longest sequence (start token included) the position embedding covers.
    pub max_len: usize,
}

impl GptConfig {
    /// A small default for CPU training: 4 blocks of width 256 with 8 heads, 128 positions.
    pub fn small(vocab_size: usize) -> Self {
        Self {
            vocab_size,
            d_model: 256,
            heads: 8,
            layers: 4,
            max_len: 128,
        }
    }

    /// Rejects sizes that cannot be built.
    pub fn validate(&self) -> Result<()> {
        if self.vocab_size < 3
            || self.d_model == 0
            || self.heads == 0
            || self.layers == 0
            || self.max_len == 0
            || !self.d_model.is_multiple_of(self.heads)
        {
            return Err(GenError::Invalid(format!(
                "impossible transformer {self:?}: sizes must be positive, heads must divide d_model and the vocabulary needs the 3 special tokens"
            )));
        }
        bounded(
            "a transformer",
            &[
                ("vocab_size", self.vocab_size, MAX_VOCABULARY),
                ("d_model", self.d_model, MAX_WIDTH / 4),
                ("heads", self.heads, MAX_POSITIONS),
                ("layers", self.layers, MAX_LAYERS),
                ("max_len", self.max_len, MAX_POSITIONS),
            ],
            || self.parameter_shapes(),
        )
    }

    /// Name and shape of every parameter, in a fixed order.
    pub fn parameter_shapes(&self) -> Vec<(String, Vec<usize>)> {
        let (v, d) = (self.vocab_size, self.d_model);
        let mut shapes = vec![
            ("wte.weight".to_string(), vec![v, d]),
            ("wpe.weight".to_string(), vec![self.max_len, d]),
        ];
        for l in 0..self.layers {
            let p = |n: &str| format!("h.{l}.{n}");
            shapes.extend([
                (p("ln_1.weight"), vec![d]),
                (p("ln_1.bias"), vec![d]),
                (p("attn.c_attn.weight"), vec![3 * d, d]),
                (p("attn.c_attn.bias"), vec![3 * d]),
                (p("attn.c_proj.weight"), vec![d, d]),
                (p("attn.c_proj.bias"), vec![d]),
                (p("ln_2.weight"), vec![d]),
                (p("ln_2.bias"), vec![d]),
                (p("mlp.c_fc.weight"), vec![4 * d, d]),
                (p("mlp.c_fc.bias"), vec![4 * d]),
                (p("mlp.c_proj.weight"), vec![d, 4 * d]),
                (p("mlp.c_proj.bias"), vec![d]),
            ]);
        }
        shapes.extend([
            ("ln_f.weight".to_string(), vec![d]),
            ("ln_f.bias".to_string(), vec![d]),
            ("lm_head.weight".to_string(), vec![v, d]),
            ("lm_head.bias".to_string(), vec![v]),
        ]);
        shapes
    }
}

/// Sizes of a graph transformer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GraphTransformerConfig {
    /// Tokens of the graph vocabulary (control tokens and `*` included).
    pub vocab_size: usize,
    /// Width of the residual stream.
    pub d_model: usize,
    /// Attention heads per block (must divide `d_model`).
    pub heads: usize,
    /// Transformer blocks.
    pub layers: usize,
    /// Width of each block's feed-forward layer.
    pub d_inner: usize,
    /// Rows of a table.
    pub max_len: usize,
    /// Most fragment components of an input.
    pub max_fragments: usize,
}

impl GraphTransformerConfig {
    /// DrugEx v3's sizes: 12 blocks of width 512 with 8 heads and a feed-forward width of
    /// 1024, tables of 80 rows for up to 4 fragments.
    pub fn drugex(vocab_size: usize) -> Self {
        Self {
            vocab_size,
            d_model: 512,
            heads: 8,
            layers: 12,
            d_inner: 1024,
            max_len: 80,
            max_fragments: 4,
        }
    }

    /// A size that trains on a CPU in hours rather than weeks: 4 blocks of width 256.
    pub fn small(vocab_size: usize) -> Self {
        Self {
            d_model: 256,
            layers: 4,
            d_inner: 512,
            ..Self::drugex(vocab_size)
        }
    }

    /// The table layout.
    pub fn layout(&self) -> GraphLayout {
        GraphLayout {
            max_len: self.max_len,
            max_fragments: self.max_fragments,
        }
    }

    /// Rejects sizes that cannot be built.
    pub fn validate(&self) -> Result<()> {
        let connection_rows = self.max_fragments + 1;
        if self.vocab_size < 4
            || self.d_model == 0
            || self.heads == 0
            || self.layers == 0
            || self.d_inner == 0
            || self.max_fragments == 0
            || self.max_len < connection_rows + 3
            || !self.d_model.is_multiple_of(self.heads)
        {
            return Err(GenError::Invalid(format!(
                "impossible graph transformer {self:?}: sizes must be positive, heads must divide \
                 d_model, the vocabulary needs its 3 control tokens and an atom, and the table \
                 rows for growth beside the connection section"
            )));
        }
        bounded(
            "a graph transformer",
            &[
                ("vocab_size", self.vocab_size, MAX_VOCABULARY),
                ("d_model", self.d_model, MAX_WIDTH),
                ("heads", self.heads, MAX_POSITIONS),
                ("layers", self.layers, MAX_LAYERS),
                ("d_inner", self.d_inner, MAX_WIDTH),
                ("max_len", self.max_len, MAX_POSITIONS),
                ("max_fragments", self.max_fragments, MAX_LAYERS),
            ],
            || self.parameter_shapes(),
        )
    }

    /// Name and shape of every parameter, in a fixed order.
    pub fn parameter_shapes(&self) -> Vec<(String, Vec<usize>)> {
        let (v, d, f) = (self.vocab_size, self.d_model, self.d_inner);
        let sites = self.layout().growth_rows();
        let mut shapes = vec![
            (
                "emb_word.weight".to_string(),
                vec![v * crate::graph_model::BOND_ORDERS, d],
            ),
            ("emb_atom.weight".to_string(), vec![v, d]),
            ("emb_loci.weight".to_string(), vec![sites, d]),
        ];
        for l in 0..self.layers {
            let p = |n: &str| format!("layers.{l}.{n}");
            shapes.extend([
                (p("self_attn.in_proj_weight"), vec![3 * d, d]),
                (p("self_attn.in_proj_bias"), vec![3 * d]),
                (p("self_attn.out_proj.weight"), vec![d, d]),
                (p("self_attn.out_proj.bias"), vec![d]),
                (p("norm1.weight"), vec![d]),
                (p("norm1.bias"), vec![d]),
                (p("linear1.weight"), vec![f, d]),
                (p("linear1.bias"), vec![f]),
                (p("linear2.weight"), vec![d, f]),
                (p("linear2.bias"), vec![d]),
                (p("norm2.weight"), vec![d]),
                (p("norm2.bias"), vec![d]),
            ]);
        }
        shapes.extend([
            ("rnn.weight_ih".to_string(), vec![3 * d, d]),
            ("rnn.weight_hh".to_string(), vec![3 * d, d]),
            ("rnn.bias_ih".to_string(), vec![3 * d]),
            ("rnn.bias_hh".to_string(), vec![3 * d]),
            ("prj_atom.weight".to_string(), vec![v, d]),
            ("prj_atom.bias".to_string(), vec![v]),
            (
                "prj_bond.weight".to_string(),
                vec![crate::graph_model::BOND_ORDERS, d],
            ),
            (
                "prj_bond.bias".to_string(),
                vec![crate::graph_model::BOND_ORDERS],
            ),
            ("prj_loci.weight".to_string(), vec![sites, d]),
            ("prj_loci.bias".to_string(), vec![sites]),
        ]);
        shapes
    }
}

/// The architecture of a model, as stored in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Architecture {
    /// An LSTM or GRU language model.
    Rnn(ModelConfig),
    /// A GPT-style decoder-only transformer.
    Gpt(GptConfig),
    /// DrugEx v3's SMILES transformer with fragment input: a GPT that reads the fragments'
    /// SMILES as a prompt and writes a molecule containing them.
    SmilesTransformer(GptConfig),
    /// DrugEx v3's graph transformer, growing molecules from fragments.
    GraphTransformer(GraphTransformerConfig),
}

impl Architecture {
    /// Tokens in the vocabulary the model was built for.
    pub fn vocab_size(&self) -> usize {
        match self {
            Architecture::Rnn(c) => c.vocab_size,
            Architecture::Gpt(c) | Architecture::SmilesTransformer(c) => c.vocab_size,
            Architecture::GraphTransformer(c) => c.vocab_size,
        }
    }
    /// What a network of this architecture generates from.
    pub fn input(&self) -> crate::generator::Input {
        match self {
            Architecture::GraphTransformer(_) | Architecture::SmilesTransformer(_) => {
                crate::generator::Input::Fragments
            }
            Architecture::Rnn(_) | Architecture::Gpt(_) => crate::generator::Input::Molecules,
        }
    }

    /// Rejects impossible sizes (zero, heads not dividing the width, no room for the special
    /// tokens).
    pub fn validate(&self) -> Result<()> {
        match self {
            Architecture::Rnn(c) => c.validate(),
            Architecture::Gpt(c) | Architecture::SmilesTransformer(c) => c.validate(),
            Architecture::GraphTransformer(c) => c.validate(),
        }
    }
}
