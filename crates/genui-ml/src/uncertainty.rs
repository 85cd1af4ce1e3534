//! How sure a prediction is, learnt from the cross-validation's out-of-fold predictions (no
//! extra data): conformal intervals for regression and calibrated probabilities for
//! classification, and the figures that show whether they hold on the held-out test set.
//!
//! Regression intervals are Mondrian conformal by applicability: the out-of-fold absolute
//! errors are grouped by how similar each molecule was to its fold's training part, so a
//! molecule far from the training set gets the wider interval its neighbours in similarity
//! earned. Probabilities are calibrated by isotonic regression (pool-adjacent-violators).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// A training molecule's out-of-fold prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutOfFold {
    pub observed: f64,
    pub predicted: f64,
    /// Highest Tanimoto similarity to the fold's training part.
    pub similarity: f64,
}

/// Molecules per similarity group at least (fewer: one group).
const GROUP_SIZE: usize = 100;
/// Similarity groups at most.
const GROUPS: usize = 3;

/// The absolute errors of one similarity group, ascending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorGroup {
    /// The group holds molecules at least this similar to the training set (the first: all).
    pub from_similarity: f64,
    pub errors: Vec<f64>,
}

/// What regression intervals are made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intervals {
    /// By ascending `from_similarity`.
    pub groups: Vec<ErrorGroup>,
}

impl Intervals {
    pub fn fit(out_of_fold: &[OutOfFold]) -> Self {
        let mut sorted = out_of_fold.to_vec();
        sorted.sort_by(|a, b| a.similarity.total_cmp(&b.similarity));
        let n_groups = (sorted.len() / GROUP_SIZE).clamp(1, GROUPS);
        let groups = (0..n_groups)
            .map(|g| {
                let part = &sorted[g * sorted.len() / n_groups..(g + 1) * sorted.len() / n_groups];
                let mut errors: Vec<f64> = part
                    .iter()
                    .map(|o| (o.observed - o.predicted).abs())
                    .collect();
                errors.sort_by(f64::total_cmp);
                ErrorGroup {
                    from_similarity: if g == 0 { 0.0 } else { part[0].similarity },
                    errors,
                }
            })
            .collect();
        Self { groups }
    }

    /// Whether a file's intervals are what [`Intervals::fit`] makes: groups by ascending
    /// similarity in [0, 1], each of ascending finite errors.
    pub fn is_valid(&self) -> bool {
        let ascending = |v: &[f64]| v.windows(2).all(|w| w[0] <= w[1]);
        let bounds: Vec<f64> = self.groups.iter().map(|g| g.from_similarity).collect();
        !self.groups.is_empty()
            && ascending(&bounds)
            && bounds.iter().all(|b| (0.0..=1.0).contains(b))
            && self.groups.iter().all(|g| {
                !g.errors.is_empty()
                    && ascending(&g.errors)
                    && g.errors.iter().all(|e| e.is_finite() && *e >= 0.0)
            })
    }

    /// Half the width of the interval at `confidence` for a molecule of this similarity to
    /// the training set: the conformal quantile ⌈(m + 1) · confidence⌉ of its group's m
    /// errors; `None` when the group is too small for that confidence (an unbounded interval).
    pub fn half_width(&self, similarity: f64, confidence: f64) -> Option<f64> {
        let group = self
            .groups
            .iter()
            .rev()
            .find(|g| similarity >= g.from_similarity)
            .or(self.groups.first())?;
        let m = group.errors.len();
        let rank = ((m + 1) as f64 * confidence).ceil() as usize;
        (1..=m).contains(&rank).then(|| group.errors[rank - 1])
    }
}

/// A monotone map from a classifier's score to the observed frequency of actives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Ascending scores and the probabilities they map to (interpolated between them).
    pub scores: Vec<f64>,
    pub probabilities: Vec<f64>,
}

impl Calibration {
    /// Isotonic regression of out-of-fold labels (observed: 0 or 1) on their scores
    /// (predicted).
    pub fn fit(out_of_fold: &[OutOfFold]) -> Self {
        let mut sorted = out_of_fold.to_vec();
        sorted.sort_by(|a, b| a.predicted.total_cmp(&b.predicted));
        // Blocks of (score sum, label sum, count), merged while they decrease.
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for o in sorted {
            blocks.push((o.predicted, o.observed, 1.0));
            while blocks.len() > 1 {
                let (s, l, c) = blocks[blocks.len() - 1];
                let (ps, pl, pc) = blocks[blocks.len() - 2];
                if pl / pc < l / c {
                    break;
                }
                blocks.pop();
                *blocks.last_mut().expect("two blocks") = (ps + s, pl + l, pc + c);
            }
        }
        Self {
            scores: blocks.iter().map(|b| b.0 / b.2).collect(),
            probabilities: blocks.iter().map(|b| b.1 / b.2).collect(),
        }
    }

    /// Whether a file's calibration is monotone: ascending finite scores, ascending
    /// probabilities in [0, 1], as many of each.
    pub fn is_valid(&self) -> bool {
        let ascending = |v: &[f64]| v.windows(2).all(|w| w[0] <= w[1]);
        !self.scores.is_empty()
            && self.scores.len() == self.probabilities.len()
            && ascending(&self.scores)
            && ascending(&self.probabilities)
            && self.scores.iter().all(|s| s.is_finite())
            && self.probabilities.iter().all(|p| (0.0..=1.0).contains(p))
    }

    /// The calibrated probability of a score.
    pub fn probability(&self, score: f64) -> f64 {
        let (xs, ys) = (&self.scores, &self.probabilities);
        let Some(last) = xs.len().checked_sub(1) else {
            return score;
        };
        let at = xs.partition_point(|&x| x <= score);
        if at == 0 {
            ys[0]
        } else if at > last {
            ys[last]
        } else {
            let (x0, x1, y0, y1) = (xs[at - 1], xs[at], ys[at - 1], ys[at]);
            y0 + (y1 - y0) * (score - x0) / (x1 - x0)
        }
    }
}

/// What a model knows of its own uncertainty, kept in its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncertainty {
    Intervals(Intervals),
    Calibration(Calibration),
}

/// Confidence levels the build reports on.
pub const REPORTED_CONFIDENCE: [f64; 3] = [0.8, 0.9, 0.95];

/// How the intervals at one confidence did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IntervalReport {
    pub confidence: f64,
    /// Share of each fold's molecules inside the intervals the other folds' errors give;
    /// close to `confidence` when the intervals can be trusted.
    pub cross_validation_coverage: f64,
    /// Share of the test molecules inside their interval (none without a test set).
    pub test_coverage: Option<f64>,
    /// The interval's half width per similarity group (`null`: unbounded, too few molecules).
    pub half_widths: Vec<Option<f64>>,
}

/// One similarity group of the intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupReport {
    pub from_similarity: f64,
    pub molecules: usize,
}

/// The regression intervals' groups and coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IntervalsReport {
    pub groups: Vec<GroupReport>,
    pub levels: Vec<IntervalReport>,
}

/// One bar of a reliability diagram: predictions in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReliabilityBin {
    pub from: f64,
    pub to: f64,
    pub molecules: usize,
    pub mean_predicted: Option<f64>,
    /// Share of actives among them.
    pub observed: Option<f64>,
}

/// How well probabilities match frequencies on some molecules, before and after calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalibrationFigures {
    pub molecules: usize,
    pub brier: f64,
    pub brier_uncalibrated: f64,
    /// Expected calibration error over 10 equal bins.
    pub ece: f64,
    pub ece_uncalibrated: f64,
    /// The calibration error perfectly calibrated probabilities would still show on this many
    /// molecules (the mean over simulated outcomes): a smaller difference is noise.
    pub ece_if_calibrated: f64,
    /// Of the calibrated probabilities.
    pub reliability: Vec<ReliabilityBin>,
}

/// How far the calibrated probabilities can be trusted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalibrationReport {
    /// Each fold calibrated on the other folds alone.
    pub cross_validation: CalibrationFigures,
    /// Calibrated on the whole cross-validation, judged on the held-out test set (none without
    /// a test set).
    pub test: Option<CalibrationFigures>,
}

/// What the build reports of its uncertainty estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UncertaintyReport {
    Intervals(IntervalsReport),
    Calibration(CalibrationReport),
}

/// Each fold's molecules with what `fit` makes of the other folds' out-of-fold predictions,
/// so that a figure on the cross-validation never judges molecules it was fitted to.
fn by_the_other_folds<T>(
    folds: &[Vec<OutOfFold>],
    fit: impl Fn(&[OutOfFold]) -> T,
) -> impl Iterator<Item = (T, &[OutOfFold])> {
    folds.iter().enumerate().map(move |(k, fold)| {
        let others: Vec<OutOfFold> = folds
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        (fit(&others), fold.as_slice())
    })
}

/// Share of `molecules` inside their interval at `confidence`.
fn coverage(intervals: &Intervals, molecules: &[OutOfFold], confidence: f64) -> usize {
    molecules
        .iter()
        .filter(|t| {
            intervals
                .half_width(t.similarity, confidence)
                .is_none_or(|h| (t.observed - t.predicted).abs() <= h)
        })
        .count()
}

/// The intervals' widths, and their coverage on the cross-validation (`folds`: the
/// out-of-fold predictions `intervals` was fitted to, fold by fold) and on the test molecules.
pub fn intervals_report(
    intervals: &Intervals,
    folds: &[Vec<OutOfFold>],
    test: &[OutOfFold],
) -> IntervalsReport {
    let cross_validated: Vec<(Intervals, &[OutOfFold])> =
        by_the_other_folds(folds, Intervals::fit).collect();
    let cross_validated_molecules: usize = folds.iter().map(Vec::len).sum();
    let levels = REPORTED_CONFIDENCE
        .iter()
        .map(|&confidence| {
            let covered: usize = cross_validated
                .iter()
                .map(|(intervals, fold)| coverage(intervals, fold, confidence))
                .sum();
            IntervalReport {
                confidence,
                cross_validation_coverage: covered as f64 / cross_validated_molecules.max(1) as f64,
                test_coverage: (!test.is_empty())
                    .then(|| coverage(intervals, test, confidence) as f64 / test.len() as f64),
                half_widths: intervals
                    .groups
                    .iter()
                    .map(|g| intervals.half_width(g.from_similarity, confidence))
                    .collect(),
            }
        })
        .collect();
    IntervalsReport {
        groups: intervals
            .groups
            .iter()
            .map(|g| GroupReport {
                from_similarity: g.from_similarity,
                molecules: g.errors.len(),
            })
            .collect(),
        levels,
    }
}

/// Brier score, expected calibration error and reliability bins of probabilities.
fn reliability(probabilities: &[f64], labels: &[f64]) -> (f64, f64, Vec<ReliabilityBin>) {
    let n = probabilities.len().max(1) as f64;
    let brier = probabilities
        .iter()
        .zip(labels)
        .map(|(p, y)| (p - y).powi(2))
        .sum::<f64>()
        / n;
    let mut bins: Vec<(usize, f64, f64)> = vec![(0, 0.0, 0.0); 10];
    for (&p, &y) in probabilities.iter().zip(labels) {
        let bin = &mut bins[((p * 10.0) as usize).min(9)];
        *bin = (bin.0 + 1, bin.1 + p, bin.2 + y);
    }
    let ece = bins
        .iter()
        .map(|&(count, p, y)| (p - y).abs() / n * f64::from(u8::from(count > 0)))
        .sum();
    let bars = bins
        .iter()
        .enumerate()
        .map(|(i, &(count, p, y))| ReliabilityBin {
            from: i as f64 / 10.0,
            to: (i + 1) as f64 / 10.0,
            molecules: count,
            mean_predicted: (count > 0).then(|| p / count as f64),
            observed: (count > 0).then(|| y / count as f64),
        })
        .collect();
    (brier, ece, bars)
}

/// Simulated outcomes behind [`CalibrationFigures::ece_if_calibrated`].
const SIMULATED_OUTCOMES: usize = 200;

/// The mean calibration error of outcomes drawn from `probabilities` themselves (seeded, so a
/// report is reproducible).
fn ece_if_calibrated(probabilities: &[f64]) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let mut outcomes = vec![0.0; probabilities.len()];
    let total: f64 = (0..SIMULATED_OUTCOMES)
        .map(|_| {
            for (outcome, &p) in outcomes.iter_mut().zip(probabilities) {
                *outcome = f64::from(u8::from(rng.gen::<f64>() < p));
            }
            reliability(probabilities, &outcomes).1
        })
        .sum();
    total / SIMULATED_OUTCOMES as f64
}

/// The figures of molecules (observed: 0 or 1, predicted: the model's score) whose scores
/// were calibrated into `calibrated`.
pub fn calibration_figures(molecules: &[OutOfFold], calibrated: &[f64]) -> CalibrationFigures {
    let (labels, scores): (Vec<f64>, Vec<f64>) =
        molecules.iter().map(|o| (o.observed, o.predicted)).unzip();
    let (brier, ece, reliability) = reliability(calibrated, &labels);
    let (brier_uncalibrated, ece_uncalibrated, _) = self::reliability(&scores, &labels);
    CalibrationFigures {
        molecules: molecules.len(),
        brier,
        brier_uncalibrated,
        ece,
        ece_uncalibrated,
        ece_if_calibrated: ece_if_calibrated(calibrated),
        reliability,
    }
}

/// How `calibration` (fitted to the out-of-fold predictions `folds`) does on the
/// cross-validation, each fold calibrated by the others, and on the test molecules.
pub fn calibration_report(
    calibration: &Calibration,
    folds: &[Vec<OutOfFold>],
    test: &[OutOfFold],
) -> CalibrationReport {
    let (mut molecules, mut calibrated) = (Vec::new(), Vec::new());
    for (calibration, fold) in by_the_other_folds(folds, Calibration::fit) {
        calibrated.extend(fold.iter().map(|o| calibration.probability(o.predicted)));
        molecules.extend_from_slice(fold);
    }
    let test_calibrated: Vec<f64> = test
        .iter()
        .map(|o| calibration.probability(o.predicted))
        .collect();
    CalibrationReport {
        cross_validation: calibration_figures(&molecules, &calibrated),
        test: (!test.is_empty()).then(|| calibration_figures(test, &test_calibrated)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded stream of uniform numbers in [0, 1).
    fn uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Errors whose spread grows as similarity falls (as real models' do).
    fn molecules(n: usize, seed: u64) -> Vec<OutOfFold> {
        let mut next = uniform(seed);
        (0..n)
            .map(|_| {
                let similarity = next();
                let spread = 2.0 - 1.5 * similarity;
                // A difference of two uniforms: a triangular error of this spread.
                let error = spread * (next() - next());
                OutOfFold {
                    observed: 6.0 + error,
                    predicted: 6.0,
                    similarity,
                }
            })
            .collect()
    }

    #[test]
    fn intervals_cover_new_molecules_at_their_confidence_and_widen_far_from_the_data() {
        let folds: Vec<Vec<OutOfFold>> = (0..5).map(|k| molecules(600, 10 + k)).collect();
        let intervals = Intervals::fit(&folds.concat());
        assert_eq!(intervals.groups.len(), 3);
        let report = intervals_report(&intervals, &folds, &molecules(5000, 2));
        for level in &report.levels {
            let coverage = level.test_coverage.expect("a test set");
            assert!(
                (coverage - level.confidence).abs() < 0.02,
                "{coverage} at {}",
                level.confidence
            );
            assert!(
                (level.cross_validation_coverage - level.confidence).abs() < 0.03,
                "{} on the folds at {}",
                level.cross_validation_coverage,
                level.confidence
            );
            let widths: Vec<f64> = level
                .half_widths
                .iter()
                .map(|w| w.expect("bounded"))
                .collect();
            assert!(widths[0] > widths[1] && widths[1] > widths[2], "{widths:?}");
        }
        assert_eq!(
            report.groups.iter().map(|g| g.molecules).sum::<usize>(),
            3000
        );
    }

    #[test]
    fn a_small_group_gives_an_unbounded_interval_at_high_confidence() {
        let intervals = Intervals::fit(&molecules(15, 3));
        assert_eq!(intervals.groups.len(), 1);
        assert!(intervals.half_width(0.5, 0.9).is_some(), "rank 15 of 15");
        assert_eq!(intervals.half_width(0.5, 0.95), None, "rank 16 of 15");
    }

    #[test]
    fn isotonic_calibration_turns_overconfident_scores_into_frequencies() {
        // Scores pushed towards 0 and 1 although the true probability is milder.
        let mut next = uniform(4);
        let mut data = |n: usize| -> (Vec<f64>, Vec<f64>) {
            (0..n)
                .map(|_| {
                    let p = next();
                    let score = if p > 0.5 {
                        0.5 + (p - 0.5).sqrt() / 1.5
                    } else {
                        0.5 - (0.5 - p).sqrt() / 1.5
                    };
                    (score, f64::from(u8::from(next() < p)))
                })
                .unzip()
        };
        let mut out_of_fold = |n: usize| -> Vec<OutOfFold> {
            let (scores, labels) = data(n);
            scores
                .iter()
                .zip(labels)
                .map(|(&predicted, observed)| OutOfFold {
                    observed,
                    predicted,
                    similarity: 1.0,
                })
                .collect()
        };
        let folds: Vec<Vec<OutOfFold>> = (0..4).map(|_| out_of_fold(1000)).collect();
        let calibration = Calibration::fit(&folds.concat());
        assert!(
            calibration.probabilities.windows(2).all(|w| w[0] <= w[1]),
            "monotone"
        );
        let report = calibration_report(&calibration, &folds, &out_of_fold(4000));
        for figures in [
            &report.cross_validation,
            report.test.as_ref().expect("test"),
        ] {
            assert!(figures.ece < 0.035, "{figures:?}");
            // What chance alone gives on 4,000 molecules, and about what calibrated scores show.
            assert!(
                (0.005..0.03).contains(&figures.ece_if_calibrated),
                "{figures:?}"
            );
            assert!(
                figures.ece < figures.ece_if_calibrated + 0.015,
                "{figures:?}"
            );
            assert!(figures.ece_uncalibrated > 0.05, "{figures:?}");
            assert!(figures.brier < figures.brier_uncalibrated);
            assert_eq!(
                figures
                    .reliability
                    .iter()
                    .map(|b| b.molecules)
                    .sum::<usize>(),
                4000
            );
        }
    }

    #[test]
    fn calibration_interpolates_between_blocks_and_holds_at_the_ends() {
        let labelled =
            [(0.1, 0.0), (0.2, 1.0), (0.8, 0.0), (0.9, 1.0)].map(|(score, label)| OutOfFold {
                observed: label,
                predicted: score,
                similarity: 1.0,
            });
        let calibration = Calibration::fit(&labelled);
        // 0.2 > 0.8 in labels violates order: the middle two pool to 0.5.
        assert_eq!(calibration.probabilities, vec![0.0, 0.5, 1.0]);
        assert_eq!(calibration.probability(0.0), 0.0);
        assert_eq!(calibration.probability(0.5), 0.5);
        assert!((calibration.probability(0.3) - 0.25).abs() < 1e-12);
        assert_eq!(calibration.probability(1.0), 1.0);
        assert!(calibration.is_valid());
        let forged = Calibration {
            scores: vec![0.1, 0.9],
            probabilities: vec![0.9, 0.1],
        };
        assert!(!forged.is_valid(), "a decreasing map");
    }

    #[test]
    fn forged_intervals_are_told_apart() {
        let mut intervals = Intervals::fit(&molecules(300, 5));
        assert!(intervals.is_valid());
        intervals.groups[1].errors[0] = f64::NAN;
        assert!(!intervals.is_valid());
        intervals.groups.clear();
        assert!(!intervals.is_valid());
    }
}
