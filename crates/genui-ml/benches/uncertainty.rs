//! How far the models' uncertainty can be trusted on 5-HT1A (`testdata/AS1.csv.gz`, 3,833
//! molecules, ECFP4) with **scaffold splits** (20 % test, 5 folds on the rest), five of them
//! (seeds 1–5): for random forest, gradient boosting and SVM, the share of test molecules
//! inside the conformal intervals at 80/90/95 % (regression of pKi), and the expected
//! calibration error of the probabilities before and after isotonic calibration
//! (classification at pKi ≥ 7), per split and over the five splits' test molecules pooled (one
//! split's 770 molecules measure ECE only to a few hundredths). Prints figures.
//!
//! cargo bench -p genui-ml --bench uncertainty

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use genui_ml::aggregate::{DataReport, Target};
use genui_ml::model::{build, BuildSpec, Built};
use genui_ml::uncertainty::{
    calibration_figures, OutOfFold, Uncertainty, UncertaintyReport, REPORTED_CONFIDENCE,
};

const SPLITS: [u64; 5] = [1, 2, 3, 4, 5];

fn build_on_split(data: &common::Dataset, mode: &str, algorithm: &str, seed: u64) -> Built {
    let keys: Vec<i64> = (0..data.smiles.len() as i64).collect();
    let targets: Vec<Target> = data.pki.iter().map(|&v| Target::Value(v)).collect();
    let mut spec = serde_json::json!({
        "activity_set_id": 0, "activity_type": "pKi", "mode": mode, "algorithm": algorithm,
        "validation": {"folds": 5, "test_fraction": 0.2, "split": "scaffold"}, "seed": seed
    });
    if mode == "classification" {
        spec["threshold"] = 7.0.into();
    }
    let spec: BuildSpec = serde_json::from_value(spec).expect("spec");
    let config = spec.validate().expect("valid");
    build(
        &spec,
        &config,
        &keys,
        &data.smiles,
        &targets,
        DataReport::default(),
        &mut |_, _| {},
    )
    .expect("builds")
}

fn main() {
    let data = common::as1();
    for algorithm in ["random_forest", "gradient_boosting", "svm"] {
        // Test molecules inside their interval per confidence, over all splits.
        let (mut inside, mut tested) = ([0.0; 3], 0.0);
        for seed in SPLITS {
            let started = Instant::now();
            let built = build_on_split(&data, "regression", algorithm, seed);
            let Some(UncertaintyReport::Intervals(report)) = built.performance.uncertainty else {
                unreachable!("a regression reports intervals")
            };
            let n = built.performance.test.as_ref().expect("test set").n_test as f64;
            tested += n;
            let levels: Vec<String> = report
                .levels
                .iter()
                .zip(&mut inside)
                .map(|(l, inside)| {
                    let coverage = l.test_coverage.expect("test set");
                    *inside += coverage * n;
                    format!(
                        "{:.0} % → {:.1} % (CV {:.1} %; ± {})",
                        l.confidence * 100.0,
                        coverage * 100.0,
                        l.cross_validation_coverage * 100.0,
                        l.half_widths
                            .iter()
                            .map(|w| w.map_or("∞".into(), |w| format!("{w:.2}")))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    )
                })
                .collect();
            println!(
                "{algorithm} regression, split {seed} ({:.0} s): {}",
                started.elapsed().as_secs_f64(),
                levels.join("; ")
            );
        }
        let pooled: Vec<String> = REPORTED_CONFIDENCE
            .iter()
            .zip(inside)
            .map(|(c, inside)| format!("{:.0} % → {:.1} %", c * 100.0, inside / tested * 100.0))
            .collect();
        println!(
            "{algorithm} regression, {tested} test molecules of 5 splits: {}",
            pooled.join("; ")
        );

        let (mut molecules, mut calibrated) = (Vec::new(), Vec::new());
        for seed in SPLITS {
            let started = Instant::now();
            let built = build_on_split(&data, "classification", algorithm, seed);
            let Some(UncertaintyReport::Calibration(report)) = &built.performance.uncertainty
            else {
                unreachable!("a classifier reports calibration")
            };
            let Uncertainty::Calibration(calibration) = &built.uncertainty else {
                unreachable!("a classifier is calibrated")
            };
            for pair in &built
                .performance
                .test
                .as_ref()
                .expect("test")
                .observed_predicted
            {
                molecules.push(OutOfFold {
                    observed: pair.1,
                    predicted: pair.2,
                    similarity: 1.0,
                });
                calibrated.push(calibration.probability(pair.2));
            }
            let (test, cv) = (
                report.test.as_ref().expect("test"),
                &report.cross_validation,
            );
            println!(
                "{algorithm} classification, split {seed} ({:.0} s): test ECE {:.3} calibrated, \
                 {:.3} own scores ({:.3} if calibrated); CV ECE {:.3} / {:.3} ({:.3})",
                started.elapsed().as_secs_f64(),
                test.ece,
                test.ece_uncalibrated,
                test.ece_if_calibrated,
                cv.ece,
                cv.ece_uncalibrated,
                cv.ece_if_calibrated
            );
        }
        let pooled = calibration_figures(&molecules, &calibrated);
        println!(
            "{algorithm} classification, {} test molecules of 5 splits: ECE {:.3} calibrated, \
             {:.3} own scores ({:.3} if calibrated); Brier {:.3} / {:.3}",
            pooled.molecules,
            pooled.ece,
            pooled.ece_uncalibrated,
            pooled.ece_if_calibrated,
            pooled.brier,
            pooled.brier_uncalibrated
        );
    }
}
