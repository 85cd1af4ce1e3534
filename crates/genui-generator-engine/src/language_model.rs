//! What training, sampling, reinforcement learning and model files need of a SMILES language
//! model, written once for every network (the recurrent `RnnLm`, the transformer `GptLm`), and
//! the parameter checks and seeded initialization they share.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::config::Architecture;
use crate::{GenError, Result};

/// A SMILES language model: next-token logits for teacher forcing and for step-by-step
/// generation, and named parameters for optimizers and files.
pub trait LanguageModel: Sized {
    /// What generation carries from one step to the next.
    type State;

    /// The architecture.
    fn architecture(&self) -> Architecture;
    /// The device the parameters live on.
    fn device(&self) -> &Device;
    /// Named parameters in a fixed order.
    fn parameters(&self) -> &[(String, Var)];
    /// Logits `[batch, time, vocab]` for token ids `[batch, time]`.
    fn forward(&self, input: &Tensor) -> Result<Tensor>;
    /// The state before the first token of `batch` sequences.
    fn start(&self, batch: usize) -> Result<Self::State>;
    /// Logits `[batch, vocab]` of the token after `tokens` `[batch]`.
    fn step(&self, tokens: &Tensor, state: &mut Self::State) -> Result<Tensor>;
    /// Keeps only the given rows (`[kept]` u32 indexes) of a generation state, so that finished
    /// sequences leave the batch.
    fn keep_rows(&self, state: &mut Self::State, rows: &Tensor) -> Result<()>;
    /// A model of the same kind and sizes with `vocab_size` tokens and fresh weights.
    fn fresh(&self, vocab_size: usize, seed: u64) -> Result<Self>;
    /// A model of this architecture from named tensors (checked, copied).
    fn rebuild(&self, tensors: HashMap<String, Tensor>) -> Result<Self>;
    /// Whether a parameter has one row per token (it grows with the vocabulary).
    fn per_token(&self, name: &str) -> bool;

    /// Longest sequence the network can read, if it has a limit (a transformer's positions).
    fn max_positions(&self) -> Option<usize> {
        match self.architecture() {
            Architecture::Gpt(c) | Architecture::SmilesTransformer(c) => Some(c.max_len),
            Architecture::Rnn(_) | Architecture::GraphTransformer(_) => None,
        }
    }

    /// Tokens in the vocabulary.
    fn vocab_size(&self) -> usize {
        self.architecture().vocab_size()
    }

    /// The trainable variables, for an optimizer.
    fn vars(&self) -> Vec<Var> {
        self.parameters().iter().map(|(_, v)| v.clone()).collect()
    }

    /// An independent copy (a prior kept fixed while its copy is trained as the agent).
    fn try_clone(&self) -> Result<Self> {
        self.rebuild(named_tensors(self))
    }

    /// A copy for a larger vocabulary (fine-tuning after the vocabulary was extended): the rows
    /// of old tokens keep what they learned, rows of new tokens start fresh.
    fn with_vocab_size(&self, vocab_size: usize, seed: u64) -> Result<Self> {
        let old = self.vocab_size();
        if vocab_size < old {
            return Err(GenError::Invalid(format!(
                "a vocabulary can only grow: {vocab_size} tokens < the parent's {old}"
            )));
        }
        let fresh = self.fresh(vocab_size, seed)?;
        let mut tensors = HashMap::new();
        for ((name, var), (_, new)) in self.parameters().iter().zip(fresh.parameters()) {
            let t = var.as_tensor();
            let grown = if self.per_token(name) {
                Tensor::cat(&[t, &new.as_tensor().narrow(0, old, vocab_size - old)?], 0)?
            } else {
                t.clone()
            };
            tensors.insert(name.clone(), grown);
        }
        fresh.rebuild(tensors)
    }
}

/// The parameters of a model as a name → tensor map (what files store).
pub fn named_tensors<M: LanguageModel>(model: &M) -> HashMap<String, Tensor> {
    model
        .parameters()
        .iter()
        .map(|(name, var)| (name.clone(), var.as_tensor().clone()))
        .collect()
}

/// Takes the parameters `shapes` names from `tensors` (a loaded file, another model's weights),
/// checking that each is present with its shape and type and that nothing else is there.
/// Each is copied onto `device`: training one model must never change another's weights.
pub(crate) fn checked_parameters(
    shapes: Vec<(String, Vec<usize>)>,
    mut tensors: HashMap<String, Tensor>,
    device: &Device,
    what: &str,
) -> Result<Vec<(String, Var)>> {
    let mut params = Vec::with_capacity(shapes.len());
    for (name, shape) in shapes {
        let tensor = tensors.remove(&name).ok_or_else(|| {
            GenError::Invalid(format!("tensor {name:?} is missing from the weights"))
        })?;
        if tensor.dims() != shape.as_slice() {
            return Err(GenError::Invalid(format!(
                "tensor {name:?} has shape {:?}, the architecture needs {shape:?}",
                tensor.dims()
            )));
        }
        if tensor.dtype() != DType::F32 {
            return Err(GenError::Invalid(format!(
                "tensor {name:?} is {:?}, expected F32",
                tensor.dtype()
            )));
        }
        // Detached: a variable of another model is copied (by `from_tensor`), not shared.
        params.push((name, Var::from_tensor(&tensor.to_device(device)?.detach())?));
    }
    if let Some(extra) = tensors.keys().min() {
        return Err(GenError::Invalid(format!(
            "unexpected tensor {extra:?} in the weights (not part of a {what})"
        )));
    }
    Ok(params)
}

/// Freshly initialized parameters: `init(name, rng)` gives each element of the parameter `name`
/// in turn, from one generator seeded with `seed` (candle's CPU device cannot be seeded).
pub(crate) fn initialized_parameters(
    shapes: Vec<(String, Vec<usize>)>,
    seed: u64,
    device: &Device,
    init: impl Fn(&str, &mut StdRng) -> f32,
) -> Result<Vec<(String, Var)>> {
    let mut rng = StdRng::seed_from_u64(seed);
    shapes
        .into_iter()
        .map(|(name, shape)| {
            let n: usize = shape.iter().product();
            let data: Vec<f32> = (0..n).map(|_| init(&name, &mut rng)).collect();
            let var = Var::from_vec(data, shape, device)?;
            Ok((name, var))
        })
        .collect()
}

/// A standard normal sample (Box–Muller), as PyTorch initializes embeddings.
pub(crate) fn standard_normal(rng: &mut StdRng) -> f32 {
    let u1: f32 = rng.gen_range(f32::EPSILON..1.0);
    let u2: f32 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f32::consts::PI * u2).cos()
}

/// Test support: asserts that two generation states of `model` (say its fused CPU state and
/// its tensor state) give the same logits step after step over a batch of four, with rows
/// leaving and reordered between steps as sampling does, and returns the first state.
#[cfg(test)]
pub(crate) fn assert_states_agree<M: LanguageModel>(
    model: &M,
    mut first: M::State,
    mut second: M::State,
) -> Result<M::State> {
    let device = model.device();
    let steps: [(&[u32], Option<&[u32]>); 4] = [
        (&[1, 1, 1, 1], None),
        (&[3, 8, 4, 5], Some(&[3, 0, 2])),
        (&[6, 7, 2], Some(&[1])),
        (&[8], None),
    ];
    for (tokens, keep) in steps {
        let tokens = Tensor::new(tokens, device)?;
        let a = model.step(&tokens, &mut first)?;
        let b = model.step(&tokens, &mut second)?;
        assert_eq!(a.dims(), b.dims());
        let diff = (a - b)?.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()?;
        assert!(diff < 1e-5, "{diff}");
        if let Some(rows) = keep {
            let rows = Tensor::new(rows, device)?;
            model.keep_rows(&mut first, &rows)?;
            model.keep_rows(&mut second, &rows)?;
        }
    }
    Ok(first)
}
