//! Reading, writing and inspecting molecules.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// One atom, copied out of RDKit.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct AtomView {
        pub atomic_num: u32,
        pub formal_charge: i32,
        pub isotope: u32,
        pub is_aromatic: bool,
        pub total_hs: u32,
        pub degree: u32,
        pub radical_electrons: u32,
        /// RDKit's `Atom::HybridizationType` value.
        pub hybridization: u32,
        /// RDKit's `Atom::ChiralType` value.
        pub chiral_tag: u32,
        pub in_ring: bool,
    }

    /// One bond, copied out of RDKit.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct BondView {
        pub begin: u32,
        pub end: u32,
        /// 1, 1.5, 2, 3 … as RDKit's `getBondTypeAsDouble`.
        pub order: f64,
        /// RDKit's `Bond::BondType` value.
        pub bond_type: u32,
        pub is_aromatic: bool,
        pub in_ring: bool,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/mol.h");

        #[namespace = "RDKit"]
        type ROMol;

        fn mol_from_smiles(smiles: &str, sanitize: bool) -> Result<UniquePtr<ROMol>>;
        fn mol_from_trusted_smiles(smiles: &str) -> Result<UniquePtr<ROMol>>;
        fn mol_from_smarts(smarts: &str) -> Result<UniquePtr<ROMol>>;
        fn mol_from_molblock(
            block: &str,
            sanitize: bool,
            remove_hs: bool,
        ) -> Result<UniquePtr<ROMol>>;
        fn mol_clone(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_to_smiles(mol: &ROMol, isomeric: bool) -> Result<String>;
        fn mol_to_smiles_in_order(mol: &ROMol, order: &[u32]) -> Result<String>;
        fn mol_to_smarts(mol: &ROMol) -> Result<String>;
        fn mol_to_molblock(mol: &ROMol, title: &str) -> Result<String>;
        fn mol_with_2d_coords(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_sanitized(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_without_hs(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_kekulized(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_with_hs(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn mol_atoms(mol: &ROMol) -> Result<Vec<AtomView>>;
        fn mol_bonds(mol: &ROMol) -> Result<Vec<BondView>>;
        fn mol_fragment_ids(mol: &ROMol) -> Result<Vec<u32>>;
        fn mol_ring_sizes(mol: &ROMol) -> Result<Vec<i32>>;
        fn mol_chiral_center_count(mol: &ROMol, include_unassigned: bool) -> Result<u32>;
    }
}
