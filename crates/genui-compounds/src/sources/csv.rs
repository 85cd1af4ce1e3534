//! CSV (or any delimited text) with one structure per row.

use std::io::Read;

use genui_chem::table::TableReader;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{activity, optional, parse_value, refuse, table, ImportLimits, Parsed, SourceError};
use crate::pipeline::{Record, Structure};

/// Which columns hold what. Column names default to the original GenUI
/// format (`SMILES, NAME, ACTIVITY, ACTIVITY_TYPE, ACTIVITY_UNITS`, and
/// `ACTIVITY_RELATION`); a
/// defaulted column that the file lacks is simply not used, a named one that
/// it lacks is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvMapping {
    /// Column with the SMILES (default `SMILES`).
    #[serde(default)]
    pub smiles_column: Option<String>,
    /// Column with the molecule names (default `NAME`).
    #[serde(default)]
    pub name_column: Option<String>,
    /// Column with the activity values (default `ACTIVITY`).
    #[serde(default)]
    pub activity_column: Option<String>,
    /// Column with each row's activity type (default `ACTIVITY_TYPE`).
    #[serde(default)]
    pub activity_type_column: Option<String>,
    /// Column with each row's activity units (default `ACTIVITY_UNITS`).
    #[serde(default)]
    pub activity_units_column: Option<String>,
    /// Column with each row's relation of the true value to the given one: `=`, `<`, `<=`,
    /// `>`, `>=` or `~` (default `ACTIVITY_RELATION`). A value may also carry it: `<5`.
    #[serde(default)]
    pub activity_relation_column: Option<String>,
    /// Activity type when there is no type column (default: the activity
    /// column's name).
    #[serde(default)]
    pub activity_type: Option<String>,
    /// Activity units when there is no units column.
    #[serde(default)]
    pub activity_units: Option<String>,
    /// Field separator (one character); detected when not given.
    #[serde(default)]
    pub separator: Option<char>,
    /// The text that marks a missing activity value (default `NA`).
    #[serde(default)]
    pub empty_value: Option<String>,
    /// Further columns to keep with each molecule.
    #[serde(default)]
    pub extra_columns: Vec<String>,
}

impl Default for CsvMapping {
    fn default() -> Self {
        serde_json::from_str("{}").expect("all fields default")
    }
}

/// Column positions found in a header.
struct Columns {
    smiles: usize,
    name: Option<usize>,
    activity: Option<usize>,
    activity_type: Option<usize>,
    activity_units: Option<usize>,
    activity_relation: Option<usize>,
    extra: Vec<(String, usize)>,
    activity_name: Option<String>,
}

impl CsvMapping {
    fn columns<R: Read>(&self, table: &TableReader<R>) -> Result<Columns, SourceError> {
        let header = table.header();
        let find = |given: &Option<String>, default: &str, required: bool| {
            let name = given.as_deref().unwrap_or(default);
            match table.column(name) {
                Some(i) => Ok(Some(i)),
                None if given.is_some() || required => Err(SourceError::Invalid(format!(
                    "the file has no column {name:?}; its columns are {header:?}"
                ))),
                None => Ok(None),
            }
        };
        let smiles = find(&self.smiles_column, "SMILES", true)?.expect("required");
        let activity = find(&self.activity_column, "ACTIVITY", false)?;
        let mut extra = Vec::new();
        for name in &self.extra_columns {
            let i = find(&Some(name.clone()), name, true)?.expect("required");
            extra.push((header[i].clone(), i));
        }
        Ok(Columns {
            smiles,
            name: find(&self.name_column, "NAME", false)?,
            activity,
            activity_type: find(&self.activity_type_column, "ACTIVITY_TYPE", false)?,
            activity_units: find(&self.activity_units_column, "ACTIVITY_UNITS", false)?,
            activity_relation: find(&self.activity_relation_column, "ACTIVITY_RELATION", false)?,
            extra,
            activity_name: activity.map(|i| header[i].clone()),
        })
    }

    pub(super) fn check<R: Read>(
        &self,
        input: R,
        limits: &ImportLimits,
    ) -> Result<(), SourceError> {
        self.columns(&table(input, self.separator, limits.max_columns)?)
            .map(|_| ())
    }

    pub(crate) fn read<R: Read>(
        &self,
        input: R,
        limits: &ImportLimits,
        parsed: &mut Parsed,
    ) -> Result<(), SourceError> {
        let mut table = table(input, self.separator, limits.max_columns)?;
        let columns = self.columns(&table)?;
        let empty = self.empty_value.as_deref().unwrap_or("NA");
        for (i, row) in table.rows().enumerate() {
            // Line numbers as a spreadsheet shows them (the header is line 1).
            let fallback = i as u64 + 2;
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    parsed.refuse(refuse(fallback, "", e.to_string()));
                    continue;
                }
            };
            let position = if row.line > 0 { row.line } else { fallback };
            let field = |i: usize| row.fields.get(i).map(|s| s.trim()).unwrap_or("");
            let smiles = field(columns.smiles);
            if smiles.is_empty() {
                parsed.refuse(refuse(position, "", "the SMILES cell is empty".into()));
                continue;
            }
            let mut activities = Vec::new();
            if let Some(at) = columns.activity {
                let relation = columns.activity_relation.map(field);
                match parse_value(field(at), empty)
                    .and_then(|v| v.map(|v| v.related(relation)).transpose())
                {
                    Err(reason) => {
                        parsed.refuse(refuse(position, smiles, reason));
                        continue;
                    }
                    Ok(None) => {}
                    Ok(Some(measured)) => {
                        let kind = columns
                            .activity_type
                            .and_then(|i| optional(field(i)))
                            .or_else(|| self.activity_type.clone())
                            .or_else(|| columns.activity_name.clone())
                            .unwrap_or_else(|| "ACTIVITY".into());
                        let units = match columns.activity_units {
                            Some(i) => optional(field(i)),
                            None => self.activity_units.clone(),
                        };
                        activities.push(activity(kind, measured, units));
                    }
                }
            }
            parsed.accept(Record {
                position,
                name: columns.name.and_then(|i| optional(field(i))),
                structure: Structure::Smiles(smiles.to_owned()),
                activities,
                extra: columns
                    .extra
                    .iter()
                    .map(|(name, i)| (name.clone(), field(*i).to_owned()))
                    .collect(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(mapping: &CsvMapping, text: &str) -> Result<Parsed, SourceError> {
        let mut parsed = Parsed::default();
        mapping.read(text.as_bytes(), &ImportLimits::default(), &mut parsed)?;
        Ok(parsed)
    }

    #[test]
    fn the_original_format_is_read_with_defaults() {
        let text = "SMILES,NAME,ACTIVITY,ACTIVITY_TYPE,ACTIVITY_UNITS\n\
                    CCO,ethanol,6.5,pIC50,\n\
                    c1ccccc1,benzene,NA,pIC50,\n\
                    CCN,ethylamine,350,IC50,nM\n";
        let parsed = read(&CsvMapping::default(), text).expect("works");
        assert!(parsed.rejected.is_empty());
        assert_eq!(parsed.records.len(), 3);
        let first = &parsed.records[0];
        assert_eq!(first.position, 2);
        assert_eq!(first.name.as_deref(), Some("ethanol"));
        assert_eq!(first.activities[0].kind, "pIC50");
        assert_eq!(first.activities[0].value, 6.5);
        assert_eq!(first.activities[0].units, None);
        assert!(parsed.records[1].activities.is_empty());
        assert_eq!(parsed.records[2].activities[0].units.as_deref(), Some("nM"));
    }

    #[test]
    fn relations_come_from_their_column_or_before_the_value() {
        let text = "SMILES,ACTIVITY,ACTIVITY_RELATION\n\
                    CCO,5,<\n\
                    CCN,>7,\n\
                    CCC,6,'='\n\
                    CCCl,<4,>\n\
                    CCBr,4,?\n";
        let parsed = read(&CsvMapping::default(), text).expect("works");
        let relations: Vec<Option<&str>> = parsed
            .records
            .iter()
            .map(|r| r.activities[0].relation.as_deref())
            .collect();
        assert_eq!(relations, vec![Some("<"), Some(">"), Some("=")]);
        let reasons: Vec<&str> = parsed.rejected.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec![
                "the value is written < but its relation is >",
                "relation \"?\" is not one of =, <, <=, >, >=, ~"
            ]
        );
        assert_eq!(parsed.rejected[0].position, 5);
    }

    #[test]
    fn other_columns_separators_and_fixed_types_are_mapped() {
        let text = "smiles;expt;iupac\nCCO;-5.0;ethanol\nCC(;1;broken\n";
        let mapping = CsvMapping {
            smiles_column: Some("smiles".into()),
            activity_column: Some("expt".into()),
            activity_units: Some("kcal/mol".into()),
            extra_columns: vec!["iupac".into()],
            ..CsvMapping::default()
        };
        let parsed = read(&mapping, text).expect("works");
        assert_eq!(parsed.records.len(), 2, "bad SMILES are the pipeline's job");
        let a = &parsed.records[0].activities[0];
        assert_eq!((a.kind.as_str(), a.value), ("expt", -5.0));
        assert_eq!(a.units.as_deref(), Some("kcal/mol"));
        assert_eq!(
            parsed.records[0].extra,
            vec![("iupac".into(), "ethanol".into())]
        );
    }

    #[test]
    fn bad_values_reject_the_row_and_missing_columns_the_file() {
        let text = "SMILES,ACTIVITY\nCCO,abc\nCCC,NaN\n,5\nCCN,5\n";
        let parsed = read(&CsvMapping::default(), text).expect("works");
        assert_eq!(parsed.records.len(), 1);
        let reasons: Vec<(u64, &str)> = parsed
            .rejected
            .iter()
            .map(|r| (r.position, r.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 3);
        assert_eq!(reasons[0].0, 2);
        assert!(reasons[0].1.contains("not a number"));
        assert!(reasons[1].1.contains("finite"));
        assert!(reasons[2].1.contains("empty"));

        let err = CsvMapping::default()
            .check("smiles_x,b\nCCO,1\n".as_bytes(), &ImportLimits::default())
            .expect_err("fails");
        assert!(err.to_string().contains("no column \"SMILES\""), "{err}");
        let named = CsvMapping {
            activity_column: Some("pIC50".into()),
            ..CsvMapping::default()
        };
        assert!(named
            .check("SMILES\nCCO\n".as_bytes(), &ImportLimits::default())
            .is_err());
        let bad_separator = CsvMapping {
            separator: Some('"'),
            ..CsvMapping::default()
        };
        assert!(bad_separator
            .check("SMILES\nCCO\n".as_bytes(), &ImportLimits::default())
            .is_err());
    }
}
