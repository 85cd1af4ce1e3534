//! A gzipped upload never panics, aborts or outgrows the import limits,
//! whatever follows the gzip magic: the fuzzer's bytes are the compressed
//! stream, read as CSV and as SD file.
#![no_main]

mod import_file;

use genui_compounds::sources::{CsvMapping, SdfMapping, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let gzip = [&[0x1f, 0x8b][..], data.strip_prefix(&[0x1f, 0x8b]).unwrap_or(data)].concat();
    import_file::import(&Source::Csv(CsvMapping::default()), &gzip);
    import_file::import(&Source::Sdf(SdfMapping::default()), &gzip);
});
