//! Random forests over bit-packed binary features (fingerprints), for
//! regression and binary classification.
//!
//! Why our own: smartcore's forest is correct but single-threaded and about
//! 15× slower than scikit-learn, and linfa bags whole trees instead of
//! drawing features per split. Here a node's split search costs one pass
//! over the set bits of its samples (a fingerprint has ~50 of 2,048 set), not
//! a pass per feature, and the trees grow in parallel. The algorithm follows
//! scikit-learn's `RandomForest{Regressor,Classifier}`: bootstrap samples,
//! best split among `max_features` features drawn per node (constant
//! features do not count), MSE or Gini impurity, `min_samples_leaf`,
//! `max_depth`, balanced class weights on request. Each tree's random stream
//! is derived from the seed and the tree's index, so a forest is the same
//! whatever the number of threads.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::BitMatrix;

/// What a model predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A number (e.g. pKi).
    Regression,
    /// The probability of the active class (labels 0/1).
    Classification,
}

/// How many features a split may look at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum MaxFeatures {
    All,
    Sqrt,
    Log2,
    /// A fraction of the features, in (0, 1].
    Fraction(f64),
    Count(usize),
}

impl MaxFeatures {
    fn resolve(self, n_features: usize) -> usize {
        let n = n_features as f64;
        let k = match self {
            Self::All => n_features,
            Self::Sqrt => n.sqrt() as usize,
            Self::Log2 => n.log2() as usize,
            Self::Fraction(f) => (f * n) as usize,
            Self::Count(c) => c,
        };
        k.clamp(1, n_features.max(1))
    }
}

/// Parameters of a forest (scikit-learn's names and defaults, except the seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForestParams {
    pub n_trees: usize,
    /// Unlimited when `None`.
    pub max_depth: Option<usize>,
    pub max_features: MaxFeatures,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub bootstrap: bool,
    /// Weigh the classes inversely to their frequency (classification).
    pub balanced_classes: bool,
    pub seed: u64,
}

impl ForestParams {
    /// scikit-learn's defaults for `mode`: 100 trees, all features for
    /// regression and √features for classification.
    pub fn defaults(mode: Mode) -> Self {
        Self {
            n_trees: 100,
            max_depth: None,
            max_features: match mode {
                Mode::Regression => MaxFeatures::All,
                Mode::Classification => MaxFeatures::Sqrt,
            },
            min_samples_leaf: 1,
            min_samples_split: 2,
            bootstrap: true,
            balanced_classes: false,
            seed: 42,
        }
    }
}

/// A node: a split on `feature` (samples without the bit go `left`), or a
/// leaf when `feature` is [`LEAF`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub feature: u32,
    pub left: u32,
    pub right: u32,
    /// Mean target (regression) or active-class probability of the node.
    pub value: f64,
}

/// `Node::feature` of leaves.
pub const LEAF: u32 = u32::MAX;

/// One tree, nodes in growth order (the root first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The index of the leaf that `row` falls into.
    pub(crate) fn leaf_of(&self, row: &[u64]) -> usize {
        let mut at = 0;
        loop {
            let node = &self.nodes[at];
            if node.feature == LEAF {
                return at;
            }
            let f = node.feature as usize;
            let set = row[f / 64] >> (f % 64) & 1 == 1;
            at = if set { node.right } else { node.left } as usize;
        }
    }

    pub(crate) fn predict(&self, row: &[u64]) -> f64 {
        self.nodes[self.leaf_of(row)].value
    }
}

/// A fitted forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RandomForest {
    pub mode: Mode,
    pub n_features: usize,
    pub trees: Vec<Tree>,
}

/// Why a forest cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error("there are no training samples")]
    Empty,
    #[error("{0}")]
    Invalid(String),
}

impl RandomForest {
    /// Fits a forest to the rows of `x` and targets `y` (0/1 for classification).
    pub fn fit(
        x: &BitMatrix,
        y: &[f64],
        mode: Mode,
        params: &ForestParams,
    ) -> Result<Self, FitError> {
        if x.rows() == 0 {
            return Err(FitError::Empty);
        }
        if x.rows() != y.len() {
            return Err(FitError::Invalid(format!(
                "{} rows but {} targets",
                x.rows(),
                y.len()
            )));
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(FitError::Invalid("targets must be finite numbers".into()));
        }
        if mode == Mode::Classification && y.iter().any(|&v| v != 0.0 && v != 1.0) {
            return Err(FitError::Invalid("class labels must be 0 or 1".into()));
        }
        if params.n_trees == 0 || params.min_samples_leaf == 0 || params.min_samples_split < 2 {
            return Err(FitError::Invalid(
                "n_trees and min_samples_leaf must be at least 1, min_samples_split at least 2"
                    .into(),
            ));
        }
        let class_weights = if mode == Mode::Classification && params.balanced_classes {
            let n = y.len() as f64;
            let positives = y.iter().sum::<f64>();
            let negatives = n - positives;
            [
                n / (2.0 * negatives.max(1.0)),
                n / (2.0 * positives.max(1.0)),
            ]
        } else {
            [1.0, 1.0]
        };
        let trees = (0..params.n_trees)
            .into_par_iter()
            .map(|i| {
                let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
                rng.set_stream(i as u64);
                let mut weights = vec![0.0; x.rows()];
                if params.bootstrap {
                    for _ in 0..x.rows() {
                        weights[rng.gen_range(0..x.rows())] += 1.0;
                    }
                } else {
                    weights.fill(1.0);
                }
                if mode == Mode::Classification {
                    for (w, &label) in weights.iter_mut().zip(y) {
                        *w *= class_weights[label as usize];
                    }
                }
                Grower::new(x, y, &weights, mode, params, rng).grow()
            })
            .collect();
        Ok(Self {
            mode,
            n_features: x.n_features(),
            trees,
        })
    }

    /// Predictions for the rows of `x`: the mean over trees of the leaf values.
    pub fn predict(&self, x: &BitMatrix) -> Vec<f64> {
        (0..x.rows())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let row = x.row(i);
                self.trees.iter().map(|t| t.predict(row)).sum::<f64>() / self.trees.len() as f64
            })
            .collect()
    }
}

/// Grows one tree.
pub(crate) struct Grower<'a> {
    x: &'a BitMatrix,
    y: &'a [f64],
    weights: &'a [f64],
    mode: Mode,
    max_features: usize,
    params: &'a ForestParams,
    rng: ChaCha8Rng,
    /// Per-feature statistics of the samples with the bit set, in the current node.
    count: Vec<u32>,
    weight: Vec<f64>,
    sum: Vec<f64>,
    features: Vec<u32>,
    nodes: Vec<Node>,
}

/// A node still to be split: its samples `samples[start..end]`.
struct Pending {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
}

impl<'a> Grower<'a> {
    pub(crate) fn new(
        x: &'a BitMatrix,
        y: &'a [f64],
        weights: &'a [f64],
        mode: Mode,
        params: &'a ForestParams,
        rng: ChaCha8Rng,
    ) -> Self {
        let n = x.n_features();
        Self {
            x,
            y,
            weights,
            mode,
            max_features: params.max_features.resolve(n),
            params,
            rng,
            count: vec![0; n],
            weight: vec![0.0; n],
            sum: vec![0.0; n],
            features: (0..n as u32).collect(),
            nodes: Vec::new(),
        }
    }

    /// Higher is better: the negated weighted impurity of a child, up to a
    /// constant shared by all splits of a node (MSE: `s²/w`; Gini of two
    /// classes: `(s² + (w-s)²)/w`).
    fn score(&self, weight: f64, sum: f64) -> f64 {
        if weight <= 0.0 {
            return 0.0;
        }
        match self.mode {
            Mode::Regression => sum * sum / weight,
            Mode::Classification => (sum * sum + (weight - sum) * (weight - sum)) / weight,
        }
    }

    pub(crate) fn grow(mut self) -> Tree {
        let mut samples: Vec<u32> = (0..self.x.rows() as u32)
            .filter(|&i| self.weights[i as usize] > 0.0)
            .collect();
        self.nodes.push(self.leaf(&samples));
        let mut stack = vec![Pending {
            node: 0,
            start: 0,
            end: samples.len(),
            depth: 0,
        }];
        while let Some(p) = stack.pop() {
            let Some(feature) = self.best_split(&samples[p.start..p.end], p.depth) else {
                continue;
            };
            // Samples without the bit first, then those with it.
            let part = &mut samples[p.start..p.end];
            let mut boundary = 0;
            for i in 0..part.len() {
                if !self.x.get(part[i] as usize, feature) {
                    part.swap(i, boundary);
                    boundary += 1;
                }
            }
            let middle = p.start + boundary;
            let left = self.nodes.len();
            self.nodes.push(self.leaf(&samples[p.start..middle]));
            self.nodes.push(self.leaf(&samples[middle..p.end]));
            self.nodes[p.node] = Node {
                feature: feature as u32,
                left: left as u32,
                right: left as u32 + 1,
                value: self.nodes[p.node].value,
            };
            stack.push(Pending {
                node: left + 1,
                start: middle,
                end: p.end,
                depth: p.depth + 1,
            });
            stack.push(Pending {
                node: left,
                start: p.start,
                end: middle,
                depth: p.depth + 1,
            });
        }
        Tree { nodes: self.nodes }
    }

    fn leaf(&self, samples: &[u32]) -> Node {
        let (w, s) = samples.iter().fold((0.0, 0.0), |(w, s), &i| {
            let i = i as usize;
            (w + self.weights[i], s + self.weights[i] * self.y[i])
        });
        Node {
            feature: LEAF,
            left: 0,
            right: 0,
            value: if w > 0.0 { s / w } else { 0.0 },
        }
    }

    /// The feature of the best split of these samples, if splitting is allowed and helps.
    fn best_split(&mut self, samples: &[u32], depth: usize) -> Option<usize> {
        let n = samples.len();
        let min_leaf = self.params.min_samples_leaf;
        if n < self.params.min_samples_split
            || n < 2 * min_leaf
            || self.params.max_depth.is_some_and(|d| depth >= d)
        {
            return None;
        }
        let (mut total_w, mut total_s, mut total_sq) = (0.0, 0.0, 0.0);
        self.count.fill(0);
        self.weight.fill(0.0);
        self.sum.fill(0.0);
        for &i in samples {
            let i = i as usize;
            let (w, y) = (self.weights[i], self.y[i]);
            total_w += w;
            total_s += w * y;
            total_sq += w * y * y;
            for (k, &word) in self.x.row(i).iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    let f = k * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    self.count[f] += 1;
                    self.weight[f] += w;
                    self.sum[f] += w * y;
                }
            }
        }
        // A pure node (all targets equal) cannot improve.
        let pure = match self.mode {
            Mode::Regression => {
                total_sq - total_s * total_s / total_w <= 1e-12 * total_sq.abs().max(1.0)
            }
            Mode::Classification => total_s <= 0.0 || total_s >= total_w,
        };
        if pure {
            return None;
        }
        let parent = self.score(total_w, total_s);
        let mut best: Option<(usize, f64)> = None;
        let mut visited = 0;
        let n_features = self.features.len();
        let mut i = 0;
        while i < n_features && visited < self.max_features {
            let j = self.rng.gen_range(i..n_features);
            self.features.swap(i, j);
            let f = self.features[i] as usize;
            i += 1;
            let with = self.count[f] as usize;
            if with == 0 || with == n {
                continue; // constant here: does not count
            }
            visited += 1;
            if with < min_leaf || n - with < min_leaf {
                continue;
            }
            let (w1, s1) = (self.weight[f], self.sum[f]);
            let score = self.score(w1, s1) + self.score(total_w - w1, total_s - s1);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((f, score));
            }
        }
        best.filter(|&(_, score)| score > parent + 1e-12 * parent.abs().max(1.0))
            .map(|(f, _)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[usize]], n_features: usize) -> BitMatrix {
        BitMatrix::from_rows(
            n_features,
            rows.iter()
                .map(|on| on.iter().map(|&f| f as u32).collect::<Vec<_>>()),
        )
        .expect("matrix")
    }

    #[test]
    fn a_single_decisive_bit_is_learned_in_both_modes() {
        // Bit 3 decides the target; bits 0..3 are noise.
        let rows: Vec<Vec<usize>> = (0..200)
            .map(|i| {
                let mut on: Vec<usize> = (0..3).filter(|b| (i >> b) & 1 == 1).collect();
                if i % 2 == 0 {
                    on.push(3);
                }
                on
            })
            .collect();
        let refs: Vec<&[usize]> = rows.iter().map(Vec::as_slice).collect();
        let x = matrix(&refs, 70);
        let y: Vec<f64> = (0..200)
            .map(|i| if i % 2 == 0 { 1.0 } else { 0.0 })
            .collect();
        for mode in [Mode::Regression, Mode::Classification] {
            let forest =
                RandomForest::fit(&x, &y, mode, &ForestParams::defaults(mode)).expect("fit");
            let predicted = forest.predict(&x);
            for (p, t) in predicted.iter().zip(&y) {
                assert!((p - t).abs() < 1e-9, "{mode:?}: {p} vs {t}");
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_forest_and_another_seed_another() {
        let rows: Vec<Vec<usize>> = (0..120)
            .map(|i| vec![i % 7, 7 + i % 5, 12 + i % 3])
            .collect();
        let refs: Vec<&[usize]> = rows.iter().map(Vec::as_slice).collect();
        let x = matrix(&refs, 64);
        let y: Vec<f64> = (0..120)
            .map(|i| ((i % 7) as f64) * 0.5 + (i % 3) as f64)
            .collect();
        let params = ForestParams {
            n_trees: 10,
            max_features: MaxFeatures::Sqrt,
            ..ForestParams::defaults(Mode::Regression)
        };
        let a = RandomForest::fit(&x, &y, Mode::Regression, &params).expect("fit");
        let b = RandomForest::fit(&x, &y, Mode::Regression, &params).expect("fit");
        assert_eq!(a, b);
        let c = RandomForest::fit(
            &x,
            &y,
            Mode::Regression,
            &ForestParams { seed: 7, ..params },
        )
        .expect("fit");
        assert_ne!(a, c);
    }

    #[test]
    fn limits_are_respected_and_bad_input_refused() {
        let rows: Vec<Vec<usize>> = (0..64)
            .map(|i| (0..6).filter(|b| (i >> b) & 1 == 1).collect())
            .collect();
        let refs: Vec<&[usize]> = rows.iter().map(Vec::as_slice).collect();
        let x = matrix(&refs, 6);
        let y: Vec<f64> = (0..64).map(|i| i as f64).collect();
        let params = ForestParams {
            n_trees: 3,
            max_depth: Some(2),
            min_samples_leaf: 5,
            ..ForestParams::defaults(Mode::Regression)
        };
        let forest = RandomForest::fit(&x, &y, Mode::Regression, &params).expect("fit");
        for tree in &forest.trees {
            assert!(tree.nodes.len() <= 7, "depth 2 has at most 7 nodes");
        }
        assert!(RandomForest::fit(&x, &y[..10], Mode::Regression, &params).is_err());
        assert!(RandomForest::fit(&x, &y, Mode::Classification, &params).is_err());
        let nan: Vec<f64> = y.iter().map(|_| f64::NAN).collect();
        assert!(RandomForest::fit(&x, &nan, Mode::Regression, &params).is_err());
    }
}
