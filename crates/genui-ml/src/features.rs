//! Model inputs: descriptor groups computed from SMILES, and the
//! preprocessing fitted on a training set that turns them into what an
//! algorithm reads — bits (trees, kNN, naive Bayes, the Tanimoto kernel) or
//! real vectors (linear models, the RBF kernel).
//!
//! Fingerprints are bits either way. The physico-chemical descriptors are
//! standardized (z-scores) for real-vector algorithms, and for bit algorithms
//! encoded as thresholds at training-set quantiles (`value > edge`, at most
//! [`MAX_EDGES`] per descriptor): a split on such a bit is a split on the
//! descriptor's value, as histogram-based tree learners do.

use genui_chem::descriptors::{self as physchem, Descriptors};
use genui_chem::fingerprint::{morgan_counts, FingerprintKind};
use genui_chem::Molecule;
use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::data::{BitMatrix, DenseMatrix};
use crate::MlError;

/// Thresholds per physico-chemical descriptor in the bit encoding.
pub const MAX_EDGES: usize = 16;

/// One descriptor group of a model's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Descriptor {
    Fingerprint(FingerprintKind),
    /// Hashed Morgan counts (`{"kind": "morgan", …, "counts": true}`): how often
    /// each environment occurs, as real values (always a `Morgan` kind).
    MorganCounts(FingerprintKind),
    /// The 31 physico-chemical descriptors stored with every molecule
    /// (weights, logP, TPSA, counts, QED, SA score, …).
    Physchem,
}

/// As its serde form: a fingerprint (`{"kind": "morgan", "radius": 2, …}`, Morgan with an
/// optional `"counts": true`) or `{"kind": "physchem"}`.
impl schemars::JsonSchema for Descriptor {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Descriptor".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let fingerprint = generator.subschema_for::<FingerprintKind>();
        schemars::json_schema!({
            "description": "A descriptor group: a fingerprint (Morgan may add `\"counts\": true` for occurrence counts) or the physico-chemical descriptors.",
            "oneOf": [
                {"allOf": [fingerprint, {"type": "object", "properties": {"counts": {"type": "boolean"}}}]},
                {"type": "object", "properties": {"kind": {"const": "physchem"}}, "required": ["kind"]}
            ]
        })
    }
}

impl Serialize for Descriptor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Fingerprint(kind) => kind.serialize(serializer),
            Self::MorganCounts(kind) => {
                let mut value = serde_json::to_value(kind).map_err(serde::ser::Error::custom)?;
                value["counts"] = Value::Bool(true);
                value.serialize(serializer)
            }
            Self::Physchem => serde_json::json!({"kind": "physchem"}).serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Descriptor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut value = Value::deserialize(deserializer)?;
        let counts = match value.as_object_mut().and_then(|o| o.remove("counts")) {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) if value["kind"] == "morgan" => true,
            Some(_) => {
                return Err(D::Error::custom(
                    "counts = true is for the morgan group only",
                ))
            }
        };
        if value["kind"] == "physchem" {
            if value.as_object().is_some_and(|o| o.len() > 1) {
                return Err(D::Error::custom("the physchem group has no parameters"));
            }
            return Ok(Self::Physchem);
        }
        FingerprintKind::deserialize(value)
            .map(if counts {
                Self::MorganCounts
            } else {
                Self::Fingerprint
            })
            .map_err(|e| D::Error::custom(format!("descriptor group: {e}")))
    }
}

impl Descriptor {
    /// ECFP4, 2,048 bits.
    pub const ECFP4: Self = Self::Fingerprint(FingerprintKind::ECFP4);

    /// Bits of a fingerprint group (0 for physchem).
    pub fn n_bits(&self) -> usize {
        match self {
            Self::Fingerprint(kind) => kind.n_bits() as usize,
            Self::MorganCounts(_) | Self::Physchem => 0,
        }
    }

    /// Real values of the group (0 for fingerprints).
    pub fn n_values(&self) -> usize {
        match self {
            Self::Fingerprint(_) => 0,
            Self::MorganCounts(kind) => kind.n_bits() as usize,
            Self::Physchem => Descriptors::NAMES.len(),
        }
    }

    /// Refuses groups that make no model input.
    pub fn validate(&self) -> Result<(), MlError> {
        let (Self::Fingerprint(kind) | Self::MorganCounts(kind)) = self else {
            return Ok(());
        };
        kind.validate()
            .map_err(|e| MlError::Setting(e.to_string()))?;
        if matches!(kind, FingerprintKind::Pattern { .. }) {
            return Err(MlError::Setting(
                "the pattern fingerprint is for substructure screening, not models".into(),
            ));
        }
        if kind.n_bits() > 16384 {
            return Err(MlError::Setting(
                "a descriptor group has at most 16,384 bits".into(),
            ));
        }
        Ok(())
    }
}

/// Descriptor values of molecules before any fitting: fingerprint bits side
/// by side, and the physico-chemical values.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFeatures {
    pub bits: BitMatrix,
    pub values: DenseMatrix,
}

impl RawFeatures {
    pub fn rows(&self) -> usize {
        self.bits.rows()
    }

    /// The rows at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Self {
        Self {
            bits: self.bits.select(indices),
            values: self.values.select(indices),
        }
    }
}

/// The descriptor groups of molecules given as SMILES (in parallel).
pub fn featurize(descriptors: &[Descriptor], smiles: &[String]) -> Result<RawFeatures, MlError> {
    let n_bits: usize = descriptors.iter().map(Descriptor::n_bits).sum();
    let n_values: usize = descriptors.iter().map(Descriptor::n_values).sum();
    let rows: Vec<(Vec<u32>, Vec<f64>)> = smiles
        .par_iter()
        .map(|s| {
            let mol = Molecule::from_smiles(s).map_err(|e| MlError::Data(format!("{s}: {e}")))?;
            let (mut on, mut values) = (Vec::new(), Vec::with_capacity(n_values));
            let mut offset = 0u32;
            for d in descriptors {
                match d {
                    Descriptor::Fingerprint(kind) => {
                        let fp = kind
                            .compute(&mol)
                            .map_err(|e| MlError::Data(format!("{s}: {e}")))?;
                        on.extend(fp.on_bits().into_iter().map(|b| b + offset));
                        offset += kind.n_bits();
                    }
                    Descriptor::MorganCounts(FingerprintKind::Morgan {
                        radius,
                        n_bits,
                        chirality,
                        features,
                    }) => {
                        let start = values.len();
                        values.resize(start + *n_bits as usize, 0.0);
                        for c in morgan_counts(&mol, *radius, *n_bits, *chirality, *features)
                            .map_err(|e| MlError::Data(format!("{s}: {e}")))?
                        {
                            values[start + c.bit as usize] = f64::from(c.count);
                        }
                    }
                    Descriptor::MorganCounts(_) => unreachable!("counts are of Morgan kinds"),
                    Descriptor::Physchem => values.extend(
                        physchem::descriptors(&mol)
                            .map_err(|e| MlError::Data(format!("{s}: {e}")))?
                            .values(),
                    ),
                }
            }
            Ok((on, values))
        })
        .collect::<Result<_, MlError>>()?;
    let (on, values): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
    Ok(RawFeatures {
        bits: BitMatrix::from_rows(n_bits, on)?,
        values: DenseMatrix::new(n_values, values.concat())?,
    })
}

/// What an algorithm reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Bits,
    Real,
}

/// Preprocessing fitted on training rows (stored with the model).
#[derive(Debug, Clone, PartialEq)]
pub struct Preprocessing {
    pub n_bits: usize,
    /// Per physico-chemical value: training mean and standard deviation (1
    /// for constant values).
    pub means: Vec<f64>,
    pub scales: Vec<f64>,
    /// Per value: ascending thresholds of its bit encoding.
    pub edges: Vec<Vec<f64>>,
}

impl Preprocessing {
    /// Fits the scaling and the thresholds to the training rows.
    pub fn fit(raw: &RawFeatures) -> Self {
        let (n, cols) = (raw.rows(), raw.values.cols());
        let mut means = vec![0.0; cols];
        let mut scales = vec![1.0; cols];
        let mut edges = Vec::with_capacity(cols);
        for j in 0..cols {
            let mut column: Vec<f64> = (0..n).map(|i| raw.values.row(i)[j]).collect();
            if n > 0 {
                let mean = column.iter().sum::<f64>() / n as f64;
                let var = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
                means[j] = mean;
                scales[j] = if var > 0.0 { var.sqrt() } else { 1.0 };
            }
            column.sort_by(f64::total_cmp);
            column.dedup();
            // Midpoints between neighbouring distinct values, at most MAX_EDGES of them
            // at evenly spaced quantiles.
            let gaps = column.len().saturating_sub(1);
            let mut thresholds: Vec<f64> = (1..=gaps.min(MAX_EDGES))
                .map(|k| {
                    let at = (k * gaps).div_ceil(gaps.min(MAX_EDGES)) - 1;
                    (column[at] + column[at + 1]) / 2.0
                })
                .collect();
            thresholds.dedup();
            edges.push(thresholds);
        }
        Self {
            n_bits: raw.bits.n_features(),
            means,
            scales,
            edges,
        }
    }

    /// Inputs of bit algorithms.
    pub fn n_bit_inputs(&self) -> usize {
        self.n_bits + self.edges.iter().map(Vec::len).sum::<usize>()
    }

    /// Inputs of real-vector algorithms.
    pub fn n_real_inputs(&self) -> usize {
        self.n_bits + self.means.len()
    }

    fn check(&self, raw: &RawFeatures) -> Result<(), MlError> {
        if raw.bits.n_features() != self.n_bits || raw.values.cols() != self.means.len() {
            return Err(MlError::Data(format!(
                "inputs of {} bits and {} values; the model takes {} and {}",
                raw.bits.n_features(),
                raw.values.cols(),
                self.n_bits,
                self.means.len()
            )));
        }
        Ok(())
    }

    /// Fingerprint bits followed by the threshold bits.
    pub fn bits(&self, raw: &RawFeatures) -> Result<BitMatrix, MlError> {
        self.check(raw)?;
        if self.edges.iter().all(Vec::is_empty) {
            return Ok(raw.bits.clone());
        }
        let rows = (0..raw.rows()).map(|i| {
            let mut on: Vec<u32> = Vec::new();
            for (w, &word) in raw.bits.row(i).iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    on.push((w * 64) as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
            let mut offset = self.n_bits;
            for (value, edges) in raw.values.row(i).iter().zip(&self.edges) {
                on.extend((0..edges.partition_point(|e| value > e)).map(|k| (offset + k) as u32));
                offset += edges.len();
            }
            on
        });
        BitMatrix::from_rows(self.n_bit_inputs(), rows)
    }

    /// Fingerprint bits as 0/1 followed by the standardized values.
    pub fn real(&self, raw: &RawFeatures) -> Result<DenseMatrix, MlError> {
        self.check(raw)?;
        let mut out = DenseMatrix::zeros(raw.rows(), self.n_real_inputs());
        for i in 0..raw.rows() {
            let row = out.row_mut(i);
            for (w, &word) in raw.bits.row(i).iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    row[w * 64 + bits.trailing_zeros() as usize] = 1.0;
                    bits &= bits - 1;
                }
            }
            for (j, &value) in raw.values.row(i).iter().enumerate() {
                row[self.n_bits + j] = (value - self.means[j]) / self.scales[j];
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawFeatures {
        let bits =
            BitMatrix::from_rows(3, [vec![0u32], vec![2], vec![], vec![0, 1]]).expect("bits");
        let values =
            DenseMatrix::new(2, vec![1.0, 5.0, 2.0, 5.0, 3.0, 5.0, 4.0, 5.0]).expect("values");
        RawFeatures { bits, values }
    }

    #[test]
    fn descriptor_groups_read_and_write_their_json() {
        let groups: Vec<Descriptor> = serde_json::from_str(
            r#"[{"kind": "physchem"}, {"kind": "morgan", "radius": 2, "n_bits": 1024}]"#,
        )
        .expect("groups");
        assert_eq!(groups[0], Descriptor::Physchem);
        assert_eq!(groups[1].n_bits(), 1024);
        let again: Vec<Descriptor> =
            serde_json::from_value(serde_json::to_value(&groups).expect("json")).expect("back");
        assert_eq!(again, groups);
        let counts: Descriptor = serde_json::from_str(
            r#"{"kind": "morgan", "radius": 1, "n_bits": 64, "counts": true}"#,
        )
        .expect("counts");
        assert_eq!((counts.n_bits(), counts.n_values()), (0, 64));
        assert_eq!(serde_json::to_value(counts).expect("json")["counts"], true);
        let raw = featurize(&[counts], &["CCCC".to_owned()]).expect("features");
        let total: f64 = raw.values.row(0).iter().sum();
        assert_eq!(total, 8.0, "4 atoms × radius 0 and 1 environments");
        for bad in [
            r#"{"kind": "physchem", "x": 1}"#,
            r#"{"kind": "nope"}"#,
            r#"{"kind": "maccs", "counts": true}"#,
        ] {
            assert!(serde_json::from_str::<Descriptor>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn preprocessing_scales_and_thresholds_what_it_was_fitted_on() {
        let raw = raw();
        let p = Preprocessing::fit(&raw);
        assert_eq!(
            p.edges,
            vec![vec![1.5, 2.5, 3.5], vec![]],
            "constant values have no edges"
        );
        assert_eq!((p.n_bit_inputs(), p.n_real_inputs()), (6, 5));
        let bits = p.bits(&raw).expect("bits");
        let row3: Vec<bool> = (0..6).map(|f| bits.get(3, f)).collect();
        assert_eq!(row3, [true, true, false, true, true, true]);
        assert!(!(3..6).any(|f| bits.get(0, f)));
        let real = p.real(&raw).expect("real");
        assert_eq!(&real.row(1)[..3], &[0.0, 0.0, 1.0]);
        let z: f64 = (0..4).map(|i| real.row(i)[3]).sum();
        assert!(z.abs() < 1e-12 && real.row(0)[4] == 0.0);
        let other = RawFeatures {
            bits: BitMatrix::from_rows(4, [vec![0u32]]).expect("bits"),
            values: DenseMatrix::zeros(1, 2),
        };
        assert!(p.bits(&other).is_err());
    }

    #[test]
    fn many_distinct_values_get_at_most_the_maximum_of_edges() {
        let n = 1000;
        let raw = RawFeatures {
            bits: BitMatrix::from_rows(1, (0..n).map(|_| Vec::<u32>::new())).expect("bits"),
            values: DenseMatrix::new(1, (0..n).map(f64::from).collect()).expect("values"),
        };
        let edges = &Preprocessing::fit(&raw).edges[0];
        assert_eq!(edges.len(), MAX_EDGES);
        assert!(edges.windows(2).all(|w| w[0] < w[1]));
        assert!(edges[0] > 0.0 && *edges.last().expect("edge") > 990.0);
    }
}
