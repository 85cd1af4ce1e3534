//! The recurrence of one LSTM layer over a whole sequence as a single autodiff node, with a
//! hand-written backward pass (backpropagation through time) for the CPU.
//!
//! Why: with candle's generic autodiff, every time step's `h·W_hh` contributes its own
//! `[4H, H]` weight gradient, allocated and summed step by step, and every gate is a separate
//! tensor operation with its own allocation. Here the time loop runs over plain buffers: per
//! step one product with `W_hh` (packed once per sequence) and one fused pass over the gates,
//! split by rows between threads; the weight gradient is one large product over all steps,
//! `dGᵀ·H_prev`, as cuDNN and PyTorch's CPU kernels do. The forward pass keeps its activated
//! gates and cell states for the backward pass (recomputed only if they are gone, e.g. a second
//! backward through the same graph).

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp2, Layout, Shape, Tensor};
use genui_sgemm::{matmul, matmul_packed, MatRef, PackedRhs};
use rayon::prelude::*;

use crate::cpu::{sigmoid, tanh, tensor, values, with_values};

/// Rows of a step's batch handled by one thread at least.
pub(crate) const ROWS_PER_JOB: usize = 8;

/// `hs = LSTM recurrence(xp, W_hh)` over `steps` time steps: `xp` `[T·B, 4H]` (time-major) is
/// the input projection with both biases already added, `W_hh` `[4H, H]`; the result is every
/// step's hidden state, `[T·B, H]`. Inputs and result stay 2-D so that no reshape node sits
/// between them and the linear layers: candle's backward pass allocates and adds a gradient
/// buffer at every node.
pub(crate) struct LstmRecurrence {
    steps: usize,
    saved: Mutex<Option<Activations>>,
}

/// Applies [`LstmRecurrence`] (CPU tensors only).
pub(crate) fn lstm_recurrence(
    xp: &Tensor,
    w_hh: &Tensor,
    steps: usize,
) -> candle_core::Result<Tensor> {
    let op = LstmRecurrence {
        steps,
        saved: Mutex::default(),
    };
    xp.contiguous()?.apply_op2(&w_hh.contiguous()?, op)
}

/// Sizes: steps, batch rows, hidden units.
#[derive(Clone, Copy)]
pub(crate) struct Dims {
    pub(crate) t: usize,
    pub(crate) b: usize,
    pub(crate) h: usize,
}

impl Dims {
    /// The sizes of a time-major `[steps · B, gates · H]` input.
    pub(crate) fn of(steps: usize, shape: &Shape, gates: usize) -> candle_core::Result<Self> {
        let (rows, width) = shape.dims2()?;
        if steps == 0 || rows % steps != 0 || width % gates != 0 {
            return Err(candle_core::Error::Msg(format!(
                "a recurrence over {steps} steps cannot take a {rows} × {width} input"
            )));
        }
        Ok(Self {
            t: steps,
            b: rows / steps,
            h: width / gates,
        })
    }
}

/// What the backward pass needs besides the hidden states (the node's output): activated
/// gates i, f, g, o `[T, B, 4H]` and cell states `[T, B, H]`.
struct Activations {
    gates: Vec<f32>,
    cells: Vec<f32>,
}

/// The hidden states `[T, B, H]` and the activations.
fn forward(xp: &[f32], w_hh: &[f32], d: Dims) -> (Vec<f32>, Activations) {
    let Dims { t, b, h } = d;
    let (step_h, step_g) = (b * h, b * 4 * h);
    let w_t = PackedRhs::new(MatRef::new(w_hh, 4 * h, h).t());
    let mut gates = xp.to_vec();
    let mut cells = vec![0f32; t * step_h];
    let mut hidden = vec![0f32; t * step_h];
    let zeros = vec![0f32; step_h];
    for s in 0..t {
        let z = &mut gates[s * step_g..(s + 1) * step_g];
        let (done_h, rest_h) = hidden.split_at_mut(s * step_h);
        let (done_c, rest_c) = cells.split_at_mut(s * step_h);
        let c_prev = if s > 0 {
            let start = (s - 1) * step_h;
            matmul_packed(MatRef::new(&done_h[start..], b, h), &w_t, z, true);
            &done_c[start..]
        } else {
            &zeros[..]
        };
        z.par_chunks_mut(4 * h)
            .zip(rest_c[..step_h].par_chunks_mut(h))
            .zip(rest_h[..step_h].par_chunks_mut(h))
            .zip(c_prev.par_chunks(h))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|(((z, c), h_out), c_prev)| {
                let [zi, zf, zg, zo] = quarters_mut(z, h);
                let (c, h_out, c_prev) = (&mut c[..h], &mut h_out[..h], &c_prev[..h]);
                // Exact-length slices and no branches: the loop vectorizes.
                for j in 0..h {
                    let (i, f, g, o) =
                        (sigmoid(zi[j]), sigmoid(zf[j]), tanh(zg[j]), sigmoid(zo[j]));
                    let cell = f * c_prev[j] + i * g;
                    (zi[j], zf[j], zg[j], zo[j]) = (i, f, g, o);
                    c[j] = cell;
                    h_out[j] = o * tanh(cell);
                }
            });
    }
    (hidden, Activations { gates, cells })
}

/// Gradients of the input projection `[T, B, 4H]` and of `W_hh` `[4H, H]` from the gradient of
/// the hidden states.
fn backward(
    grad: &[f32],
    w_hh: &[f32],
    hidden: &[f32],
    saved: &Activations,
    d: Dims,
) -> (Vec<f32>, Vec<f32>) {
    let Dims { t, b, h } = d;
    let (step_h, step_g) = (b * h, b * 4 * h);
    let w = PackedRhs::new(MatRef::new(w_hh, 4 * h, h));
    let mut d_xp = vec![0f32; t * step_g];
    let mut dh_next = vec![0f32; step_h];
    let mut dc_next = vec![0f32; step_h];
    let zeros = vec![0f32; step_h];
    for s in (0..t).rev() {
        let dz = &mut d_xp[s * step_g..(s + 1) * step_g];
        let acts = &saved.gates[s * step_g..(s + 1) * step_g];
        let cells = &saved.cells[s * step_h..(s + 1) * step_h];
        let c_prev = if s > 0 {
            &saved.cells[(s - 1) * step_h..s * step_h]
        } else {
            &zeros[..]
        };
        let g_out = &grad[s * step_h..(s + 1) * step_h];
        dz.par_chunks_mut(4 * h)
            .zip(acts.par_chunks(4 * h))
            .zip(dc_next.par_chunks_mut(h))
            .zip(dh_next.par_chunks(h))
            .zip(cells.par_chunks(h).zip(c_prev.par_chunks(h)))
            .zip(g_out.par_chunks(h))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|(((((dz, a), dc_next), dh_next), (c, c_prev)), g_out)| {
                let [dzi, dzf, dzg, dzo] = quarters_mut(dz, h);
                let [ai, af, ag, ao] = quarters(a, h);
                let (dc_next, dh_next) = (&mut dc_next[..h], &dh_next[..h]);
                let (c, c_prev, g_out) = (&c[..h], &c_prev[..h], &g_out[..h]);
                for j in 0..h {
                    let (i, f, g, o) = (ai[j], af[j], ag[j], ao[j]);
                    let tanh_c = tanh(c[j]);
                    let dh = g_out[j] + dh_next[j];
                    let dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next[j];
                    dzi[j] = dc * g * i * (1.0 - i);
                    dzf[j] = dc * c_prev[j] * f * (1.0 - f);
                    dzg[j] = dc * i * (1.0 - g * g);
                    dzo[j] = dh * tanh_c * o * (1.0 - o);
                    dc_next[j] = dc * f;
                }
            });
        if s > 0 {
            matmul_packed(MatRef::new(dz, b, 4 * h), &w, &mut dh_next, false);
        }
    }
    let d_w = recurrent_weight_gradient(&d_xp, hidden, d, 4 * h);
    (d_xp, d_w)
}

/// The gradient of a recurrent weight `[G, H]`, `Σₛ dGₛᵀ·hₛ₋₁` (h₀ = 0), as one product over
/// steps 1..T: `d_gates` `[T·B, G]` holds the gradients of the gates' pre-activations, `hidden`
/// `[T·B, H]` the hidden states.
pub(crate) fn recurrent_weight_gradient(
    d_gates: &[f32],
    hidden: &[f32],
    d: Dims,
    gates: usize,
) -> Vec<f32> {
    let mut d_w = vec![0f32; gates * d.h];
    if d.t > 1 {
        let rows = (d.t - 1) * d.b;
        matmul(
            MatRef::new(&d_gates[d.b * gates..], rows, gates).t(),
            MatRef::new(&hidden[..rows * d.h], rows, d.h),
            &mut d_w,
            false,
        );
    }
    d_w
}

/// The four gate blocks of a row of `4 × h` values, each exactly `h` long.
pub(crate) fn quarters(row: &[f32], h: usize) -> [&[f32]; 4] {
    let (first, rest) = row.split_at(h);
    let (second, rest) = rest.split_at(h);
    let (third, fourth) = rest.split_at(h);
    [first, second, third, &fourth[..h]]
}

/// [`quarters`] for writing.
pub(crate) fn quarters_mut(row: &mut [f32], h: usize) -> [&mut [f32]; 4] {
    let (first, rest) = row.split_at_mut(h);
    let (second, rest) = rest.split_at_mut(h);
    let (third, fourth) = rest.split_at_mut(h);
    [first, second, third, &mut fourth[..h]]
}

impl CustomOp2 for LstmRecurrence {
    fn name(&self) -> &'static str {
        "lstm-recurrence"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let dims = Dims::of(self.steps, l1.shape(), 4)?;
        let (hidden, activations) = forward(values(s1, l1)?, values(s2, l2)?, dims);
        if let Ok(mut saved) = self.saved.lock() {
            *saved = Some(activations);
        }
        Ok((
            CpuStorage::F32(hidden),
            Shape::from((dims.t * dims.b, dims.h)),
        ))
    }

    fn bwd(
        &self,
        xp: &Tensor,
        w_hh: &Tensor,
        hidden: &Tensor,
        grad_res: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let dims = Dims::of(self.steps, xp.shape(), 4)?;
        let saved = self.saved.lock().ok().and_then(|mut s| s.take());
        let (d_xp, d_w) = with_values(w_hh, |w_hh| {
            let saved = match saved {
                Some(saved) => Ok(saved),
                None => with_values(xp, |xp| forward(xp, w_hh, dims).1),
            }?;
            with_values(hidden, |hidden| {
                with_values(grad_res, |grad| backward(grad, w_hh, hidden, &saved, dims))
            })?
        })??;
        Ok((
            Some(tensor(d_xp, xp.shape())?),
            Some(tensor(d_w, w_hh.shape())?),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_that_does_not_split_into_the_steps_is_refused() {
        let dims = Dims::of(4, &Shape::from((12, 8)), 4).map(|d| (d.t, d.b, d.h));
        assert!(matches!(dims, Ok((4, 3, 2))));
        for (steps, rows, width) in [(5, 12, 8), (0, 12, 8), (4, 12, 6)] {
            let refused = Dims::of(steps, &Shape::from((rows, width)), 4);
            assert!(refused.is_err(), "{steps} steps, {rows} × {width}");
        }
    }
}
