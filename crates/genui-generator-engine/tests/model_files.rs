//! Model files: round trip, and clear errors for files that do not fit.

use std::fs;
use std::path::Path;

use candle_core::Device;
use genui_generator_engine::config::GptConfig;
use genui_generator_engine::config::{Cell, ModelConfig};
use genui_generator_engine::files::{load, save, weights_digest, CONFIG_FILE, WEIGHTS_FILE};
use genui_generator_engine::gpt::GptLm;
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::RnnLm;
use genui_generator_engine::network::Network;
use genui_generator_engine::vocab::{tokenize, Vocabulary};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn saved(dir: &Path, cell: Cell) -> (RnnLm, Vocabulary) {
    let tokens = ok(tokenize("CC(=O)Nc1ccc(Cl)cc1"));
    let vocab = Vocabulary::from_tokens([tokens.as_slice()]);
    let config = ModelConfig {
        cell,
        vocab_size: vocab.len(),
        embedding_dim: 8,
        hidden_dim: 12,
        num_layers: 2,
    };
    let model = ok(RnnLm::new(config, 42, &Device::Cpu));
    ok(save(dir, &model, &vocab));
    (model, vocab)
}

fn load_error(dir: &Path) -> String {
    match load(dir, &Device::Cpu) {
        Ok(_) => panic!("loading {} should fail", dir.display()),
        Err(e) => e.to_string(),
    }
}

fn edit_config(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join(CONFIG_FILE);
    let mut json: serde_json::Value = ok(serde_json::from_str(&ok(fs::read_to_string(&path))));
    edit(&mut json);
    ok(fs::write(&path, ok(serde_json::to_string(&json))));
}

#[test]
fn a_saved_model_loads_back_with_identical_weights_and_vocabulary() {
    for cell in [Cell::Lstm, Cell::Gru] {
        let dir = ok(tempfile::tempdir());
        let (model, vocab) = saved(dir.path(), cell);
        let (loaded, loaded_vocab) = ok(load(dir.path(), &Device::Cpu));
        assert_eq!(loaded_vocab, vocab);
        assert_eq!(loaded.architecture(), model.architecture());
        for ((name, a), (_, b)) in model.parameters().iter().zip(loaded.parameters()) {
            let a = ok(a.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>()));
            let b = ok(b.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>()));
            assert_eq!(a, b, "{name}");
        }
    }
}

#[test]
fn weights_of_the_wrong_shape_are_rejected_naming_the_tensor() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    edit_config(dir.path(), |json| {
        json["architecture"]["hidden_dim"] = 16.into()
    });
    let message = load_error(dir.path());
    assert!(
        message.contains("rnn.weight_ih_l0") && message.contains("shape"),
        "{message}"
    );
}

#[test]
fn weights_of_another_cell_type_are_rejected() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Gru);
    edit_config(dir.path(), |json| {
        json["architecture"]["cell"] = "lstm".into()
    });
    let message = load_error(dir.path());
    assert!(message.contains("shape"), "{message}");
}

#[test]
fn a_truncated_weights_file_is_rejected() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    let path = dir.path().join(WEIGHTS_FILE);
    let bytes = ok(fs::read(&path));
    ok(fs::write(&path, &bytes[..bytes.len() / 2]));
    let message = load_error(dir.path());
    assert!(message.contains("checksum"), "{message}");
    // Without a checksum (a file from before it existed), the weights themselves are checked.
    edit_config(dir.path(), |json| {
        json.as_object_mut().map(|o| o.remove("weights_sha256"));
    });
    let message = load_error(dir.path());
    assert!(message.contains("truncated or corrupt"), "{message}");
    ok(fs::write(&path, b""));
    let message = load_error(dir.path());
    assert!(message.contains("truncated or corrupt"), "{message}");
}

#[test]
fn sizes_beyond_any_network_are_refused_before_anything_is_allocated() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    for (field, value) in [
        ("num_layers", 1_000_000_000u64),
        ("hidden_dim", 1 << 40),
        ("embedding_dim", 100_000),
    ] {
        edit_config(dir.path(), |json| {
            json["architecture"][field] = value.into()
        });
        let message = load_error(dir.path());
        assert!(
            message.contains(field) && message.contains("at most"),
            "{message}"
        );
        saved(dir.path(), Cell::Lstm);
    }
    // Sizes each within bounds can still make too big a network.
    edit_config(dir.path(), |json| {
        json["architecture"]["hidden_dim"] = 16_000.into();
        json["architecture"]["num_layers"] = 60.into();
    });
    let message = load_error(dir.path());
    assert!(message.contains("parameters"), "{message}");
}

#[test]
fn altered_or_non_finite_weights_are_refused() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Gru);
    let path = dir.path().join(WEIGHTS_FILE);
    let original = ok(fs::read(&path));
    let mut altered = original.clone();
    let last = altered.len() - 1;
    altered[last] ^= 0x01;
    ok(fs::write(&path, &altered));
    let message = load_error(dir.path());
    assert!(message.contains("checksum"), "{message}");
    // A forger who also rewrites the checksum cannot slip in values that are not numbers.
    let mut poisoned = original;
    let end = poisoned.len();
    poisoned[end - 4..].copy_from_slice(&f32::NAN.to_le_bytes());
    ok(fs::write(&path, &poisoned));
    edit_config(dir.path(), |json| {
        json["weights_sha256"] = weights_digest(&poisoned).into()
    });
    let message = load_error(dir.path());
    assert!(message.contains("not a finite number"), "{message}");
}

#[test]
fn an_unsupported_format_version_is_rejected() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    edit_config(dir.path(), |json| json["format_version"] = 99.into());
    let message = load_error(dir.path());
    assert!(
        message.contains("format version Some(99) is not supported"),
        "{message}"
    );
}

#[test]
fn a_json_file_of_another_kind_is_rejected() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    ok(fs::write(
        dir.path().join(CONFIG_FILE),
        r#"{"hello": "world"}"#,
    ));
    let message = load_error(dir.path());
    assert!(
        message.contains("not a genui-gen/smiles-rnn model"),
        "{message}"
    );
}

#[test]
fn a_vocabulary_that_does_not_match_the_architecture_is_rejected() {
    let dir = ok(tempfile::tempdir());
    saved(dir.path(), Cell::Lstm);
    edit_config(dir.path(), |json| {
        if let Some(tokens) = json["vocabulary"].as_array_mut() {
            tokens.push("[Xe]".into());
        }
    });
    let message = load_error(dir.path());
    assert!(message.contains("vocabulary has"), "{message}");
}

#[test]
fn a_missing_model_directory_is_an_io_error_naming_the_file() {
    let dir = ok(tempfile::tempdir());
    let message = load_error(&dir.path().join("nope"));
    assert!(message.contains(CONFIG_FILE), "{message}");
}

#[test]
fn a_transformer_round_trips_and_a_version_1_file_still_loads() {
    let dir = ok(tempfile::tempdir());
    let tokens = ok(tokenize("CC(=O)Nc1ccc(Cl)cc1"));
    let vocab = Vocabulary::from_tokens([tokens.as_slice()]);
    let config = GptConfig {
        vocab_size: vocab.len(),
        d_model: 8,
        heads: 2,
        layers: 1,
        max_len: 16,
    };
    let model = ok(GptLm::new(config, 5, &Device::Cpu));
    ok(save(dir.path(), &model, &vocab));
    let (loaded, _) = ok(load(dir.path(), &Device::Cpu));
    assert!(matches!(loaded, Network::Gpt(_)));
    let input = ok(candle_core::Tensor::from_vec(
        vec![1u32, 3, 4, 5],
        (1, 4),
        &Device::Cpu,
    ));
    let diff = ok((ok(model.forward(&input)) - ok(loaded.forward(&input)))
        .and_then(|d| d.abs()?.flatten_all()?.max(0)?.to_scalar::<f32>()));
    assert_eq!(diff, 0.0);

    // A file written before transformers existed: version 1, untagged RNN sizes.
    let (rnn, _) = saved(dir.path(), Cell::Gru);
    edit_config(dir.path(), |json| {
        json["format_version"] = 1.into();
        let sizes = json["architecture"]
            .as_object_mut()
            .map(|a| a.remove("kind"));
        assert!(sizes.is_some());
    });
    let (old, _) = ok(load(dir.path(), &Device::Cpu));
    assert_eq!(old.architecture(), rnn.architecture());
}

#[test]
fn the_shipped_default_model_loads_and_writes_molecules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/default");
    let (model, vocab) = ok(load(&dir, &Device::Cpu));
    let options = genui_generator_engine::sample::SampleOptions {
        n: 200,
        seed: 1,
        ..Default::default()
    };
    let smiles = ok(genui_generator_engine::sample::sample(
        &model, &vocab, &options,
    ));
    let stats = genui_generator_engine::sample::SampleStats::of(&smiles);
    assert!(stats.validity() > 0.7, "validity {}", stats.validity());
    assert!(
        stats.uniqueness() > 0.95,
        "uniqueness {}",
        stats.uniqueness()
    );
}
