//! One recurrent layer — its input projection and its recurrence over a whole sequence — as a
//! single autodiff node with a hand-written backward pass (backpropagation through time) for the
//! CPU. The cell's equations are in [`crate::fused_lstm`] and [`crate::fused_gru`].
//!
//! Why: with candle's generic autodiff, every time step's `h·W_hh` contributes its own weight
//! gradient, allocated and summed step by step, every gate is a separate tensor operation with
//! its own allocation, and every edge between two nodes costs a zeroed buffer plus an addition
//! in the backward pass. Here the layer runs over plain buffers: the input projection of all
//! steps is one product written straight into the gate buffer, the time loop does one product
//! with `W_hh` (packed once per sequence) and one fused pass over the gates per step, split by
//! rows between threads, and the weight gradients are single large products over all steps
//! (`dGᵀ·X`, `dGᵀ·H_prev`), as cuDNN and PyTorch's CPU kernels do. The forward pass keeps what
//! the backward pass needs (recomputed only if it is gone, e.g. a second backward through the
//! same graph).

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp3, Layout, Shape, Tensor};
use genui_sgemm::{matmul, product, MatRef};

use crate::cpu::{column_sums, tensor, values, with_values};

/// Rows of a step's batch handled by one thread at least.
pub(crate) const ROWS_PER_JOB: usize = 8;

/// Sizes: steps, batch rows, hidden units.
#[derive(Clone, Copy)]
pub(crate) struct Dims {
    pub(crate) t: usize,
    pub(crate) b: usize,
    pub(crate) h: usize,
}

impl Dims {
    /// The sizes of a layer over `steps` steps with a time-major input of `rows` rows (steps ×
    /// batch) and `gate_rows` rows of weights (gates × hidden units).
    fn of(steps: usize, rows: usize, gate_rows: usize, gates: usize) -> candle_core::Result<Self> {
        if steps == 0 || !rows.is_multiple_of(steps) || !gate_rows.is_multiple_of(gates) {
            return Err(candle_core::Error::Msg(format!(
                "a recurrence over {steps} steps with {gates} gates cannot take {rows} input rows and {gate_rows} weight rows"
            )));
        }
        Ok(Self {
            t: steps,
            b: rows / steps,
            h: gate_rows / gates,
        })
    }
}

/// The equations of a recurrent cell over plain time-major buffers.
pub(crate) trait Cell: Send + Sync + 'static {
    /// Gate blocks per unit (LSTM: i, f, g, o; GRU: r, z, n).
    const GATES: usize;
    /// What the backward pass needs besides the hidden states.
    type Saved: Send;

    /// The hidden states `[T·B, H]` from the input projection `x·W_ihᵀ` `[T·B, G·H]` without
    /// its bias (which the cell adds in its pass over each step; it may reuse the buffer).
    fn forward(
        projection: Vec<f32>,
        w_hh: &[f32],
        b_ih: &[f32],
        b_hh: &[f32],
        d: Dims,
    ) -> (Vec<f32>, Self::Saved);

    /// Gradients from the gradient of the hidden states: of the input projection `[T·B, G·H]`,
    /// of `W_hh` `[G·H, H]`, and of `b_hh` unless it is only ever added to the input bias (then
    /// its gradient is the input bias's). Takes the saved buffers, which it may reuse.
    fn backward(
        grad: &[f32],
        w_hh: &[f32],
        hidden: &[f32],
        saved: Self::Saved,
        d: Dims,
    ) -> (Vec<f32>, Vec<f32>, Option<Vec<f32>>);
}

/// `hs = layer(x)` over `steps` time steps: `x` `[T·B, In]` is time-major; the weights and biases
/// are PyTorch's (`W_ih` `[G·H, In]`, `W_hh` `[G·H, H]`, `b_ih`, `b_hh` `[G·H]`); the result is
/// every step's hidden state, `[T·B, H]`. Inputs and result stay 2-D so that no reshape node
/// sits between layers. CPU tensors only.
pub(crate) fn recurrent_layer<C: Cell>(
    x: &Tensor,
    [w_ih, w_hh, b_ih, b_hh]: [&Tensor; 4],
    steps: usize,
) -> candle_core::Result<Tensor> {
    // A custom node takes at most three inputs: the recurrent weights carry both biases as
    // their last two columns.
    let recurrent = Tensor::cat(&[w_hh, &b_ih.unsqueeze(1)?, &b_hh.unsqueeze(1)?], 1)?;
    let op = RecurrentLayer::<C> {
        steps,
        saved: Mutex::default(),
    };
    x.contiguous()?
        .apply_op3(&w_ih.contiguous()?, &recurrent, op)
}

struct RecurrentLayer<C: Cell> {
    steps: usize,
    saved: Mutex<Option<C::Saved>>,
}

/// `W_hh`, `b_ih` and `b_hh` from the recurrent weights with the biases as their last columns.
fn split_recurrent(recurrent: &[f32], h: usize) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let rows = recurrent.len() / (h + 2);
    let (mut w_hh, mut b_ih, mut b_hh) = (
        Vec::with_capacity(rows * h),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    for row in recurrent.chunks_exact(h + 2) {
        w_hh.extend_from_slice(&row[..h]);
        b_ih.push(row[h]);
        b_hh.push(row[h + 1]);
    }
    (w_hh, b_ih, b_hh)
}

impl<C: Cell> RecurrentLayer<C> {
    /// The sizes of the layer, checking that the inputs fit together (the products would
    /// otherwise stop at an assertion).
    fn dims(&self, x: &Shape, w_ih: &Shape, recurrent: &Shape) -> candle_core::Result<Dims> {
        let (rows, inputs) = x.dims2()?;
        let (gate_rows, weight_inputs) = w_ih.dims2()?;
        let d = Dims::of(self.steps, rows, gate_rows, C::GATES)?;
        if weight_inputs != inputs || recurrent.dims2()? != (gate_rows, d.h + 2) {
            return Err(candle_core::Error::Msg(format!(
                "a recurrent layer with {inputs} inputs and {} units cannot take input weights {w_ih:?} and recurrent weights with biases {recurrent:?}",
                d.h
            )));
        }
        Ok(d)
    }
}

/// The layer's forward pass: hidden states and what the backward pass needs.
fn layer_forward<C: Cell>(
    x: &[f32],
    w_ih: &[f32],
    recurrent: &[f32],
    d: Dims,
) -> (Vec<f32>, C::Saved) {
    let (rows, width) = (d.t * d.b, C::GATES * d.h);
    let inputs = x.len() / rows;
    let (w_hh, b_ih, b_hh) = split_recurrent(recurrent, d.h);
    let projection = product(
        MatRef::new(x, rows, inputs),
        MatRef::new(w_ih, width, inputs).t(),
    );
    C::forward(projection, &w_hh, &b_ih, &b_hh, d)
}

impl<C: Cell> CustomOp3 for RecurrentLayer<C> {
    fn name(&self) -> &'static str {
        "recurrent-layer"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let d = self.dims(l1.shape(), l2.shape(), l3.shape())?;
        let (x, w_ih, recurrent) = (values(s1, l1)?, values(s2, l2)?, values(s3, l3)?);
        let (hidden, saved) = layer_forward::<C>(x, w_ih, recurrent, d);
        if let Ok(mut slot) = self.saved.lock() {
            *slot = Some(saved);
        }
        Ok((CpuStorage::F32(hidden), Shape::from((d.t * d.b, d.h))))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w_ih: &Tensor,
        recurrent: &Tensor,
        hidden: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let d = self.dims(x.shape(), w_ih.shape(), recurrent.shape())?;
        let (rows, width) = (d.t * d.b, C::GATES * d.h);
        let inputs = x.dims2()?.1;
        let saved = self.saved.lock().ok().and_then(|mut s| s.take());
        let (dx, dw_ih, d_recurrent) = with_values(x, |x| {
            with_values(w_ih, |w_ih| {
                with_values(recurrent, |recurrent| {
                    let saved =
                        saved.unwrap_or_else(|| layer_forward::<C>(x, w_ih, recurrent, d).1);
                    let (w_hh, _, _) = split_recurrent(recurrent, d.h);
                    let (d_proj, dw_hh, db_hh) = with_values(hidden, |hidden| {
                        with_values(grad, |grad| C::backward(grad, &w_hh, hidden, saved, d))
                    })??;
                    let db_ih = column_sums(&d_proj, width);
                    let db_hh = db_hh.unwrap_or_else(|| db_ih.clone());
                    let d_proj = MatRef::new(&d_proj, rows, width);
                    let dx = product(d_proj, MatRef::new(w_ih, width, inputs));
                    let dw_ih = product(d_proj.t(), MatRef::new(x, rows, inputs));
                    let mut d_recurrent = Vec::with_capacity(width * (d.h + 2));
                    for (row, (bi, bh)) in dw_hh.chunks_exact(d.h).zip(db_ih.iter().zip(&db_hh)) {
                        d_recurrent.extend_from_slice(row);
                        d_recurrent.extend([bi, bh]);
                    }
                    candle_core::Result::Ok((dx, dw_ih, d_recurrent))
                })?
            })?
        })??;
        Ok((
            Some(tensor(dx, x.shape())?),
            Some(tensor(dw_ih, w_ih.shape())?),
            Some(tensor(d_recurrent, recurrent.shape())?),
        ))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_that_does_not_split_into_the_steps_is_refused() {
        let dims = Dims::of(4, 12, 8, 4).map(|d| (d.t, d.b, d.h));
        assert!(matches!(dims, Ok((4, 3, 2))));
        for (steps, rows, gate_rows) in [(5, 12, 8), (0, 12, 8), (4, 12, 6)] {
            let refused = Dims::of(steps, rows, gate_rows, 4);
            assert!(refused.is_err(), "{steps} steps, {rows} rows, {gate_rows}");
        }
    }

    #[test]
    fn weights_that_do_not_fit_the_input_are_an_error() -> candle_core::Result<()> {
        use candle_core::{DType, Device};
        let zeros = |shape: &[usize]| Tensor::zeros(shape, DType::F32, &Device::Cpu);
        // Two steps of a batch of two with three inputs; an LSTM of two units.
        let x = zeros(&[4, 3])?;
        let (w_hh, b) = (zeros(&[8, 2])?, zeros(&[8])?);
        let fits =
            recurrent_layer::<crate::fused_lstm::Lstm>(&x, [&zeros(&[8, 3])?, &w_hh, &b, &b], 2)?;
        assert_eq!(fits.dims(), [4, 2]);
        let wrong_inputs = zeros(&[8, 5])?;
        let refused =
            recurrent_layer::<crate::fused_lstm::Lstm>(&x, [&wrong_inputs, &w_hh, &b, &b], 2);
        assert!(refused.is_err());
        Ok(())
    }

    #[test]
    fn the_biases_travel_as_the_last_columns_of_the_recurrent_weights() {
        // Two gate rows, h = 2: [w w | b_ih b_hh].
        let recurrent = [1.0, 2.0, 10.0, 20.0, 3.0, 4.0, 30.0, 40.0];
        let (w_hh, b_ih, b_hh) = split_recurrent(&recurrent, 2);
        assert_eq!(w_hh, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!((b_ih, b_hh), (vec![10.0, 30.0], vec![20.0, 40.0]));
    }
}
