//! Typed algorithm parameters, declared once: the same declaration is served
//! to forms (`GET /api/qsar/algorithms`) and checks what a user sends.

use crate::MlError;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The type, default and range of one parameter.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ParamKind {
    /// `default: None` means "unlimited" (null accepted).
    Integer {
        default: Option<u64>,
        min: u64,
        max: u64,
    },
    Number {
        default: f64,
        min: f64,
        max: f64,
    },
    Boolean {
        default: bool,
    },
    /// One of `choices`, or a number in `min..=max`; `default: None` means
    /// "depends on the mode" (see the description).
    ChoiceOrNumber {
        default: Option<&'static str>,
        choices: &'static [&'static str],
        min: f64,
        max: f64,
    },
    Choice {
        default: &'static str,
        choices: &'static [&'static str],
    },
}

/// An algorithm as forms see it: its parameters (and, for QSAR algorithms, what it predicts).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AlgorithmInfo {
    pub name: &'static str,
    pub title: &'static str,
    /// What it can predict (QSAR algorithms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modes: Option<&'static [crate::Mode]>,
    pub parameters: &'static [ParamSpec],
}

/// One parameter of an algorithm; its JSON form (name, description, type, default, range) is
/// what forms are generated from.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct ParamSpec {
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: ParamKind,
    pub description: &'static str,
}

impl ParamSpec {
    /// An integer with a default, from `min` to `max`.
    pub const fn integer(
        name: &'static str,
        default: u64,
        min: u64,
        max: u64,
        description: &'static str,
    ) -> Self {
        Self {
            name,
            kind: ParamKind::Integer {
                default: Some(default),
                min,
                max,
            },
            description,
        }
    }

    /// A number with a default, from `min` to `max`.
    pub const fn number(
        name: &'static str,
        default: f64,
        min: f64,
        max: f64,
        description: &'static str,
    ) -> Self {
        Self {
            name,
            kind: ParamKind::Number { default, min, max },
            description,
        }
    }

    pub const fn boolean(name: &'static str, default: bool, description: &'static str) -> Self {
        Self {
            name,
            kind: ParamKind::Boolean { default },
            description,
        }
    }

    /// The checked value, or its default.
    fn resolve(&self, given: Option<&Value>) -> Result<Value, MlError> {
        let name = self.name;
        let given = given.filter(|v| !v.is_null());
        match self.kind {
            ParamKind::Integer { default, min, max } => match given {
                None => Ok(json!(default)),
                Some(v) => v
                    .as_u64()
                    .filter(|v| (min..=max).contains(v))
                    .map(Value::from)
                    .ok_or_else(|| {
                        MlError::Setting(format!(
                            "parameter {name} must be an integer from {min} to {max}"
                        ))
                    }),
            },
            ParamKind::Number { default, min, max } => match given {
                None => Ok(json!(default)),
                Some(v) => v
                    .as_f64()
                    .filter(|v| (min..=max).contains(v))
                    .map(Value::from)
                    .ok_or_else(|| {
                        MlError::Setting(format!(
                            "parameter {name} must be a number from {min} to {max}"
                        ))
                    }),
            },
            ParamKind::Boolean { default } => match given {
                None => Ok(json!(default)),
                Some(Value::Bool(b)) => Ok(json!(b)),
                Some(_) => Err(MlError::Setting(format!(
                    "parameter {name} must be true or false"
                ))),
            },
            ParamKind::ChoiceOrNumber {
                default,
                choices,
                min,
                max,
            } => match given {
                None => Ok(json!(default)),
                Some(Value::String(s)) if choices.contains(&s.as_str()) => Ok(json!(s)),
                Some(v) if v.as_f64().is_some_and(|f| f > min && f <= max) => Ok(v.clone()),
                Some(_) => Err(MlError::Setting(format!(
                    "parameter {name} must be one of {} or a number in ({min}, {max}]",
                    choices.join(", ")
                ))),
            },
            ParamKind::Choice { default, choices } => match given {
                None => Ok(json!(default)),
                Some(Value::String(s)) if choices.contains(&s.as_str()) => Ok(json!(s)),
                Some(_) => Err(MlError::Setting(format!(
                    "parameter {name} must be one of {}",
                    choices.join(", ")
                ))),
            },
        }
    }
}

/// The parameters of a spec that gives none: an empty object (every one takes its default).
pub fn no_parameters() -> Value {
    Value::Object(Map::new())
}

/// Checked parameters with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved(Map<String, Value>);

impl Resolved {
    /// Checks `given` (an object or null) against `specs`.
    pub fn check(algorithm: &str, specs: &[ParamSpec], given: &Value) -> Result<Self, MlError> {
        let empty = Map::new();
        let given = match given {
            Value::Null => &empty,
            Value::Object(map) => map,
            _ => return Err(MlError::Setting("parameters must be an object".into())),
        };
        if let Some(unknown) = given
            .keys()
            .find(|k| !specs.iter().any(|s| s.name == k.as_str()))
        {
            let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
            return Err(MlError::Setting(format!(
                "unknown parameter {unknown:?} of {algorithm}; known: {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        }
        specs
            .iter()
            .map(|s| Ok((s.name.to_owned(), s.resolve(given.get(s.name))?)))
            .collect::<Result<_, MlError>>()
            .map(Self)
    }

    pub fn usize(&self, name: &str) -> usize {
        self.0[name].as_u64().expect("a checked integer") as usize
    }

    pub fn optional_usize(&self, name: &str) -> Option<usize> {
        self.0[name].as_u64().map(|v| v as usize)
    }

    pub fn f64(&self, name: &str) -> f64 {
        self.0[name].as_f64().expect("a checked number")
    }

    pub fn bool(&self, name: &str) -> bool {
        self.0[name].as_bool().expect("a checked boolean")
    }

    /// A choice's name, if a choice (not a number or null) was given or defaulted.
    pub fn choice(&self, name: &str) -> Option<&str> {
        self.0[name].as_str()
    }

    /// The whole map (stored with the model).
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: [ParamSpec; 3] = [
        ParamSpec {
            name: "k",
            kind: ParamKind::Integer {
                default: Some(5),
                min: 1,
                max: 50,
            },
            description: "",
        },
        ParamSpec {
            name: "rate",
            kind: ParamKind::Number {
                default: 0.1,
                min: 0.0,
                max: 1.0,
            },
            description: "",
        },
        ParamSpec {
            name: "gamma",
            kind: ParamKind::ChoiceOrNumber {
                default: Some("scale"),
                choices: &["scale"],
                min: 0.0,
                max: 100.0,
            },
            description: "",
        },
    ];

    #[test]
    fn defaults_fill_in_and_bad_values_say_what_is_wrong() {
        let r = Resolved::check("x", &SPECS, &Value::Null).expect("defaults");
        assert_eq!(
            (r.usize("k"), r.f64("rate"), r.choice("gamma")),
            (5, 0.1, Some("scale"))
        );
        let r = Resolved::check("x", &SPECS, &json!({"k": 7, "gamma": 0.5})).expect("given");
        assert_eq!(
            (r.usize("k"), r.choice("gamma"), r.f64("gamma")),
            (7, None, 0.5)
        );
        for (bad, says) in [
            (json!({"k": 0}), "k must be an integer from 1 to 50"),
            (json!({"k": "5"}), "k must be an integer"),
            (json!({"rate": 2}), "rate must be a number from 0 to 1"),
            (json!({"gamma": "auto"}), "gamma must be one of scale"),
            (
                json!({"depth": 1}),
                "unknown parameter \"depth\" of x; known: k, rate, gamma",
            ),
            (json!([1]), "must be an object"),
        ] {
            let error = Resolved::check("x", &SPECS, &bad).expect_err("bad");
            assert!(error.to_string().contains(says), "{error}");
        }
        let described = serde_json::to_value(SPECS[2]).expect("serializes");
        assert_eq!(described["type"], "choice_or_number");
        assert_eq!(described["name"], "gamma");
        assert_eq!(described["choices"], json!(["scale"]));
    }
}
