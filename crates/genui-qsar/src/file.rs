//! Model files: a documented binary format that holds only numbers and a
//! JSON header, so loading one can never run code (unlike the original's
//! pickles), and that is byte-for-byte the same for the same model.
//!
//! Layout (little-endian), format version 1:
//!
//! ```text
//! "GENUIQSR"                      8 bytes, magic
//! format version                  u32
//! header length                   u32, then that many bytes of UTF-8 JSON (`ModelHeader`)
//! per tree (header.n_trees):      u32 node count, then per node:
//!     feature u32 (u32::MAX: leaf), left u32, right u32, value f64
//! training inputs (header.reference_rows rows): ceil(n_features / 64) u64 words each,
//!     for the applicability domain of predictions
//! ```
//!
//! Children always come after their parent, so a file cannot describe a
//! cycle; every index, feature and value is checked when reading.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::data::BitMatrix;
use crate::forest::{Mode, Node, RandomForest, Tree, LEAF};

pub const MAGIC: &[u8; 8] = b"GENUIQSR";
pub const FORMAT_VERSION: u32 = 1;
const NODE_BYTES: usize = 20;

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    /// `random_forest`.
    pub algorithm: String,
    pub mode: Mode,
    pub n_features: usize,
    pub n_trees: usize,
    /// Training rows stored after the trees.
    pub reference_rows: usize,
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
    pub forest: RandomForest,
    /// The training inputs.
    pub reference: BitMatrix,
}

/// The file of `forest`, trained on `reference`, with `metadata` in its header.
pub fn write(forest: &RandomForest, reference: &BitMatrix, metadata: &Value) -> Vec<u8> {
    let header = ModelHeader {
        algorithm: "random_forest".into(),
        mode: forest.mode,
        n_features: forest.n_features,
        n_trees: forest.trees.len(),
        reference_rows: reference.rows(),
        metadata: metadata.clone(),
    };
    let header = serde_json::to_vec(&header).expect("headers serialize");
    let nodes: usize = forest.trees.iter().map(|t| t.nodes.len()).sum();
    let mut out =
        Vec::with_capacity(16 + header.len() + 4 * forest.trees.len() + NODE_BYTES * nodes);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    for tree in &forest.trees {
        out.extend_from_slice(&(tree.nodes.len() as u32).to_le_bytes());
        for node in &tree.nodes {
            out.extend_from_slice(&node.feature.to_le_bytes());
            out.extend_from_slice(&node.left.to_le_bytes());
            out.extend_from_slice(&node.right.to_le_bytes());
            out.extend_from_slice(&node.value.to_le_bytes());
        }
    }
    for i in 0..reference.rows() {
        for word in reference.row(i) {
            out.extend_from_slice(&word.to_le_bytes());
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelFileError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelFileError(format!("the file ends inside {what}")))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelFileError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }
}

/// Reads and checks a model file.
pub fn read(bytes: &[u8]) -> Result<ModelFile, ModelFileError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8, "the magic number")? != MAGIC {
        return Err(ModelFileError("it does not start with GENUIQSR".into()));
    }
    let version = r.u32("the format version")?;
    if version != FORMAT_VERSION {
        return Err(ModelFileError(format!(
            "format version {version}; this GenUI reads version {FORMAT_VERSION}"
        )));
    }
    let header_len = r.u32("the header length")? as usize;
    let header: ModelHeader = serde_json::from_slice(r.take(header_len, "the header")?)
        .map_err(|e| ModelFileError(format!("unreadable header: {e}")))?;
    if header.algorithm != "random_forest" {
        return Err(ModelFileError(format!(
            "unknown algorithm {:?}",
            header.algorithm
        )));
    }
    if header.n_trees == 0 || header.n_features == 0 {
        return Err(ModelFileError("a model needs trees and features".into()));
    }
    // Each tree takes at least 4 + 20 bytes: refuse impossible counts before allocating.
    if header.n_trees > (bytes.len() - r.at) / (4 + NODE_BYTES) {
        return Err(ModelFileError(format!(
            "{} trees do not fit in the file",
            header.n_trees
        )));
    }
    let mut trees = Vec::with_capacity(header.n_trees);
    for t in 0..header.n_trees {
        let n = r.u32("a tree's node count")? as usize;
        if n == 0 {
            return Err(ModelFileError(format!("tree {t} has no nodes")));
        }
        if n > (bytes.len() - r.at) / NODE_BYTES {
            return Err(ModelFileError(format!(
                "the file ends inside tree {t} ({n} nodes claimed)"
            )));
        }
        let mut nodes = Vec::with_capacity(n);
        for i in 0..n {
            let raw = r.take(NODE_BYTES, "a node")?;
            let word = |k: usize| u32::from_le_bytes(raw[k..k + 4].try_into().expect("4 bytes"));
            let node = Node {
                feature: word(0),
                left: word(4),
                right: word(8),
                value: f64::from_le_bytes(raw[12..20].try_into().expect("8 bytes")),
            };
            let bad = |why: &str| ModelFileError(format!("tree {t}, node {i}: {why}"));
            if !node.value.is_finite() {
                return Err(bad("the value is not a finite number"));
            }
            if node.feature != LEAF {
                if node.feature as usize >= header.n_features {
                    return Err(bad("the feature is out of range"));
                }
                for child in [node.left, node.right] {
                    if child as usize <= i || child as usize >= n {
                        return Err(bad("a child index is out of order or range"));
                    }
                }
            }
            nodes.push(node);
        }
        trees.push(Tree { nodes });
    }
    let words_per_row = header.n_features.div_ceil(64);
    let reference_bytes = header
        .reference_rows
        .checked_mul(words_per_row * 8)
        .ok_or_else(|| ModelFileError("impossible number of training rows".into()))?;
    let raw = r.take(reference_bytes, "the training rows")?;
    let words: Vec<u64> = raw
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let rows: Vec<&[u64]> = words.chunks(words_per_row.max(1)).collect();
    let reference = BitMatrix::from_words(header.n_features, &rows).map_err(ModelFileError)?;
    if r.at != bytes.len() {
        return Err(ModelFileError(format!(
            "{} bytes after the training rows",
            bytes.len() - r.at
        )));
    }
    let forest = RandomForest {
        mode: header.mode,
        n_features: header.n_features,
        trees,
    };
    Ok(ModelFile {
        header,
        forest,
        reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::BitMatrix;
    use crate::forest::ForestParams;

    fn forest(seed: u64) -> (BitMatrix, RandomForest) {
        let x = BitMatrix::from_rows(40, (0..80u32).map(|i| vec![i % 40, (i * 7) % 40]))
            .expect("matrix");
        let y: Vec<f64> = (0..80).map(|i| f64::from(i % 9) * 0.3).collect();
        let params = ForestParams {
            n_trees: 8,
            seed,
            ..ForestParams::defaults(Mode::Regression)
        };
        let forest = RandomForest::fit(&x, &y, Mode::Regression, &params).expect("fit");
        (x, forest)
    }

    #[test]
    fn files_round_trip_exactly_and_are_reproducible() {
        let (x, original) = forest(1);
        let metadata = serde_json::json!({"descriptors": [{"kind": "morgan", "radius": 2}]});
        let bytes = write(&original, &x, &metadata);
        let loaded = read(&bytes).expect("read");
        assert_eq!(loaded.header.metadata, metadata);
        assert_eq!(loaded.forest, original);
        assert_eq!(loaded.reference, x);
        assert_eq!(loaded.forest.predict(&x), original.predict(&x));
        assert_eq!(
            write(&forest(1).1, &x, &metadata),
            bytes,
            "same seed, same bytes"
        );
        assert_ne!(write(&forest(2).1, &x, &metadata), bytes);
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        let (x, original) = forest(1);
        let bytes = write(&original, &x, &Value::Null);
        let header_end = 16 + u32::from_le_bytes(bytes[12..16].try_into().expect("len")) as usize;
        let first_node = header_end + 4;
        let mut cases: Vec<(Vec<u8>, &str)> = vec![
            (b"PK\x03\x04 a zip".to_vec(), "GENUIQSR"),
            (bytes[..bytes.len() - 3].to_vec(), "ends inside"),
            ([bytes.clone(), vec![0]].concat(), "after the training rows"),
        ];
        let mut version = bytes.clone();
        version[8] = 9;
        cases.push((version, "format version 9"));
        let mut backwards = bytes.clone();
        backwards[first_node + 4..first_node + 8].copy_from_slice(&0u32.to_le_bytes());
        cases.push((backwards, "out of order"));
        let mut feature = bytes.clone();
        feature[first_node..first_node + 4].copy_from_slice(&1000u32.to_le_bytes());
        cases.push((feature, "feature is out of range"));
        let mut nan = bytes.clone();
        nan[first_node + 12..first_node + 20].copy_from_slice(&f64::NAN.to_le_bytes());
        cases.push((nan, "finite"));
        let mut huge = bytes.clone();
        huge[header_end..header_end + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        cases.push((huge, "nodes claimed"));
        for (damaged, reason) in cases {
            let error = read(&damaged).expect_err("damaged").to_string();
            assert!(error.contains(reason), "{error} (expected {reason})");
        }
    }
}
