//! Bemis–Murcko scaffolds and BRICS fragments.

use genui_chem_sys::depict_ffi as ffi;

use crate::error::{RdkitResultExt, Result};
use crate::molecule::Molecule;

/// The Bemis–Murcko scaffold: ring systems and their linkers (an empty
/// molecule for acyclic input), as RDKit's `GetScaffoldForMol`.
pub fn murcko(mol: &Molecule) -> Result<Molecule> {
    Molecule::from_ptr(
        ffi::murcko_scaffold(mol.raw()).during("find the Murcko scaffold")?,
        "find the Murcko scaffold",
    )
}

/// The generic scaffold: the Murcko scaffold with every atom a carbon and
/// every bond single, as RDKit's `MakeScaffoldGeneric(GetScaffoldForMol(m))`.
pub fn generic(mol: &Molecule) -> Result<Molecule> {
    let scaffold = murcko(mol)?;
    Molecule::from_ptr(
        ffi::generic_scaffold(scaffold.raw()).during("make a generic scaffold")?,
        "make a generic scaffold",
    )
}

/// The BRICS fragments of a molecule as canonical SMILES with their cut points as dummy atoms
/// (`[1*]`, …), as MOSES computes them: `MolToSmiles(FragmentOnBRICSBonds(m)).split(".")`.
pub fn brics_fragments(mol: &Molecule) -> Result<Vec<String>> {
    let pieces = Molecule::from_ptr(
        ffi::brics_fragments(mol.raw()).during("cut BRICS bonds")?,
        "cut BRICS bonds",
    )?;
    Ok(pieces.to_smiles()?.split('.').map(str::to_string).collect())
}
