//! Classical (Torgerson) multidimensional scaling and Isomap, for small
//! inputs: both hold an n × n distance matrix. New points are placed by
//! Gower's out-of-sample formula, which puts a reference point exactly
//! where the map has it.

use crate::data::dot;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::neighbours::{nearest, Points};
use super::pca::top_eigenvectors;
use crate::MlError;

/// The most molecules MDS and Isomap take (their distance matrices are n²).
pub const MAX_POINTS: usize = 5_000;

/// A fitted scaling: the two leading eigenpairs of the double-centred
/// squared distances and each reference row's mean squared distance.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    vectors: Vec<Vec<f64>>,
    values: Vec<f64>,
    row_means: Vec<f64>,
    pub coordinates: Vec<[f64; 2]>,
}

/// Squared distances between all rows.
fn squared_distances(points: &Points) -> Vec<Vec<f64>> {
    let n = points.rows();
    (0..n)
        .into_par_iter()
        .map(|i| {
            (0..n)
                .map(|j| points.distance(i, points, j).powi(2))
                .collect()
        })
        .collect()
}

/// Classical MDS of a full matrix of squared distances.
fn scale(d2: Vec<Vec<f64>>, seed: u64) -> Scaling {
    let n = d2.len();
    let row_means: Vec<f64> = d2
        .iter()
        .map(|r| r.iter().sum::<f64>() / n as f64)
        .collect();
    let total = row_means.iter().sum::<f64>() / n as f64;
    // B = −½ J D² J, applied without forming it.
    let apply = |v: &[f64]| -> Vec<f64> {
        let v_mean = v.iter().sum::<f64>() / n as f64;
        let shifted_dot = dot(&row_means, v);
        (0..n)
            .map(|i| {
                let row: f64 = d2[i].iter().zip(v).map(|(d, x)| d * x).sum();
                -0.5 * (row - row_means[i] * v_mean * n as f64 - shifted_dot
                    + total * v_mean * n as f64)
            })
            .collect()
    };
    // Non-Euclidean distances (Jaccard, geodesics) can give B negative
    // eigenvalues larger than its second positive one: keep the two leading
    // eigenvectors whose eigenvalue (Rayleigh quotient) is positive.
    let (candidates, _) = top_eigenvectors(apply, n, 6, seed);
    let mut images = Vec::new();
    let (vectors, values): (Vec<Vec<f64>>, Vec<f64>) = candidates
        .into_iter()
        .filter_map(|v| {
            let image = apply(&v);
            let value = dot(&v, &image);
            (value > 1e-12).then(|| {
                images.push(image);
                (v, value)
            })
        })
        .take(2)
        .unzip();
    // Coordinates by the same formula that places new points ((B v)ᵢ / √λ,
    // = √λ vᵢ for an exact eigenvector), so a reference row placed again
    // lands exactly on its point.
    let coordinates = (0..n)
        .map(|i| {
            let along = |k: usize| {
                images
                    .get(k)
                    .map_or(0.0, |b: &Vec<f64>| b[i] / values[k].sqrt())
            };
            [along(0), along(1)]
        })
        .collect();
    Scaling {
        vectors,
        values,
        row_means,
        coordinates,
    }
}

impl Scaling {
    /// Coordinates of a new point from its squared distances to every reference row.
    fn place(&self, d2: &[f64]) -> [f64; 2] {
        let along = |k: usize| match (self.vectors.get(k), self.values.get(k)) {
            (Some(v), Some(&value)) if value > 0.0 => {
                let s: f64 = v
                    .iter()
                    .zip(d2.iter().zip(&self.row_means))
                    .map(|(vi, (d, r))| vi * (d - r))
                    .sum();
                -0.5 * s / value.sqrt()
            }
            _ => 0.0,
        };
        [along(0), along(1)]
    }
}

fn check(n: usize) -> Result<(), MlError> {
    if n < 3 {
        return Err(MlError::Data(format!(
            "a map needs at least 3 molecules; there are {n}"
        )));
    }
    if n > MAX_POINTS {
        return Err(MlError::Data(format!(
            "MDS and Isomap take at most {MAX_POINTS} molecules (their distance matrices grow with the square); there are {n}: use t-SNE or PCA"
        )));
    }
    Ok(())
}

/// Classical MDS of the rows' distances.
pub fn mds(points: &Points, seed: u64) -> Result<Scaling, MlError> {
    check(points.rows())?;
    Ok(scale(squared_distances(points), seed))
}

/// Places new rows on a classical MDS map of `reference`.
pub fn mds_place(reference: &Points, scaling: &Scaling, new: &Points) -> Vec<[f64; 2]> {
    (0..new.rows())
        .into_par_iter()
        .map(|q| {
            let d2: Vec<f64> = (0..reference.rows())
                .map(|i| new.distance(q, reference, i).powi(2))
                .collect();
            scaling.place(&d2)
        })
        .collect()
}

/// Shortest paths along the symmetric `k`-nearest-neighbour graph between
/// all rows, or an error when the graph falls apart.
fn geodesics(points: &Points, k: usize) -> Result<Vec<Vec<f64>>, MlError> {
    let n = points.rows();
    let nn = nearest(points, points, k, true);
    let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for i in 0..n {
        let (indices, distances) = nn.of(i);
        for (&j, &d) in indices.iter().zip(distances) {
            edges[i].push((j as usize, d));
            edges[j as usize].push((i, d));
        }
    }
    let paths: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map(|source| dijkstra(&edges, source))
        .collect();
    if paths[0].iter().any(|d| d.is_infinite()) {
        return Err(MlError::Data(format!(
            "the {k}-nearest-neighbour graph falls apart into pieces: raise n_neighbors"
        )));
    }
    Ok(paths)
}

fn dijkstra(edges: &[Vec<(usize, f64)>], source: usize) -> Vec<f64> {
    let mut distance = vec![f64::INFINITY; edges.len()];
    distance[source] = 0.0;
    // Distances are non-negative, so their bit patterns order like the values.
    let mut queue = BinaryHeap::from([Reverse((0u64, source))]);
    while let Some(Reverse((bits, at))) = queue.pop() {
        let d = f64::from_bits(bits);
        if d > distance[at] {
            continue;
        }
        for &(to, w) in &edges[at] {
            let via = d + w;
            if via < distance[to] {
                distance[to] = via;
                queue.push(Reverse((via.to_bits(), to)));
            }
        }
    }
    distance
}

/// Isomap: classical MDS of the geodesic distances along the neighbour graph.
pub fn isomap(points: &Points, n_neighbors: usize, seed: u64) -> Result<Scaling, MlError> {
    check(points.rows())?;
    let paths = geodesics(points, n_neighbors)?;
    Ok(scale(
        paths
            .into_iter()
            .map(|r| r.into_iter().map(|d| d * d).collect())
            .collect(),
        seed,
    ))
}

/// Places new rows on an Isomap map of `reference`: geodesics through each
/// new row's nearest reference rows.
pub fn isomap_place(
    reference: &Points,
    n_neighbors: usize,
    scaling: &Scaling,
    new: &Points,
) -> Result<Vec<[f64; 2]>, MlError> {
    let paths = geodesics(reference, n_neighbors)?;
    let nn = nearest(reference, new, n_neighbors, false);
    Ok((0..new.rows())
        .into_par_iter()
        .map(|q| {
            let (indices, distances) = nn.of(q);
            let d2: Vec<f64> = (0..reference.rows())
                .map(|i| {
                    indices
                        .iter()
                        .zip(distances)
                        .map(|(&j, d)| d + paths[j as usize][i])
                        .fold(f64::INFINITY, f64::min)
                        .powi(2)
                })
                .collect();
            scaling.place(&d2)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DenseMatrix;

    fn grid() -> Points {
        // A 6 × 5 grid in the plane, lifted into 3-D along a fixed direction.
        let values: Vec<f64> = (0..30)
            .flat_map(|i| {
                let (a, b) = (f64::from(i % 6), f64::from(i / 6));
                [a, b, 0.5 * a - 0.25 * b]
            })
            .collect();
        Points::Real(DenseMatrix::new(3, values).expect("grid"))
    }

    fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn classical_mds_keeps_planar_distances_and_places_reference_rows_in_place() {
        let points = grid();
        let scaling = mds(&points, 1).expect("mds");
        let c = &scaling.coordinates;
        for (i, j) in [(0, 1), (0, 29), (7, 22)] {
            let original = points.distance(i, &points, j);
            assert!((distance(c[i], c[j]) - original).abs() < 1e-6, "{i}-{j}");
        }
        let placed = mds_place(&points, &scaling, &points);
        for (p, q) in placed.iter().zip(c) {
            assert!(distance(*p, *q) < 1e-6);
        }
        assert!(mds(
            &Points::Real(DenseMatrix::new(1, vec![0.0, 1.0]).expect("two")),
            1
        )
        .is_err());
    }

    #[test]
    fn isomap_unrolls_along_the_graph_and_refuses_a_broken_graph() {
        let points = grid();
        let scaling = isomap(&points, 4, 1).expect("isomap");
        let c = &scaling.coordinates;
        assert!(distance(c[0], c[29]) > distance(c[0], c[1]));
        let placed = isomap_place(&points, 4, &scaling, &points).expect("placed");
        for (p, q) in placed.iter().zip(c) {
            assert!(distance(*p, *q) < 1e-6);
        }
        // Two far clumps with 2 neighbours each cannot be joined.
        let clumps = Points::Real(
            DenseMatrix::new(1, vec![0.0, 0.1, 0.2, 100.0, 100.1, 100.2]).expect("clumps"),
        );
        let error = isomap(&clumps, 2, 1).expect_err("broken");
        assert!(error.to_string().contains("falls apart"), "{error}");
    }
}
