//! What users ask for, as stored with networks, environments and generated sets. Everything is
//! checked here before a task is queued; ownership (a set or model of the same project) is
//! checked by the server, which alone knows the user.

use std::collections::HashSet;

use genui_generator_engine::environment::RewardScheme;

use crate::shipped::Shipped;
use genui_generator_engine::reinforce::ReinforceConfig;
use genui_generator_engine::scoring::{Modifier, Property};
use genui_generator_engine::vocab::NewTokens;
use genui_generator_engine::workflow::{NetworkShape, TrainingOptions};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A spec the checks refuse: the field at fault (a path such as `objectives[1].modifier`) and
/// why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SpecError {
    pub field: String,
    pub message: String,
}

impl SpecError {
    pub fn new(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Self {
            field: field.into(),
            message: message.to_string(),
        }
    }

    /// The same error one level down, under `parent` (`training` + `epochs` → `training.epochs`).
    fn within(self, parent: &str) -> Self {
        Self::new(format!("{parent}.{}", self.field), self.message)
    }
}

/// Most objectives in one environment.
pub const MAX_OBJECTIVES: usize = 16;

/// A network: one stored in a project, or a shipped one (`"default"`, `"default-fragments"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkRef {
    Shipped(Shipped),
    Stored(i64),
}

impl NetworkRef {
    /// Parses a shipped network's name or an id (as in a URL path).
    pub fn parse(text: &str) -> Result<Self, SpecError> {
        if let Some(shipped) = Shipped::named(text) {
            return Ok(Self::Shipped(shipped));
        }
        text.parse().map(Self::Stored).map_err(|_| {
            let names: Vec<&str> = Shipped::ALL.iter().map(|s| s.reference()).collect();
            SpecError::new(
                "network",
                format!(
                    "{text:?} is neither a network id nor a shipped network ({})",
                    names.join(", ")
                ),
            )
        })
    }
}

/// As its serde form: an integer id, or the string `"default"`.
impl schemars::JsonSchema for NetworkRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NetworkRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A network of the project by id, or a shipped network by name.",
            "oneOf": [
                {"type": "integer", "format": "int64"},
                {"type": "string", "enum": Shipped::ALL.map(Shipped::reference)}
            ]
        })
    }
}

impl Serialize for NetworkRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Shipped(shipped) => serializer.serialize_str(shipped.reference()),
            Self::Stored(id) => serializer.serialize_i64(*id),
        }
    }
}

impl<'de> Deserialize<'de> for NetworkRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Id(i64),
            Name(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Id(id) => Ok(Self::Stored(id)),
            Raw::Name(name) => Self::parse(&name).map_err(serde::de::Error::custom),
        }
    }
}

/// Most fragments listed in one request.
pub const MAX_FRAGMENTS: usize = 1000;

/// Fragments a fragment-input network grows from: SMILES (with attachment points `*`, `[*]`
/// or `[1*]` where growth may happen, or without, to grow anywhere), or the molecules of a
/// compound set of the project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FragmentsSpec {
    pub smiles: Vec<String>,
    pub compound_set_id: Option<i64>,
}

impl FragmentsSpec {
    /// Checks that exactly one source is given, and the list's length.
    pub fn validate(&self) -> Result<(), SpecError> {
        match (self.smiles.is_empty(), self.compound_set_id) {
            (true, None) => Err(SpecError::new(
                "fragments",
                "give fragment SMILES or a compound set of fragments",
            )),
            (false, Some(_)) => Err(SpecError::new(
                "fragments",
                "give fragment SMILES or a compound set, not both",
            )),
            _ if self.smiles.len() > MAX_FRAGMENTS => Err(SpecError::new(
                "fragments.smiles",
                format!("at most {MAX_FRAGMENTS} fragments"),
            )),
            _ => Ok(()),
        }
    }
}

fn check_fragments(fragments: &Option<FragmentsSpec>) -> Result<(), SpecError> {
    fragments.as_ref().map_or(Ok(()), FragmentsSpec::validate)
}

/// Reinforcement-learning settings (defaults as the engine's, DrugEx's agent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReinforceOptions {
    pub epochs: usize,
    /// Molecules sampled per epoch.
    pub batch_size: usize,
    /// Largest share of the exploration network in each draw.
    pub epsilon: f64,
    /// Reward baseline.
    pub beta: f64,
    pub learning_rate: f64,
    /// Stop after this many epochs without a better desired ratio.
    pub patience: usize,
    pub seed: u64,
}

impl Default for ReinforceOptions {
    fn default() -> Self {
        let engine = ReinforceConfig::default();
        Self {
            epochs: engine.epochs,
            batch_size: engine.batch_size,
            epsilon: engine.epsilon,
            beta: engine.beta,
            learning_rate: engine.learning_rate,
            patience: engine.patience,
            seed: engine.seed,
        }
    }
}

impl ReinforceOptions {
    /// The engine's configuration.
    pub fn config(&self) -> ReinforceConfig {
        ReinforceConfig {
            epochs: self.epochs,
            batch_size: self.batch_size,
            epsilon: self.epsilon,
            beta: self.beta,
            learning_rate: self.learning_rate,
            patience: self.patience,
            seed: self.seed,
            ..ReinforceConfig::default()
        }
    }

    fn validate(&self) -> Result<(), SpecError> {
        if self.epochs > 1000 || self.batch_size > 10_000 {
            return Err(SpecError::new(
                "reinforcement",
                "at most 1000 epochs of at most 10,000 molecules",
            ));
        }
        self.config()
            .validate()
            .map_err(|e| SpecError::new("reinforcement", e))
    }
}

/// How a stored network comes about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum NetworkSpec {
    /// A new network trained on the molecules of compound sets.
    Pretrained {
        compound_set_ids: Vec<i64>,
        #[serde(default)]
        shape: NetworkShape,
        #[serde(default)]
        training: TrainingOptions,
    },
    /// A parent network trained further on compound sets.
    Finetuned {
        parent: NetworkRef,
        compound_set_ids: Vec<i64>,
        #[serde(default)]
        training: TrainingOptions,
        /// Molecules spelling tokens the parent's vocabulary lacks are left out (the default: the
        /// result keeps the parent's vocabulary, so it can be an agent with the parent or its
        /// other descendants as prior), or the tokens are added (the network can then pair only
        /// with networks fine-tuned from it). Graph transformers have a fixed vocabulary.
        #[serde(default)]
        new_tokens: NewTokens,
    },
    /// Uploaded model files.
    Imported {},
    /// A network optimized by reinforcement learning against an environment, exploring with a
    /// prior network (by default the agent as it starts).
    Agent {
        agent: NetworkRef,
        #[serde(default)]
        prior: Option<NetworkRef>,
        environment_id: i64,
        #[serde(default)]
        reinforcement: ReinforceOptions,
        /// What a fragment-input agent (graph or SMILES transformer) grows from (required for it,
        /// refused for others).
        #[serde(default)]
        fragments: Option<FragmentsSpec>,
    },
}

impl NetworkSpec {
    /// The `kind` stored with the network.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Pretrained { .. } => "pretrained",
            Self::Finetuned { .. } => "finetuned",
            Self::Imported {} => "imported",
            Self::Agent { .. } => "agent",
        }
    }

    /// The compound sets it trains on or takes fragments from.
    pub fn compound_sets(&self) -> Vec<i64> {
        match self {
            Self::Pretrained {
                compound_set_ids, ..
            }
            | Self::Finetuned {
                compound_set_ids, ..
            } => compound_set_ids.clone(),
            Self::Agent { fragments, .. } => fragments
                .as_ref()
                .and_then(|f| f.compound_set_id)
                .into_iter()
                .collect(),
            Self::Imported {} => Vec::new(),
        }
    }

    /// The networks it starts from.
    pub fn networks(&self) -> Vec<NetworkRef> {
        match self {
            Self::Finetuned { parent, .. } => vec![*parent],
            Self::Agent { agent, prior, .. } => std::iter::once(*agent).chain(*prior).collect(),
            Self::Pretrained { .. } | Self::Imported {} => Vec::new(),
        }
    }

    /// Checks everything that needs no database.
    pub fn validate(&self) -> Result<(), SpecError> {
        let sets = |ids: &[i64]| {
            if ids.is_empty() {
                Err(SpecError::new(
                    "compound_set_ids",
                    "name at least one compound set to train on",
                ))
            } else {
                Ok(())
            }
        };
        match self {
            Self::Pretrained {
                compound_set_ids,
                shape,
                training,
            } => {
                sets(compound_set_ids)?;
                check_shape(shape)?;
                training
                    .validate()
                    .map_err(|e| SpecError::new("training", e))
            }
            Self::Finetuned {
                compound_set_ids,
                training,
                ..
            } => {
                sets(compound_set_ids)?;
                training
                    .validate()
                    .map_err(|e| SpecError::new("training", e))
            }
            Self::Imported {} => Ok(()),
            Self::Agent {
                reinforcement,
                fragments,
                ..
            } => {
                check_fragments(fragments)?;
                reinforcement.validate()
            }
        }
    }
}

/// Largest sizes of a network trained on the platform (a worker's memory is shared).
const MAX_WIDTH: usize = 2048;
const MAX_LAYERS: usize = 12;

fn check_shape(shape: &NetworkShape) -> Result<(), SpecError> {
    let width = shape.hidden.unwrap_or(0).max(shape.embedding);
    if width > MAX_WIDTH || shape.layers.unwrap_or(0) > MAX_LAYERS || shape.heads > 64 {
        return Err(SpecError::new(
            "shape",
            format!("at most {MAX_WIDTH} wide, {MAX_LAYERS} layers and 64 heads"),
        ));
    }
    shape
        .architecture(64)
        .validate()
        .map_err(|e| SpecError::new("shape", e))
}

/// What an objective measures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScorerSpec {
    /// One of the 22 molecular properties, by name (`qed`, `logp`, …).
    Property { name: String },
    /// A QSAR model of the project: its predicted value (regression) or probability of the
    /// active class (classification).
    Qsar { model_id: i64 },
}

/// A scorer with its modifier and threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    pub scorer: ScorerSpec,
    #[serde(default)]
    pub modifier: Option<Modifier>,
    pub threshold: f64,
}

/// A reward scheme and its objectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentSpec {
    pub scheme: RewardScheme,
    pub objectives: Vec<ObjectiveSpec>,
}

impl EnvironmentSpec {
    /// Checks everything that needs no database: at least one objective, known properties,
    /// each scorer once, valid modifiers, finite thresholds.
    pub fn validate(&self) -> Result<(), SpecError> {
        if self.objectives.is_empty() {
            return Err(SpecError::new(
                "objectives",
                "an environment needs at least one objective",
            ));
        }
        if self.objectives.len() > MAX_OBJECTIVES {
            return Err(SpecError::new(
                "objectives",
                format!("at most {MAX_OBJECTIVES}"),
            ));
        }
        let mut seen = HashSet::new();
        for (i, objective) in self.objectives.iter().enumerate() {
            let at = |field: &str, message: &dyn std::fmt::Display| {
                SpecError::new(field, message).within(&format!("objectives[{i}]"))
            };
            if let ScorerSpec::Property { name } = &objective.scorer {
                Property::from_name(name).map_err(|e| at("scorer", &e))?;
            }
            if !seen.insert(&objective.scorer) {
                return Err(at("scorer", &"this scorer is already an objective"));
            }
            if let Some(modifier) = &objective.modifier {
                modifier.validate().map_err(|e| at("modifier", &e))?;
            }
            if !objective.threshold.is_finite() {
                return Err(at("threshold", &"must be a finite number"));
            }
        }
        Ok(())
    }

    /// The QSAR models its scorers use.
    pub fn qsar_models(&self) -> Vec<i64> {
        self.objectives
            .iter()
            .filter_map(|o| match o.scorer {
                ScorerSpec::Qsar { model_id } => Some(model_id),
                ScorerSpec::Property { .. } => None,
            })
            .collect()
    }
}

/// A sample to draw into a generated compound set (stored as the set's source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleSpec {
    pub network: NetworkRef,
    /// SMILES to sample (invalid and duplicate ones are counted, not kept).
    pub n: usize,
    #[serde(default = "one")]
    pub temperature: f64,
    #[serde(default)]
    pub seed: u64,
    /// Score the molecules with this environment.
    #[serde(default)]
    pub environment_id: Option<i64>,
    /// What a fragment-input network (graph or SMILES transformer) grows from (required for it,
    /// refused for others).
    #[serde(default)]
    pub fragments: Option<FragmentsSpec>,
}

fn one() -> f64 {
    1.0
}

impl SampleSpec {
    /// Checks `n` against the configured maximum and the temperature.
    pub fn validate(&self, max_samples: usize) -> Result<(), SpecError> {
        check_fragments(&self.fragments)?;
        check_sample(self.n, self.temperature, max_samples)
    }
}

/// Checks a sample size (1 to `max`) and a temperature (positive, at most 10).
pub fn check_sample(n: usize, temperature: f64, max: usize) -> Result<(), SpecError> {
    if n == 0 || n > max {
        return Err(SpecError::new("n", format!("sample 1 to {max} molecules")));
    }
    if !(temperature > 0.0 && temperature <= 10.0) {
        return Err(SpecError::new(
            "temperature",
            "must be above 0 and at most 10",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn network_references_read_ids_and_the_default() {
        let refs: Vec<NetworkRef> = serde_json::from_value(json!([3, "default"])).expect("refs");
        assert_eq!(
            refs,
            [NetworkRef::Stored(3), NetworkRef::Shipped(Shipped::Smiles)]
        );
        assert_eq!(
            serde_json::to_value(refs).expect("json"),
            json!([3, "default"])
        );
        let bad = serde_json::from_value::<NetworkRef>(json!("best")).expect_err("refused");
        assert!(bad.to_string().contains("neither a network id"), "{bad}");
    }

    #[test]
    fn environments_are_checked_before_use() {
        let spec = |objectives| EnvironmentSpec {
            scheme: RewardScheme::WeightedSum,
            objectives,
        };
        let qed = ObjectiveSpec {
            scorer: ScorerSpec::Property { name: "qed".into() },
            modifier: None,
            threshold: 0.5,
        };
        assert!(spec(vec![qed.clone()]).validate().is_ok());
        let none = spec(vec![]).validate().expect_err("refused");
        assert_eq!(none.field, "objectives");
        assert!(none.message.contains("at least one"), "{none}");
        let twice = spec(vec![qed.clone(), qed.clone()])
            .validate()
            .expect_err("refused");
        assert_eq!(twice.field, "objectives[1].scorer");
        assert!(twice.message.contains("already"), "{twice}");
        let unknown = ObjectiveSpec {
            scorer: ScorerSpec::Property {
                name: "colour".into(),
            },
            ..qed.clone()
        };
        let unknown = spec(vec![unknown]).validate().expect_err("refused");
        assert_eq!(unknown.field, "objectives[0].scorer");
        assert!(unknown.message.contains("colour"), "{unknown}");
        let inverted = ObjectiveSpec {
            modifier: Some(Modifier::Clipped {
                lower: 2.0,
                upper: 1.0,
                low: 0.0,
                high: 1.0,
            }),
            ..qed
        };
        let inverted = spec(vec![inverted]).validate().expect_err("refused");
        assert_eq!(inverted.field, "objectives[0].modifier", "{inverted}");
    }

    #[test]
    fn network_specs_reject_impossible_settings() {
        let finetune: NetworkSpec = serde_json::from_value(json!({
            "kind": "finetuned", "parent": "default", "compound_set_ids": []
        }))
        .expect("spec");
        let no_sets = finetune.validate().expect_err("refused");
        assert_eq!(no_sets.field, "compound_set_ids");
        assert!(no_sets.message.contains("at least one"), "{no_sets}");
        let agent: NetworkSpec = serde_json::from_value(json!({
            "kind": "agent", "agent": 4, "environment_id": 1,
            "reinforcement": {"epsilon": 2.0}
        }))
        .expect("spec");
        let epsilon = agent.validate().expect_err("refused");
        assert_eq!(epsilon.field, "reinforcement");
        assert!(epsilon.message.contains("epsilon"), "{epsilon}");
        assert_eq!(agent.networks(), [NetworkRef::Stored(4)]);
        let typo = serde_json::from_value::<NetworkSpec>(json!({
            "kind": "pretrained", "compound_set_ids": [1], "epochs": 3
        }));
        assert!(typo.is_err());
    }
}
