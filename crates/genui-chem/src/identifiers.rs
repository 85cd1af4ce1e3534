//! Standard InChI and InChIKey.
//!
//! Debian's RDKit is built without InChI, so these come from the IUPAC InChI
//! 1.03 library. The molecule goes through the same path as the reference
//! tool chain (`MolToMolBlock`, then InChI's own molfile reading), so the
//! results equal those of `inchi_main … -Key -AuxNone` on RDKit's mol block.

use genui_chem_sys::inchi_ffi as ffi;

use crate::error::{ChemError, RdkitResultExt, Result};
use crate::molecule::Molecule;

/// A standard InChI, its InChIKey, and InChI's warning if it gave one
/// (e.g. `Omitted undefined stereo`, `Proton(s) added/removed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inchi {
    pub inchi: String,
    pub key: String,
    pub warning: Option<String>,
}

/// Standard InChI and InChIKey of a molecule (2D coordinates are computed
/// when it has none, as `inchi_main` needs a mol block).
pub fn inchi(mol: &Molecule) -> Result<Inchi> {
    let block = inchi_molblock(mol)?;
    inchi_from_molblock(&block)
}

/// The mol block InChI is computed from: RDKit's `MolToMolBlock` of the
/// molecule, after 2D coordinates (canonically oriented, as Python's
/// `Compute2DCoords`) when it has no conformer.
pub fn inchi_molblock(mol: &Molecule) -> Result<String> {
    ffi::inchi_molblock(mol.raw()).during("write a mol block for InChI")
}

/// Standard InChI of a V2000 mol block, read the way InChI's `inchi_main`
/// reads molfiles.
pub fn inchi_from_molblock(block: &str) -> Result<Inchi> {
    let out = ffi::inchi_from_molblock(block).map_err(|e| ChemError::Inchi {
        code: None,
        message: e.what().to_owned(),
    })?;
    if out.inchi.is_empty() || out.key.is_empty() {
        return Err(ChemError::Inchi {
            code: Some(out.code),
            message: out.message,
        });
    }
    Ok(Inchi {
        inchi: out.inchi,
        key: out.key,
        warning: (!out.message.is_empty()).then_some(out.message),
    })
}
