//! Acceptance tests on tiny models (seconds in a debug build): overfitting a small corpus with
//! the recurrent networks and the transformer, reproducibility, vocabulary growth for
//! fine-tuning.

use std::ops::ControlFlow;

use candle_core::Device;
use genui_generator_engine::config::GptConfig;
use genui_generator_engine::config::{Cell, ModelConfig};
use genui_generator_engine::corpus::{Corpus, CorpusOptions};
use genui_generator_engine::gpt::GptLm;
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::RnnLm;
use genui_generator_engine::network::Network;
use genui_generator_engine::sample::{sample, SampleOptions, SampleStats};
use genui_generator_engine::train::{split_validation, TrainConfig, Trainer};
use genui_generator_engine::vocab::{NewTokens, Vocabulary};
use genui_generator_engine::workflow::{finetuning, TrainingOptions};

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
    let vocab = corpus().vocabulary();
    let model = ok(RnnLm::new(tiny(cell, &vocab), seed, &Device::Cpu));
    let (model, loss) = train_model(model, &vocab, seed, epochs, 1e-2);
    (model, vocab, loss)
}

fn train_gpt(seed: u64, epochs: usize) -> (GptLm, Vocabulary, f32) {
    let vocab = corpus().vocabulary();
    let config = GptConfig {
        vocab_size: vocab.len(),
        d_model: 32,
        heads: 4,
        layers: 2,
        max_len: 40,
    };
    let model = ok(GptLm::new(config, seed, &Device::Cpu));
    let (model, loss) = train_model(model, &vocab, seed, epochs, 3e-3);
    (model, vocab, loss)
}

/// Trains on the whole corpus as one batch per epoch; returns the last epoch's loss.
fn train_model<M: LanguageModel>(
    model: M,
    vocab: &Vocabulary,
    seed: u64,
    epochs: usize,
    learning_rate: f64,
) -> (M, f32) {
    let encoded = corpus().encode(vocab);
    let config = TrainConfig {
        learning_rate,
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
    (trainer.into_model(), loss)
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

fn assert_reproduces_corpus<M: LanguageModel>(model: &M, vocab: &Vocabulary) {
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

/// Checks that a trained tiny model reached the loss floor and samples the corpus.
fn assert_overfits<M: LanguageModel>((model, vocab, loss): (M, Vocabulary, f32)) {
    assert!(
        loss < irreducible_loss() + 0.05,
        "final loss {loss}, floor {}",
        irreducible_loss()
    );
    assert_reproduces_corpus(&model, &vocab);
}

/// Every weight's bits, in parameter order.
fn weight_bits<M: LanguageModel>(model: &M) -> Vec<u32> {
    model
        .parameters()
        .iter()
        .flat_map(|(_, v)| ok(v.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>())))
        .map(f32::to_bits)
        .collect()
}

#[test]
fn a_tiny_lstm_overfits_a_ten_molecule_corpus_and_samples_reproduce_it() {
    assert_overfits(train(Cell::Lstm, 7, 500));
}

#[test]
fn a_tiny_gru_overfits_a_ten_molecule_corpus_and_samples_reproduce_it() {
    assert_overfits(train(Cell::Gru, 7, 500));
}

#[test]
fn a_tiny_transformer_overfits_a_ten_molecule_corpus_and_samples_reproduce_it() {
    assert_overfits(train_gpt(7, 300));
}

#[test]
fn a_transformer_trains_reproducibly_from_its_seed() {
    let (a, _, _) = train_gpt(3, 2);
    let (b, _, _) = train_gpt(3, 2);
    let (c, _, _) = train_gpt(4, 2);
    assert_eq!(weight_bits(&a), weight_bits(&b));
    assert_ne!(weight_bits(&a), weight_bits(&c));
}

#[test]
fn the_same_seed_gives_identical_weights_and_another_seed_does_not() {
    let (a, _, loss_a) = train(Cell::Lstm, 11, 3);
    let (b, _, loss_b) = train(Cell::Lstm, 11, 3);
    let (c, _, _) = train(Cell::Lstm, 12, 3);
    assert_eq!(loss_a.to_bits(), loss_b.to_bits());
    assert_eq!(weight_bits(&a), weight_bits(&b));
    assert_ne!(weight_bits(&a), weight_bits(&c));
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
    let added = vocab.extend([child_corpus.distinct_tokens()]);
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
fn fine_tuning_keeps_the_parents_vocabulary_unless_new_tokens_are_asked_for() {
    let parent_corpus = corpus();
    let vocab = parent_corpus.vocabulary();
    let parent = Network::Rnn(ok(RnnLm::new(tiny(Cell::Lstm, &vocab), 1, &Device::Cpu)));
    // Two molecules spell tokens the parent never saw ([Se], I); three do not.
    let child_corpus = ok(Corpus::from_lines(
        ["CC[Se]C", "CCI", "CCO", "c1ccccc1O", "CCCl"],
        &CorpusOptions::default(),
    ));
    let options = TrainingOptions {
        validation: 0.34,
        ..TrainingOptions::default()
    };

    let mut kept = vocab.clone();
    let (model, data, added) = ok(finetuning(
        &parent,
        &mut kept,
        &child_corpus,
        &options,
        NewTokens::LeaveOut,
    ));
    assert_eq!((added, data.left_out), (0, 2));
    assert_eq!(kept, vocab);
    assert_eq!(model.architecture(), parent.architecture());
    assert_eq!(data.train.len() + data.valid.len(), 3);

    let mut grown = vocab.clone();
    let (model, data, added) = ok(finetuning(
        &parent,
        &mut grown,
        &child_corpus,
        &options,
        NewTokens::Add,
    ));
    assert_eq!((added, data.left_out), (2, 0));
    assert_eq!(grown.len(), vocab.len() + 2);
    assert_eq!(model.architecture().vocab_size(), grown.len());
    assert_eq!(data.train.len() + data.valid.len(), 5);

    // Nothing the parent can spell: a plain message that says why, not an empty training.
    let foreign = ok(Corpus::from_lines(
        ["CC[Se]C", "CCI"],
        &CorpusOptions::default(),
    ));
    let mut same = vocab.clone();
    let refused = finetuning(&parent, &mut same, &foreign, &options, NewTokens::LeaveOut);
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("2 left out"), "{message}");
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
        assert!(r.sample.is_none(), "no monitor, no sampling");
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
fn a_monitored_fit_reports_the_validity_of_samples_after_each_epoch() {
    let corpus = corpus();
    let vocab = corpus.vocabulary();
    let encoded = corpus.encode(&vocab);
    let (train_set, valid_set) = split_validation(&encoded.sequences, 0.2, 0);
    let model = ok(RnnLm::new(tiny(Cell::Gru, &vocab), 0, &Device::Cpu));
    let config = TrainConfig {
        learning_rate: 3e-2,
        batch_size: 10,
        max_grad_norm: 5.0,
        ..TrainConfig::default()
    };
    let mut trainer = ok(Trainer::new(model, config)).with_monitor(vocab.clone(), 40);
    let mut samples = Vec::new();
    ok(trainer.fit(&train_set, &valid_set, 60, 100, |r| {
        samples.push(r.sample.clone().expect("monitored"));
        ControlFlow::Continue(())
    }));
    assert_eq!(samples.len(), 60);
    let (first, last) = (&samples[0], &samples[59]);
    assert!(
        last.valid_ratio > first.valid_ratio,
        "{first:?} -> {last:?}"
    );
    assert!(samples
        .iter()
        .all(|s| (0.0..=1.0).contains(&s.unique_ratio) && s.examples.len() <= 10));
    assert!(last
        .examples
        .iter()
        .all(|smiles| genui_generator_engine::sample::canonical_smiles(smiles).is_some()));
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
