//! SVG depictions.

use genui_chem_sys::depict_ffi as ffi;

use crate::error::{RdkitResultExt, Result};
use crate::molecule::Molecule;

/// How to draw a molecule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions {
    pub width: u32,
    pub height: u32,
    /// Atoms to highlight (and the bonds between them), e.g. search hits.
    pub highlight_atoms: Vec<u32>,
    pub legend: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            width: 300,
            height: 200,
            highlight_atoms: Vec::new(),
            legend: String::new(),
        }
    }
}

/// Draws the molecule with RDKit's MolDraw2DSVG (2D coordinates computed
/// when the molecule has none).
pub fn to_svg(mol: &Molecule, options: &SvgOptions) -> Result<String> {
    ffi::mol_to_svg(
        mol.raw(),
        options.width,
        options.height,
        &options.highlight_atoms,
        &options.legend,
    )
    .during("draw the molecule")
}
