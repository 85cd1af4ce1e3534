//! What the engine's integration tests share: unwrapping with the error's message, and the
//! MOSES molecules in `testdata/`.

#![allow(dead_code)] // each test crate uses what it needs

use std::io::{BufRead, BufReader};

/// The value, or a panic with the error's message.
pub fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// The first `n` of `testdata/moses_first_10k.csv.gz` (10,000 MOSES training molecules).
pub fn moses(n: usize) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/moses_first_10k.csv.gz"
    );
    let file = ok(std::fs::File::open(path));
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .skip(1)
        .take(n)
        .map(ok)
        .collect()
}
