//! Model files: a documented binary format that holds only numbers and a
//! JSON header, so loading one can never run code (unlike the original's
//! pickles), and that is byte-for-byte the same for the same model.
//!
//! Layout (little-endian), format version 3:
//!
//! ```text
//! "GENUIQSR"                 8 bytes, magic
//! format version             u32
//! header length              u32, then that many bytes of UTF-8 JSON (`ModelHeader`)
//! arrays                     in the header's `arrays` order, each `len` values of its
//!                            `dtype` (u32, u64 or f64), nothing between them
//! checksum                   32 bytes, SHA-256 of everything before it
//! ```
//!
//! Version 2 files (no checksum) are still read.
//!
//! The header names the algorithm, mode, input sizes and integer settings;
//! every real number is in an array (JSON would not round-trip them
//! exactly). Arrays by algorithm:
//!
//! - all: `means`, `scales`, `edge_counts`, `edges` (preprocessing of the
//!   physico-chemical values), `reference` (the training rows' bit inputs,
//!   for the applicability domain of predictions);
//! - trees (`random_forest`, `gradient_boosting`): `tree_sizes`, `tree_nodes`
//!   (feature, left, right per node; feature `u32::MAX` marks a leaf; children
//!   come after their parent, so a file cannot describe a cycle),
//!   `tree_values`; boosting also `scalars` = [base, learning rate];
//! - `svm`: `coef`, `scalars` = [gamma, bias, Platt a, Platt b], and
//!   `support_bits` (Tanimoto kernel) or `support_values` (RBF kernel);
//! - `knn`: `targets` (the rows are `reference`);
//! - `naive_bayes`: `scalars` = log priors, `log_on`, `log_off` (per class, per input);
//! - `pls`, `logistic_regression`, `ridge`: `weights`, `scalars` = [intercept].
//!
//! Every count, index and value is checked when reading.

mod read;
mod write;

pub use read::read;
pub use write::write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::algorithm::Model;
use crate::data::BitMatrix;
use crate::forest::Mode;

pub const MAGIC: &[u8; 8] = b"GENUIQSR";
pub const FORMAT_VERSION: u32 = 3;
/// The last version without a checksum, still read.
const UNCHECKED_VERSION: u32 = 2;
const CHECKSUM_LEN: usize = 32;

/// The type of an array's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dtype {
    U32,
    U64,
    F64,
}

/// One array's place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrayInfo {
    pub name: String,
    pub dtype: Dtype,
    pub len: usize,
}

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    pub algorithm: String,
    pub mode: Mode,
    /// Inputs the estimator reads (bits or real values, after preprocessing).
    pub n_features: usize,
    /// Fingerprint bits and physico-chemical values per molecule.
    pub n_bits: usize,
    pub n_values: usize,
    /// Integer and choice settings of the estimator.
    pub settings: Value,
    pub arrays: Vec<ArrayInfo>,
    /// How inputs are made and what the output means (descriptors, activity
    /// type, units, threshold, …), for whoever applies the model.
    pub metadata: Value,
}

/// Why a file is not a model this version can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid GenUI model file: {0}")]
pub struct ModelFileError(pub String);

/// A model read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub header: ModelHeader,
    pub model: Model,
    /// The training rows' bit inputs.
    pub reference: BitMatrix,
}

enum Array {
    U32(Vec<u32>),
    U64(Vec<u64>),
    F64(Vec<f64>),
}

impl Array {
    fn dtype(&self) -> Dtype {
        match self {
            Self::U32(_) => Dtype::U32,
            Self::U64(_) => Dtype::U64,
            Self::F64(_) => Dtype::F64,
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::U32(v) => v.len(),
            Self::U64(v) => v.len(),
            Self::F64(v) => v.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::algorithm::Algorithm;
    use crate::data::DenseMatrix;
    use crate::features::RawFeatures;

    fn raw() -> (RawFeatures, Vec<f64>) {
        let bits = BitMatrix::from_rows(40, (0..80u32).map(|i| vec![i % 40, (i * 7) % 40]))
            .expect("matrix");
        let values =
            DenseMatrix::new(1, (0..80).map(|i| f64::from(i % 13)).collect()).expect("values");
        let y: Vec<f64> = (0..80)
            .map(|i| f64::from(i % 9) * 0.3 + f64::from(i % 13) * 0.1)
            .collect();
        (RawFeatures { bits, values }, y)
    }

    fn model(algorithm: Algorithm, mode: Mode, seed: u64, params: Value) -> (Model, BitMatrix) {
        let (raw, y) = raw();
        let y: Vec<f64> = match mode {
            Mode::Regression => y,
            Mode::Classification => y.iter().map(|&v| f64::from(u8::from(v > 1.5))).collect(),
        };
        let config = algorithm.configure(mode, &params, seed).expect("config");
        let model = Model::fit(&config, &raw, &y).expect("fit");
        let reference = model.bits(&raw).expect("bits");
        (model, reference)
    }

    #[test]
    fn every_algorithm_round_trips_exactly_and_reproducibly() {
        let (raw, _) = raw();
        let metadata = json!({"descriptors": [{"kind": "morgan", "radius": 2}]});
        let cases = Algorithm::ALL
            .iter()
            .flat_map(|&a| a.modes().iter().map(move |&m| (a, m)));
        for (algorithm, mode) in cases.chain([(Algorithm::Svm, Mode::Regression)]) {
            let params = if algorithm == Algorithm::Svm && mode == Mode::Regression {
                json!({"kernel": "rbf"})
            } else {
                Value::Null
            };
            let (original, reference) = model(algorithm, mode, 1, params.clone());
            let bytes = write(&original, &reference, &metadata);
            let loaded = read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", algorithm.name()));
            assert_eq!(loaded.header.metadata, metadata);
            assert_eq!(loaded.model, original, "{}", algorithm.name());
            assert_eq!(loaded.reference, reference);
            assert_eq!(loaded.model.predict(&raw), original.predict(&raw));
            let again = model(algorithm, mode, 1, params).0;
            assert_eq!(
                write(&again, &reference, &metadata),
                bytes,
                "same seed, same bytes"
            );
        }
        let forest = model(Algorithm::RandomForest, Mode::Regression, 1, Value::Null);
        let other = model(Algorithm::RandomForest, Mode::Regression, 2, Value::Null);
        assert_ne!(
            write(&forest.0, &forest.1, &metadata),
            write(&other.0, &other.1, &metadata)
        );
    }

    /// `bytes` changed by `change` and sealed again, as a forger would: what the checks
    /// behind the checksum must catch.
    fn forged(bytes: &[u8], change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut body = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        change(&mut body);
        let checksum = Sha256::digest(&body);
        body.extend_from_slice(&checksum);
        body
    }

    /// Rewrites the header of a file (the arrays stay) and seals it again.
    fn with_header(bytes: &[u8], change: impl Fn(&mut Value)) -> Vec<u8> {
        forged(bytes, |body| {
            let len = u32::from_le_bytes(body[12..16].try_into().expect("len")) as usize;
            let mut header: Value = serde_json::from_slice(&body[16..16 + len]).expect("header");
            change(&mut header);
            let header = serde_json::to_vec(&header).expect("json");
            *body = [
                &body[..12],
                &(header.len() as u32).to_le_bytes(),
                &header,
                &body[16 + len..],
            ]
            .concat();
        })
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        let (forest, reference) = model(Algorithm::RandomForest, Mode::Regression, 1, Value::Null);
        let bytes = write(&forest, &reference, &Value::Null);
        let header_len = u32::from_le_bytes(bytes[12..16].try_into().expect("len")) as usize;
        let header: ModelHeader =
            serde_json::from_slice(&bytes[16..16 + header_len]).expect("header");
        let offset_of = |name: &str| {
            let mut at = 16 + header_len;
            for a in &header.arrays {
                if a.name == name {
                    return at;
                }
                at += a.len * if a.dtype == Dtype::U32 { 4 } else { 8 };
            }
            panic!("no array {name}")
        };
        let set = |at: usize, value: &[u8]| {
            forged(&bytes, |b| b[at..at + value.len()].copy_from_slice(value))
        };
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 2] ^= 0x10;
        let mut cases: Vec<(Vec<u8>, &str)> = vec![
            (b"PK\x03\x04 a zip".to_vec(), "GENUIQSR"),
            (flipped, "checksum does not match"),
            (bytes[..bytes.len() - 3].to_vec(), "checksum does not match"),
            (
                forged(&bytes, |b| b.truncate(b.len() - 3)),
                "ends inside the array reference",
            ),
            (forged(&bytes, |b| b.push(0)), "after the last array"),
            (bytes[..20].to_vec(), "ends before its checksum"),
            (
                with_header(&bytes, |h| h["algorithm"] = json!("pickle")),
                "unknown algorithm",
            ),
            (
                with_header(&bytes, |h| h["arrays"][0]["len"] = json!(u64::MAX)),
                "impossibly long",
            ),
            (
                with_header(&bytes, |h| h["n_features"] = json!(7)),
                "n_features",
            ),
            (
                with_header(&bytes, |h| {
                    h["arrays"]
                        .as_array_mut()
                        .expect("list")
                        .retain(|a| a["name"] != "edges")
                }),
                "after the last array",
            ),
            (set(8, &9u32.to_le_bytes()), "format version 9"),
        ];
        let nodes = offset_of("tree_nodes");
        cases.push((set(nodes + 4, &0u32.to_le_bytes()), "out of order"));
        cases.push((
            set(nodes, &1000u32.to_le_bytes()),
            "feature is out of range",
        ));
        let values = offset_of("tree_values");
        cases.push((set(values, &f64::NAN.to_le_bytes()), "finite"));
        for (damaged, reason) in cases {
            let error = read(&damaged).expect_err("damaged").to_string();
            assert!(error.contains(reason), "{error} (expected {reason})");
        }
    }

    #[test]
    fn version_2_files_without_a_checksum_still_read() {
        let (forest, reference) = model(Algorithm::RandomForest, Mode::Regression, 1, Value::Null);
        let bytes = write(&forest, &reference, &Value::Null);
        let mut old = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        old[8..12].copy_from_slice(&UNCHECKED_VERSION.to_le_bytes());
        assert_eq!(read(&old).expect("reads").model, forest);
    }
}
