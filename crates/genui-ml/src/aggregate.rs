//! One training target per molecule from its measurements, before any split (so that no
//! measurement of a test molecule can leak into training): repeats are combined, and censored
//! values ("pKi < 5": below 5, exact value unknown) are used or left out by the build's rule.

use std::collections::BTreeMap;

use crate::model::ActiveWhen;
use crate::{MlError, Mode};
use serde::{Deserialize, Serialize};

/// How repeated values are combined.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Median,
    Mean,
}

impl Aggregation {
    fn combine(self, mut values: Vec<f64>) -> f64 {
        match self {
            Self::Mean => values.iter().sum::<f64>() / values.len() as f64,
            Self::Median => {
                values.sort_by(f64::total_cmp);
                let n = values.len();
                if n % 2 == 1 {
                    values[n / 2]
                } else {
                    (values[n / 2 - 1] + values[n / 2]) / 2.0
                }
            }
        }
    }
}

/// What a censored measurement is used for.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CensoredRule {
    /// Only exact values are learnt from; censored ones are left out (the default).
    #[default]
    Exclude,
    /// Censored values are taken as exact (`< 5` as 5), as most tools silently do: biased
    /// towards the bound, offered to compare with them.
    AsExact,
    /// Classification: a censored value gives the class when its bound decides it (`< 5` with
    /// threshold 6.5 and actives ≥ 6.5 → inactive) and is left out when it does not (`> 5`).
    /// Regression: the molecule is learnt with an estimate that respects the bound — the
    /// model's own prediction, moved onto the bound where it lies on the wrong side.
    Bounds,
}

/// How a measured value relates to the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `=` (also `~`, approximately, and no relation at all).
    Exact,
    /// `<`: the true value is below.
    Below,
    /// `<=`
    AtMost,
    /// `>`
    Above,
    /// `>=`
    AtLeast,
    /// A relation the engine does not know: never taken as exact unless asked to.
    Unknown,
}

impl Relation {
    /// From a stored relation text.
    pub fn from_stored(text: Option<&str>) -> Self {
        match text.map(str::trim) {
            None | Some("" | "=" | "==" | "~") => Self::Exact,
            Some("<" | "<<") => Self::Below,
            Some("<=") => Self::AtMost,
            Some(">" | ">>") => Self::Above,
            Some(">=") => Self::AtLeast,
            Some(_) => Self::Unknown,
        }
    }

    /// Whether every value this relation allows for `bound` is on the same side of the
    /// threshold, and which: `Some(active)`, or `None` when the bound does not decide.
    fn decides(self, bound: f64, threshold: f64, active_when: ActiveWhen) -> Option<bool> {
        let (below, strict) = match self {
            Self::Below => (true, true),
            Self::AtMost => (true, false),
            Self::Above => (false, true),
            Self::AtLeast => (false, false),
            Self::Exact | Self::Unknown => return None,
        };
        // All allowed values lie below the threshold (or at most on it)…
        let all_below = bound < threshold || (strict && bound == threshold);
        let all_at_most = bound <= threshold;
        // …or above it (or at least on it).
        let all_above = bound > threshold || (strict && bound == threshold);
        let all_at_least = bound >= threshold;
        match (below, active_when) {
            (true, ActiveWhen::AtLeast) => all_below.then_some(false),
            (true, ActiveWhen::AtMost) => all_at_most.then_some(true),
            (false, ActiveWhen::AtLeast) => all_at_least.then_some(true),
            (false, ActiveWhen::AtMost) => all_above.then_some(false),
        }
    }
}

/// One measurement of a molecule (`key`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement<K> {
    pub key: K,
    pub value: f64,
    pub relation: Relation,
}

/// What a model learns for one molecule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A value (classification thresholds it).
    Value(f64),
    /// Regression: the true value is at most this bound.
    AtMost(f64),
    /// Regression: the true value is at least this bound.
    AtLeast(f64),
    /// Classification: a class decided by a censored value's bound.
    Class(bool),
}

impl Target {
    /// The value to learn at first (a bound stands in for its value until the model
    /// estimates one).
    pub fn value(self) -> f64 {
        match self {
            Self::Value(v) | Self::AtMost(v) | Self::AtLeast(v) => v,
            Self::Class(active) => f64::from(u8::from(active)),
        }
    }

    /// Whether the value is known (not a bound), so that a prediction can be scored.
    pub fn is_exact(self) -> bool {
        matches!(self, Self::Value(_) | Self::Class(_))
    }

    /// The closest value to `estimate` that this target allows.
    pub fn respect(self, estimate: f64) -> f64 {
        match self {
            Self::AtMost(bound) => estimate.min(bound),
            Self::AtLeast(bound) => estimate.max(bound),
            Self::Value(_) | Self::Class(_) => self.value(),
        }
    }
}

/// How many measurements a build used, and how.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct DataReport {
    pub rule: CensoredRule,
    /// Measurements of the activity type.
    pub measurements: usize,
    /// Exact measurements used.
    pub exact: usize,
    /// Censored measurements used (as exact values, as classes or as bounds, by the rule).
    pub censored_used: usize,
    /// Censored measurements left out: by the rule, because the bound does not decide the
    /// class, because the molecule has exact values, or because its bounds contradict.
    pub censored_left_out: usize,
    /// Molecules measured only by left-out values (not in the model).
    pub molecules_left_out: usize,
}

/// The molecules (ascending keys) and their targets, with the count of what was used.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared<K> {
    pub keys: Vec<K>,
    pub targets: Vec<Target>,
    pub report: DataReport,
}

/// Classification settings that decide what a censored value means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Classes {
    pub threshold: f64,
    pub active_when: ActiveWhen,
}

/// One target per molecule: its exact values combined (all values with
/// [`CensoredRule::AsExact`]); a molecule with only censored values by the rule.
pub fn prepare<K: Ord + Copy>(
    measurements: &[Measurement<K>],
    how: Aggregation,
    rule: CensoredRule,
    classes: Option<Classes>,
) -> Prepared<K> {
    let mut by_key: BTreeMap<K, Vec<Measurement<K>>> = BTreeMap::new();
    for m in measurements {
        by_key.entry(m.key).or_default().push(*m);
    }
    let mut report = DataReport {
        rule,
        measurements: measurements.len(),
        ..DataReport::default()
    };
    let (mut keys, mut targets) = (Vec::new(), Vec::new());
    for (key, rows) in by_key {
        let (exact, censored): (Vec<&Measurement<K>>, Vec<&Measurement<K>>) =
            rows.iter().partition(|m| m.relation == Relation::Exact);
        let target = if rule == CensoredRule::AsExact {
            report.exact += exact.len();
            report.censored_used += censored.len();
            Some(Target::Value(
                how.combine(rows.iter().map(|m| m.value).collect()),
            ))
        } else if !exact.is_empty() {
            report.exact += exact.len();
            report.censored_left_out += censored.len();
            Some(Target::Value(
                how.combine(exact.iter().map(|m| m.value).collect()),
            ))
        } else {
            let target = match rule {
                CensoredRule::Bounds => censored_target(&censored, classes),
                CensoredRule::Exclude | CensoredRule::AsExact => None,
            };
            match target {
                Some(_) => report.censored_used += censored.len(),
                None => {
                    report.censored_left_out += censored.len();
                    report.molecules_left_out += 1;
                }
            }
            target
        };
        if let Some(target) = target {
            keys.push(key);
            targets.push(target);
        }
    }
    Prepared {
        keys,
        targets,
        report,
    }
}

/// The target of a molecule measured only by censored values, if they agree on one.
fn censored_target<K>(censored: &[&Measurement<K>], classes: Option<Classes>) -> Option<Target> {
    if let Some(Classes {
        threshold,
        active_when,
    }) = classes
    {
        let mut decided = censored
            .iter()
            .map(|m| m.relation.decides(m.value, threshold, active_when));
        let first = decided.next()??;
        return decided
            .all(|d| d == Some(first))
            .then_some(Target::Class(first));
    }
    let below = |r: Relation| matches!(r, Relation::Below | Relation::AtMost);
    let above = |r: Relation| matches!(r, Relation::Above | Relation::AtLeast);
    let values = |side: &dyn Fn(Relation) -> bool| {
        censored
            .iter()
            .filter(|m| side(m.relation))
            .map(|m| m.value)
            .collect::<Vec<f64>>()
    };
    let (upper, lower) = (values(&below), values(&above));
    if upper.len() + lower.len() != censored.len() {
        return None; // an unknown relation
    }
    match (upper.is_empty(), lower.is_empty()) {
        // The tightest bound holds all of them.
        (false, true) => Some(Target::AtMost(upper.into_iter().fold(f64::MAX, f64::min))),
        (true, false) => Some(Target::AtLeast(lower.into_iter().fold(f64::MIN, f64::max))),
        _ => None, // bounds on both sides: an interval, not used
    }
}

/// Whether a mode's targets come from classes (`classes` given) or values.
pub fn classes_of(mode: Mode, threshold: f64, active_when: ActiveWhen) -> Option<Classes> {
    (mode == Mode::Classification).then_some(Classes {
        threshold,
        active_when,
    })
}

/// The one unit all values share, or why they cannot be modelled together.
pub fn common_units(units: &[Option<&str>]) -> Result<Option<String>, MlError> {
    let mut distinct: Vec<Option<&str>> = units.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    match distinct.as_slice() {
        [] => Ok(None),
        [one] => Ok(one.map(str::to_owned)),
        many => Err(MlError::Data(format!(
            "the activities have different units ({}); choose values of one unit",
            many.iter()
                .map(|u| u.unwrap_or("none"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(key: i64, value: f64, relation: &str) -> Measurement<i64> {
        Measurement {
            key,
            value,
            relation: Relation::from_stored(Some(relation)),
        }
    }

    #[test]
    fn repeats_are_combined_per_molecule() {
        let values = [(2, 5.0), (1, 7.0), (2, 6.0), (2, 9.0), (1, 8.0)];
        let rows: Vec<_> = values.iter().map(|&(k, v)| measured(k, v, "=")).collect();
        let targets = |how| prepare(&rows, how, CensoredRule::Exclude, None).targets;
        assert_eq!(
            targets(Aggregation::Median),
            vec![Target::Value(7.5), Target::Value(6.0)]
        );
        assert_eq!(
            targets(Aggregation::Mean),
            vec![Target::Value(7.5), Target::Value(20.0 / 3.0)]
        );
        assert_eq!(
            common_units(&[Some("nM"), Some("nM")]),
            Ok(Some("nM".into()))
        );
        assert_eq!(common_units(&[None, None]), Ok(None));
        assert!(common_units(&[Some("nM"), Some("uM")])
            .expect_err("mixed")
            .to_string()
            .contains("nM, uM"));
    }

    /// Molecule 1 exact (and a censored repeat), 2 below 5, 3 above 5, 4 at most 6.5,
    /// 5 above 8 and at least 9, 6 below 4 and above 3, 7 of an unknown relation.
    fn censored_rows() -> Vec<Measurement<i64>> {
        vec![
            measured(1, 7.0, "="),
            measured(1, 4.0, "<"),
            measured(2, 5.0, "<"),
            measured(3, 5.0, ">"),
            measured(4, 6.5, "<="),
            measured(5, 8.0, ">"),
            measured(5, 9.0, ">="),
            measured(6, 4.0, "<"),
            measured(6, 3.0, ">"),
            measured(7, 5.0, "<>"),
        ]
    }

    #[test]
    fn censored_values_are_left_out_by_default_and_counted() {
        let prepared = prepare(
            &censored_rows(),
            Aggregation::Median,
            CensoredRule::Exclude,
            None,
        );
        assert_eq!(prepared.keys, vec![1]);
        assert_eq!(prepared.targets, vec![Target::Value(7.0)]);
        assert_eq!(
            prepared.report,
            DataReport {
                rule: CensoredRule::Exclude,
                measurements: 10,
                exact: 1,
                censored_used: 0,
                censored_left_out: 9,
                molecules_left_out: 6,
            }
        );
    }

    #[test]
    fn as_exact_takes_every_bound_for_its_value() {
        let prepared = prepare(
            &censored_rows(),
            Aggregation::Median,
            CensoredRule::AsExact,
            None,
        );
        assert_eq!(prepared.keys, (1..=7).collect::<Vec<_>>());
        assert_eq!(prepared.targets[0], Target::Value(5.5), "7 and 4 combined");
        assert_eq!(prepared.report.censored_used, 9);
        assert_eq!(prepared.report.censored_left_out, 0);
    }

    #[test]
    fn bounds_decide_classes_only_where_they_can() {
        let classes = Some(Classes {
            threshold: 6.5,
            active_when: ActiveWhen::AtLeast,
        });
        let prepared = prepare(
            &censored_rows(),
            Aggregation::Median,
            CensoredRule::Bounds,
            classes,
        );
        // 2: below 5 → inactive; 3: above 5 says nothing; 4: ≤ 6.5 may be 6.5 (active);
        // 5: above 8 and ≥ 9 → active; 6: below 4 decides, above 3 does not → left out.
        assert_eq!(prepared.keys, vec![1, 2, 5]);
        assert_eq!(
            prepared.targets,
            vec![
                Target::Value(7.0),
                Target::Class(false),
                Target::Class(true)
            ]
        );
        assert_eq!(prepared.report.censored_used, 3);
        assert_eq!(prepared.report.censored_left_out, 6);
        assert_eq!(prepared.report.molecules_left_out, 4);

        // Raw IC50s: active at most 1,000 nM; "< 500" is active, "> 2,000" inactive.
        let ic50 = [measured(1, 500.0, "<"), measured(2, 2000.0, ">")];
        let classes = Some(Classes {
            threshold: 1000.0,
            active_when: ActiveWhen::AtMost,
        });
        let prepared = prepare(&ic50, Aggregation::Median, CensoredRule::Bounds, classes);
        assert_eq!(
            prepared.targets,
            vec![Target::Class(true), Target::Class(false)]
        );
    }

    #[test]
    fn a_bound_exactly_on_the_threshold_decides_only_when_strict() {
        let at_least = ActiveWhen::AtLeast;
        assert_eq!(Relation::Below.decides(6.5, 6.5, at_least), Some(false));
        assert_eq!(Relation::AtMost.decides(6.5, 6.5, at_least), None);
        assert_eq!(Relation::AtLeast.decides(6.5, 6.5, at_least), Some(true));
        assert_eq!(Relation::Above.decides(6.4, 6.5, at_least), None);
        let at_most = ActiveWhen::AtMost;
        assert_eq!(Relation::AtMost.decides(6.5, 6.5, at_most), Some(true));
        assert_eq!(Relation::Above.decides(6.5, 6.5, at_most), Some(false));
        assert_eq!(Relation::AtLeast.decides(6.5, 6.5, at_most), None);
        assert_eq!(Relation::Exact.decides(1.0, 6.5, at_most), None);
    }

    #[test]
    fn regression_keeps_the_tightest_bound_of_one_side() {
        let prepared = prepare(
            &censored_rows(),
            Aggregation::Median,
            CensoredRule::Bounds,
            None,
        );
        assert_eq!(prepared.keys, vec![1, 2, 3, 4, 5]);
        assert_eq!(
            prepared.targets,
            vec![
                Target::Value(7.0),
                Target::AtMost(5.0),
                Target::AtLeast(5.0),
                Target::AtMost(6.5),
                Target::AtLeast(9.0),
            ]
        );
        assert_eq!(prepared.report.molecules_left_out, 2, "6 (both sides), 7");
        assert_eq!(Target::AtMost(5.0).respect(6.0), 5.0);
        assert_eq!(Target::AtMost(5.0).respect(4.2), 4.2);
        assert_eq!(Target::AtLeast(9.0).respect(8.0), 9.0);
    }
}
