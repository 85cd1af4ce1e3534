//! InChI and InChIKey through the IUPAC InChI 1.03 library (Debian's RDKit is
//! built without InChI support).

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// What the InChI library answered for one structure.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InchiOutput {
        /// The library's `inchi_Ret_*` code: 0 okay, 1 warning, 2 error,
        /// 3 fatal, 4 unknown, 5 busy; -1 for an empty structure.
        pub code: i32,
        /// Standard InChI (`InChI=1S/…`), empty when none was made.
        pub inchi: String,
        /// Standard InChIKey, empty when none was made.
        pub key: String,
        /// The library's warning or error message (`; `-separated).
        pub message: String,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/inchi.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        /// The V2000 mol block InChI is computed from: RDKit's
        /// `MolToMolBlock`, after 2D coordinates if the molecule has none.
        fn inchi_molblock(mol: &ROMol) -> Result<String>;
        /// Standard InChI of a V2000 mol block, read the way InChI's own
        /// `inchi_main` reads molfiles.
        fn inchi_from_molblock(molblock: &str) -> Result<InchiOutput>;
    }
}
