//! Linear models over real inputs: ridge regression, L2-regularized
//! logistic regression and PLS regression, each reduced to weights and an
//! intercept once fitted.
//!
//! Why our own: each is a few dozen lines over two matrix–vector products
//! (ridge by conjugate gradients, logistic by L-BFGS, PLS1 by NIPALS), with
//! no LAPACK to link and results that do not depend on the thread count.

use crate::data::{dot, DenseMatrix, SparseMatrix};

/// `output = link(x·weights + intercept)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// Logistic link (probabilities) or identity.
    pub logistic: bool,
    pub weights: Vec<f64>,
    pub intercept: f64,
}

impl LinearModel {
    pub fn predict(&self, x: &DenseMatrix) -> Vec<f64> {
        x.times(&self.weights)
            .into_iter()
            .map(|z| {
                let z = z + self.intercept;
                if self.logistic {
                    1.0 / (1.0 + (-z).exp())
                } else {
                    z
                }
            })
            .collect()
    }
}

fn column_means(x: &SparseMatrix) -> Vec<f64> {
    let n = x.rows() as f64;
    x.transpose_times(&vec![1.0 / n; x.rows()])
}

/// Ridge regression (scikit-learn's `Ridge`): minimizes
/// `‖y − Xw − b‖² + alpha‖w‖²` with an unpenalized intercept, by conjugate
/// gradients on the centred normal equations.
pub fn ridge(x: &DenseMatrix, y: &[f64], alpha: f64) -> LinearModel {
    let x = &SparseMatrix::from_dense(x);
    let means = column_means(x);
    let y_mean = y.iter().sum::<f64>() / y.len() as f64;
    // A·v = Xcᵀ Xc v + alpha v, with Xc = X − 1·meansᵀ.
    let apply = |v: &[f64]| -> Vec<f64> {
        let shift = dot(&means, v);
        let xv: Vec<f64> = x.times(v).into_iter().map(|z| z - shift).collect();
        let total: f64 = xv.iter().sum();
        let mut out = x.transpose_times(&xv);
        for ((o, m), vj) in out.iter_mut().zip(&means).zip(v) {
            *o += alpha * vj - m * total;
        }
        out
    };
    let centred: Vec<f64> = y.iter().map(|v| v - y_mean).collect();
    let total: f64 = centred.iter().sum();
    let b: Vec<f64> = x
        .transpose_times(&centred)
        .into_iter()
        .zip(&means)
        .map(|(v, m)| v - m * total)
        .collect();
    let weights = conjugate_gradients(apply, &b, 1e-10, 10 * b.len().max(100));
    LinearModel {
        logistic: false,
        intercept: y_mean - dot(&means, &weights),
        weights,
    }
}

/// Solves `A·w = b` for a symmetric positive definite `A` given as a product.
fn conjugate_gradients(
    apply: impl Fn(&[f64]) -> Vec<f64>,
    b: &[f64],
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    let mut w = vec![0.0; b.len()];
    let mut r = b.to_vec();
    let mut p = r.clone();
    let mut rr = dot(&r, &r);
    let target = tolerance * tolerance * rr.max(f64::MIN_POSITIVE);
    for _ in 0..max_iterations {
        if rr <= target {
            break;
        }
        let ap = apply(&p);
        let step = rr / dot(&p, &ap);
        for j in 0..w.len() {
            w[j] += step * p[j];
            r[j] -= step * ap[j];
        }
        let next = dot(&r, &r);
        let beta = next / rr;
        rr = next;
        for (pj, rj) in p.iter_mut().zip(&r) {
            *pj = rj + beta * *pj;
        }
    }
    w
}

/// L2-regularized logistic regression (scikit-learn's `LogisticRegression`
/// with `lbfgs`): minimizes `½‖w‖² + c Σ weight_i · logloss_i` with an
/// unpenalized intercept. `balanced` weighs classes inversely to their size.
pub fn logistic(x: &DenseMatrix, labels: &[f64], c: f64, balanced: bool) -> LinearModel {
    let n = labels.len() as f64;
    let positives: f64 = labels.iter().sum();
    let class_weight = |label: f64| {
        if !balanced {
            1.0
        } else if label == 1.0 {
            n / (2.0 * positives)
        } else {
            n / (2.0 * (n - positives))
        }
    };
    let sample_weights: Vec<f64> = labels.iter().map(|&l| c * class_weight(l)).collect();
    let x = &SparseMatrix::from_dense(x);
    let d = x.cols();
    // Parameters: weights, then the intercept.
    let objective = |theta: &[f64]| -> (f64, Vec<f64>) {
        let (w, b) = theta.split_at(d);
        let z = x.times(w);
        let mut loss = 0.5 * dot(w, w);
        let mut residual = vec![0.0; z.len()];
        for i in 0..z.len() {
            let zi = z[i] + b[0];
            // log(1 + e^{-s·z}) with s = ±1, computed stably.
            let margin = if labels[i] == 1.0 { zi } else { -zi };
            loss += sample_weights[i]
                * if margin > 0.0 {
                    (-margin).exp().ln_1p()
                } else {
                    margin.exp().ln_1p() - margin
                };
            let p = 1.0 / (1.0 + (-zi).exp());
            residual[i] = sample_weights[i] * (p - labels[i]);
        }
        let mut gradient = x.transpose_times(&residual);
        for (g, wj) in gradient.iter_mut().zip(w) {
            *g += wj;
        }
        gradient.push(residual.iter().sum());
        (loss, gradient)
    };
    let theta = lbfgs(objective, vec![0.0; d + 1], 1e-6, 1000);
    LinearModel {
        logistic: true,
        intercept: theta[d],
        weights: theta[..d].to_vec(),
    }
}

/// Minimizes a smooth function by L-BFGS (memory 10) with a backtracking
/// Armijo line search, until the gradient's largest entry is below `tolerance`.
fn lbfgs(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    mut x: Vec<f64>,
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    const MEMORY: usize = 10;
    let (mut value, mut gradient) = f(&x);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    for _ in 0..max_iterations {
        if gradient.iter().fold(0.0f64, |m, g| m.max(g.abs())) < tolerance {
            break;
        }
        // Two-loop recursion: direction = −H·gradient.
        let mut q = gradient.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &q);
            for (qj, yj) in q.iter_mut().zip(y) {
                *qj -= a * yj;
            }
            alphas.push(a);
        }
        if let Some((s, y, _)) = history.last() {
            let scale = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= scale);
        }
        for ((s, y, rho), a) in history.iter().zip(alphas.into_iter().rev()) {
            let b = rho * dot(y, &q);
            for (qj, sj) in q.iter_mut().zip(s) {
                *qj += (a - b) * sj;
            }
        }
        let mut direction: Vec<f64> = q.into_iter().map(|v| -v).collect();
        let mut slope = dot(&direction, &gradient);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            history.clear();
            direction = gradient.iter().map(|g| -g).collect();
            slope = dot(&direction, &gradient);
        }
        let mut step = if history.is_empty() {
            1.0 / gradient.iter().map(|g| g * g).sum::<f64>().sqrt().max(1.0)
        } else {
            1.0
        };
        let (next, next_value, next_gradient) = loop {
            let candidate: Vec<f64> = x
                .iter()
                .zip(&direction)
                .map(|(v, d)| v + step * d)
                .collect();
            let (v, g) = f(&candidate);
            if v <= value + 1e-4 * step * slope || step < 1e-20 {
                break (candidate, v, g);
            }
            step *= 0.5;
        };
        let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_gradient
            .iter()
            .zip(&gradient)
            .map(|(a, b)| a - b)
            .collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
        let improved = value - next_value;
        (x, value, gradient) = (next, next_value, next_gradient);
        if improved.abs() <= 1e-14 * value.abs().max(1.0) {
            break;
        }
    }
    x
}

/// PLS regression with one target (PLS1, NIPALS), as scikit-learn's
/// `PLSRegression(scale=True)`: inputs and target standardized (constant
/// inputs left as they are), `components` latent variables.
pub fn pls(x: &DenseMatrix, y: &[f64], components: usize) -> LinearModel {
    let (n, d) = (x.rows(), x.cols());
    let means = column_means(&SparseMatrix::from_dense(x));
    let mut scales = vec![0.0; d];
    for i in 0..n {
        for (j, v) in x.row(i).iter().enumerate() {
            scales[j] += (v - means[j]).powi(2);
        }
    }
    let ddof = (n as f64 - 1.0).max(1.0);
    scales
        .iter_mut()
        .for_each(|s| *s = if *s > 0.0 { (*s / ddof).sqrt() } else { 1.0 });
    let y_mean = y.iter().sum::<f64>() / n as f64;
    let y_scale = {
        let var = y.iter().map(|v| (v - y_mean).powi(2)).sum::<f64>() / ddof;
        if var > 0.0 {
            var.sqrt()
        } else {
            1.0
        }
    };
    let mut residual_x = x.clone();
    for i in 0..n {
        for (j, v) in residual_x.row_mut(i).iter_mut().enumerate() {
            *v = (*v - means[j]) / scales[j];
        }
    }
    let mut residual_y: Vec<f64> = y.iter().map(|v| (v - y_mean) / y_scale).collect();
    let (mut ws, mut ps, mut qs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..components.min(d).min(n) {
        let mut w = residual_x.transpose_times(&residual_y);
        let norm = dot(&w, &w).sqrt();
        if norm < 1e-12 {
            break; // nothing left to explain
        }
        w.iter_mut().for_each(|v| *v /= norm);
        let t = residual_x.times(&w);
        let tt = dot(&t, &t);
        let p: Vec<f64> = residual_x
            .transpose_times(&t)
            .into_iter()
            .map(|v| v / tt)
            .collect();
        let q = dot(&residual_y, &t) / tt;
        for i in 0..n {
            for (v, pj) in residual_x.row_mut(i).iter_mut().zip(&p) {
                *v -= t[i] * pj;
            }
            residual_y[i] -= t[i] * q;
        }
        ws.push(w);
        ps.push(p);
        qs.push(q);
    }
    // Coefficients in the scaled space: B = W (PᵀW)⁻¹ q.
    let k = ws.len();
    let mut system: Vec<Vec<f64>> = (0..k)
        .map(|a| (0..k).map(|b| dot(&ps[a], &ws[b])).collect())
        .collect();
    let z = solve(&mut system, qs);
    let mut weights = vec![0.0; d];
    for (w, za) in ws.iter().zip(&z) {
        for (out, wj) in weights.iter_mut().zip(w) {
            *out += wj * za;
        }
    }
    for (wj, s) in weights.iter_mut().zip(&scales) {
        *wj *= y_scale / s;
    }
    LinearModel {
        logistic: false,
        intercept: y_mean - dot(&means, &weights),
        weights,
    }
}

/// Solves a small dense system by Gaussian elimination with partial pivoting.
fn solve(a: &mut [Vec<f64>], mut b: Vec<f64>) -> Vec<f64> {
    let k = b.len();
    for col in 0..k {
        let pivot = (col..k)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .expect("a row");
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (done, rest) = a.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for (offset, row) in rest.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            for (value, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *value -= factor * p;
            }
            b[col + 1 + offset] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let rest: f64 = (row + 1..k).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// y = 3·x0 − 2·x1 + 1 (+ a little of x2 for PLS), 40 rows.
    fn data() -> (DenseMatrix, Vec<f64>) {
        let mut values = Vec::new();
        let mut y = Vec::new();
        for i in 0..40 {
            let (a, b, c) = (
                f64::from(i % 7) - 3.0,
                f64::from(i % 5) * 0.5,
                f64::from(i % 3),
            );
            values.extend([a, b, c]);
            y.push(3.0 * a - 2.0 * b + 1.0);
        }
        (DenseMatrix::new(3, values).expect("x"), y)
    }

    #[test]
    fn ridge_with_little_penalty_recovers_the_plane() {
        let (x, y) = data();
        let model = ridge(&x, &y, 1e-9);
        assert!((model.weights[0] - 3.0).abs() < 1e-6, "{:?}", model.weights);
        assert!((model.weights[1] + 2.0).abs() < 1e-6);
        assert!(model.weights[2].abs() < 1e-6);
        assert!((model.intercept - 1.0).abs() < 1e-6);
        let shrunk = ridge(&x, &y, 1000.0);
        assert!(shrunk.weights[0].abs() < 2.0, "a large penalty shrinks");
    }

    #[test]
    fn pls_with_all_components_is_least_squares() {
        let (x, y) = data();
        let model = pls(&x, &y, 3);
        for (p, t) in model.predict(&x).iter().zip(&y) {
            assert!((p - t).abs() < 1e-8, "{p} vs {t}");
        }
        let one = pls(&x, &y, 1);
        let error: f64 = one
            .predict(&x)
            .iter()
            .zip(&y)
            .map(|(p, t)| (p - t).powi(2))
            .sum();
        assert!(error > 1e-3, "one component cannot fit two directions");
    }

    #[test]
    fn logistic_regression_separates_and_converges() {
        let (x, y) = data();
        let labels: Vec<f64> = y.iter().map(|&v| f64::from(u8::from(v > 1.0))).collect();
        let model = logistic(&x, &labels, 1.0, false);
        let correct = model
            .predict(&x)
            .iter()
            .zip(&labels)
            .filter(|(p, l)| (**p >= 0.5) == (**l == 1.0))
            .count();
        assert!(correct >= 38, "{correct} of 40");
        // At the optimum the gradient vanishes: w = −c Σ (p − y) x.
        let p = model.predict(&x);
        let residual: Vec<f64> = p.iter().zip(&labels).map(|(p, l)| p - l).collect();
        let g = x.transpose_times(&residual);
        for (wj, gj) in model.weights.iter().zip(&g) {
            assert!((wj + gj).abs() < 1e-4, "{wj} vs {gj}");
        }
    }
}
