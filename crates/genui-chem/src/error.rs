//! Typed errors of the chemistry core.

use thiserror::Error;

/// Everything that can go wrong in the chemistry core. Each variant carries
/// RDKit's own message where RDKit gave one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChemError {
    #[error("invalid SMILES {input:?}: {reason}")]
    InvalidSmiles { input: String, reason: String },
    #[error("invalid SMARTS {input:?}: {reason}")]
    InvalidSmarts { input: String, reason: String },
    #[error("invalid mol block: {reason}")]
    InvalidMolBlock { reason: String },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    #[error("RDKit failed to {operation}: {reason}")]
    Rdkit {
        operation: &'static str,
        reason: String,
    },
    /// InChI made no identifier; `code` is the library's `inchi_Ret_*`
    /// value when it got that far (2 error, 3 fatal, -1 empty structure).
    #[error("InChI failed: {message}")]
    Inchi { code: Option<i32>, message: String },
    /// The ChEMBL standardizer raised, e.g. for a 3D structure or one whose
    /// normalized form RDKit cannot sanitize.
    #[error("standardization failed: {reason}")]
    Standardize { reason: String },
}

pub type Result<T, E = ChemError> = std::result::Result<T, E>;

/// Longest SMILES/SMARTS the parsers accept; longer strings are rejected up
/// front so that junk uploads cannot make RDKit spin.
pub const MAX_INPUT_LEN: usize = 10_000;

/// Largest molecule accepted, in atoms. RDKit 2022.09's sanitization is
/// cubic on long acyclic chains (1,000 atoms: 0.8 s; 2,000: 7 s), so larger
/// inputs would let one record stall a worker. GenUI is for small molecules.
pub const MAX_ATOMS: usize = 1_000;

/// Most dummy atoms (`*`, R groups) accepted in one molecule: RDKit's
/// kekulization backtracks exponentially over aromatic rings of dummies
/// (40 of them: 1.4 s, 48: 22 s — found by fuzzing).
pub const MAX_DUMMY_ATOMS: usize = 16;

/// Longest mol block accepted (a 1,000-atom block is about 150 kB).
pub const MAX_MOLBLOCK_LEN: usize = 1 << 20;

pub(crate) trait RdkitResultExt<T> {
    /// Turns a C++ exception into [`ChemError::Rdkit`] naming what we tried.
    fn during(self, operation: &'static str) -> Result<T>;
}

impl<T> RdkitResultExt<T> for Result<T, genui_chem_sys::Exception> {
    fn during(self, operation: &'static str) -> Result<T> {
        self.map_err(|e| ChemError::Rdkit {
            operation,
            reason: e.what().to_owned(),
        })
    }
}
