//! Single-precision matrix products for the CPU training path.
//!
//! Why our own: on the shapes of a DrugEx training step (`[64, 512]·[512, 2048]` inside the
//! recurrence, `[6400, 512]·[512, 2048]` for input projections and weight gradients) candle's CPU
//! products ran at 60–78 GFLOP/s on this project's 2-core machine where PyTorch's reached ~95,
//! and the products are most of a step. This is the classic BLIS design: panels of A and B packed
//! into contiguous blocks that stay in cache, a register-blocked micro-kernel (8 × 32 with
//! AVX-512, 6 × 16 with AVX2/FMA, chosen at run time), and the larger dimension split between
//! threads. Each output element is summed in the same order on any number of threads and by
//! either kernel, so training stays bit-reproducible across machines. Without AVX2 and FMA
//! (other CPUs) the `gemm` crate, which candle uses, does the product.
//!
//! Two more tools for the training path: [`widest`] runs a loop compiled for the same vector
//! units (the recurrent cells' element-wise passes), and [`product`] writes a new buffer without
//! clearing it first.
//!
//! A crate of its own so that the engine (`genui-generator-engine`) keeps forbidding unsafe code: the SIMD
//! intrinsics, the dispatch to functions compiled for other instruction sets, uninitialized
//! output buffers and threads writing disjoint blocks of one output buffer are confined here,
//! and the tests compare every layout and ragged size with the definition.
#![allow(unsafe_code)]

use rayon::prelude::*;

/// A read-only matrix view: element `(i, j)` is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy)]
pub struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// A row-major `rows × cols` matrix.
    pub fn new(data: &'a [f32], rows: usize, cols: usize) -> Self {
        assert!(
            data.len() >= rows * cols,
            "a {rows} × {cols} matrix needs {} values, got {}",
            rows * cols,
            data.len()
        );
        Self {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transposed view (no copy).
    pub fn t(self) -> Self {
        Self {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }

    fn at(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.row_stride + j * self.col_stride]
    }
}

/// `c = a · b`, or `c += a · b` when `accumulate`; `c` is row-major `a.rows × b.cols`.
pub fn matmul(a: MatRef, b: MatRef, c: &mut [f32], accumulate: bool) {
    matmul_packed(a, &PackedRhs::new(b), c, accumulate);
}

/// `a · b` in a new row-major buffer, which the kernels write without clearing it first (for a
/// training step's activations, clearing is a pass over tens of megabytes).
pub fn product(a: MatRef, b: MatRef) -> Vec<f32> {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert_eq!(k, b.rows, "inner dimensions of a matrix product differ");
    let rhs = PackedRhs::new(b);
    #[cfg(target_arch = "x86_64")]
    if let (Layout::Panels(isa), true) = (rhs.layout, m > 0 && n > 0 && k > 0) {
        let mut c = Vec::with_capacity(m * n);
        // SAFETY: without accumulation the kernels store every one of the m × n elements (the
        // first depth panel of every block stores and never loads) before the length covers
        // them; `rhs` was packed for `isa`, which this CPU runs.
        unsafe {
            isa.matmul(a, &rhs, c.as_mut_ptr(), false);
            c.set_len(m * n);
        }
        return c;
    }
    let mut c = vec![0f32; m * n];
    matmul_packed(a, &rhs, &mut c, false);
    c
}

/// The right operand of products, prepared once for many products with it (a weight matrix
/// inside a time loop): in the panel layout of the micro-kernel this CPU runs, else a copy.
pub struct PackedRhs {
    rows: usize,
    cols: usize,
    values: Vec<f32>,
    /// Where the matrix starts in `values` (panels start on a 64-byte boundary).
    start: usize,
    layout: Layout,
}

#[derive(Clone, Copy)]
enum Layout {
    /// Row-major, for the `gemm` crate.
    Plain,
    /// Panels for one of our micro-kernels.
    #[cfg(target_arch = "x86_64")]
    Panels(packed::Isa),
}

impl PackedRhs {
    /// Packs `b`.
    pub fn new(b: MatRef) -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(isa) = packed::Isa::detect() {
            return Self::panels(b, isa);
        }
        let values = (0..b.rows)
            .flat_map(|i| (0..b.cols).map(move |j| b.at(i, j)))
            .collect();
        Self {
            rows: b.rows,
            cols: b.cols,
            values,
            start: 0,
            layout: Layout::Plain,
        }
    }

    #[cfg(target_arch = "x86_64")]
    fn panels(b: MatRef, isa: packed::Isa) -> Self {
        let (values, start) = isa.pack_rhs(b);
        Self {
            rows: b.rows,
            cols: b.cols,
            values,
            start,
            layout: Layout::Panels(isa),
        }
    }
}

/// `c = a · b`, or `c += a · b`, with a prepared right operand.
pub fn matmul_packed(a: MatRef, b: &PackedRhs, c: &mut [f32], accumulate: bool) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert_eq!(k, b.rows, "inner dimensions of a matrix product differ");
    assert_eq!(c.len(), m * n, "the product's buffer has the wrong size");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            c.fill(0.0);
        }
        return;
    }
    match b.layout {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `b` was packed for `isa`, which this CPU runs; `c` holds m × n values.
        Layout::Panels(isa) => unsafe { isa.matmul(a, b, c.as_mut_ptr(), accumulate) },
        Layout::Plain => portable_matmul(a, MatRef::new(&b.values, k, n), c, accumulate),
    }
}

/// A loop to be compiled for the widest vector instructions of the CPU ([`widest`]). Its `run`
/// must be `#[inline(always)]`: it is then compiled into a function built for those
/// instructions, where the baseline x86-64 build would vectorize it with SSE2 only.
pub trait VectorLoop {
    /// What the loop returns.
    type Output;
    /// The loop.
    fn run(self) -> Self::Output;
}

/// Runs `work` compiled for AVX-512 or AVX2 with FMA where the CPU has them. Rust never fuses a
/// multiplication and an addition on its own, so the results are the same bits at any width.
#[inline]
pub fn widest<L: VectorLoop>(work: L) -> L::Output {
    #[cfg(target_arch = "x86_64")]
    match packed::Isa::detect() {
        // SAFETY: `Isa::detect` found the instructions each function is compiled for.
        Some(packed::Isa::Avx512) => return unsafe { packed::run_avx512(work) },
        Some(packed::Isa::Avx2) => return unsafe { packed::run_avx2(work) },
        None => {}
    }
    work.run()
}

/// The product by the `gemm` crate (any CPU).
fn portable_matmul(a: MatRef, b: MatRef, c: &mut [f32], accumulate: bool) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    let threads = rayon::current_num_threads();
    let parallelism = if threads > 1 {
        gemm::Parallelism::Rayon(threads)
    } else {
        gemm::Parallelism::None
    };
    // SAFETY: the views were checked to hold their elements (`MatRef::new` and the transposes
    // of checked views) and `c` holds `m × n` values; gemm reads and writes only within them.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.data.as_ptr(),
            a.col_stride as isize,
            a.row_stride as isize,
            b.data.as_ptr(),
            b.col_stride as isize,
            b.row_stride as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        )
    }
}

#[cfg(target_arch = "x86_64")]
mod packed;

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    fn random(len: usize, rng: &mut StdRng) -> Vec<f32> {
        (0..len).map(|_| rng.gen_range(-1.0..1.0)).collect()
    }

    fn naive(a: MatRef, b: MatRef) -> Vec<f32> {
        let mut c = vec![0f32; a.rows * b.cols];
        for i in 0..a.rows {
            for j in 0..b.cols {
                c[i * b.cols + j] = (0..a.cols).map(|p| a.at(i, p) * b.at(p, j)).sum();
            }
        }
        c
    }

    fn assert_close(got: &[f32], want: &[f32], what: &str) {
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-4 * (1.0 + w.abs()),
                "{what}: {g} vs {w}"
            );
        }
    }

    #[test]
    fn products_match_the_definition_for_every_layout_and_ragged_size() {
        let mut rng = StdRng::seed_from_u64(3);
        // Sizes off the 6 × 16 block and the 256 depth, and large enough to run on threads.
        for (m, k, n) in [
            (1, 1, 1),
            (7, 3, 17),
            (13, 300, 35),
            (64, 257, 130),
            (300, 80, 90),
        ] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a_data = random(m * k, &mut rng);
                let b_data = random(k * n, &mut rng);
                let a = if ta {
                    MatRef::new(&a_data, k, m).t()
                } else {
                    MatRef::new(&a_data, m, k)
                };
                let b = if tb {
                    MatRef::new(&b_data, n, k).t()
                } else {
                    MatRef::new(&b_data, k, n)
                };
                let want = naive(a, b);
                let what = format!("{m}×{k}×{n} transposed {ta}/{tb}");
                let mut c = vec![f32::NAN; m * n];
                matmul(a, b, &mut c, false);
                assert_close(&c, &want, &what);
                assert_close(&product(a, b), &want, &format!("{what}, new buffer"));
                let mut portable = vec![f32::NAN; m * n];
                portable_matmul(a, b, &mut portable, false);
                assert_close(&portable, &want, &what);
                let doubled: Vec<f32> = want.iter().map(|w| 2.0 * w).collect();
                matmul(a, b, &mut c, true);
                assert_close(&c, &doubled, &format!("{what}, accumulated"));
            }
        }
    }

    /// Every kernel this CPU runs gives the same bits: with one depth of panel they sum each
    /// output element in the same order, so training reproduces across CPUs.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_kernels_agree_to_the_bit() {
        use packed::Isa;
        let mut rng = StdRng::seed_from_u64(7);
        let isas: Vec<Isa> = match Isa::detect() {
            Some(Isa::Avx512) => vec![Isa::Avx2, Isa::Avx512],
            Some(Isa::Avx2) => vec![Isa::Avx2],
            None => vec![],
        };
        for (m, k, n) in [(13, 600, 70), (64, 512, 2048), (100, 3, 33)] {
            let a_data = random(m * k, &mut rng);
            let b_data = random(k * n, &mut rng);
            let (a, b) = (MatRef::new(&a_data, m, k), MatRef::new(&b_data, n, k).t());
            let want = naive(a, b);
            let products: Vec<Vec<f32>> = isas
                .iter()
                .map(|&isa| {
                    let mut c = vec![f32::NAN; m * n];
                    matmul_packed(a, &PackedRhs::panels(b, isa), &mut c, false);
                    assert_close(&c, &want, &format!("{isa:?} {m}×{k}×{n}"));
                    c
                })
                .collect();
            for pair in products.windows(2) {
                assert!(pair[0] == pair[1], "{m}×{k}×{n}: the kernels differ");
            }
        }
    }

    /// A loop run through [`widest`] (vectorized for AVX-512 or AVX2 where the CPU has them)
    /// gives the bits of the same loop built for the baseline.
    #[test]
    fn a_loop_gives_the_same_bits_at_any_vector_width() {
        struct Mix<'a> {
            x: &'a [f32],
            out: &'a mut [f32],
        }
        impl VectorLoop for Mix<'_> {
            type Output = ();
            #[inline(always)]
            fn run(self) {
                for (out, &x) in self.out.iter_mut().zip(self.x) {
                    *out = x * 1.5 + x * x * 0.25 - 1.0 / (2.0 + x.abs()) + x.sqrt();
                }
            }
        }
        let mut rng = StdRng::seed_from_u64(11);
        let x: Vec<f32> = (0..1003).map(|_| rng.gen_range(0.0..100.0)).collect();
        let (mut wide, mut baseline) = (vec![0f32; x.len()], vec![0f32; x.len()]);
        widest(Mix {
            x: &x,
            out: &mut wide,
        });
        Mix {
            x: &x,
            out: &mut baseline,
        }
        .run();
        assert!(wide
            .iter()
            .zip(&baseline)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(wide.iter().any(|&v| v != 0.0));
    }

    #[test]
    fn the_result_does_not_depend_on_the_number_of_threads() {
        let mut rng = StdRng::seed_from_u64(5);
        let (m, k, n) = (200, 600, 190);
        let a_data = random(m * k, &mut rng);
        let b_data = random(k * n, &mut rng);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let mut c = vec![0f32; m * n];
            pool.install(|| {
                matmul(
                    MatRef::new(&a_data, m, k),
                    MatRef::new(&b_data, k, n),
                    &mut c,
                    false,
                )
            });
            c
        };
        assert_eq!(run(1), run(3));
    }
}
