//! Fingerprints as packed bit vectors, with fast similarity.

use genui_chem_sys::fingerprint_ffi as ffi;
use serde::{Deserialize, Serialize};

pub use ffi::BitCount;

use crate::error::{ChemError, RdkitResultExt, Result};
use crate::molecule::Molecule;

/// Which fingerprint to compute, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FingerprintKind {
    /// Morgan/ECFP (`features` = FCFP).
    Morgan {
        radius: u32,
        n_bits: u32,
        #[serde(default)]
        chirality: bool,
        #[serde(default)]
        features: bool,
    },
    /// RDKit's Daylight-like path fingerprint.
    RdkitPath {
        min_path: u32,
        max_path: u32,
        n_bits: u32,
    },
    /// The 166 MACCS keys (bit 0 unused, as in RDKit).
    Maccs,
    /// Hashed atom pairs.
    AtomPairs { n_bits: u32 },
    /// RDKit's substructure-screening pattern fingerprint.
    Pattern { n_bits: u32 },
}

impl FingerprintKind {
    /// ECFP4 as most QSAR work uses it: radius 2, 2048 bits.
    pub const ECFP4: Self = Self::Morgan {
        radius: 2,
        n_bits: 2048,
        chirality: false,
        features: false,
    };

    /// Number of bits this kind produces.
    pub fn n_bits(&self) -> u32 {
        match *self {
            Self::Morgan { n_bits, .. }
            | Self::RdkitPath { n_bits, .. }
            | Self::AtomPairs { n_bits }
            | Self::Pattern { n_bits } => n_bits,
            Self::Maccs => 167,
        }
    }

    /// Checks the parameters before any molecule is seen.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(ChemError::InvalidArgument(what));
        let n_bits = self.n_bits();
        if !(1..=1 << 20).contains(&n_bits) {
            return bad(format!(
                "fingerprint size {n_bits} must be between 1 and 1048576 bits"
            ));
        }
        match *self {
            Self::Morgan { radius, .. } if radius > 10 => {
                bad(format!("Morgan radius {radius} must be at most 10"))
            }
            Self::RdkitPath {
                min_path, max_path, ..
            } if min_path == 0 || min_path > max_path || max_path > 10 => bad(format!(
                "path lengths {min_path}..{max_path} must satisfy 1 <= min <= max <= 10"
            )),
            _ => Ok(()),
        }
    }

    /// Computes this fingerprint for a molecule.
    pub fn compute(&self, mol: &Molecule) -> Result<BitFingerprint> {
        self.validate()?;
        let raw = mol.raw();
        let words = match *self {
            Self::Morgan {
                radius,
                n_bits,
                chirality,
                features,
            } => ffi::morgan_bits(raw, radius, n_bits, chirality, features),
            Self::RdkitPath {
                min_path,
                max_path,
                n_bits,
            } => ffi::rdkit_path_bits(raw, min_path, max_path, n_bits),
            Self::Maccs => ffi::maccs_bits(raw),
            Self::AtomPairs { n_bits } => ffi::atom_pair_bits(raw, n_bits),
            Self::Pattern { n_bits } => ffi::pattern_bits(raw, n_bits),
        }
        .during("compute a fingerprint")?;
        Ok(BitFingerprint {
            words,
            n_bits: self.n_bits(),
        })
    }
}

/// Hashed Morgan counts: (bit, count) pairs sorted by bit.
pub fn morgan_counts(
    mol: &Molecule,
    radius: u32,
    n_bits: u32,
    chirality: bool,
    features: bool,
) -> Result<Vec<BitCount>> {
    FingerprintKind::Morgan {
        radius,
        n_bits,
        chirality,
        features,
    }
    .validate()?;
    ffi::morgan_counts(mol.raw(), radius, n_bits, chirality, features)
        .during("compute Morgan counts")
}

/// Unfolded Morgan environment ids with counts (RDKit's `GetMorganFingerprint`).
pub fn morgan_sparse_counts(mol: &Molecule, radius: u32) -> Result<Vec<BitCount>> {
    ffi::morgan_sparse_counts(mol.raw(), radius).during("compute Morgan environments")
}

/// A fixed-size bit vector packed into little-endian 64-bit words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BitFingerprint {
    words: Vec<u64>,
    n_bits: u32,
}

impl BitFingerprint {
    /// Builds a fingerprint from packed words, e.g. as stored in a database.
    pub fn from_words(words: Vec<u64>, n_bits: u32) -> Result<Self> {
        if words.len() != n_bits.div_ceil(64) as usize {
            return Err(ChemError::InvalidArgument(format!(
                "{} words cannot hold exactly {n_bits} bits",
                words.len()
            )));
        }
        Ok(Self { words, n_bits })
    }

    /// Builds a fingerprint from the indices of its set bits.
    pub fn from_on_bits(on_bits: &[u32], n_bits: u32) -> Result<Self> {
        let mut words = vec![0u64; n_bits.div_ceil(64) as usize];
        for &bit in on_bits {
            if bit >= n_bits {
                return Err(ChemError::InvalidArgument(format!(
                    "bit {bit} is outside a {n_bits}-bit fingerprint"
                )));
            }
            words[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        Ok(Self { words, n_bits })
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    pub fn n_bits(&self) -> u32 {
        self.n_bits
    }

    pub fn count_ones(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    pub fn contains(&self, bit: u32) -> bool {
        bit < self.n_bits && self.words[(bit / 64) as usize] & (1 << (bit % 64)) != 0
    }

    /// Indices of the set bits, ascending.
    pub fn on_bits(&self) -> Vec<u32> {
        let mut bits = Vec::with_capacity(self.count_ones() as usize);
        for (i, &word) in self.words.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                bits.push(i as u32 * 64 + w.trailing_zeros());
                w &= w - 1;
            }
        }
        bits
    }

    /// True when every bit set here is also set in `other` (substructure screen).
    pub fn is_subset_of(&self, other: &Self) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(a, b)| a & !b == 0)
    }

    /// Tanimoto (Jaccard) similarity; 0 for two empty fingerprints, as RDKit.
    pub fn tanimoto(&self, other: &Self) -> f64 {
        let (both, either) = self.overlap(other);
        if either == 0 {
            0.0
        } else {
            f64::from(both) / f64::from(either)
        }
    }

    /// Dice similarity; 0 for two empty fingerprints, as RDKit.
    pub fn dice(&self, other: &Self) -> f64 {
        let both = self.intersection_count(other);
        let total = self.count_ones() + other.count_ones();
        if total == 0 {
            0.0
        } else {
            2.0 * f64::from(both) / f64::from(total)
        }
    }

    fn intersection_count(&self, other: &Self) -> u32 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones())
            .sum()
    }

    fn overlap(&self, other: &Self) -> (u32, u32) {
        self.words
            .iter()
            .zip(&other.words)
            .fold((0, 0), |(both, either), (a, b)| {
                (both + (a & b).count_ones(), either + (a | b).count_ones())
            })
    }
}
