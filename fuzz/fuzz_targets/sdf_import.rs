//! An SD file upload never panics or aborts an import, whatever its bytes.
#![no_main]

mod import_file;

use genui_compounds::sources::{SdfMapping, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_file::import(&Source::Sdf(SdfMapping::default()), data);
});
