//! Chemical reactions (reaction SMARTS), as BRICS decomposition applies them.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// One way a reaction applies to a molecule: its products as canonical SMILES (empty where
    /// a product cannot be sanitized) and their atom counts (hydrogens not counted).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProductSet {
        pub smiles: Vec<String>,
        pub atoms: Vec<u32>,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/reaction.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;
        #[namespace = "RDKit"]
        type ChemicalReaction;

        fn reaction_from_smarts(smarts: &str) -> Result<UniquePtr<ChemicalReaction>>;
        fn run_reactants(reaction: &ChemicalReaction, mol: &ROMol) -> Result<Vec<ProductSet>>;
    }
}
