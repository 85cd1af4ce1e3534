//! SMILES and SMARTS parsing never panics or aborts; whatever parses
//! writes back to SMILES that parses again.
#![no_main]

use genui_chem::substructure::QuerySpec;
use genui_chem::Molecule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(mol) = Molecule::from_smiles(text) {
        let smiles = mol.to_smiles().expect("a parsed molecule writes SMILES");
        assert!(Molecule::from_smiles(&smiles).is_ok(), "{smiles} does not re-parse");
    }
    let _ = QuerySpec::smarts(text).compile();
});
