//! t-SNE's repulsive forces by FFT-accelerated interpolation (Linderman et
//! al. 2019, FIt-SNE; as openTSNE's `negative_gradient_method="fft"`): the
//! square around the points is cut into boxes with three interpolation nodes
//! per box and axis; each point spreads four charges (1, x, y, x² + y²) onto
//! the nodes of its box by Lagrange weights, one convolution with the
//! squared Cauchy kernel over the node grid (by FFT) gives the potentials at
//! the nodes, and each point gathers its own back. The cost per iteration is
//! linear in the points plus the grid's FFT, instead of Barnes–Hut's
//! N log N tree walks.
//!
//! Deterministic: charges are spread in point order, the FFT is the same
//! on any number of threads, and each point's gather is independent.

use std::sync::Arc;

use rayon::prelude::*;
use rustfft::num_complex::Complex;
use rustfft::{Fft, FftPlanner};

/// Interpolation nodes per box and axis.
const NODES: usize = 3;
/// At least this many boxes per axis (openTSNE's `min_num_intervals`).
const MIN_BOXES: usize = 50;

/// The repulsion on every point, Σⱼ wᵢⱼ² (yᵢ − yⱼ) with wᵢⱼ = 1 / (1 + ‖yᵢ − yⱼ‖²),
/// and the normalization Z = Σᵢ Σⱼ≠ᵢ wᵢⱼ.
pub(crate) fn repulsion(y: &[[f64; 2]]) -> (Vec<[f64; 2]>, f64) {
    let grid = Grid::around(y);
    let m = grid.nodes_per_axis();
    let size = 2 * m;
    let weights: Vec<([usize; 2], [[f64; NODES]; 2])> =
        y.par_iter().map(|&p| grid.weights(p)).collect();
    // Two complex grids carry the four real charges: (1, x) and (y, x² + y²).
    let mut charges = [
        vec![Complex::new(0.0, 0.0); size * size],
        vec![Complex::new(0.0, 0.0); size * size],
    ];
    for (p, (first, w)) in y.iter().zip(&weights) {
        let pair = [
            Complex::new(1.0, p[0]),
            Complex::new(p[1], p[0] * p[0] + p[1] * p[1]),
        ];
        for (a, wa) in w[0].iter().enumerate() {
            for (b, wb) in w[1].iter().enumerate() {
                let at = (first[0] + a) * size + first[1] + b;
                let weight = wa * wb;
                charges[0][at] += pair[0] * weight;
                charges[1][at] += pair[1] * weight;
            }
        }
    }
    let transform = Transform::new(size);
    let mut kernel = grid.kernel(size);
    transform.forward(&mut kernel);
    for grid in &mut charges {
        transform.forward(grid);
        grid.par_iter_mut()
            .zip(&kernel)
            .for_each(|(g, k)| *g *= k / (size * size) as f64);
        transform.inverse(grid);
    }
    let per_point: Vec<([f64; 2], f64)> = y
        .par_iter()
        .zip(&weights)
        .map(|(p, (first, w))| {
            let mut phi = [Complex::new(0.0, 0.0); 2];
            for (a, wa) in w[0].iter().enumerate() {
                for (b, wb) in w[1].iter().enumerate() {
                    let at = (first[0] + a) * size + first[1] + b;
                    phi[0] += charges[0][at] * (wa * wb);
                    phi[1] += charges[1][at] * (wa * wb);
                }
            }
            // Σ w² = φ₀, Σ w² yⱼ = (φ₁, φ₂), Σ w² ‖yⱼ‖² = φ₃; and Σ w = Σ w² (1 + ‖yᵢ − yⱼ‖²).
            let (phi0, phi1, phi2, phi3) = (phi[0].re, phi[0].im, phi[1].re, phi[1].im);
            let force = [p[0] * phi0 - phi1, p[1] * phi0 - phi2];
            let z =
                (1.0 + p[0] * p[0] + p[1] * p[1]) * phi0 - 2.0 * (p[0] * phi1 + p[1] * phi2) + phi3;
            (force, z)
        })
        .collect();
    // Each point's sum includes itself (w = 1).
    let z = per_point.iter().map(|r| r.1).sum::<f64>() - y.len() as f64;
    (per_point.into_iter().map(|r| r.0).collect(), z)
}

/// The boxes over the points' bounding square.
struct Grid {
    low: f64,
    boxes: usize,
    box_width: f64,
}

impl Grid {
    fn around(y: &[[f64; 2]]) -> Self {
        let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in y {
            low = low.min(p[0]).min(p[1]);
            high = high.max(p[0]).max(p[1]);
        }
        let span = (high - low).max(1e-9);
        // About one box per unit of the embedding (openTSNE's
        // `ints_in_interval` 1), rounded up to a size whose FFT is fast.
        let boxes = smooth_at_least((span.ceil() as usize).max(MIN_BOXES));
        Self {
            low,
            boxes,
            box_width: span * (1.0 + 1e-9) / boxes as f64,
        }
    }

    fn nodes_per_axis(&self) -> usize {
        self.boxes * NODES
    }

    /// The first node of the point's box on each axis, and the Lagrange
    /// weights of the box's nodes (at ⅙, ½ and ⅚ of the box).
    fn weights(&self, p: [f64; 2]) -> ([usize; 2], [[f64; NODES]; 2]) {
        let mut first = [0; 2];
        let mut weights = [[0.0; NODES]; 2];
        for d in 0..2 {
            let position = (p[d] - self.low) / self.box_width;
            let cell = (position.floor().max(0.0) as usize).min(self.boxes - 1);
            let t = position - cell as f64;
            first[d] = cell * NODES;
            for (j, weight) in weights[d].iter_mut().enumerate() {
                *weight = (0..NODES)
                    .filter(|&l| l != j)
                    .map(|l| (t - node(l)) / (node(j) - node(l)))
                    .product();
            }
        }
        (first, weights)
    }

    /// The squared Cauchy kernel between nodes, laid out for a circular
    /// convolution of `size` = 2 × nodes per axis (offsets past the middle
    /// are negative; the middle itself never pairs two nodes).
    fn kernel(&self, size: usize) -> Vec<Complex<f64>> {
        let m = size / 2;
        let spacing = self.box_width / NODES as f64;
        let offset = |a: usize| {
            if a < m {
                a as f64
            } else {
                a as f64 - size as f64
            }
        };
        (0..size * size)
            .into_par_iter()
            .map(|at| {
                let (a, b) = (at / size, at % size);
                if a == m || b == m {
                    return Complex::new(0.0, 0.0);
                }
                let (dx, dy) = (offset(a) * spacing, offset(b) * spacing);
                let w = 1.0 / (1.0 + dx * dx + dy * dy);
                Complex::new(w * w, 0.0)
            })
            .collect()
    }
}

/// Where node `j` sits in its box, as a fraction of the box.
fn node(j: usize) -> f64 {
    (j as f64 + 0.5) / NODES as f64
}

/// The least number ≥ `n` whose prime factors are 2, 3 and 5.
fn smooth_at_least(n: usize) -> usize {
    (n..)
        .find(|&c| {
            let mut r = c;
            for f in [2, 3, 5] {
                while r % f == 0 {
                    r /= f;
                }
            }
            r == 1
        })
        .expect("smooth numbers are unbounded")
}

/// Two-dimensional FFTs of `size` × `size` grids: the rows, a transpose,
/// the rows again (so the forward result is transposed, and the inverse,
/// applied to it, transposes back).
struct Transform {
    size: usize,
    forward: Arc<dyn Fft<f64>>,
    inverse: Arc<dyn Fft<f64>>,
}

impl Transform {
    fn new(size: usize) -> Self {
        let mut planner = FftPlanner::new();
        Self {
            size,
            forward: planner.plan_fft_forward(size),
            inverse: planner.plan_fft_inverse(size),
        }
    }

    fn forward(&self, grid: &mut [Complex<f64>]) {
        self.both_axes(grid, &self.forward);
    }

    /// Unnormalized, as rustfft's.
    fn inverse(&self, grid: &mut [Complex<f64>]) {
        self.both_axes(grid, &self.inverse);
    }

    fn both_axes(&self, grid: &mut [Complex<f64>], fft: &Arc<dyn Fft<f64>>) {
        self.rows(grid, fft);
        transpose(grid, self.size);
        self.rows(grid, fft);
    }

    fn rows(&self, grid: &mut [Complex<f64>], fft: &Arc<dyn Fft<f64>>) {
        grid.par_chunks_mut(self.size * 16).for_each(|rows| {
            let mut scratch = vec![Complex::new(0.0, 0.0); fft.get_inplace_scratch_len()];
            fft.process_with_scratch(rows, &mut scratch);
        });
    }
}

/// In place, block by block so both sides stay in the cache.
fn transpose(grid: &mut [Complex<f64>], size: usize) {
    const BLOCK: usize = 32;
    for row_block in (0..size).step_by(BLOCK) {
        for column_block in (row_block..size).step_by(BLOCK) {
            for a in row_block..(row_block + BLOCK).min(size) {
                for b in column_block.max(a + 1)..(column_block + BLOCK).min(size) {
                    grid.swap(a * size + b, b * size + a);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact sums, pair by pair.
    fn exact(y: &[[f64; 2]]) -> (Vec<[f64; 2]>, f64) {
        let mut z = 0.0;
        let forces = y
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut f = [0.0; 2];
                for (j, q) in y.iter().enumerate() {
                    if i != j {
                        let d = [p[0] - q[0], p[1] - q[1]];
                        let w = 1.0 / (1.0 + d[0] * d[0] + d[1] * d[1]);
                        z += w;
                        f[0] += w * w * d[0];
                        f[1] += w * w * d[1];
                    }
                }
                f
            })
            .collect();
        (forces, z)
    }

    /// The largest error of Z (relative) and of a force (relative to the
    /// largest force) for 400 points over a square of side about 2 × `spread`.
    fn errors(spread: f64) -> (f64, f64) {
        let y: Vec<[f64; 2]> = (0..400)
            .map(|i| {
                let f = i as f64;
                [(f * 0.37).sin() * spread, (f * 0.11).cos() * spread]
            })
            .collect();
        let (forces, z) = repulsion(&y);
        assert_eq!(repulsion(&y), (forces.clone(), z), "deterministic");
        let (truth, z_truth) = exact(&y);
        let scale = truth
            .iter()
            .map(|f| f[0].hypot(f[1]))
            .fold(0.0f64, f64::max);
        let worst = forces
            .iter()
            .zip(&truth)
            .map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]))
            .fold(0.0f64, f64::max);
        ((z - z_truth).abs() / z_truth, worst / scale)
    }

    #[test]
    fn interpolated_repulsion_matches_the_exact_sums() {
        // Boxes of 0.2 (the minimum of 50 over a side of 10): nearly exact.
        let (z, force) = errors(5.0);
        assert!(z < 1e-4 && force < 1e-3, "{z} {force}");
        // Boxes of 1 (openTSNE's resolution): a few percent, as FIt-SNE's
        // three nodes per box give.
        let (z, force) = errors(40.0);
        assert!(z < 0.1 && force < 0.1, "{z} {force}");
    }

    #[test]
    fn grids_have_fast_fft_sizes() {
        assert_eq!(smooth_at_least(50), 50);
        assert_eq!(smooth_at_least(49), 50);
        assert_eq!(smooth_at_least(131), 135);
    }
}
