//! Acceptance tests for steering a tiny pretrained model (seconds in a debug build):
//! fine-tuning shifts samples toward the fine-tuning set, and reinforcement learning raises the
//! desired ratio of a simple objective within a few epochs.

use std::ops::ControlFlow;
use std::sync::Arc;

use candle_core::Device;
use genui_generator_engine::config::{Cell, ModelConfig};
use genui_generator_engine::corpus::{Corpus, CorpusOptions};
use genui_generator_engine::environment::{Environment, Objective, RewardScheme};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::RnnLm;
use genui_generator_engine::prompt::SmilesSampler;
use genui_generator_engine::reinforce::{reinforce, ReinforceConfig};
use genui_generator_engine::sample::{sample, SampleOptions};
use genui_generator_engine::scoring::{Modifier, Property};
use genui_generator_engine::train::{Learner, TrainConfig, Trainer};
use genui_generator_engine::vocab::Vocabulary;

const AROMATIC: [&str; 20] = [
    "c1ccccc1",
    "Cc1ccccc1",
    "Oc1ccccc1",
    "Nc1ccccc1",
    "Clc1ccccc1",
    "c1ccncc1",
    "Cc1ccncc1",
    "c1ccc2ccccc2c1",
    "COc1ccccc1",
    "CC(=O)c1ccccc1",
    "OC(=O)c1ccccc1",
    "Fc1ccccc1",
    "Brc1ccccc1",
    "c1ccoc1",
    "c1ccsc1",
    "Cc1ccc(C)cc1",
    "CCc1ccccc1",
    "NC(=O)c1ccccc1",
    "c1cc[nH]c1",
    "Oc1ccc(O)cc1",
];

const ALIPHATIC: [&str; 20] = [
    "CCO",
    "CCCO",
    "CCCCO",
    "CC(C)O",
    "CCN",
    "CCCN",
    "C1CCCCC1",
    "C1CCNCC1",
    "C1CCOC1",
    "CC(=O)O",
    "CCC(=O)O",
    "CCOC(C)=O",
    "CC(C)C",
    "CCCCC",
    "OCCO",
    "NCCN",
    "OC1CCCCC1",
    "CC(N)C(=O)O",
    "CCCCCCO",
    "CC(C)CO",
];

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn train_on(model: RnnLm, corpus: &Corpus, vocab: &Vocabulary, epochs: usize) -> RnnLm {
    let encoded = corpus.encode(vocab);
    let config = TrainConfig {
        learning_rate: 1e-2,
        batch_size: 20,
        max_grad_norm: 5.0,
        seed: 3,
        ..TrainConfig::default()
    };
    let mut trainer = ok(Trainer::new(model, config));
    for _ in 0..epochs {
        ok(trainer.epoch(&encoded.sequences));
    }
    trainer.into_model()
}

/// A tiny LSTM trained on both halves, with the vocabulary of both.
fn pretrained() -> (RnnLm, Vocabulary) {
    let corpus = ok(Corpus::from_lines(
        AROMATIC.iter().chain(&ALIPHATIC),
        &CorpusOptions::default(),
    ));
    let vocab = corpus.vocabulary();
    let config = ModelConfig {
        cell: Cell::Lstm,
        vocab_size: vocab.len(),
        embedding_dim: 16,
        hidden_dim: 64,
        num_layers: 1,
    };
    let model = ok(RnnLm::new(config, 1, &Device::Cpu));
    (train_on(model, &corpus, &vocab, 60), vocab)
}

fn aromatic_share(model: &RnnLm, vocab: &Vocabulary) -> f64 {
    let smiles = ok(sample(
        model,
        vocab,
        &SampleOptions {
            n: 200,
            batch_size: 100,
            max_tokens: 40,
            seed: 5,
            ..SampleOptions::default()
        },
    ));
    smiles.iter().filter(|s| s.contains('c')).count() as f64 / smiles.len() as f64
}

fn copy(model: &RnnLm) -> RnnLm {
    ok(model.try_clone())
}

#[test]
fn fine_tuning_on_aromatic_molecules_makes_samples_aromatic() {
    let (prior, vocab) = pretrained();
    let before = aromatic_share(&prior, &vocab);
    let aromatic = ok(Corpus::from_lines(AROMATIC, &CorpusOptions::default()));
    let tuned = train_on(copy(&prior), &aromatic, &vocab, 20);
    let after = aromatic_share(&tuned, &vocab);
    assert!(
        (0.2..0.8).contains(&before),
        "the prior should sample both kinds: {before}"
    );
    assert!(after > before + 0.25, "{before} -> {after}");
}

#[test]
fn a_copy_trains_without_changing_its_original() {
    let (prior, vocab) = pretrained();
    let before = ok(prior.snapshot());
    let aromatic = ok(Corpus::from_lines(AROMATIC, &CorpusOptions::default()));
    drop(train_on(copy(&prior), &aromatic, &vocab, 1));
    for (a, b) in before.iter().zip(ok(prior.snapshot())) {
        let diff = ok((a - b).and_then(|d| d.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()));
        assert_eq!(diff, 0.0);
    }
}

#[test]
fn reinforcement_learning_raises_the_desired_ratio_and_keeps_the_best_agent() {
    let (prior, vocab) = pretrained();
    let environment = ok(Environment::new(
        vec![Objective {
            scorer: Arc::new(Property::AromaticRings),
            modifier: Some(Modifier::Clipped {
                lower: 0.0,
                upper: 1.0,
                low: 0.0,
                high: 1.0,
            }),
            threshold: 0.5,
        }],
        RewardScheme::ParetoCrowding,
    ));
    let config = ReinforceConfig {
        epochs: 8,
        batch_size: 64,
        minibatch_size: 32,
        learning_rate: 5e-3,
        max_tokens: 40,
        seed: 2,
        ..ReinforceConfig::default()
    };
    let mut reports = Vec::new();
    let (agent, summary) = ok(reinforce(
        copy(&prior),
        &prior,
        &SmilesSampler::from(vocab.clone()),
        &environment,
        &config,
        |r| {
            reports.push(r.clone());
            ControlFlow::Continue(())
        },
    ));
    assert_eq!(reports.len(), summary.epochs);
    let first = reports[0].desired_ratio;
    let last = reports[reports.len() - 2..]
        .iter()
        .map(|r| r.desired_ratio)
        .sum::<f64>()
        / 2.0;
    assert!(last > first + 0.2, "desired ratio {first} -> {last}");
    assert_eq!(
        summary.best_desired_ratio,
        reports[summary.best_epoch - 1].desired_ratio
    );
    assert!(reports
        .iter()
        .all(|r| r.desired_ratio <= summary.best_desired_ratio));
    assert!(reports
        .iter()
        .all(|r| r.mean_scores.len() == 1 && r.loss.is_finite()));
    assert!(!reports[0].examples.is_empty());
    // The kept agent samples aromatic molecules more often than the prior did.
    let (after, before) = (
        aromatic_share(&agent, &vocab),
        aromatic_share(&prior, &vocab),
    );
    assert!(after > before + 0.2, "{before} -> {after}");
}

#[test]
fn reinforcement_learning_rejects_impossible_settings() {
    let (prior, vocab) = pretrained();
    let environment = ok(Environment::new(
        vec![Objective {
            scorer: Arc::new(Property::Qed),
            modifier: None,
            threshold: 0.5,
        }],
        RewardScheme::WeightedSum,
    ));
    for config in [
        ReinforceConfig {
            epochs: 0,
            ..ReinforceConfig::default()
        },
        ReinforceConfig {
            epsilon: 1.5,
            ..ReinforceConfig::default()
        },
        ReinforceConfig {
            learning_rate: 0.0,
            ..ReinforceConfig::default()
        },
        ReinforceConfig {
            patience: 0,
            ..ReinforceConfig::default()
        },
        ReinforceConfig {
            max_tokens: 0,
            ..ReinforceConfig::default()
        },
        ReinforceConfig {
            max_grad_norm: -1.0,
            ..ReinforceConfig::default()
        },
    ] {
        let sampler = SmilesSampler::from(vocab.clone());
        let result = reinforce(
            copy(&prior),
            &prior,
            &sampler,
            &environment,
            &config,
            |_| ControlFlow::Continue(()),
        );
        assert!(result.is_err(), "{config:?}");
    }
}
