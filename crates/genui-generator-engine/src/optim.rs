//! AdamW after gradient-norm clipping (PyTorch's `clip_grad_norm_` then `AdamW.step`).
//!
//! On the CPU each parameter is updated in place in one pass over its values, gradient, and
//! moments; candle's optimizer spends a dozen whole-tensor operations, each with a fresh
//! allocation, per parameter and step, which was a tenth of a DrugEx training step. Other devices
//! keep candle's AdamW, which computes the same thing.

use std::sync::Mutex;

use candle_core::backprop::GradStore;
use candle_core::{CpuStorage, InplaceOp2, Layout, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rayon::prelude::*;

use crate::cpu::{values, with_values};
use crate::{GenError, Result};

/// Values per parallel job of the element-wise passes (the split, and so every result, does not
/// depend on the number of threads).
const CHUNK: usize = 1 << 14;

/// AdamW with the global gradient norm clipped first.
pub(crate) struct ClippedAdamW {
    vars: Vec<Var>,
    params: ParamsAdamW,
    max_norm: f64,
    state: State,
}

enum State {
    /// First and second moments of every variable, and the number of steps taken.
    Cpu { moments: Vec<Moments>, steps: i32 },
    /// candle's AdamW, for devices without the in-place path.
    Candle(Box<AdamW>),
}

struct Moments {
    first: Vec<f32>,
    second: Vec<f32>,
}

impl ClippedAdamW {
    pub(crate) fn new(vars: Vec<Var>, params: ParamsAdamW, max_norm: f64) -> Result<Self> {
        let state = if vars.iter().all(|v| v.device().is_cpu()) {
            let moments = vars
                .iter()
                .map(|v| Moments {
                    first: vec![0.0; v.elem_count()],
                    second: vec![0.0; v.elem_count()],
                })
                .collect();
            State::Cpu { moments, steps: 0 }
        } else {
            State::Candle(Box::new(AdamW::new(vars.clone(), params.clone())?))
        };
        Ok(Self {
            vars,
            params,
            max_norm,
            state,
        })
    }

    /// One update down `grads`, rescaled when their global L2 norm exceeds the limit; a norm
    /// that is not finite is an error and changes nothing.
    pub(crate) fn step(&mut self, grads: &mut GradStore) -> Result<()> {
        let mut squared = 0f64;
        for var in &self.vars {
            if let Some(g) = grads.get(var) {
                squared += with_values(g, sum_of_squares)?;
            }
        }
        let norm = squared.sqrt();
        if !norm.is_finite() {
            return Err(GenError::Invalid(format!(
                "gradient norm is {norm}: training diverged"
            )));
        }
        let scale = if norm > self.max_norm {
            self.max_norm / (norm + 1e-6)
        } else {
            1.0
        };
        match &mut self.state {
            State::Cpu { moments, steps } => {
                *steps += 1;
                let p = &self.params;
                let update = Update {
                    grad_scale: scale as f32,
                    beta1: p.beta1 as f32,
                    beta2: p.beta2 as f32,
                    scale_m: (1.0 / (1.0 - p.beta1.powi(*steps))) as f32,
                    scale_v: (1.0 / (1.0 - p.beta2.powi(*steps))) as f32,
                    decay: (1.0 - p.lr * p.weight_decay) as f32,
                    lr: p.lr as f32,
                    eps: p.eps as f32,
                };
                for (var, moments) in self.vars.iter().zip(moments) {
                    if let Some(g) = grads.get(var) {
                        let op = InPlaceUpdate {
                            update,
                            moments: Mutex::new(moments),
                        };
                        var.as_tensor().inplace_op2(&g.contiguous()?, &op)?;
                    }
                }
            }
            State::Candle(optimizer) => {
                if scale < 1.0 {
                    for var in &self.vars {
                        if let Some(g) = grads.remove(var) {
                            grads.insert(var, g.affine(scale, 0.0)?);
                        }
                    }
                }
                optimizer.step(grads)?;
            }
        }
        Ok(())
    }
}

/// `Σ x²` in double precision, summed in chunks of a fixed size.
fn sum_of_squares(values: &[f32]) -> f64 {
    let partial: Vec<f64> = values
        .par_chunks(CHUNK)
        .map(|chunk| chunk.iter().map(|&x| f64::from(x * x)).sum())
        .collect();
    partial.iter().sum()
}

/// The constants of one AdamW step (candle's formulas, in single precision).
#[derive(Clone, Copy)]
struct Update {
    grad_scale: f32,
    beta1: f32,
    beta2: f32,
    /// Bias corrections `1 / (1 − βᵗ)`.
    scale_m: f32,
    scale_v: f32,
    /// `1 − lr · weight decay`.
    decay: f32,
    lr: f32,
    eps: f32,
}

impl Update {
    fn apply(&self, theta: &mut [f32], grad: &[f32], m: &mut [f32], v: &mut [f32]) {
        for (((theta, &g), m), v) in theta.iter_mut().zip(grad).zip(m).zip(v) {
            let g = g * self.grad_scale;
            *m = *m * self.beta1 + g * (1.0 - self.beta1);
            *v = *v * self.beta2 + g * g * (1.0 - self.beta2);
            let (m_hat, v_hat) = (*m * self.scale_m, *v * self.scale_v);
            *theta = *theta * self.decay - m_hat / (v_hat.sqrt() + self.eps) * self.lr;
        }
    }
}

/// [`Update`] of one parameter tensor, its gradient the second operand.
struct InPlaceUpdate<'a> {
    update: Update,
    moments: Mutex<&'a mut Moments>,
}

impl InplaceOp2 for InPlaceUpdate<'_> {
    fn name(&self) -> &'static str {
        "adamw-update"
    }

    fn cpu_fwd(
        &self,
        s1: &mut CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<()> {
        let grad = values(s2, l2)?;
        let (CpuStorage::F32(theta), Some((start, end))) = (s1, l1.contiguous_offsets()) else {
            return Err(candle_core::Error::Msg(
                "AdamW updates contiguous f32 parameters".to_string(),
            ));
        };
        let mut moments = self
            .moments
            .lock()
            .map_err(|_| candle_core::Error::Msg("optimizer state poisoned".to_string()))?;
        let Moments { first, second } = &mut **moments;
        let theta = &mut theta[start..end];
        if [grad.len(), first.len(), second.len()] != [theta.len(); 3] {
            return Err(candle_core::Error::Msg(
                "a gradient or moment does not match its parameter".to_string(),
            ));
        }
        theta
            .par_chunks_mut(CHUNK)
            .zip(grad.par_chunks(CHUNK))
            .zip(
                first
                    .par_chunks_mut(CHUNK)
                    .zip(second.par_chunks_mut(CHUNK)),
            )
            .for_each(|((theta, grad), (m, v))| self.update.apply(theta, grad, m, v));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Tensor};

    /// Three steps of ours and of candle's AdamW (with the gradients clipped as the trainer did
    /// before) from the same weights and losses end at the same weights.
    #[test]
    fn the_in_place_update_is_candles_adamw() -> candle_core::Result<()> {
        let device = Device::Cpu;
        let start: Vec<f32> = (0..40_000).map(|i| ((i as f32) * 0.37).sin()).collect();
        let make = || Var::from_vec(start.clone(), (200, 200), &device);
        let (ours_var, reference_var) = (make()?, make()?);
        let params = ParamsAdamW {
            lr: 0.01,
            weight_decay: 0.1,
            ..ParamsAdamW::default()
        };
        let max_norm = 5.0;
        let mut ours = ClippedAdamW::new(vec![ours_var.clone()], params.clone(), max_norm)
            .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
        let mut reference = AdamW::new(vec![reference_var.clone()], params)?;
        let target = Tensor::new(3f32, &device)?;
        for step in 0..3 {
            // Large gradients on the first step (clipped), small ones later (not clipped).
            let weight = if step == 0 { 50.0 } else { 0.01 };
            let loss = |w: &Var| w.as_tensor().sqr()?.broadcast_sub(&target)?.sum_all()? * weight;
            let mut grads = loss(&ours_var)?.backward()?;
            ours.step(&mut grads)
                .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
            let mut grads = loss(&reference_var)?.backward()?;
            let g = grads
                .get(&reference_var)
                .cloned()
                .ok_or_else(|| candle_core::Error::Msg("no gradient".to_string()))?;
            let norm = f64::from(g.sqr()?.sum_all()?.to_scalar::<f32>()?).sqrt();
            if norm > max_norm {
                grads.insert(&reference_var, g.affine(max_norm / (norm + 1e-6), 0.0)?);
            }
            reference.step(&grads)?;
        }
        let diff = (ours_var.as_tensor() - reference_var.as_tensor())?
            .abs()?
            .flatten_all()?
            .max(0)?
            .to_scalar::<f32>()?;
        let moved = (ours_var.as_tensor() - Tensor::from_vec(start, (200, 200), &device)?)?
            .abs()?
            .flatten_all()?
            .max(0)?
            .to_scalar::<f32>()?;
        assert!(moved > 0.01, "the weights barely moved: {moved}");
        assert!(diff < 1e-5, "ours and candle's AdamW differ by {diff}");
        Ok(())
    }

    #[test]
    fn a_gradient_that_is_not_finite_is_refused_without_an_update() -> candle_core::Result<()> {
        let device = Device::Cpu;
        let var = Var::from_vec(vec![1f32, 2.0], 2, &device)?;
        let mut optimizer = ClippedAdamW::new(vec![var.clone()], ParamsAdamW::default(), 1.0)
            .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
        let mut grads = (var.as_tensor() * f64::INFINITY)?.sum_all()?.backward()?;
        assert!(optimizer.step(&mut grads).is_err());
        assert_eq!(var.as_tensor().to_vec1::<f32>()?, [1.0, 2.0]);
        Ok(())
    }
}
