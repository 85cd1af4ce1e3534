//! The packed products on x86-64: the AVX-512 and AVX2/FMA micro-kernels, the packing of their
//! operands, the split between threads, and the functions compiled for each instruction set that
//! [`crate::widest`] calls.

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
        } else if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
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
fn pack_a<K: MicroKernel>(a: MatRef, ic: usize, mc: usize, pc: usize, kc: usize, pack: &mut [f32]) {
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
            // The block may be uninitialized ([`crate::product`]): written through the pointer.
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
