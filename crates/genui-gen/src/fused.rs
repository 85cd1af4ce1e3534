//! The recurrence of one LSTM layer over a whole sequence as a single autodiff node, with a
//! hand-written backward pass (backpropagation through time) for the CPU.
//!
//! Why: with candle's generic autodiff, every time step's `h·W_hh` contributes its own
//! `[4H, H]` weight gradient, allocated and summed step by step (100 steps × 3 layers × 4 MiB for
//! a DrugEx model), and the small per-step products run far below the matrix unit's speed. Here
//! the weight gradient is one large product over all steps, `dGᵀ·H_prev`, as cuDNN and PyTorch's
//! CPU kernels do. The forward pass keeps its gate activations in the node for the backward
//! pass (recomputed only if they are gone, e.g. a second backward through the same graph).

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp2, DType, Device, Layout, Shape, Tensor};

/// `hs = LSTM recurrence(xp, W_hh)`: `xp` `[T, B, 4H]` is the input projection with both biases
/// already added, `W_hh` `[4H, H]`; the result is every step's hidden state, `[T, B, H]`.
#[derive(Default)]
pub(crate) struct LstmRecurrence {
    /// Hidden states and activations of the forward pass, taken by the backward pass.
    saved: Mutex<Option<(Vec<Tensor>, Vec<StepActs>)>>,
}

/// Applies [`LstmRecurrence`] (CPU tensors only).
pub(crate) fn lstm_recurrence(xp: &Tensor, w_hh: &Tensor) -> candle_core::Result<Tensor> {
    xp.contiguous()?
        .apply_op2(&w_hh.contiguous()?, LstmRecurrence::default())
}

/// Activations of one step, kept for the backward pass.
struct StepActs {
    i: Tensor,
    f: Tensor,
    g: Tensor,
    o: Tensor,
    c: Tensor,
    tanh_c: Tensor,
}

/// Runs the recurrence on plain (graph-free) tensors; returns hidden states `h_1..h_T` and each
/// step's activations.
fn run(xp: &Tensor, w_hh: &Tensor) -> candle_core::Result<(Vec<Tensor>, Vec<StepActs>)> {
    let (t, b, gates) = xp.dims3()?;
    let h_dim = gates / 4;
    let w_t = w_hh.t()?;
    let mut h = Tensor::zeros((b, h_dim), DType::F32, xp.device())?;
    let mut c = h.clone();
    let mut hs = Vec::with_capacity(t);
    let mut acts = Vec::with_capacity(t);
    for s in 0..t {
        let z = (xp.get(s)? + h.matmul(&w_t)?)?;
        let i = candle_nn::ops::sigmoid(&z.narrow(1, 0, h_dim)?)?;
        let f = candle_nn::ops::sigmoid(&z.narrow(1, h_dim, h_dim)?)?;
        let g = z.narrow(1, 2 * h_dim, h_dim)?.tanh()?;
        let o = candle_nn::ops::sigmoid(&z.narrow(1, 3 * h_dim, h_dim)?)?;
        c = ((&f * &c)? + (&i * &g)?)?;
        let tanh_c = c.tanh()?;
        h = (&o * &tanh_c)?;
        hs.push(h.clone());
        acts.push(StepActs {
            i,
            f,
            g,
            o,
            c: c.clone(),
            tanh_c,
        });
    }
    Ok((hs, acts))
}

pub(crate) fn cpu_tensor(storage: &CpuStorage, layout: &Layout) -> candle_core::Result<Tensor> {
    let (start, end) = layout.contiguous_offsets().ok_or_else(|| {
        candle_core::Error::Msg("lstm-recurrence needs contiguous inputs".to_string())
    })?;
    let data = &storage.as_slice::<f32>()?[start..end];
    Tensor::from_slice(data, layout.shape(), &Device::Cpu)
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
        let xp = cpu_tensor(s1, l1)?;
        let w_hh = cpu_tensor(s2, l2)?;
        let (hs, acts) = run(&xp, &w_hh)?;
        let out = Tensor::stack(&hs, 0)?;
        let shape = out.shape().clone();
        if let Ok(mut saved) = self.saved.lock() {
            *saved = Some((hs, acts));
        }
        Ok((CpuStorage::F32(out.flatten_all()?.to_vec1::<f32>()?), shape))
    }

    fn bwd(
        &self,
        xp: &Tensor,
        w_hh: &Tensor,
        _res: &Tensor,
        grad_res: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let (xp, w_hh) = (xp.detach(), w_hh.detach());
        let (t, b, gates) = xp.dims3()?;
        let h_dim = gates / 4;
        let saved = self.saved.lock().ok().and_then(|mut s| s.take());
        let (hs, acts) = match saved {
            Some(saved) => saved,
            None => run(&xp, &w_hh)?,
        };
        let zeros = Tensor::zeros((b, h_dim), DType::F32, xp.device())?;
        let mut dh_next = zeros.clone();
        let mut dc_next = zeros.clone();
        let mut d_gates = vec![zeros.clone(); t];
        for s in (0..t).rev() {
            let a = &acts[s];
            let c_prev = if s == 0 { &zeros } else { &acts[s - 1].c };
            let dh = (grad_res.get(s)? + &dh_next)?;
            let d_o = (&dh * &a.tanh_c)?;
            let dc = ((&dh * &a.o)? * a.tanh_c.sqr()?.affine(-1.0, 1.0)?)?.add(&dc_next)?;
            let di = (&dc * &a.g)?;
            let dg = (&dc * &a.i)?;
            let df = (&dc * c_prev)?;
            dc_next = (&dc * &a.f)?;
            let sig_grad = |x: &Tensor, y: &Tensor| -> candle_core::Result<Tensor> {
                x * (y * y.affine(-1.0, 1.0)?)?
            };
            let dz = Tensor::cat(
                &[
                    sig_grad(&di, &a.i)?,
                    sig_grad(&df, &a.f)?,
                    (dg * a.g.sqr()?.affine(-1.0, 1.0)?)?,
                    sig_grad(&d_o, &a.o)?,
                ],
                1,
            )?;
            dh_next = dz.matmul(&w_hh)?;
            d_gates[s] = dz;
        }
        let d_xp = Tensor::stack(&d_gates, 0)?; // [T, B, 4H]
        let mut h_prev = Vec::with_capacity(t);
        h_prev.push(zeros);
        h_prev.extend(hs.into_iter().take(t - 1));
        let h_prev = Tensor::stack(&h_prev, 0)?.reshape((t * b, h_dim))?;
        let d_w = d_xp.reshape((t * b, gates))?.t()?.matmul(&h_prev)?;
        Ok((Some(d_xp), Some(d_w)))
    }
}
