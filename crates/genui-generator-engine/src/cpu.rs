//! What the CPU training path shares: the values of CPU tensors as slices, vectorizable
//! activation functions, and the linear layer as one autodiff node whose products (forward and
//! both gradients) run on our own matrix kernels ([`genui_sgemm`]) and whose bias gradient is
//! one pass over the rows (candle's broadcast add reduces it with a strided sum).

use candle_core::{CpuStorage, CustomOp3, Device, Layout, Shape, Storage, Tensor};
use genui_sgemm::{matmul, matmul_packed, product, MatRef, PackedRhs};
use rayon::prelude::*;

/// The values of a contiguous `f32` CPU storage.
pub(crate) fn values<'a>(
    storage: &'a CpuStorage,
    layout: &Layout,
) -> candle_core::Result<&'a [f32]> {
    let (start, end) = layout.contiguous_offsets().ok_or_else(|| {
        candle_core::Error::Msg("fused CPU ops need contiguous inputs".to_string())
    })?;
    Ok(&storage.as_slice::<f32>()?[start..end])
}

/// Runs `f` over the values of a CPU tensor (made contiguous first).
pub(crate) fn with_values<R>(
    tensor: &Tensor,
    f: impl FnOnce(&[f32]) -> R,
) -> candle_core::Result<R> {
    let tensor = tensor.contiguous()?;
    let (storage, layout) = tensor.storage_and_layout();
    match &*storage {
        Storage::Cpu(cpu) => Ok(f(values(cpu, layout)?)),
        _ => Err(candle_core::Error::Msg(
            "fused CPU ops got a tensor on another device".to_string(),
        )),
    }
}

/// A CPU tensor of the given shape from its values.
pub(crate) fn tensor(values: Vec<f32>, shape: impl Into<Shape>) -> candle_core::Result<Tensor> {
    Tensor::from_vec(values, shape, &Device::Cpu)
}

/// `len` zeros, written by all threads (a buffer the size of a training step's activations
/// takes milliseconds to clear on one).
pub(crate) fn zeros(len: usize) -> Vec<f32> {
    let mut values = Vec::with_capacity(len);
    values.par_extend(rayon::iter::repeat_n(0f32, len));
    values
}

/// `rows` copies of `row`, one after the other (a bias for every row), written by all threads.
pub(crate) fn repeated(row: &[f32], rows: usize) -> Vec<f32> {
    let mut values = zeros(row.len() * rows);
    values
        .par_chunks_mut(row.len().max(1))
        .for_each(|copy| copy.copy_from_slice(row));
    values
}

/// `e^x` within a few ulp for `x` in [-87, 88] (clamped outside): branch-free, so loops over it
/// vectorize, unlike the scalar `expf` call (Cephes' polynomial, round-to-nearest by the
/// 1.5·2²³ trick instead of a rounding instruction the baseline x86-64 lacks).
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let shifted = x * std::f32::consts::LOG2_E + ROUND;
    let n = shifted - ROUND;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    let exponent = (shifted.to_bits() as i32 - ROUND.to_bits() as i32 + 127) << 23;
    e * f32::from_bits(exponent as u32)
}

/// The logistic function.
#[inline(always)]
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// The hyperbolic tangent, as `2σ(2x) − 1`.
#[inline(always)]
pub(crate) fn tanh(x: f32) -> f32 {
    2.0 * sigmoid(2.0 * x) - 1.0
}

/// The sums of the columns of a row-major matrix `width` values wide (a bias gradient); blocks
/// of columns are summed on different threads, each column in row order.
pub(crate) fn column_sums(values: &[f32], width: usize) -> Vec<f32> {
    const COLUMNS_PER_JOB: usize = 256;
    let mut sums = vec![0f32; width];
    sums.par_chunks_mut(COLUMNS_PER_JOB)
        .enumerate()
        .for_each(|(block, sums)| {
            let start = block * COLUMNS_PER_JOB;
            for row in values.chunks_exact(width) {
                for (sum, value) in sums.iter_mut().zip(&row[start..]) {
                    *sum += value;
                }
            }
        });
    sums
}

/// A linear layer prepared for many products without gradients (generation): `Wᵀ` packed once.
pub(crate) struct PackedLinear {
    weight: PackedRhs,
    bias: Vec<f32>,
    inputs: usize,
}

impl PackedLinear {
    /// From a PyTorch-layout weight `[Out, In]` and bias `[Out]`.
    pub(crate) fn new(w: &Tensor, b: &Tensor) -> candle_core::Result<Self> {
        let (outputs, inputs) = w.dims2()?;
        let weight = with_values(w, |w| PackedRhs::new(MatRef::new(w, outputs, inputs).t()))?;
        Ok(Self {
            weight,
            bias: b.to_vec1()?,
            inputs,
        })
    }

    /// `x · Wᵀ + b` for `rows` rows of `x`.
    pub(crate) fn apply(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut y = repeated(&self.bias, rows);
        matmul_packed(
            MatRef::new(x, rows, self.inputs),
            &self.weight,
            &mut y,
            true,
        );
        y
    }
}

/// `y = x · wᵀ + b` for `x` `[N, In]`, `w` `[Out, In]` and `b` `[Out]` (a linear layer).
pub(crate) fn linear(x: &Tensor, w: &Tensor, b: &Tensor) -> candle_core::Result<Tensor> {
    x.contiguous()?
        .apply_op3(&w.contiguous()?, &b.contiguous()?, Linear)
}

struct Linear;

impl CustomOp3 for Linear {
    fn name(&self) -> &'static str {
        "linear"
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
        let (n, inputs) = l1.shape().dims2()?;
        let (outputs, _) = l2.shape().dims2()?;
        let x = MatRef::new(values(s1, l1)?, n, inputs);
        let w = MatRef::new(values(s2, l2)?, outputs, inputs);
        let bias = values(s3, l3)?;
        let mut y = repeated(bias, n);
        matmul(x, w.t(), &mut y, true);
        Ok((CpuStorage::F32(y), Shape::from((n, outputs))))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _b: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let (n, inputs) = x.dims2()?;
        let (outputs, _) = w.dims2()?;
        let (dx, dw, db) = with_values(grad, |g| {
            let db = column_sums(g, outputs);
            let g = MatRef::new(g, n, outputs);
            let dx = with_values(w, |w| product(g, MatRef::new(w, outputs, inputs)))?;
            let dw = with_values(x, |x| product(g.t(), MatRef::new(x, n, inputs)))?;
            candle_core::Result::Ok((dx, dw, db))
        })??;
        Ok((
            Some(tensor(dx, (n, inputs))?),
            Some(tensor(dw, (outputs, inputs))?),
            Some(tensor(db, outputs)?),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Var;

    #[test]
    fn the_vectorizable_activations_match_the_standard_library() {
        for i in -2000..=2000 {
            let x = i as f32 * 0.01;
            let (e, want) = (exp(x), x.exp());
            assert!((e - want).abs() <= 5e-7 * want, "exp({x}): {e} vs {want}");
            assert!(
                (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs() < 2e-7,
                "sigmoid({x})"
            );
            assert!((tanh(x) - x.tanh()).abs() < 3e-7, "tanh({x})");
        }
        assert_eq!(exp(-1000.0), exp(-87.0));
        assert!(sigmoid(-200.0) >= 0.0 && sigmoid(200.0) == 1.0);
        assert_eq!((tanh(-50.0), tanh(50.0)), (-1.0, 1.0));
    }

    #[test]
    fn the_linear_node_has_the_gradients_of_a_matrix_product_plus_bias() -> candle_core::Result<()>
    {
        let device = Device::Cpu;
        let values = |n: usize, f: fn(f32) -> f32| (0..n).map(|v| f(v as f32)).collect::<Vec<_>>();
        let x = Var::from_vec(values(15, |v| v * 0.1 - 0.7), (5, 3), &device)?;
        let w = Var::from_vec(values(12, |v| (v * 0.37).sin()), (4, 3), &device)?;
        let b = Var::from_vec(values(4, |v| v * 0.2 - 0.3), 4, &device)?;
        // A loss that weighs the outputs differently, so every gradient is distinct.
        let weights = Tensor::new(&[[1f32, -2.0, 0.5, 3.0]], &device)?;
        let loss = |y: Tensor| y.broadcast_mul(&weights)?.sqr()?.sum_all();
        let ours = loss(linear(&x, &w, &b)?)?;
        let reference = loss(x.matmul(&w.t()?)?.broadcast_add(&b)?)?;
        assert!((ours.to_scalar::<f32>()? - reference.to_scalar::<f32>()?).abs() < 1e-5);
        let (g1, g2) = (ours.backward()?, reference.backward()?);
        for var in [&x, &w, &b] {
            let (Some(a), Some(b)) = (g1.get(var), g2.get(var)) else {
                panic!("a gradient is missing");
            };
            let diff = (a - b)?.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()?;
            assert!(diff < 1e-5, "{diff}");
        }
        Ok(())
    }
}
