//! Raw cxx bridge over RDKit's C++ library.
//!
//! Every function returns `Result`: cxx turns each C++ exception into a
//! `cxx::Exception` carrying RDKit's message, so none can abort the process.
//! Use the safe `genui-chem` crate instead of this one.

#![allow(unsafe_code)]

mod bridge {
    pub mod depict;
    pub mod descriptors;
    pub mod fingerprint;
    pub mod graph;
    pub mod inchi;
    pub mod mol;
    pub mod reaction;
    pub mod standardize;
    pub mod substruct;
}

pub use bridge::depict::ffi as depict_ffi;
pub use bridge::descriptors::ffi as descriptors_ffi;
pub use bridge::fingerprint::ffi as fingerprint_ffi;
pub use bridge::graph::ffi as graph_ffi;
pub use bridge::inchi::ffi as inchi_ffi;
pub use bridge::mol::ffi as mol_ffi;
pub use bridge::reaction::ffi as reaction_ffi;
pub use bridge::standardize::ffi as standardize_ffi;
pub use bridge::substruct::ffi as substruct_ffi;

pub use cxx::{Exception, UniquePtr};

// SAFETY: an `ROMol` owned through a `UniquePtr` is not shared with any other
// object and RDKit keeps no thread-affine state in it, so moving it to another
// thread is sound. It is deliberately not `Sync`: some `const` RDKit methods
// cache computed properties inside the molecule.
unsafe impl Send for mol_ffi::ROMol {}
