//! Substructure matching.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// Molecule atom indices matched by the query atoms, in query atom order.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AtomMatch {
        pub atoms: Vec<u32>,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/substruct.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        fn substruct_matches(
            mol: &ROMol,
            query: &ROMol,
            uniquify: bool,
            use_chirality: bool,
            max_matches: u32,
        ) -> Result<Vec<AtomMatch>>;
        fn has_substruct_match(mol: &ROMol, query: &ROMol, use_chirality: bool) -> Result<bool>;
    }
}
