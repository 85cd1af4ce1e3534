//! Writing a model file: the header, the arrays in order, the checksum.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{Array, ArrayInfo, ModelHeader, FORMAT_VERSION, MAGIC};
use crate::algorithm::{Algorithm, Estimator, Model};
use crate::data::BitMatrix;
use crate::features::Preprocessing;
use crate::forest::Tree;
use crate::svm::{Kernel, Vectors};

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
pub(super) fn input_count(algorithm: Algorithm, estimator: &Estimator, p: &Preprocessing) -> usize {
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
