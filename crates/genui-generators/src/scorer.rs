//! A QSAR model of the platform as a scorer of the engine: its prediction (regression) or its
//! probability of the active class (classification) for each molecule.

use genui_chem::Molecule;
use genui_generator_engine::scoring::Scorer;
use genui_generator_engine::GenError;
use genui_ml::features::{featurize, Descriptor};
use genui_ml::file::{self, ModelFile, ModelFileError};

/// A loaded QSAR model file.
pub struct QsarScorer {
    key: String,
    descriptors: Vec<Descriptor>,
    file: ModelFile,
}

impl QsarScorer {
    /// Reads a model file (as the QSAR build task writes it); `key` names its scores.
    pub fn new(key: String, bytes: &[u8]) -> Result<Self, ModelFileError> {
        let file = file::read(bytes)?;
        let descriptors: Vec<Descriptor> =
            serde_json::from_value(file.header.metadata["descriptors"].clone()).map_err(|e| {
                ModelFileError(format!("the model file has no usable descriptors: {e}"))
            })?;
        Ok(Self {
            key,
            descriptors,
            file,
        })
    }

    /// Predictions for featurized molecules; failing here means the model cannot work at all.
    fn predict(
        &self,
        raw: &genui_ml::features::RawFeatures,
    ) -> genui_generator_engine::Result<Vec<f64>> {
        self.file.model.predict(raw).map_err(|e| {
            GenError::Invalid(format!("QSAR model {:?} cannot predict: {e}", self.key))
        })
    }
}

impl Scorer for QsarScorer {
    fn key(&self) -> String {
        self.key.clone()
    }

    fn score(&self, molecules: &[Molecule]) -> genui_generator_engine::Result<Vec<f64>> {
        let smiles: Vec<String> = molecules
            .iter()
            .map(|m| m.to_smiles().unwrap_or_default())
            .collect();
        match featurize(&self.descriptors, &smiles) {
            Ok(raw) => self.predict(&raw),
            // One molecule the descriptors cannot handle fails the batch: featurize one by one
            // so that only it scores NaN.
            Err(_) => smiles
                .iter()
                .map(
                    |s| match featurize(&self.descriptors, std::slice::from_ref(s)) {
                        Ok(raw) => Ok(self.predict(&raw)?[0]),
                        Err(_) => Ok(f64::NAN),
                    },
                )
                .collect(),
        }
    }
}
