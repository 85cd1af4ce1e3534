//! Shared by the import targets: an uploaded file with these bytes is read
//! by `source` within small limits (so the fuzzer's memory stays bounded as
//! the server's does), and its first records go through the import pipeline.

use genui_compounds::sources::{ImportLimits, Source};

pub fn import(source: &Source, bytes: &[u8]) {
    let path = std::env::temp_dir().join(format!("genui-fuzz-{}", std::process::id()));
    std::fs::write(&path, bytes).expect("the fuzzer writes its input");
    let limits = ImportLimits {
        max_bytes: 1 << 20,
        max_record_bytes: 64 << 10,
        max_records: 1_000,
        max_columns: 64,
    };
    // The upload's check and the import's reading both survive any bytes.
    let _ = source.check_file(&path, &limits);
    if let Ok(parsed) = source.read_file(&path, &limits) {
        assert!(parsed.read() <= limits.max_records);
        for record in parsed.records.into_iter().take(4) {
            let _ = genui_compounds::process(record);
        }
    }
}
