//! Splitting data for validation: shuffled k-fold, stratified for classes.

use crate::MlError;
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

/// `k` folds of whole groups (rows with the same `groups[i]` never sit on both sides): the
/// groups in seeded random order, largest first, each to the fold that holds fewest rows.
/// Cross-validation then asks for the same extrapolation as a scaffold-split test set.
pub fn grouped_k_fold(groups: &[String], k: usize, seed: u64) -> Vec<Fold> {
    let mut members: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, g) in groups.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut members: Vec<Vec<usize>> = members.into_values().collect();
    members.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    members.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let mut sizes = vec![0; k];
    let mut assignment = vec![0; groups.len()];
    for group in members {
        let fold = (0..k).min_by_key(|&f| sizes[f]).expect("k > 0");
        sizes[fold] += group.len();
        for row in group {
            assignment[row] = fold;
        }
    }
    folds_from_assignment(&assignment, k)
}

/// Training and test rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

fn check_fraction(test_fraction: f64) -> Result<(), MlError> {
    if test_fraction > 0.0 && test_fraction < 1.0 {
        Ok(())
    } else {
        Err(MlError::Setting(format!(
            "the test fraction {test_fraction} must be between 0 and 1"
        )))
    }
}

/// A random test set of `round(n × test_fraction)` rows (at least one).
pub fn random_split(n: usize, test_fraction: f64, seed: u64) -> Result<Split, MlError> {
    check_fraction(test_fraction)?;
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let n_test = ((n as f64 * test_fraction).round() as usize).clamp(1, n.saturating_sub(1).max(1));
    let mut test = order[..n_test].to_vec();
    let mut train = order[n_test..].to_vec();
    test.sort_unstable();
    train.sort_unstable();
    Ok(Split { train, test })
}

/// A test set of whole scaffold groups (rows with the same `scaffolds[i]`
/// never sit on both sides), taken in seeded random order until it holds at
/// least `test_fraction` of the rows, so the test set asks for
/// extrapolation to new chemotypes.
pub fn scaffold_split(
    scaffolds: &[String],
    test_fraction: f64,
    seed: u64,
) -> Result<Split, MlError> {
    check_fraction(test_fraction)?;
    let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, s) in scaffolds.iter().enumerate() {
        groups.entry(s).or_default().push(i);
    }
    if groups.len() < 2 {
        return Err(MlError::Data(
            "a scaffold split needs at least two different scaffolds".into(),
        ));
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let wanted = (scaffolds.len() as f64 * test_fraction).ceil() as usize;
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (k, group) in groups.into_iter().enumerate() {
        // The first group always trains, so neither side is empty.
        if k > 0 && test.len() < wanted {
            test.extend(group);
        } else {
            train.extend(group);
        }
    }
    train.sort_unstable();
    test.sort_unstable();
    Ok(Split { train, test })
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

    #[test]
    fn test_sets_have_the_asked_size_and_keep_scaffolds_together() {
        let split = random_split(50, 0.2, 4).expect("split");
        assert_eq!((split.train.len(), split.test.len()), (40, 10));
        assert_eq!(split, random_split(50, 0.2, 4).expect("split"));
        assert!(random_split(50, 1.0, 4).is_err());
        let scaffolds: Vec<String> = (0..60).map(|i| format!("s{}", i % 12)).collect();
        let split = scaffold_split(&scaffolds, 0.25, 9).expect("split");
        assert!(
            split.test.len() >= 15 && split.test.len() < 25,
            "{}",
            split.test.len()
        );
        for &t in &split.test {
            assert!(split.train.iter().all(|&r| scaffolds[r] != scaffolds[t]));
        }
        assert_eq!(split.train.len() + split.test.len(), 60);
        assert!(scaffold_split(&vec!["same".to_owned(); 5], 0.2, 1).is_err());
    }

    #[test]
    fn grouped_folds_keep_groups_together_and_balance_rows() {
        // Groups of 1 to 12 rows.
        let groups: Vec<String> = (0..78)
            .map(|i| {
                format!(
                    "g{}",
                    (1..=12).position(|k| i < k * (k + 1) / 2).expect("row")
                )
            })
            .collect();
        let folds = grouped_k_fold(&groups, 3, 7);
        let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 78);
        assert!(sizes.iter().all(|&n| (24..=28).contains(&n)), "{sizes:?}");
        for f in &folds {
            for &t in &f.test {
                assert!(f.train.iter().all(|&r| groups[r] != groups[t]));
            }
        }
        assert_eq!(folds, grouped_k_fold(&groups, 3, 7));
    }
}
