//! Synthetic accessibility score (1 = easy … 10 = hard).
//!
//! A port of RDKit's `Contrib/SA_Score/sascorer.py` (Peter Ertl and Ansgar
//! Schuffenhauer, Novartis, BSD-3-Clause; J. Cheminf. 1:8, 2009), step for
//! step and in the same floating-point order, so that it agrees with the
//! Python original to the last few bits. Its fragment-score table ships as
//! `data/sa_fpscores.bin.gz`, converted from RDKit's pickle by
//! `tools/golden/convert_sa_fpscores.py` (which documents the layout).

use std::io::Read;
use std::sync::OnceLock;

use flate2::read::GzDecoder;

use genui_chem_sys::graph_ffi;

use crate::error::{RdkitResultExt, Result};
use crate::fingerprint::morgan_sparse_counts;
use crate::molecule::Molecule;

const TABLE_GZ: &[u8] = include_bytes!("../data/sa_fpscores.bin.gz");

/// Score of a fragment that is not in the table (a rare one).
const UNKNOWN_FRAGMENT_SCORE: f64 = -4.0;

/// RDKit's SA score of a molecule, as `sascorer.calculateScore(mol)`.
pub fn sa_score(mol: &Molecule) -> Result<f64> {
    let junctions =
        graph_ffi::ring_junctions(mol.raw()).during("find spiro and bridgehead atoms")?;
    sa_score_with(mol, junctions.spiro_atoms, junctions.bridgehead_atoms)
}

/// The SA score when the spiro and bridgehead atom counts
/// (`CalcNumSpiroAtoms`, `CalcNumBridgeheadAtoms`) are already known.
pub(crate) fn sa_score_with(
    mol: &Molecule,
    spiro_atoms: u32,
    bridgehead_atoms: u32,
) -> Result<f64> {
    let table = FragmentScores::get();

    // Fragment score: mean table score of the radius-2 Morgan environments,
    // weighted by how often each occurs (ids ascending, as Python iterates).
    let environments = morgan_sparse_counts(mol, 2)?;
    let mut score1 = 0.0;
    let mut n_fragments: u32 = 0;
    for env in &environments {
        n_fragments += env.count;
        score1 += table.score(env.bit).unwrap_or(UNKNOWN_FRAGMENT_SCORE) * f64::from(env.count);
    }
    // Python raises ZeroDivisionError here for a molecule without atoms.
    if n_fragments == 0 {
        return Err(crate::ChemError::InvalidArgument(
            "the SA score needs a molecule with at least one atom".into(),
        ));
    }
    score1 /= f64::from(n_fragments);

    // Complexity penalties.
    let n_atoms = mol.num_atoms() as f64;
    let chiral_centers = mol.chiral_center_count(true)? as f64;
    let macrocycles = mol
        .ring_sizes()?
        .into_iter()
        .filter(|&size| size > 8)
        .count();

    let size_penalty = n_atoms.powf(1.005) - n_atoms;
    let stereo_penalty = (chiral_centers + 1.0).log10();
    let spiro_penalty = (f64::from(spiro_atoms) + 1.0).log10();
    let bridge_penalty = (f64::from(bridgehead_atoms) + 1.0).log10();
    // Differs from the paper (log10(n + 1)) on purpose, as the original does.
    let macrocycle_penalty = if macrocycles > 0 { 2f64.log10() } else { 0.0 };
    let score2 =
        0.0 - size_penalty - stereo_penalty - spiro_penalty - bridge_penalty - macrocycle_penalty;

    // Fingerprint-density correction (version 1.1): symmetric molecules
    // are easier to make than their atom count suggests.
    let n_environments = environments.len() as f64;
    let score3 = if n_atoms > n_environments {
        (n_atoms / n_environments).ln() * 0.5
    } else {
        0.0
    };

    // Map the raw score onto 1..10, smoothing the hard end.
    let raw = score1 + score2 + score3;
    let (min, max) = (-4.0, 2.5);
    let mut score = 11.0 - (raw - min + 1.0) / (max - min) * 9.0;
    if score > 8.0 {
        score = 8.0 + (score + 1.0 - 9.0).ln();
    }
    Ok(score.clamp(1.0, 10.0))
}

/// The fragment-score table: Morgan environment ids, ascending, each with
/// an index into the (few thousand) distinct scores.
struct FragmentScores {
    ids: Vec<u32>,
    score_index: Vec<u16>,
    scores: Vec<f64>,
}

impl FragmentScores {
    /// The table, decoded on first use (about 700,000 entries).
    fn get() -> &'static Self {
        static TABLE: OnceLock<FragmentScores> = OnceLock::new();
        TABLE.get_or_init(|| {
            Self::decode(TABLE_GZ).expect("the SA fragment table shipped with the crate is valid")
        })
    }

    fn score(&self, id: u32) -> Option<f64> {
        let at = self.ids.binary_search(&id).ok()?;
        self.scores.get(usize::from(self.score_index[at])).copied()
    }

    fn decode(gz: &[u8]) -> std::result::Result<Self, String> {
        let mut bytes = Vec::new();
        GzDecoder::new(gz)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        let mut reader = Reader { bytes: &bytes };
        if reader.take(4)? != b"SAFP" || reader.u32()? != 1 {
            return Err("not a version-1 SAFP table".into());
        }
        let n_scores = reader.u32()? as usize;
        let scores = reader
            .take(n_scores * 8)?
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8-byte chunk")))
            .collect();
        let n_ids = reader.u32()? as usize;
        let mut previous = 0u32;
        let mut ids = Vec::with_capacity(n_ids);
        for delta in reader.take(n_ids * 4)?.chunks_exact(4) {
            previous = previous
                .checked_add(u32::from_le_bytes(delta.try_into().expect("4-byte chunk")))
                .ok_or("id overflow")?;
            ids.push(previous);
        }
        let score_index: Vec<u16> = reader
            .take(n_ids * 2)?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes(b.try_into().expect("2-byte chunk")))
            .collect();
        if !reader.bytes.is_empty() || score_index.iter().any(|&i| usize::from(i) >= n_scores) {
            return Err("trailing bytes or a score index out of range".into());
        }
        Ok(Self {
            ids,
            score_index,
            scores,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        if self.bytes.len() < n {
            return Err("truncated table".into());
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_decodes_with_every_id_once() {
        let table = FragmentScores::get();
        assert_eq!(table.ids.len(), 705_292);
        assert!(table.ids.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(table.scores.len(), 3549);
    }

    #[test]
    fn scores_are_in_range_and_order_simple_before_complex() {
        let easy = sa_score(&Molecule::from_smiles("CCO").expect("valid test input"))
            .expect("valid test input");
        let hard = sa_score(
            &Molecule::from_smiles(
                "C[C@H]1C[C@@]23CC[C@H]4[C@@](C)(CCC[C@@]4(C)C(=O)O)[C@@H]2CC[C@]1(O)C3",
            )
            .expect("valid test input"),
        )
        .expect("valid test input");
        assert!((1.0..=10.0).contains(&easy) && (1.0..=10.0).contains(&hard));
        assert!(easy < hard, "{easy} !< {hard}");
    }
}
