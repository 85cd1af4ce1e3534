//! Substructure queries, single and in bulk with a fingerprint screen.

use genui_chem_sys::{mol_ffi, substruct_ffi as ffi, UniquePtr};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{ChemError, RdkitResultExt, Result, MAX_INPUT_LEN};
use crate::fingerprint::{BitFingerprint, FingerprintKind};
use crate::molecule::{shorten, Molecule};

/// Size of the pattern fingerprint used to screen out non-matches.
pub const SCREEN_BITS: u32 = 2048;
const SCREEN: FingerprintKind = FingerprintKind::Pattern {
    n_bits: SCREEN_BITS,
};

/// The language a query is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryLanguage {
    Smarts,
    Smiles,
}

/// A query as plain data: cheap to share between threads, parsed by
/// [`QuerySpec::compile`] into a [`Query`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuerySpec {
    pub text: String,
    pub language: QueryLanguage,
    #[serde(default)]
    pub use_chirality: bool,
}

impl QuerySpec {
    pub fn smarts(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            language: QueryLanguage::Smarts,
            use_chirality: false,
        }
    }

    pub fn smiles(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            language: QueryLanguage::Smiles,
            use_chirality: false,
        }
    }

    pub fn compile(&self) -> Result<Query> {
        let (mol, screen) = match self.language {
            QueryLanguage::Smarts => {
                let invalid = |reason: String| ChemError::InvalidSmarts {
                    input: shorten(&self.text),
                    reason,
                };
                if self.text.trim().is_empty()
                    || self.text.len() > MAX_INPUT_LEN
                    || self.text.contains('\0')
                {
                    return Err(invalid("empty, oversized or binary input".into()));
                }
                let mol = mol_ffi::mol_from_smarts(&self.text)
                    .map_err(|e| invalid(e.what().to_owned()))?;
                // RDKit can fingerprint most SMARTS queries; those it cannot
                // are matched without a screen.
                let screen = Molecule::from_ptr(
                    mol_ffi::mol_clone(&mol).during("copy a query")?,
                    "copy a query",
                )
                .and_then(|copy| SCREEN.compute(&copy))
                .ok();
                (mol, screen)
            }
            QueryLanguage::Smiles => {
                let query = Molecule::from_smiles(&self.text)?;
                let screen = SCREEN.compute(&query).ok();
                (
                    mol_ffi::mol_clone(query.raw()).during("copy a query")?,
                    screen,
                )
            }
        };
        Ok(Query {
            mol,
            use_chirality: self.use_chirality,
            screen,
        })
    }
}

/// A compiled substructure query.
pub struct Query {
    mol: UniquePtr<mol_ffi::ROMol>,
    use_chirality: bool,
    screen: Option<BitFingerprint>,
}

impl Query {
    fn raw(&self) -> &mol_ffi::ROMol {
        self.mol.as_ref().expect("Query holds a non-null pointer")
    }

    /// The pattern fingerprint that every matching molecule's
    /// [`screen_fingerprint`] contains, when the query has one.
    pub fn screen(&self) -> Option<&BitFingerprint> {
        self.screen.as_ref()
    }

    /// Does the molecule contain the query?
    pub fn is_match(&self, mol: &Molecule) -> Result<bool> {
        ffi::has_substruct_match(mol.raw(), self.raw(), self.use_chirality)
            .during("match a substructure")
    }

    /// Unique matches: molecule atom indices in query atom order.
    pub fn matches(&self, mol: &Molecule, max_matches: u32) -> Result<Vec<Vec<u32>>> {
        let found =
            ffi::substruct_matches(mol.raw(), self.raw(), true, self.use_chirality, max_matches)
                .during("match a substructure")?;
        Ok(found.into_iter().map(|m| m.atoms).collect())
    }

    /// Every molecule atom matched by the query, sorted, for highlighting.
    pub fn matched_atoms(&self, mol: &Molecule) -> Result<Vec<u32>> {
        let mut atoms: Vec<u32> = self.matches(mol, 1000)?.into_iter().flatten().collect();
        atoms.sort_unstable();
        atoms.dedup();
        Ok(atoms)
    }
}

/// The pattern fingerprint to store for a molecule so that [`search`] can
/// skip it without a graph match.
pub fn screen_fingerprint(mol: &Molecule) -> Result<BitFingerprint> {
    SCREEN.compute(mol)
}

/// Indices (ascending) of the SMILES whose molecules contain the query,
/// computed on all cores. `screens`, if given, holds each molecule's
/// [`screen_fingerprint`]. SMILES that do not parse never match.
pub fn search<S: AsRef<str> + Sync>(
    spec: &QuerySpec,
    smiles: &[S],
    screens: Option<&[BitFingerprint]>,
) -> Result<Vec<usize>> {
    search_with(spec, smiles, screens, Molecule::from_smiles)
}

/// [`search`] over SMILES that RDKit wrote (stored canonical SMILES), read
/// with [`Molecule::from_trusted_smiles`]: the same hits, several times faster.
pub fn search_canonical<S: AsRef<str> + Sync>(
    spec: &QuerySpec,
    smiles: &[S],
    screens: Option<&[BitFingerprint]>,
) -> Result<Vec<usize>> {
    search_with(spec, smiles, screens, Molecule::from_trusted_smiles)
}

fn search_with<S: AsRef<str> + Sync>(
    spec: &QuerySpec,
    smiles: &[S],
    screens: Option<&[BitFingerprint]>,
    read: fn(&str) -> Result<Molecule>,
) -> Result<Vec<usize>> {
    if screens.is_some_and(|s| s.len() != smiles.len()) {
        return Err(ChemError::InvalidArgument(
            "one screen fingerprint is needed per molecule".into(),
        ));
    }
    spec.compile()?; // report a bad query once, up front
    let hits = smiles
        .par_iter()
        .enumerate()
        // A compiled query holds RDKit state (recursive SMARTS): one per thread.
        .map_init(
            || spec.compile(),
            |query, (i, smiles)| {
                let Ok(query) = query else { return Ok(None) };
                if let (Some(q), Some(s)) = (query.screen(), screens) {
                    if !q.is_subset_of(&s[i]) {
                        return Ok(None);
                    }
                }
                match read(smiles.as_ref()) {
                    Ok(mol) => Ok(query.is_match(&mol)?.then_some(i)),
                    Err(_) => Ok(None),
                }
            },
        )
        .collect::<Result<Vec<Option<usize>>>>()?;
    Ok(hits.into_iter().flatten().collect())
}
