//! Conditions and order of molecule listings, parsed from query parameters.

use super::PROPERTIES;

/// What a condition or ordering looks at.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Id,
    /// An index into [`PROPERTIES`].
    Property(usize),
    /// The molecule's activities of a type, of every activity set or of one (e.g. one model's
    /// predictions where several models predicted the same type).
    Activity {
        kind: String,
        activity_set: Option<i64>,
    },
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Comparison {
    pub(super) fn sql(self) -> &'static str {
        match self {
            Self::Lt => " < ",
            Self::Le => " <= ",
            Self::Gt => " > ",
            Self::Ge => " >= ",
            Self::Eq => " = ",
            Self::Ne => " <> ",
        }
    }
}

/// `field comparison value`; an activity condition holds when any of the
/// molecule's activities of that type satisfies it.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: Field,
    pub comparison: Comparison,
    pub value: f64,
}

/// Filters and order of a molecule listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoleculeQuery {
    pub conditions: Vec<Condition>,
    /// Order by this field (then by id); `None` orders by id.
    pub order: Option<(Field, bool)>,
}

/// Why a sort or filter of a molecule listing cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "an activity field is `activity:<type>` or `activity:<type>@<activity set id>`, \
         e.g. `activity:pIC50` or `activity:pIC50@12`"
    )]
    ActivityField,
    #[error("unknown field {0:?}: use id, activity:<type> or one of {fields}", fields = PROPERTIES.join(", "))]
    UnknownField(String),
    #[error("at most 20 filter conditions")]
    TooManyConditions,
    #[error("filter {0:?} has no comparison (<, <=, >, >=, =, !=)")]
    NoComparison(String),
    #[error("filter {0:?} has no valid comparison")]
    InvalidComparison(String),
    #[error("filter {condition:?}: {value:?} is not a number")]
    NotANumber { condition: String, value: String },
}

impl Field {
    /// `id`, a property name (see [`PROPERTIES`]), `activity:<type>` or
    /// `activity:<type>@<activity set id>`.
    pub fn parse(name: &str) -> std::result::Result<Self, QueryError> {
        let name = name.trim();
        if name == "id" {
            return Ok(Self::Id);
        }
        if let Some(field) = name.strip_prefix("activity:") {
            let (kind, activity_set) = match field.rsplit_once('@') {
                Some((kind, set)) => (
                    kind,
                    Some(set.trim().parse().map_err(|_| QueryError::ActivityField)?),
                ),
                None => (field, None),
            };
            let kind = kind.trim();
            if kind.is_empty() || kind.len() > 200 {
                return Err(QueryError::ActivityField);
            }
            return Ok(Self::Activity {
                kind: kind.to_owned(),
                activity_set,
            });
        }
        PROPERTIES
            .iter()
            .position(|p| *p == name)
            .map(Self::Property)
            .ok_or_else(|| QueryError::UnknownField(name.to_owned()))
    }
}

impl MoleculeQuery {
    /// No condition and no order: everything, in the default order.
    pub fn is_plain(&self) -> bool {
        self.conditions.is_empty() && self.order.is_none()
    }

    /// Parses `sort` (`mw`, `-qed`, `-activity:pIC50`; `-` for descending)
    /// and `filter` (comma-separated conditions like `mw<500,activity:pIC50>=6`).
    pub fn parse(
        sort: Option<&str>,
        filter: Option<&str>,
    ) -> std::result::Result<Self, QueryError> {
        let order = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                let (descending, name) = match s.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, s),
                };
                Some((Field::parse(name)?, descending))
            }
        };
        let mut conditions = Vec::new();
        for part in filter
            .unwrap_or("")
            .split(',')
            .filter(|p| !p.trim().is_empty())
        {
            conditions.push(parse_condition(part)?);
        }
        if conditions.len() > 20 {
            return Err(QueryError::TooManyConditions);
        }
        Ok(Self { conditions, order })
    }
}

fn parse_condition(text: &str) -> std::result::Result<Condition, QueryError> {
    const OPERATORS: [(&str, Comparison); 6] = [
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("!=", Comparison::Ne),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
        ("=", Comparison::Eq),
    ];
    // The first operator character splits field and value (types may not contain them).
    let at = text
        .find(['<', '>', '=', '!'])
        .ok_or_else(|| QueryError::NoComparison(text.to_owned()))?;
    let (name, rest) = text.split_at(at);
    let (symbol, comparison) = OPERATORS
        .iter()
        .find(|(symbol, _)| rest.starts_with(symbol))
        .ok_or_else(|| QueryError::InvalidComparison(text.to_owned()))?;
    let value_text = rest[symbol.len()..].trim();
    let value = value_text
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| QueryError::NotANumber {
            condition: text.to_owned(),
            value: value_text.to_owned(),
        })?;
    Ok(Condition {
        field: Field::parse(name)?,
        comparison: *comparison,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_and_filter_parse() {
        let q = MoleculeQuery::parse(Some("-activity:pIC50"), Some("mw<500, logp>=1.5,id!=3"))
            .expect("works");
        assert_eq!(
            q.order,
            Some((
                Field::Activity {
                    kind: "pIC50".into(),
                    activity_set: None
                },
                true
            ))
        );
        let of_a_set = MoleculeQuery::parse(Some("activity:pIC50@12"), Some("activity:p@Ki@3>=6"))
            .expect("a set's values");
        assert_eq!(
            of_a_set.order.map(|o| o.0),
            Some(Field::Activity {
                kind: "pIC50".into(),
                activity_set: Some(12)
            })
        );
        assert_eq!(
            of_a_set.conditions[0].field,
            Field::Activity {
                kind: "p@Ki".into(),
                activity_set: Some(3)
            }
        );
        assert_eq!(
            MoleculeQuery::parse(Some("activity:pIC50@x"), None),
            Err(QueryError::ActivityField)
        );
        assert_eq!(q.conditions.len(), 3);
        assert_eq!(q.conditions[0].field, Field::Property(0));
        assert_eq!(q.conditions[0].comparison, Comparison::Lt);
        assert_eq!(q.conditions[1].comparison, Comparison::Ge);
        assert_eq!(q.conditions[1].value, 1.5);
        assert_eq!(q.conditions[2].field, Field::Id);
        assert_eq!(
            MoleculeQuery::parse(Some("weight"), None),
            Err(QueryError::UnknownField("weight".into()))
        );
        assert_eq!(
            MoleculeQuery::parse(None, Some("mw<abc")),
            Err(QueryError::NotANumber {
                condition: "mw<abc".into(),
                value: "abc".into()
            })
        );
        assert_eq!(
            MoleculeQuery::parse(None, Some("mw~3")),
            Err(QueryError::NoComparison("mw~3".into()))
        );
        assert!(MoleculeQuery::parse(None, Some("mw<NaN")).is_err());
    }
}
