//! Model files: a directory holding `weights.safetensors` and `config.json`.
//!
//! safetensors because it is a plain, mmap-able, code-free format that PyTorch, candle and burn
//! all read (a pickled `.pkg` as DrugEx writes can run code when loaded); the JSON carries what
//! the weights alone cannot say: the format version, the architecture and the vocabulary, so a
//! model directory is self-contained. Loading checks all of it and names what is wrong.

use std::fs;
use std::path::Path;

use candle_core::Device;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Architecture;
use crate::config::GraphTransformerConfig;
use crate::config::ModelConfig;
use crate::graph::{GraphCoder, GraphVocabulary};
use crate::graph_model::GraphTransformer;
use crate::language_model::{named_tensors, LanguageModel};
use crate::network::Network;
use crate::vocab::Vocabulary;
use crate::{GenError, Result};

/// Name of the format in `config.json`, so that some other JSON is not mistaken for a model.
/// (It dates from when the only network was the RNN and the crate was called `genui-gen`;
/// transformers use the same format, and the name stays so that every written file loads.)
pub const FORMAT: &str = "genui-gen/smiles-rnn";
/// Version of the file layout this build writes. Version 1 (read too) knew only RNNs and stored
/// their sizes as the architecture; version 2 tags the architecture with its kind.
pub const FORMAT_VERSION: u32 = 2;
/// File of the weights inside a model directory.
pub const WEIGHTS_FILE: &str = "weights.safetensors";
/// File of the configuration inside a model directory.
pub const CONFIG_FILE: &str = "config.json";

/// Contents of `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The crate version that wrote the file (informational).
    pub created_by: String,
    /// The network.
    pub architecture: Architecture,
    /// Its tokens, in id order.
    pub vocabulary: Vocabulary,
    /// SHA-256 of `weights.safetensors` (hex), checked on loading; files written before it
    /// existed load without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_sha256: Option<String>,
}

/// The hex SHA-256 of a weights file, as configurations record it.
pub fn weights_digest(weights: &[u8]) -> String {
    hex::encode(Sha256::digest(weights))
}

/// Refuses weights that are not the ones the configuration was written with.
fn check_digest(expected: Option<&str>, weights: &[u8]) -> Result<()> {
    match expected {
        Some(digest) if digest != weights_digest(weights) => Err(GenError::Invalid(
            "the weights do not match the checksum in config.json: the file is damaged or was \
             altered"
                .into(),
        )),
        _ => Ok(()),
    }
}

/// The configuration describing `model` with `vocab`, sealed with the digest of `weights`.
pub fn config_of<M: LanguageModel>(
    model: &M,
    vocab: &Vocabulary,
    weights: &[u8],
) -> Result<ModelFile> {
    if vocab.len() != model.vocab_size() {
        return Err(GenError::Invalid(format!(
            "the vocabulary has {} tokens but the model {}",
            vocab.len(),
            model.vocab_size()
        )));
    }
    Ok(ModelFile {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        created_by: concat!("genui-generator-engine ", env!("CARGO_PKG_VERSION")).to_string(),
        architecture: model.architecture(),
        vocabulary: vocab.clone(),
        weights_sha256: Some(weights_digest(weights)),
    })
}

/// The weights of `model` as the bytes of a safetensors file.
pub fn weights_bytes<M: LanguageModel>(model: &M) -> Result<Vec<u8>> {
    safetensors::serialize(named_tensors(model), None)
        .map_err(|e| GenError::Invalid(format!("cannot serialize the weights: {e}")))
}

/// Writes `model` and `vocab` into the directory `dir` (created if needed).
pub fn save<M: LanguageModel>(dir: &Path, model: &M, vocab: &Vocabulary) -> Result<()> {
    let weights = weights_bytes(model)?;
    let file = config_of(model, vocab, &weights)?;
    let json = serde_json::to_string_pretty(&file).map_err(|e| GenError::Invalid(e.to_string()))?;
    write_file(dir, CONFIG_FILE, json.as_bytes())?;
    write_file(dir, WEIGHTS_FILE, &weights)
}

/// Reads the model directory `dir` onto `device`.
pub fn load(dir: &Path, device: &Device) -> Result<(Network, Vocabulary)> {
    let (text, bytes) = read_dir_files(dir)?;
    let file = parse_config(&text).map_err(|e| in_file(&dir.join(CONFIG_FILE), e))?;
    let vocabulary = file.vocabulary.clone();
    let model =
        from_parts(file, &bytes, device).map_err(|e| in_file(&dir.join(WEIGHTS_FILE), e))?;
    Ok((model, vocabulary))
}

/// The texts of a model directory's configuration and weights.
fn read_dir_files(dir: &Path) -> Result<(String, Vec<u8>)> {
    let config_path = dir.join(CONFIG_FILE);
    let text = fs::read_to_string(&config_path).map_err(|e| GenError::io(&config_path, e))?;
    let weights_path = dir.join(WEIGHTS_FILE);
    let bytes = fs::read(&weights_path).map_err(|e| GenError::io(&weights_path, e))?;
    Ok((text, bytes))
}

/// Writes `path` (`dir` created if needed).
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| GenError::io(dir, e))?;
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|e| GenError::io(&path, e))
}

/// Name of the graph transformer's format in `config.json`.
pub const GRAPH_FORMAT: &str = "genui-gen/graph-transformer";
/// Version of the graph transformer's file layout this build writes and reads.
pub const GRAPH_FORMAT_VERSION: u32 = 1;

/// Contents of a graph transformer's `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphModelFile {
    /// Always [`GRAPH_FORMAT`].
    pub format: String,
    /// [`GRAPH_FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The crate version that wrote the file (informational).
    pub created_by: String,
    /// The network's sizes.
    pub architecture: GraphTransformerConfig,
    /// Its atom words in token order (control tokens and `*` are implied).
    pub words: Vec<String>,
    /// SHA-256 of `weights.safetensors` (hex), checked on loading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_sha256: Option<String>,
}

/// The `config.json` of a graph transformer with `vocabulary`.
pub fn graph_config_of(
    model: &GraphTransformer,
    vocabulary: &GraphVocabulary,
    weights: &[u8],
) -> Result<GraphModelFile> {
    if vocabulary.size() != model.config().vocab_size {
        return Err(GenError::Invalid(format!(
            "the graph vocabulary has {} tokens but the network {}",
            vocabulary.size(),
            model.config().vocab_size
        )));
    }
    Ok(GraphModelFile {
        format: GRAPH_FORMAT.to_string(),
        format_version: GRAPH_FORMAT_VERSION,
        created_by: concat!("genui-generator-engine ", env!("CARGO_PKG_VERSION")).to_string(),
        architecture: model.config().clone(),
        words: vocabulary.words(),
        weights_sha256: Some(weights_digest(weights)),
    })
}

/// The weights of a graph transformer as the bytes of a safetensors file.
pub fn graph_weights_bytes(model: &GraphTransformer) -> Result<Vec<u8>> {
    safetensors::serialize(model.named_tensors(), None)
        .map_err(|e| GenError::Invalid(format!("cannot serialize the weights: {e}")))
}

/// Writes a graph transformer and its vocabulary into the directory `dir`.
pub fn save_graph(
    dir: &Path,
    model: &GraphTransformer,
    vocabulary: &GraphVocabulary,
) -> Result<()> {
    let weights = graph_weights_bytes(model)?;
    let json = serde_json::to_string_pretty(&graph_config_of(model, vocabulary, &weights)?)
        .map_err(|e| GenError::Invalid(e.to_string()))?;
    write_file(dir, CONFIG_FILE, json.as_bytes())?;
    write_file(dir, WEIGHTS_FILE, &weights)
}

/// Reads a graph transformer's directory onto `device`, checking every part.
pub fn load_graph(dir: &Path, device: &Device) -> Result<(GraphTransformer, GraphCoder)> {
    let (text, bytes) = read_dir_files(dir)?;
    parse_graph_config(&text).map_err(|e| in_file(&dir.join(CONFIG_FILE), e))?;
    graph_from_parts(&text, &bytes, device).map_err(|e| in_file(&dir.join(WEIGHTS_FILE), e))
}

/// The graph transformer of a `config.json` text and safetensors `weights`, with the coder of
/// its vocabulary and table, onto `device`.
pub fn graph_from_parts(
    config: &str,
    weights: &[u8],
    device: &Device,
) -> Result<(GraphTransformer, GraphCoder)> {
    let (config, vocabulary, digest) = parse_graph_config(config)?;
    check_digest(digest.as_deref(), weights)?;
    let coder = GraphCoder {
        vocabulary,
        layout: config.layout(),
    };
    let model = GraphTransformer::from_tensors(config, read_safetensors(weights)?, device)?;
    Ok((model, coder))
}

/// Reads the text of a graph transformer's `config.json`: the format, its version, the sizes
/// and a vocabulary that fits them, and the digest of its weights.
pub fn parse_graph_config(
    text: &str,
) -> Result<(GraphTransformerConfig, GraphVocabulary, Option<String>)> {
    let probe: serde_json::Value = serde_json::from_str(text).map_err(bad_config)?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(GRAPH_FORMAT) {
        return Err(GenError::Invalid(format!(
            "not a {GRAPH_FORMAT} model configuration"
        )));
    }
    let version = probe.get("format_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(GRAPH_FORMAT_VERSION)) {
        return Err(GenError::Invalid(format!(
            "format version {version:?} is not supported (this build reads version {GRAPH_FORMAT_VERSION})"
        )));
    }
    let file: GraphModelFile = serde_json::from_value(probe).map_err(bad_config)?;
    file.architecture.validate()?;
    let vocabulary = GraphVocabulary::new(&file.words)?;
    if vocabulary.size() != file.architecture.vocab_size {
        return Err(GenError::Invalid(format!(
            "the graph vocabulary has {} tokens but the architecture says {}",
            vocabulary.size(),
            file.architecture.vocab_size
        )));
    }
    Ok((file.architecture, vocabulary, file.weights_sha256))
}

/// Reads the text of a `config.json`: checks the format, upgrades version 1 and checks that the
/// vocabulary fits the architecture.
pub fn parse_config(text: &str) -> Result<ModelFile> {
    let mut probe: serde_json::Value = serde_json::from_str(text).map_err(bad_config)?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(GenError::Invalid(format!(
            "not a {FORMAT} model configuration"
        )));
    }
    match probe.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(1) => {
            // Version 1: an untagged RNN architecture.
            let sizes: ModelConfig =
                serde_json::from_value(probe["architecture"].clone()).map_err(bad_config)?;
            probe["architecture"] =
                serde_json::to_value(Architecture::Rnn(sizes)).map_err(bad_config)?;
        }
        other => {
            return Err(GenError::Invalid(format!(
            "format version {other:?} is not supported (this build reads version {FORMAT_VERSION})"
        )))
        }
    }
    let file: ModelFile = serde_json::from_value(probe).map_err(bad_config)?;
    file.architecture.validate()?;
    if file.vocabulary.len() != file.architecture.vocab_size() {
        return Err(GenError::Invalid(format!(
            "the vocabulary has {} tokens but the architecture says {}",
            file.vocabulary.len(),
            file.architecture.vocab_size()
        )));
    }
    Ok(file)
}

/// The network of a checked configuration with the safetensors `weights`, onto `device`.
pub fn from_parts(file: ModelFile, weights: &[u8], device: &Device) -> Result<Network> {
    check_digest(file.weights_sha256.as_deref(), weights)?;
    Network::from_tensors(file.architecture, read_safetensors(weights)?, device)
}

/// The tensors of a safetensors file, every value a finite number.
fn read_safetensors(
    bytes: &[u8],
) -> Result<std::collections::HashMap<String, candle_core::Tensor>> {
    let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu).map_err(|e| {
        GenError::Invalid(format!(
            "not a readable safetensors file (truncated or corrupt?): {e}"
        ))
    })?;
    for (name, tensor) in &tensors {
        let values = tensor
            .to_dtype(candle_core::DType::F32)
            .and_then(|t| t.flatten_all())
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(|e| GenError::Invalid(format!("the weights {name} cannot be read: {e}")))?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(GenError::Invalid(format!(
                "the weights {name} hold a value that is not a finite number"
            )));
        }
    }
    Ok(tensors)
}

fn bad_config(e: serde_json::Error) -> GenError {
    GenError::Invalid(format!("invalid model configuration: {e}"))
}

/// `e` with the file it is about.
fn in_file(path: &Path, e: GenError) -> GenError {
    match e {
        GenError::Invalid(m) => GenError::Invalid(format!("{}: {m}", path.display())),
        other => GenError::Invalid(format!("{}: {other}", path.display())),
    }
}
