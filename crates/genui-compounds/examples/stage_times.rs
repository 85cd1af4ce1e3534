//! Where the import pipeline's time goes: each stage of
//! `genui_compounds::process`, timed on one thread over the first N SMILES
//! of a CSV (gzip) file (plus QED alone and unscreened, for comparison).
//!
//! cargo run --release -p genui-compounds --example stage_times -- FILE.csv.gz [N]

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use genui_chem::descriptors::{descriptors_screened, qed};
use genui_chem::identifiers::inchi;
use genui_chem::standardize::{parent, standardize};
use genui_chem::substructure::screen_fingerprint;
use genui_chem::Molecule;
use genui_compounds::pipeline::SIMILARITY_FINGERPRINT;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("a CSV file of SMILES");
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let file = std::fs::File::open(path).expect("open");
    let smiles: Vec<String> = BufReader::new(flate2::read::MultiGzDecoder::new(file))
        .lines()
        .skip(1)
        .take(n)
        .map(|l| l.expect("line").split(',').next().unwrap_or("").to_owned())
        .collect();
    let mut stages: Vec<(&str, Duration)> = Vec::new();
    let mut time = |name: &'static str, f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        let elapsed = start.elapsed();
        match stages.iter_mut().find(|(s, _)| *s == name) {
            Some((_, total)) => *total += elapsed,
            None => stages.push((name, elapsed)),
        }
    };
    for s in &smiles {
        let mut mol = None;
        time("parse", &mut || mol = Molecule::from_smiles(s).ok());
        let Some(mol) = mol else { continue };
        let mut standardized = None;
        time("standardize", &mut || standardized = standardize(&mol).ok());
        let Some(standardized) = standardized else {
            continue;
        };
        let mut parent_mol = None;
        time("parent", &mut || parent_mol = parent(&standardized).ok());
        let Some(p) = parent_mol else { continue };
        let m = p.molecule;
        time("smiles + read back", &mut || {
            let text = m.to_smiles().expect("smiles");
            Molecule::from_smiles(&text).expect("read back");
        });
        time("inchi", &mut || {
            inchi(&m).ok();
        });
        let mut screen = None;
        time("pattern screen", &mut || {
            screen = screen_fingerprint(&m).ok()
        });
        time("31 descriptors", &mut || {
            descriptors_screened(&m, screen.as_ref()).ok();
        });
        time("  (QED alone, unscreened)", &mut || {
            qed(&m).ok();
        });
        time("ecfp4", &mut || {
            SIMILARITY_FINGERPRINT.compute(&m).ok();
        });
    }
    // QED unscreened is shown for comparison only, not part of the pipeline.
    let total: Duration = stages
        .iter()
        .filter(|(name, _)| !name.starts_with(' '))
        .map(|(_, d)| *d)
        .sum();
    println!(
        "{} molecules, one thread, {:.0} mol/s in all",
        smiles.len(),
        smiles.len() as f64 / total.as_secs_f64()
    );
    for (name, d) in &stages {
        println!(
            "{name:>20}: {:7.1} µs/mol  {:5.1}%",
            d.as_secs_f64() * 1e6 / smiles.len() as f64,
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
}
