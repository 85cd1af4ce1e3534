//! What a map is made of and how: compound sets, descriptor groups, the
//! algorithm with typed parameters (declared once, served to forms and
//! checked on input), and the seed.

use genui_ml::features::{featurize, Descriptor, Preprocessing};
use genui_ml::params::{AlgorithmInfo, ParamKind, ParamSpec, Resolved};
use genui_ml::MlError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use genui_ml::maps::mds::{isomap, isomap_place, mds, mds_place, MAX_POINTS};
use genui_ml::maps::neighbours::Points;
use genui_ml::maps::pca::Pca;
use genui_ml::maps::tsne::{check_perplexity, place, tsne, GradientMethod, Step, TsneParams};
use genui_ml::maps::umap::{check_neighbours, umap, umap_place, UmapParams};

/// The most compound sets one map covers.
pub const MAX_SETS: usize = 20;

/// Everything that defines a map (stored with it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapSpec {
    /// The compound sets whose molecules make the map (each distinct molecule once).
    pub compound_set_ids: Vec<i64>,
    /// `tsne` or `pca`.
    pub algorithm: String,
    /// The algorithm's parameters (see `/api/maps/algorithms`); missing ones take defaults.
    #[serde(default = "genui_ml::params::no_parameters")]
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub parameters: Value,
    /// Fingerprints only: Jaccard (Tanimoto) distances; with physico-chemical
    /// values: Euclidean distances on standardized inputs.
    #[serde(default = "default_descriptors")]
    pub descriptors: Vec<Descriptor>,
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_descriptors() -> Vec<Descriptor> {
    vec![Descriptor::ECFP4]
}

fn default_seed() -> u64 {
    42
}

const TSNE_PARAMS: &[ParamSpec] = &[
    ParamSpec::number(
        "perplexity",
        30.0,
        2.0,
        500.0,
        "effective number of neighbours; needs more than 3 × perplexity molecules",
    ),
    ParamSpec::number(
        "early_exaggeration",
        12.0,
        1.0,
        100.0,
        "attraction factor of the first phase",
    ),
    ParamSpec::integer(
        "early_exaggeration_iter",
        250,
        0,
        5000,
        "iterations of the first phase",
    ),
    ParamSpec::integer("n_iter", 500, 1, 10000, "iterations after the first phase"),
    ParamSpec {
        name: "learning_rate",
        kind: ParamKind::ChoiceOrNumber {
            default: Some("auto"),
            choices: &["auto"],
            min: 0.0,
            max: 1e7,
        },
        description: "auto: max(molecules / early exaggeration / 4, 50)",
    },
    ParamSpec::number(
        "theta",
        0.5,
        0.1,
        1.0,
        "Barnes–Hut accuracy: smaller is more exact and slower",
    ),
    ParamSpec {
        name: "negative_gradient_method",
        kind: ParamKind::Choice {
            default: "auto",
            choices: &["auto", "bh", "fft"],
        },
        description: "repulsive forces by Barnes–Hut (bh) or FFT interpolation (fft); auto: fft from 10,000 molecules",
    },
];

const UMAP_PARAMS: &[ParamSpec] = &[
    ParamSpec::integer(
        "n_neighbors",
        15,
        2,
        200,
        "neighbours in the fuzzy graph: larger keeps more global structure",
    ),
    ParamSpec::number(
        "min_dist",
        0.1,
        0.0,
        10.0,
        "how tightly points may pack (at most spread)",
    ),
    ParamSpec::number(
        "spread",
        1.0,
        0.01,
        10.0,
        "the scale of the embedded points",
    ),
    ParamSpec {
        name: "n_epochs",
        kind: ParamKind::Integer {
            default: None,
            min: 1,
            max: 5000,
        },
        description: "optimization epochs; null: 500 up to 10,000 molecules, 200 above",
    },
    ParamSpec::number(
        "learning_rate",
        1.0,
        0.001,
        10.0,
        "initial step of the stochastic gradient descent",
    ),
    ParamSpec::integer(
        "negative_sample_rate",
        5,
        1,
        50,
        "repulsive samples per attractive one",
    ),
];

const ISOMAP_PARAMS: &[ParamSpec] = &[ParamSpec::integer(
    "n_neighbors",
    5,
    2,
    100,
    "neighbours joined in the graph whose shortest paths are the distances",
)];

/// A checked map method.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Tsne(TsneParams),
    Umap(UmapParams),
    Pca {
        seed: u64,
    },
    /// Truncated SVD: PCA without centring.
    Svd {
        seed: u64,
    },
    /// Classical (Torgerson) MDS.
    Mds {
        seed: u64,
    },
    Isomap {
        n_neighbors: usize,
        seed: u64,
    },
}

/// What a finished map holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MapSummary {
    /// Points (a point is one structure, however many sets hold it).
    pub points: usize,
    /// Molecules placed (the same structure in two sets is two molecules).
    pub molecules: usize,
    pub compound_sets: Vec<i64>,
}

/// The algorithms and their parameters, for forms.
pub fn algorithms() -> Vec<AlgorithmInfo> {
    let algorithm = |name, title, parameters| AlgorithmInfo {
        name,
        title,
        modes: None,
        parameters,
    };
    vec![
        algorithm(
            "tsne",
            "t-SNE (Barnes–Hut, PCA initialization)",
            TSNE_PARAMS,
        ),
        algorithm(
            "umap",
            "UMAP (fuzzy neighbour graph, PCA initialization)",
            UMAP_PARAMS,
        ),
        algorithm("pca", "Principal component analysis (first two axes)", &[]),
        algorithm("svd", "Truncated SVD (first two axes, not centred)", &[]),
        algorithm(
            "mds",
            "Classical multidimensional scaling (up to 5,000 molecules)",
            &[],
        ),
        algorithm("isomap", "Isomap (up to 5,000 molecules)", ISOMAP_PARAMS),
    ]
}

impl MapSpec {
    /// Checks everything that can be checked without data.
    pub fn validate(&self) -> Result<Method, MlError> {
        if self.compound_set_ids.is_empty() || self.compound_set_ids.len() > MAX_SETS {
            return Err(MlError::Setting(format!(
                "give 1 to {MAX_SETS} compound sets"
            )));
        }
        let mut ids = self.compound_set_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.compound_set_ids.len() {
            return Err(MlError::Setting("a compound set is listed twice".into()));
        }
        if self.descriptors.is_empty() || self.descriptors.len() > 5 {
            return Err(MlError::Setting("give 1 to 5 descriptor groups".into()));
        }
        for d in &self.descriptors {
            d.validate()?;
        }
        match self.algorithm.as_str() {
            "tsne" => {
                let p = Resolved::check("tsne", TSNE_PARAMS, &self.parameters)?;
                Ok(Method::Tsne(TsneParams {
                    perplexity: p.f64("perplexity"),
                    early_exaggeration: p.f64("early_exaggeration"),
                    early_exaggeration_iter: p.usize("early_exaggeration_iter"),
                    n_iter: p.usize("n_iter"),
                    learning_rate: p
                        .choice("learning_rate")
                        .is_none()
                        .then(|| p.f64("learning_rate")),
                    theta: p.f64("theta"),
                    negative_gradient_method: match p.choice("negative_gradient_method") {
                        Some("bh") => GradientMethod::Bh,
                        Some("fft") => GradientMethod::Fft,
                        _ => GradientMethod::Auto,
                    },
                    seed: self.seed,
                }))
            }
            name @ ("pca" | "svd" | "mds") => {
                Resolved::check(name, &[], &self.parameters)?;
                let seed = self.seed;
                Ok(match name {
                    "pca" => Method::Pca { seed },
                    "svd" => Method::Svd { seed },
                    _ => Method::Mds { seed },
                })
            }
            "umap" => {
                let p = Resolved::check("umap", UMAP_PARAMS, &self.parameters)?;
                if p.f64("min_dist") > p.f64("spread") {
                    return Err(MlError::Setting("min_dist must not exceed spread".into()));
                }
                Ok(Method::Umap(UmapParams {
                    n_neighbors: p.usize("n_neighbors"),
                    min_dist: p.f64("min_dist"),
                    spread: p.f64("spread"),
                    n_epochs: p.optional_usize("n_epochs"),
                    learning_rate: p.f64("learning_rate"),
                    negative_sample_rate: p.usize("negative_sample_rate"),
                    seed: self.seed,
                }))
            }
            "isomap" => {
                let p = Resolved::check("isomap", ISOMAP_PARAMS, &self.parameters)?;
                Ok(Method::Isomap {
                    n_neighbors: p.usize("n_neighbors"),
                    seed: self.seed,
                })
            }
            other => Err(MlError::Setting(format!(
                "unknown algorithm {other:?}; available: tsne, umap, pca, svd, mds, isomap"
            ))),
        }
    }
}

impl Method {
    /// Refuses data the method cannot map.
    pub fn check_size(&self, n: usize) -> Result<(), MlError> {
        match self {
            Self::Tsne(p) => check_perplexity(n, p.perplexity),
            Self::Umap(p) => check_neighbours(n, p.n_neighbors),
            Self::Mds { .. } | Self::Isomap { .. } if n > MAX_POINTS => Err(MlError::Data(format!(
                "MDS and Isomap take at most {MAX_POINTS} molecules (their distance matrices grow with the square); there are {n}: use t-SNE or PCA"
            ))),
            Self::Isomap { n_neighbors, .. } if n <= *n_neighbors => Err(MlError::Data(format!(
                "Isomap with {n_neighbors} neighbours needs more than {n_neighbors} molecules; there are {n}"
            ))),
            _ if n < 3 => Err(MlError::Data(format!("a map needs at least 3 molecules; there are {n}"))),
            _ => Ok(()),
        }
    }

    /// The 2-D coordinates of `points`.
    pub fn embed(
        &self,
        points: &Points,
        progress: &mut dyn FnMut(Step) -> bool,
    ) -> Result<Vec<[f64; 2]>, MlError> {
        self.check_size(points.rows())?;
        match self {
            Self::Tsne(params) => return tsne(points, params, progress),
            Self::Umap(params) => return umap(points, params, progress),
            _ => {}
        }
        let coordinates = match self {
            Self::Pca { seed } => coordinates(&Pca::fit(points, 2, *seed).transform(points)),
            Self::Svd { seed } => {
                coordinates(&Pca::fit_uncentred(points, 2, *seed).transform(points))
            }
            Self::Mds { seed } => mds(points, *seed)?.coordinates,
            Self::Isomap { n_neighbors, seed } => isomap(points, *n_neighbors, *seed)?.coordinates,
            Self::Tsne(_) | Self::Umap(_) => unreachable!("handled above"),
        };
        progress(Step {
            iteration: 1,
            total: 1,
            kl_divergence: None,
        });
        Ok(coordinates)
    }

    /// Coordinates for `new` rows on a map made of `reference` rows at `embedding`.
    pub fn place(
        &self,
        reference: &Points,
        embedding: &[[f64; 2]],
        new: &Points,
    ) -> Result<Vec<[f64; 2]>, MlError> {
        match self {
            Self::Tsne(_) => place(reference, embedding, new, 5.0, 100),
            Self::Umap(params) => umap_place(reference, embedding, new, params),
            Self::Pca { seed } => Ok(coordinates(&Pca::fit(reference, 2, *seed).transform(new))),
            Self::Svd { seed } => Ok(coordinates(
                &Pca::fit_uncentred(reference, 2, *seed).transform(new),
            )),
            Self::Mds { seed } => Ok(mds_place(reference, &mds(reference, *seed)?, new)),
            Self::Isomap { n_neighbors, seed } => {
                let scaling = isomap(reference, *n_neighbors, *seed)?;
                isomap_place(reference, *n_neighbors, &scaling, new)
            }
        }
    }
}

fn coordinates(axes: &[Vec<f64>]) -> Vec<[f64; 2]> {
    let n = axes.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| [axes[0][i], axes.get(1).map_or(0.0, |a| a[i])])
        .collect()
}

/// The map inputs of molecules: fingerprint bits, or (with physico-chemical
/// values) standardized real vectors, the scaling fitted on `reference`
/// (the map's own molecules) so that new molecules are scaled alike.
pub fn inputs(
    descriptors: &[Descriptor],
    reference: &[String],
    new: Option<&[String]>,
) -> Result<(Points, Option<Points>), MlError> {
    let raw = featurize(descriptors, reference)?;
    let new_raw = new
        .map(|smiles| featurize(descriptors, smiles))
        .transpose()?;
    if raw.values.cols() == 0 {
        return Ok((
            Points::Bits(raw.bits),
            new_raw.map(|r| Points::Bits(r.bits)),
        ));
    }
    let scaling = Preprocessing::fit(&raw);
    let new_points = new_raw
        .map(|r| scaling.real(&r).map(Points::Real))
        .transpose()?;
    Ok((Points::Real(scaling.real(&raw)?), new_points))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(changes: Value) -> MapSpec {
        let mut base = json!({"compound_set_ids": [1, 2], "algorithm": "tsne"});
        for (k, v) in changes.as_object().expect("object") {
            base[k] = v.clone();
        }
        serde_json::from_value(base).expect("spec")
    }

    #[test]
    fn specs_are_checked_before_any_work() {
        let Method::Tsne(p) = spec(json!({"parameters": {"perplexity": 10}}))
            .validate()
            .expect("ok")
        else {
            panic!("t-SNE expected");
        };
        assert_eq!((p.perplexity, p.learning_rate, p.n_iter), (10.0, None, 500));
        assert_eq!(p.negative_gradient_method, GradientMethod::Auto);
        let Method::Tsne(p) = spec(json!({"parameters": {"negative_gradient_method": "fft"}}))
            .validate()
            .expect("ok")
        else {
            panic!("t-SNE expected");
        };
        assert_eq!(p.negative_gradient_method, GradientMethod::Fft);
        for (changes, says) in [
            (
                json!({"parameters": {"negative_gradient_method": "exact"}}),
                "negative_gradient_method",
            ),
            (json!({"compound_set_ids": []}), "1 to 20 compound sets"),
            (json!({"compound_set_ids": [3, 3]}), "listed twice"),
            (json!({"algorithm": "lle"}), "unknown algorithm \"lle\""),
            (
                json!({"algorithm": "umap", "parameters": {"min_dist": 2.0}}),
                "min_dist must not exceed spread",
            ),
            (
                json!({"algorithm": "isomap", "parameters": {"n_neighbors": 1}}),
                "n_neighbors must be",
            ),
            (
                json!({"parameters": {"perplexity": 0.5}}),
                "perplexity must be a number from 2",
            ),
            (
                json!({"parameters": {"neighbours": 5}}),
                "unknown parameter",
            ),
            (
                json!({"algorithm": "pca", "parameters": {"perplexity": 5}}),
                "known: none",
            ),
        ] {
            let error = spec(changes.clone()).validate().expect_err("refused");
            assert!(error.to_string().contains(says), "{changes}: {error}");
        }
        assert!(Method::Pca { seed: 1 }.check_size(1).is_err());
        assert!(Method::Mds { seed: 1 }.check_size(MAX_POINTS + 1).is_err());
    }

    #[test]
    fn linear_and_scaling_maps_place_their_own_molecules_at_their_spot() {
        let smiles: Vec<String> = ["CCO", "CCCO", "c1ccccc1", "c1ccccc1O", "CC(=O)O", "CCN"]
            .map(String::from)
            .to_vec();
        let descriptors = [Descriptor::ECFP4, Descriptor::Physchem];
        let (points, new) = inputs(&descriptors, &smiles, Some(&smiles[..2])).expect("inputs");
        assert!(matches!(points, Points::Real(_)));
        let new = new.expect("new");
        for method in [
            Method::Pca { seed: 3 },
            Method::Svd { seed: 3 },
            Method::Mds { seed: 3 },
            Method::Isomap {
                n_neighbors: 3,
                seed: 3,
            },
        ] {
            let map = method.embed(&points, &mut |_| true).expect("map");
            let placed = method.place(&points, &map, &new).expect("placed");
            for (a, b) in placed.iter().zip(&map) {
                let close = (a[0] - b[0]).abs() < 1e-6 && (a[1] - b[1]).abs() < 1e-6;
                assert!(close, "{method:?}: {a:?} vs {b:?}");
            }
        }
    }
}
