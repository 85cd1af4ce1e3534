//! Repeated measurements of one molecule become one value, before any split
//! (so that no measurement of a test molecule can leak into training).

use std::collections::BTreeMap;

use crate::MlError;
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

/// One value per key (molecule), keys in ascending order.
pub fn aggregate<K: Ord + Copy>(values: &[(K, f64)], how: Aggregation) -> Vec<(K, f64)> {
    let mut by_key: BTreeMap<K, Vec<f64>> = BTreeMap::new();
    for &(k, v) in values {
        by_key.entry(k).or_default().push(v);
    }
    by_key
        .into_iter()
        .map(|(k, mut v)| {
            let value = match how {
                Aggregation::Mean => v.iter().sum::<f64>() / v.len() as f64,
                Aggregation::Median => {
                    v.sort_by(f64::total_cmp);
                    let n = v.len();
                    if n % 2 == 1 {
                        v[n / 2]
                    } else {
                        (v[n / 2 - 1] + v[n / 2]) / 2.0
                    }
                }
            };
            (k, value)
        })
        .collect()
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

    #[test]
    fn repeats_are_combined_per_molecule() {
        let values = [(2, 5.0), (1, 7.0), (2, 6.0), (2, 9.0), (1, 8.0)];
        assert_eq!(
            aggregate(&values, Aggregation::Median),
            vec![(1, 7.5), (2, 6.0)]
        );
        assert_eq!(
            aggregate(&values, Aggregation::Mean),
            vec![(1, 7.5), (2, 20.0 / 3.0)]
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
}
