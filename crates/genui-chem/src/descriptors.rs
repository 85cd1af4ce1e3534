//! Molecular descriptors: RDKit's C++ ones plus the Python-only QED, SA
//! score and Bertz complexity (ported in [`crate::qed`], [`crate::sascore`]
//! and [`crate::bertz`]).

use genui_chem_sys::descriptors_ffi as ffi;
use genui_chem_sys::graph_ffi::QedBasics;

pub use ffi::Descriptors as RdkitDescriptors;

pub use crate::bertz::bertz_ct;
pub use crate::qed::{qed, qed_from_properties, qed_properties, QedProperties, QedWeights};
pub use crate::sascore::sa_score;

use crate::error::{RdkitResultExt, Result};
use crate::fingerprint::BitFingerprint;
use crate::molecule::Molecule;

/// The descriptors RDKit computes in C++ (names as in `rdkit.Chem.Descriptors`).
pub fn rdkit_descriptors(mol: &Molecule) -> Result<RdkitDescriptors> {
    ffi::descriptors(mol.raw()).during("compute descriptors")
}

/// Number of valence-shell electrons of an element.
pub fn outer_electrons(atomic_num: u32) -> Result<u32> {
    ffi::outer_electrons(atomic_num).during("look up the periodic table")
}

/// Every descriptor GenUI stores for a molecule: the property scorers of
/// the generator and the properties the UI shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descriptors {
    pub rdkit: RdkitDescriptors,
    /// Bertz's complexity index (`GraphDescriptors.BertzCT`).
    pub bertz_ct: f64,
    /// Drug-likeness, 0..1 (`QED.qed`).
    pub qed: f64,
    /// Synthetic accessibility, 1 (easy) ..10 (`sascorer.calculateScore`).
    pub sa_score: f64,
}

/// All of [`Descriptors`] for one molecule.
pub fn descriptors(mol: &Molecule) -> Result<Descriptors> {
    descriptors_screened(mol, None)
}

/// [`descriptors`] for a molecule whose
/// [`screen_fingerprint`](crate::substructure::screen_fingerprint) is known:
/// QED's structural alerts are then matched only where the screen allows
/// (the same values, a third of QED's time).
pub fn descriptors_screened(
    mol: &Molecule,
    screen: Option<&BitFingerprint>,
) -> Result<Descriptors> {
    let rdkit = rdkit_descriptors(mol)?;
    let qed = if crate::qed::has_hydrogen_atoms(mol) {
        qed(mol)?
    } else {
        // QED's weight, logP, TPSA and donors are RDKit's own: reuse them.
        let basics = QedBasics {
            mw: rdkit.mw,
            logp: rdkit.logp,
            tpsa: rdkit.tpsa,
            hbd: rdkit.hbd,
        };
        let props = crate::qed::qed_properties_with(mol, basics, screen)?;
        qed_from_properties(&props, &crate::qed::WEIGHT_MEAN)
    };
    Ok(Descriptors {
        rdkit,
        bertz_ct: bertz_ct(mol)?,
        qed,
        sa_score: crate::sascore::sa_score_with(mol, rdkit.spiro_atoms, rdkit.bridgehead_atoms)?,
    })
}

impl Descriptors {
    /// Column names of [`Descriptors::values`], in a stable order (the
    /// golden files' and the database's columns).
    pub const NAMES: [&'static str; 31] = [
        "mw",
        "exact_mw",
        "logp",
        "mr",
        "tpsa",
        "hbd",
        "hba",
        "rotatable_bonds",
        "heavy_atoms",
        "hetero_atoms",
        "formal_charge",
        "rings",
        "aromatic_rings",
        "aliphatic_rings",
        "saturated_rings",
        "heterocycles",
        "aromatic_heterocycles",
        "aliphatic_heterocycles",
        "saturated_heterocycles",
        "carbocycles",
        "aromatic_carbocycles",
        "aliphatic_carbocycles",
        "saturated_carbocycles",
        "fraction_csp3",
        "spiro_atoms",
        "bridgehead_atoms",
        "amide_bonds",
        "valence_electrons",
        "bertz_ct",
        "qed",
        "sa_score",
    ];

    /// Names of the real-valued descriptors; all others are counts.
    pub const REAL_NAMES: [&'static str; 9] = [
        "mw",
        "exact_mw",
        "logp",
        "mr",
        "tpsa",
        "fraction_csp3",
        "bertz_ct",
        "qed",
        "sa_score",
    ];

    /// The values in [`Descriptors::NAMES`] order; counts are exact in f64.
    pub fn values(&self) -> [f64; 31] {
        let r = &self.rdkit;
        [
            r.mw,
            r.exact_mw,
            r.logp,
            r.mr,
            r.tpsa,
            f64::from(r.hbd),
            f64::from(r.hba),
            f64::from(r.rotatable_bonds),
            f64::from(r.heavy_atoms),
            f64::from(r.hetero_atoms),
            f64::from(r.formal_charge),
            f64::from(r.rings),
            f64::from(r.aromatic_rings),
            f64::from(r.aliphatic_rings),
            f64::from(r.saturated_rings),
            f64::from(r.heterocycles),
            f64::from(r.aromatic_heterocycles),
            f64::from(r.aliphatic_heterocycles),
            f64::from(r.saturated_heterocycles),
            f64::from(r.carbocycles),
            f64::from(r.aromatic_carbocycles),
            f64::from(r.aliphatic_carbocycles),
            f64::from(r.saturated_carbocycles),
            r.fraction_csp3,
            f64::from(r.spiro_atoms),
            f64::from(r.bridgehead_atoms),
            f64::from(r.amide_bonds),
            f64::from(r.valence_electrons),
            self.bertz_ct,
            self.qed,
            self.sa_score,
        ]
    }

    /// `(name, value)` pairs in [`Descriptors::NAMES`] order, for storing
    /// in a table.
    pub fn named(&self) -> Vec<(&'static str, f64)> {
        Self::NAMES.into_iter().zip(self.values()).collect()
    }

    /// One descriptor by its column name.
    pub fn get(&self, name: &str) -> Option<f64> {
        let at = Self::NAMES.iter().position(|&n| n == name)?;
        Some(self.values()[at])
    }

    /// Is the named descriptor a count?
    pub fn is_integer(name: &str) -> bool {
        Self::NAMES.contains(&name) && !Self::REAL_NAMES.contains(&name)
    }
}
