//! How far the models' uncertainty can be trusted on 5-HT1A (`testdata/AS1.csv.gz`, 3,833
//! molecules, ECFP4) with a **scaffold split** (20 % test, 5 folds on the rest): for random
//! forest, gradient boosting and SVM, the share of test molecules inside the conformal
//! intervals at 80/90/95 % (regression of pKi), and the expected calibration error of the
//! probabilities before and after isotonic calibration (classification at pKi ≥ 7). Prints
//! figures.
//!
//! cargo bench -p genui-ml --bench uncertainty

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use genui_ml::aggregate::{DataReport, Target};
use genui_ml::model::{build, BuildSpec};
use genui_ml::uncertainty::UncertaintyReport;

fn main() {
    let data = common::as1();
    let keys: Vec<i64> = (0..data.smiles.len() as i64).collect();
    let targets: Vec<Target> = data.pki.iter().map(|&v| Target::Value(v)).collect();
    for mode in ["regression", "classification"] {
        for algorithm in ["random_forest", "gradient_boosting", "svm"] {
            let started = Instant::now();
            let mut spec = serde_json::json!({
                "activity_set_id": 0, "activity_type": "pKi", "mode": mode,
                "algorithm": algorithm,
                "validation": {"folds": 5, "test_fraction": 0.2, "split": "scaffold"}, "seed": 1
            });
            if mode == "classification" {
                spec["threshold"] = 7.0.into();
            }
            let spec: BuildSpec = serde_json::from_value(spec).expect("spec");
            let config = spec.validate().expect("valid");
            let built = build(
                &spec,
                &config,
                &keys,
                &data.smiles,
                &targets,
                DataReport::default(),
                &mut |_, _| {},
            )
            .expect("builds");
            let seconds = started.elapsed().as_secs_f64();
            match built.performance.uncertainty.expect("reported") {
                UncertaintyReport::Intervals(report) => {
                    let levels: Vec<String> = report
                        .levels
                        .iter()
                        .map(|l| {
                            format!(
                                "{:.0} % → {:.1} % inside (± {})",
                                l.confidence * 100.0,
                                l.test_coverage.expect("test set") * 100.0,
                                l.half_widths
                                    .iter()
                                    .map(|w| w.map_or("∞".into(), |w| format!("{w:.2}")))
                                    .collect::<Vec<_>>()
                                    .join(" / ")
                            )
                        })
                        .collect();
                    println!(
                        "{algorithm} regression ({seconds:.0} s): {}",
                        levels.join("; ")
                    );
                }
                UncertaintyReport::Calibration(report) => println!(
                    "{algorithm} classification ({seconds:.0} s): ECE {:.3} calibrated, {:.3} \
                     uncalibrated; Brier {:.3} / {:.3} (on the {})",
                    report.ece,
                    report.ece_uncalibrated,
                    report.brier,
                    report.brier_uncalibrated,
                    report.judged_on
                ),
            }
        }
    }
}
