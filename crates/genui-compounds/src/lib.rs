//! Compound sets: what happens to each imported structure before it is
//! stored. The import formats (CSV, SDF, ChEMBL) produce [`Record`]s; the
//! [`pipeline`] turns them into [`ProcessedMolecule`]s or rejections, and
//! [`merge_duplicates`] keeps one molecule per InChIKey with the activities
//! of all its records.

#![forbid(unsafe_code)]

mod dedupe;
pub mod pipeline;

pub use dedupe::{merge_duplicates, Merged};
pub use pipeline::{
    process, process_all, Activity, ProcessedMolecule, Record, Rejection, Structure,
};
