//! The LSTM's equations for the fused layer node ([`crate::fused`]): gates i, f, g, o (PyTorch's
//! order), both biases added to the input projection.

use genui_sgemm::{matmul_packed, widest, MatRef, PackedRhs, VectorLoop};
use rayon::prelude::*;

use crate::cpu::{sigmoid, tanh, zeros};
use crate::fused::{quarters, quarters_mut, recurrent_weight_gradient, Cell, Dims, ROWS_PER_JOB};

/// The LSTM cell.
pub(crate) struct Lstm;

/// What the backward pass needs besides the hidden states: activated gates i, f, g, o
/// `[T, B, 4H]` and cell states `[T, B, H]`.
pub(crate) struct Activations {
    gates: Vec<f32>,
    cells: Vec<f32>,
}

impl Cell for Lstm {
    const GATES: usize = 4;
    type Saved = Activations;

    fn forward(
        mut gates: Vec<f32>,
        w_hh: &[f32],
        b_ih: &[f32],
        b_hh: &[f32],
        d: Dims,
    ) -> (Vec<f32>, Activations) {
        let Dims { t, b, h } = d;
        let bias: Vec<f32> = b_ih.iter().zip(b_hh).map(|(x, y)| x + y).collect();
        let (step_h, step_g) = (b * h, b * 4 * h);
        let w_t = PackedRhs::new(MatRef::new(w_hh, 4 * h, h).t());
        let mut cells = zeros(t * step_h);
        let mut hidden = zeros(t * step_h);
        let first_state = vec![0f32; step_h];
        for s in 0..t {
            let z = &mut gates[s * step_g..(s + 1) * step_g];
            let (done_h, rest_h) = hidden.split_at_mut(s * step_h);
            let (done_c, rest_c) = cells.split_at_mut(s * step_h);
            let c_prev = if s > 0 {
                let start = (s - 1) * step_h;
                matmul_packed(MatRef::new(&done_h[start..], b, h), &w_t, z, true);
                &done_c[start..]
            } else {
                &first_state[..]
            };
            z.par_chunks_mut(4 * h)
                .zip(rest_c[..step_h].par_chunks_mut(h))
                .zip(rest_h[..step_h].par_chunks_mut(h))
                .zip(c_prev.par_chunks(h))
                .with_min_len(ROWS_PER_JOB)
                .for_each(|(((z, c), h_out), c_prev)| {
                    widest(ForwardRow {
                        z,
                        bias: &bias,
                        c,
                        h_out,
                        c_prev,
                    })
                });
        }
        (hidden, Activations { gates, cells })
    }

    fn backward(
        grad: &[f32],
        w_hh: &[f32],
        hidden: &[f32],
        saved: Activations,
        d: Dims,
    ) -> (Vec<f32>, Vec<f32>, Option<Vec<f32>>) {
        let Dims { t, b, h } = d;
        let (step_h, step_g) = (b * h, b * 4 * h);
        let w = PackedRhs::new(MatRef::new(w_hh, 4 * h, h));
        // Each step's gate gradients overwrite its activations, read just before.
        let Activations {
            gates: mut d_gates,
            cells,
        } = saved;
        let mut dh_next = vec![0f32; step_h];
        let mut dc_next = vec![0f32; step_h];
        let first_state = vec![0f32; step_h];
        for s in (0..t).rev() {
            let dz = &mut d_gates[s * step_g..(s + 1) * step_g];
            let c_prev = if s > 0 {
                &cells[(s - 1) * step_h..s * step_h]
            } else {
                &first_state[..]
            };
            let g_out = &grad[s * step_h..(s + 1) * step_h];
            let c = &cells[s * step_h..(s + 1) * step_h];
            dz.par_chunks_mut(4 * h)
                .zip(dc_next.par_chunks_mut(h))
                .zip(dh_next.par_chunks(h))
                .zip(c.par_chunks(h).zip(c_prev.par_chunks(h)))
                .zip(g_out.par_chunks(h))
                .with_min_len(ROWS_PER_JOB)
                .for_each(|((((dz, dc_next), dh_next), (c, c_prev)), g_out)| {
                    widest(BackwardRow {
                        dz,
                        dc_next,
                        dh_next,
                        c,
                        c_prev,
                        g_out,
                    })
                });
            if s > 0 {
                matmul_packed(MatRef::new(dz, b, 4 * h), &w, &mut dh_next, false);
            }
        }
        let d_w = recurrent_weight_gradient(&d_gates, hidden, d, 4 * h);
        (d_gates, d_w, None)
    }
}

/// One row of a forward step: the gates' pre-activations `z` (without the bias) become
/// activations, then the cell and hidden states follow.
pub(crate) struct ForwardRow<'a> {
    pub(crate) z: &'a mut [f32],
    pub(crate) bias: &'a [f32],
    pub(crate) c: &'a mut [f32],
    pub(crate) h_out: &'a mut [f32],
    pub(crate) c_prev: &'a [f32],
}

impl VectorLoop for ForwardRow<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let h = self.c.len();
        let [zi, zf, zg, zo] = quarters_mut(self.z, h);
        let [bi, bf, bg, bo] = quarters(self.bias, h);
        let (c, h_out, c_prev) = (self.c, &mut self.h_out[..h], &self.c_prev[..h]);
        // Exact-length slices and no branches: the loop vectorizes.
        for j in 0..h {
            let (i, f) = (sigmoid(zi[j] + bi[j]), sigmoid(zf[j] + bf[j]));
            let (g, o) = (tanh(zg[j] + bg[j]), sigmoid(zo[j] + bo[j]));
            let cell = f * c_prev[j] + i * g;
            (zi[j], zf[j], zg[j], zo[j]) = (i, f, g, o);
            c[j] = cell;
            h_out[j] = o * tanh(cell);
        }
    }
}

/// One row of a backward step: the gradients of the gates' pre-activations replace the
/// activations in `dz`, from them, the cell states and the gradients flowing back from the
/// output and the next step.
struct BackwardRow<'a> {
    dz: &'a mut [f32],
    dc_next: &'a mut [f32],
    dh_next: &'a [f32],
    c: &'a [f32],
    c_prev: &'a [f32],
    g_out: &'a [f32],
}

impl VectorLoop for BackwardRow<'_> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let h = self.dc_next.len();
        let [dzi, dzf, dzg, dzo] = quarters_mut(self.dz, h);
        let (dc_next, dh_next) = (self.dc_next, &self.dh_next[..h]);
        let (c, c_prev, g_out) = (&self.c[..h], &self.c_prev[..h], &self.g_out[..h]);
        for j in 0..h {
            let (i, f, g, o) = (dzi[j], dzf[j], dzg[j], dzo[j]);
            let tanh_c = tanh(c[j]);
            let dh = g_out[j] + dh_next[j];
            let dc = dh * o * (1.0 - tanh_c * tanh_c) + dc_next[j];
            dzi[j] = dc * g * i * (1.0 - i);
            dzf[j] = dc * c_prev[j] * f * (1.0 - f);
            dzg[j] = dc * i * (1.0 - g * g);
            dzo[j] = dh * tanh_c * o * (1.0 - o);
            dc_next[j] = dc * f;
        }
    }
}
