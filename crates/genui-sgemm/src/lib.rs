//! Single-precision matrix products for the CPU training path.
//!
//! Why our own: on the shapes of a DrugEx training step (`[64, 512]·[512, 2048]` inside the
//! recurrence, `[6400, 512]·[512, 2048]` for input projections and weight gradients) candle's CPU
//! products ran at 60–78 GFLOP/s on this project's 2-core machine where PyTorch's reached ~95,
//! and the products are most of a step. This is the classic BLIS design: panels of A and B packed
//! into contiguous blocks that stay in cache, a 6 × 16 register-blocked AVX2/FMA micro-kernel,
//! and the larger dimension split between threads. Each output element is summed in the same
//! order on any number of threads, so training stays bit-reproducible. Without AVX2 and FMA
//! (other CPUs) the `gemm` crate, which candle uses, does the product.
//!
//! A crate of its own so that the engine (`genui-gen`) keeps forbidding unsafe code: the SIMD
//! intrinsics and threads writing disjoint blocks of one output buffer are confined here, and the
//! tests compare every layout and ragged size with the definition.
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

/// The right operand of products, prepared once for many products with it (a weight matrix
/// inside a time loop): in the kernel's panel layout where the AVX2 kernel runs, else a copy.
pub struct PackedRhs {
    rows: usize,
    cols: usize,
    values: Vec<f32>,
    /// Where the matrix starts in `values` (panels start on a 32-byte boundary).
    start: usize,
    panels: bool,
}

impl PackedRhs {
    /// Packs `b`.
    pub fn new(b: MatRef) -> Self {
        #[cfg(target_arch = "x86_64")]
        if simd() {
            let (values, start) = packed::pack_rhs(b);
            return Self {
                rows: b.rows,
                cols: b.cols,
                values,
                start,
                panels: true,
            };
        }
        let values = (0..b.rows)
            .flat_map(|i| (0..b.cols).map(move |j| b.at(i, j)))
            .collect();
        Self {
            rows: b.rows,
            cols: b.cols,
            values,
            start: 0,
            panels: false,
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
    #[cfg(target_arch = "x86_64")]
    if b.panels {
        packed::matmul(a, b, c, accumulate);
        return;
    }
    portable_matmul(a, MatRef::new(&b.values, k, n), c, accumulate);
}

#[cfg(target_arch = "x86_64")]
fn simd() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
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
mod packed {
    use super::*;
    use std::arch::x86_64::*;

    /// Rows and columns of the register block.
    const MR: usize = 6;
    const NR: usize = 16;
    /// Depth of a packed panel (A's `MC × KC` block stays in L2, a `KC × NR` panel of B in L1).
    const KC: usize = 256;
    const MC: usize = 96;
    /// Below this many multiply-adds a product runs on one thread.
    const PARALLEL_FROM: usize = 1 << 21;

    /// The output pointer shared by threads that write disjoint parts of it.
    #[derive(Clone, Copy)]
    struct Out(*mut f32);
    // SAFETY: every thread writes a disjoint set of rows or columns (see `matmul`).
    unsafe impl Send for Out {}
    unsafe impl Sync for Out {}

    /// `b` as blocks of `KC` rows, each block as panels of `NR` columns (`kc × NR`, zero-padded),
    /// and the offset of the first panel, aligned for the kernel's aligned loads.
    pub(super) fn pack_rhs(b: MatRef) -> (Vec<f32>, usize) {
        let panels = b.cols.div_ceil(NR);
        let len = b.rows * panels * NR;
        let mut values = vec![0f32; len + 8];
        let start = values.as_ptr().align_offset(32);
        values[start..start + len]
            .par_chunks_mut(KC * panels * NR)
            .enumerate()
            .for_each(|(block, chunk)| {
                let pc = block * KC;
                pack_b(b, pc, KC.min(b.rows - pc), 0..b.cols, chunk);
            });
        (values, start)
    }

    pub(super) fn matmul(a: MatRef, b: &PackedRhs, c: &mut [f32], accumulate: bool) {
        let (m, k, n) = (a.rows, a.cols, b.cols);
        let threads = rayon::current_num_threads();
        let out = Out(c.as_mut_ptr());
        let parts = if m * n * k < PARALLEL_FROM {
            1
        } else {
            threads
        };
        // Split the larger dimension between threads (each packs its own blocks of A).
        let (along_rows, unit, extent) = if m >= n {
            (true, MR, m)
        } else {
            (false, NR, n)
        };
        let units = extent.div_ceil(unit);
        let per_part = units.div_ceil(parts) * unit;
        (0..parts).into_par_iter().for_each(|p| {
            let start = (p * per_part).min(extent);
            let end = ((p + 1) * per_part).min(extent);
            if start == end {
                return;
            }
            let (rows, cols) = if along_rows {
                (start..end, 0..n)
            } else {
                (0..m, start..end)
            };
            // SAFETY: this CPU has AVX2 and FMA (the operand was packed for them); parts cover
            // disjoint row or column ranges of `c`, which holds m × n values.
            unsafe { block(a, b, out, n, rows, cols, accumulate) };
        });
    }

    /// Computes `c[rows, cols]` (`ldc` = the row length of `c`; `cols` starts on a panel).
    ///
    /// # Safety
    /// The CPU has AVX2 and FMA; `c` holds `a.rows × ldc` values and no other thread writes
    /// `c[rows, cols]` meanwhile.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn block(
        a: MatRef,
        b: &PackedRhs,
        c: Out,
        ldc: usize,
        rows: std::ops::Range<usize>,
        cols: std::ops::Range<usize>,
        accumulate: bool,
    ) {
        let k = a.cols;
        let all_panels = b.cols.div_ceil(NR);
        let first_panel = cols.start / NR;
        let mut a_pack = vec![0f32; MC * KC.min(k)];
        for pc in (0..k).step_by(KC) {
            let kc = KC.min(k - pc);
            let b_block = &b.values[b.start + pc * all_panels * NR..];
            let add = accumulate || pc > 0;
            for ic in rows.clone().step_by(MC) {
                let mc = MC.min(rows.end - ic);
                pack_a(a, ic, mc, pc, kc, &mut a_pack);
                for jp in 0..cols.len().div_ceil(NR) {
                    let j = cols.start + jp * NR;
                    let nr = NR.min(cols.end - j);
                    let b_panel = b_block[(first_panel + jp) * NR * kc..].as_ptr();
                    for ip in 0..mc.div_ceil(MR) {
                        let i = ic + ip * MR;
                        let mr = MR.min(ic + mc - i);
                        let a_panel = a_pack.as_ptr().add(ip * MR * kc);
                        kernel(kc, a_panel, b_panel, c.0.add(i * ldc + j), ldc, mr, nr, add);
                    }
                }
            }
        }
    }

    /// Packs `a[ic..ic+mc, pc..pc+kc]` as panels of `MR` rows, each `kc × MR`, zero-padded.
    fn pack_a(a: MatRef, ic: usize, mc: usize, pc: usize, kc: usize, pack: &mut [f32]) {
        for (ip, panel) in pack[..mc.div_ceil(MR) * MR * kc]
            .chunks_exact_mut(MR * kc)
            .enumerate()
        {
            let i0 = ic + ip * MR;
            let mr = MR.min(ic + mc - i0);
            for (p, column) in panel.chunks_exact_mut(MR).enumerate() {
                for (r, value) in column.iter_mut().enumerate() {
                    *value = if r < mr { a.at(i0 + r, pc + p) } else { 0.0 };
                }
            }
        }
    }

    /// Packs `b[pc..pc+kc, cols]` as panels of `NR` columns, each `kc × NR`, zero-padded.
    fn pack_b(b: MatRef, pc: usize, kc: usize, cols: std::ops::Range<usize>, pack: &mut [f32]) {
        let panels = cols.len().div_ceil(NR);
        for (jp, panel) in pack[..panels * NR * kc]
            .chunks_exact_mut(NR * kc)
            .enumerate()
        {
            let j0 = cols.start + jp * NR;
            let nr = NR.min(cols.end - j0);
            if b.row_stride == 1 {
                // A transposed operand: read each column's run of kc values in order.
                panel.fill(0.0);
                for q in 0..nr {
                    let start = (j0 + q) * b.col_stride + pc;
                    for (p, value) in b.data[start..start + kc].iter().enumerate() {
                        panel[p * NR + q] = *value;
                    }
                }
                continue;
            }
            for (p, row) in panel.chunks_exact_mut(NR).enumerate() {
                if b.col_stride == 1 && nr == NR {
                    let start = (pc + p) * b.row_stride + j0;
                    row.copy_from_slice(&b.data[start..start + NR]);
                } else {
                    for (q, value) in row.iter_mut().enumerate() {
                        *value = if q < nr { b.at(pc + p, j0 + q) } else { 0.0 };
                    }
                }
            }
        }
    }

    /// `c[..mr, ..nr] (+)= a_panel · b_panel` for one `MR × NR` block.
    ///
    /// # Safety
    /// AVX2 and FMA are available; the panels hold `kc × MR` and `kc × NR` values, the latter
    /// 32-byte aligned; `c` points to an `mr × nr` block of rows `ldc` apart.
    #[allow(clippy::too_many_arguments)]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn kernel(
        kc: usize,
        a: *const f32,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        mr: usize,
        nr: usize,
        accumulate: bool,
    ) {
        let mut acc = [[_mm256_setzero_ps(); 2]; MR];
        for p in 0..kc {
            let b0 = _mm256_load_ps(b.add(p * NR));
            let b1 = _mm256_load_ps(b.add(p * NR + 8));
            let a_col = a.add(p * MR);
            for (r, row) in acc.iter_mut().enumerate() {
                let a_r = _mm256_broadcast_ss(&*a_col.add(r));
                row[0] = _mm256_fmadd_ps(a_r, b0, row[0]);
                row[1] = _mm256_fmadd_ps(a_r, b1, row[1]);
            }
        }
        for (r, row) in acc.iter().enumerate().take(mr) {
            let out = c.add(r * ldc);
            if nr == NR {
                for (half, value) in row.iter().enumerate() {
                    let target = out.add(8 * half);
                    let value = if accumulate {
                        _mm256_add_ps(_mm256_loadu_ps(target), *value)
                    } else {
                        *value
                    };
                    _mm256_storeu_ps(target, value);
                }
            } else {
                let mut tile = [0f32; NR];
                _mm256_storeu_ps(tile.as_mut_ptr(), row[0]);
                _mm256_storeu_ps(tile.as_mut_ptr().add(8), row[1]);
                for (q, value) in tile.iter().enumerate().take(nr) {
                    let target = out.add(q);
                    *target = if accumulate { *target + value } else { *value };
                }
            }
        }
    }
}

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
                let mut portable = vec![f32::NAN; m * n];
                portable_matmul(a, b, &mut portable, false);
                assert_close(&portable, &want, &what);
                let doubled: Vec<f32> = want.iter().map(|w| 2.0 * w).collect();
                matmul(a, b, &mut c, true);
                assert_close(&c, &doubled, &format!("{what}, accumulated"));
            }
        }
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
