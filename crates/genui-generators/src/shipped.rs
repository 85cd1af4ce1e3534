//! The pretrained networks built into the binary (`models/` of the repository, recipes and
//! metrics in `models/README.md`), so every project can start from them without a copy in its
//! data and a worker needs no extra file:
//!
//! * `default`: a 2 × 256 SMILES LSTM trained on 600,000 MOSES molecules (3.4 MB);
//! * `default-fragments`: a graph transformer trained on the fragments of MOSES molecules, which
//!   grows molecules from a chemist's fragments and scaffolds.

use candle_core::Device;
use genui_generator_engine::generator::{Generator, GeneratorFile};

/// A shipped network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shipped {
    /// The SMILES LSTM.
    Smiles,
    /// The graph transformer.
    Fragments,
}

impl Shipped {
    /// Both, in the order they are listed.
    pub const ALL: [Shipped; 2] = [Shipped::Smiles, Shipped::Fragments];

    /// Its name in references and paths.
    pub fn reference(self) -> &'static str {
        match self {
            Shipped::Smiles => "default",
            Shipped::Fragments => "default-fragments",
        }
    }

    /// The shipped network a reference names.
    pub fn named(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.reference() == text)
    }

    /// How it is shown.
    pub fn name(self) -> &'static str {
        match self {
            Shipped::Smiles => "GenUI default (MOSES LSTM)",
            Shipped::Fragments => "GenUI fragments (MOSES graph transformer)",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Shipped::Smiles => {
                "SMILES LSTM (2 × 256) pretrained on 600,000 MOSES molecules: validity 0.87, \
                 novelty 0.89, internal diversity 0.85 on 10,000 samples"
            }
            Shipped::Fragments => {
                "Graph transformer pretrained on the BRICS fragments of MOSES molecules: grows \
                 molecules from fragments and scaffolds (attachment points * mark where)"
            }
        }
    }

    /// The configuration file, for downloads.
    pub fn config_text(self) -> &'static str {
        match self {
            Shipped::Smiles => include_str!("../../../models/default/config.json"),
            Shipped::Fragments => include_str!("../../../models/fragments/config.json"),
        }
    }

    /// The weights file, for downloads.
    pub fn weights(self) -> &'static [u8] {
        match self {
            Shipped::Smiles => include_bytes!("../../../models/default/weights.safetensors"),
            Shipped::Fragments => include_bytes!("../../../models/fragments/weights.safetensors"),
        }
    }

    /// Its configuration (architecture and vocabulary).
    pub fn config(self) -> GeneratorFile {
        GeneratorFile::parse(self.config_text()).expect("the shipped configurations are valid")
    }

    /// The network, on `device`.
    pub fn load(self, device: &Device) -> genui_generator_engine::Result<Generator> {
        Generator::from_files(self.config_text(), self.weights(), device)
    }
}

#[cfg(test)]
mod tests {
    use genui_generator_engine::generator::Seeds;
    use genui_generator_engine::sample::SampleStats;

    use super::Shipped;

    #[test]
    fn the_shipped_networks_load_and_write_chemistry() {
        let device = candle_core::Device::Cpu;
        let smiles = Shipped::Smiles.load(&device).expect("loads");
        let sampled = smiles
            .sample(200, 1.0, 3, &Seeds::Nothing)
            .expect("samples");
        let smiles: Vec<String> = sampled.into_iter().map(|g| g.smiles).collect();
        let stats = SampleStats::of(&smiles);
        assert!(stats.validity() > 0.7, "validity {}", stats.validity());

        let fragments = Shipped::Fragments.load(&device).expect("loads");
        let seeds = fragments
            .reader()
            .read(Some(&["*c1ccc2[nH]ccc2c1".to_string()]))
            .expect("a scaffold");
        let grown = fragments.sample(50, 1.0, 3, &seeds).expect("grows");
        let smiles: Vec<String> = grown.into_iter().map(|g| g.smiles).collect();
        assert!(SampleStats::of(&smiles).validity() > 0.95);
        assert_eq!(
            Shipped::named("default-fragments"),
            Some(Shipped::Fragments)
        );
        assert_eq!(Shipped::named("best"), None);
    }
}
