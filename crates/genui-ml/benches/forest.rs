//! Random forest fit times on 5-HT1A (3,833 molecules × 2,048 Morgan bits,
//! 100 trees), next to scikit-learn's with the same settings and
//! `n_jobs=2` when `tools/qsar/setup.sh` has installed it. Prints figures.
//!
//! cargo bench -p genui-qsar --bench forest

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use genui_ml::metrics::regression;
use genui_ml::{ForestParams, Mode, RandomForest};

fn main() {
    let data = common::as1();
    let labels: Vec<f64> = data
        .pki
        .iter()
        .map(|&p| f64::from(u8::from(p >= 6.5)))
        .collect();
    for (name, mode, y) in [
        (
            "regressor, all features per split",
            Mode::Regression,
            &data.pki,
        ),
        (
            "classifier, sqrt features per split",
            Mode::Classification,
            &labels,
        ),
    ] {
        let mut best = f64::INFINITY;
        let mut forest = None;
        for _ in 0..3 {
            let start = Instant::now();
            forest = Some(
                RandomForest::fit(&data.x, y, mode, &ForestParams::defaults(mode)).expect("fit"),
            );
            best = best.min(start.elapsed().as_secs_f64());
        }
        let nodes: usize = forest
            .as_ref()
            .map_or(0, |f| f.trees.iter().map(|t| t.nodes.len()).sum());
        println!(
            "genui-qsar fit, {name}, {} x 2048, 100 trees, 2 threads: {best:.2} s (best of 3; {nodes} nodes)",
            y.len()
        );
        if mode == Mode::Regression {
            let fitted = forest.expect("fitted").predict(&data.x);
            println!("  training R² {:.3}", regression(y, &fitted).r2);
        }
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/qsar/sklearn_as1.py"
    );
    match std::process::Command::new("/usr/bin/python3")
        .args([script, "--bench"])
        .output()
    {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        _ => println!(
            "(scikit-learn not available: run tools/qsar/setup.sh for the side-by-side figures)"
        ),
    }
}
