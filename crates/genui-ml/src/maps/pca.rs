//! Principal component analysis by power iteration with deflation over
//! sparse rows (fingerprint bits as 0/1, or real vectors), centring
//! implicitly so a million fingerprints never become a dense matrix.
//! Components are signed so that their largest entry is positive (as
//! scikit-learn's `svd_flip`), which makes them reproducible.

use crate::data::{dot, SparseMatrix};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::neighbours::Points;

/// A fitted projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    pub means: Vec<f64>,
    /// Unit axes, largest variance first.
    pub components: Vec<Vec<f64>>,
    /// The variance along each axis.
    pub variances: Vec<f64>,
}

fn sparse(points: &Points) -> SparseMatrix {
    match points {
        Points::Bits(m) => SparseMatrix::from_bits(m),
        Points::Real(m) => SparseMatrix::from_dense(m),
    }
}

/// The `k` leading eigenvectors (unit, signed so their largest entry is
/// positive) and eigenvalues of a symmetric positive semi-definite operator
/// on `dim`-vectors, by power iteration with deflation from a seeded start.
pub(crate) fn top_eigenvectors(
    apply: impl Fn(&[f64]) -> Vec<f64>,
    dim: usize,
    k: usize,
    seed: u64,
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut vectors, mut values): (Vec<Vec<f64>>, Vec<f64>) = (Vec::new(), Vec::new());
    for _ in 0..k.min(dim) {
        let mut v: Vec<f64> = (0..dim).map(|_| rng.gen_range(-1.0..1.0)).collect();
        let mut value = 0.0;
        for _ in 0..1000 {
            let mut w = apply(&v);
            for axis in &vectors {
                let along = dot(axis, &w);
                w.iter_mut()
                    .zip(axis)
                    .for_each(|(wj, aj)| *wj -= along * aj);
            }
            let norm = dot(&w, &w).sqrt();
            if norm == 0.0 {
                break;
            }
            w.iter_mut().for_each(|wj| *wj /= norm);
            let change = 1.0 - dot(&w, &v).abs();
            (v, value) = (w, norm);
            if change < 1e-15 {
                break;
            }
        }
        let largest = v
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap_or(1.0);
        if largest < 0.0 {
            v.iter_mut().for_each(|vj| *vj = -*vj);
        }
        vectors.push(v);
        values.push(value);
    }
    (vectors, values)
}

impl Pca {
    /// The first `components` axes of the rows of `points`.
    pub fn fit(points: &Points, components: usize, seed: u64) -> Self {
        Self::fit_with(points, components, seed, true)
    }

    /// Truncated SVD: the axes of the rows as they are, not centred (what
    /// scikit-learn's `TruncatedSVD` gives).
    pub fn fit_uncentred(points: &Points, components: usize, seed: u64) -> Self {
        Self::fit_with(points, components, seed, false)
    }

    fn fit_with(points: &Points, components: usize, seed: u64, centre: bool) -> Self {
        let x = sparse(points);
        let n = x.rows().max(1) as f64;
        let means = if centre {
            x.transpose_times(&vec![1.0 / n; x.rows()])
        } else {
            vec![0.0; x.cols()]
        };
        // Covariance times v: Xcᵀ Xc v / n, with Xc = X − 1·meansᵀ.
        let covariance_times = |v: &[f64]| -> Vec<f64> {
            let shift = dot(&means, v);
            let xv: Vec<f64> = x.times(v).into_iter().map(|z| z - shift).collect();
            let total: f64 = xv.iter().sum();
            x.transpose_times(&xv)
                .into_iter()
                .zip(&means)
                .map(|(a, m)| (a - m * total) / n)
                .collect()
        };
        let (components, variances) =
            top_eigenvectors(covariance_times, x.cols(), components, seed);
        Self {
            means,
            components,
            variances,
        }
    }

    /// The coordinates of rows along the axes.
    pub fn transform(&self, points: &Points) -> Vec<Vec<f64>> {
        let x = sparse(points);
        self.components
            .iter()
            .map(|axis| {
                let shift = dot(&self.means, axis);
                x.times(axis).into_iter().map(|z| z - shift).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DenseMatrix;

    #[test]
    fn the_first_axis_follows_the_widest_spread() {
        // Points along (2, 1) with a little spread along (−1, 2).
        let values: Vec<f64> = (0..50)
            .flat_map(|i| {
                // Each t twice, at s = ±0.5: no correlation between t and s.
                let (t, s) = (f64::from(i / 2) - 12.0, if i % 2 == 0 { 0.5 } else { -0.5 });
                [2.0 * t - s, t + 2.0 * s]
            })
            .collect();
        let points = Points::Real(DenseMatrix::new(2, values).expect("points"));
        let pca = Pca::fit(&points, 2, 1);
        let axis = &pca.components[0];
        let expected = [2.0 / 5f64.sqrt(), 1.0 / 5f64.sqrt()];
        assert!(
            (axis[0] - expected[0]).abs() < 1e-6 && (axis[1] - expected[1]).abs() < 1e-6,
            "{axis:?}"
        );
        assert!(pca.variances[0] > 100.0 * pca.variances[1]);
        assert!(dot(&pca.components[0], &pca.components[1]).abs() < 1e-9);
        let coords = pca.transform(&points);
        let mean: f64 = coords[0].iter().sum::<f64>() / 50.0;
        assert!(mean.abs() < 1e-9, "centred");
        assert_eq!(Pca::fit(&points, 2, 1), pca, "seeded");
    }
}
