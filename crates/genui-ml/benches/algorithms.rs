//! Every algorithm on 5-HT1A (3,833 molecules × 2,048 Morgan bits, pKi ≥ 6.5
//! active), default parameters, the acceptance test's 5 folds: cross-validated
//! quality and time, next to scikit-learn's equivalents on the same folds
//! when `tools/qsar/setup.sh` has installed it. Prints figures.
//!
//! cargo bench -p genui-qsar --bench algorithms

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use genui_ml::features::RawFeatures;
use genui_ml::metrics::{classification, regression};
use genui_ml::{Algorithm, DenseMatrix, Mode, Model};
use serde_json::{json, Value};

fn main() {
    let data = common::as1();
    let raw = RawFeatures {
        values: DenseMatrix::zeros(data.pki.len(), 0),
        bits: data.x,
    };
    let labels: Vec<f64> = data
        .pki
        .iter()
        .map(|&p| f64::from(u8::from(p >= 6.5)))
        .collect();
    let runs: Vec<(Algorithm, &str, Value)> = vec![
        (Algorithm::RandomForest, "random_forest", Value::Null),
        (
            Algorithm::GradientBoosting,
            "gradient_boosting",
            Value::Null,
        ),
        (Algorithm::Svm, "svm tanimoto", Value::Null),
        (Algorithm::Svm, "svm rbf", json!({"kernel": "rbf"})),
        (Algorithm::Knn, "knn", Value::Null),
        (Algorithm::NaiveBayes, "naive_bayes", Value::Null),
        (Algorithm::Pls, "pls", Value::Null),
        (Algorithm::Logistic, "logistic_regression", Value::Null),
        (Algorithm::Ridge, "ridge", Value::Null),
    ];
    for (algorithm, name, params) in runs {
        for &mode in algorithm.modes() {
            let y = match mode {
                Mode::Regression => &data.pki,
                Mode::Classification => &labels,
            };
            let config = algorithm.configure(mode, &params, 42).expect("config");
            let start = Instant::now();
            let (mut first, mut second) = (0.0, 0.0);
            for fold in 0..5 {
                let (test, train): (Vec<usize>, Vec<usize>) =
                    (0..y.len()).partition(|i| i % 5 == fold);
                let train_y: Vec<f64> = train.iter().map(|&i| y[i]).collect();
                let test_y: Vec<f64> = test.iter().map(|&i| y[i]).collect();
                let model = Model::fit(&config, &raw.select(&train), &train_y).expect("fit");
                let predicted = model.predict(&raw.select(&test)).expect("predict");
                match mode {
                    Mode::Regression => first += regression(&test_y, &predicted).r2 / 5.0,
                    Mode::Classification => {
                        let m = classification(&test_y, &predicted);
                        first += m.roc_auc / 5.0;
                        second += m.mcc / 5.0;
                    }
                }
            }
            let seconds = start.elapsed().as_secs_f64();
            match mode {
                Mode::Regression => println!(
                    "genui-qsar {name} regression: R2 {first:.3}, 5 folds in {seconds:.1} s"
                ),
                Mode::Classification => println!(
                    "genui-qsar {name} classification: ROC AUC {first:.3}, MCC {second:.3}, 5 folds in {seconds:.1} s"
                ),
            }
        }
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/qsar/sklearn_as1.py"
    );
    match std::process::Command::new("/usr/bin/python3")
        .args([script, "--algorithms"])
        .output()
    {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        _ => println!(
            "(scikit-learn not available: run tools/qsar/setup.sh for the side-by-side figures)"
        ),
    }
}
