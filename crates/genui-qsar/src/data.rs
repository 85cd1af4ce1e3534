//! Bit-packed binary feature matrices (fingerprints as model input).

use serde::{Deserialize, Serialize};

/// Rows of binary features, 64 per word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BitMatrix {
    n_features: usize,
    words_per_row: usize,
    words: Vec<u64>,
}

impl BitMatrix {
    /// A matrix from each row's set features.
    pub fn from_rows<R: IntoIterator<Item = u32>>(
        n_features: usize,
        rows: impl IntoIterator<Item = R>,
    ) -> Result<Self, String> {
        let words_per_row = n_features.div_ceil(64);
        let mut words = Vec::new();
        for row in rows {
            let start = words.len();
            words.resize(start + words_per_row, 0u64);
            for f in row {
                let f = f as usize;
                if f >= n_features {
                    return Err(format!("feature {f} is outside 0..{n_features}"));
                }
                words[start + f / 64] |= 1 << (f % 64);
            }
        }
        Ok(Self {
            n_features,
            words_per_row,
            words,
        })
    }

    /// A matrix from packed rows (each `n_features.div_ceil(64)` words, as a
    /// fingerprint's words); bits past `n_features` must be clear.
    pub fn from_words(n_features: usize, rows: &[&[u64]]) -> Result<Self, String> {
        let words_per_row = n_features.div_ceil(64);
        let mut words = Vec::with_capacity(rows.len() * words_per_row);
        for row in rows {
            if row.len() != words_per_row {
                return Err(format!(
                    "a row has {} words, {n_features} features need {words_per_row}",
                    row.len()
                ));
            }
            words.extend_from_slice(row);
        }
        Ok(Self {
            n_features,
            words_per_row,
            words,
        })
    }

    pub fn rows(&self) -> usize {
        self.words
            .len()
            .checked_div(self.words_per_row)
            .unwrap_or(0)
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }

    pub fn row(&self, i: usize) -> &[u64] {
        &self.words[i * self.words_per_row..(i + 1) * self.words_per_row]
    }

    pub fn get(&self, i: usize, feature: usize) -> bool {
        self.row(i)[feature / 64] >> (feature % 64) & 1 == 1
    }

    /// For each row of `queries`, its highest Tanimoto similarity to a row of
    /// this matrix (0 when this matrix is empty): how close a molecule is to
    /// a model's training set.
    pub fn max_similarity(&self, queries: &BitMatrix) -> Vec<f64> {
        use rayon::prelude::*;
        let counts: Vec<u32> = (0..self.rows())
            .map(|i| self.row(i).iter().map(|w| w.count_ones()).sum())
            .collect();
        (0..queries.rows())
            .into_par_iter()
            .map(|q| {
                let query = queries.row(q);
                let query_count: u32 = query.iter().map(|w| w.count_ones()).sum();
                (0..self.rows())
                    .map(|i| {
                        let both: u32 = self
                            .row(i)
                            .iter()
                            .zip(query)
                            .map(|(a, b)| (a & b).count_ones())
                            .sum();
                        let either = counts[i] + query_count - both;
                        if either == 0 {
                            1.0
                        } else {
                            f64::from(both) / f64::from(either)
                        }
                    })
                    .fold(0.0, f64::max)
            })
            .collect()
    }

    /// The rows at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Self {
        let mut words = Vec::with_capacity(indices.len() * self.words_per_row);
        for &i in indices {
            words.extend_from_slice(self.row(i));
        }
        Self {
            n_features: self.n_features,
            words_per_row: self.words_per_row,
            words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_and_select() {
        let m = BitMatrix::from_rows(130, [vec![0u32, 64, 129], vec![5]]).expect("matrix");
        assert_eq!((m.rows(), m.n_features()), (2, 130));
        assert!(m.get(0, 129) && m.get(0, 64) && !m.get(0, 5) && m.get(1, 5));
        let s = m.select(&[1, 1, 0]);
        assert_eq!(s.rows(), 3);
        assert_eq!(s.row(2), m.row(0));
        assert!(BitMatrix::from_rows(10, [vec![10u32]]).is_err());
        let words = BitMatrix::from_words(130, &[m.row(0)]).expect("words");
        assert_eq!(words.row(0), m.row(0));
        assert!(BitMatrix::from_words(64, &[m.row(0)]).is_err());
        let similarity =
            m.max_similarity(&BitMatrix::from_rows(130, [vec![5u32], vec![0, 64]]).expect("q"));
        assert_eq!(similarity, vec![1.0, 2.0 / 3.0]);
    }
}
