//! The molecule type and its conversions to and from text.

use std::fmt;

use genui_chem_sys::{mol_ffi as ffi, UniquePtr};

pub use ffi::{AtomView, BondView};

use crate::error::{
    ChemError, RdkitResultExt, Result, MAX_ATOMS, MAX_DUMMY_ATOMS, MAX_INPUT_LEN, MAX_MOLBLOCK_LEN,
};
use crate::smiles_diagnostics::explain_smiles_error;

/// A sanitized RDKit molecule. Owned, deep-copied on `Clone`, and `Send`, so
/// batches can be spread over threads.
pub struct Molecule {
    ptr: UniquePtr<ffi::ROMol>,
}

impl Molecule {
    /// Parses and sanitizes SMILES, as `Chem.MolFromSmiles` does.
    pub fn from_smiles(smiles: &str) -> Result<Self> {
        Self::parse_smiles(smiles, true)
    }

    /// Parses SMILES without sanitizing (no valence or aromaticity checks).
    pub fn from_smiles_unsanitized(smiles: &str) -> Result<Self> {
        Self::parse_smiles(smiles, false)
    }

    /// Reads SMILES that RDKit itself wrote (e.g. stored canonical SMILES)
    /// several times faster: no sanitization, only the valences and rings
    /// substructure matching needs. Other SMILES may give wrong matches.
    pub fn from_trusted_smiles(smiles: &str) -> Result<Self> {
        check_text(smiles, MAX_INPUT_LEN).map_err(|reason| ChemError::InvalidSmiles {
            input: shorten(smiles),
            reason,
        })?;
        Self::from_ptr(
            ffi::mol_from_trusted_smiles(smiles).map_err(|e| ChemError::InvalidSmiles {
                input: shorten(smiles),
                reason: e.what().to_owned(),
            })?,
            "read SMILES",
        )
    }

    fn parse_smiles(smiles: &str, sanitize: bool) -> Result<Self> {
        let invalid = |reason: String| ChemError::InvalidSmiles {
            input: shorten(smiles),
            reason,
        };
        check_text(smiles, MAX_INPUT_LEN).map_err(invalid)?;
        let atoms = estimated_smiles_atoms(smiles);
        if atoms > MAX_ATOMS {
            return Err(invalid(too_many_atoms(atoms)));
        }
        let dummies = smiles.matches('*').count();
        if dummies > MAX_DUMMY_ATOMS {
            return Err(invalid(too_many_dummies(dummies)));
        }
        match ffi::mol_from_smiles(smiles, sanitize) {
            Ok(ptr) => Ok(Self { ptr }),
            Err(e) if e.what() == "SMILES syntax error" => {
                Err(invalid(explain_smiles_error(smiles)))
            }
            Err(e) => Err(invalid(e.what().to_owned())),
        }
    }

    /// Parses a V2000/V3000 mol block, sanitized and without explicit
    /// hydrogens, as RDKit's SD supplier does by default.
    pub fn from_molblock(block: &str) -> Result<Self> {
        let invalid = |reason: String| ChemError::InvalidMolBlock { reason };
        check_text(block, MAX_MOLBLOCK_LEN).map_err(invalid)?;
        if let Some(atoms) = molblock_atom_count(block).filter(|&n| n > MAX_ATOMS) {
            return Err(invalid(too_many_atoms(atoms)));
        }
        let dummies = molblock_dummy_atoms(block);
        if dummies > MAX_DUMMY_ATOMS {
            return Err(invalid(too_many_dummies(dummies)));
        }
        ffi::mol_from_molblock(block, true, true)
            .map(|ptr| Self { ptr })
            .map_err(|e| invalid(e.what().to_owned()))
    }

    pub(crate) fn from_ptr(ptr: UniquePtr<ffi::ROMol>, operation: &'static str) -> Result<Self> {
        if ptr.is_null() {
            return Err(ChemError::Rdkit {
                operation,
                reason: "no molecule returned".into(),
            });
        }
        Ok(Self { ptr })
    }

    pub(crate) fn raw(&self) -> &ffi::ROMol {
        // The pointer is checked non-null in every constructor.
        self.ptr
            .as_ref()
            .expect("Molecule holds a non-null pointer")
    }

    /// Canonical isomeric SMILES (RDKit's `MolToSmiles` defaults).
    pub fn to_smiles(&self) -> Result<String> {
        ffi::mol_to_smiles(self.raw(), true).during("write SMILES")
    }

    /// Non-canonical isomeric SMILES written with the atoms renumbered so that old atom
    /// `order[i]` becomes atom `i` (a random `order` gives a randomized SMILES, used to augment
    /// training corpora); `order` must be a permutation of the atom indexes.
    pub fn to_smiles_in_order(&self, order: &[u32]) -> Result<String> {
        let n = self.num_atoms();
        let mut seen = vec![false; n];
        let permutation = order.len() == n
            && order
                .iter()
                .all(|&i| (i as usize) < n && !std::mem::replace(&mut seen[i as usize], true));
        if !permutation {
            return Err(ChemError::InvalidArgument(format!(
                "an atom order must list each of the {n} atoms once"
            )));
        }
        ffi::mol_to_smiles_in_order(self.raw(), order).during("write SMILES")
    }

    /// Canonical SMILES without stereochemistry or isotopes.
    pub fn to_flat_smiles(&self) -> Result<String> {
        ffi::mol_to_smiles(self.raw(), false).during("write SMILES")
    }

    /// A V2000 mol block with 2D coordinates (computed if the molecule has none).
    pub fn to_molblock(&self, title: &str) -> Result<String> {
        ffi::mol_to_molblock(self.raw(), title).during("write a mol block")
    }

    /// A copy with freshly computed 2D coordinates.
    pub fn with_2d_coords(&self) -> Result<Self> {
        Self::from_ptr(
            ffi::mol_with_2d_coords(self.raw()).during("compute 2D coordinates")?,
            "compute 2D coordinates",
        )
    }

    /// A copy with explicit hydrogens removed.
    pub fn without_hs(&self) -> Result<Self> {
        Self::from_ptr(
            ffi::mol_without_hs(self.raw()).during("remove hydrogens")?,
            "remove hydrogens",
        )
    }

    /// A copy with alternating single and double bonds in place of aromatic ones (and no
    /// aromatic flags), as RDKit's `Kekulize(mol, clearAromaticFlags=True)`.
    pub fn kekulized(&self) -> Result<Self> {
        Self::from_ptr(
            ffi::mol_kekulized(self.raw()).during("kekulize")?,
            "kekulize",
        )
    }

    /// A copy with all hydrogens explicit.
    pub fn with_hs(&self) -> Result<Self> {
        Self::from_ptr(
            ffi::mol_with_hs(self.raw()).during("add hydrogens")?,
            "add hydrogens",
        )
    }

    pub fn atoms(&self) -> Vec<AtomView> {
        ffi::mol_atoms(self.raw()).unwrap_or_default()
    }

    pub fn bonds(&self) -> Vec<BondView> {
        ffi::mol_bonds(self.raw()).unwrap_or_default()
    }

    pub fn num_atoms(&self) -> usize {
        self.atoms().len()
    }

    /// For each atom, the index of the connected fragment it belongs to.
    pub fn fragment_ids(&self) -> Vec<u32> {
        ffi::mol_fragment_ids(self.raw()).unwrap_or_default()
    }

    /// Sizes of the rings of the smallest set of smallest rings.
    pub fn ring_sizes(&self) -> Result<Vec<usize>> {
        let sizes = ffi::mol_ring_sizes(self.raw()).during("find rings")?;
        Ok(sizes.into_iter().map(|size| size as usize).collect())
    }

    /// Number of stereocentres, assigned or (optionally) not.
    pub fn chiral_center_count(&self, include_unassigned: bool) -> Result<usize> {
        ffi::mol_chiral_center_count(self.raw(), include_unassigned)
            .map(|n| n as usize)
            .during("find chiral centres")
    }
}

impl Clone for Molecule {
    fn clone(&self) -> Self {
        let ptr = ffi::mol_clone(self.raw()).expect("copying a molecule cannot fail");
        Self { ptr }
    }
}

impl fmt::Debug for Molecule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let smiles = self.to_smiles().unwrap_or_else(|e| e.to_string());
        f.debug_tuple("Molecule").field(&smiles).finish()
    }
}

impl std::str::FromStr for Molecule {
    type Err = ChemError;
    fn from_str(smiles: &str) -> Result<Self> {
        Self::from_smiles(smiles)
    }
}

/// Rejects text RDKit should never see: empty, oversized, or with NUL bytes
/// (which would cut a C string short).
fn check_text(text: &str, max_len: usize) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("empty input".into());
    }
    if text.len() > max_len {
        return Err(format!(
            "input is {} bytes long, more than the {max_len} allowed",
            text.len()
        ));
    }
    if text.contains('\0') {
        return Err("input contains a NUL byte".into());
    }
    Ok(())
}

/// At most 200 characters of a user's input, for error messages.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn too_many_atoms(atoms: usize) -> String {
    format!("about {atoms} atoms, more than the {MAX_ATOMS} allowed for a small molecule")
}

fn too_many_dummies(dummies: usize) -> String {
    format!("{dummies} dummy atoms (*), more than the {MAX_DUMMY_ATOMS} allowed")
}

/// Dummy-like atoms of a mol block: `*`, R groups and query atoms, read
/// from the V2000 atom lines or the V3000 atom entries.
fn molblock_dummy_atoms(block: &str) -> usize {
    const DUMMIES: [&str; 6] = ["*", "R", "R#", "A", "Q", "L"];
    let atoms = molblock_atom_count(block).unwrap_or(0);
    if block.lines().nth(3).is_some_and(|l| l.contains("V3000")) {
        return block
            .lines()
            .filter(|l| l.starts_with("M  V30 "))
            .skip_while(|l| !l.contains("BEGIN ATOM"))
            .skip(1)
            .take_while(|l| !l.contains("END ATOM"))
            .filter(|l| {
                l.split_whitespace()
                    .nth(3)
                    .is_some_and(|s| DUMMIES.contains(&s))
            })
            .count();
    }
    block
        .lines()
        .skip(4)
        .take(atoms)
        .filter(|l| l.get(31..34).is_some_and(|s| DUMMIES.contains(&s.trim())))
        .count()
}

/// Upper estimate of a SMILES string's atom count: element symbols start
/// with an upper-case letter or an aromatic lower-case one; a bracket atom
/// counts once.
fn estimated_smiles_atoms(smiles: &str) -> usize {
    let mut count = 0;
    let mut in_bracket = false;
    let mut previous = ' ';
    for c in smiles.chars() {
        match c {
            '[' => {
                in_bracket = true;
                count += 1;
            }
            ']' => in_bracket = false,
            _ if in_bracket => {}
            'A'..='Z' | '*' => count += 1,
            'b' | 'c' | 'n' | 'o' | 'p' | 's' if !previous.is_ascii_uppercase() => count += 1,
            _ => {}
        }
        previous = c;
    }
    count
}

/// The atom count a mol block declares (V2000 counts line or V3000 COUNTS).
fn molblock_atom_count(block: &str) -> Option<usize> {
    let counts = block.lines().nth(3)?;
    if counts.contains("V3000") {
        let line = block.lines().find(|l| l.starts_with("M  V30 COUNTS"))?;
        return line.split_whitespace().nth(3)?.parse().ok();
    }
    counts.get(..3)?.trim().parse().ok()
}
