//! Single-thread throughput of `descriptors()` and of its parts over the
//! 10,000 MOSES SMILES in `testdata/` (parsing excluded).
//!
//!     cargo run --release -p genui-chem --example descriptor_throughput

use std::time::Instant;

use flate2::read::GzDecoder;
use genui_chem::descriptors::{bertz_ct, descriptors, qed, rdkit_descriptors, sa_score};
use genui_chem::{Molecule, Result};

fn main() -> Result<()> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/moses_first_10k.csv.gz"
    );
    let file = std::fs::File::open(path).expect("testdata/moses_first_10k.csv.gz");
    let mut reader = csv::Reader::from_reader(GzDecoder::new(file));
    let mols: Vec<Molecule> = reader
        .records()
        .map(|r| Molecule::from_smiles(&r.expect("CSV row")[0]))
        .collect::<Result<_>>()?;
    // Warm up the lazily built tables (SA fragment scores, QED patterns).
    descriptors(&mols[0])?;

    let time = |name: &str, f: &dyn Fn(&Molecule) -> Result<()>| -> Result<()> {
        let start = Instant::now();
        for mol in &mols {
            f(mol)?;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<18} {:>8.0} molecules/s ({:.1} µs each)",
            mols.len() as f64 / secs,
            secs * 1e6 / mols.len() as f64
        );
        Ok(())
    };
    time("descriptors()", &|m| descriptors(m).map(drop))?;
    time("rdkit_descriptors", &|m| rdkit_descriptors(m).map(drop))?;
    time("bertz_ct", &|m| bertz_ct(m).map(drop))?;
    time("qed", &|m| qed(m).map(drop))?;
    time("sa_score", &|m| sa_score(m).map(drop))?;
    Ok(())
}
