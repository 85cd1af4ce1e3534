//! t-SNE with Barnes–Hut (van der Maaten 2014) or FFT-interpolated
//! ([`super::fft`]) repulsive forces, over exact or approximate neighbours
//! ([`neighbour_graph`]), initialized by PCA and with the learning rate set from the number of points (Belkina et
//! al. 2019), as openTSNE does; and the placement of new points onto a
//! finished map without moving it (each new point minimizes its own
//! KL divergence to the fixed map, from the weighted mean of its neighbours).
//!
//! Every step is deterministic: neighbours break ties by index, forces are
//! summed per point in tree order, so the same input and seed give the same map
//! on any number of threads.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::neighbours::{nearest, neighbour_graph, Neighbours, Points};
use super::pca::Pca;
use crate::MlError;

/// t-SNE parameters (openTSNE's names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TsneParams {
    pub perplexity: f64,
    pub early_exaggeration: f64,
    pub early_exaggeration_iter: usize,
    /// Iterations after the early exaggeration.
    pub n_iter: usize,
    /// `None`: max(points / early exaggeration / 4, 50) (Belkina et al.).
    pub learning_rate: Option<f64>,
    /// Barnes–Hut accuracy: cells smaller than `theta` × their distance count as one point.
    pub theta: f64,
    pub negative_gradient_method: GradientMethod,
    pub seed: u64,
}

/// How the repulsive forces are computed (openTSNE's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GradientMethod {
    /// Barnes–Hut below [`FFT_FROM`] points, FFT interpolation from there.
    Auto,
    Bh,
    Fft,
}

/// From this many points, `auto` interpolates by FFT (as openTSNE).
pub const FFT_FROM: usize = 10_000;

impl GradientMethod {
    fn for_points(self, n: usize) -> Self {
        match self {
            Self::Auto if n >= FFT_FROM => Self::Fft,
            Self::Auto => Self::Bh,
            chosen => chosen,
        }
    }
}

impl Default for TsneParams {
    fn default() -> Self {
        Self {
            perplexity: 30.0,
            early_exaggeration: 12.0,
            early_exaggeration_iter: 250,
            n_iter: 500,
            learning_rate: None,
            theta: 0.5,
            negative_gradient_method: GradientMethod::Auto,
            seed: 42,
        }
    }
}

/// One step of an optimization, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub iteration: usize,
    pub total: usize,
    /// The KL divergence, every 50 iterations and at the end.
    pub kl_divergence: Option<f64>,
}

/// Sparse joint probabilities (symmetric, rows in CSR form).
struct Affinities {
    offsets: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
}

/// Per point, the Gaussian over its neighbours whose perplexity is
/// `perplexity` (binary search on the precision), as rows summing to 1.
fn conditional(neighbours: &Neighbours, perplexity: f64) -> Vec<f64> {
    let k = neighbours.k;
    let target = perplexity.ln();
    let rows = neighbours.distances.len().checked_div(k).unwrap_or(0);
    (0..rows)
        .into_par_iter()
        .flat_map_iter(|i| {
            let d2: Vec<f64> = neighbours.of(i).1.iter().map(|d| d * d).collect();
            let shift = d2.first().copied().unwrap_or(0.0);
            let (mut beta, mut low, mut high) = (1.0, 0.0, f64::INFINITY);
            let mut p = vec![0.0; k];
            for _ in 0..200 {
                let mut sum = 0.0;
                for (pj, &d) in p.iter_mut().zip(&d2) {
                    *pj = (-(d - shift) * beta).exp();
                    sum += *pj;
                }
                let mut entropy = 0.0;
                for (pj, &d) in p.iter_mut().zip(&d2) {
                    *pj /= sum;
                    entropy += beta * (d - shift) * *pj;
                }
                entropy += sum.ln();
                if (entropy - target).abs() < 1e-5 {
                    break;
                }
                if entropy > target {
                    low = beta;
                    beta = if high.is_finite() {
                        (beta + high) / 2.0
                    } else {
                        beta * 2.0
                    };
                } else {
                    high = beta;
                    beta = (beta + low) / 2.0;
                }
            }
            p
        })
        .collect()
}

/// `P = (P_cond + P_condᵀ) / 2n`: each row's own neighbours merged with
/// the rows that have it as a neighbour (a transpose by counting, so a
/// million rows need no global sort).
fn symmetrize(neighbours: &Neighbours, conditional: &[f64]) -> Affinities {
    let k = neighbours.k;
    let n = conditional.len().checked_div(k).unwrap_or(0);
    let mut incoming_offsets = vec![0usize; n + 1];
    for &j in &neighbours.indices {
        incoming_offsets[j as usize + 1] += 1;
    }
    for i in 0..n {
        incoming_offsets[i + 1] += incoming_offsets[i];
    }
    let mut filled = incoming_offsets.clone();
    let mut incoming = vec![(0u32, 0.0f64); neighbours.indices.len()];
    for i in 0..n {
        for (&j, &p) in neighbours
            .of(i)
            .0
            .iter()
            .zip(&conditional[i * k..(i + 1) * k])
        {
            incoming[filled[j as usize]] = (i as u32, p);
            filled[j as usize] += 1;
        }
    }
    let norm = 2.0 * n as f64;
    let rows: Vec<Vec<(u32, f64)>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut row: Vec<(u32, f64)> = neighbours
                .of(i)
                .0
                .iter()
                .copied()
                .zip(conditional[i * k..(i + 1) * k].iter().copied())
                .chain(
                    incoming[incoming_offsets[i]..incoming_offsets[i + 1]]
                        .iter()
                        .copied(),
                )
                .collect();
            row.sort_by_key(|e| e.0);
            let mut merged: Vec<(u32, f64)> = Vec::with_capacity(row.len());
            for (j, p) in row {
                match merged.last_mut() {
                    Some(last) if last.0 == j => last.1 += p,
                    _ => merged.push((j, p)),
                }
            }
            merged.iter_mut().for_each(|e| e.1 /= norm);
            merged
        })
        .collect();
    Affinities::from_rows(rows)
}

/// An order of the points in which neighbours sit close together
/// (breadth-first over the affinity graph, from the lowest unvisited
/// point): the attractive forces of a large map then read nearby memory
/// instead of the whole embedding.
fn locality_order(p: &Affinities) -> Vec<u32> {
    let n = p.offsets.len() - 1;
    let mut visited = vec![false; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut next = order.len();
        order.push(start as u32);
        while next < order.len() {
            let i = order[next] as usize;
            next += 1;
            for &j in &p.columns[p.offsets[i]..p.offsets[i + 1]] {
                if !visited[j as usize] {
                    visited[j as usize] = true;
                    order.push(j);
                }
            }
        }
    }
    order
}

impl Affinities {
    /// The same affinities with point `order[r]` as point `r`.
    fn permuted(self, order: &[u32]) -> Self {
        let mut rank = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let rows: Vec<Vec<(u32, f64)>> = order
            .par_iter()
            .map(|&i| {
                let range = self.offsets[i as usize]..self.offsets[i as usize + 1];
                let mut row: Vec<(u32, f64)> = self.columns[range.clone()]
                    .iter()
                    .map(|&j| rank[j as usize])
                    .zip(self.values[range].iter().copied())
                    .collect();
                row.sort_unstable_by_key(|e| e.0);
                row
            })
            .collect();
        drop(self);
        Self::from_rows(rows)
    }

    fn from_rows(rows: Vec<Vec<(u32, f64)>>) -> Self {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        offsets.push(0);
        let mut columns = Vec::with_capacity(rows.iter().map(Vec::len).sum());
        let mut values = Vec::with_capacity(columns.capacity());
        for row in rows {
            columns.extend(row.iter().map(|e| e.0));
            values.extend(row.iter().map(|e| e.1));
            offsets.push(columns.len());
        }
        Self {
            offsets,
            columns,
            values,
        }
    }
}

/// A quadtree over 2-D points: per cell its centre of mass and count.
struct QuadTree {
    cells: Vec<Cell>,
}

struct Cell {
    centre: [f64; 2],
    half: f64,
    mass: [f64; 2],
    count: usize,
    /// Index of the first of four children, or 0 for a leaf.
    children: usize,
    /// A leaf's point (when `count` ≥ 1).
    point: [f64; 2],
}

const MAX_DEPTH: usize = 48;

impl QuadTree {
    fn new(points: &[[f64; 2]]) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in points {
            for d in 0..2 {
                lo[d] = lo[d].min(p[d]);
                hi[d] = hi[d].max(p[d]);
            }
        }
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0).max(1e-9) * (1.0 + 1e-9);
        let mut tree = Self {
            cells: vec![Cell::empty(centre, half)],
        };
        for p in points {
            tree.insert(*p);
        }
        tree
    }

    fn insert(&mut self, p: [f64; 2]) {
        let mut at = 0;
        for depth in 0.. {
            let cell = &mut self.cells[at];
            let count = cell.count as f64;
            cell.mass = [
                (cell.mass[0] * count + p[0]) / (count + 1.0),
                (cell.mass[1] * count + p[1]) / (count + 1.0),
            ];
            cell.count += 1;
            if cell.children == 0 {
                if cell.count == 1 {
                    cell.point = p;
                    return;
                }
                if depth >= MAX_DEPTH || cell.point == p {
                    return; // duplicates stay together in one leaf
                }
                // Split: move the resident point down, then go on with p.
                let resident = cell.point;
                let (centre, half) = (cell.centre, cell.half / 2.0);
                let first = self.cells.len();
                self.cells[at].children = first;
                for q in 0..4 {
                    let offset = [
                        if q & 1 == 1 { half } else { -half },
                        if q & 2 == 2 { half } else { -half },
                    ];
                    self.cells.push(Cell::empty(
                        [centre[0] + offset[0], centre[1] + offset[1]],
                        half,
                    ));
                }
                let child = first + Self::quadrant(self.cells[at].centre, resident);
                let moved = self.cells[at].count - 1;
                let c = &mut self.cells[child];
                c.count = moved;
                c.mass = resident;
                c.point = resident;
            }
            at = self.cells[at].children + Self::quadrant(self.cells[at].centre, p);
        }
    }

    fn quadrant(centre: [f64; 2], p: [f64; 2]) -> usize {
        usize::from(p[0] > centre[0]) | usize::from(p[1] > centre[1]) << 1
    }

    /// The repulsion on `p`: Σ w² (p − y) and Σ w over all points y ≠ p,
    /// with `w = 1 / (1 + ‖p − y‖²)`, cells far enough away taken as one.
    fn repulsion(&self, p: [f64; 2], theta: f64) -> ([f64; 2], f64) {
        let (mut force, mut z) = ([0.0; 2], 0.0);
        let mut stack = vec![0usize];
        while let Some(at) = stack.pop() {
            let cell = &self.cells[at];
            if cell.count == 0 {
                continue;
            }
            let d = [p[0] - cell.mass[0], p[1] - cell.mass[1]];
            let d2 = d[0] * d[0] + d[1] * d[1];
            let far = cell.children == 0 || 2.0 * cell.half < theta * d2.sqrt();
            if !far {
                stack.extend((0..4).map(|q| cell.children + q));
                continue;
            }
            if d2 <= 1e-18 {
                continue; // the point itself (or its duplicates)
            }
            let w = 1.0 / (1.0 + d2);
            let count = cell.count as f64;
            z += count * w;
            force[0] += count * w * w * d[0];
            force[1] += count * w * w * d[1];
        }
        (force, z)
    }
}

impl Cell {
    fn empty(centre: [f64; 2], half: f64) -> Self {
        Self {
            centre,
            half,
            mass: [0.0; 2],
            count: 0,
            children: 0,
            point: [0.0; 2],
        }
    }
}

/// Gradient descent with momentum and per-coordinate gains (delta-bar-delta).
struct Optimizer {
    update: Vec<[f64; 2]>,
    gains: Vec<[f64; 2]>,
}

impl Optimizer {
    fn new(n: usize) -> Self {
        Self {
            update: vec![[0.0; 2]; n],
            gains: vec![[1.0; 2]; n],
        }
    }

    fn step(&mut self, y: &mut [[f64; 2]], gradient: &[[f64; 2]], rate: f64, momentum: f64) {
        for i in 0..y.len() {
            for d in 0..2 {
                let g = gradient[i][d];
                let gain = &mut self.gains[i][d];
                *gain = if (g > 0.0) != (self.update[i][d] > 0.0) {
                    *gain + 0.2
                } else {
                    (*gain * 0.8).max(0.01)
                };
                self.update[i][d] = momentum * self.update[i][d] - rate * *gain * g;
                y[i][d] += self.update[i][d];
            }
        }
    }
}

/// Checks that `n` points allow `perplexity`.
pub fn check_perplexity(n: usize, perplexity: f64) -> Result<(), MlError> {
    if !(perplexity.is_finite() && perplexity >= 1.0) {
        return Err(MlError::Data("perplexity must be at least 1".into()));
    }
    if n < 4 {
        return Err(MlError::Data(format!(
            "a t-SNE map needs at least 4 molecules; there are {n}"
        )));
    }
    if 3.0 * perplexity >= n as f64 {
        return Err(MlError::Data(format!(
            "perplexity {perplexity} needs more than {} molecules (3 × perplexity); there are {n}",
            (3.0 * perplexity).ceil()
        )));
    }
    Ok(())
}

/// Embeds `points` in 2-D. `progress` is called after every iteration and
/// stops the optimization when it returns false.
pub fn tsne(
    points: &Points,
    params: &TsneParams,
    progress: &mut dyn FnMut(Step) -> bool,
) -> Result<Vec<[f64; 2]>, MlError> {
    let n = points.rows();
    check_perplexity(n, params.perplexity)?;
    let k = ((3.0 * params.perplexity) as usize).min(n - 1);
    let neighbours = neighbour_graph(points, k, params.seed);
    let p = symmetrize(&neighbours, &conditional(&neighbours, params.perplexity));
    drop(neighbours);
    let order = locality_order(&p);
    let p = p.permuted(&order);
    // PCA initialization, scaled so that the first axis has a standard deviation of 1e-4.
    let pca = Pca::fit(points, 2, params.seed).transform(points);
    let spread = (pca[0].iter().map(|v| v * v).sum::<f64>() / n as f64).sqrt();
    let scale = if spread > 0.0 { 1e-4 / spread } else { 1.0 };
    let mut y: Vec<[f64; 2]> = order
        .iter()
        .map(|&i| {
            let i = i as usize;
            [pca[0][i] * scale, pca.get(1).map_or(0.0, |c| c[i]) * scale]
        })
        .collect();
    let rate = params
        .learning_rate
        .unwrap_or((n as f64 / params.early_exaggeration / 4.0).max(50.0));
    let total = params.early_exaggeration_iter + params.n_iter;
    let method = params.negative_gradient_method.for_points(n);
    let mut optimizer = Optimizer::new(n);
    for iteration in 0..total {
        let early = iteration < params.early_exaggeration_iter;
        let exaggeration = if early {
            params.early_exaggeration
        } else {
            1.0
        };
        let momentum = if early { 0.5 } else { 0.8 };
        let report_kl = (iteration + 1) % 50 == 0 || iteration + 1 == total;
        let (gradient, kl) = gradient(&p, &y, exaggeration, method, params.theta, report_kl);
        optimizer.step(&mut y, &gradient, rate, momentum);
        let mean = y.iter().fold([0.0; 2], |m, v| [m[0] + v[0], m[1] + v[1]]);
        for v in &mut y {
            v[0] -= mean[0] / n as f64;
            v[1] -= mean[1] / n as f64;
        }
        let step = Step {
            iteration: iteration + 1,
            total,
            kl_divergence: kl,
        };
        if !progress(step) {
            return Err(MlError::Stopped);
        }
    }
    let mut embedding = vec![[0.0; 2]; n];
    for (&i, yi) in order.iter().zip(y) {
        embedding[i as usize] = yi;
    }
    Ok(embedding)
}

/// The KL gradient (times 4, with exaggerated attraction) and, on request,
/// the KL divergence of the unexaggerated P.
fn gradient(
    p: &Affinities,
    y: &[[f64; 2]],
    exaggeration: f64,
    method: GradientMethod,
    theta: f64,
    with_kl: bool,
) -> (Vec<[f64; 2]>, Option<f64>) {
    let (repulsion, z) = if method == GradientMethod::Fft {
        super::fft::repulsion(y)
    } else {
        let tree = QuadTree::new(y);
        let per_point: Vec<([f64; 2], f64)> = y
            .par_iter()
            .with_min_len(256)
            .map(|&yi| tree.repulsion(yi, theta))
            .collect();
        let z = per_point.iter().map(|r| r.1).sum::<f64>();
        (per_point.into_iter().map(|r| r.0).collect(), z)
    };
    let z = z.max(f64::MIN_POSITIVE);
    let gradient = (0..y.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|i| {
            let mut attraction = [0.0; 2];
            for t in p.offsets[i]..p.offsets[i + 1] {
                let j = p.columns[t] as usize;
                let d = [y[i][0] - y[j][0], y[i][1] - y[j][1]];
                let w = 1.0 / (1.0 + d[0] * d[0] + d[1] * d[1]);
                attraction[0] += p.values[t] * w * d[0];
                attraction[1] += p.values[t] * w * d[1];
            }
            let r = repulsion[i];
            [
                4.0 * (exaggeration * attraction[0] - r[0] / z),
                4.0 * (exaggeration * attraction[1] - r[1] / z),
            ]
        })
        .collect();
    let kl = with_kl.then(|| {
        let per_row: Vec<f64> = (0..y.len())
            .into_par_iter()
            .map(|i| {
                (p.offsets[i]..p.offsets[i + 1])
                    .map(|t| {
                        let j = p.columns[t] as usize;
                        let d2 = (y[i][0] - y[j][0]).powi(2) + (y[i][1] - y[j][1]).powi(2);
                        let q = 1.0 / (1.0 + d2) / z;
                        let pij = p.values[t];
                        pij * (pij / q.max(f64::MIN_POSITIVE)).ln()
                    })
                    .sum::<f64>()
            })
            .collect();
        per_row.iter().sum()
    });
    (gradient, kl)
}

/// Places new points onto a finished map without moving it: each starts at
/// the weighted mean of its nearest map points and then minimizes its own
/// KL divergence to the map (perplexity `perplexity`, openTSNE's default 5).
pub fn place(
    reference: &Points,
    embedding: &[[f64; 2]],
    new: &Points,
    perplexity: f64,
    iterations: usize,
) -> Result<Vec<[f64; 2]>, MlError> {
    let n = reference.rows();
    if n != embedding.len() || n < 2 {
        return Err(MlError::Data(
            "the map has no points to place new ones by".into(),
        ));
    }
    let k = ((3.0 * perplexity) as usize).clamp(1, n);
    let neighbours = nearest(reference, new, k, false);
    let p = conditional(&neighbours, perplexity.min((k as f64 - 1.0).max(1.0)));
    let tree = QuadTree::new(embedding);
    let placed = (0..new.rows())
        .into_par_iter()
        .map(|i| {
            let (indices, _) = neighbours.of(i);
            let weights = &p[i * k..(i + 1) * k];
            let mut yi = indices.iter().zip(weights).fold([0.0; 2], |m, (&j, w)| {
                [
                    m[0] + w * embedding[j as usize][0],
                    m[1] + w * embedding[j as usize][1],
                ]
            });
            let (mut update, mut gains) = ([0.0; 2], [1.0; 2]);
            for _ in 0..iterations {
                let (r, z) = tree.repulsion(yi, 0.5);
                let mut g = [0.0; 2];
                for (&j, &pj) in indices.iter().zip(weights) {
                    let yj = embedding[j as usize];
                    let d = [yi[0] - yj[0], yi[1] - yj[1]];
                    let w = 1.0 / (1.0 + d[0] * d[0] + d[1] * d[1]);
                    g[0] += pj * w * d[0];
                    g[1] += pj * w * d[1];
                }
                for d in 0..2 {
                    let gd = 4.0 * (g[d] - r[d] / z.max(f64::MIN_POSITIVE));
                    gains[d] = if (gd > 0.0) != (update[d] > 0.0) {
                        gains[d] + 0.2
                    } else {
                        (gains[d] * 0.8f64).max(0.01)
                    };
                    update[d] = 0.8 * update[d] - 0.1 * gains[d] * gd;
                    yi[d] += update[d];
                }
            }
            yi
        })
        .collect();
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maps::testing::clusters;

    fn nearest_label_agreement(y: &[[f64; 2]], labels: &[usize]) -> f64 {
        let agree = (0..y.len())
            .filter(|&i| {
                let j = (0..y.len())
                    .filter(|&j| j != i)
                    .min_by(|&a, &b| {
                        let da = (y[i][0] - y[a][0]).powi(2) + (y[i][1] - y[a][1]).powi(2);
                        let db = (y[i][0] - y[b][0]).powi(2) + (y[i][1] - y[b][1]).powi(2);
                        da.total_cmp(&db)
                    })
                    .expect("another point");
                labels[i] == labels[j]
            })
            .count();
        agree as f64 / y.len() as f64
    }

    #[test]
    fn clusters_stay_apart_reproducibly_and_kl_falls() {
        let (points, labels) = clusters(40);
        let params = TsneParams {
            perplexity: 10.0,
            n_iter: 300,
            ..TsneParams::default()
        };
        let mut kls = Vec::new();
        let y = tsne(&points, &params, &mut |s| {
            kls.extend(s.kl_divergence);
            true
        })
        .expect("map");
        assert_eq!(nearest_label_agreement(&y, &labels), 1.0);
        assert!(
            kls.last() < kls.get(4),
            "KL after exaggeration falls: {kls:?}"
        );
        assert_eq!(tsne(&points, &params, &mut |_| true).expect("again"), y);
        let stopped = tsne(&points, &params, &mut |s| s.iteration < 10);
        assert_eq!(stopped.expect_err("refused"), crate::MlError::Stopped);
    }

    #[test]
    fn fft_interpolated_forces_separate_clusters_reproducibly() {
        let (points, labels) = clusters(40);
        let params = TsneParams {
            perplexity: 10.0,
            n_iter: 300,
            negative_gradient_method: GradientMethod::Fft,
            ..TsneParams::default()
        };
        let y = tsne(&points, &params, &mut |_| true).expect("map");
        assert_eq!(nearest_label_agreement(&y, &labels), 1.0);
        assert_eq!(tsne(&points, &params, &mut |_| true).expect("again"), y);
        let bh = TsneParams {
            negative_gradient_method: GradientMethod::Bh,
            ..params
        };
        assert_ne!(tsne(&points, &bh, &mut |_| true).expect("bh"), y);
        assert_eq!(
            GradientMethod::Auto.for_points(FFT_FROM - 1),
            GradientMethod::Bh
        );
        assert_eq!(
            GradientMethod::Auto.for_points(FFT_FROM),
            GradientMethod::Fft
        );
    }

    #[test]
    fn new_points_land_with_their_cluster() {
        let (points, labels) = clusters(40);
        let params = TsneParams {
            perplexity: 10.0,
            n_iter: 300,
            ..TsneParams::default()
        };
        let y = tsne(&points, &params, &mut |_| true).expect("map");
        let centre = |c: usize| {
            let members: Vec<&[f64; 2]> = y
                .iter()
                .zip(&labels)
                .filter(|(_, &l)| l == c)
                .map(|(p, _)| p)
                .collect();
            let n = members.len() as f64;
            [
                members.iter().map(|p| p[0]).sum::<f64>() / n,
                members.iter().map(|p| p[1]).sum::<f64>() / n,
            ]
        };
        let (new, new_labels) = clusters(3);
        let placed = place(&points, &y, &new, 5.0, 100).expect("placed");
        for (p, &c) in placed.iter().zip(&new_labels) {
            let distance = |q: [f64; 2]| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
            let own = distance(centre(c));
            assert!(
                (0..3)
                    .filter(|&o| o != c)
                    .all(|o| distance(centre(o)) > own),
                "{p:?} of cluster {c}"
            );
        }
    }

    #[test]
    fn too_few_points_for_the_perplexity_are_refused() {
        let (points, _) = clusters(3);
        let error = tsne(&points, &TsneParams::default(), &mut |_| true).expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("perplexity 30 needs more than 90 molecules"),
            "{error}"
        );
        assert!(check_perplexity(2, 0.5).is_err());
    }
}
