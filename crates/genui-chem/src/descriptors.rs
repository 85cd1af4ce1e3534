//! Molecular descriptors.

use genui_chem_sys::descriptors_ffi as ffi;

pub use ffi::Descriptors as RdkitDescriptors;

use crate::error::{RdkitResultExt, Result};
use crate::molecule::Molecule;

/// The descriptors RDKit computes in C++ (names as in `rdkit.Chem.Descriptors`).
pub fn rdkit_descriptors(mol: &Molecule) -> Result<RdkitDescriptors> {
    ffi::descriptors(mol.raw()).during("compute descriptors")
}

/// Number of valence-shell electrons of an element.
pub fn outer_electrons(atomic_num: u32) -> Result<u32> {
    ffi::outer_electrons(atomic_num).during("look up the periodic table")
}
