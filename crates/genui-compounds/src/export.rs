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

/// Writes the molecules with their activities in `format`.
pub fn write(
    format: Format,
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), String> {
    match format {
        Format::Sdf => write_sdf(molecules, activities, output),
        Format::Csv => write_csv(molecules, activities, output),
    }
}

fn write_sdf(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), String> {
    let mut writer = SdfWriter::new(output);
    for molecule in molecules {
        let mol = Molecule::from_smiles(&molecule.smiles).map_err(|e| e.to_string())?;
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
        writer
            .write(&mol, molecule.name.as_deref().unwrap_or(""), &tags)
            .map_err(|e| e.to_string())?;
    }
    writer
        .into_inner()
        .flush()
        .map_err(|e| format!("cannot write the export: {e}"))
}

fn write_csv(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<ActivityRow>>,
    output: impl Write,
) -> Result<(), String> {
    let mut writer = csv::Writer::from_writer(output);
    let fail = |e: csv::Error| format!("cannot write the export: {e}");
    writer
        .write_record([
            "SMILES",
            "NAME",
            "ACTIVITY",
            "ACTIVITY_TYPE",
            "ACTIVITY_UNITS",
            "INCHIKEY",
        ])
        .map_err(fail)?;
    for molecule in molecules {
        let name = molecule.name.as_deref().unwrap_or("");
        match activities.get(&molecule.id).filter(|l| !l.is_empty()) {
            None => writer
                .write_record([&molecule.smiles, name, "NA", "", "", &molecule.inchikey])
                .map_err(fail)?,
            Some(list) => {
                for a in list {
                    writer
                        .write_record([
                            molecule.smiles.as_str(),
                            name,
                            &a.value.to_string(),
                            &a.kind,
                            a.units.as_deref().unwrap_or(""),
                            &molecule.inchikey,
                        ])
                        .map_err(fail)?;
                }
            }
        }
    }
    writer
        .flush()
        .map_err(|e| format!("cannot write the export: {e}"))
}
