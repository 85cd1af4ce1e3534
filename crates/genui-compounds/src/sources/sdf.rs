//! SD files: activities from the original GenUI tags
//! (`GENUI_ACTIVITIES` / `GENUI_ACTIVITY_TYPES` / `GENUI_ACTIVITY_UNITS`,
//! lists split by a data separator, and our `GENUI_ACTIVITY_RELATIONS`) or
//! from one tag mapped to a type. A value may carry its relation: `<5`.

use std::io::{BufRead, Read};

use genui_chem::sdf::SdfReader;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{activity, optional, parse_value, refuse, Parsed, SourceError};
use crate::pipeline::{Activity, Record, Structure};

/// The original GenUI's activity tags.
pub const ACTIVITIES_TAG: &str = "GENUI_ACTIVITIES";
pub const ACTIVITY_TYPES_TAG: &str = "GENUI_ACTIVITY_TYPES";
pub const ACTIVITY_UNITS_TAG: &str = "GENUI_ACTIVITY_UNITS";
/// Relations of the values (`=`, `<`, `>` …), as the units are given.
pub const ACTIVITY_RELATIONS_TAG: &str = "GENUI_ACTIVITY_RELATIONS";

/// Which SD tags hold what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SdfMapping {
    /// Separator of the values in the `GENUI_*` list tags (default `,`).
    #[serde(default)]
    pub data_separator: Option<String>,
    /// A single tag with one activity value per record (e.g. `ACTIVITY`),
    /// read in addition to the `GENUI_*` tags.
    #[serde(default)]
    pub activity_tag: Option<String>,
    /// Activity type of `activity_tag`'s values (default: the tag's name).
    #[serde(default)]
    pub activity_type: Option<String>,
    /// Units of `activity_tag`'s values.
    #[serde(default)]
    pub activity_units: Option<String>,
    /// Tag with the molecule name (default: the record's title line).
    #[serde(default)]
    pub name_tag: Option<String>,
    /// Further tags to keep with each molecule.
    #[serde(default)]
    pub extra_tags: Vec<String>,
    /// The text that marks a missing value (default `NA`).
    #[serde(default)]
    pub empty_value: Option<String>,
}

impl SdfMapping {
    /// An SD file has a `M  END` line or a `$$$$` separator early on.
    pub(super) fn check<R: BufRead>(&self, input: R) -> Result<(), SourceError> {
        self.separator()?;
        let mut sample = Vec::new();
        input.take(1 << 20).read_to_end(&mut sample)?;
        let text = String::from_utf8_lossy(&sample);
        if text
            .lines()
            .any(|l| l.trim_end() == "M  END" || l.starts_with("$$$$"))
        {
            Ok(())
        } else {
            Err(SourceError::Invalid(
                "this is not an SD file: no `M  END` or `$$$$` line in its first megabyte".into(),
            ))
        }
    }

    pub(crate) fn read<R: BufRead>(
        &self,
        input: R,
        parsed: &mut Parsed,
    ) -> Result<(), SourceError> {
        let separator = self.separator()?;
        let empty = self.empty_value.as_deref().unwrap_or("NA");
        for raw in SdfReader::new(input) {
            let raw = raw?;
            let position = raw.index as u64 + 1;
            if let Some(defect) = &raw.defect {
                parsed.refuse(refuse(position, &raw.title, defect.clone()));
                continue;
            }
            match self.activities(&raw, separator, empty) {
                Err(reason) => parsed.refuse(refuse(position, &raw.title, reason)),
                Ok(activities) => {
                    let name = match &self.name_tag {
                        Some(tag) => raw.property(tag).and_then(optional),
                        None => optional(&raw.title),
                    };
                    let extra = self
                        .extra_tags
                        .iter()
                        .filter_map(|tag| {
                            raw.property(tag)
                                .map(|v| (tag.clone(), v.trim().to_owned()))
                        })
                        .collect();
                    parsed.accept(Record {
                        position,
                        name,
                        structure: Structure::MolBlock(raw.molblock),
                        activities,
                        extra,
                    });
                }
            }
        }
        Ok(())
    }

    fn separator(&self) -> Result<&str, SourceError> {
        match self.data_separator.as_deref() {
            None => Ok(","),
            Some("") => Err(SourceError::Invalid(
                "data_separator must not be empty".into(),
            )),
            Some(sep) => Ok(sep),
        }
    }

    fn activities(
        &self,
        raw: &genui_chem::sdf::RawSdfRecord,
        separator: &str,
        empty: &str,
    ) -> Result<Vec<Activity>, String> {
        let mut activities = Vec::new();
        if let Some(values) = raw.property(ACTIVITIES_TAG) {
            let split = |tag: &str| -> Vec<String> {
                raw.property(tag)
                    .map(|v| v.split(separator).map(|s| s.trim().to_owned()).collect())
                    .unwrap_or_default()
            };
            let types = split(ACTIVITY_TYPES_TAG);
            let units = split(ACTIVITY_UNITS_TAG);
            let relations = split(ACTIVITY_RELATIONS_TAG);
            for (i, value) in values.split(separator).enumerate() {
                let Some(measured) = parse_value(value, empty)? else {
                    continue;
                };
                let measured = measured.related(relations.get(i).map(String::as_str))?;
                let kind = types.get(i).and_then(|t| optional(t)).ok_or_else(|| {
                    format!(
                        "{ACTIVITIES_TAG} value {} has no type in {ACTIVITY_TYPES_TAG}",
                        i + 1
                    )
                })?;
                activities.push(activity(
                    kind,
                    measured,
                    units.get(i).and_then(|u| optional(u)),
                ));
            }
        }
        if let Some(tag) = &self.activity_tag {
            let value = match raw.property(tag) {
                Some(text) => parse_value(text, empty)?,
                None => None,
            };
            if let Some(measured) = value {
                let kind = self.activity_type.clone().unwrap_or_else(|| tag.clone());
                activities.push(activity(kind, measured, self.activity_units.clone()));
            }
        }
        Ok(activities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "\n     RDKit          2D\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n";

    fn record(title: &str, tags: &[(&str, &str)]) -> String {
        let mut text = format!("{title}{BLOCK}");
        for (k, v) in tags {
            text.push_str(&format!("> <{k}>\n{v}\n\n"));
        }
        text + "$$$$\n"
    }

    #[test]
    fn genui_list_tags_and_a_single_tag_give_activities() {
        let file = record(
            "m1",
            &[
                (ACTIVITIES_TAG, "6.5,350,NA"),
                (ACTIVITY_TYPES_TAG, "pKi,IC50,pIC50"),
                (ACTIVITY_UNITS_TAG, "None,nM,"),
                ("ACTIVITY", "7.1"),
            ],
        ) + &record("m2", &[("ACTIVITY", "abc")]);
        let mapping = SdfMapping {
            activity_tag: Some("ACTIVITY".into()),
            activity_type: Some("pIC50".into()),
            ..SdfMapping::default()
        };
        let mut parsed = Parsed::default();
        mapping.read(file.as_bytes(), &mut parsed).expect("works");
        assert_eq!(parsed.records.len(), 1);
        let got: Vec<(&str, f64, Option<&str>)> = parsed.records[0]
            .activities
            .iter()
            .map(|a| (a.kind.as_str(), a.value, a.units.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("pKi", 6.5, None),
                ("IC50", 350.0, Some("nM")),
                ("pIC50", 7.1, None)
            ]
        );
        assert_eq!(parsed.records[0].name.as_deref(), Some("m1"));
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(parsed.rejected[0].position, 2);
        assert!(parsed.rejected[0].reason.contains("not a number"));
    }

    #[test]
    fn relations_come_from_their_list_tag_or_before_the_value() {
        let file = record(
            "m1",
            &[
                (ACTIVITIES_TAG, "5,>7,6"),
                (ACTIVITY_TYPES_TAG, "pKi,pKi,pKi"),
                (ACTIVITY_RELATIONS_TAG, "<,,="),
                ("ACTIVITY", "<= 4"),
            ],
        ) + &record(
            "m2",
            &[
                (ACTIVITIES_TAG, "<5"),
                (ACTIVITY_TYPES_TAG, "pKi"),
                (ACTIVITY_RELATIONS_TAG, "="),
            ],
        ) + &record(
            // A data line cannot start with `>` (it would open a tag): quoted as ChEMBL does.
            "m3",
            &[(ACTIVITIES_TAG, "'>'7"), (ACTIVITY_TYPES_TAG, "pKi")],
        );
        let mapping = SdfMapping {
            activity_tag: Some("ACTIVITY".into()),
            ..SdfMapping::default()
        };
        let mut parsed = Parsed::default();
        mapping.read(file.as_bytes(), &mut parsed).expect("works");
        let relations: Vec<Option<&str>> = parsed.records[0]
            .activities
            .iter()
            .map(|a| a.relation.as_deref())
            .collect();
        assert_eq!(relations, vec![Some("<"), Some(">"), Some("="), Some("<=")]);
        assert_eq!(
            parsed.records[1].activities[0].relation.as_deref(),
            Some(">")
        );
        assert_eq!(parsed.rejected.len(), 1);
        assert!(parsed.rejected[0]
            .reason
            .contains("written < but its relation is ="));
    }

    #[test]
    fn non_sd_files_are_refused_up_front() {
        let err = SdfMapping::default()
            .check("SMILES\nCCO\n".as_bytes())
            .expect_err("fails");
        assert!(err.to_string().contains("not an SD file"));
        assert!(SdfMapping::default()
            .check(record("x", &[]).as_bytes())
            .is_ok());
    }
}
