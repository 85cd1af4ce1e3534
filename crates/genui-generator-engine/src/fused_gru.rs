//! The GRU's equations for the fused layer node ([`crate::fused`]): gates r, z, n (PyTorch's
//! order); `b_hh` stays separate because the reset gate multiplies the hidden projection with its
//! bias.

use genui_sgemm::{matmul_packed, widest, MatRef, PackedRhs, VectorLoop};
use rayon::prelude::*;

use crate::cpu::{column_sums, sigmoid, tanh, zeros};
use crate::fused::{quarters, quarters_mut, recurrent_weight_gradient, Cell, Dims, ROWS_PER_JOB};

/// The GRU cell.
pub(crate) struct Gru;

impl Cell for Gru {
    const GATES: usize = 3;
    /// Per row r, z, n and the hidden projection of the n gate `h·W_hn + b_hn`, `[T, B, 4H]`.
    type Saved = Vec<f32>;

    fn forward(
        xp: Vec<f32>,
        w_hh: &[f32],
        b_ih: &[f32],
        b_hh: &[f32],
        d: Dims,
    ) -> (Vec<f32>, Vec<f32>) {
        forward(&xp, w_hh, b_ih, b_hh, d)
    }

    fn backward(
        grad: &[f32],
        w_hh: &[f32],
        hidden: &[f32],
        saved: Vec<f32>,
        d: Dims,
    ) -> (Vec<f32>, Vec<f32>, Option<Vec<f32>>) {
        let (d_x, d_w, d_b) = backward(grad, w_hh, hidden, &saved, d);
        (d_x, d_w, Some(d_b))
    }
}

/// The hidden states `[T, B, H]` and what the backward pass needs besides them: per row r, z, n
/// and the hidden projection of the n gate `h·W_hn + b_hn`, `[T, B, 4H]`; `xp` is the input
/// projection without its bias `b_ih`.
fn forward(xp: &[f32], w_hh: &[f32], b_ih: &[f32], b_hh: &[f32], d: Dims) -> (Vec<f32>, Vec<f32>) {
    let Dims { t, b, h } = d;
    let (step_h, step_g) = (b * h, b * 3 * h);
    let w_t = PackedRhs::new(MatRef::new(w_hh, 3 * h, h).t());
    let mut hidden = zeros(t * step_h);
    let mut acts = zeros(t * b * 4 * h);
    let mut hh = vec![0f32; b * 3 * h];
    let first_state = vec![0f32; step_h];
    for s in 0..t {
        for row in hh.chunks_exact_mut(3 * h) {
            row.copy_from_slice(b_hh);
        }
        let (done, rest) = hidden.split_at_mut(s * step_h);
        let h_prev = if s > 0 {
            let h_prev = &done[(s - 1) * step_h..];
            matmul_packed(MatRef::new(h_prev, b, h), &w_t, &mut hh, true);
            h_prev
        } else {
            &first_state[..]
        };
        acts[s * b * 4 * h..(s + 1) * b * 4 * h]
            .par_chunks_mut(4 * h)
            .zip(rest[..step_h].par_chunks_mut(h))
            .zip(xp[s * step_g..(s + 1) * step_g].par_chunks(3 * h))
            .zip(hh.par_chunks(3 * h).zip(h_prev.par_chunks(h)))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|(((acts, h_out), x), (hh, h_prev))| {
                widest(ForwardRow {
                    acts,
                    h_out,
                    x,
                    b_ih,
                    hh,
                    h_prev,
                })
            });
    }
    (hidden, acts)
}

/// Gradients of the input projection `[T, B, 3H]`, of `W_hh` `[3H, H]` and of `b_hh` `[3H]`.
fn backward(
    grad: &[f32],
    w_hh: &[f32],
    hidden: &[f32],
    acts: &[f32],
    d: Dims,
) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let Dims { t, b, h } = d;
    let (step_h, step_g) = (b * h, b * 3 * h);
    let w = PackedRhs::new(MatRef::new(w_hh, 3 * h, h));
    let mut d_x = zeros(t * step_g);
    // Gradient of the hidden projection (r, z, and n's h·W_hn + b_hn), every step.
    let mut d_hh = zeros(t * step_g);
    let mut dh_next = vec![0f32; step_h];
    let first_state = vec![0f32; step_h];
    for s in (0..t).rev() {
        let acts = &acts[s * b * 4 * h..(s + 1) * b * 4 * h];
        let h_prev = if s > 0 {
            &hidden[(s - 1) * step_h..s * step_h]
        } else {
            &first_state[..]
        };
        let g_out = &grad[s * step_h..(s + 1) * step_h];
        let d_hh_s = &mut d_hh[s * step_g..(s + 1) * step_g];
        d_x[s * step_g..(s + 1) * step_g]
            .par_chunks_mut(3 * h)
            .zip(d_hh_s.par_chunks_mut(3 * h))
            .zip(dh_next.par_chunks_mut(h))
            .zip(acts.par_chunks(4 * h))
            .zip(h_prev.par_chunks(h).zip(g_out.par_chunks(h)))
            .with_min_len(ROWS_PER_JOB)
            .for_each(|((((dx, dhh), dh_next), acts), (h_prev, g_out))| {
                widest(BackwardRow {
                    dx,
                    dhh,
                    dh_next,
                    acts,
                    h_prev,
                    g_out,
                })
            });
        if s > 0 {
            matmul_packed(MatRef::new(d_hh_s, b, 3 * h), &w, &mut dh_next, true);
        }
    }
    let d_w = recurrent_weight_gradient(&d_hh, hidden, d, 3 * h);
    let d_b = column_sums(&d_hh, 3 * h);
    (d_x, d_w, d_b)
}

/// One row of a forward step: activations r, z, n and the n gate's hidden projection into
/// `acts`, the new hidden state into `h_out`, from the input projection `x` and its bias, the hidden
/// projection `hh` (with its bias) and the previous hidden state.
pub(crate) struct ForwardRow<'a> {
    pub(crate) acts: &'a mut [f32],
    pub(crate) h_out: &'a mut [f32],
    pub(crate) x: &'a [f32],
    pub(crate) b_ih: &'a [f32],
    pub(crate) hh: &'a [f32],
    pub(crate) h_prev: &'a [f32],
}

impl VectorLoop for ForwardRow<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let h = self.h_out.len();
        let [ar, az, an, ahn] = quarters_mut(self.acts, h);
        let [xr, xz, xn] = thirds(self.x, h);
        let [br, bz, bn] = thirds(self.b_ih, h);
        let [hr, hz, hn] = thirds(self.hh, h);
        let (h_out, h_prev) = (self.h_out, &self.h_prev[..h]);
        for j in 0..h {
            let r = sigmoid(xr[j] + br[j] + hr[j]);
            let z = sigmoid(xz[j] + bz[j] + hz[j]);
            let n = tanh(xn[j] + bn[j] + r * hn[j]);
            (ar[j], az[j], an[j], ahn[j]) = (r, z, n, hn[j]);
            h_out[j] = n + z * (h_prev[j] - n);
        }
    }
}

/// One row of a backward step: the gradients of the gates' pre-activations on the input side
/// (`dx`) and the hidden side (`dhh`), and the direct part of the gradient flowing to the
/// previous hidden state (`dh_next`, which holds the gradient from the next step on entry).
struct BackwardRow<'a> {
    dx: &'a mut [f32],
    dhh: &'a mut [f32],
    dh_next: &'a mut [f32],
    acts: &'a [f32],
    h_prev: &'a [f32],
    g_out: &'a [f32],
}

impl VectorLoop for BackwardRow<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let h = self.dh_next.len();
        let [dxr, dxz, dxn] = thirds_mut(self.dx, h);
        let [dhr, dhz, dhn] = thirds_mut(self.dhh, h);
        let [ar, az, an, ahn] = quarters(self.acts, h);
        let (dh_next, h_prev, g_out) = (self.dh_next, &self.h_prev[..h], &self.g_out[..h]);
        for j in 0..h {
            let (r, z, n, hn) = (ar[j], az[j], an[j], ahn[j]);
            let dh = g_out[j] + dh_next[j];
            let dn_pre = dh * (1.0 - z) * (1.0 - n * n);
            let dr_pre = dn_pre * hn * r * (1.0 - r);
            let dz_pre = dh * (h_prev[j] - n) * z * (1.0 - z);
            (dxr[j], dxz[j], dxn[j]) = (dr_pre, dz_pre, dn_pre);
            (dhr[j], dhz[j], dhn[j]) = (dr_pre, dz_pre, dn_pre * r);
            // The direct path; the path through W_hh is added by the caller.
            dh_next[j] = dh * z;
        }
    }
}

/// The three gate blocks of a row of `3 × h` values, each exactly `h` long.
fn thirds(row: &[f32], h: usize) -> [&[f32]; 3] {
    let (first, rest) = row.split_at(h);
    let (second, third) = rest.split_at(h);
    [first, second, &third[..h]]
}

/// [`thirds`] for writing.
fn thirds_mut(row: &mut [f32], h: usize) -> [&mut [f32]; 3] {
    let (first, rest) = row.split_at_mut(h);
    let (second, third) = rest.split_at_mut(h);
    [first, second, &mut third[..h]]
}
