//! Acceptance tests on tiny models (seconds in a debug build): overfitting a small corpus,
//! reproducibility, vocabulary growth for fine-tuning.

use std::ops::ControlFlow;

use candle_core::Device;
use genui_gen::corpus::{Corpus, CorpusOptions};
use genui_gen::model::{Cell, ModelConfig, RnnLm};
use genui_gen::sample::{sample, SampleOptions, SampleStats};
use genui_gen::train::{split_validation, TrainConfig, Trainer};
use genui_gen::vocab::Vocabulary;

const CORPUS: [&str; 10] = [
    "CCO",
    "c1ccccc1",
    "CC(=O)Oc1ccccc1C(=O)O",
    "CN1CCC[C@H]1c1cccnc1",
    "O=C(O)CCl",
    "Cc1ccc(Br)cc1",
    "NC(=O)c1ccncc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
    "C1CCNCC1",
    "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O",
];

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn corpus() -> Corpus {
    ok(Corpus::from_lines(CORPUS, &CorpusOptions::default()))
}

fn tiny(cell: Cell, vocab: &Vocabulary) -> ModelConfig {
    ModelConfig {
        cell,
        vocab_size: vocab.len(),
        embedding_dim: 16,
        hidden_dim: 32,
        num_layers: 1,
    }
}

fn train(cell: Cell, seed: u64, epochs: usize) -> (RnnLm, Vocabulary, f32) {
    let corpus = corpus();
    let vocab = corpus.vocabulary();
    let encoded = corpus.encode(&vocab);
    let model = ok(RnnLm::new(tiny(cell, &vocab), seed, &Device::Cpu));
    let config = TrainConfig {
        learning_rate: 1e-2,
        batch_size: 10,
        max_grad_norm: 5.0,
        seed,
        ..TrainConfig::default()
    };
    let mut trainer = ok(Trainer::new(model, config));
    let mut loss = f32::INFINITY;
    for _ in 0..epochs {
        loss = ok(trainer.epoch(&encoded.sequences));
    }
    (trainer.into_model(), vocab, loss)
}

/// The lowest mean loss per token a perfect model of the corpus can reach. It is not 0: which of
/// the 10 equally likely molecules comes is decided along the way, and that choice costs ln 10
/// nats per molecule, whatever the model; everything else is predictable. With the batch being
/// the whole corpus, the mean loss is those nats over all target tokens.
fn irreducible_loss() -> f32 {
    let corpus = corpus();
    let targets: usize = corpus
        .encode(&corpus.vocabulary())
        .sequences
        .iter()
        .map(Vec::len)
        .sum();
    (CORPUS.len() as f32) * (CORPUS.len() as f32).ln() / targets as f32
}

fn assert_reproduces_corpus(model: &RnnLm, vocab: &Vocabulary) {
    let options = SampleOptions {
        n: 100,
        batch_size: 50,
        temperature: 1.0,
        max_tokens: 60,
        seed: 3,
    };
    let smiles = ok(sample(model, vocab, &options));
    let stats = SampleStats::of(&smiles);
    let corpus = corpus();
    let in_corpus = smiles.iter().filter(|s| corpus.smiles.contains(s)).count();
    assert!(
        in_corpus >= 90,
        "only {in_corpus}/100 samples are corpus molecules: {smiles:?}"
    );
    assert!(stats.validity() >= 0.9, "validity {}", stats.validity());
    assert!(
        stats.unique >= 8,
        "only {} distinct molecules: {:?}",
        stats.unique,
        stats.canonical
    );
}

/// Trains a tiny model of `cell` to the loss floor and checks its samples.
fn assert_overfits(cell: Cell) {
    let (model, vocab, loss) = train(cell, 7, 500);
    assert!(
        loss < irreducible_loss() + 0.05,
        "final loss {loss}, floor {}",
        irreducible_loss()
    );
    assert_reproduces_corpus(&model, &vocab);
}

#[test]
fn a_tiny_lstm_overfits_a_ten_molecule_corpus_and_samples_reproduce_it() {
    assert_overfits(Cell::Lstm);
}

#[test]
fn a_tiny_gru_overfits_a_ten_molecule_corpus_and_samples_reproduce_it() {
    assert_overfits(Cell::Gru);
}

#[test]
fn the_same_seed_gives_identical_weights_and_another_seed_does_not() {
    let (a, _, loss_a) = train(Cell::Lstm, 11, 3);
    let (b, _, loss_b) = train(Cell::Lstm, 11, 3);
    let (c, _, _) = train(Cell::Lstm, 12, 3);
    assert_eq!(loss_a.to_bits(), loss_b.to_bits());
    let weights = |m: &RnnLm| -> Vec<Vec<f32>> {
        m.parameters()
            .iter()
            .map(|(_, v)| ok(v.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>())))
            .collect()
    };
    let (wa, wb, wc) = (weights(&a), weights(&b), weights(&c));
    let bits =
        |w: &Vec<Vec<f32>>| -> Vec<u32> { w.iter().flatten().map(|x| x.to_bits()).collect() };
    assert_eq!(bits(&wa), bits(&wb));
    assert_ne!(bits(&wa), bits(&wc));
}

#[test]
fn the_same_sampling_seed_gives_the_same_molecules() {
    let (model, vocab, _) = train(Cell::Gru, 5, 2);
    let options = SampleOptions {
        n: 20,
        batch_size: 8,
        max_tokens: 30,
        temperature: 0.8,
        seed: 9,
    };
    let first = ok(sample(&model, &vocab, &options));
    assert_eq!(first.len(), 20);
    assert_eq!(first, ok(sample(&model, &vocab, &options)));
}

#[test]
fn growing_the_vocabulary_keeps_the_parents_rows_and_adds_trainable_ones() {
    let (parent, mut vocab, _) = train(Cell::Lstm, 1, 1);
    let child_corpus = ok(Corpus::from_lines(
        ["CC[Se]C", "CCI"],
        &CorpusOptions::default(),
    ));
    let added = vocab.extend(child_corpus.tokens.iter().map(Vec::as_slice));
    assert_eq!(added, 2);
    let child = ok(parent.with_vocab_size(vocab.len(), 99));
    assert_eq!(child.config().vocab_size, vocab.len());
    for ((name, p), (_, c)) in parent.parameters().iter().zip(child.parameters()) {
        let rows = p.as_tensor().dim(0).unwrap_or(0);
        let kept = ok(c.as_tensor().narrow(0, 0, rows));
        let same = ok(ok(kept.eq(p.as_tensor()))
            .flatten_all()
            .and_then(|t| t.min(0)));
        assert_eq!(ok(same.to_scalar::<u8>()), 1, "{name} changed");
    }
    let encoded = child_corpus.encode(&vocab);
    assert_eq!(encoded.sequences.len(), 2);
    let mut trainer = ok(Trainer::new(child, TrainConfig::default()));
    assert!(ok(trainer.epoch(&encoded.sequences)).is_finite());
    assert!(parent.with_vocab_size(3, 0).is_err());
}

#[test]
fn fitting_keeps_the_best_epochs_weights_and_stops_when_validation_stops_improving() {
    let corpus = corpus();
    let vocab = corpus.vocabulary();
    let encoded = corpus.encode(&vocab);
    let (train_set, valid_set) = split_validation(&encoded.sequences, 0.3, 2);
    let model = ok(RnnLm::new(tiny(Cell::Lstm, &vocab), 2, &Device::Cpu));
    let config = TrainConfig {
        learning_rate: 3e-2,
        batch_size: 10,
        max_grad_norm: 5.0,
        ..TrainConfig::default()
    };
    let mut trainer = ok(Trainer::new(model, config));
    let mut reports = Vec::new();
    let summary = ok(trainer.fit(&train_set, &valid_set, 300, 5, |r| {
        reports.push(r.clone());
        ControlFlow::Continue(())
    }));
    // Seven molecules memorized, three unseen ones: validation loss turns up long before 300.
    assert!(summary.stopped_early, "{summary:?}");
    assert_eq!(reports.len(), summary.epochs);
    assert_eq!(summary.epochs, summary.best_epoch + 5);
    let best = &reports[summary.best_epoch - 1];
    assert!(best.best);
    assert_eq!(best.valid_loss, summary.best_valid_loss);
    assert!(reports[summary.best_epoch..]
        .iter()
        .all(|r| !r.best && r.valid_loss >= best.valid_loss));
    // The weights in the model are the best epoch's, not the last one's.
    let now = ok(trainer.evaluate(&valid_set));
    assert!(
        (now - summary.best_valid_loss).abs() < 1e-6,
        "{now} vs {}",
        summary.best_valid_loss
    );
}

#[test]
fn a_callback_can_cancel_fitting() {
    let corpus = corpus();
    let vocab = corpus.vocabulary();
    let encoded = corpus.encode(&vocab);
    let (train_set, valid_set) = split_validation(&encoded.sequences, 0.2, 0);
    let model = ok(RnnLm::new(tiny(Cell::Gru, &vocab), 0, &Device::Cpu));
    let mut trainer = ok(Trainer::new(model, TrainConfig::default()));
    let summary = ok(trainer.fit(&train_set, &valid_set, 100, 100, |r| {
        if r.epoch == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }));
    assert!(summary.cancelled && !summary.stopped_early);
    assert_eq!(summary.epochs, 2);
    assert!(trainer
        .fit(&train_set, &[], 1, 1, |_| ControlFlow::Continue(()))
        .is_err());
}
