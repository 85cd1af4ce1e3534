//! `genui generator …` as a user runs it: pretrain → sample → evaluate → reinforce → fine-tune
//! on a tiny model, and the errors a user gets for bad corpora, environments and model files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::BIN;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/moses_first_10k.csv.gz"
);

fn genui(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .arg("generator")
        .args(args)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("run genui");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (success, stdout, stderr) = genui(args);
    assert!(success, "genui generator {args:?} failed:\n{stderr}");
    stdout
}

fn fails(args: &[&str], needle: &str) {
    let (success, _, stderr) = genui(args);
    assert!(!success, "genui generator {args:?} should fail");
    assert!(
        stderr.contains(needle),
        "genui generator {args:?}: expected {needle:?} in\n{stderr}"
    );
}

fn path(dir: &Path, name: &str) -> (PathBuf, String) {
    let p = dir.join(name);
    let s = p.to_string_lossy().into_owned();
    (p, s)
}

/// Options of a tiny model trained on the first `limit` molecules of the corpus.
fn tiny(limit: &str) -> Vec<&str> {
    vec![
        "--limit",
        limit,
        "--embedding",
        "16",
        "--hidden",
        "32",
        "--layers",
        "1",
        "--epochs",
        "2",
        "--batch-size",
        "32",
        "--seed",
        "4",
    ]
}

#[test]
fn a_model_is_pretrained_sampled_evaluated_reinforced_and_fine_tuned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (model, model_s) = path(dir.path(), "prior");
    let mut args = vec!["pretrain", "--corpus", CORPUS, "--out", &model_s];
    args.extend(tiny("300"));
    let summary = ok(&args);
    assert!(summary.contains("best epoch"), "{summary}");
    assert!(model.join("weights.safetensors").is_file());

    let (samples, samples_s) = path(dir.path(), "sample.smi");
    ok(&[
        "sample", "--model", &model_s, "-n", "64", "--seed", "1", "--out", &samples_s,
    ]);
    let lines = std::fs::read_to_string(&samples).expect("samples");
    assert_eq!(lines.lines().count(), 64);

    let metrics = ok(&[
        "evaluate",
        "--smiles",
        &samples_s,
        "--train",
        CORPUS,
        "--reference",
        CORPUS,
        "--limit",
        "300",
    ]);
    let metrics: serde_json::Value = serde_json::from_str(&metrics).expect("metrics JSON");
    assert_eq!(metrics["total"], 64);
    for key in ["validity", "internal_diversity"] {
        let v = metrics[key].as_f64().expect(key);
        assert!((0.0..=1.0).contains(&v), "{key} = {v}");
    }

    let (environment, environment_s) = path(dir.path(), "environment.json");
    std::fs::write(
        &environment,
        r#"{"scheme": "pareto_crowding", "objectives": [
            {"property": "qed", "modifier": {"kind": "clipped", "lower": 0.2, "upper": 0.8}, "threshold": 0.5},
            {"property": "sa_score", "modifier": {"kind": "clipped", "lower": 2, "upper": 6, "low": 1, "high": 0}, "threshold": 0.5}
        ]}"#,
    )
    .expect("write environment");
    let (agent, agent_s) = path(dir.path(), "agent");
    let summary = ok(&[
        "reinforce",
        "--agent",
        &model_s,
        "--environment",
        &environment_s,
        "--epochs",
        "2",
        "--batch-size",
        "32",
        "--out",
        &agent_s,
    ]);
    assert!(summary.contains("2 epochs"), "{summary}");
    assert!(agent.join("config.json").is_file());

    let (tuned, tuned_s) = path(dir.path(), "tuned");
    let (_, _, log) = genui(&[
        "finetune",
        "--parent",
        &agent_s,
        "--corpus",
        CORPUS,
        "--limit",
        "60",
        "--epochs",
        "1",
        "--augment",
        "2",
        "--out",
        &tuned_s,
    ]);
    assert!(log.contains("randomized SMILES added"), "{log}");
    assert!(tuned.join("weights.safetensors").is_file());
}

#[test]
fn a_transformer_is_pretrained_and_sampled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (model, model_s) = path(dir.path(), "gpt");
    let mut args = vec![
        "pretrain",
        "--network",
        "gpt",
        "--heads",
        "2",
        "--corpus",
        CORPUS,
    ];
    args.extend(["--out", &model_s]);
    args.extend(tiny("100"));
    ok(&args);
    let config = std::fs::read_to_string(model.join("config.json")).expect("config");
    assert!(config.contains("\"kind\": \"gpt\""), "{config}");
    let (samples, samples_s) = path(dir.path(), "sample.smi");
    ok(&[
        "sample", "--model", &model_s, "-n", "10", "--out", &samples_s,
    ]);
    let lines = std::fs::read_to_string(&samples).expect("samples");
    assert_eq!(lines.lines().count(), 10);
}

#[test]
fn bad_corpora_environments_and_model_files_give_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (junk, junk_s) = path(dir.path(), "junk.smi");
    std::fs::write(&junk, "not a molecule\nC1CC\n").expect("write");
    let (out, out_s) = path(dir.path(), "model");
    fails(
        &["pretrain", "--corpus", &junk_s, "--out", &out_s],
        "no usable molecule",
    );
    assert!(!out.exists(), "nothing is written for a failed run");
    fails(&["sample", "--model", &out_s, "-n", "5"], "config.json");

    let mut args = vec!["pretrain", "--corpus", CORPUS, "--out", &out_s];
    args.extend(tiny("40"));
    ok(&args);
    fails(
        &["sample", "--model", &out_s, "-n", "0"],
        "-n must be positive",
    );

    let (environment, environment_s) = path(dir.path(), "environment.json");
    for (json, message) in [
        (
            r#"{"scheme": "weighted_sum", "objectives": [{"property": "weight", "threshold": 0.5}]}"#,
            "unknown property \"weight\"",
        ),
        (
            r#"{"scheme": "weighted_sum", "objectives": [{"property": "qed", "threshold": 0.5,
                "modifier": {"kind": "smooth_hump", "lower": 1, "upper": 0, "sigma": 1}}]}"#,
            "lower (1) must be below upper (0)",
        ),
    ] {
        std::fs::write(&environment, json).expect("write");
        fails(
            &[
                "reinforce",
                "--agent",
                &out_s,
                "--environment",
                &environment_s,
                "--out",
                &out_s,
            ],
            message,
        );
    }

    fails(
        &["--device", "cuda", "sample", "--model", &out_s, "-n", "5"],
        "built without the `gpu` feature",
    );
    fails(
        &["sample", "--device", "tpu", "--model", &out_s, "-n", "5"],
        "unknown device \"tpu\"",
    );

    let weights = out.join("weights.safetensors");
    let bytes = std::fs::read(&weights).expect("weights");
    std::fs::write(&weights, &bytes[..bytes.len() / 2]).expect("truncate");
    fails(
        &["sample", "--model", &out_s, "-n", "5"],
        "damaged or was altered",
    );
}

#[test]
fn the_smoke_test_checks_its_arguments_and_the_build_before_it_runs() {
    fails(&["smoke", "--steps", "1"], "--steps must be at least 2");
    fails(&["smoke", "--samples", "0"], "--samples must be positive");
    #[cfg(not(feature = "gpu"))]
    fails(
        &["--device", "cuda", "smoke"],
        "built without the `gpu` feature",
    );
}
