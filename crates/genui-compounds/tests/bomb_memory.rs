//! A compressed bomb is refused in bounded memory: this binary's allocator
//! counts every byte the reading of one allocates (the only test here, so
//! nothing else allocates meanwhile), and the peak must stay far below what
//! holding the file's records would take.

use std::io::Write;

use genui_compounds::sources::{CsvMapping, ImportLimits, Source};
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &PeakMemAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// A gzip of a CSV header and `row` repeated until `expanded` bytes.
fn bomb(dir: &std::path::Path, row: &[u8], expanded: usize) -> std::path::PathBuf {
    let path = dir.join("bomb.csv.gz");
    let file = std::fs::File::create(&path).expect("create");
    let mut gzip = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gzip.write_all(b"SMILES,NAME\n").expect("write");
    for _ in 0..expanded / row.len() {
        gzip.write_all(row).expect("write");
    }
    gzip.finish().expect("finish");
    path
}

/// The error and peak bytes of reading `path` within `limits`.
fn read_peak(path: &std::path::Path, limits: &ImportLimits) -> (String, usize) {
    GLOBAL.reset_peak_memory();
    let outcome = Source::Csv(CsvMapping::default()).read_file(path, limits);
    let peak = GLOBAL.get_peak_memory();
    (outcome.expect_err("past a limit").to_string(), peak)
}

#[test]
fn bombs_are_refused_without_holding_their_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    const BOUND: usize = 8 << 20;

    // Tiny rows: 400,000 of them would be held (over 40 MB) before the record limit.
    let limits = ImportLimits {
        max_records: 400_000,
        ..ImportLimits::default()
    };
    let path = bomb(dir.path(), b"CCO,ethanol\n", 64 << 20);
    let (error, peak) = read_peak(&path, &limits);
    assert!(error.contains("GENUI_IMPORT_MAX_RECORDS"), "{error}");
    assert!(peak < BOUND, "tiny rows: peak {peak} bytes");

    // Long rows: 48 MB of them would be held before the byte limit.
    let limits = ImportLimits {
        max_bytes: 48 << 20,
        ..ImportLimits::default()
    };
    let long_row = [vec![b'C'; 2_000], b",x\n".to_vec()].concat();
    let path = bomb(dir.path(), &long_row, 96 << 20);
    let (error, peak) = read_peak(&path, &limits);
    assert!(error.contains("GENUI_IMPORT_MAX_BYTES"), "{error}");
    assert!(peak < BOUND, "long rows: peak {peak} bytes");

    // Within the limits, the same reader keeps every record.
    let path = bomb(dir.path(), b"CCO,ethanol\n", 12_000);
    let parsed = Source::Csv(CsvMapping::default())
        .read_file(&path, &ImportLimits::default())
        .expect("within the limits");
    assert_eq!((parsed.read(), parsed.records.len()), (1_000, 1_000));
}
