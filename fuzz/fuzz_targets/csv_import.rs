//! A CSV upload (the default mapping, and as a ChEMBL export) never panics or
//! aborts an import, whatever its bytes.
#![no_main]

mod import_file;

use genui_compounds::sources::{ChemblFileOptions, CsvMapping, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_file::import(&Source::Csv(CsvMapping::default()), data);
    import_file::import(&Source::ChemblFile(ChemblFileOptions::default()), data);
});
