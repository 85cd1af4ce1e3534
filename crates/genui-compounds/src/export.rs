//! Writing a set out as SDF (the original GenUI's activity tags, read back
//! by the SDF import) or CSV (the original's column format, read back by the
//! CSV import).

use std::collections::HashMap;
use std::io::Write;

use genui_chem::sdf::SdfWriter;
use genui_chem::Molecule;

use crate::sources::sdf::{ACTIVITIES_TAG, ACTIVITY_TYPES_TAG, ACTIVITY_UNITS_TAG};
use crate::store::{ActivityRow, MoleculeRow};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Sdf,
    Csv,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Sdf => "chemical/x-mdl-sdfile",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Sdf => "sdf",
            Self::Csv => "csv",
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A stored structure RDKit cannot read back or write as a mol block.
    #[error("molecule {id}: {source}")]
    Molecule {
        id: i64,
        #[source]
        source: genui_chem::ChemError,
    },
    /// A record the SD writer refused, or output that refused the bytes.
    #[error("cannot write the export: {0}")]
    Sdf(#[from] genui_chem::sdf::SdfWriteError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(#[from] csv::Error),
}

/// Writes the molecules with their activities in `format`.
pub fn write(
    format: Format,
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), ExportError> {
    match format {
        Format::Sdf => write_sdf(molecules, activities, output),
        Format::Csv => write_csv(molecules, activities, output),
    }
}

fn write_sdf(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), ExportError> {
    let mut writer = SdfWriter::new(output);
    for molecule in molecules {
        let invalid = |source| ExportError::Molecule {
            id: molecule.id,
            source,
        };
        let mol = Molecule::from_smiles(&molecule.smiles).map_err(invalid)?;
        let mut tags = vec![
            ("SMILES".to_owned(), molecule.smiles.clone()),
            ("INCHIKEY".to_owned(), molecule.inchikey.clone()),
        ];
        if let Some(list) = activities.get(&molecule.id).filter(|l| !l.is_empty()) {
            let join = |f: &dyn Fn(&ActivityRow) -> String| {
                list.iter().map(f).collect::<Vec<_>>().join(",")
            };
            tags.push((ACTIVITIES_TAG.into(), join(&|a| a.value.to_string())));
            tags.push((ACTIVITY_TYPES_TAG.into(), join(&|a| a.kind.clone())));
            tags.push((
                ACTIVITY_UNITS_TAG.into(),
                join(&|a| a.units.clone().unwrap_or_else(|| "None".into())),
            ));
        }
        writer.write(&mol, molecule.name.as_deref().unwrap_or(""), &tags)?;
    }
    Ok(writer.into_inner().flush()?)
}

fn write_csv(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record([
        "SMILES",
        "NAME",
        "ACTIVITY",
        "ACTIVITY_TYPE",
        "ACTIVITY_UNITS",
        "INCHIKEY",
    ])?;
    for molecule in molecules {
        let name = molecule.name.as_deref().unwrap_or("");
        match activities.get(&molecule.id).filter(|l| !l.is_empty()) {
            None => {
                writer.write_record([&molecule.smiles, name, "NA", "", "", &molecule.inchikey])?
            }
            Some(list) => {
                for a in list {
                    writer.write_record([
                        molecule.smiles.as_str(),
                        name,
                        &a.value.to_string(),
                        &a.kind,
                        a.units.as_deref().unwrap_or(""),
                        &molecule.inchikey,
                    ])?;
                }
            }
        }
    }
    Ok(writer.flush()?)
}
