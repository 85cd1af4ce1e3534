//! Graph-level helpers that RDKit's Python descriptors (QED, BertzCT) rely on
//! and that have no counterpart among the C++ descriptors.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// The four RDKit descriptors QED takes as they are, without the cost
    /// of the full descriptor set (Crippen dominates).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct QedBasics {
        /// `Descriptors.MolWt`.
        pub mw: f64,
        /// `Crippen.MolLogP`.
        pub logp: f64,
        /// `MolSurf.TPSA` (N and O only).
        pub tpsa: f64,
        /// `rdMolDescriptors.CalcNumHBD`.
        pub hbd: u32,
    }

    /// Atoms where rings meet, as the SA score penalises them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct RingJunctions {
        /// Atoms shared by two rings that share no bond.
        pub spiro_atoms: u32,
        /// Atoms shared by rings that share bonds, joining three or more ring bonds.
        pub bridgehead_atoms: u32,
    }

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
        /// Molecular weight, Crippen logP, TPSA and H-bond donors.
        fn qed_basics(mol: &ROMol) -> Result<QedBasics>;
        /// `CalcNumSpiroAtoms` and `CalcNumBridgeheadAtoms`.
        fn ring_junctions(mol: &ROMol) -> Result<RingJunctions>;
    }
}
