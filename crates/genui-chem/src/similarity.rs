//! Bulk similarity search over many fingerprints of one kind.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::error::{ChemError, Result};
use crate::fingerprint::BitFingerprint;

/// A hit of a similarity search: the position of the fingerprint in the
/// index and its Tanimoto similarity to the query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimilarityHit {
    pub index: usize,
    pub similarity: f64,
}

/// Fingerprints stored contiguously with their bit counts, for scans that
/// run at memory speed on all cores.
#[derive(Debug, Clone, Default)]
pub struct FingerprintIndex {
    n_bits: u32,
    words_per_fp: usize,
    words: Vec<u64>,
    counts: Vec<u32>,
}

impl FingerprintIndex {
    pub fn new(n_bits: u32) -> Self {
        Self {
            n_bits,
            words_per_fp: n_bits.div_ceil(64) as usize,
            ..Self::default()
        }
    }

    /// Appends a fingerprint; it must have the index's size.
    pub fn push(&mut self, fp: &BitFingerprint) -> Result<()> {
        self.check(fp)?;
        self.words.extend_from_slice(fp.words());
        self.counts.push(fp.count_ones());
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    fn check(&self, fp: &BitFingerprint) -> Result<()> {
        if fp.n_bits() != self.n_bits {
            return Err(ChemError::InvalidArgument(format!(
                "a {}-bit fingerprint cannot be compared with {}-bit ones",
                fp.n_bits(),
                self.n_bits
            )));
        }
        Ok(())
    }

    fn similarity(&self, query: &[u64], query_count: u32, index: usize) -> f64 {
        let start = index * self.words_per_fp;
        let stored = &self.words[start..start + self.words_per_fp];
        let both: u32 = query
            .iter()
            .zip(stored)
            .map(|(a, b)| (a & b).count_ones())
            .sum();
        let either = query_count + self.counts[index] - both;
        if either == 0 {
            0.0
        } else {
            f64::from(both) / f64::from(either)
        }
    }

    /// Every fingerprint with Tanimoto ≥ `min_similarity`, most similar first.
    pub fn threshold(
        &self,
        query: &BitFingerprint,
        min_similarity: f64,
    ) -> Result<Vec<SimilarityHit>> {
        self.check(query)?;
        if !(0.0..=1.0).contains(&min_similarity) {
            return Err(ChemError::InvalidArgument(format!(
                "similarity threshold {min_similarity} must be between 0 and 1"
            )));
        }
        let query_count = query.count_ones();
        let mut hits: Vec<SimilarityHit> = (0..self.len())
            .into_par_iter()
            .with_min_len(4096)
            .filter(|&i| {
                // Tanimoto can never exceed min(a, b) / max(a, b): skip early.
                let (a, b) = (query_count, self.counts[i]);
                let bound = f64::from(a.min(b)) / f64::from(a.max(b).max(1));
                bound >= min_similarity
            })
            .filter_map(|i| {
                let similarity = self.similarity(query.words(), query_count, i);
                (similarity >= min_similarity).then_some(SimilarityHit {
                    index: i,
                    similarity,
                })
            })
            .collect();
        sort_hits(&mut hits);
        Ok(hits)
    }

    /// The `k` most similar fingerprints, most similar first (ties by index).
    pub fn top_k(&self, query: &BitFingerprint, k: usize) -> Result<Vec<SimilarityHit>> {
        self.check(query)?;
        let query_count = query.count_ones();
        let best = (0..self.len())
            .into_par_iter()
            .with_min_len(4096)
            .fold(BinaryHeap::new, |mut best, i| {
                let similarity = self.similarity(query.words(), query_count, i);
                keep_best(
                    &mut best,
                    Ranked(SimilarityHit {
                        index: i,
                        similarity,
                    }),
                    k,
                );
                best
            })
            .reduce(BinaryHeap::new, |mut a, b| {
                for hit in b {
                    keep_best(&mut a, hit, k);
                }
                a
            });
        let mut hits: Vec<SimilarityHit> = best.into_iter().map(|r| r.0).collect();
        sort_hits(&mut hits);
        Ok(hits)
    }
}

/// Orders hits so that the *worst* is the greatest: a max-heap of them keeps
/// its worst member on top, ready to be replaced.
#[derive(Debug, Clone, Copy)]
struct Ranked(SimilarityHit);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        by_rank(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        by_rank(&self.0, &other.0)
    }
}

fn keep_best(best: &mut BinaryHeap<Ranked>, hit: Ranked, k: usize) {
    if best.len() < k {
        best.push(hit);
    } else if best.peek().is_some_and(|worst| hit < *worst) {
        best.pop();
        best.push(hit);
    }
}

fn by_rank(a: &SimilarityHit, b: &SimilarityHit) -> Ordering {
    b.similarity
        .total_cmp(&a.similarity)
        .then(a.index.cmp(&b.index))
}

fn sort_hits(hits: &mut [SimilarityHit]) {
    hits.sort_unstable_by(by_rank);
}
