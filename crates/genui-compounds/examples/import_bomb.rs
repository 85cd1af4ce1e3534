//! What a compressed bomb costs the import: a gzip that expands to 2 GiB of CSV is read with
//! the default limits (`GENUI_IMPORT_MAX_*`), and the time, the peak memory of the process and
//! the error are printed. Each shape runs in a fresh process, so the peak is its own.
//!
//! cargo run --release -p genui-compounds --example import_bomb -- short|long|line

use std::io::Write;
use std::time::Instant;

use genui_compounds::sources::{CsvMapping, ImportLimits, Source};

/// Bytes the bomb expands to.
const EXPANDED: u64 = 2 << 30;

fn main() {
    let shape = std::env::args().nth(1).unwrap_or_else(|| "short".into());
    let row: Vec<u8> = match shape.as_str() {
        // Tiny rows: the record limit ends it.
        "short" => b"CCO,ethanol\n".to_vec(),
        // Long rows: the byte limit ends it.
        "long" => [vec![b'C'; 2_000], b",x\n".to_vec()].concat(),
        // One endless line: the record-length limit ends it.
        "line" => vec![b'C'; 1 << 20],
        other => panic!("unknown shape {other}: short, long or line"),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bomb.csv.gz");
    let started = Instant::now();
    let file = std::fs::File::create(&path).expect("create");
    let mut gzip = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gzip.write_all(b"SMILES,NAME\n").expect("write");
    let mut written = 0;
    while written < EXPANDED {
        gzip.write_all(&row).expect("write");
        written += row.len() as u64;
    }
    gzip.finish().expect("finish");
    let size = std::fs::metadata(&path).expect("size").len();
    println!(
        "{shape}: {} MB gzip expanding to {} MB, written in {:.1} s",
        size >> 20,
        written >> 20,
        started.elapsed().as_secs_f64()
    );
    let limits = ImportLimits::default();
    let started = Instant::now();
    let outcome = Source::Csv(CsvMapping::default()).read_file(&path, &limits);
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    match outcome {
        Ok(parsed) => println!("  read {} records (no limit passed)", parsed.read()),
        Err(e) => println!("  refused: {e}"),
    }
    println!(
        "  reading took {:.1} s, peak resident memory {peak}",
        started.elapsed().as_secs_f64()
    );
}
