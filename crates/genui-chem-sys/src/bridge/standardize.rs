//! Standardization, parent selection and structure checks, ported from the
//! ChEMBL structure pipeline 1.2.2 (MIT licence, (c) 2019 Greg Landrum and
//! the ChEMBL group).

#[cxx::bridge(namespace = "genui")]
pub mod ffi {
    /// One finding of the ChEMBL checker: a penalty score (higher is worse;
    /// 6 and 7 exclude a structure) and its explanation.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CheckIssue {
        pub score: u8,
        pub message: String,
    }

    unsafe extern "C++" {
        include!("genui-chem-sys/cpp/include/standardize.h");

        #[namespace = "RDKit"]
        type ROMol = crate::mol_ffi::ROMol;

        /// The pipeline's `exclude_flag`: metals or more than 7 borons.
        fn chembl_exclude_flag(mol: &ROMol) -> Result<bool>;
        /// The pipeline's `standardize_mol` (check_exclusion, sanitize).
        fn chembl_standardize(
            mol: &ROMol,
            check_exclusion: bool,
            sanitize: bool,
        ) -> Result<UniquePtr<ROMol>>;
        /// The pipeline's `get_parent_mol`; `exclude` receives its flag.
        fn chembl_parent(
            mol: &ROMol,
            neutralize: bool,
            check_exclusion: bool,
            exclude: &mut bool,
        ) -> Result<UniquePtr<ROMol>>;
        /// The pipeline's `checker.check_molblock`, InChI checks included.
        fn chembl_check_molblock(molblock: &str) -> Result<Vec<CheckIssue>>;
        /// A copy without any conformer (coordinates), other data kept.
        fn mol_without_conformers(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
        /// RDKit's canonical tautomer (`TautomerEnumerator().Canonicalize`).
        fn canonical_tautomer(mol: &ROMol) -> Result<UniquePtr<ROMol>>;
    }
}
