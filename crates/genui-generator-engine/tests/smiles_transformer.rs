//! DrugEx v3's SMILES transformer with fragment input as a user's workflow drives it: fragment
//! pairs cut from molecules, training that reports fragment retention, model files that load
//! back the same network, sampling and reinforcement learning from a chemist's fragments.

mod common;

use std::ops::ControlFlow;
use std::sync::Arc;

use candle_core::Device;
use common::{moses, ok};
use genui_generator_engine::config::{Architecture, GptConfig};
use genui_generator_engine::environment::{Environment, Objective, RewardScheme};
use genui_generator_engine::generator::{Generator, Input, Seeds};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::network::Network;
use genui_generator_engine::prompt::{train_prompted, PromptedData};
use genui_generator_engine::reinforce::ReinforceConfig;
use genui_generator_engine::scoring::{Modifier, Property};
use genui_generator_engine::vocab::{NewTokens, Vocabulary, START_ID};
use genui_generator_engine::workflow::TrainingOptions;

const MAX_LEN: usize = 162;

fn small(vocab_size: usize, seed: u64) -> Network {
    let config = GptConfig {
        vocab_size,
        d_model: 64,
        heads: 4,
        layers: 2,
        max_len: MAX_LEN,
    };
    ok(Network::new(
        Architecture::SmilesTransformer(config),
        seed,
        &Device::Cpu,
    ))
}

#[test]
fn a_transformer_learns_from_fragment_pairs_and_writes_from_a_chemists_fragments() {
    let options = TrainingOptions {
        epochs: 3,
        patience: 3,
        batch_size: 64,
        learning_rate: 3e-3,
        ..TrainingOptions::default()
    };
    let mut vocabulary = Vocabulary::special_only();
    let data = ok(PromptedData::prepare(
        &moses(200),
        &mut vocabulary,
        MAX_LEN,
        &options,
        NewTokens::Add,
    ));
    assert!(
        data.train.len() > 5 * data.valid.len(),
        "{}",
        data.valid.len()
    );
    // Each sequence is `fragments <go> molecule <eos>`, and the molecule contains them.
    for sequence in data.train.iter().take(50) {
        let generated =
            genui_generator_engine::prompt::SmilesSampler::from(vocabulary.clone()).read(sequence);
        assert_eq!(sequence.iter().filter(|&&t| t == START_ID).count(), 1);
        let retained = genui_generator_engine::metrics::fragments_retained(&[generated]);
        assert_eq!(retained, [Some(true)]);
    }

    let mut reports = Vec::new();
    let (model, summary) = ok(train_prompted(
        small(vocabulary.len(), 1),
        &vocabulary,
        &data,
        &options,
        |r| {
            reports.push(r.clone());
            ControlFlow::Continue(())
        },
    ));
    assert_eq!(summary.epochs, 3);
    assert!(reports[2].valid_loss < reports[0].valid_loss, "{reports:?}");
    for r in &reports {
        let sample = r.sample.as_ref().expect("a sample after each epoch");
        assert!(sample.fragment_retention.is_some(), "{sample:?}");
    }

    // Files give back the same network, which reads fragments.
    let generator = Generator::Smiles(model, vocabulary);
    let dir = ok(tempfile::tempdir());
    ok(generator.save(dir.path()));
    let loaded = ok(Generator::load(dir.path(), &Device::Cpu));
    assert_eq!(loaded.input(), Input::Fragments);
    let fragments = vec!["*c1ccc2[nH]ccc2c1".to_string()];
    let seeds = ok(loaded.reader().read(Some(&fragments)));
    let written = ok(loaded.sample(20, 1.0, 4, &seeds));
    assert_eq!(ok(generator.sample(20, 1.0, 4, &seeds)), written);
    for g in &written {
        assert_eq!(g.fragments.as_deref(), Some("c1ccc2[nH]ccc2c1"));
    }
    // It needs fragments, and says which of them it cannot read.
    assert!(loaded.reader().read(None).is_err());
    assert!(loaded.sample(5, 1.0, 4, &Seeds::Nothing).is_err());
    let message = loaded
        .reader()
        .read(Some(&["c1ccccc1".to_string(), "[Se]1C=CC=C1".to_string()]))
        .expect_err("selenium is unknown");
    assert!(
        message.starts_with("fragment 2 ([Se]1C=CC=C1)"),
        "{message}"
    );

    // Reinforcement learning from the scaffold runs on the transformer and keeps its kind (a
    // network this briefly trained writes too few valid molecules to judge retention).
    let environment = ok(Environment::new(
        vec![Objective {
            scorer: Arc::new(Property::HeavyAtoms),
            modifier: Some(Modifier::Clipped {
                lower: 14.0,
                upper: 20.0,
                low: 1.0,
                high: 0.0,
            }),
            threshold: 0.5,
        }],
        RewardScheme::WeightedSum,
    ));
    let config = ReinforceConfig {
        epochs: 2,
        batch_size: 32,
        minibatch_size: 16,
        seed: 3,
        ..ReinforceConfig::default()
    };
    let prior = ok(loaded.try_clone());
    let mut reports = Vec::new();
    let (agent, summary) = ok(loaded.reinforce(&prior, seeds, &environment, &config, |r| {
        reports.push(r.clone());
        ControlFlow::Continue(())
    }));
    assert_eq!((summary.epochs, reports.len()), (2, 2));
    assert!(reports.iter().all(|r| r.loss.is_finite()), "{reports:?}");
    let Generator::Smiles(network, _) = agent else {
        panic!("still a SMILES network");
    };
    assert!(matches!(
        network.architecture(),
        Architecture::SmilesTransformer(_)
    ));
}
