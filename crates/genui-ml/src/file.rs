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

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::algorithm::{Algorithm, Estimator, Model};
use crate::boosting::BoostedTrees;
use crate::data::{BitMatrix, DenseMatrix};
use crate::features::Preprocessing;
use crate::forest::{Mode, Node, RandomForest, Tree, LEAF};
use crate::linear::LinearModel;
use crate::neighbours::{BernoulliBayes, Neighbours};
use crate::svm::{Kernel, Svm, Vectors};

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

fn words(m: &BitMatrix) -> Vec<u64> {
    (0..m.rows()).flat_map(|i| m.row(i).to_vec()).collect()
}

fn tree_arrays(trees: &[Tree], out: &mut Vec<(&'static str, Array)>) {
    let nodes = trees.iter().flat_map(|t| &t.nodes);
    out.push((
        "tree_sizes",
        Array::U32(trees.iter().map(|t| t.nodes.len() as u32).collect()),
    ));
    out.push((
        "tree_nodes",
        Array::U32(
            nodes
                .clone()
                .flat_map(|n| [n.feature, n.left, n.right])
                .collect(),
        ),
    ));
    out.push(("tree_values", Array::F64(nodes.map(|n| n.value).collect())));
}

/// The header settings and arrays of a model.
fn parts(model: &Model) -> (Value, Vec<(&'static str, Array)>) {
    let p = &model.preprocessing;
    let mut arrays = vec![
        ("means", Array::F64(p.means.clone())),
        ("scales", Array::F64(p.scales.clone())),
        (
            "edge_counts",
            Array::U32(p.edges.iter().map(|e| e.len() as u32).collect()),
        ),
        ("edges", Array::F64(p.edges.concat())),
    ];
    let settings = match &model.estimator {
        Estimator::Forest(forest) => {
            tree_arrays(&forest.trees, &mut arrays);
            json!({})
        }
        Estimator::Boosted(boosted) => {
            tree_arrays(&boosted.trees, &mut arrays);
            arrays.push((
                "scalars",
                Array::F64(vec![boosted.base, boosted.learning_rate]),
            ));
            json!({})
        }
        Estimator::Svm(svm) => {
            let (kernel, gamma) = match svm.kernel {
                Kernel::Tanimoto => ("tanimoto", 0.0),
                Kernel::Rbf { gamma } => ("rbf", gamma),
            };
            arrays.push(("coef", Array::F64(svm.coef.clone())));
            arrays.push((
                "scalars",
                Array::F64(vec![gamma, svm.bias, svm.platt[0], svm.platt[1]]),
            ));
            arrays.push(match &svm.support {
                Vectors::Bits(m) => ("support_bits", Array::U64(words(m))),
                Vectors::Real(m) => ("support_values", Array::F64(m.values().to_vec())),
            });
            json!({"kernel": kernel})
        }
        Estimator::Neighbours(knn) => {
            arrays.push(("targets", Array::F64(knn.targets.clone())));
            json!({"k": knn.k, "weighted": knn.weighted})
        }
        Estimator::Bayes(bayes) => {
            arrays.push(("scalars", Array::F64(bayes.log_prior.to_vec())));
            arrays.push(("log_on", Array::F64(bayes.log_on.concat())));
            arrays.push(("log_off", Array::F64(bayes.log_off.concat())));
            json!({})
        }
        Estimator::Linear(linear) => {
            arrays.push(("weights", Array::F64(linear.weights.clone())));
            arrays.push(("scalars", Array::F64(vec![linear.intercept])));
            json!({})
        }
    };
    (settings, arrays)
}

/// The file of `model`, trained on rows whose bit inputs are `reference`
/// (a kNN model's rows are read back from it), with `metadata` in its header.
pub fn write(model: &Model, reference: &BitMatrix, metadata: &Value) -> Vec<u8> {
    if let Estimator::Neighbours(knn) = &model.estimator {
        debug_assert_eq!(&knn.rows, reference, "kNN rows are the reference");
    }
    let (settings, mut arrays) = parts(model);
    arrays.push(("reference", Array::U64(words(reference))));
    let p = &model.preprocessing;
    let header = ModelHeader {
        algorithm: model.algorithm.name().to_owned(),
        mode: model.mode,
        n_features: input_count(model.algorithm, &model.estimator, p),
        n_bits: p.n_bits,
        n_values: p.means.len(),
        settings,
        arrays: arrays
            .iter()
            .map(|(name, a)| ArrayInfo {
                name: (*name).to_owned(),
                dtype: a.dtype(),
                len: a.len(),
            })
            .collect(),
        metadata: metadata.clone(),
    };
    let header = serde_json::to_vec(&header).expect("headers serialize");
    let mut out = Vec::with_capacity(16 + header.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    for (_, array) in &arrays {
        match array {
            Array::U32(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Array::U64(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Array::F64(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
        }
    }
    let checksum = Sha256::digest(&out);
    out.extend_from_slice(&checksum);
    out
}

/// Inputs the estimator reads.
fn input_count(algorithm: Algorithm, estimator: &Estimator, p: &Preprocessing) -> usize {
    let real = match estimator {
        Estimator::Linear(_) => true,
        Estimator::Svm(svm) => matches!(svm.kernel, Kernel::Rbf { .. }),
        _ => false,
    };
    debug_assert!(!real || algorithm != Algorithm::RandomForest);
    if real {
        p.n_real_inputs()
    } else {
        p.n_bit_inputs()
    }
}

fn bad(why: impl Into<String>) -> ModelFileError {
    ModelFileError(why.into())
}

/// The arrays of a file, taken by name with their expected lengths.
struct Arrays(HashMap<String, Array>);

impl Arrays {
    fn take(&mut self, name: &str) -> Result<Array, ModelFileError> {
        self.0
            .remove(name)
            .ok_or_else(|| bad(format!("the array {name} is missing")))
    }

    fn f64(&mut self, name: &str, len: Option<usize>) -> Result<Vec<f64>, ModelFileError> {
        let Array::F64(v) = self.take(name)? else {
            return Err(bad(format!("the array {name} must hold f64 values")));
        };
        if len.is_some_and(|l| l != v.len()) {
            return Err(bad(format!(
                "the array {name} has {} values, {} expected",
                v.len(),
                len.unwrap_or(0)
            )));
        }
        if v.iter().any(|x| !x.is_finite()) {
            return Err(bad(format!(
                "the array {name} holds a value that is not a finite number"
            )));
        }
        Ok(v)
    }

    fn u32(&mut self, name: &str, len: Option<usize>) -> Result<Vec<u32>, ModelFileError> {
        let Array::U32(v) = self.take(name)? else {
            return Err(bad(format!("the array {name} must hold u32 values")));
        };
        if len.is_some_and(|l| l != v.len()) {
            return Err(bad(format!(
                "the array {name} has {} values, {} expected",
                v.len(),
                len.unwrap_or(0)
            )));
        }
        Ok(v)
    }

    fn bits(&mut self, name: &str, n_features: usize) -> Result<BitMatrix, ModelFileError> {
        let Array::U64(v) = self.take(name)? else {
            return Err(bad(format!("the array {name} must hold u64 values")));
        };
        let per_row = n_features.div_ceil(64).max(1);
        if v.len() % per_row != 0 {
            return Err(bad(format!("the array {name} does not hold whole rows")));
        }
        let rows: Vec<&[u64]> = v.chunks(per_row).collect();
        let m = BitMatrix::from_words(n_features, &rows).map_err(|e| bad(e.to_string()))?;
        let stray = !n_features.is_multiple_of(64)
            && rows
                .iter()
                .any(|r| r[per_row - 1] >> (n_features % 64) != 0);
        if stray {
            return Err(bad(format!("the array {name} sets bits past its inputs")));
        }
        Ok(m)
    }

    fn trees(&mut self, n_features: usize) -> Result<Vec<Tree>, ModelFileError> {
        let sizes = self.u32("tree_sizes", None)?;
        if sizes.is_empty() {
            return Err(bad("a tree model needs trees"));
        }
        let total = sizes
            .iter()
            .try_fold(0usize, |t, &s| t.checked_add(s as usize));
        let total = total.ok_or_else(|| bad("impossible node counts"))?;
        let links = self.u32("tree_nodes", Some(total.saturating_mul(3)))?;
        let values = self.f64("tree_values", Some(total))?;
        let mut trees = Vec::with_capacity(sizes.len());
        let mut at = 0;
        for (t, &size) in sizes.iter().enumerate() {
            let n = size as usize;
            if n == 0 {
                return Err(bad(format!("tree {t} has no nodes")));
            }
            let mut nodes = Vec::with_capacity(n);
            for i in 0..n {
                let node = Node {
                    feature: links[3 * (at + i)],
                    left: links[3 * (at + i) + 1],
                    right: links[3 * (at + i) + 2],
                    value: values[at + i],
                };
                if node.feature != LEAF {
                    if node.feature as usize >= n_features {
                        return Err(bad(format!(
                            "tree {t}, node {i}: the feature is out of range"
                        )));
                    }
                    for child in [node.left, node.right] {
                        if child as usize <= i || child as usize >= n {
                            return Err(bad(format!(
                                "tree {t}, node {i}: a child index is out of order or range"
                            )));
                        }
                    }
                }
                nodes.push(node);
            }
            at += n;
            trees.push(Tree { nodes });
        }
        Ok(trees)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelFileError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| bad(format!("the file ends inside {what}")))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelFileError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }

    fn array(&mut self, info: &ArrayInfo) -> Result<Array, ModelFileError> {
        let size = match info.dtype {
            Dtype::U32 => 4,
            Dtype::U64 | Dtype::F64 => 8,
        };
        let what = format!("the array {}", info.name);
        let bytes = info
            .len
            .checked_mul(size)
            .ok_or_else(|| bad(format!("{what} is impossibly long")))?;
        let raw = self.take(bytes, &what)?;
        let eight = |c: &[u8]| <[u8; 8]>::try_from(c).expect("8 bytes");
        Ok(match info.dtype {
            Dtype::U32 => Array::U32(
                raw.chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                    .collect(),
            ),
            Dtype::U64 => Array::U64(
                raw.chunks_exact(8)
                    .map(|c| u64::from_le_bytes(eight(c)))
                    .collect(),
            ),
            Dtype::F64 => Array::F64(
                raw.chunks_exact(8)
                    .map(|c| f64::from_le_bytes(eight(c)))
                    .collect(),
            ),
        })
    }
}

fn setting<'v>(settings: &'v Value, name: &str) -> Result<&'v Value, ModelFileError> {
    settings
        .get(name)
        .ok_or_else(|| bad(format!("the setting {name} is missing")))
}

/// Reads and checks a model file.
pub fn read(bytes: &[u8]) -> Result<ModelFile, ModelFileError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8, "the magic number")? != MAGIC {
        return Err(bad("it does not start with GENUIQSR"));
    }
    let version = r.u32("the format version")?;
    let bytes = match version {
        FORMAT_VERSION => {
            let body = bytes
                .len()
                .checked_sub(CHECKSUM_LEN)
                .filter(|&n| n >= r.at)
                .ok_or_else(|| bad("the file ends before its checksum"))?;
            let (body, checksum) = bytes.split_at(body);
            if Sha256::digest(body).as_slice() != checksum {
                return Err(bad(
                    "the checksum does not match: the file is damaged or was altered",
                ));
            }
            body
        }
        UNCHECKED_VERSION => bytes,
        _ => {
            return Err(bad(format!(
                "format version {version}; this GenUI reads versions {UNCHECKED_VERSION} and {FORMAT_VERSION}"
            )))
        }
    };
    r.bytes = bytes;
    let header_len = r.u32("the header length")? as usize;
    let header: ModelHeader = serde_json::from_slice(r.take(header_len, "the header")?)
        .map_err(|e| bad(format!("unreadable header: {e}")))?;
    let algorithm = Algorithm::from_name(&header.algorithm).map_err(|e| bad(e.to_string()))?;
    if !algorithm.modes().contains(&header.mode) {
        return Err(bad(format!(
            "{} cannot be a {:?} model",
            header.algorithm, header.mode
        )));
    }
    let mut arrays = HashMap::new();
    for info in &header.arrays {
        let array = r.array(info)?;
        if arrays.insert(info.name.clone(), array).is_some() {
            return Err(bad(format!("the array {} appears twice", info.name)));
        }
    }
    if r.at != bytes.len() {
        return Err(bad(format!(
            "{} bytes after the last array",
            bytes.len() - r.at
        )));
    }
    let mut arrays = Arrays(arrays);
    let n_values = header.n_values;
    let means = arrays.f64("means", Some(n_values))?;
    let scales = arrays.f64("scales", Some(n_values))?;
    if scales.iter().any(|&s| s <= 0.0) {
        return Err(bad("a scale is not positive"));
    }
    let counts = arrays.u32("edge_counts", Some(n_values))?;
    let total_edges: usize = counts.iter().map(|&c| c as usize).sum();
    let flat = arrays.f64("edges", Some(total_edges))?;
    let mut edges = Vec::with_capacity(n_values);
    let mut at = 0;
    for &c in &counts {
        let e = flat[at..at + c as usize].to_vec();
        if e.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("thresholds must ascend"));
        }
        edges.push(e);
        at += c as usize;
    }
    let preprocessing = Preprocessing {
        n_bits: header.n_bits,
        means,
        scales,
        edges,
    };
    let (n_bit_inputs, n_real_inputs) =
        (preprocessing.n_bit_inputs(), preprocessing.n_real_inputs());
    if n_bit_inputs == 0 && n_real_inputs == 0 {
        return Err(bad("a model needs inputs"));
    }
    let reference = arrays.bits("reference", n_bit_inputs)?;
    let mode = header.mode;
    let settings = &header.settings;
    let estimator = match algorithm {
        Algorithm::RandomForest => Estimator::Forest(RandomForest {
            mode,
            n_features: n_bit_inputs,
            trees: arrays.trees(n_bit_inputs)?,
        }),
        Algorithm::GradientBoosting => {
            let trees = arrays.trees(n_bit_inputs)?;
            let scalars = arrays.f64("scalars", Some(2))?;
            Estimator::Boosted(BoostedTrees {
                mode,
                base: scalars[0],
                learning_rate: scalars[1],
                trees,
            })
        }
        Algorithm::Svm => {
            let coef = arrays.f64("coef", None)?;
            let s = arrays.f64("scalars", Some(4))?;
            let (kernel, support) = match setting(settings, "kernel")?.as_str() {
                Some("tanimoto") => (
                    Kernel::Tanimoto,
                    Vectors::Bits(arrays.bits("support_bits", n_bit_inputs)?),
                ),
                Some("rbf") if s[0] > 0.0 => {
                    let values = arrays.f64("support_values", None)?;
                    (
                        Kernel::Rbf { gamma: s[0] },
                        Vectors::Real(
                            DenseMatrix::new(n_real_inputs, values)
                                .map_err(|e| bad(e.to_string()))?,
                        ),
                    )
                }
                _ => {
                    return Err(bad(
                        "the SVM kernel must be tanimoto or rbf with a positive gamma",
                    ))
                }
            };
            if support.rows() != coef.len() {
                return Err(bad("support vectors and coefficients differ in number"));
            }
            Estimator::Svm(Svm {
                mode,
                kernel,
                support,
                coef,
                bias: s[1],
                platt: [s[2], s[3]],
            })
        }
        Algorithm::Knn => {
            let k = setting(settings, "k")?.as_u64().filter(|&k| k >= 1);
            let weighted = setting(settings, "weighted")?.as_bool();
            let (Some(k), Some(weighted)) = (k, weighted) else {
                return Err(bad("kNN settings must be a positive k and a weighted flag"));
            };
            Estimator::Neighbours(Neighbours {
                mode,
                k: k as usize,
                weighted,
                targets: arrays.f64("targets", Some(reference.rows()))?,
                rows: reference.clone(),
            })
        }
        Algorithm::NaiveBayes => {
            let prior = arrays.f64("scalars", Some(2))?;
            let on = arrays.f64("log_on", Some(2 * n_bit_inputs))?;
            let off = arrays.f64("log_off", Some(2 * n_bit_inputs))?;
            let (on0, on1) = on.split_at(n_bit_inputs);
            let (off0, off1) = off.split_at(n_bit_inputs);
            Estimator::Bayes(BernoulliBayes {
                log_prior: [prior[0], prior[1]],
                log_on: [on0.to_vec(), on1.to_vec()],
                log_off: [off0.to_vec(), off1.to_vec()],
            })
        }
        Algorithm::Pls | Algorithm::Logistic | Algorithm::Ridge => Estimator::Linear(LinearModel {
            logistic: algorithm == Algorithm::Logistic,
            weights: arrays.f64("weights", Some(n_real_inputs))?,
            intercept: arrays.f64("scalars", Some(1))?[0],
        }),
    };
    if let Some(extra) = arrays.0.keys().next() {
        return Err(bad(format!(
            "the array {extra} does not belong to a {} model",
            header.algorithm
        )));
    }
    let model = Model {
        algorithm,
        mode,
        preprocessing,
        estimator,
    };
    if header.n_features != input_count(algorithm, &model.estimator, &model.preprocessing) {
        return Err(bad("n_features does not match the model's inputs"));
    }
    Ok(ModelFile {
        header,
        model,
        reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
