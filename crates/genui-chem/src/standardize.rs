//! Standardization the way the ChEMBL structure pipeline does it.
//!
//! A port of chembl_structure_pipeline 1.2.2 (MIT licence, (c) 2019 Greg
//! Landrum and the ChEMBL group) over the same RDKit calls, including its
//! normalization SMIRKS and salt and solvent lists: [`standardize`] is its
//! `standardize_mol`, [`parent`] its `get_parent_mol`, [`check`] its
//! `checker.check_molblock`. GenUI used this pipeline, so the results are
//! those GenUI users know.

use genui_chem_sys::standardize_ffi as ffi;

use crate::error::{ChemError, RdkitResultExt, Result};
use crate::identifiers::inchi_molblock;
use crate::molecule::Molecule;

pub use ffi::CheckIssue as Issue;

/// Score from which the ChEMBL checker rejects a structure.
pub const EXCLUDING_SCORE: u8 = 6;

/// A parent structure and whether the pipeline excludes it (metals, more
/// than seven borons): excluded parents keep their salts, as in ChEMBL.
#[derive(Debug, Clone)]
pub struct Parent {
    pub molecule: Molecule,
    pub excluded: bool,
}

/// The pipeline's `standardize_mol`: unless the structure is excluded,
/// removes S-groups and most explicit hydrogens, applies ChEMBL's
/// normalizations (nitro, N-oxides, sulfoxides, azides, …), neutralizes
/// what can be neutralized, drops the stereo of free tartrate, straightens
/// triple bonds and allenes of 2D drawings, and sanitizes.
///
/// Fails for a 3D molecule, as the pipeline's `cleanup_drawing_mol` does.
pub fn standardize(mol: &Molecule) -> Result<Molecule> {
    let ptr = ffi::chembl_standardize(mol.raw(), true, true).map_err(standardize_error)?;
    Molecule::from_ptr(ptr, "standardize")
}

/// The pipeline's `get_parent_mol` (call it on a [`standardize`]d
/// molecule, as ChEMBL does): isotopes removed, solvents and then salts
/// stripped (unless nothing else is left), the remaining fragment(s)
/// neutralized.
pub fn parent(mol: &Molecule) -> Result<Parent> {
    let mut excluded = false;
    let ptr =
        ffi::chembl_parent(mol.raw(), true, true, &mut excluded).map_err(standardize_error)?;
    Ok(Parent {
        molecule: Molecule::from_ptr(ptr, "find the parent")?,
        excluded,
    })
}

/// Whether the pipeline excludes a structure (`exclude_flag`): it holds a
/// metal from ChEMBL's list or more than seven borons.
pub fn is_excluded(mol: &Molecule) -> Result<bool> {
    ffi::chembl_exclude_flag(mol.raw()).during("check exclusion")
}

/// The ChEMBL checker's issues, worst first (score 6 or more means the
/// structure would be rejected). The molecule is checked as the mol block
/// [`inchi_molblock`] writes, its InChI warnings included.
pub fn check(mol: &Molecule) -> Result<Vec<Issue>> {
    check_molblock(&inchi_molblock(mol)?)
}

/// The ChEMBL checker on a V2000 mol block.
pub fn check_molblock(block: &str) -> Result<Vec<Issue>> {
    ffi::chembl_check_molblock(block).during("check a structure")
}

/// RDKit's canonical tautomer (`TautomerEnumerator().Canonicalize`, default
/// settings); not part of the ChEMBL pipeline.
pub fn canonical_tautomer(mol: &Molecule) -> Result<Molecule> {
    let ptr = ffi::canonical_tautomer(mol.raw()).during("canonicalize tautomers")?;
    Molecule::from_ptr(ptr, "canonicalize tautomers")
}

/// A copy without coordinates, everything else kept (`RemoveAllConformers`):
/// the pipeline then treats an SD record like SMILES input, where
/// [`standardize`] would reject its 3D coordinates.
pub fn without_coordinates(mol: &Molecule) -> Result<Molecule> {
    let ptr = ffi::mol_without_conformers(mol.raw()).during("remove conformers")?;
    Molecule::from_ptr(ptr, "remove conformers")
}

fn standardize_error(e: genui_chem_sys::Exception) -> ChemError {
    ChemError::Standardize {
        reason: e.what().to_owned(),
    }
}
