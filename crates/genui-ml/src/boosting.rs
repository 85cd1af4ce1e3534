//! Gradient-boosted trees over bit inputs, as scikit-learn's
//! `GradientBoosting{Regressor,Classifier}`: squared loss for regression,
//! log loss for classification (trees fitted to the residuals, leaves set by
//! one Newton step), shrinkage and row subsampling.
//!
//! Why our own: the trees are the random forest's (split search by
//! popcount over the set bits), so boosting costs depth-limited trees over
//! ~50 set bits per row instead of a scan of every feature, and the model
//! file stores the same nodes.

use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::data::BitMatrix;
use crate::forest::{ForestParams, Grower, MaxFeatures, Mode, Tree};

/// Boosting parameters (scikit-learn's names and defaults, except the seed).
#[derive(Debug, Clone, PartialEq)]
pub struct BoostingParams {
    pub n_estimators: usize,
    pub learning_rate: f64,
    pub max_depth: usize,
    pub min_samples_leaf: usize,
    /// Share of the rows each tree is fitted on (stochastic boosting below 1).
    pub subsample: f64,
    pub seed: u64,
}

/// A fitted boosted ensemble: `base + learning_rate · Σ tree(x)`, through
/// the logistic function for classification.
#[derive(Debug, Clone, PartialEq)]
pub struct BoostedTrees {
    pub mode: Mode,
    pub base: f64,
    pub learning_rate: f64,
    pub trees: Vec<Tree>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl BoostedTrees {
    /// Fits to the rows of `x` and targets `y` (0/1 for classification).
    pub fn fit(x: &BitMatrix, y: &[f64], mode: Mode, params: &BoostingParams) -> Self {
        let n = y.len();
        let mean = y.iter().sum::<f64>() / n as f64;
        let base = match mode {
            Mode::Regression => mean,
            Mode::Classification => {
                let p = mean.clamp(1e-6, 1.0 - 1e-6);
                (p / (1.0 - p)).ln()
            }
        };
        let tree_params = ForestParams {
            n_trees: 1,
            max_depth: Some(params.max_depth),
            max_features: MaxFeatures::All,
            min_samples_leaf: params.min_samples_leaf,
            min_samples_split: 2,
            bootstrap: false,
            balanced_classes: false,
            seed: params.seed,
        };
        let mut scores = vec![base; n];
        let mut residuals = vec![0.0; n];
        let mut weights = vec![1.0; n];
        let in_sample = ((params.subsample * n as f64).round() as usize).clamp(1, n);
        let mut trees = Vec::with_capacity(params.n_estimators);
        for round in 0..params.n_estimators {
            let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
            rng.set_stream(round as u64);
            if in_sample < n {
                weights.fill(0.0);
                for i in sample(&mut rng, n, in_sample) {
                    weights[i] = 1.0;
                }
            }
            for i in 0..n {
                residuals[i] = y[i]
                    - match mode {
                        Mode::Regression => scores[i],
                        Mode::Classification => sigmoid(scores[i]),
                    };
            }
            let mut tree =
                Grower::new(x, &residuals, &weights, Mode::Regression, &tree_params, rng).grow();
            if mode == Mode::Classification {
                // Newton step per leaf: Σ residual / Σ p(1 − p) over its rows.
                let mut sums = vec![(0.0, 0.0); tree.nodes.len()];
                for i in (0..n).filter(|&i| weights[i] > 0.0) {
                    let p = sigmoid(scores[i]);
                    let leaf = &mut sums[tree.leaf_of(x.row(i))];
                    leaf.0 += residuals[i];
                    leaf.1 += p * (1.0 - p);
                }
                for (node, (g, h)) in tree.nodes.iter_mut().zip(sums) {
                    if h > 1e-12 {
                        node.value = g / h;
                    }
                }
            }
            for (i, score) in scores.iter_mut().enumerate() {
                *score += params.learning_rate * tree.predict(x.row(i));
            }
            trees.push(tree);
        }
        Self {
            mode,
            base,
            learning_rate: params.learning_rate,
            trees,
        }
    }

    /// Predicted values, or active-class probabilities.
    pub fn predict(&self, x: &BitMatrix) -> Vec<f64> {
        (0..x.rows())
            .map(|i| {
                let row = x.row(i);
                let score = self.base
                    + self.learning_rate * self.trees.iter().map(|t| t.predict(row)).sum::<f64>();
                match self.mode {
                    Mode::Regression => score,
                    Mode::Classification => sigmoid(score),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Target = 2·bit0 + bit1 (+ bit0·bit2), with noise bits.
    fn data() -> (BitMatrix, Vec<f64>) {
        let rows: Vec<Vec<u32>> = (0..256u32)
            .map(|i| (0..8).filter(|b| i >> b & 1 == 1).collect())
            .collect();
        let y = (0..256u32)
            .map(|i| f64::from(2 * (i & 1) + (i >> 1 & 1) + (i & (i >> 2) & 1)))
            .collect();
        (BitMatrix::from_rows(8, rows).expect("bits"), y)
    }

    fn params() -> BoostingParams {
        BoostingParams {
            n_estimators: 100,
            learning_rate: 0.1,
            max_depth: 3,
            min_samples_leaf: 1,
            subsample: 1.0,
            seed: 3,
        }
    }

    #[test]
    fn boosting_learns_an_interaction_and_classes() {
        let (x, y) = data();
        let model = BoostedTrees::fit(&x, &y, Mode::Regression, &params());
        let error = model
            .predict(&x)
            .iter()
            .zip(&y)
            .map(|(p, t)| (p - t).abs())
            .fold(0.0, f64::max);
        assert!(error < 0.01, "largest error {error}");
        let labels: Vec<f64> = y.iter().map(|&v| f64::from(u8::from(v >= 2.0))).collect();
        let classifier = BoostedTrees::fit(&x, &labels, Mode::Classification, &params());
        for (p, l) in classifier.predict(&x).iter().zip(&labels) {
            assert!((p - l).abs() < 0.1, "{p} for label {l}");
        }
    }

    #[test]
    fn subsampling_is_seeded() {
        let (x, y) = data();
        let stochastic = BoostingParams {
            subsample: 0.5,
            n_estimators: 20,
            ..params()
        };
        let a = BoostedTrees::fit(&x, &y, Mode::Regression, &stochastic);
        assert_eq!(a, BoostedTrees::fit(&x, &y, Mode::Regression, &stochastic));
        let other = BoostingParams {
            seed: 4,
            ..stochastic
        };
        assert_ne!(a, BoostedTrees::fit(&x, &y, Mode::Regression, &other));
    }
}
