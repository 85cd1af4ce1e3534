//! k-nearest neighbours by Tanimoto similarity of bit inputs (a popcount
//! brute force, queries in parallel), and Bernoulli naive Bayes.

use rayon::prelude::*;

use crate::data::BitMatrix;
use crate::forest::Mode;

/// The Tanimoto similarity of two bit rows (1 for two empty rows).
pub fn tanimoto(a: &[u64], b: &[u64]) -> f64 {
    let (mut both, mut either) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        both += (x & y).count_ones();
        either += (x | y).count_ones();
    }
    if either == 0 {
        1.0
    } else {
        f64::from(both) / f64::from(either)
    }
}

/// A fitted kNN model: the training rows and their targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    pub mode: Mode,
    pub k: usize,
    /// Weigh neighbours by their similarity instead of equally.
    pub weighted: bool,
    pub rows: BitMatrix,
    pub targets: Vec<f64>,
}

impl Neighbours {
    /// The mean target (or active share) of each query's `k` most similar
    /// training rows; ties go to the earlier row.
    pub fn predict(&self, x: &BitMatrix) -> Vec<f64> {
        let k = self.k.min(self.rows.rows()).max(1);
        (0..x.rows())
            .into_par_iter()
            .map(|q| {
                let query = x.row(q);
                let mut similar: Vec<(f64, usize)> = (0..self.rows.rows())
                    .map(|i| (tanimoto(self.rows.row(i), query), i))
                    .collect();
                let by_similarity =
                    |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
                if similar.len() > k {
                    similar.select_nth_unstable_by(k - 1, by_similarity);
                    similar.truncate(k);
                }
                let (mut total, mut weights) = (0.0, 0.0);
                for &(s, i) in &similar {
                    let w = if self.weighted { s.max(1e-6) } else { 1.0 };
                    total += w * self.targets[i];
                    weights += w;
                }
                total / weights
            })
            .collect()
    }
}

/// Bernoulli naive Bayes (classification), as scikit-learn's `BernoulliNB`
/// with Laplace smoothing `alpha`.
#[derive(Debug, Clone, PartialEq)]
pub struct BernoulliBayes {
    /// Per class (inactive, active): log prior.
    pub log_prior: [f64; 2],
    /// Per class, per feature: log P(bit set | class) and log P(bit clear | class).
    pub log_on: [Vec<f64>; 2],
    pub log_off: [Vec<f64>; 2],
}

impl BernoulliBayes {
    /// Fits to bit rows and 0/1 labels; both classes must be present.
    pub fn fit(x: &BitMatrix, labels: &[f64], alpha: f64) -> Self {
        let n_features = x.n_features();
        let mut counts = [vec![0.0; n_features], vec![0.0; n_features]];
        let mut class_sizes = [0.0; 2];
        for (i, &label) in labels.iter().enumerate() {
            let c = usize::from(label == 1.0);
            class_sizes[c] += 1.0;
            for (w, &word) in x.row(i).iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    counts[c][w * 64 + bits.trailing_zeros() as usize] += 1.0;
                    bits &= bits - 1;
                }
            }
        }
        let n = labels.len() as f64;
        let probability = |c: usize| -> Vec<f64> {
            counts[c]
                .iter()
                .map(|&on| (on + alpha) / (class_sizes[c] + 2.0 * alpha))
                .collect()
        };
        let (p0, p1) = (probability(0), probability(1));
        Self {
            log_prior: [(class_sizes[0] / n).ln(), (class_sizes[1] / n).ln()],
            log_on: [
                p0.iter().map(|p| p.ln()).collect(),
                p1.iter().map(|p| p.ln()).collect(),
            ],
            log_off: [
                p0.iter().map(|p| (1.0 - p).ln()).collect(),
                p1.iter().map(|p| (1.0 - p).ln()).collect(),
            ],
        }
    }

    /// Probabilities of the active class.
    pub fn predict(&self, x: &BitMatrix) -> Vec<f64> {
        let base: Vec<f64> = (0..2)
            .map(|c| self.log_prior[c] + self.log_off[c].iter().sum::<f64>())
            .collect();
        (0..x.rows())
            .map(|i| {
                let mut joint = [base[0], base[1]];
                for (w, &word) in x.row(i).iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        let f = w * 64 + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        for (c, j) in joint.iter_mut().enumerate() {
                            *j += self.log_on[c][f] - self.log_off[c][f];
                        }
                    }
                }
                1.0 / (1.0 + (joint[0] - joint[1]).exp())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_vote_by_similarity() {
        let rows = BitMatrix::from_rows(8, [vec![0u32, 1, 2], vec![0, 1], vec![5, 6], vec![5, 7]])
            .expect("rows");
        let model = Neighbours {
            mode: Mode::Regression,
            k: 2,
            weighted: false,
            rows,
            targets: vec![1.0, 3.0, 10.0, 20.0],
        };
        let queries = BitMatrix::from_rows(8, [vec![0u32, 1, 2], vec![5, 6, 7]]).expect("q");
        assert_eq!(model.predict(&queries), vec![2.0, 15.0]);
        let weighted = Neighbours {
            weighted: true,
            k: 4,
            ..model
        };
        let p = weighted.predict(&queries)[0];
        assert!(p > 1.0 && p < 3.0, "the close rows dominate: {p}");
        assert_eq!(tanimoto(&[0b1100], &[0b0110]), 1.0 / 3.0);
    }

    #[test]
    fn naive_bayes_matches_the_closed_form() {
        // Bit 0 is on in 3 of 4 actives and 1 of 4 inactives.
        let x = BitMatrix::from_rows(
            2,
            [
                vec![0u32],
                vec![0],
                vec![0],
                vec![],
                vec![0],
                vec![],
                vec![],
                vec![1],
            ],
        )
        .expect("x");
        let labels = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let model = BernoulliBayes::fit(&x, &labels, 1.0);
        let p = model.predict(&BitMatrix::from_rows(2, [vec![0u32]]).expect("q"))[0];
        // P(on|active) = 4/6, P(on|inactive) = 2/6; bit 1: 1/6 and 2/6.
        let active = (4.0 / 6.0) * (5.0 / 6.0);
        let inactive = (2.0 / 6.0) * (4.0 / 6.0);
        assert!((p - active / (active + inactive)).abs() < 1e-12, "{p}");
    }
}
