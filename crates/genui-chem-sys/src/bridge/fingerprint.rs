//! Fingerprints: bit vectors as packed little-endian 64-bit words.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// A set bit (or hashed id) and how often it occurs.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct BitCount {
        pub bit: u32,
        pub count: u32,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/fingerprint.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        fn morgan_bits(
            mol: &ROMol,
            radius: u32,
            n_bits: u32,
            use_chirality: bool,
            use_features: bool,
        ) -> Result<Vec<u64>>;
        fn morgan_counts(
            mol: &ROMol,
            radius: u32,
            n_bits: u32,
            use_chirality: bool,
            use_features: bool,
        ) -> Result<Vec<BitCount>>;
        fn morgan_sparse_counts(mol: &ROMol, radius: u32) -> Result<Vec<BitCount>>;
        fn rdkit_path_bits(
            mol: &ROMol,
            min_path: u32,
            max_path: u32,
            n_bits: u32,
        ) -> Result<Vec<u64>>;
        fn maccs_bits(mol: &ROMol) -> Result<Vec<u64>>;
        fn atom_pair_bits(mol: &ROMol, n_bits: u32) -> Result<Vec<u64>>;
        fn pattern_bits(mol: &ROMol, n_bits: u32) -> Result<Vec<u64>>;
    }
}
