//! MOSES-style quality metrics of generated molecules, computed natively (Polykovskiy et al.,
//! 2020): validity, unique@k, novelty, internal diversity, and the similarity to a reference set
//! by nearest neighbours (SNN), BRICS fragments and Bemis–Murcko scaffolds.
//!
//! Definitions follow the `moses` package: Morgan fingerprints of radius 2 and 1,024 bits,
//! internal diversity averaged over all pairs including each molecule with itself, scaffolds of
//! at least two rings, cosine similarity of fragment and scaffold counts.

use std::collections::{HashMap, HashSet};

use genui_chem::fingerprint::{BitFingerprint, FingerprintKind};
use genui_chem::scaffold::{brics_fragments, murcko};
use genui_chem::Molecule;
use rayon::prelude::*;
use serde::Serialize;

use crate::Result;

/// MOSES' fingerprint: Morgan, radius 2, 1,024 bits.
const MOSES_FINGERPRINT: FingerprintKind = FingerprintKind::Morgan {
    radius: 2,
    n_bits: 1024,
    chirality: false,
    features: false,
};

/// What the metrics need to know about one valid molecule.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Canonical SMILES.
    pub canonical: String,
    fingerprint: BitFingerprint,
    fragments: Vec<String>,
    scaffold: Option<String>,
}

impl Profile {
    /// The profile of a SMILES, or `None` when it is not a valid molecule.
    pub fn of(smiles: &str) -> Option<Self> {
        let mol = Molecule::from_smiles(smiles).ok()?;
        Some(Self {
            canonical: mol.to_smiles().ok()?,
            fingerprint: MOSES_FINGERPRINT.compute(&mol).ok()?,
            fragments: brics_fragments(&mol).ok()?,
            scaffold: murcko(&mol).ok().and_then(|s| {
                let rings = s.ring_sizes().ok()?.len();
                let smiles = s.to_smiles().ok()?;
                (rings >= 2 && !smiles.is_empty()).then_some(smiles)
            }),
        })
    }
}

/// For each of `generated`: whether it contains all the fragments it was grown from (as a
/// substructure); None when it was not grown from fragments or is not a valid molecule.
pub fn fragments_retained(generated: &[crate::reinforce::Generated]) -> Vec<Option<bool>> {
    generated
        .par_iter()
        .map(|g| {
            let fragments = g.fragments.as_deref().filter(|f| !f.is_empty())?;
            let molecule = Molecule::from_smiles(&g.smiles).ok()?;
            let query = genui_chem::substructure::QuerySpec::smiles(fragments).compile();
            Some(query.and_then(|q| q.is_match(&molecule)).unwrap_or(false))
        })
        .collect()
}

/// Share of the judged molecules of [`fragments_retained`] that kept their fragments; None
/// when none was judged.
pub fn retention_ratio(retained: &[Option<bool>]) -> Option<f64> {
    let judged: Vec<bool> = retained.iter().flatten().copied().collect();
    (!judged.is_empty())
        .then(|| judged.iter().filter(|&&kept| kept).count() as f64 / judged.len() as f64)
}

/// The profiles of many SMILES, in parallel (invalid ones are `None`).
pub fn profiles(smiles: &[String]) -> Vec<Option<Profile>> {
    smiles.par_iter().map(|s| Profile::of(s)).collect()
}

/// A reference set (MOSES uses its test set) summarized for comparisons.
#[derive(Debug, Clone)]
pub struct Reference {
    fingerprints: Vec<BitFingerprint>,
    fragments: HashMap<String, f64>,
    scaffolds: HashMap<String, f64>,
}

impl Reference {
    /// Summarizes the valid molecules among `smiles`.
    pub fn new(smiles: &[String]) -> Self {
        let valid: Vec<Profile> = profiles(smiles).into_iter().flatten().collect();
        Self {
            fingerprints: valid.iter().map(|p| p.fingerprint.clone()).collect(),
            fragments: fragment_counts(&valid),
            scaffolds: scaffold_counts(&valid),
        }
    }
}

/// The metrics of a generated sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// SMILES judged.
    pub total: usize,
    /// Fraction that are valid molecules.
    pub validity: f64,
    /// `(k, fraction)`: distinct molecules among the first k valid ones (all when fewer).
    pub unique_at: Vec<(usize, f64)>,
    /// Distinct valid molecules not in the training set (when one is given).
    pub novelty: Option<f64>,
    /// 1 − mean Tanimoto similarity over all pairs of valid molecules.
    pub internal_diversity: f64,
    /// Mean Tanimoto similarity of each valid molecule to its nearest reference molecule.
    pub snn: Option<f64>,
    /// Cosine similarity of BRICS fragment counts to the reference's.
    pub fragment_similarity: Option<f64>,
    /// Cosine similarity of scaffold counts to the reference's.
    pub scaffold_similarity: Option<f64>,
}

/// Computes the metrics of `generated`; `training` holds canonical SMILES of the training set
/// (for novelty), `reference` the comparison set.
pub fn evaluate(
    generated: &[String],
    training: Option<&HashSet<String>>,
    reference: Option<&Reference>,
) -> Result<Metrics> {
    let valid: Vec<Profile> = profiles(generated).into_iter().flatten().collect();
    let unique_at = [1_000, 10_000]
        .into_iter()
        .map(|k| {
            let first = &valid[..k.min(valid.len())];
            let distinct: HashSet<&str> = first.iter().map(|p| p.canonical.as_str()).collect();
            (k, fraction(distinct.len(), first.len()))
        })
        .collect();
    let distinct: HashSet<&str> = valid.iter().map(|p| p.canonical.as_str()).collect();
    let novelty = training.map(|train| {
        fraction(
            distinct.iter().filter(|s| !train.contains(**s)).count(),
            distinct.len(),
        )
    });
    let fingerprints: Vec<&BitFingerprint> = valid.iter().map(|p| &p.fingerprint).collect();
    let internal_diversity = if valid.is_empty() {
        0.0
    } else {
        let total: f64 = fingerprints
            .par_iter()
            .map(|a| fingerprints.iter().map(|b| a.tanimoto(b)).sum::<f64>())
            .sum();
        1.0 - total / (valid.len() as f64).powi(2)
    };
    let (snn, fragment_similarity, scaffold_similarity) = match reference {
        Some(reference) if !valid.is_empty() && !reference.fingerprints.is_empty() => {
            let nearest: f64 = fingerprints
                .par_iter()
                .map(|a| {
                    reference
                        .fingerprints
                        .iter()
                        .map(|b| a.tanimoto(b))
                        .fold(0.0, f64::max)
                })
                .sum();
            (
                Some(nearest / valid.len() as f64),
                Some(cosine(&fragment_counts(&valid), &reference.fragments)),
                Some(cosine(&scaffold_counts(&valid), &reference.scaffolds)),
            )
        }
        _ => (None, None, None),
    };
    Ok(Metrics {
        total: generated.len(),
        validity: fraction(valid.len(), generated.len()),
        unique_at,
        novelty,
        internal_diversity,
        snn,
        fragment_similarity,
        scaffold_similarity,
    })
}

/// Canonical SMILES of the valid molecules of a training set (for novelty).
pub fn canonical_set(smiles: &[String]) -> HashSet<String> {
    smiles
        .par_iter()
        .filter_map(|s| crate::sample::canonical_smiles(s))
        .collect()
}

fn fraction(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn fragment_counts(profiles: &[Profile]) -> HashMap<String, f64> {
    let mut counts = HashMap::new();
    for fragment in profiles.iter().flat_map(|p| &p.fragments) {
        *counts.entry(fragment.clone()).or_insert(0.0) += 1.0;
    }
    counts
}

fn scaffold_counts(profiles: &[Profile]) -> HashMap<String, f64> {
    let mut counts = HashMap::new();
    for scaffold in profiles.iter().filter_map(|p| p.scaffold.as_ref()) {
        *counts.entry(scaffold.clone()).or_insert(0.0) += 1.0;
    }
    counts
}

/// Cosine similarity of two count vectors keyed by string (0 when either is empty).
fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let norm = |v: &HashMap<String, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn metrics_of_a_small_sample_match_their_definitions() {
        let generated = strings(&["CCO", "OCC", "c1ccccc1", "C1CC", "c1ccc2ccccc2c1"]);
        let training: HashSet<String> = canonical_set(&strings(&["CCO"]));
        let reference = Reference::new(&strings(&["c1ccccc1", "c1ccc2ccccc2c1"]));
        let m = evaluate(&generated, Some(&training), Some(&reference))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.total, 5);
        assert!((m.validity - 0.8).abs() < 1e-12);
        assert_eq!(m.unique_at[0], (1_000, 0.75));
        // Distinct: CCO, benzene, naphthalene; only CCO is in the training set.
        assert_eq!(m.novelty, Some(2.0 / 3.0));
        // Benzene and naphthalene are in the reference (nearest similarity 1); the two ethanols
        // share no Morgan bit with it (0): (1 + 1 + 0 + 0) / 4.
        assert_eq!(m.snn, Some(0.5));
        // Only naphthalene has a two-ring scaffold, in both sets.
        assert_eq!(m.scaffold_similarity, Some(1.0));
        assert!(m.internal_diversity > 0.0 && m.internal_diversity < 1.0);
    }

    #[test]
    fn identical_sets_are_fully_similar_and_nothing_valid_gives_zeros() {
        let set = strings(&["CC(=O)Nc1ccc(O)cc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1"]);
        let m = evaluate(&set, None, Some(&Reference::new(&set))).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.snn, Some(1.0));
        assert!((m.fragment_similarity.unwrap_or_default() - 1.0).abs() < 1e-12);
        assert_eq!(m.novelty, None);
        let none =
            evaluate(&strings(&["C1CC", "xyz"]), None, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((none.validity, none.internal_diversity), (0.0, 0.0));
        assert_eq!(none.unique_at[0], (1_000, 0.0));
    }

    #[test]
    fn brics_fragments_cut_where_moses_does() {
        let mol = Molecule::from_smiles("CC(=O)Nc1ccc(O)cc1").unwrap_or_else(|e| panic!("{e}"));
        let mut fragments = brics_fragments(&mol).unwrap_or_else(|e| panic!("{e}"));
        fragments.sort();
        // Python: Chem.MolToSmiles(BRICS.BreakBRICSBonds(...)) on RDKit 2022.09 gives these.
        assert_eq!(
            fragments,
            ["[1*]C(C)=O", "[16*]c1ccc(O)cc1", "[5*]N[5*]"].map(String::from)
        );
    }
}
