//! Throughput of the chemistry core on MOSES SMILES, printed as molecules/s.
//!
//! cargo bench -p genui-chem --bench pipeline -- [MOSES_CSV_GZ] [N] [N_PIPELINE]
//!
//! Defaults: ../shared/data/moses/train.csv.gz (see the README for where to
//! get it), N = 100,000 molecules for (a), the first N_PIPELINE = N of them
//! for the slower (b). `tools/bench/rdkit_python_bench.py`
//! does the same work with RDKit's Python bindings, for the side-by-side
//! ratio recorded in the README.

use std::io::BufRead;
use std::time::Instant;

use flate2::read::GzDecoder;
use genui_chem::descriptors::descriptors;
use genui_chem::fingerprint::{BitFingerprint, FingerprintKind};
use genui_chem::identifiers::inchi;
use genui_chem::similarity::FingerprintIndex;
use genui_chem::standardize::{parent, standardize};
use genui_chem::Molecule;
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let path = args.first().cloned().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/moses/train.csv.gz"
        )
        .to_owned()
    });
    let n: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let n_pipeline: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(n);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let smiles: Vec<String> = std::io::BufReader::new(GzDecoder::new(file))
        .lines()
        .skip(1)
        .take(n)
        .map(|l| l.expect("readable input"))
        .collect();
    let n = smiles.len();
    let threads = rayon::current_num_threads();
    println!("genui-chem benchmark: {n} MOSES SMILES from {path}, {threads} threads available");

    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let rate = |label: &str, inputs: &[String], work: fn(&str) -> bool, one_thread: bool| {
        let start = Instant::now();
        let run = || inputs.par_iter().filter(|s| work(s)).count();
        let done = if one_thread {
            single.install(run)
        } else {
            run()
        };
        let seconds = start.elapsed().as_secs_f64();
        let total = inputs.len();
        println!(
            "genui-chem {label}: {:.1} mol/s ({done} of {total} ok, {seconds:.2} s)",
            total as f64 / seconds
        );
    };
    let pipeline_inputs = &smiles[..n_pipeline.min(n)];
    rate(
        "(a) parse+smiles+morgan, 1 thread",
        &smiles,
        parse_smiles_morgan,
        true,
    );
    rate(
        &format!("(a) parse+smiles+morgan, {threads} threads"),
        &smiles,
        parse_smiles_morgan,
        false,
    );
    rate(
        "(b) import pipeline, 1 thread",
        pipeline_inputs,
        import_pipeline,
        true,
    );
    rate(
        &format!("(b) import pipeline, {threads} threads"),
        pipeline_inputs,
        import_pipeline,
        false,
    );
    similarity_search(&smiles, 1_000_000);
    println!("genui-chem peak memory (VmHWM): {}", peak_memory());
}

/// Top-10 and threshold (Tanimoto >= 0.7) searches over `size` ECFP4
/// fingerprints (the inputs' fingerprints, repeated to reach `size`).
fn similarity_search(smiles: &[String], size: usize) {
    let fps: Vec<BitFingerprint> = smiles
        .par_iter()
        .filter_map(|s| Molecule::from_smiles(s).ok())
        .filter_map(|m| FingerprintKind::ECFP4.compute(&m).ok())
        .collect();
    if fps.is_empty() {
        return;
    }
    let mut index = FingerprintIndex::new(2048);
    for fp in fps.iter().cycle().take(size) {
        index.push(fp).expect("same size");
    }
    let queries: Vec<&BitFingerprint> = fps.iter().step_by(fps.len() / 20 + 1).take(20).collect();
    let time = |label: &str, search: &dyn Fn(&BitFingerprint) -> usize| {
        let start = Instant::now();
        let hits: usize = queries.iter().map(|q| search(q)).sum();
        let per_query = start.elapsed().as_secs_f64() * 1e3 / queries.len() as f64;
        println!("genui-chem similarity {label} over {} fingerprints: {per_query:.1} ms/query ({hits} hits in all)", index.len());
    };
    time("top-10", &|q| index.top_k(q, 10).expect("search").len());
    time("threshold 0.7", &|q| {
        index.threshold(q, 0.7).expect("search").len()
    });
}

/// The process's peak resident memory, as Linux reports it.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn parse_smiles_morgan(smiles: &str) -> bool {
    let Ok(mol) = Molecule::from_smiles(smiles) else {
        return false;
    };
    mol.to_smiles().is_ok() && FingerprintKind::ECFP4.compute(&mol).is_ok()
}

/// What a compound import does per molecule: parse, standardize, parent,
/// canonical SMILES, InChI(Key), descriptors, fingerprint.
fn import_pipeline(smiles: &str) -> bool {
    let run = || -> genui_chem::Result<()> {
        let mol = Molecule::from_smiles(smiles)?;
        let parent = parent(&standardize(&mol)?)?.molecule;
        parent.to_smiles()?;
        inchi(&parent)?;
        descriptors(&parent)?;
        FingerprintKind::ECFP4.compute(&parent)?;
        Ok(())
    };
    run().is_ok()
}
