//! GFLOP/s of the matrix products in a DrugEx-size LSTM training step (3 × 512, batch 64 × 100):
//! our kernels (`genui-sgemm`, with the right operand packed per call and, as in the time loop,
//! packed once) against candle's CPU `matmul` on the same operands.
//!
//! `cargo run --release -p genui-generator-engine --example matmul_speed`

use std::time::Instant;

use candle_core::{Device, Tensor};
use genui_sgemm::{matmul, matmul_packed, MatRef, PackedRhs};

/// An `m × k` by `k × n` product, each operand possibly stored transposed, as the step has it.
struct Shape {
    what: &'static str,
    m: usize,
    k: usize,
    n: usize,
    lhs_transposed: bool,
    rhs_transposed: bool,
    repeats: usize,
}

fn gflops(shape: &Shape, seconds: f64) -> f64 {
    2.0 * (shape.m * shape.k * shape.n * shape.repeats) as f64 / seconds / 1e9
}

/// A `rows × cols` operand as our view and as a candle tensor, stored transposed if asked
/// (as a weight `[out, in]` is when multiplied as `x·Wᵀ`).
fn operand(
    values: &[f32],
    rows: usize,
    cols: usize,
    transposed: bool,
) -> candle_core::Result<(MatRef<'_>, Tensor)> {
    let device = Device::Cpu;
    Ok(if transposed {
        (
            MatRef::new(values, cols, rows).t(),
            Tensor::from_slice(values, (cols, rows), &device)?.t()?,
        )
    } else {
        (
            MatRef::new(values, rows, cols),
            Tensor::from_slice(values, (rows, cols), &device)?,
        )
    })
}

fn timed(repeats: usize, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    for _ in 0..repeats {
        f();
    }
    start.elapsed().as_secs_f64()
}

fn main() -> candle_core::Result<()> {
    let shapes = [
        ("h·W_hhᵀ in the time loop", 64, 512, 2048, false, true, 300),
        ("dG·W_hh in the time loop", 64, 2048, 512, false, false, 300),
        ("input projection x·W_ihᵀ", 6400, 512, 2048, false, true, 3),
        (
            "its input gradient dY·W_ih",
            6400,
            2048,
            512,
            false,
            false,
            3,
        ),
        ("weight gradient dYᵀ·X", 2048, 6400, 512, true, false, 3),
    ]
    .map(
        |(what, m, k, n, lhs_transposed, rhs_transposed, repeats)| Shape {
            what,
            m,
            k,
            n,
            lhs_transposed,
            rhs_transposed,
            repeats,
        },
    );
    for s in &shapes {
        let a: Vec<f32> = (0..s.m * s.k).map(|i| (i % 17) as f32 * 0.1).collect();
        let b: Vec<f32> = (0..s.k * s.n).map(|i| (i % 13) as f32 * 0.1).collect();
        let (lhs, lhs_tensor) = operand(&a, s.m, s.k, s.lhs_transposed)?;
        let (rhs, rhs_tensor) = operand(&b, s.k, s.n, s.rhs_transposed)?;
        let mut c = vec![0f32; s.m * s.n];
        let ours = timed(s.repeats, || matmul(lhs, rhs, &mut c, false));
        let packed = PackedRhs::new(rhs);
        let prepacked = timed(s.repeats, || matmul_packed(lhs, &packed, &mut c, false));
        let mut result = Ok(());
        let candle = timed(s.repeats, || {
            if let Err(e) = lhs_tensor.matmul(&rhs_tensor) {
                result = Err(e);
            }
        });
        result?;
        println!(
            "{:<28} {}×{}×{}: ours {:.1} GFLOP/s (right operand packed once: {:.1}), candle {:.1}",
            s.what,
            s.m,
            s.k,
            s.n,
            gflops(s, ours),
            gflops(s, prepacked),
            gflops(s, candle)
        );
    }
    Ok(())
}
