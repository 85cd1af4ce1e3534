//! The SD reader never panics or aborts on arbitrary bytes.
#![no_main]

use genui_chem::sdf::SdfReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for record in SdfReader::new(data).records() {
        if let Ok(Ok(record)) = record {
            record.molecule.to_smiles().expect("a parsed record writes SMILES");
        }
    }
});
