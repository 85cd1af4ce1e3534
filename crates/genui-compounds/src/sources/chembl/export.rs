//! ChEMBL activity exports: the web site's download (or the API's field names) as a CSV/TSV file.

use std::io::Read;

use genui_chem::table::TableReader;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::{ActivityFilter, ChemblActivity};
use crate::sources::{refuse, table, ImportLimits, Parsed, SourceError};

/// Options of a ChEMBL activity export: a CSV/TSV file with ChEMBL's columns
/// (`Molecule ChEMBL ID`, `Smiles`, `Standard Type`, … as the web site's
/// download writes them, or the API's `molecule_chembl_id`, `canonical_smiles`, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChemblFileOptions {
    /// Field separator; detected when not given (ChEMBL's downloads use `;`).
    #[serde(default)]
    pub separator: Option<char>,
    /// Keep only activities measured in this target organism (`Homo sapiens`; any case;
    /// needs a `Target Organism` column).
    #[serde(default)]
    pub organism: Option<String>,
    /// Keep only these assay types (`B`, `F`, `A`, `T`, `P`, `U`; needs an `Assay Type`
    /// column; comma-separated in a form); all when empty.
    #[serde(default)]
    pub assay_types: Vec<String>,
}

/// The API field a column of an export holds, by its normalized name.
fn field_of(column: &str) -> Option<&'static str> {
    let normalized = column
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
        .replace([' ', '-'], "_");
    Some(match normalized.as_str() {
        "molecule_chembl_id" => "molecule_chembl_id",
        "smiles" | "canonical_smiles" => "canonical_smiles",
        "assay_chembl_id" => "assay_chembl_id",
        "target_chembl_id" => "target_chembl_id",
        "standard_type" => "standard_type",
        "standard_relation" => "standard_relation",
        "standard_value" => "standard_value",
        "standard_units" => "standard_units",
        "pchembl_value" => "pchembl_value",
        "comment" | "activity_comment" => "activity_comment",
        "assay_type" => "assay_type",
        "assay_description" => "assay_description",
        "target_name" | "target_pref_name" => "target_pref_name",
        "target_organism" => "target_organism",
        "document_chembl_id" => "document_chembl_id",
        _ => return None,
    })
}

impl ChemblFileOptions {
    pub fn filter(&self) -> ActivityFilter<'_> {
        ActivityFilter {
            organism: self.organism.as_deref(),
            assay_types: &self.assay_types,
        }
    }

    fn table<R: Read>(
        &self,
        input: R,
        limits: &ImportLimits,
    ) -> Result<(TableReader<impl Read>, Vec<Option<&'static str>>), SourceError> {
        let table = table(input, self.separator, limits.max_columns)?;
        let fields: Vec<Option<&'static str>> =
            table.header().iter().map(|c| field_of(c)).collect();
        for needed in ["canonical_smiles", "standard_value", "standard_type"] {
            if !fields.contains(&Some(needed)) {
                return Err(SourceError::Invalid(format!(
                    "this is not a ChEMBL activity export: no {needed} column (columns: {:?})",
                    table.header()
                )));
            }
        }
        let filters = [
            (
                self.organism.is_some(),
                "an organism",
                "target_organism",
                "Target Organism",
            ),
            (
                !self.assay_types.is_empty(),
                "assay types",
                "assay_type",
                "Assay Type",
            ),
        ];
        for (filtering, filter, field, column) in filters {
            if filtering && !fields.contains(&Some(field)) {
                return Err(SourceError::Invalid(format!(
                    "to keep only {filter}, the export needs its {column:?} column (columns: {:?})",
                    table.header()
                )));
            }
        }
        Ok((table, fields))
    }

    pub(in crate::sources) fn check<R: Read>(
        &self,
        input: R,
        limits: &ImportLimits,
    ) -> Result<(), SourceError> {
        self.table(input, limits).map(|_| ())
    }

    pub(in crate::sources) fn read<R: Read>(
        &self,
        input: R,
        limits: &ImportLimits,
        parsed: &mut Parsed,
    ) -> Result<(), SourceError> {
        let (mut table, fields) = self.table(input, limits)?;
        for (i, row) in table.rows().enumerate() {
            let fallback = i as u64 + 2;
            let row = match row {
                Ok(row) => row,
                Err(e) => {
                    parsed.refuse(refuse(fallback, "", e.to_string()));
                    continue;
                }
            };
            let mut object = serde_json::Map::new();
            for (field, value) in fields.iter().zip(&row.fields) {
                if let Some(field) = field {
                    object.insert((*field).into(), Value::String(value.clone()));
                }
            }
            let position = if row.line > 0 { row.line } else { fallback };
            let activity: ChemblActivity =
                serde_json::from_value(Value::Object(object)).unwrap_or_default();
            match self.filter().record(activity, position) {
                Ok(record) => parsed.accept(record),
                Err(rejection) => parsed.refuse(rejection),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::reasons;
    use super::*;

    #[test]
    fn a_web_site_export_is_read_by_its_column_names() {
        let text = "\"Molecule ChEMBL ID\";\"Smiles\";\"Standard Type\";\"Standard Relation\";\"Standard Value\";\"Standard Units\";\"pChEMBL Value\";\"Assay ChEMBL ID\";\"Target ChEMBL ID\";\"Assay Type\";\"Target Name\"\n\
                    \"CHEMBL113\";\"Cn1c(=O)c2c(ncn2C)n(C)c1=O\";\"Ki\";\"'='\";\"2400.0\";\"nM\";\"5.62\";\"CHEMBL674637\";\"CHEMBL251\";\"B\";\"Adenosine receptor A2a\"\n";
        let mut parsed = Parsed::default();
        ChemblFileOptions::default()
            .read(text.as_bytes(), &ImportLimits::default(), &mut parsed)
            .expect("works");
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        let record = &parsed.records[0];
        assert_eq!(record.position, 2);
        assert_eq!(record.activities.len(), 2);
        let detail = record.activities[0].chembl.clone().expect("detail");
        assert_eq!(
            detail.target_name.as_deref(),
            Some("Adenosine receptor A2a")
        );
        assert_eq!(detail.assay_type.as_deref(), Some("B"));
        assert_eq!(record.activities[0].relation.as_deref(), Some("="));
        assert!(ChemblFileOptions::default()
            .check("SMILES,NAME\nCCO,x\n".as_bytes(), &ImportLimits::default())
            .is_err());
    }

    #[test]
    fn an_export_is_filtered_like_a_target_import_and_needs_the_columns_it_filters_on() {
        let export = "Molecule ChEMBL ID;Smiles;Standard Type;Standard Value;Standard Units;\
                      Assay Type;Target Organism\n\
                      CHEMBL1;CCO;Ki;5;nM;B;Homo sapiens\n\
                      CHEMBL2;CCN;Ki;6;nM;F;Homo sapiens\n\
                      CHEMBL3;CCC;Ki;7;nM;B;Rattus norvegicus\n";
        let options = ChemblFileOptions {
            organism: Some("Homo sapiens".into()),
            assay_types: vec!["B".into()],
            ..ChemblFileOptions::default()
        };
        let mut parsed = Parsed::default();
        options
            .read(export.as_bytes(), &ImportLimits::default(), &mut parsed)
            .expect("reads");
        let kept: Vec<Option<&str>> = parsed.records.iter().map(|r| r.name.as_deref()).collect();
        assert_eq!(kept, [Some("CHEMBL1")]);
        assert_eq!(
            reasons(&parsed),
            [
                (3, "assay type F is not among those chosen (B)"),
                (4, "target organism Rattus norvegicus is not Homo sapiens"),
            ]
        );
        let without_organisms = "Smiles;Standard Type;Standard Value\nCCO;Ki;5\n";
        let error = options
            .check(without_organisms.as_bytes(), &ImportLimits::default())
            .expect_err("no organism column")
            .to_string();
        assert!(error.contains("\"Target Organism\" column"), "{error}");
    }
}
