//! Depictions, scaffolds and fragments.

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/depict.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        fn mol_to_svg(
            mol: &ROMol,
            width: u32,
            height: u32,
            highlight: &[u32],
            legend: &str,
        ) -> Result<String>;
        fn murcko_scaffold(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn generic_scaffold(scaffold: &ROMol) -> Result<UniquePtr<ROMol>>;
        fn brics_fragments(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
    }
}
