//! Per-type statistics of an activity set.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use crate::store::ActivityRow;

/// One bar of a histogram: values in `[from, to)` (the last bar includes `to`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub count: usize,
}

/// Statistics of the activities of one type.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TypeSummary {
    #[serde(rename = "type")]
    pub kind: String,
    /// Distinct molecules with at least one value.
    pub molecules: usize,
    pub measurements: usize,
    /// Measurements with a relation other than `=` or `~` (`< 5`, `> 10000` …): bounds, not
    /// values, which a QSAR build leaves out unless told otherwise.
    pub censored: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    /// Every unit the values were given in (empty for unitless values).
    pub units: Vec<String>,
    pub histogram: Vec<Bin>,
}

/// Summaries per activity type, in type order, with `bins` histogram bars.
pub fn summarize(activities: &[ActivityRow], bins: usize) -> Vec<TypeSummary> {
    let mut by_type: BTreeMap<&str, Vec<&ActivityRow>> = BTreeMap::new();
    for a in activities {
        by_type.entry(&a.kind).or_default().push(a);
    }
    by_type
        .into_iter()
        .map(|(kind, rows)| {
            let mut values: Vec<f64> = rows.iter().map(|a| a.value).collect();
            values.sort_by(f64::total_cmp);
            let n = values.len();
            let median = if n % 2 == 1 {
                values[n / 2]
            } else {
                (values[n / 2 - 1] + values[n / 2]) / 2.0
            };
            TypeSummary {
                kind: kind.to_owned(),
                molecules: rows
                    .iter()
                    .map(|a| a.molecule_id)
                    .collect::<HashSet<_>>()
                    .len(),
                measurements: n,
                censored: rows
                    .iter()
                    .filter(|a| !matches!(a.relation.as_deref(), None | Some("=" | "~")))
                    .count(),
                min: values[0],
                max: values[n - 1],
                mean: values.iter().sum::<f64>() / n as f64,
                median,
                units: rows
                    .iter()
                    .filter_map(|a| a.units.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                histogram: histogram(&values, bins.max(1)),
            }
        })
        .collect()
}

fn histogram(sorted: &[f64], bins: usize) -> Vec<Bin> {
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    if min == max {
        return vec![Bin {
            from: min,
            to: max,
            count: sorted.len(),
        }];
    }
    let width = (max - min) / bins as f64;
    let mut counts = vec![0usize; bins];
    for v in sorted {
        let i = (((v - min) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| Bin {
            from: min + width * i as f64,
            to: if i + 1 == bins {
                max
            } else {
                min + width * (i + 1) as f64
            },
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(molecule: i64, kind: &str, value: f64, units: Option<&str>) -> ActivityRow {
        ActivityRow::measured(molecule, kind, value, units)
    }

    #[test]
    fn statistics_per_type() {
        let censored = |relation: &str| ActivityRow {
            relation: Some(relation.into()),
            ..row(3, "IC50", 10.0, Some("nM"))
        };
        let rows = vec![
            row(1, "pIC50", 5.0, None),
            row(1, "pIC50", 7.0, None),
            row(2, "pIC50", 9.0, None),
            censored("="),
            censored(">"),
            censored("<="),
        ];
        let summary = summarize(&rows, 4);
        assert_eq!(summary.len(), 2);
        let p = &summary[1];
        assert_eq!(
            (p.kind.as_str(), p.molecules, p.measurements, p.censored),
            ("pIC50", 2, 3, 0)
        );
        assert_eq!((summary[0].measurements, summary[0].censored), (3, 2));
        assert_eq!((p.min, p.max, p.mean, p.median), (5.0, 9.0, 7.0, 7.0));
        let counts: Vec<usize> = p.histogram.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![1, 0, 1, 1]);
        assert_eq!(p.histogram[3].to, 9.0);
        assert_eq!(summary[0].units, vec!["nM".to_owned()]);
        assert_eq!(summary[0].histogram.len(), 1);
    }
}
