//! The environment of reinforcement learning (DrugEx v2): objectives score molecules, decide
//! which are desired, and a reward scheme turns the scores into one reward per molecule.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use genui_chem::fingerprint::{BitFingerprint, FingerprintKind};
use genui_chem::Molecule;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::scoring::{Modifier, Scorer};
use crate::{GenError, Result};

/// One goal: a scorer, an optional modifier turning its raw score into a desirability, and the
/// threshold the (modified) score must reach for a molecule to be desired.
#[derive(Clone)]
pub struct Objective {
    /// What is measured.
    pub scorer: Arc<dyn Scorer>,
    /// How the raw score becomes a desirability (none: the raw score is used as is, and higher
    /// counts as better — use a modifier with `high < low` where lower is better, as for SA).
    pub modifier: Option<Modifier>,
    /// A molecule is desired when every objective's score reaches its threshold.
    pub threshold: f64,
}

impl std::fmt::Debug for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Objective")
            .field("scorer", &self.scorer.key())
            .field("modifier", &self.modifier)
            .field("threshold", &self.threshold)
            .finish()
    }
}

/// How the scores of a batch become rewards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RewardScheme {
    /// Sum of the scores, each weighted by how rarely the batch reaches its threshold (so the
    /// hardest objective counts most), as DrugEx's `WS`.
    WeightedSum,
    /// Rank by Pareto front, then by NSGA-II crowding distance within a front (DrugEx `PC`).
    ParetoCrowding,
    /// Rank by Pareto front, then by structural distinctness within a front: the Tanimoto
    /// distance (ECFP4) to the nearest other member (DrugEx `PS`).
    ParetoSimilarity,
}

/// Scores of a batch of SMILES.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Objective keys, in the environment's order.
    pub keys: Vec<String>,
    /// Whether each SMILES is a valid molecule.
    pub valid: Vec<bool>,
    /// `raw[objective][molecule]`: the scorer's value; NaN for invalid SMILES.
    pub raw: Vec<Vec<f64>>,
    /// `modified[objective][molecule]`: the desirability; 0 for invalid SMILES.
    pub modified: Vec<Vec<f64>>,
    /// Valid and every objective at or above its threshold.
    pub desired: Vec<bool>,
}

impl Evaluation {
    /// Number of molecules evaluated.
    pub fn len(&self) -> usize {
        self.valid.len()
    }

    /// True when nothing was evaluated.
    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }

    fn ratio(flags: &[bool]) -> f64 {
        if flags.is_empty() {
            0.0
        } else {
            flags.iter().filter(|&&f| f).count() as f64 / flags.len() as f64
        }
    }

    /// Judges molecule `i` invalid after all (it lost the fragments it was grown from): not
    /// desired, no score.
    pub fn invalidate(&mut self, i: usize) {
        self.valid[i] = false;
        self.desired[i] = false;
        for (raw, modified) in self.raw.iter_mut().zip(&mut self.modified) {
            raw[i] = f64::NAN;
            modified[i] = 0.0;
        }
    }

    /// Fraction of valid SMILES.
    pub fn valid_ratio(&self) -> f64 {
        Self::ratio(&self.valid)
    }

    /// Fraction of desired molecules.
    pub fn desired_ratio(&self) -> f64 {
        Self::ratio(&self.desired)
    }

    /// Mean desirability of each objective over the valid molecules (0 when none is valid).
    pub fn mean_modified(&self) -> Vec<f64> {
        let n = self.valid.iter().filter(|&&v| v).count();
        self.modified
            .iter()
            .map(|scores| {
                let sum: f64 = scores
                    .iter()
                    .zip(&self.valid)
                    .filter(|(_, &v)| v)
                    .map(|(s, _)| s)
                    .sum();
                if n == 0 {
                    0.0
                } else {
                    sum / n as f64
                }
            })
            .collect()
    }
}

/// Objectives and a reward scheme.
#[derive(Debug, Clone)]
pub struct Environment {
    objectives: Vec<Objective>,
    scheme: RewardScheme,
}

/// Molecules scored together on one thread (scorers see slices this long).
const CHUNK: usize = 64;

impl Environment {
    /// Checks the objectives: at least one, distinct keys, valid modifiers, finite thresholds.
    pub fn new(objectives: Vec<Objective>, scheme: RewardScheme) -> Result<Self> {
        if objectives.is_empty() {
            return Err(GenError::Invalid(
                "an environment needs at least one objective".to_string(),
            ));
        }
        let mut keys = HashSet::new();
        for objective in &objectives {
            let key = objective.scorer.key();
            if let Some(modifier) = &objective.modifier {
                modifier
                    .validate()
                    .map_err(|e| GenError::Invalid(format!("objective {key:?}: {e}")))?;
            }
            if !objective.threshold.is_finite() {
                return Err(GenError::Invalid(format!(
                    "objective {key:?}: the threshold must be a finite number"
                )));
            }
            if !keys.insert(key.clone()) {
                return Err(GenError::Invalid(format!(
                    "objective {key:?} appears twice"
                )));
            }
        }
        Ok(Self { objectives, scheme })
    }

    /// The objectives.
    pub fn objectives(&self) -> &[Objective] {
        &self.objectives
    }

    /// The reward scheme.
    pub fn scheme(&self) -> RewardScheme {
        self.scheme
    }

    /// Scores SMILES: validity through the chemistry core, then every objective on the valid
    /// molecules, in parallel chunks.
    pub fn evaluate(&self, smiles: &[String]) -> Result<Evaluation> {
        let m = self.objectives.len();
        let chunks: Vec<(Vec<bool>, Vec<Vec<f64>>)> = smiles
            .par_chunks(CHUNK)
            .map(|chunk| {
                let parsed: Vec<Option<Molecule>> = chunk
                    .iter()
                    .map(|s| Molecule::from_smiles(s).ok())
                    .collect();
                let valid: Vec<bool> = parsed.iter().map(Option::is_some).collect();
                let molecules: Vec<Molecule> = parsed.into_iter().flatten().collect();
                let mut raw = Vec::with_capacity(m);
                for objective in &self.objectives {
                    let scores = objective.scorer.score(&molecules)?;
                    if scores.len() != molecules.len() {
                        return Err(GenError::Invalid(format!(
                            "scorer {:?} returned {} scores for {} molecules",
                            objective.scorer.key(),
                            scores.len(),
                            molecules.len()
                        )));
                    }
                    let mut scores = scores.into_iter();
                    raw.push(
                        valid
                            .iter()
                            .map(|&v| if v { scores.next() } else { None }.unwrap_or(f64::NAN))
                            .collect(),
                    );
                }
                Ok((valid, raw))
            })
            .collect::<Result<_>>()?;
        let mut valid = Vec::with_capacity(smiles.len());
        let mut raw = vec![Vec::with_capacity(smiles.len()); m];
        for (v, r) in chunks {
            valid.extend(v);
            for (all, part) in raw.iter_mut().zip(r) {
                all.extend(part);
            }
        }
        let modified: Vec<Vec<f64>> = self
            .objectives
            .iter()
            .zip(&raw)
            .map(|(objective, scores)| {
                scores
                    .iter()
                    .map(|&x| match (x.is_nan(), &objective.modifier) {
                        (true, _) => 0.0,
                        (false, Some(modifier)) => modifier.apply(x),
                        (false, None) => x,
                    })
                    .collect()
            })
            .collect();
        let desired = (0..smiles.len())
            .map(|i| {
                valid[i]
                    && self
                        .objectives
                        .iter()
                        .zip(&modified)
                        .all(|(o, s)| s[i] >= o.threshold)
            })
            .collect();
        Ok(Evaluation {
            keys: self.objectives.iter().map(|o| o.scorer.key()).collect(),
            valid,
            raw,
            modified,
            desired,
        })
    }

    /// One reward per molecule of an evaluated batch; invalid molecules get 0.
    ///
    /// The Pareto schemes order the valid molecules from worst to best (front, then crowding
    /// or distinctness) and give the undesired ones rewards evenly spaced in (0, 0.5) and the
    /// desired ones in (0.5, 1), as DrugEx does — except that invalid molecules are left out of
    /// the ranking, so the worst valid molecule still earns more than an invalid one.
    pub fn rewards(&self, smiles: &[String], evaluation: &Evaluation) -> Result<Vec<f64>> {
        if smiles.len() != evaluation.len() {
            return Err(GenError::Invalid(format!(
                "{} SMILES but {} evaluated molecules",
                smiles.len(),
                evaluation.len()
            )));
        }
        match self.scheme {
            RewardScheme::WeightedSum => Ok(self.weighted_sum(evaluation)),
            RewardScheme::ParetoCrowding => Ok(ranked_rewards(evaluation, |front, points| {
                crowding_distances(front, points)
            })),
            RewardScheme::ParetoSimilarity => {
                let fingerprints: Vec<Option<BitFingerprint>> = smiles
                    .par_iter()
                    .zip(&evaluation.valid)
                    .map(|(s, &valid)| {
                        valid
                            .then(|| Molecule::from_smiles(s).ok())
                            .flatten()
                            .and_then(|m| FingerprintKind::ECFP4.compute(&m).ok())
                    })
                    .collect();
                Ok(ranked_rewards(evaluation, |front, _| {
                    distinctness(front, &fingerprints)
                }))
            }
        }
    }

    fn weighted_sum(&self, evaluation: &Evaluation) -> Vec<f64> {
        let n = evaluation.len().max(1) as f64;
        let misses: Vec<f64> = self
            .objectives
            .iter()
            .zip(&evaluation.modified)
            .map(|(o, s)| s.iter().filter(|&&x| x < o.threshold).count() as f64 / n + 0.01)
            .collect();
        let total: f64 = misses.iter().sum();
        (0..evaluation.len())
            .map(|i| {
                if !evaluation.valid[i] {
                    return 0.0;
                }
                misses
                    .iter()
                    .zip(&evaluation.modified)
                    .map(|(w, s)| w / total * s[i])
                    .sum()
            })
            .collect()
    }
}

/// Rewards from a Pareto ranking; `secondary(front, points)` scores the members of one front
/// (higher is better) to order them.
fn ranked_rewards(
    evaluation: &Evaluation,
    secondary: impl Fn(&[usize], &[Vec<f64>]) -> Vec<f64>,
) -> Vec<f64> {
    let valid: Vec<usize> = (0..evaluation.len())
        .filter(|&i| evaluation.valid[i])
        .collect();
    // Points indexed by molecule; only the valid ones are ranked.
    let points: Vec<Vec<f64>> = (0..evaluation.len())
        .map(|i| evaluation.modified.iter().map(|s| s[i]).collect())
        .collect();
    let fronts = non_dominated_fronts(&valid, &points);
    // (desired, front from the worst, secondary) for every valid molecule.
    let mut keys: Vec<(bool, usize, f64, usize)> = Vec::with_capacity(valid.len());
    for (rank, front) in fronts.iter().enumerate() {
        for (&i, s) in front.iter().zip(secondary(front, &points)) {
            keys.push((evaluation.desired[i], fronts.len() - rank, s, i));
        }
    }
    keys.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(a.2.total_cmp(&b.2))
            .then(b.3.cmp(&a.3))
    });
    let undesired = keys.iter().filter(|k| !k.0).count();
    let desired = keys.len() - undesired;
    let mut rewards = vec![0.0; evaluation.len()];
    for (position, key) in keys.iter().enumerate() {
        rewards[key.3] = if key.0 {
            0.5 + (position - undesired + 1) as f64 / (desired + 1) as f64 / 2.0
        } else {
            (position + 1) as f64 / (undesired + 1) as f64 / 2.0
        };
    }
    rewards
}

fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
}

/// Fast non-dominated sorting (Deb et al.): fronts of `members`, best first, each in input order.
fn non_dominated_fronts(members: &[usize], points: &[Vec<f64>]) -> Vec<Vec<usize>> {
    let n = members.len();
    let mut dominated_by_count = vec![0usize; n];
    let mut dominates_list: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        for b in (a + 1)..n {
            let (pa, pb) = (&points[members[a]], &points[members[b]]);
            if dominates(pa, pb) {
                dominates_list[a].push(b);
                dominated_by_count[b] += 1;
            } else if dominates(pb, pa) {
                dominates_list[b].push(a);
                dominated_by_count[a] += 1;
            }
        }
    }
    let mut fronts = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&a| dominated_by_count[a] == 0).collect();
    while !current.is_empty() {
        let mut next = Vec::new();
        for &a in &current {
            for &b in &dominates_list[a] {
                dominated_by_count[b] -= 1;
                if dominated_by_count[b] == 0 {
                    next.push(b);
                }
            }
        }
        next.sort_unstable();
        fronts.push(current.iter().map(|&a| members[a]).collect());
        current = next;
    }
    fronts
}

/// NSGA-II crowding distance of each member of a front (boundary points: infinite).
fn crowding_distances(front: &[usize], points: &[Vec<f64>]) -> Vec<f64> {
    let n = front.len();
    let mut distance = vec![0.0; n];
    if n <= 2 {
        return vec![f64::INFINITY; n];
    }
    // Each objective's values of the members, in front order.
    let columns = (0..points[front[0]].len())
        .map(|k| front.iter().map(|&i| points[i][k]).collect::<Vec<f64>>());
    for values in columns {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let (lo, hi) = (values[order[0]], values[order[n - 1]]);
        if hi > lo {
            distance[order[0]] = f64::INFINITY;
            distance[order[n - 1]] = f64::INFINITY;
            for w in order.windows(3) {
                distance[w[1]] += (values[w[2]] - values[w[0]]) / (hi - lo);
            }
        }
    }
    distance
}

/// Tanimoto distance of each member of a front to its nearest other member (1 when alone or
/// without a fingerprint).
fn distinctness(front: &[usize], fingerprints: &[Option<BitFingerprint>]) -> Vec<f64> {
    front
        .iter()
        .map(|&a| {
            let Some(fa) = &fingerprints[a] else {
                return 1.0;
            };
            front
                .iter()
                .filter(|&&b| b != a)
                .filter_map(|&b| fingerprints[b].as_ref())
                .map(|fb| 1.0 - fa.tanimoto(fb))
                .min_by(|x, y| x.partial_cmp(y).unwrap_or(Ordering::Equal))
                .unwrap_or(1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Property;

    fn evaluation(points: &[[f64; 2]], desired: &[bool]) -> Evaluation {
        Evaluation {
            keys: vec!["a".into(), "b".into()],
            valid: vec![true; points.len()],
            raw: vec![
                points.iter().map(|p| p[0]).collect(),
                points.iter().map(|p| p[1]).collect(),
            ],
            modified: vec![
                points.iter().map(|p| p[0]).collect(),
                points.iter().map(|p| p[1]).collect(),
            ],
            desired: desired.to_vec(),
        }
    }

    #[test]
    fn fronts_are_layers_of_non_dominated_points() {
        let points: Vec<Vec<f64>> = [[1.0, 1.0], [0.5, 0.9], [0.9, 0.5], [0.4, 0.4], [0.0, 0.0]]
            .iter()
            .map(|p| p.to_vec())
            .collect();
        let fronts = non_dominated_fronts(&[0, 1, 2, 3, 4], &points);
        assert_eq!(fronts, vec![vec![0], vec![1, 2], vec![3], vec![4]]);
    }

    #[test]
    fn pareto_rewards_put_desired_above_half_and_better_fronts_higher() {
        let e = evaluation(
            &[[1.0, 1.0], [0.5, 0.9], [0.9, 0.5], [0.4, 0.4], [0.0, 0.0]],
            &[true, true, false, false, false],
        );
        let r = ranked_rewards(&e, crowding_distances);
        assert!(r[0] > r[1] && r[1] > 0.5, "{r:?}");
        assert!(
            r[2] < 0.5 && r[2] > r[3] && r[3] > r[4] && r[4] > 0.0,
            "{r:?}"
        );
    }

    #[test]
    fn crowding_prefers_the_boundary_of_a_front() {
        let points: Vec<Vec<f64>> = [[0.0, 1.0], [0.5, 0.5], [0.55, 0.45], [1.0, 0.0]]
            .iter()
            .map(|p| p.to_vec())
            .collect();
        let d = crowding_distances(&[0, 1, 2, 3], &points);
        assert!(d[0].is_infinite() && d[3].is_infinite());
        assert!(d[1].is_finite() && d[2].is_finite());
    }

    #[test]
    fn weighted_sum_weights_the_objective_most_molecules_miss() {
        let objective = |property: Property, threshold| Objective {
            scorer: Arc::new(property),
            modifier: None,
            threshold,
        };
        let env = Environment::new(
            vec![
                objective(Property::Qed, 0.0),
                objective(Property::Rings, 1.0),
            ],
            RewardScheme::WeightedSum,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let smiles: Vec<String> = ["CCO", "CCN", "c1ccccc1", "not a smiles"]
            .map(String::from)
            .to_vec();
        let e = env.evaluate(&smiles).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.valid, [true, true, true, false]);
        assert_eq!(e.desired, [false, false, true, false]);
        assert!(e.raw[0][3].is_nan() && e.modified[0][3] == 0.0);
        let r = env.rewards(&smiles, &e).unwrap_or_else(|e| panic!("{e}"));
        // Rings are missed by 3 of 4, QED by none: weights 0.76/0.77 and 0.01/0.77.
        let expected = |i: usize| (0.01 * e.modified[0][i] + 0.76 * e.modified[1][i]) / 0.77;
        for (i, reward) in r.iter().enumerate().take(3) {
            assert!((reward - expected(i)).abs() < 1e-12, "{i}: {r:?}");
        }
        assert_eq!(r[3], 0.0);
    }

    #[test]
    fn environments_reject_no_objectives_duplicates_and_bad_modifiers() {
        let qed = || Objective {
            scorer: Arc::new(Property::Qed),
            modifier: None,
            threshold: 0.5,
        };
        assert!(Environment::new(vec![], RewardScheme::WeightedSum).is_err());
        assert!(Environment::new(vec![qed(), qed()], RewardScheme::WeightedSum).is_err());
        let bad = Objective {
            modifier: Some(Modifier::Clipped {
                lower: 1.0,
                upper: 0.0,
                low: 0.0,
                high: 1.0,
            }),
            ..qed()
        };
        let err = Environment::new(vec![bad], RewardScheme::ParetoCrowding)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("lower")));
    }

    #[test]
    fn similarity_ranking_rewards_the_distinct_member_of_a_front() {
        let env = Environment::new(
            vec![Objective {
                scorer: Arc::new(Property::HeavyAtoms),
                modifier: Some(Modifier::Clipped {
                    lower: 0.0,
                    upper: 1.0,
                    low: 0.0,
                    high: 1.0,
                }),
                threshold: 0.5,
            }],
            RewardScheme::ParetoSimilarity,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // All three saturate the modifier, so they form one front: the two near-identical
        // chains are less distinct than the aromatic ring.
        let smiles: Vec<String> = ["CCCCCCCCO", "CCCCCCCCCO", "c1ccncc1"]
            .map(String::from)
            .to_vec();
        let e = env.evaluate(&smiles).unwrap_or_else(|e| panic!("{e}"));
        let r = env.rewards(&smiles, &e).unwrap_or_else(|e| panic!("{e}"));
        assert!(r[2] > r[0] && r[2] > r[1], "{r:?}");
    }
}
