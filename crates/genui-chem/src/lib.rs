//! GenUI's chemistry core: a safe API over RDKit.
//!
//! Nothing else in GenUI talks to RDKit. Every RDKit failure is a
//! [`ChemError`] carrying RDKit's message; molecules are `Send`, so batches
//! run in parallel with rayon.

#![forbid(unsafe_code)]

mod bertz;
pub mod brics;
pub mod depict;
pub mod descriptors;
mod error;
pub mod fingerprint;
pub mod identifiers;
mod molecule;
pub mod qed;
pub mod sascore;
pub mod scaffold;
pub mod sdf;
pub mod similarity;
mod smiles_diagnostics;
pub mod standardize;
pub mod substructure;
pub mod table;

pub use error::{ChemError, Result, MAX_ATOMS, MAX_DUMMY_ATOMS, MAX_INPUT_LEN, MAX_MOLBLOCK_LEN};
pub use molecule::{AtomView, BondView, Molecule};
