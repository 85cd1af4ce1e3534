//! t-SNE of the first N MOSES SMILES (ECFP4, Jaccard distances, perplexity
//! 30, openTSNE's defaults) and UMAP (umap-learn's defaults), next to openTSNE in the same run when
//! `tools/maps/setup.sh` has installed it. Prints time, peak memory and the
//! share of each molecule's 10 nearest neighbours kept on the map.
//!
//! cargo bench -p genui-maps --bench tsne -- [N ...] [path to train.csv.gz]
//! (default 10000 and ../shared/data/moses/train.csv.gz; see testdata/README.md)

use std::io::BufRead;
use std::time::Instant;

use genui_chem::fingerprint::FingerprintKind;
use genui_chem::Molecule;
use genui_maps::umap::{umap, UmapParams};
use genui_maps::{neighbourhood_preservation, tsne, Points, TsneParams};
use genui_qsar::BitMatrix;

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
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let words: Vec<Vec<u64>> = lines
        .skip(1)
        .take(n)
        .map(|line| {
            let mol = Molecule::from_smiles(line.expect("line").trim()).expect("MOSES parses");
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
        let points = Points::Bits(fingerprints(&path, n));
        let start = Instant::now();
        let mut first_step = None;
        let map = tsne(&points, &TsneParams::default(), &mut |step| {
            first_step.get_or_insert_with(|| start.elapsed().as_secs_f64());
            if step.kl_divergence.is_some() && step.iteration % 250 == 0 {
                eprintln!(
                    "  iteration {} of {}: KL {:.3}",
                    step.iteration,
                    step.total,
                    step.kl_divergence.unwrap_or(0.0)
                );
            }
            true
        })
        .expect("map");
        let seconds = start.elapsed().as_secs_f64();
        let quality = if n <= 20_000 {
            format!(
                ", 10-NN preservation {:.3}",
                neighbourhood_preservation(&points, &map, 10)
            )
        } else {
            String::new()
        };
        println!(
            "genui-maps {n} points: {seconds:.1} s (neighbours, affinities and PCA {:.1} s){quality}; peak RSS {:.0} MiB",
            first_step.unwrap_or(0.0),
            peak_rss_mib()
        );
        let start = Instant::now();
        let umap_map = umap(&points, &UmapParams::default(), &mut |_| true).expect("UMAP");
        let seconds = start.elapsed().as_secs_f64();
        let quality = if n <= 20_000 {
            format!(
                ", 10-NN preservation {:.3}",
                neighbourhood_preservation(&points, &umap_map, 10)
            )
        } else {
            String::new()
        };
        println!(
            "genui-maps UMAP {n} points: {seconds:.1} s{quality}; peak RSS {:.0} MiB",
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
