//! Points to map and their nearest neighbours: Jaccard (1 − Tanimoto)
//! distance on fingerprint bits, Euclidean distance on real vectors.
//! Exact, by a parallel brute force (a popcount per word for bits).

use genui_qsar::neighbours::tanimoto;
use genui_qsar::{BitMatrix, DenseMatrix};
use rayon::prelude::*;

/// The rows a map is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Points {
    Bits(BitMatrix),
    Real(DenseMatrix),
}

impl Points {
    pub fn rows(&self) -> usize {
        match self {
            Self::Bits(m) => m.rows(),
            Self::Real(m) => m.rows(),
        }
    }

    /// The distance between row `i` and row `j` of `other` (of the same kind).
    pub fn distance(&self, i: usize, other: &Points, j: usize) -> f64 {
        match (self, other) {
            (Self::Bits(a), Self::Bits(b)) => 1.0 - tanimoto(a.row(i), b.row(j)),
            (Self::Real(a), Self::Real(b)) => a
                .row(i)
                .iter()
                .zip(b.row(j))
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>()
                .sqrt(),
            _ => unreachable!("points of one map are of one kind"),
        }
    }
}

/// The `k` nearest reference rows of each query, nearest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    pub k: usize,
    /// `queries × k` reference row indices.
    pub indices: Vec<u32>,
    /// The matching distances.
    pub distances: Vec<f64>,
}

impl Neighbours {
    pub fn of(&self, i: usize) -> (&[u32], &[f64]) {
        let range = i * self.k..(i + 1) * self.k;
        (&self.indices[range.clone()], &self.distances[range])
    }
}

/// The `k` nearest rows of `reference` for each row of `queries`; when
/// `queries_are_reference`, a row is not its own neighbour. Ties go to the
/// lower index, so the result is the same on any number of threads.
pub fn nearest(
    reference: &Points,
    queries: &Points,
    k: usize,
    queries_are_reference: bool,
) -> Neighbours {
    let n = reference.rows();
    let k = k.min(n.saturating_sub(usize::from(queries_are_reference)));
    let rows: Vec<Vec<(f64, u32)>> = (0..queries.rows())
        .into_par_iter()
        .map(|q| {
            let mut best: Vec<(f64, u32)> = Vec::with_capacity(k + 1);
            for i in 0..n {
                if queries_are_reference && i == q {
                    continue;
                }
                let d = queries.distance(q, reference, i);
                if best.len() == k && d >= best[k - 1].0 {
                    continue;
                }
                let at = best.partition_point(|&(bd, _)| bd <= d);
                best.insert(at, (d, i as u32));
                best.truncate(k);
            }
            best
        })
        .collect();
    Neighbours {
        k,
        indices: rows.iter().flat_map(|r| r.iter().map(|p| p.1)).collect(),
        distances: rows.iter().flat_map(|r| r.iter().map(|p| p.0)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rows_come_first_and_exclude_the_row_itself() {
        let bits = BitMatrix::from_rows(
            8,
            [
                vec![0u32, 1, 2],
                vec![0, 1],
                vec![5, 6],
                vec![5, 6, 7],
                vec![0, 1, 2, 3],
            ],
        )
        .expect("bits");
        let points = Points::Bits(bits);
        let nn = nearest(&points, &points, 2, true);
        assert_eq!(nn.of(0).0, &[4, 1], "3 of 4 bits shared beat 2 of 3");
        assert_eq!(nn.of(2).0[0], 3);
        assert!(nn.of(0).1[0] <= nn.of(0).1[1]);
        let real = Points::Real(DenseMatrix::new(1, vec![0.0, 10.0, 1.0, 3.0]).expect("real"));
        let nn = nearest(&real, &real, 3, true);
        assert_eq!(nn.of(0).0, &[2, 3, 1]);
        assert_eq!(nn.of(0).1, &[1.0, 3.0, 10.0]);
        assert_eq!(
            nearest(&real, &real, 10, true).k,
            3,
            "k is capped by the other rows"
        );
    }
}
