//! Chemical space maps: 2-D embeddings of molecules' fingerprints or
//! descriptors by [`tsne`] (Barnes–Hut or FFT interpolation), [`umap`], [`pca`] (and truncated
//! SVD) or [`mds`] (classical MDS, Isomap), placement of new molecules onto a
//! finished map, and the [`neighbourhood_preservation`] that says how faithful a map is.

mod fft;
pub mod mds;
pub mod neighbours;
pub mod pca;
pub mod tsne;
pub mod umap;

use crate::DenseMatrix;

pub use neighbours::{nearest, Points};
pub use pca::Pca;
pub use tsne::{place, tsne, GradientMethod, Step, TsneParams};

/// The mean share of each point's `k` nearest neighbours in the input space
/// that are also among its `k` nearest on the map.
pub fn neighbourhood_preservation(points: &Points, embedding: &[[f64; 2]], k: usize) -> f64 {
    let n = points.rows();
    if n < 2 {
        return 1.0;
    }
    let flat: Vec<f64> = embedding.iter().flat_map(|p| *p).collect();
    let map = Points::Real(DenseMatrix::new(2, flat).expect("two columns"));
    let before = nearest(points, points, k, true);
    let after = nearest(&map, &map, k, true);
    let kept: usize = (0..n)
        .map(|i| {
            let on_map = after.of(i).0;
            before.of(i).0.iter().filter(|j| on_map.contains(j)).count()
        })
        .sum();
    kept as f64 / (n * before.k) as f64
}

/// Data shared by the tests of several modules.
#[cfg(test)]
pub(crate) mod testing {
    use crate::DenseMatrix;

    use super::Points;

    /// Three well separated clusters of `per` points in 5-D, with their labels.
    pub fn clusters(per: usize) -> (Points, Vec<usize>) {
        let mut values = Vec::new();
        let mut labels = Vec::new();
        for c in 0..3 {
            for i in 0..per {
                for d in 0..5 {
                    let jitter = ((i * 31 + d * 17 + c * 7) % 23) as f64 / 23.0 - 0.5;
                    values.push(if d == c { 20.0 } else { 0.0 } + jitter);
                }
                labels.push(c);
            }
        }
        (
            Points::Real(DenseMatrix::new(5, values).expect("points")),
            labels,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_faithful_layout_keeps_every_neighbour() {
        let line =
            Points::Real(DenseMatrix::new(1, (0..20).map(f64::from).collect()).expect("line"));
        let same: Vec<[f64; 2]> = (0..20).map(|i| [f64::from(i), 0.0]).collect();
        assert_eq!(neighbourhood_preservation(&line, &same, 2), 1.0);
        let shuffled: Vec<[f64; 2]> = (0..20).map(|i| [f64::from((i * 7) % 20), 0.0]).collect();
        assert!(neighbourhood_preservation(&line, &shuffled, 2) < 0.5);
    }
}
