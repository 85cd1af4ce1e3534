//! Graph-level helpers that RDKit's Python descriptors (QED, BertzCT) rely on
//! and that have no counterpart among the C++ descriptors.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/graph.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        /// `Chem.DeleteSubstructs(mol, query, onlyFrags)`: a copy without the
        /// atoms matched by `query`. The result is not re-sanitized.
        fn delete_substructs(
            mol: &ROMol,
            query: &ROMol,
            only_frags: bool,
        ) -> Result<UniquePtr<ROMol>>;
        /// `len(Chem.GetSSSR(mol))`: perceives the smallest set of smallest
        /// rings afresh (the molecule's ring information is replaced).
        fn sssr_count(mol: &ROMol) -> Result<u32>;
        /// `rdMolDescriptors.CalcNumRotatableBonds(mol, strict)` where
        /// `strictness` is RDKit's `NumRotatableBondsOptions` value
        /// (-1 default, 0 non-strict, 1 strict, 2 strict linkages).
        fn num_rotatable_bonds(mol: &ROMol, strictness: i32) -> Result<u32>;
        /// `Chem.GetDistanceMatrix(mol, useBO, force=True)` as a row-major
        /// n×n matrix (1e8 between disconnected atoms); unlike the Python
        /// call it caches nothing on `mol`.
        fn distance_matrix(mol: &ROMol, use_bond_order: bool) -> Result<Vec<f64>>;
    }
}
