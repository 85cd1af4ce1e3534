//! The default pretrained network (`models/default` of the repository: a 2 × 256 LSTM trained
//! on 600,000 MOSES molecules, recipe and metrics in `models/README.md`). It is compiled into
//! the binary (3.4 MB), so every project can start from it without a copy in its data and a
//! worker needs no extra file.

use candle_core::Device;
use genui_generator_engine::files::{self, ModelFile};
use genui_generator_engine::network::Network;
use genui_generator_engine::vocab::Vocabulary;

const CONFIG: &str = include_str!("../../../models/default/config.json");
const WEIGHTS: &[u8] = include_bytes!("../../../models/default/weights.safetensors");

/// How the shipped network is shown.
pub const NAME: &str = "GenUI default (MOSES LSTM)";
pub const DESCRIPTION: &str = "SMILES LSTM (2 × 256) pretrained on 600,000 MOSES molecules: \
    validity 0.87, novelty 0.89, internal diversity 0.85 on 10,000 samples";

/// Its configuration (architecture and vocabulary).
pub fn config() -> ModelFile {
    files::parse_config(CONFIG).expect("the shipped model configuration is valid")
}

/// The network and its vocabulary, on `device`.
pub fn load(device: &Device) -> genui_generator_engine::Result<(Network, Vocabulary)> {
    let config = config();
    let vocabulary = config.vocabulary.clone();
    Ok((files::from_parts(config, WEIGHTS, device)?, vocabulary))
}

/// The weights file, for downloads.
pub fn weights() -> &'static [u8] {
    WEIGHTS
}

/// The configuration file, for downloads.
pub fn config_text() -> &'static str {
    CONFIG
}

#[cfg(test)]
mod tests {
    use genui_generator_engine::sample::{sample, SampleOptions, SampleStats};

    #[test]
    fn the_shipped_network_loads_and_writes_chemistry() {
        let (network, vocab) = super::load(&candle_core::Device::Cpu).expect("loads");
        let options = SampleOptions {
            n: 200,
            seed: 3,
            ..SampleOptions::default()
        };
        let smiles = sample(&network, &vocab, &options).expect("samples");
        let stats = SampleStats::of(&smiles);
        assert!(stats.validity() > 0.7, "validity {}", stats.validity());
    }
}
