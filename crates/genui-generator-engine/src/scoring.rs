//! What the reinforcement-learning environment measures: scorers (the 22 DrugEx molecular
//! properties, or anything implementing [`Scorer`], such as a QSAR model in the platform) and the
//! modifiers that turn a raw score into a desirability between 0 and 1.

use genui_chem::descriptors::{bertz_ct, qed, rdkit_descriptors, sa_score};
use genui_chem::Molecule;
use serde::{Deserialize, Serialize};

use crate::{GenError, Result};

/// Something that scores molecules: one raw value per molecule.
///
/// Molecules handed to a scorer are valid (sanitized) ones; the environment scores invalid SMILES
/// as zero without asking. A molecule the scorer cannot score gets NaN (its desirability is then
/// 0, as DrugEx scores failures); an error is for a scorer that cannot work at all, and stops the
/// batch. A scorer is shared between threads, each scoring its own molecules.
pub trait Scorer: Send + Sync {
    /// Name of the score, unique within an environment (a column of its results).
    fn key(&self) -> String;
    /// One raw score per molecule, in order.
    fn score(&self, molecules: &[Molecule]) -> Result<Vec<f64>>;
}

/// The 22 molecular properties DrugEx offers as scorers, named as GenUI's descriptor columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// Molecular weight (DrugEx `MW`).
    Mw,
    /// Crippen logP (`logP`).
    Logp,
    /// Hydrogen-bond acceptors (`HBA`).
    Hba,
    /// Hydrogen-bond donors (`HBD`).
    Hbd,
    /// Rotatable bonds (`Rotable`).
    RotatableBonds,
    /// Amide bonds (`Amide`).
    AmideBonds,
    /// Bridgehead atoms (`Bridge`).
    BridgeheadAtoms,
    /// Hetero atoms (`Hetero`).
    HeteroAtoms,
    /// Heavy atoms (`Heavy`).
    HeavyAtoms,
    /// Spiro atoms (`Spiro`).
    SpiroAtoms,
    /// Fraction of sp3 carbons (`FCSP3`).
    FractionCsp3,
    /// Rings (`Ring`).
    Rings,
    /// Aliphatic rings (`Aliphatic`).
    AliphaticRings,
    /// Aromatic rings (`Aromatic`).
    AromaticRings,
    /// Saturated rings (`Saturated`).
    SaturatedRings,
    /// Rings with a hetero atom (`HeteroR`).
    Heterocycles,
    /// Topological polar surface area (`TPSA`).
    Tpsa,
    /// Valence electrons (`Valence`).
    ValenceElectrons,
    /// Crippen molar refractivity (`MR`).
    Mr,
    /// Quantitative estimate of drug-likeness, 0..1 (`QED`).
    Qed,
    /// Synthetic accessibility, 1 (easy) .. 10 (`SA`).
    SaScore,
    /// Bertz's complexity index (`Bertz`).
    BertzCt,
}

impl Property {
    /// Every property, in DrugEx's order.
    pub const ALL: [Property; 22] = [
        Property::Mw,
        Property::Logp,
        Property::Hba,
        Property::Hbd,
        Property::RotatableBonds,
        Property::AmideBonds,
        Property::BridgeheadAtoms,
        Property::HeteroAtoms,
        Property::HeavyAtoms,
        Property::SpiroAtoms,
        Property::FractionCsp3,
        Property::Rings,
        Property::AliphaticRings,
        Property::AromaticRings,
        Property::SaturatedRings,
        Property::Heterocycles,
        Property::Tpsa,
        Property::ValenceElectrons,
        Property::Mr,
        Property::Qed,
        Property::SaScore,
        Property::BertzCt,
    ];

    /// The name used in files and requests (`"qed"`, `"rotatable_bonds"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Property::Mw => "mw",
            Property::Logp => "logp",
            Property::Hba => "hba",
            Property::Hbd => "hbd",
            Property::RotatableBonds => "rotatable_bonds",
            Property::AmideBonds => "amide_bonds",
            Property::BridgeheadAtoms => "bridgehead_atoms",
            Property::HeteroAtoms => "hetero_atoms",
            Property::HeavyAtoms => "heavy_atoms",
            Property::SpiroAtoms => "spiro_atoms",
            Property::FractionCsp3 => "fraction_csp3",
            Property::Rings => "rings",
            Property::AliphaticRings => "aliphatic_rings",
            Property::AromaticRings => "aromatic_rings",
            Property::SaturatedRings => "saturated_rings",
            Property::Heterocycles => "heterocycles",
            Property::Tpsa => "tpsa",
            Property::ValenceElectrons => "valence_electrons",
            Property::Mr => "mr",
            Property::Qed => "qed",
            Property::SaScore => "sa_score",
            Property::BertzCt => "bertz_ct",
        }
    }

    /// A label for people (and DrugEx's key in parentheses).
    pub fn label(self) -> &'static str {
        match self {
            Property::Mw => "molecular weight (MW)",
            Property::Logp => "Crippen logP (logP)",
            Property::Hba => "hydrogen-bond acceptors (HBA)",
            Property::Hbd => "hydrogen-bond donors (HBD)",
            Property::RotatableBonds => "rotatable bonds (Rotable)",
            Property::AmideBonds => "amide bonds (Amide)",
            Property::BridgeheadAtoms => "bridgehead atoms (Bridge)",
            Property::HeteroAtoms => "hetero atoms (Hetero)",
            Property::HeavyAtoms => "heavy atoms (Heavy)",
            Property::SpiroAtoms => "spiro atoms (Spiro)",
            Property::FractionCsp3 => "fraction of sp3 carbons (FCSP3)",
            Property::Rings => "rings (Ring)",
            Property::AliphaticRings => "aliphatic rings (Aliphatic)",
            Property::AromaticRings => "aromatic rings (Aromatic)",
            Property::SaturatedRings => "saturated rings (Saturated)",
            Property::Heterocycles => "rings with a hetero atom (HeteroR)",
            Property::Tpsa => "topological polar surface area (TPSA)",
            Property::ValenceElectrons => "valence electrons (Valence)",
            Property::Mr => "Crippen molar refractivity (MR)",
            Property::Qed => "drug-likeness, 0–1 (QED)",
            Property::SaScore => "synthetic accessibility, 1 easy – 10 hard (SA)",
            Property::BertzCt => "Bertz complexity (Bertz)",
        }
    }

    /// Looks a property up by [`Property::name`].
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                let known: Vec<_> = Self::ALL.iter().map(|p| p.name()).collect();
                GenError::Invalid(format!(
                    "unknown property {name:?}; known: {}",
                    known.join(", ")
                ))
            })
    }

    /// The property of one molecule. QED, SA and Bertz are computed alone (they cost more than
    /// all of RDKit's C++ descriptors together); the others come from one descriptor pass.
    pub fn value(self, mol: &Molecule) -> Result<f64> {
        match self {
            Property::Qed => return Ok(qed(mol)?),
            Property::SaScore => return Ok(sa_score(mol)?),
            Property::BertzCt => return Ok(bertz_ct(mol)?),
            _ => {}
        }
        let d = rdkit_descriptors(mol)?;
        Ok(match self {
            Property::Mw => d.mw,
            Property::Logp => d.logp,
            Property::Hba => f64::from(d.hba),
            Property::Hbd => f64::from(d.hbd),
            Property::RotatableBonds => f64::from(d.rotatable_bonds),
            Property::AmideBonds => f64::from(d.amide_bonds),
            Property::BridgeheadAtoms => f64::from(d.bridgehead_atoms),
            Property::HeteroAtoms => f64::from(d.hetero_atoms),
            Property::HeavyAtoms => f64::from(d.heavy_atoms),
            Property::SpiroAtoms => f64::from(d.spiro_atoms),
            Property::FractionCsp3 => d.fraction_csp3,
            Property::Rings => f64::from(d.rings),
            Property::AliphaticRings => f64::from(d.aliphatic_rings),
            Property::AromaticRings => f64::from(d.aromatic_rings),
            Property::SaturatedRings => f64::from(d.saturated_rings),
            Property::Heterocycles => f64::from(d.heterocycles),
            Property::Tpsa => d.tpsa,
            Property::ValenceElectrons => f64::from(d.valence_electrons),
            Property::Mr => d.mr,
            Property::Qed | Property::SaScore | Property::BertzCt => unreachable!("handled above"),
        })
    }
}

impl Scorer for Property {
    fn key(&self) -> String {
        self.name().to_string()
    }

    fn score(&self, molecules: &[Molecule]) -> Result<Vec<f64>> {
        Ok(molecules
            .iter()
            .map(|m| self.value(m).unwrap_or(f64::NAN))
            .collect())
    }
}

/// Turns a raw score into a desirability in `[low, high]` (normally 0..1), as DrugEx's modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Modifier {
    /// Linear from (`lower`, `low`) to (`upper`, `high`), constant outside. `high < low` makes
    /// smaller raw scores better.
    Clipped {
        lower: f64,
        upper: f64,
        #[serde(default)]
        low: f64,
        #[serde(default = "one")]
        high: f64,
    },
    /// A logistic curve through the same two points' midpoint (DrugEx `SmoothClippedScore`).
    SmoothClipped {
        lower: f64,
        upper: f64,
        #[serde(default)]
        low: f64,
        #[serde(default = "one")]
        high: f64,
    },
    /// 1 inside `[lower, upper]`, a half Gaussian of width `sigma` outside.
    SmoothHump { lower: f64, upper: f64, sigma: f64 },
}

fn one() -> f64 {
    1.0
}

impl Modifier {
    /// Rejects parameters that make no curve: non-finite values, `lower >= upper`, `sigma <= 0`.
    pub fn validate(&self) -> Result<()> {
        let (lower, upper, others): (f64, f64, Vec<(&str, f64)>) = match *self {
            Modifier::Clipped {
                lower,
                upper,
                low,
                high,
            }
            | Modifier::SmoothClipped {
                lower,
                upper,
                low,
                high,
            } => (lower, upper, vec![("low", low), ("high", high)]),
            Modifier::SmoothHump {
                lower,
                upper,
                sigma,
            } => {
                if !(sigma > 0.0 && sigma.is_finite()) {
                    return Err(GenError::Invalid(format!(
                        "sigma must be positive and finite, got {sigma}"
                    )));
                }
                (lower, upper, vec![])
            }
        };
        for (name, v) in [("lower", lower), ("upper", upper)]
            .into_iter()
            .chain(others)
        {
            if !v.is_finite() {
                return Err(GenError::Invalid(format!("{name} must be finite, got {v}")));
            }
        }
        if lower >= upper {
            return Err(GenError::Invalid(format!(
                "lower ({lower}) must be below upper ({upper})"
            )));
        }
        Ok(())
    }

    /// The desirability of a raw score.
    pub fn apply(&self, x: f64) -> f64 {
        match *self {
            Modifier::Clipped {
                lower,
                upper,
                low,
                high,
            } => {
                let t = ((x - lower) / (upper - lower)).clamp(0.0, 1.0);
                low + t * (high - low)
            }
            Modifier::SmoothClipped {
                lower,
                upper,
                low,
                high,
            } => {
                let middle = (lower + upper) / 2.0;
                // DrugEx's (and GuacaMol's) steepness: 4 / width, the clipped line's slope at
                // the midpoint.
                let steepness = 4.0 / (upper - lower);
                low + (high - low) / (1.0 + (-steepness * (x - middle)).exp())
            }
            Modifier::SmoothHump {
                lower,
                upper,
                sigma,
            } => {
                let outside = if x < lower {
                    x - lower
                } else if x > upper {
                    x - upper
                } else {
                    0.0
                };
                (-0.5 * (outside / sigma).powi(2)).exp()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipped_is_linear_between_its_points_and_flat_outside() {
        let m = Modifier::Clipped {
            lower: 2.0,
            upper: 4.0,
            low: 0.0,
            high: 1.0,
        };
        assert_eq!(
            [1.0, 2.0, 3.0, 4.0, 9.0].map(|x| m.apply(x)),
            [0.0, 0.0, 0.5, 1.0, 1.0]
        );
        let reversed = Modifier::Clipped {
            lower: 2.0,
            upper: 4.0,
            low: 1.0,
            high: 0.0,
        };
        assert_eq!(reversed.apply(2.5), 0.75);
    }

    #[test]
    fn smooth_clipped_passes_the_midpoint_at_half_and_saturates() {
        let m = Modifier::SmoothClipped {
            lower: 0.0,
            upper: 10.0,
            low: 0.0,
            high: 1.0,
        };
        assert!((m.apply(5.0) - 0.5).abs() < 1e-12);
        assert!(m.apply(40.0) > 0.9999 && m.apply(-30.0) < 1e-4);
        // At the ends of the window: 1 / (1 + e^±2).
        assert!((m.apply(10.0) - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-12);
        assert!(m.apply(6.0) > m.apply(4.0));
    }

    #[test]
    fn the_hump_is_one_inside_and_a_gaussian_outside() {
        let m = Modifier::SmoothHump {
            lower: 1.0,
            upper: 2.0,
            sigma: 0.5,
        };
        assert_eq!(m.apply(1.5), 1.0);
        assert!((m.apply(2.5) - (-0.5f64).exp()).abs() < 1e-12);
        assert!((m.apply(0.5) - (-0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn impossible_modifiers_are_rejected_and_unknown_fields_too() {
        let bad = [
            r#"{"kind":"clipped","lower":3,"upper":1}"#,
            r#"{"kind":"smooth_hump","lower":0,"upper":1,"sigma":0}"#,
            r#"{"kind":"smooth_clipped","lower":0,"upper":0}"#,
        ];
        for json in bad {
            let m: Modifier = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
            assert!(m.validate().is_err(), "{json}");
        }
        assert!(serde_json::from_str::<Modifier>(
            r#"{"kind":"clipped","lower":0,"upper":1,"slope":2}"#
        )
        .is_err());
        let ok: Modifier = serde_json::from_str(r#"{"kind":"clipped","lower":0,"upper":1}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(ok.validate().is_ok());
        assert_eq!(ok.apply(1.0), 1.0);
    }

    #[test]
    fn properties_are_named_as_descriptor_columns_and_computed() {
        for p in Property::ALL {
            assert!(
                genui_chem::descriptors::Descriptors::NAMES.contains(&p.name()),
                "{p:?}"
            );
            assert_eq!(Property::from_name(p.name()).ok(), Some(p));
        }
        assert!(Property::from_name("weight").is_err());
        let aspirin =
            Molecule::from_smiles("CC(=O)Oc1ccccc1C(=O)O").unwrap_or_else(|e| panic!("{e}"));
        let all = genui_chem::descriptors::descriptors(&aspirin).unwrap_or_else(|e| panic!("{e}"));
        for p in Property::ALL {
            let value = p.value(&aspirin).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(Some(value), all.get(p.name()), "{p:?}");
        }
    }
}
