//! Descriptors that RDKit computes in C++.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// RDKit's descriptors, named as in `rdkit.Chem.Descriptors`.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Descriptors {
        pub mw: f64,
        pub exact_mw: f64,
        pub logp: f64,
        pub mr: f64,
        pub tpsa: f64,
        pub hbd: u32,
        pub hba: u32,
        pub rotatable_bonds: u32,
        pub heavy_atoms: u32,
        pub hetero_atoms: u32,
        pub formal_charge: i32,
        pub rings: u32,
        pub aromatic_rings: u32,
        pub aliphatic_rings: u32,
        pub saturated_rings: u32,
        pub heterocycles: u32,
        pub aromatic_heterocycles: u32,
        pub aliphatic_heterocycles: u32,
        pub saturated_heterocycles: u32,
        pub carbocycles: u32,
        pub aromatic_carbocycles: u32,
        pub aliphatic_carbocycles: u32,
        pub saturated_carbocycles: u32,
        pub fraction_csp3: f64,
        pub spiro_atoms: u32,
        pub bridgehead_atoms: u32,
        pub amide_bonds: u32,
        pub valence_electrons: i32,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/descriptors.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        fn descriptors(mol: &ROMol) -> Result<Descriptors>;
        fn outer_electrons(atomic_num: u32) -> Result<u32>;
    }
}
