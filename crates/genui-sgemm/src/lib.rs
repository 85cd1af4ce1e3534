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
//! A crate of its own so that the engine (`genui-gen`) keeps forbidding unsafe code: the SIMD
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
mod packed {
    use super::*;
    use std::arch::x86_64::*;

    /// Depth of a packed panel (A's `MC × KC` block stays in L2, a `KC × NR` panel of B in L1).
    /// The same for every kernel: each output element is then summed in the same order by both,
    /// so a model trains to the same weights with or without AVX-512.
    const KC: usize = 256;
    /// Below this many multiply-adds a product runs on one thread.
    const PARALLEL_FROM: usize = 1 << 21;
    /// Alignment of packed panels, in floats (64 bytes, for aligned AVX-512 loads).
    const ALIGN: usize = 16;

    /// [`VectorLoop::run`] compiled for AVX-512.
    ///
    /// # Safety
    /// The CPU has AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn run_avx512<L: VectorLoop>(work: L) -> L::Output {
        work.run()
    }

    /// [`VectorLoop::run`] compiled for AVX2 and FMA.
    ///
    /// # Safety
    /// The CPU has AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn run_avx2<L: VectorLoop>(work: L) -> L::Output {
        work.run()
    }

    /// The instruction set of the micro-kernel.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Isa {
        Avx2,
        Avx512,
    }

    impl Isa {
        /// The widest kernel this CPU runs, if any.
        pub(super) fn detect() -> Option<Self> {
            if std::is_x86_feature_detected!("avx512f") {
                Some(Isa::Avx512)
            } else if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
            {
                Some(Isa::Avx2)
            } else {
                None
            }
        }

        pub(super) fn pack_rhs(self, b: MatRef) -> (Vec<f32>, usize) {
            match self {
                Isa::Avx2 => pack_rhs::<Avx2>(b),
                Isa::Avx512 => pack_rhs::<Avx512>(b),
            }
        }

        /// `c (+)= a · b` into `c`, row-major `a.rows × b.cols`.
        ///
        /// # Safety
        /// `b` was packed for this instruction set, which the CPU runs; `c` points to
        /// `a.rows × b.cols` writable values, which may be uninitialized unless `accumulate`.
        pub(super) unsafe fn matmul(self, a: MatRef, b: &PackedRhs, c: *mut f32, accumulate: bool) {
            match self {
                Isa::Avx2 => matmul_with::<Avx2>(a, b, c, accumulate),
                Isa::Avx512 => matmul_with::<Avx512>(a, b, c, accumulate),
            }
        }
    }

    /// A register-blocked `MR × NR` micro-kernel.
    trait MicroKernel {
        const MR: usize;
        const NR: usize;
        /// Rows of A packed at a time (an `MC × KC` block stays in L2).
        const MC: usize;

        /// `c[..mr, ..nr] (+)= a_panel · b_panel` for one `MR × NR` block.
        ///
        /// # Safety
        /// The CPU has the kernel's instruction set; `a` reaches `MR × kc` values and the panel
        /// of B holds `kc × NR` values, 64-byte aligned; `c` points to an `mr × nr` block of rows
        /// `ldc` apart that nothing else accesses meanwhile.
        #[allow(clippy::too_many_arguments)]
        unsafe fn run(
            kc: usize,
            a: Lhs,
            b: *const f32,
            c: *mut f32,
            ldc: usize,
            mr: usize,
            nr: usize,
            accumulate: bool,
        );
    }

    /// 6 × 16: twelve 8-wide accumulators.
    struct Avx2;
    /// 8 × 32: sixteen 16-wide accumulators (8 rows divide the batch of 64 and every other
    /// row count of a DrugEx step, where 12 or 14 rows left part of the last block empty).
    struct Avx512;

    /// An `MR × kc` block of the left operand as a kernel reads it: element `(r, p)` is at
    /// `ptr + r · row_step + p · depth_step`, packed (`1`, `MR`) or in place in a row-major
    /// matrix (`row length`, `1`), which saves packing the rows of full blocks.
    #[derive(Clone, Copy)]
    struct Lhs {
        ptr: *const f32,
        row_step: usize,
        depth_step: usize,
    }

    /// The output pointer shared by threads that write disjoint parts of it.
    #[derive(Clone, Copy)]
    struct Out(*mut f32);
    // SAFETY: every thread writes a disjoint set of rows or columns (see `matmul_with`).
    unsafe impl Send for Out {}
    unsafe impl Sync for Out {}

    /// `b` as blocks of `KC` rows, each block as panels of `NR` columns (`kc × NR`, zero-padded),
    /// and the offset of the first panel, aligned for the kernel's aligned loads.
    fn pack_rhs<K: MicroKernel>(b: MatRef) -> (Vec<f32>, usize) {
        let panels = b.cols.div_ceil(K::NR);
        let len = b.rows * panels * K::NR;
        let mut values = vec![0f32; len + ALIGN];
        let start = values.as_ptr().align_offset(4 * ALIGN);
        values[start..start + len]
            .par_chunks_mut(KC * panels * K::NR)
            .enumerate()
            .for_each(|(block, chunk)| {
                let pc = block * KC;
                pack_b::<K>(b, pc, KC.min(b.rows - pc), chunk);
            });
        (values, start)
    }

    /// [`Isa::matmul`] with kernel `K` (same safety conditions).
    unsafe fn matmul_with<K: MicroKernel>(a: MatRef, b: &PackedRhs, c: *mut f32, accumulate: bool) {
        let (m, k, n) = (a.rows, a.cols, b.cols);
        let threads = rayon::current_num_threads();
        let out = Out(c);
        let parts = if m * n * k < PARALLEL_FROM {
            1
        } else {
            threads
        };
        // Split the larger dimension between threads (each packs its own blocks of A).
        let (along_rows, unit, extent) = if m >= n {
            (true, K::MR, m)
        } else {
            (false, K::NR, n)
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
            // SAFETY: `b` was packed for this kernel, which `Isa::detect` found this CPU to
            // run; parts cover disjoint row or column ranges of `c`, which holds m × n values.
            unsafe { block::<K>(a, b, out, n, rows, cols, accumulate) };
        });
    }

    /// Computes `c[rows, cols]` (`ldc` = the row length of `c`; `cols` starts on a panel).
    ///
    /// # Safety
    /// The CPU runs `K`, for which `b` was packed; `c` holds `a.rows × ldc` values and no other
    /// thread writes `c[rows, cols]` meanwhile.
    unsafe fn block<K: MicroKernel>(
        a: MatRef,
        b: &PackedRhs,
        c: Out,
        ldc: usize,
        rows: std::ops::Range<usize>,
        cols: std::ops::Range<usize>,
        accumulate: bool,
    ) {
        let k = a.cols;
        let all_panels = b.cols.div_ceil(K::NR);
        let first_panel = cols.start / K::NR;
        // A row-major left operand is read in place, except a last block of fewer than MR rows.
        let in_place = a.col_stride == 1;
        let mut a_pack = if in_place && rows.len().is_multiple_of(K::MR) {
            Vec::new()
        } else {
            vec![0f32; K::MC * KC.min(k)]
        };
        for pc in (0..k).step_by(KC) {
            let kc = KC.min(k - pc);
            let b_block = &b.values[b.start + pc * all_panels * K::NR..];
            let add = accumulate || pc > 0;
            for ic in rows.clone().step_by(K::MC) {
                let mc = K::MC.min(rows.end - ic);
                let ragged = ic + mc - mc % K::MR;
                if !in_place {
                    pack_a::<K>(a, ic, mc, pc, kc, &mut a_pack);
                } else if ragged < ic + mc {
                    pack_a::<K>(a, ragged, ic + mc - ragged, pc, kc, &mut a_pack);
                }
                for jp in 0..cols.len().div_ceil(K::NR) {
                    let j = cols.start + jp * K::NR;
                    let nr = K::NR.min(cols.end - j);
                    let b_panel = b_block[(first_panel + jp) * K::NR * kc..].as_ptr();
                    for ip in 0..mc.div_ceil(K::MR) {
                        let i = ic + ip * K::MR;
                        let mr = K::MR.min(ic + mc - i);
                        let lhs = if in_place && i < ragged {
                            Lhs {
                                ptr: a.data.as_ptr().add(i * a.row_stride + pc),
                                row_step: a.row_stride,
                                depth_step: 1,
                            }
                        } else {
                            let panel = if in_place { 0 } else { ip };
                            Lhs {
                                ptr: a_pack.as_ptr().add(panel * K::MR * kc),
                                row_step: 1,
                                depth_step: K::MR,
                            }
                        };
                        K::run(kc, lhs, b_panel, c.0.add(i * ldc + j), ldc, mr, nr, add);
                    }
                }
            }
        }
    }

    /// Packs `a[ic..ic+mc, pc..pc+kc]` as panels of `MR` rows, each `kc × MR`, zero-padded.
    fn pack_a<K: MicroKernel>(
        a: MatRef,
        ic: usize,
        mc: usize,
        pc: usize,
        kc: usize,
        pack: &mut [f32],
    ) {
        for (ip, panel) in pack[..mc.div_ceil(K::MR) * K::MR * kc]
            .chunks_exact_mut(K::MR * kc)
            .enumerate()
        {
            let i0 = ic + ip * K::MR;
            let mr = K::MR.min(ic + mc - i0);
            if a.col_stride == 1 {
                // Row-major: read each row's run of kc values in order.
                if mr < K::MR {
                    panel.fill(0.0);
                }
                for r in 0..mr {
                    let start = (i0 + r) * a.row_stride + pc;
                    for (column, value) in panel
                        .chunks_exact_mut(K::MR)
                        .zip(&a.data[start..start + kc])
                    {
                        column[r] = *value;
                    }
                }
            } else if a.row_stride == 1 && mr == K::MR {
                // A transposed operand: each column's MR values are adjacent.
                for (p, column) in panel.chunks_exact_mut(K::MR).enumerate() {
                    let start = (pc + p) * a.col_stride + i0;
                    column.copy_from_slice(&a.data[start..start + K::MR]);
                }
            } else {
                for (p, column) in panel.chunks_exact_mut(K::MR).enumerate() {
                    for (r, value) in column.iter_mut().enumerate() {
                        *value = if r < mr { a.at(i0 + r, pc + p) } else { 0.0 };
                    }
                }
            }
        }
    }

    /// Packs `b[pc..pc+kc, ..]` as panels of `NR` columns, each `kc × NR`, zero-padded.
    fn pack_b<K: MicroKernel>(b: MatRef, pc: usize, kc: usize, pack: &mut [f32]) {
        let nr_full = K::NR;
        let panels = b.cols.div_ceil(nr_full);
        for (jp, panel) in pack[..panels * nr_full * kc]
            .chunks_exact_mut(nr_full * kc)
            .enumerate()
        {
            let j0 = jp * nr_full;
            let nr = nr_full.min(b.cols - j0);
            if b.row_stride == 1 {
                // A transposed operand: read each column's run of kc values in order.
                panel.fill(0.0);
                for q in 0..nr {
                    let start = (j0 + q) * b.col_stride + pc;
                    for (p, value) in b.data[start..start + kc].iter().enumerate() {
                        panel[p * nr_full + q] = *value;
                    }
                }
                continue;
            }
            for (p, row) in panel.chunks_exact_mut(nr_full).enumerate() {
                if b.col_stride == 1 && nr == nr_full {
                    let start = (pc + p) * b.row_stride + j0;
                    row.copy_from_slice(&b.data[start..start + nr_full]);
                } else {
                    for (q, value) in row.iter_mut().enumerate() {
                        *value = if q < nr { b.at(pc + p, j0 + q) } else { 0.0 };
                    }
                }
            }
        }
    }

    /// `acc += a · b` over `kc` steps for an `MR × NR` register block held as two vectors per
    /// row, in the kernel's instruction set (its load, broadcast and fused multiply-add). The
    /// two layouts of A get their own loop so that each addresses A with fixed strides: packed,
    /// one pointer moving `MR` values per step; in place, one pointer per row.
    macro_rules! multiply_add {
        ($acc:ident, $kc:expr, $a:expr, $b:expr, $mr:expr, $nr:expr,
         $load:ident, $broadcast:ident, $fmadd:ident) => {{
            let half = $nr / 2;
            if $a.depth_step == 1 {
                let rows: [*const f32; $mr] = std::array::from_fn(|r| $a.ptr.add(r * $a.row_step));
                for p in 0..$kc {
                    let b0 = $load($b.add(p * $nr));
                    let b1 = $load($b.add(p * $nr + half));
                    for (row, a_row) in $acc.iter_mut().zip(&rows) {
                        let a_r = $broadcast(*a_row.add(p));
                        row[0] = $fmadd(a_r, b0, row[0]);
                        row[1] = $fmadd(a_r, b1, row[1]);
                    }
                }
            } else {
                for p in 0..$kc {
                    let b0 = $load($b.add(p * $nr));
                    let b1 = $load($b.add(p * $nr + half));
                    let a_col = $a.ptr.add(p * $mr);
                    for (r, row) in $acc.iter_mut().enumerate() {
                        let a_r = $broadcast(*a_col.add(r));
                        row[0] = $fmadd(a_r, b0, row[0]);
                        row[1] = $fmadd(a_r, b1, row[1]);
                    }
                }
            }
        }};
    }

    /// Writes (or adds) a register block into `c`: a full block straight from the registers,
    /// a partial one (the matrix's edge) through [`write_tile`].
    macro_rules! store_block {
        ($acc:ident, $c:expr, $ldc:expr, $mr:expr, $nr:expr, $accumulate:expr, $full_mr:expr,
         $full_nr:expr, $loadu:ident, $add:ident, $storeu:ident) => {{
            let half = $full_nr / 2;
            if $mr == $full_mr && $nr == $full_nr {
                for (r, row) in $acc.iter().enumerate() {
                    let out = $c.add(r * $ldc);
                    for (offset, value) in [(0, row[0]), (half, row[1])] {
                        let value = if $accumulate {
                            $add($loadu(out.add(offset)), value)
                        } else {
                            value
                        };
                        $storeu(out.add(offset), value);
                    }
                }
            } else {
                let mut tile = [0f32; $full_mr * $full_nr];
                for (r, row) in $acc.iter().enumerate() {
                    $storeu(tile.as_mut_ptr().add(r * $full_nr), row[0]);
                    $storeu(tile.as_mut_ptr().add(r * $full_nr + half), row[1]);
                }
                write_tile(&tile, $full_nr, $c, $ldc, $mr, $nr, $accumulate);
            }
        }};
    }

    /// Writes (or adds) the first `mr × nr` values of a register block spilled to `tile`
    /// (rows `nr_full` apart) into `c`.
    ///
    /// # Safety
    /// `c` points to an `mr × nr` block of rows `ldc` apart, initialized if `accumulate`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    unsafe fn write_tile(
        tile: &[f32],
        nr_full: usize,
        c: *mut f32,
        ldc: usize,
        mr: usize,
        nr: usize,
        accumulate: bool,
    ) {
        for (r, row) in tile.chunks_exact(nr_full).take(mr).enumerate() {
            if accumulate {
                let out = std::slice::from_raw_parts_mut(c.add(r * ldc), nr);
                for (target, value) in out.iter_mut().zip(&row[..nr]) {
                    *target += value;
                }
            } else {
                // The block may be uninitialized ([`product`]): written through the pointer.
                std::ptr::copy_nonoverlapping(row.as_ptr(), c.add(r * ldc), nr);
            }
        }
    }

    /// Implements [`MicroKernel`] for `$kernel` with a function compiled for `$features` from
    /// that instruction set's intrinsics (each row of the block is two vectors of `NR / 2`).
    macro_rules! micro_kernel {
        ($kernel:ident, $function:ident, $features:literal, $mr:literal, $nr:literal,
         $zero:ident, $load:ident, $broadcast:ident, $fmadd:ident, $loadu:ident, $add:ident,
         $storeu:ident) => {
            impl MicroKernel for $kernel {
                const MR: usize = $mr;
                const NR: usize = $nr;
                const MC: usize = 96;

                unsafe fn run(
                    kc: usize,
                    a: Lhs,
                    b: *const f32,
                    c: *mut f32,
                    ldc: usize,
                    mr: usize,
                    nr: usize,
                    accumulate: bool,
                ) {
                    $function(kc, a, b, c, ldc, mr, nr, accumulate)
                }
            }

            #[allow(clippy::too_many_arguments)]
            #[target_feature(enable = $features)]
            unsafe fn $function(
                kc: usize,
                a: Lhs,
                b: *const f32,
                c: *mut f32,
                ldc: usize,
                mr: usize,
                nr: usize,
                accumulate: bool,
            ) {
                let mut acc = [[$zero(); 2]; $mr];
                multiply_add!(acc, kc, a, b, $mr, $nr, $load, $broadcast, $fmadd);
                store_block!(acc, c, ldc, mr, nr, accumulate, $mr, $nr, $loadu, $add, $storeu);
            }
        };
    }

    micro_kernel!(
        Avx2,
        kernel_avx2,
        "avx2,fma",
        6,
        16,
        _mm256_setzero_ps,
        _mm256_load_ps,
        _mm256_set1_ps,
        _mm256_fmadd_ps,
        _mm256_loadu_ps,
        _mm256_add_ps,
        _mm256_storeu_ps
    );
    micro_kernel!(
        Avx512,
        kernel_avx512,
        "avx512f",
        8,
        32,
        _mm512_setzero_ps,
        _mm512_load_ps,
        _mm512_set1_ps,
        _mm512_fmadd_ps,
        _mm512_loadu_ps,
        _mm512_add_ps,
        _mm512_storeu_ps
    );
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
