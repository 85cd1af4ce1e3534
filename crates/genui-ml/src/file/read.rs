//! Reading a model file: every count, index and value checked before it is used.

use std::collections::HashMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::write::input_count;
use super::{
    Array, ArrayInfo, Dtype, ModelFile, ModelFileError, ModelHeader, CHECKSUM_LEN, FORMAT_VERSION,
    MAGIC, UNCHECKED_VERSION,
};
use crate::algorithm::{Algorithm, Estimator, Model};
use crate::boosting::BoostedTrees;
use crate::data::{BitMatrix, DenseMatrix};
use crate::features::Preprocessing;
use crate::forest::{Node, RandomForest, Tree, LEAF};
use crate::linear::LinearModel;
use crate::neighbours::{BernoulliBayes, Neighbours};
use crate::svm::{Kernel, Svm, Vectors};

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
