//! A GPT-style SMILES transformer (decoder only, as DrugEx's SMILES transformer without the
//! fragment encoder): token + learned position embeddings, pre-norm blocks of causal multi-head
//! self-attention and a GELU feed-forward layer, a final layer norm and a linear output.
//!
//! Parameter names follow GPT-2's (`wte`, `wpe`, `h.0.attn.c_attn`, …) so weights are easy to
//! compare with other implementations; matrices are stored `[out, in]` as PyTorch's `Linear`.
//! Generation keeps each layer's keys and values, so a step costs one position, not the prefix.

use std::collections::HashMap;

use candle_core::{Device, Tensor, Var, D};

use crate::config::{Architecture, GptConfig};
use crate::fused_gpt_step::{GptFusedState, GptStepWeights};
use crate::language_model::{
    checked_parameters, initialized_parameters, standard_normal, LanguageModel,
};
use crate::{GenError, Result};

/// Parameters per block, in [`GptConfig::parameter_shapes`] order.
pub(crate) const BLOCK_PARAMETERS: usize = 12;

/// The transformer language model.
#[derive(Debug)]
pub struct GptLm {
    config: GptConfig,
    params: Vec<(String, Var)>,
    device: Device,
    /// Whether it reads fragments as a prompt before the molecule (DrugEx v3's SMILES
    /// transformer with fragment input); the weights are the same kind either way.
    reads_fragments: bool,
}

/// Generation state: on the CPU plain buffers with the weights prepared for the step
/// ([`crate::fused_gpt_step`]); elsewhere the position reached and each layer's keys and values
/// so far (`[batch, heads, positions, head size]`).
pub struct GptState(StateKind);

enum StateKind {
    Fused(Box<GptFusedState>),
    Tensors {
        position: usize,
        cache: Vec<Option<(Tensor, Tensor)>>,
    },
}

impl std::fmt::Debug for GptState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            StateKind::Fused(_) => "GptState(fused CPU buffers)",
            StateKind::Tensors { .. } => "GptState(tensors)",
        })
    }
}

impl GptLm {
    /// A freshly initialized model (GPT-2's scheme: normal weights with deviation 0.02, zero
    /// biases, unit layer-norm gains); the same seed gives the same weights.
    pub fn new(config: GptConfig, seed: u64, device: &Device) -> Result<Self> {
        config.validate()?;
        let params =
            initialized_parameters(config.parameter_shapes(), seed, device, |name, rng| {
                if name.ends_with("bias") {
                    0.0
                } else if name.contains("ln_") {
                    1.0
                } else {
                    0.02 * standard_normal(rng)
                }
            })?;
        Ok(Self {
            config,
            params,
            device: device.clone(),
            reads_fragments: false,
        })
    }

    /// The same network as a SMILES transformer with fragment input.
    pub fn reading_fragments(self) -> Self {
        Self {
            reads_fragments: true,
            ..self
        }
    }

    /// Builds a model from named tensors (a loaded file), each checked against the sizes.
    pub fn from_tensors(
        config: GptConfig,
        tensors: HashMap<String, Tensor>,
        device: &Device,
    ) -> Result<Self> {
        config.validate()?;
        let params = checked_parameters(config.parameter_shapes(), tensors, device, "transformer")?;
        Ok(Self {
            config,
            params,
            device: device.clone(),
            reads_fragments: false,
        })
    }

    /// The sizes.
    pub fn config(&self) -> &GptConfig {
        &self.config
    }

    fn param(&self, index: usize) -> &Tensor {
        self.params[index].1.as_tensor()
    }

    fn block(&self, l: usize) -> &[(String, Var)] {
        let start = 2 + l * BLOCK_PARAMETERS;
        &self.params[start..start + BLOCK_PARAMETERS]
    }

    /// One block on `x` `[b, t, d]`. With `cache`, `x` holds only the new positions and the
    /// keys and values of earlier ones come from (and are appended to) the cache; without it,
    /// a causal mask keeps each position from seeing later ones.
    fn block_forward(
        &self,
        l: usize,
        x: &Tensor,
        cache: Option<&mut Option<(Tensor, Tensor)>>,
    ) -> Result<Tensor> {
        let p = self.block(l);
        let qkv = linear(&layer_norm(x, &p[0].1, &p[1].1)?, &p[2].1, &p[3].1)?;
        let attention = self_attention(&qkv, self.config.heads, cache)?;
        let x = (x + linear(&attention, &p[4].1, &p[5].1)?)?;
        let hidden = linear(&layer_norm(&x, &p[6].1, &p[7].1)?, &p[8].1, &p[9].1)?;
        Ok((&x + linear(&hidden.gelu()?, &p[10].1, &p[11].1)?)?)
    }

    fn embed(&self, ids: &Tensor, first_position: usize) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        if first_position + t > self.config.max_len {
            return Err(GenError::Invalid(format!(
                "sequence of {} tokens is longer than the transformer's {} positions",
                first_position + t,
                self.config.max_len
            )));
        }
        let tokens = self
            .param(0)
            .index_select(&ids.flatten_all()?.contiguous()?, 0)?
            .reshape((b, t, self.config.d_model))?;
        let positions = self.param(1).narrow(0, first_position, t)?;
        Ok(tokens.broadcast_add(&positions)?)
    }

    fn head(&self, x: &Tensor) -> Result<Tensor> {
        let n = self.params.len();
        let x = layer_norm(x, &self.params[n - 4].1, &self.params[n - 3].1)?;
        linear(&x, &self.params[n - 2].1, &self.params[n - 1].1)
    }
}

/// `x · Wᵀ + b` for a `[.., in]` input and a PyTorch-layout weight. On the CPU it is one node
/// on our own kernels ([`crate::cpu::linear`]): candle's product of a transposed weight copies
/// it and runs several times slower.
pub(crate) fn linear(x: &Tensor, w: &Var, b: &Var) -> Result<Tensor> {
    linear_of(x, w.as_tensor(), b.as_tensor())
}

/// [`linear`] of plain tensors.
pub(crate) fn linear_of(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    if x.device().is_cpu() {
        let dims = x.dims();
        let inputs = dims[dims.len() - 1];
        let rows = x.elem_count() / inputs.max(1);
        let mut shape = dims.to_vec();
        shape[dims.len() - 1] = w.dim(0)?;
        let y = crate::cpu::linear(&x.reshape((rows, inputs))?, w, b)?;
        return Ok(y.reshape(shape)?);
    }
    Ok(x.broadcast_matmul(&w.t()?)?.broadcast_add(b)?)
}

pub(crate) fn layer_norm(x: &Tensor, w: &Var, b: &Var) -> Result<Tensor> {
    Ok(candle_nn::ops::layer_norm_slow(
        x,
        w.as_tensor(),
        b.as_tensor(),
        1e-5,
    )?)
}

/// Multi-head attention `[b, t, d]` of the queries, keys and values packed in `qkv`
/// `[b, t, 3d]`. With `cache`, `qkv` holds only new positions and the keys and values of
/// earlier ones come from (and are appended to) the cache; without it, a causal mask keeps each
/// position from seeing later ones.
pub(crate) fn self_attention(
    qkv: &Tensor,
    heads: usize,
    cache: Option<&mut Option<(Tensor, Tensor)>>,
) -> Result<Tensor> {
    let (b, t, d3) = qkv.dims3()?;
    let d = d3 / 3;
    let q = split_heads(&qkv.narrow(D::Minus1, 0, d)?, heads)?;
    let mut k = split_heads(&qkv.narrow(D::Minus1, d, d)?, heads)?;
    let mut v = split_heads(&qkv.narrow(D::Minus1, 2 * d, d)?, heads)?;
    let masked = cache.is_none();
    if let Some(cache) = cache {
        if let Some((k0, v0)) = cache.as_ref() {
            k = Tensor::cat(&[k0, &k], 2)?;
            v = Tensor::cat(&[v0, &v], 2)?;
        }
        // Only generation uses the cache, and it never backpropagates: detached, the cache
        // does not keep the graph of every earlier step.
        *cache = Some((k.detach(), v.detach()));
    }
    let scale = 1.0 / ((d / heads) as f64).sqrt();
    let mut scores = (q.matmul(&k.t()?)? * scale)?;
    if masked {
        scores = scores.broadcast_add(&causal_mask(t, qkv.device())?)?;
    }
    let attention = candle_nn::ops::softmax(&scores, D::Minus1)?.matmul(&v)?;
    Ok(attention.transpose(1, 2)?.reshape((b, t, d))?)
}

/// Splits `[b, t, d]` into heads `[b, heads, t, d / heads]`.
fn split_heads(x: &Tensor, heads: usize) -> Result<Tensor> {
    let (b, t, d) = x.dims3()?;
    Ok(x.reshape((b, t, heads, d / heads))?
        .transpose(1, 2)?
        .contiguous()?)
}

/// `[t, t]`: 0 on and below the diagonal, a large negative number above it.
pub(crate) fn causal_mask(t: usize, device: &Device) -> Result<Tensor> {
    let mask: Vec<f32> = (0..t)
        .flat_map(|i| (0..t).map(move |j| if j > i { -1e9 } else { 0.0 }))
        .collect();
    Ok(Tensor::from_vec(mask, (t, t), device)?)
}

impl LanguageModel for GptLm {
    type State = GptState;

    fn architecture(&self) -> Architecture {
        if self.reads_fragments {
            Architecture::SmilesTransformer(self.config.clone())
        } else {
            Architecture::Gpt(self.config.clone())
        }
    }

    fn device(&self) -> &Device {
        &self.device
    }

    fn parameters(&self) -> &[(String, Var)] {
        &self.params
    }

    fn forward(&self, input: &Tensor) -> Result<Tensor> {
        let mut x = self.embed(input, 0)?;
        for l in 0..self.config.layers {
            x = self.block_forward(l, &x, None)?;
        }
        self.head(&x)
    }

    fn start(&self, batch: usize) -> Result<GptState> {
        Ok(GptState(if self.device.is_cpu() {
            StateKind::Fused(Box::new(
                GptStepWeights::new(&self.config, &self.params)?.start(batch),
            ))
        } else {
            StateKind::Tensors {
                position: 0,
                cache: vec![None; self.config.layers],
            }
        }))
    }

    fn step(&self, tokens: &Tensor, state: &mut GptState) -> Result<Tensor> {
        match &mut state.0 {
            StateKind::Fused(state) => {
                let logits = state.step(&tokens.to_vec1::<u32>()?)?;
                let v = self.config.vocab_size;
                let rows = logits.len() / v;
                Ok(Tensor::from_vec(logits, (rows, v), &self.device)?)
            }
            StateKind::Tensors { position, cache } => {
                let mut x = self.embed(&tokens.unsqueeze(1)?, *position)?;
                for (l, cache) in cache.iter_mut().enumerate() {
                    x = self.block_forward(l, &x, Some(cache))?;
                }
                *position += 1;
                Ok(self.head(&x)?.squeeze(1)?)
            }
        }
    }

    fn keep_rows(&self, state: &mut GptState, rows: &Tensor) -> Result<()> {
        match &mut state.0 {
            StateKind::Fused(state) => state.keep_rows(&rows.to_vec1::<u32>()?),
            StateKind::Tensors { cache, .. } => {
                for (k, v) in cache.iter_mut().flatten() {
                    *k = k.index_select(rows, 0)?;
                    *v = v.index_select(rows, 0)?;
                }
                Ok(())
            }
        }
    }

    fn fresh(&self, vocab_size: usize, seed: u64) -> Result<Self> {
        let config = GptConfig {
            vocab_size,
            ..self.config.clone()
        };
        let fresh = GptLm::new(config, seed, &self.device)?;
        Ok(Self {
            reads_fragments: self.reads_fragments,
            ..fresh
        })
    }

    fn rebuild(&self, tensors: HashMap<String, Tensor>) -> Result<Self> {
        let rebuilt = GptLm::from_tensors(self.config.clone(), tensors, &self.device)?;
        Ok(Self {
            reads_fragments: self.reads_fragments,
            ..rebuilt
        })
    }

    fn per_token(&self, name: &str) -> bool {
        matches!(name, "wte.weight" | "lm_head.weight" | "lm_head.bias")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language_model::assert_states_agree;

    #[test]
    fn stepping_with_the_cache_gives_the_logits_of_the_whole_sequence() {
        let config = GptConfig {
            vocab_size: 9,
            d_model: 8,
            heads: 2,
            layers: 2,
            max_len: 6,
        };
        let model = GptLm::new(config, 3, &Device::Cpu).unwrap_or_else(|e| panic!("{e}"));
        let ids = vec![1u32, 4, 5, 8, 3, 1, 7, 7, 2, 6];
        let input =
            Tensor::from_vec(ids.clone(), (2, 5), &Device::Cpu).unwrap_or_else(|e| panic!("{e}"));
        let whole = model.forward(&input).unwrap_or_else(|e| panic!("{e}"));
        let mut state = model.start(2).unwrap_or_else(|e| panic!("{e}"));
        for t in 0..5 {
            let tokens = Tensor::from_vec(vec![ids[t], ids[5 + t]], 2, &Device::Cpu)
                .unwrap_or_else(|e| panic!("{e}"));
            let stepped = model
                .step(&tokens, &mut state)
                .unwrap_or_else(|e| panic!("{e}"));
            let expected = whole.narrow(1, t, 1).and_then(|x| x.squeeze(1));
            let diff = expected
                .and_then(|e| {
                    (e - stepped)?
                        .abs()?
                        .flatten_all()?
                        .max(0)?
                        .to_scalar::<f32>()
                })
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(diff < 1e-5, "position {t}: {diff}");
        }
        let too_long =
            Tensor::from_vec(vec![1u32; 7], (1, 7), &Device::Cpu).unwrap_or_else(|e| panic!("{e}"));
        assert!(model.forward(&too_long).is_err());
        assert!(GptLm::new(
            GptConfig {
                heads: 3,
                ..GptConfig::small(5)
            },
            0,
            &Device::Cpu
        )
        .is_err());
    }

    #[test]
    fn the_mask_hides_later_positions() {
        let mask = causal_mask(3, &Device::Cpu)
            .and_then(|m| Ok(m.to_vec2::<f32>()?))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mask[0], [0.0, -1e9, -1e9]);
        assert_eq!(mask[2], [0.0, 0.0, 0.0]);
    }

    #[test]
    fn the_fused_generation_step_matches_the_tensor_step_as_rows_leave() -> Result<()> {
        let device = Device::Cpu;
        let config = GptConfig {
            vocab_size: 9,
            d_model: 12,
            heads: 3,
            layers: 2,
            max_len: 4,
        };
        let model = GptLm::new(config, 5, &device)?;
        let fused = model.start(4)?;
        assert!(matches!(fused.0, StateKind::Fused(_)));
        let tensors = GptState(StateKind::Tensors {
            position: 0,
            cache: vec![None; 2],
        });
        let mut fused = assert_states_agree(&model, fused, tensors)?;
        // Past the last position, with a token outside the vocabulary, or keeping a row twice:
        // errors, not panics.
        assert!(model
            .step(&Tensor::new(&[1u32], &device)?, &mut fused)
            .is_err());
        let mut fresh = model.start(2)?;
        assert!(model
            .step(&Tensor::new(&[1u32, 9], &device)?, &mut fresh)
            .is_err());
        assert!(model
            .keep_rows(&mut fresh, &Tensor::new(&[1u32, 1], &device)?)
            .is_err());
        Ok(())
    }
}
