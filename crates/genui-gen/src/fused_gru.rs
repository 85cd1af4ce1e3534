//! The recurrence of one GRU layer over a whole sequence as a single autodiff node with a
//! hand-written backward pass, for the same reasons as the LSTM's ([`crate::fused`]): weight
//! gradients as single large products instead of one allocation and sum per time step.

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp3, DType, Layout, Shape, Tensor};

use crate::fused::cpu_tensor;

/// `hs = GRU recurrence(xp, W_hh, b_hh)`: `xp` `[T, B, 3H]` is the input projection with `b_ih`
/// added; `b_hh` stays separate because the reset gate multiplies the hidden projection with its
/// bias (PyTorch's GRU). The result is every step's hidden state, `[T, B, H]`.
#[derive(Default)]
pub(crate) struct GruRecurrence {
    /// Hidden states and activations of the forward pass, taken by the backward pass.
    saved: Mutex<Option<(Vec<Tensor>, Vec<StepActs>)>>,
}

/// Applies [`GruRecurrence`] (CPU tensors only).
pub(crate) fn gru_recurrence(
    xp: &Tensor,
    w_hh: &Tensor,
    b_hh: &Tensor,
) -> candle_core::Result<Tensor> {
    xp.contiguous()?.apply_op3(
        &w_hh.contiguous()?,
        &b_hh.contiguous()?,
        GruRecurrence::default(),
    )
}

/// Activations of one step, kept for the backward pass.
struct StepActs {
    r: Tensor,
    z: Tensor,
    n: Tensor,
    /// The hidden projection of the n gate, `h·W_hn + b_hn`.
    hn: Tensor,
}

/// Runs the recurrence on plain (graph-free) tensors: hidden states `h_1..h_T` and activations.
fn run(
    xp: &Tensor,
    w_hh: &Tensor,
    b_hh: &Tensor,
) -> candle_core::Result<(Vec<Tensor>, Vec<StepActs>)> {
    let (t, b, gates) = xp.dims3()?;
    let h_dim = gates / 3;
    let w_t = w_hh.t()?;
    let mut h = Tensor::zeros((b, h_dim), DType::F32, xp.device())?;
    let mut hs = Vec::with_capacity(t);
    let mut acts = Vec::with_capacity(t);
    for s in 0..t {
        let x = xp.get(s)?;
        let hh = h.matmul(&w_t)?.broadcast_add(b_hh)?;
        let rz =
            candle_nn::ops::sigmoid(&(x.narrow(1, 0, 2 * h_dim)? + hh.narrow(1, 0, 2 * h_dim)?)?)?;
        let r = rz.narrow(1, 0, h_dim)?;
        let z = rz.narrow(1, h_dim, h_dim)?;
        let hn = hh.narrow(1, 2 * h_dim, h_dim)?;
        let n = (x.narrow(1, 2 * h_dim, h_dim)? + (&r * &hn)?)?.tanh()?;
        h = (&n + (&z * (&h - &n)?)?)?;
        hs.push(h.clone());
        acts.push(StepActs { r, z, n, hn });
    }
    Ok((hs, acts))
}

impl CustomOp3 for GruRecurrence {
    fn name(&self) -> &'static str {
        "gru-recurrence"
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
        let (xp, w_hh, b_hh) = (
            cpu_tensor(s1, l1)?,
            cpu_tensor(s2, l2)?,
            cpu_tensor(s3, l3)?,
        );
        let (hs, acts) = run(&xp, &w_hh, &b_hh)?;
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
        b_hh: &Tensor,
        _res: &Tensor,
        grad_res: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let (xp, w_hh, b_hh) = (xp.detach(), w_hh.detach(), b_hh.detach());
        let (t, b, gates) = xp.dims3()?;
        let h_dim = gates / 3;
        let saved = self.saved.lock().ok().and_then(|mut s| s.take());
        let (hs, acts) = match saved {
            Some(saved) => saved,
            None => run(&xp, &w_hh, &b_hh)?,
        };
        let zeros = Tensor::zeros((b, h_dim), DType::F32, xp.device())?;
        let mut h_prev = Vec::with_capacity(t);
        h_prev.push(zeros.clone());
        h_prev.extend(hs.into_iter().take(t - 1));
        let mut dh_next = zeros.clone();
        let mut d_x = vec![zeros.clone(); t];
        let mut d_hh = vec![zeros; t];
        let one_minus = |x: &Tensor| x.affine(-1.0, 1.0);
        for s in (0..t).rev() {
            let a = &acts[s];
            let dh = (grad_res.get(s)? + &dh_next)?;
            let dn = (&dh * one_minus(&a.z)?)?;
            let dz = (&dh * (&h_prev[s] - &a.n)?)?;
            let dn_pre = (dn * one_minus(&a.n.sqr()?)?)?;
            let dr = (&dn_pre * &a.hn)?;
            let d_hn = (&dn_pre * &a.r)?;
            let dr_pre = (dr * (&a.r * one_minus(&a.r)?)?)?;
            let dz_pre = (dz * (&a.z * one_minus(&a.z)?)?)?;
            let grad_hh = Tensor::cat(&[&dr_pre, &dz_pre, &d_hn], 1)?;
            dh_next = ((&dh * &a.z)? + grad_hh.matmul(&w_hh)?)?;
            d_x[s] = Tensor::cat(&[&dr_pre, &dz_pre, &dn_pre], 1)?;
            d_hh[s] = grad_hh;
        }
        let d_xp = Tensor::stack(&d_x, 0)?;
        let d_hh = Tensor::stack(&d_hh, 0)?.reshape((t * b, gates))?;
        let h_prev = Tensor::stack(&h_prev, 0)?.reshape((t * b, h_dim))?;
        let d_w = d_hh.t()?.matmul(&h_prev)?;
        let d_b = d_hh.sum(0)?;
        Ok((Some(d_xp), Some(d_w), Some(d_b)))
    }
}
