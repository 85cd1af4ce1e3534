//! Compound sets: importing structures with their activities, storing them
//! and finding them again.
//!
//! * [`sources`] read CSV, SD files, ChEMBL (web API or export) into [`Record`]s;
//! * the [`pipeline`] turns records into [`ProcessedMolecule`]s (ChEMBL
//!   standardization, parent, identifiers, descriptors, fingerprints) or
//!   rejections, and [`merge_duplicates`] keeps one molecule per InChIKey;
//! * [`import`] is the task that does all of it and replaces a set's contents
//!   in one transaction; [`store`] is the database side;
//! * [`search`] (similarity, substructure), [`export`] (SDF, CSV) and
//!   [`summary`] (activity statistics) work on stored sets.

#![forbid(unsafe_code)]

mod dedupe;
pub mod export;
pub mod import;
pub mod pipeline;
pub mod report;
pub mod search;
pub mod sources;
pub mod store;
pub mod summary;

pub use dedupe::{merge_duplicates, Merged};
pub use pipeline::{
    process, process_all, Activity, ProcessedMolecule, Record, Rejection, Structure,
};
