//! UMAP (McInnes, Healy and Melville 2018), as umap-learn computes it: a
//! fuzzy graph over each point's nearest neighbours (local connectivity 1,
//! σ from a binary search to log2(k)), the curve `1 / (1 + a·d^2b)` fitted
//! to `min_dist` and `spread`, and stochastic gradient descent with
//! negative sampling, run sequentially from a seeded stream so that the
//! same input and seed give the same map. It starts from PCA (umap-learn
//! starts from a spectral layout) scaled to ±10. New points are placed as
//! umap-learn's `transform` does: from the weighted mean of their nearest
//! map points, then optimized against the fixed map.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::neighbours::{nearest, neighbour_graph, Neighbours, Points};
use super::pca::Pca;
use super::tsne::Step;
use crate::MlError;

/// UMAP parameters (umap-learn's names and defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UmapParams {
    pub n_neighbors: usize,
    pub min_dist: f64,
    pub spread: f64,
    /// `None`: 500 up to 10,000 points, 200 above.
    pub n_epochs: Option<usize>,
    pub learning_rate: f64,
    pub negative_sample_rate: usize,
    pub seed: u64,
}

impl Default for UmapParams {
    fn default() -> Self {
        Self {
            n_neighbors: 15,
            min_dist: 0.1,
            spread: 1.0,
            n_epochs: None,
            learning_rate: 1.0,
            negative_sample_rate: 5,
            seed: 42,
        }
    }
}

/// `a` and `b` of `1 / (1 + a·d^2b)` closest (least squares) to 1 up to
/// `min_dist` and `exp(−(d − min_dist) / spread)` beyond, on [0, 3·spread].
pub fn curve(min_dist: f64, spread: f64) -> (f64, f64) {
    let xs: Vec<f64> = (1..300)
        .map(|i| 3.0 * spread * f64::from(i) / 299.0)
        .collect();
    let ys: Vec<f64> = xs
        .iter()
        .map(|&x| {
            if x < min_dist {
                1.0
            } else {
                (-(x - min_dist) / spread).exp()
            }
        })
        .collect();
    let (mut a, mut b) = (1.0f64, 1.0f64);
    let loss = |a: f64, b: f64| -> f64 {
        xs.iter()
            .zip(&ys)
            .map(|(x, y)| (1.0 / (1.0 + a * x.powf(2.0 * b)) - y).powi(2))
            .sum()
    };
    // Levenberg–Marquardt on (a, b).
    let mut lambda = 1e-3;
    let mut current = loss(a, b);
    for _ in 0..500 {
        let (mut jtj, mut jtr) = ([[0.0f64; 2]; 2], [0.0f64; 2]);
        for (x, y) in xs.iter().zip(&ys) {
            let p = x.powf(2.0 * b);
            let f = 1.0 / (1.0 + a * p);
            let r = f - y;
            let da = -p * f * f;
            let db = -a * p * 2.0 * x.ln() * f * f;
            let j = [da, db];
            for u in 0..2 {
                jtr[u] += j[u] * r;
                for v in 0..2 {
                    jtj[u][v] += j[u] * j[v];
                }
            }
        }
        let m = [
            [jtj[0][0] * (1.0 + lambda), jtj[0][1]],
            [jtj[1][0], jtj[1][1] * (1.0 + lambda)],
        ];
        let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        if det.abs() < 1e-300 {
            break;
        }
        let da = -(m[1][1] * jtr[0] - m[0][1] * jtr[1]) / det;
        let db = -(-m[1][0] * jtr[0] + m[0][0] * jtr[1]) / det;
        let (na, nb) = (a + da, b + db);
        let next = if na > 0.0 && nb > 0.0 {
            loss(na, nb)
        } else {
            f64::INFINITY
        };
        if next < current {
            let done = current - next < 1e-15;
            (a, b, current) = (na, nb, next);
            lambda *= 0.3;
            if done {
                break;
            }
        } else {
            lambda *= 10.0;
        }
    }
    (a, b)
}

/// Per point, its neighbours' membership strengths (umap-learn's
/// `smooth_knn_dist` with local connectivity 1).
fn memberships(neighbours: &Neighbours, k: usize) -> Vec<f64> {
    let target = (k as f64).log2();
    let rows = neighbours
        .distances
        .len()
        .checked_div(neighbours.k)
        .unwrap_or(0);
    let mut out = Vec::with_capacity(neighbours.distances.len());
    for i in 0..rows {
        let distances = neighbours.of(i).1;
        let rho = distances.iter().copied().find(|&d| d > 0.0).unwrap_or(0.0);
        let (mut low, mut high, mut sigma) = (0.0, f64::INFINITY, 1.0);
        for _ in 0..64 {
            let sum: f64 = distances
                .iter()
                .map(|&d| (-(d - rho).max(0.0) / sigma).exp())
                .sum();
            if (sum - target).abs() < 1e-5 {
                break;
            }
            if sum > target {
                high = sigma;
                sigma = (low + high) / 2.0;
            } else {
                low = sigma;
                sigma = if high.is_finite() {
                    (low + high) / 2.0
                } else {
                    sigma * 2.0
                };
            }
        }
        let mean: f64 = distances.iter().sum::<f64>() / distances.len().max(1) as f64;
        let sigma = sigma.max(1e-3 * mean);
        out.extend(
            distances
                .iter()
                .map(|&d| (-(d - rho).max(0.0) / sigma).exp()),
        );
    }
    out
}

/// The fuzzy union `w_ij + w_ji − w_ij·w_ji` as an edge list (each pair once
/// per direction, as umap-learn's symmetric graph).
fn graph(neighbours: &Neighbours, weights: &[f64]) -> Vec<(u32, u32, f64)> {
    let rows = weights.len().checked_div(neighbours.k).unwrap_or(0);
    let mut directed: Vec<(u32, u32, f64)> = Vec::with_capacity(2 * weights.len());
    for i in 0..rows {
        for (&j, &w) in neighbours.of(i).0.iter().zip(&weights[i * neighbours.k..]) {
            directed.push((i as u32, j, w));
            directed.push((j, i as u32, w));
        }
    }
    directed.sort_by_key(|&(i, j, _)| (i, j));
    let mut edges = Vec::with_capacity(directed.len());
    let mut t = 0;
    while t < directed.len() {
        let (i, j, w) = directed[t];
        // Up to two entries per ordered pair: w_ij (from i's row) and w_ji (from j's).
        let union = if t + 1 < directed.len() && directed[t + 1].0 == i && directed[t + 1].1 == j {
            let other = directed[t + 1].2;
            t += 2;
            w + other - w * other
        } else {
            t += 1;
            w
        };
        edges.push((i, j, union));
    }
    edges
}

fn clip(v: f64) -> f64 {
    v.clamp(-4.0, 4.0)
}

/// The SGD of umap-learn's `optimize_layout_euclidean`: edges sampled in
/// proportion to their weight, negative samples among `reference` points
/// (all points when fitting; the fixed map when placing, then only the
/// moving points move).
#[allow(clippy::too_many_arguments)]
fn optimize(
    moving: &mut [[f64; 2]],
    fixed: Option<&[[f64; 2]]>,
    edges: &[(u32, u32, f64)],
    (a, b): (f64, f64),
    params: &UmapParams,
    n_epochs: usize,
    progress: &mut dyn FnMut(Step) -> bool,
) -> Result<(), MlError> {
    let max_weight = edges.iter().map(|e| e.2).fold(0.0, f64::max);
    let per_sample: Vec<f64> = edges
        .iter()
        .map(|e| {
            if e.2 > 0.0 {
                max_weight / e.2
            } else {
                f64::INFINITY
            }
        })
        .collect();
    let per_negative: Vec<f64> = per_sample
        .iter()
        .map(|p| p / params.negative_sample_rate as f64)
        .collect();
    let mut next_sample = per_sample.clone();
    let mut next_negative = per_negative.clone();
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let samples_from = fixed.map_or(moving.len(), <[_]>::len);
    for epoch in 0..n_epochs {
        let alpha = params.learning_rate * (1.0 - epoch as f64 / n_epochs as f64);
        let now = epoch as f64;
        for (e, &(i, j, _)) in edges.iter().enumerate() {
            if next_sample[e] > now {
                continue;
            }
            let (i, j) = (i as usize, j as usize);
            let other = fixed.map_or_else(|| moving[j], |f| f[j]);
            let current = moving[i];
            let d2 = (current[0] - other[0]).powi(2) + (current[1] - other[1]).powi(2);
            if d2 > 0.0 {
                let coef = -2.0 * a * b * d2.powf(b - 1.0) / (a * d2.powf(b) + 1.0);
                for d in 0..2 {
                    let g = clip(coef * (current[d] - other[d])) * alpha;
                    moving[i][d] += g;
                    if fixed.is_none() {
                        moving[j][d] -= g;
                    }
                }
            }
            next_sample[e] += per_sample[e];
            let negatives = ((now - next_negative[e]) / per_negative[e]).max(0.0) as usize;
            for _ in 0..negatives {
                let k = rng.gen_range(0..samples_from);
                let other = fixed.map_or_else(|| moving[k], |f| f[k]);
                let current = moving[i];
                let d2 = (current[0] - other[0]).powi(2) + (current[1] - other[1]).powi(2);
                if fixed.is_none() && k == i {
                    continue;
                }
                for d in 0..2 {
                    let g = if d2 > 0.0 {
                        let coef = 2.0 * b / ((0.001 + d2) * (a * d2.powf(b) + 1.0));
                        clip(coef * (current[d] - other[d]))
                    } else {
                        4.0
                    };
                    moving[i][d] += g * alpha;
                }
            }
            next_negative[e] += negatives as f64 * per_negative[e];
        }
        let step = Step {
            iteration: epoch + 1,
            total: n_epochs,
            kl_divergence: None,
        };
        if !progress(step) {
            return Err(MlError::Stopped);
        }
    }
    Ok(())
}

/// Checks that `n` points allow `n_neighbors`.
pub fn check_neighbours(n: usize, n_neighbors: usize) -> Result<(), MlError> {
    if n <= n_neighbors {
        return Err(MlError::Data(format!(
            "UMAP with {n_neighbors} neighbours needs more than {n_neighbors} molecules; there are {n}"
        )));
    }
    Ok(())
}

fn epochs(params: &UmapParams, n: usize) -> usize {
    params
        .n_epochs
        .unwrap_or(if n <= 10_000 { 500 } else { 200 })
}

/// Embeds `points` in 2-D.
pub fn umap(
    points: &Points,
    params: &UmapParams,
    progress: &mut dyn FnMut(Step) -> bool,
) -> Result<Vec<[f64; 2]>, MlError> {
    let n = points.rows();
    check_neighbours(n, params.n_neighbors)?;
    let k = params.n_neighbors;
    let neighbours = neighbour_graph(points, k - 1, params.seed);
    let edges = graph(&neighbours, &memberships(&neighbours, k));
    let pca = Pca::fit(points, 2, params.seed).transform(points);
    let largest = pca
        .iter()
        .flatten()
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    let mut y: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            [
                10.0 * pca[0][i] / largest,
                pca.get(1).map_or(0.0, |c| 10.0 * c[i] / largest),
            ]
        })
        .collect();
    let ab = curve(params.min_dist, params.spread);
    optimize(
        &mut y,
        None,
        &edges,
        ab,
        params,
        epochs(params, n),
        progress,
    )?;
    Ok(y)
}

/// Places new points onto a finished UMAP map without moving it.
pub fn umap_place(
    reference: &Points,
    embedding: &[[f64; 2]],
    new: &Points,
    params: &UmapParams,
) -> Result<Vec<[f64; 2]>, MlError> {
    let k = params.n_neighbors.min(reference.rows());
    let neighbours = nearest(reference, new, k, false);
    let weights = memberships(&neighbours, k);
    let mut placed: Vec<[f64; 2]> = (0..new.rows())
        .map(|q| {
            let (indices, _) = neighbours.of(q);
            let w = &weights[q * k..(q + 1) * k];
            let total: f64 = w.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            indices.iter().zip(w).fold([0.0; 2], |m, (&j, wj)| {
                let p = embedding[j as usize];
                [m[0] + wj * p[0] / total, m[1] + wj * p[1] / total]
            })
        })
        .collect();
    let edges: Vec<(u32, u32, f64)> = (0..new.rows())
        .flat_map(|q| {
            let (indices, _) = neighbours.of(q);
            indices
                .iter()
                .zip(&weights[q * k..(q + 1) * k])
                .map(move |(&j, &w)| (q as u32, j, w))
        })
        .collect();
    let n_epochs = epochs(params, reference.rows()) / 3;
    let ab = curve(params.min_dist, params.spread);
    optimize(
        &mut placed,
        Some(embedding),
        &edges,
        ab,
        params,
        n_epochs,
        &mut |_| true,
    )?;
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maps::testing::clusters;

    #[test]
    fn the_curve_matches_umap_learns_defaults() {
        let (a, b) = curve(0.1, 1.0);
        assert!(
            (a - 1.577).abs() < 0.01 && (b - 0.895).abs() < 0.01,
            "a {a}, b {b}"
        );
    }

    /// The label of the map point nearest to `p` (other than `skip`).
    fn nearest_label(p: [f64; 2], y: &[[f64; 2]], labels: &[usize], skip: Option<usize>) -> usize {
        let j = (0..y.len())
            .filter(|&j| Some(j) != skip)
            .min_by(|&a, &b| {
                let da = (p[0] - y[a][0]).powi(2) + (p[1] - y[a][1]).powi(2);
                let db = (p[0] - y[b][0]).powi(2) + (p[1] - y[b][1]).powi(2);
                da.total_cmp(&db)
            })
            .expect("another point");
        labels[j]
    }

    #[test]
    fn clusters_stay_together_reproducibly_and_new_points_join_theirs() {
        let (points, labels) = clusters(40);
        let params = UmapParams {
            n_neighbors: 10,
            n_epochs: Some(200),
            ..UmapParams::default()
        };
        let y = umap(&points, &params, &mut |_| true).expect("map");
        for (i, &c) in labels.iter().enumerate() {
            assert_eq!(nearest_label(y[i], &y, &labels, Some(i)), c, "point {i}");
        }
        assert_eq!(umap(&points, &params, &mut |_| true).expect("again"), y);
        let (new, new_labels) = clusters(3);
        let placed = umap_place(&points, &y, &new, &params).expect("placed");
        for (p, &c) in placed.iter().zip(&new_labels) {
            assert_eq!(nearest_label(*p, &y, &labels, None), c, "{p:?}");
        }
        assert!(check_neighbours(10, 15).is_err());
        let stopped = umap(&points, &params, &mut |s| s.iteration < 5);
        assert_eq!(stopped.expect_err("stopped"), crate::MlError::Stopped);
    }
}
