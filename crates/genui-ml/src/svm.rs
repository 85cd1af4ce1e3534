//! Support vector machines: C-SVC and ε-SVR with a Tanimoto kernel on bit
//! inputs or an RBF kernel on real inputs, solved by SMO with libsvm's
//! second-order working-set selection over a precomputed kernel matrix.
//! Classification probabilities come from a Platt sigmoid fitted to the
//! training decision values.
//!
//! Why our own: the Tanimoto kernel, the standard for fingerprints, is not
//! among linfa's kernels, and one solver serves both kernels and modes.

use rayon::prelude::*;

use crate::data::{BitMatrix, DenseMatrix, SparseMatrix};
use crate::forest::Mode;
use crate::neighbours::tanimoto;
use crate::MlError;

/// The most training rows an SVM accepts: its kernel matrix takes
/// 4·rows² bytes (900 MB at this limit).
pub const MAX_ROWS: usize = 15_000;

/// Rows a kernel compares.
#[derive(Debug, Clone, PartialEq)]
pub enum Vectors {
    Bits(BitMatrix),
    Real(DenseMatrix),
}

impl Vectors {
    pub fn rows(&self) -> usize {
        match self {
            Self::Bits(m) => m.rows(),
            Self::Real(m) => m.rows(),
        }
    }

    fn select(&self, indices: &[usize]) -> Self {
        match self {
            Self::Bits(m) => Self::Bits(m.select(indices)),
            Self::Real(m) => Self::Real(m.select(indices)),
        }
    }
}

/// The kernel function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kernel {
    Tanimoto,
    /// `exp(−gamma‖a − b‖²)`.
    Rbf {
        gamma: f64,
    },
}

/// Rows ready for kernel evaluations: bits as they are, real rows sparse
/// with their squared norms.
enum Prepared<'a> {
    Bits(&'a BitMatrix),
    Sparse(SparseMatrix, Vec<f64>),
}

impl Vectors {
    fn prepare(&self) -> Prepared<'_> {
        match self {
            Self::Bits(m) => Prepared::Bits(m),
            Self::Real(m) => {
                let sparse = SparseMatrix::from_dense(m);
                let norms = (0..sparse.rows()).map(|i| sparse.squared_norm(i)).collect();
                Prepared::Sparse(sparse, norms)
            }
        }
    }
}

impl Kernel {
    /// `k(a_i, b_j)`; panics when the kinds of `a` and `b` differ from the
    /// kernel's (callers build both from one model).
    fn between(&self, a: &Prepared, i: usize, b: &Prepared, j: usize) -> f64 {
        match (self, a, b) {
            (Self::Tanimoto, Prepared::Bits(a), Prepared::Bits(b)) => tanimoto(a.row(i), b.row(j)),
            (Self::Rbf { gamma }, Prepared::Sparse(ma, na), Prepared::Sparse(mb, nb)) => {
                let distance = na[i] + nb[j] - 2.0 * ma.row_dot(i, mb, j);
                (-gamma * distance.max(0.0)).exp()
            }
            _ => unreachable!("a kernel compares the inputs it was fitted on"),
        }
    }
}

/// SVM parameters (scikit-learn's names and defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct SvmParams {
    pub kernel: Kernel,
    pub c: f64,
    /// Regression: no penalty within this distance of the target.
    pub epsilon: f64,
}

/// scikit-learn's `gamma="scale"`: 1 / (features · variance of all inputs).
pub fn scale_gamma(x: &DenseMatrix) -> f64 {
    let values = x.values();
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    if var > 0.0 {
        1.0 / (x.cols() as f64 * var)
    } else {
        1.0
    }
}

/// A fitted SVM: `decision(x) = Σ coef_i k(sv_i, x) + bias`.
#[derive(Debug, Clone, PartialEq)]
pub struct Svm {
    pub mode: Mode,
    pub kernel: Kernel,
    pub support: Vectors,
    pub coef: Vec<f64>,
    pub bias: f64,
    /// Classification: `P(active) = 1 / (1 + exp(a·decision + b))`.
    pub platt: [f64; 2],
}

impl Svm {
    /// Fits to `x` and targets `y` (0/1 for classification).
    pub fn fit(x: &Vectors, y: &[f64], mode: Mode, params: &SvmParams) -> Result<Self, MlError> {
        let n = x.rows();
        if n > MAX_ROWS {
            return Err(MlError::Data(format!(
                "an SVM takes at most {MAX_ROWS} training molecules; this set has {n}"
            )));
        }
        let kernel = params.kernel;
        let prepared = x.prepare();
        let gram: Vec<f32> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let prepared = &prepared;
                (0..n).map(move |j| kernel.between(prepared, i, prepared, j) as f32)
            })
            .collect();
        let k = |i: usize, j: usize| f64::from(gram[i * n + j]);
        // Dual variables: one per row (classification) or a pair per row
        // (regression: α⁺ for i, α⁻ for n + i).
        let (signs, linear): (Vec<f64>, Vec<f64>) = match mode {
            Mode::Classification => y
                .iter()
                .map(|&l| (if l == 1.0 { 1.0 } else { -1.0 }, -1.0))
                .unzip(),
            Mode::Regression => (0..2 * n)
                .map(|v| {
                    if v < n {
                        (1.0, params.epsilon - y[v])
                    } else {
                        (-1.0, params.epsilon + y[v - n])
                    }
                })
                .unzip(),
        };
        let (alpha, rho) = smo(
            |a, b| signs[a] * signs[b] * k(a % n, b % n),
            &signs,
            &linear,
            params.c,
        );
        let coef: Vec<f64> = match mode {
            Mode::Classification => alpha.iter().zip(&signs).map(|(a, s)| a * s).collect(),
            Mode::Regression => (0..n).map(|i| alpha[i] - alpha[n + i]).collect(),
        };
        let support: Vec<usize> = (0..n).filter(|&i| coef[i] != 0.0).collect();
        let mut model = Self {
            mode,
            kernel,
            support: x.select(&support),
            coef: support.iter().map(|&i| coef[i]).collect(),
            bias: -rho,
            platt: [0.0, 0.0],
        };
        if mode == Mode::Classification {
            let decisions: Vec<f64> = (0..n)
                .map(|j| support.iter().map(|&i| coef[i] * k(i, j)).sum::<f64>() - rho)
                .collect();
            model.platt = platt(&decisions, y);
        }
        Ok(model)
    }

    /// Decision values of the rows of `x`.
    pub fn decision(&self, x: &Vectors) -> Vec<f64> {
        let (support, queries) = (self.support.prepare(), x.prepare());
        (0..x.rows())
            .into_par_iter()
            .with_min_len(16)
            .map(|j| {
                self.coef
                    .iter()
                    .enumerate()
                    .map(|(i, c)| c * self.kernel.between(&support, i, &queries, j))
                    .sum::<f64>()
                    + self.bias
            })
            .collect()
    }

    /// Predicted values, or active-class probabilities.
    pub fn predict(&self, x: &Vectors) -> Vec<f64> {
        let decisions = self.decision(x);
        match self.mode {
            Mode::Regression => decisions,
            Mode::Classification => decisions
                .into_iter()
                .map(|d| sigmoid_of(d * self.platt[0] + self.platt[1]))
                .collect(),
        }
    }
}

/// `1 / (1 + e^z)`, without overflow.
fn sigmoid_of(z: f64) -> f64 {
    if z >= 0.0 {
        (-z).exp() / (1.0 + (-z).exp())
    } else {
        1.0 / (1.0 + z.exp())
    }
}

/// Minimizes `½αᵀQα + linearᵀα` subject to `signsᵀα = const`, `0 ≤ α ≤ c`,
/// by SMO with second-order working-set selection (Fan, Chen and Lin 2005,
/// as libsvm without shrinking). Returns α and the threshold ρ.
fn smo(q: impl Fn(usize, usize) -> f64, signs: &[f64], linear: &[f64], c: f64) -> (Vec<f64>, f64) {
    const TAU: f64 = 1e-12;
    const EPS: f64 = 1e-3;
    let n = signs.len();
    let diagonal: Vec<f64> = (0..n).map(|i| q(i, i)).collect();
    let mut alpha = vec![0.0; n];
    let mut gradient = linear.to_vec();
    let (upper, lower) = (|a: f64| a >= c, |a: f64| a <= 0.0);
    let mut row_i = vec![0.0; n];
    let mut row_j = vec![0.0; n];
    let max_iterations = (100 * n).max(10_000_000);
    for _ in 0..max_iterations {
        // i: the most violating variable going up.
        let (mut g_max, mut i) = (f64::NEG_INFINITY, usize::MAX);
        for t in 0..n {
            let candidate = if signs[t] > 0.0 {
                (!upper(alpha[t])).then_some(-gradient[t])
            } else {
                (!lower(alpha[t])).then_some(gradient[t])
            };
            if let Some(v) = candidate.filter(|&v| v >= g_max) {
                (g_max, i) = (v, t);
            }
        }
        if i == usize::MAX {
            break;
        }
        for (t, r) in row_i.iter_mut().enumerate() {
            *r = q(i, t);
        }
        // j: the largest decrease of the objective with i.
        let (mut g_max2, mut j, mut best) = (f64::NEG_INFINITY, usize::MAX, f64::INFINITY);
        for t in 0..n {
            let (movable, g, grad_diff, quad) = if signs[t] > 0.0 {
                (
                    !lower(alpha[t]),
                    gradient[t],
                    g_max + gradient[t],
                    diagonal[i] + diagonal[t] - 2.0 * signs[i] * row_i[t],
                )
            } else {
                (
                    !upper(alpha[t]),
                    -gradient[t],
                    g_max - gradient[t],
                    diagonal[i] + diagonal[t] + 2.0 * signs[i] * row_i[t],
                )
            };
            if !movable {
                continue;
            }
            g_max2 = g_max2.max(g);
            if grad_diff > 0.0 {
                let gain = -(grad_diff * grad_diff) / if quad > 0.0 { quad } else { TAU };
                if gain <= best {
                    (best, j) = (gain, t);
                }
            }
        }
        if g_max + g_max2 < EPS || j == usize::MAX {
            break;
        }
        for (t, r) in row_j.iter_mut().enumerate() {
            *r = q(j, t);
        }
        let (old_i, old_j) = (alpha[i], alpha[j]);
        if signs[i] != signs[j] {
            let quad = (diagonal[i] + diagonal[j] + 2.0 * row_i[j]).max(TAU);
            let delta = (-gradient[i] - gradient[j]) / quad;
            let diff = alpha[i] - alpha[j];
            alpha[i] += delta;
            alpha[j] += delta;
            if diff > 0.0 {
                if alpha[j] < 0.0 {
                    (alpha[j], alpha[i]) = (0.0, diff);
                }
            } else if alpha[i] < 0.0 {
                (alpha[i], alpha[j]) = (0.0, -diff);
            }
            if diff > 0.0 {
                if alpha[i] > c {
                    (alpha[i], alpha[j]) = (c, c - diff);
                }
            } else if alpha[j] > c {
                (alpha[j], alpha[i]) = (c, c + diff);
            }
        } else {
            let quad = (diagonal[i] + diagonal[j] - 2.0 * row_i[j]).max(TAU);
            let delta = (gradient[i] - gradient[j]) / quad;
            let sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            if sum > c {
                if alpha[i] > c {
                    (alpha[i], alpha[j]) = (c, sum - c);
                }
                if alpha[j] > c {
                    (alpha[j], alpha[i]) = (c, sum - c);
                }
            } else {
                if alpha[j] < 0.0 {
                    (alpha[j], alpha[i]) = (0.0, sum);
                }
                if alpha[i] < 0.0 {
                    (alpha[i], alpha[j]) = (0.0, sum);
                }
            }
        }
        let (di, dj) = (alpha[i] - old_i, alpha[j] - old_j);
        for t in 0..n {
            gradient[t] += row_i[t] * di + row_j[t] * dj;
        }
    }
    // ρ: the mean of yG over free variables, else the middle of the bounds.
    let (mut ub, mut lb, mut free_sum, mut free) = (f64::INFINITY, f64::NEG_INFINITY, 0.0, 0usize);
    for t in 0..n {
        let yg = signs[t] * gradient[t];
        if upper(alpha[t]) {
            if signs[t] < 0.0 {
                ub = ub.min(yg);
            } else {
                lb = lb.max(yg);
            }
        } else if lower(alpha[t]) {
            if signs[t] > 0.0 {
                ub = ub.min(yg);
            } else {
                lb = lb.max(yg);
            }
        } else {
            free += 1;
            free_sum += yg;
        }
    }
    let rho = if free > 0 {
        free_sum / free as f64
    } else {
        (ub + lb) / 2.0
    };
    (alpha, rho)
}

/// Platt's sigmoid `P(active | d) = 1 / (1 + exp(a·d + b))` fitted by
/// Newton's method with backtracking (Lin, Lin and Weng's robust version, as libsvm).
fn platt(decisions: &[f64], labels: &[f64]) -> [f64; 2] {
    let positives = labels.iter().filter(|&&l| l == 1.0).count() as f64;
    let negatives = labels.len() as f64 - positives;
    let (high, low) = (
        (positives + 1.0) / (positives + 2.0),
        1.0 / (negatives + 2.0),
    );
    let targets: Vec<f64> = labels
        .iter()
        .map(|&l| if l == 1.0 { high } else { low })
        .collect();
    let objective = |a: f64, b: f64| -> f64 {
        decisions
            .iter()
            .zip(&targets)
            .map(|(d, t)| {
                let z = d * a + b;
                if z >= 0.0 {
                    t * z + (-z).exp().ln_1p()
                } else {
                    (t - 1.0) * z + z.exp().ln_1p()
                }
            })
            .sum()
    };
    let (mut a, mut b) = (0.0, ((negatives + 1.0) / (positives + 1.0)).ln());
    let mut value = objective(a, b);
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (1e-12, 1e-12, 0.0, 0.0, 0.0);
        for (d, t) in decisions.iter().zip(&targets) {
            let p = sigmoid_of(d * a + b);
            let pq = p * (1.0 - p);
            h11 += d * d * pq;
            h22 += pq;
            h21 += d * pq;
            g1 += d * (t - p);
            g2 += t - p;
        }
        if g1.abs() < 1e-5 && g2.abs() < 1e-5 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let (da, db) = (-(h22 * g1 - h21 * g2) / det, -(-h21 * g1 + h11 * g2) / det);
        let slope = g1 * da + g2 * db;
        let mut step = 1.0;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let next = objective(na, nb);
            if next < value + 1e-4 * step * slope {
                (a, b, value) = (na, nb, next);
                break;
            }
            step /= 2.0;
        }
        if step < 1e-10 {
            break;
        }
    }
    [a, b]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circle() -> (DenseMatrix, Vec<f64>) {
        // Inside the unit circle: active; a ring at radius 2: inactive.
        let mut values = Vec::new();
        let mut labels = Vec::new();
        for i in 0..60 {
            let angle = f64::from(i) * 0.37;
            let r = if i % 2 == 0 { 0.5 } else { 2.0 };
            values.extend([r * angle.cos(), r * angle.sin()]);
            labels.push(f64::from(u8::from(i % 2 == 0)));
        }
        (DenseMatrix::new(2, values).expect("x"), labels)
    }

    #[test]
    fn an_rbf_classifier_separates_rings_with_calibrated_probabilities() {
        let (x, labels) = circle();
        let params = SvmParams {
            kernel: Kernel::Rbf { gamma: 0.5 },
            c: 10.0,
            epsilon: 0.1,
        };
        let x = Vectors::Real(x);
        let model = Svm::fit(&x, &labels, Mode::Classification, &params).expect("fit");
        for (p, l) in model.predict(&x).iter().zip(&labels) {
            assert!((p - l).abs() < 0.5, "{p} for {l}");
        }
        // Support vectors sit on or inside the margin: |decision| ≤ 1 (+ tolerance).
        for d in model.decision(&model.support) {
            assert!(d.abs() <= 1.0 + 1e-2, "{d}");
        }
    }

    #[test]
    fn a_tanimoto_regressor_fits_within_epsilon() {
        let rows: Vec<Vec<u32>> = (0..40u32)
            .map(|i| (0..6).filter(|b| i >> b & 1 == 1).collect())
            .collect();
        let x = Vectors::Bits(BitMatrix::from_rows(6, rows).expect("bits"));
        let y: Vec<f64> = (0..40u32).map(|i| f64::from(i.count_ones())).collect();
        let params = SvmParams {
            kernel: Kernel::Tanimoto,
            c: 100.0,
            epsilon: 0.1,
        };
        let model = Svm::fit(&x, &y, Mode::Regression, &params).expect("fit");
        let worst = model
            .predict(&x)
            .iter()
            .zip(&y)
            .map(|(p, t)| (p - t).abs())
            .fold(0.0, f64::max);
        assert!(worst < 0.1 + 2e-3, "largest error {worst}");
        assert!(
            model.coef.len() < 40,
            "rows inside the tube are not support vectors"
        );
    }
}
