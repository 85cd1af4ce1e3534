//! Splitting data for validation: shuffled k-fold, stratified for classes.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One fold: training and test row indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

fn folds_from_assignment(assignment: &[usize], k: usize) -> Vec<Fold> {
    (0..k)
        .map(|fold| {
            let (test, train) = (0..assignment.len()).partition(|&i| assignment[i] == fold);
            Fold { train, test }
        })
        .collect()
}

/// `k` folds of `n` shuffled rows (sizes differ by at most one).
pub fn k_fold(n: usize, k: usize, seed: u64) -> Vec<Fold> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let mut assignment = vec![0; n];
    for (position, &row) in order.iter().enumerate() {
        assignment[row] = position % k;
    }
    folds_from_assignment(&assignment, k)
}

/// `k` folds in which each class (0/1 labels) is spread as evenly as possible.
pub fn stratified_k_fold(labels: &[f64], k: usize, seed: u64) -> Vec<Fold> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut assignment = vec![0; labels.len()];
    let mut next = 0;
    for class in [0.0, 1.0] {
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rows.shuffle(&mut rng);
        for row in rows {
            assignment[row] = next % k;
            next += 1;
        }
    }
    folds_from_assignment(&assignment, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_partition_the_rows_and_depend_only_on_the_seed() {
        let folds = k_fold(103, 5, 1);
        let mut seen: Vec<usize> = folds.iter().flat_map(|f| f.test.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..103).collect::<Vec<_>>());
        for f in &folds {
            assert!(f.test.len() == 20 || f.test.len() == 21);
            assert_eq!(f.train.len() + f.test.len(), 103);
        }
        assert_eq!(folds, k_fold(103, 5, 1));
        assert_ne!(folds, k_fold(103, 5, 2));
        let labels: Vec<f64> = (0..100).map(|i| if i < 20 { 1.0 } else { 0.0 }).collect();
        for f in stratified_k_fold(&labels, 5, 3) {
            assert_eq!(f.test.iter().filter(|&&i| labels[i] == 1.0).count(), 4);
        }
    }
}
