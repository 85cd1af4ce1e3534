//! t-SNE of the first N MOSES SMILES (ECFP4, Jaccard distances, perplexity
//! 30, openTSNE's defaults) and UMAP (umap-learn's defaults), next to openTSNE in the same run when
//! `tools/maps/setup.sh` has installed it. Prints time, peak memory and the
//! share of each molecule's 10 nearest neighbours kept on the map (up to
//! 20,000 points); from 10,000 to 20,000 points both t-SNE gradients; above
//! 20,000 points the time and recall of the approximate neighbour graph
//! (UMAP runs up to 100,000 points).
//!
//! cargo bench -p genui-maps --bench tsne -- [N ...] [path to train.csv.gz]
//! (default 10000 and ../shared/data/moses/train.csv.gz; see testdata/README.md)

use std::io::BufRead;
use std::time::Instant;

use genui_chem::fingerprint::FingerprintKind;
use genui_chem::Molecule;
use genui_ml::maps::neighbours::{approximate, EXACT_LIMIT};
use genui_ml::maps::tsne::FFT_FROM;
use genui_ml::maps::umap::{umap, UmapParams};
use genui_ml::maps::{
    nearest, neighbourhood_preservation, tsne, GradientMethod, Points, TsneParams,
};
use genui_ml::BitMatrix;
use rayon::prelude::*;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn fingerprints(path: &str, n: usize) -> BitMatrix {
    let file = std::fs::File::open(path).expect("MOSES train.csv.gz");
    let lines: Vec<String> = std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .skip(1)
        .take(n)
        .map(|line| line.expect("line"))
        .collect();
    let words: Vec<Vec<u64>> = lines
        .par_iter()
        .map(|line| {
            let mol = Molecule::from_smiles(line.trim()).expect("MOSES parses");
            FingerprintKind::ECFP4
                .compute(&mol)
                .expect("fingerprint")
                .words()
                .to_vec()
        })
        .collect();
    let rows: Vec<&[u64]> = words.iter().map(Vec::as_slice).collect();
    BitMatrix::from_words(2048, &rows).expect("matrix")
}

/// The 10-NN preservation, where the exact neighbours take seconds.
fn quality(points: &Points, map: &[[f64; 2]]) -> String {
    if points.rows() <= 20_000 {
        format!(
            ", 10-NN preservation {:.3}",
            neighbourhood_preservation(points, map, 10)
        )
    } else {
        String::new()
    }
}

/// Time of the approximate 90-NN graph (t-SNE's at perplexity 30), and
/// its recall on 1,000 rows against the exact neighbours: the share of
/// its neighbours within the exact 90th distance (ties count).
fn approximate_recall(bits: &BitMatrix) {
    let k = 90;
    let start = Instant::now();
    let graph = approximate(&Points::Bits(bits.clone()), k, 42);
    let seconds = start.elapsed().as_secs_f64();
    let step = bits.rows() / 1000;
    let sample: Vec<usize> = (0..1000).map(|s| s * step).collect();
    let rows: Vec<&[u64]> = sample.iter().map(|&i| bits.row(i)).collect();
    let queries = Points::Bits(BitMatrix::from_words(2048, &rows).expect("sample"));
    let reference = Points::Bits(bits.clone());
    let exact = nearest(&reference, &queries, k + 1, false);
    let found: usize = sample
        .iter()
        .enumerate()
        .map(|(q, &i)| {
            let farthest = exact.of(q).1[k];
            graph.of(i).1.iter().filter(|&&d| d <= farthest).count()
        })
        .sum();
    println!(
        "approximate {k}-NN graph of {} points: {seconds:.1} s, recall {:.3} (1,000 rows against the exact neighbours)",
        bits.rows(),
        found as f64 / (1000 * k) as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let default_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/moses/train.csv.gz"
    );
    let path = args
        .iter()
        .find(|a| a.ends_with(".gz"))
        .cloned()
        .unwrap_or(default_path.into());
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes.push(10_000);
    }
    for &n in &sizes {
        let bits = fingerprints(&path, n);
        if n > EXACT_LIMIT {
            approximate_recall(&bits);
        }
        let points = Points::Bits(bits);
        let methods: &[GradientMethod] = if (FFT_FROM..=EXACT_LIMIT).contains(&n) {
            &[GradientMethod::Fft, GradientMethod::Bh]
        } else {
            &[GradientMethod::Auto]
        };
        for &method in methods {
            let params = TsneParams {
                negative_gradient_method: method,
                ..TsneParams::default()
            };
            let start = Instant::now();
            let mut first_step = None;
            let map = tsne(&points, &params, &mut |step| {
                first_step.get_or_insert_with(|| start.elapsed().as_secs_f64());
                if step.kl_divergence.is_some() && step.iteration % 250 == 0 {
                    eprintln!(
                        "  iteration {} of {} at {:.0} s: KL {:.3}",
                        step.iteration,
                        step.total,
                        start.elapsed().as_secs_f64(),
                        step.kl_divergence.unwrap_or(0.0)
                    );
                }
                true
            })
            .expect("map");
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "genui-maps {n} points ({method:?}): {seconds:.1} s (neighbours, affinities and PCA {:.1} s){}; peak RSS {:.0} MiB",
                first_step.unwrap_or(0.0),
                quality(&points, &map),
                peak_rss_mib()
            );
        }
        if n > 100_000 {
            continue; // UMAP's SGD is sequential: minutes per 100,000 points
        }
        let start = Instant::now();
        let umap_map = umap(&points, &UmapParams::default(), &mut |_| true).expect("UMAP");
        println!(
            "genui-maps UMAP {n} points: {:.1} s{}; peak RSS {:.0} MiB",
            start.elapsed().as_secs_f64(),
            quality(&points, &umap_map),
            peak_rss_mib()
        );
    }
    let venv = std::env::var("GENUI_MAPS_VENV").unwrap_or_else(|_| {
        format!(
            "{}/.cache/genui/maps-venv",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/maps/opentsne_moses.py"
    );
    for &n in sizes.iter().filter(|&&n| n <= 20_000) {
        match std::process::Command::new(format!("{venv}/bin/python"))
            .args([script, &n.to_string(), &path])
            .output()
        {
            Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
            _ => println!(
                "(openTSNE not available: run tools/maps/setup.sh for the side-by-side figures)"
            ),
        }
    }
}
