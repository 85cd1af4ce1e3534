//! SMILES and SMARTS parsing never panics or aborts; whatever parses
//! writes SMILES (which RDKit cannot always read back: that is an error).
#![no_main]

use genui_chem::substructure::QuerySpec;
use genui_chem::Molecule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(mol) = Molecule::from_smiles(text) {
        let smiles = mol.to_smiles().expect("a parsed molecule writes SMILES");
        let _ = Molecule::from_smiles(&smiles);
    }
    let _ = QuerySpec::smarts(text).compile();
});
