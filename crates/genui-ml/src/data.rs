//! Bit-packed binary feature matrices (fingerprints as model input).

use crate::MlError;
use serde::{Deserialize, Serialize};

/// Rows of binary features, 64 per word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BitMatrix {
    n_features: usize,
    words_per_row: usize,
    /// Kept apart from `words`: a matrix of no features still has rows.
    n_rows: usize,
    words: Vec<u64>,
}

impl BitMatrix {
    /// A matrix from each row's set features.
    pub fn from_rows<R: IntoIterator<Item = u32>>(
        n_features: usize,
        rows: impl IntoIterator<Item = R>,
    ) -> Result<Self, MlError> {
        let words_per_row = n_features.div_ceil(64);
        let mut words = Vec::new();
        let mut n_rows = 0;
        for row in rows {
            n_rows += 1;
            let start = words.len();
            words.resize(start + words_per_row, 0u64);
            for f in row {
                let f = f as usize;
                if f >= n_features {
                    return Err(MlError::Data(format!(
                        "feature {f} is outside 0..{n_features}"
                    )));
                }
                words[start + f / 64] |= 1 << (f % 64);
            }
        }
        Ok(Self {
            n_features,
            words_per_row,
            n_rows,
            words,
        })
    }

    /// A matrix from packed rows (each `n_features.div_ceil(64)` words, as a
    /// fingerprint's words); bits past `n_features` must be clear.
    pub fn from_words(n_features: usize, rows: &[&[u64]]) -> Result<Self, MlError> {
        let words_per_row = n_features.div_ceil(64);
        let mut words = Vec::with_capacity(rows.len() * words_per_row);
        for row in rows {
            if row.len() != words_per_row {
                return Err(MlError::Data(format!(
                    "a row has {} words, {n_features} features need {words_per_row}",
                    row.len()
                )));
            }
            words.extend_from_slice(row);
        }
        Ok(Self {
            n_features,
            words_per_row,
            n_rows: rows.len(),
            words,
        })
    }

    pub fn rows(&self) -> usize {
        self.n_rows
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
            n_rows: indices.len(),
            words,
        }
    }
}

/// Rows of real-valued features, row-major (inputs of the linear models and
/// the RBF kernel).
#[derive(Debug, Clone, PartialEq)]
pub struct DenseMatrix {
    cols: usize,
    data: Vec<f64>,
}

impl DenseMatrix {
    /// A matrix of `cols` columns from row-major `data`.
    pub fn new(cols: usize, data: Vec<f64>) -> Result<Self, MlError> {
        if cols == 0 && !data.is_empty() || cols > 0 && !data.len().is_multiple_of(cols) {
            return Err(MlError::Data(format!(
                "{} values do not make rows of {cols}",
                data.len()
            )));
        }
        Ok(Self { cols, data })
    }

    /// `rows` empty rows of `cols` columns.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self {
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    pub fn rows(&self) -> usize {
        self.data.len().checked_div(self.cols).unwrap_or(0)
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All values, row-major.
    pub fn values(&self) -> &[f64] {
        &self.data
    }

    /// The rows at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Self {
        let mut data = Vec::with_capacity(indices.len() * self.cols);
        for &i in indices {
            data.extend_from_slice(self.row(i));
        }
        Self {
            cols: self.cols,
            data,
        }
    }

    /// `X·w`, one dot product per row (in parallel; each is summed in order,
    /// so the result does not depend on the number of threads).
    pub fn times(&self, w: &[f64]) -> Vec<f64> {
        use rayon::prelude::*;
        (0..self.rows())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| dot(self.row(i), w))
            .collect()
    }

    /// `Xᵀ·r`, summed row after row (deterministic).
    pub fn transpose_times(&self, r: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.cols];
        for (i, &ri) in r.iter().enumerate() {
            if ri != 0.0 {
                for (o, &x) in out.iter_mut().zip(self.row(i)) {
                    *o += ri * x;
                }
            }
        }
        out
    }
}

/// Real rows stored by their non-zero entries (compressed sparse rows):
/// fingerprint columns are mostly zero, so products over them are ~30×
/// cheaper than over the dense rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseMatrix {
    cols: usize,
    offsets: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl SparseMatrix {
    pub fn from_dense(m: &DenseMatrix) -> Self {
        let mut offsets = vec![0];
        let (mut indices, mut values) = (Vec::new(), Vec::new());
        for i in 0..m.rows() {
            for (j, &v) in m.row(i).iter().enumerate() {
                if v != 0.0 {
                    indices.push(j as u32);
                    values.push(v);
                }
            }
            offsets.push(values.len());
        }
        Self {
            cols: m.cols(),
            offsets,
            indices,
            values,
        }
    }

    /// Bits as 0/1 values.
    pub fn from_bits(m: &BitMatrix) -> Self {
        let mut offsets = vec![0];
        let mut indices = Vec::new();
        for i in 0..m.rows() {
            for (w, &word) in m.row(i).iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    indices.push((w * 64) as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
            offsets.push(indices.len());
        }
        Self {
            cols: m.n_features(),
            offsets,
            values: vec![1.0; indices.len()],
            indices,
        }
    }

    pub fn rows(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[i]..self.offsets[i + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// `X·w` (rows in parallel, each summed in order).
    pub fn times(&self, w: &[f64]) -> Vec<f64> {
        use rayon::prelude::*;
        (0..self.rows())
            .into_par_iter()
            .with_min_len(256)
            .map(|i| {
                let (indices, values) = self.row(i);
                indices
                    .iter()
                    .zip(values)
                    .map(|(&j, v)| v * w[j as usize])
                    .sum()
            })
            .collect()
    }

    /// `Xᵀ·r`, summed row after row (deterministic).
    pub fn transpose_times(&self, r: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.cols];
        for (i, &ri) in r.iter().enumerate() {
            let (indices, values) = self.row(i);
            for (&j, v) in indices.iter().zip(values) {
                out[j as usize] += ri * v;
            }
        }
        out
    }

    /// The dot product of row `i` with row `j` of `other`.
    pub fn row_dot(&self, i: usize, other: &SparseMatrix, j: usize) -> f64 {
        let ((ai, av), (bi, bv)) = (self.row(i), other.row(j));
        let (mut x, mut y, mut sum) = (0, 0, 0.0);
        while x < ai.len() && y < bi.len() {
            match ai[x].cmp(&bi[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    sum += av[x] * bv[y];
                    x += 1;
                    y += 1;
                }
            }
        }
        sum
    }

    /// `‖row i‖²`.
    pub fn squared_norm(&self, i: usize) -> f64 {
        self.row(i).1.iter().map(|v| v * v).sum()
    }
}

/// The dot product of two equally long vectors.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
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
        let empty = BitMatrix::from_rows(0, [Vec::<u32>::new(), Vec::new()]).expect("no features");
        assert_eq!(
            empty.select(&[1, 0, 1]).rows(),
            3,
            "rows without features still count"
        );
        let words = BitMatrix::from_words(130, &[m.row(0)]).expect("words");
        assert_eq!(words.row(0), m.row(0));
        assert!(BitMatrix::from_words(64, &[m.row(0)]).is_err());
        let similarity =
            m.max_similarity(&BitMatrix::from_rows(130, [vec![5u32], vec![0, 64]]).expect("q"));
        assert_eq!(similarity, vec![1.0, 2.0 / 3.0]);
    }

    #[test]
    fn dense_products_and_shapes() {
        let m = DenseMatrix::new(2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).expect("matrix");
        assert_eq!((m.rows(), m.cols()), (3, 2));
        assert_eq!(m.times(&[1.0, -1.0]), vec![-1.0, -1.0, -1.0]);
        assert_eq!(m.transpose_times(&[1.0, 0.0, 2.0]), vec![11.0, 14.0]);
        assert_eq!(m.select(&[2, 0]).values(), &[5.0, 6.0, 1.0, 2.0]);
        assert!(DenseMatrix::new(4, vec![1.0; 6]).is_err());
        let sparse = SparseMatrix::from_dense(&m);
        assert_eq!(sparse.times(&[1.0, -1.0]), m.times(&[1.0, -1.0]));
        assert_eq!(sparse.transpose_times(&[1.0, 0.0, 2.0]), vec![11.0, 14.0]);
        assert_eq!(sparse.row_dot(0, &sparse, 2), 17.0);
        assert_eq!(sparse.squared_norm(1), 25.0);
        let bits = BitMatrix::from_rows(70, [vec![1u32, 65], vec![]]).expect("bits");
        let ones = SparseMatrix::from_bits(&bits);
        assert_eq!((ones.rows(), ones.cols()), (2, 70));
        assert_eq!(ones.transpose_times(&[2.0, 5.0])[65], 2.0);
    }
}
