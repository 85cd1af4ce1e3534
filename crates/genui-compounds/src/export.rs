//! Writing a set out as SDF (the original GenUI's activity tags, read back
//! by the SDF import) or CSV (the original's column format, read back by the
//! CSV import).

use std::collections::HashMap;
use std::io::Write;

use genui_chem::sdf::SdfWriter;
use genui_chem::Molecule;

use crate::sources::sdf::{
    ACTIVITIES_TAG, ACTIVITY_RELATIONS_TAG, ACTIVITY_TYPES_TAG, ACTIVITY_UNITS_TAG,
};
use crate::store::{ActivityRow, ActivitySet, MoleculeRow};

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

/// What an export holds.
#[derive(Debug, Clone, Copy)]
pub struct Contents<'a> {
    pub molecules: &'a [MoleculeRow],
    /// Every activity of the molecules, by molecule id; those of `prediction_sets` are written
    /// apart from the measured ones.
    pub activities: &'a HashMap<i64, Vec<ActivityRow>>,
    pub prediction_sets: &'a [ActivitySet],
}

/// Writes the molecules with their activities in `format`: measured values in the original's
/// activity columns (tags), a model's predictions in columns (tags) of their own, named after
/// the prediction set and the type, so that an export read back never takes a prediction
/// for a measurement.
pub fn write(format: Format, contents: Contents, output: impl Write) -> Result<(), ExportError> {
    let (measured, predicted) = split(contents.activities, contents.prediction_sets);
    match format {
        Format::Sdf => write_sdf(contents.molecules, &measured, &predicted, output),
        Format::Csv => write_csv(contents.molecules, &measured, &predicted, output),
    }
}

/// Predictions as named values per molecule.
#[derive(Debug, Default)]
struct Predicted {
    /// Column (tag) names, in order.
    names: Vec<String>,
    values: HashMap<i64, Vec<(String, String)>>,
}

impl Predicted {
    fn of(&self, molecule: i64) -> impl Iterator<Item = (&str, &str)> {
        self.values
            .get(&molecule)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The measured activities by molecule, and the predictions as named values: `<set>: <type>`,
/// its interval's bounds at the set's confidence and its applicability.
fn split<'a>(
    activities: &'a HashMap<i64, Vec<ActivityRow>>,
    prediction_sets: &[ActivitySet],
) -> (HashMap<i64, Vec<&'a ActivityRow>>, Predicted) {
    let sets: HashMap<i64, &ActivitySet> = prediction_sets.iter().map(|s| (s.id, s)).collect();
    let mut measured: HashMap<i64, Vec<&ActivityRow>> = HashMap::new();
    let mut predicted = Predicted::default();
    // Oldest set first, as the user made them.
    let mut ordered: Vec<&ActivityRow> = activities.values().flatten().collect();
    ordered.sort_by_key(|a| (a.activity_set_id, a.id));
    for a in ordered {
        let Some(set) = sets.get(&a.activity_set_id) else {
            measured.entry(a.molecule_id).or_default().push(a);
            continue;
        };
        let column = format!("{}: {}", set.name, a.kind);
        let interval = a.interval_low.zip(a.interval_high);
        let confidence = set.interval_confidence.unwrap_or_default() * 100.0;
        let cells = [
            Some((column.clone(), a.value.to_string())),
            interval.map(|(low, _)| (format!("{column} {confidence:.0} % low"), low.to_string())),
            interval
                .map(|(_, high)| (format!("{column} {confidence:.0} % high"), high.to_string())),
            a.applicability
                .map(|v| (format!("{column} applicability"), v.to_string())),
        ];
        let values = predicted.values.entry(a.molecule_id).or_default();
        for (name, value) in cells.into_iter().flatten() {
            if !predicted.names.contains(&name) {
                predicted.names.push(name.clone());
            }
            values.push((name, value));
        }
    }
    for list in measured.values_mut() {
        list.sort_by_key(|a| a.id);
    }
    (measured, predicted)
}

fn write_sdf(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<&ActivityRow>>,
    predicted: &Predicted,
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
        tags.extend(extra_values(molecule).map(|(k, v)| (k.to_owned(), v.to_owned())));
        // A set's name may hold what an SD tag name cannot.
        let tag_name = |name: &str| name.replace(['<', '>', '\r', '\n'], "_");
        tags.extend(
            predicted
                .of(molecule.id)
                .map(|(k, v)| (tag_name(k), v.to_owned())),
        );
        if let Some(list) = activities.get(&molecule.id).filter(|l| !l.is_empty()) {
            let join = |f: &dyn Fn(&ActivityRow) -> String| {
                list.iter().map(|a| f(a)).collect::<Vec<_>>().join(",")
            };
            tags.push((ACTIVITIES_TAG.into(), join(&|a| a.value.to_string())));
            tags.push((ACTIVITY_TYPES_TAG.into(), join(&|a| a.kind.clone())));
            tags.push((
                ACTIVITY_UNITS_TAG.into(),
                join(&|a| a.units.clone().unwrap_or_default()),
            ));
            if list.iter().any(|a| a.relation.is_some()) {
                // Quoted as ChEMBL writes them: an SD data line starting with `>` would open a tag.
                let quoted = |a: &ActivityRow| {
                    a.relation
                        .as_ref()
                        .map(|r| format!("'{r}'"))
                        .unwrap_or_default()
                };
                tags.push((ACTIVITY_RELATIONS_TAG.into(), join(&quoted)));
            }
        }
        writer.write(&mol, molecule.name.as_deref().unwrap_or(""), &tags)?;
    }
    Ok(writer.into_inner().flush()?)
}

fn write_csv(
    molecules: &[MoleculeRow],
    activities: &HashMap<i64, Vec<&ActivityRow>>,
    predicted: &Predicted,
    output: impl Write,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(output);
    // The columns kept at import, after the fixed ones, in the order they first appear, then
    // the predictions'.
    let mut kept: Vec<&str> = Vec::new();
    for (key, _) in molecules.iter().flat_map(extra_values) {
        if !kept.contains(&key) {
            kept.push(key);
        }
    }
    kept.extend(predicted.names.iter().map(String::as_str));
    // Relations (`<`, `>` …) in a column of their own where any activity has one.
    let relations = activities.values().flatten().any(|a| a.relation.is_some());
    let fixed = [
        "SMILES",
        "NAME",
        "ACTIVITY",
        "ACTIVITY_TYPE",
        "ACTIVITY_UNITS",
        "INCHIKEY",
    ];
    let relation_column = relations.then_some("ACTIVITY_RELATION");
    write_inert(
        &mut writer,
        fixed
            .iter()
            .copied()
            .chain(relation_column)
            .chain(kept.iter().copied()),
    )?;
    for molecule in molecules {
        let name = molecule.name.as_deref().unwrap_or("");
        let extra: HashMap<&str, &str> = extra_values(molecule)
            .chain(predicted.of(molecule.id))
            .collect();
        let kept_cells: Vec<&str> = kept
            .iter()
            .map(|k| extra.get(k).copied().unwrap_or(""))
            .collect();
        match activities.get(&molecule.id).filter(|l| !l.is_empty()) {
            None => write_inert(
                &mut writer,
                [&molecule.smiles, name, "NA", "", "", &molecule.inchikey]
                    .into_iter()
                    .chain(relations.then_some(""))
                    .chain(kept_cells.iter().copied()),
            )?,
            Some(list) => {
                for a in list {
                    let value = a.value.to_string();
                    let cells = [
                        &molecule.smiles,
                        name,
                        &value,
                        &a.kind,
                        a.units.as_deref().unwrap_or(""),
                        &molecule.inchikey,
                    ];
                    let relation = relations.then(|| a.relation.as_deref().unwrap_or(""));
                    write_inert(
                        &mut writer,
                        cells
                            .into_iter()
                            .chain(relation)
                            .chain(kept_cells.iter().copied()),
                    )?;
                }
            }
        }
    }
    Ok(writer.flush()?)
}

/// The values of the columns or tags kept at import (`extra_columns`, `extra_tags`).
fn extra_values(molecule: &MoleculeRow) -> impl Iterator<Item = (&str, &str)> {
    molecule
        .extra
        .as_ref()
        .and_then(|e| e.as_object())
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
}

fn write_inert<'a, W: Write>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = &'a str>,
) -> csv::Result<()> {
    let cells: Vec<_> = cells.into_iter().map(inert).collect();
    writer.write_record(cells.iter().map(|cell| cell.as_bytes()))
}

/// A cell a spreadsheet shows as text: one that would start a formula (`=`,
/// `+`, `-`, `@`, tab or carriage return first) gets a leading `'`, as OWASP
/// advises against CSV injection; numbers stay numbers.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let starts_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_formula && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An export read by the import of its format with the default mapping.
    fn read_back(format: Format, file: &[u8]) -> crate::sources::Parsed {
        let mut parsed = crate::sources::Parsed::default();
        match format {
            Format::Csv => crate::sources::csv::CsvMapping::default()
                .read(file, &Default::default(), &mut parsed)
                .expect("reads back"),
            Format::Sdf => crate::sources::sdf::SdfMapping::default()
                .read(file, &mut parsed)
                .expect("reads back"),
        }
        parsed
    }

    /// Contents without predictions.
    fn measured<'a>(
        molecules: &'a [MoleculeRow],
        activities: &'a HashMap<i64, Vec<ActivityRow>>,
    ) -> Contents<'a> {
        Contents {
            molecules,
            activities,
            prediction_sets: &[],
        }
    }

    fn molecule(id: i64, name: &str) -> MoleculeRow {
        MoleculeRow {
            id,
            compound_set_id: 1,
            project_id: 1,
            name: Some(name.to_owned()),
            smiles: "CCO".into(),
            inchi: String::new(),
            inchikey: "LFQSCWFLJHTTHZ-UHFFFAOYSA-N".into(),
            source_positions: "1".into(),
            extra: None,
            properties: Vec::new(),
        }
    }

    #[test]
    fn csv_cells_that_would_start_a_formula_are_written_as_text() {
        let molecules = [
            molecule(1, "=HYPERLINK(\"http://evil\")"),
            molecule(2, "@SUM(A1)"),
            molecule(3, "ethanol-d1"),
        ];
        let activity = ActivityRow::measured(3, "+cmd|' /C calc'!A0", -5.5, None);
        let activities = HashMap::from([(3, vec![activity])]);
        let mut out = Vec::new();
        write(Format::Csv, measured(&molecules, &activities), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert!(
            rows[0].contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
            "{text}"
        );
        assert!(rows[1].contains(",'@SUM(A1),"), "{text}");
        assert!(rows[2].contains(",ethanol-d1,-5.5,'+cmd|"), "{text}");
    }

    #[test]
    fn sdf_units_of_unitless_activities_are_empty_and_read_back_as_none() {
        let activities = HashMap::from([(
            1,
            vec![
                ActivityRow::measured(1, "pKi", 6.5, None),
                ActivityRow::measured(1, "IC50", 350.0, Some("nM")),
            ],
        )]);
        let mut out = Vec::new();
        write(
            Format::Sdf,
            measured(&[molecule(1, "ethanol")], &activities),
            &mut out,
        )
        .expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(!text.contains("None"), "{text}");
        assert!(
            text.contains(&format!("<{ACTIVITY_UNITS_TAG}>\n,nM\n")),
            "{text}"
        );
        let mut parsed = crate::sources::Parsed::default();
        crate::sources::sdf::SdfMapping::default()
            .read(text.as_bytes(), &mut parsed)
            .expect("reads back");
        let units: Vec<Option<&str>> = parsed.records[0]
            .activities
            .iter()
            .map(|a| a.units.as_deref())
            .collect();
        assert_eq!(units, [None, Some("nM")]);
    }

    #[test]
    fn relations_of_censored_values_survive_export_and_import() {
        let censored = |kind: &str, value: f64, relation: Option<&str>| ActivityRow {
            relation: relation.map(str::to_owned),
            ..ActivityRow::measured(1, kind, value, None)
        };
        let activities = HashMap::from([(
            1,
            vec![
                censored("pKi", 5.0, Some(">")),
                censored("pKi", 6.0, Some("=")),
                censored("pKi", 4.0, Some("<=")),
                censored("pKi", 7.0, None),
            ],
        )]);
        let molecules = [molecule(1, "ethanol")];
        let relations = |format: Format| -> Vec<Option<String>> {
            let mut out = Vec::new();
            write(format, measured(&molecules, &activities), &mut out).expect("writes");
            let parsed = read_back(format, &out);
            assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
            parsed
                .records
                .iter()
                .flat_map(|r| r.activities.iter().map(|a| a.relation.clone()))
                .collect()
        };
        let expected = [Some(">"), Some("="), Some("<="), None].map(|r| r.map(str::to_owned));
        assert_eq!(relations(Format::Csv), expected);
        assert_eq!(relations(Format::Sdf), expected);
    }

    #[test]
    fn columns_kept_at_import_are_exported() {
        let mut first = molecule(1, "one");
        first.extra = Some(serde_json::json!({"Compound_ID": "X-1", "Series": "=A"}));
        let mut second = molecule(2, "two");
        second.extra = Some(serde_json::json!({"Series": "B"}));
        let molecules = [first, second, molecule(3, "three")];
        let mut out = Vec::new();
        write(Format::Csv, measured(&molecules, &HashMap::new()), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with(",INCHIKEY,Compound_ID,Series"), "{text}");
        assert!(lines[1].ends_with(",X-1,'=A"), "{text}");
        assert!(lines[2].ends_with(",,B"), "{text}");
        assert!(lines[3].ends_with("-N,,"), "{text}");
        let mut out = Vec::new();
        write(
            Format::Sdf,
            measured(&molecules[..1], &HashMap::new()),
            &mut out,
        )
        .expect("writes");
        let sdf = String::from_utf8(out).expect("utf-8");
        assert!(sdf.contains("<Compound_ID>\nX-1\n"), "{sdf}");
    }

    #[test]
    fn predictions_are_exported_in_columns_of_their_own_and_never_read_back_as_measurements() {
        let prediction = ActivityRow {
            activity_set_id: 2,
            applicability: Some(0.62),
            interval_low: Some(5.5),
            interval_high: Some(7.25),
            ..ActivityRow::measured(1, "pKi (predicted)", 6.375, None)
        };
        let activities = HashMap::from([(
            1,
            vec![ActivityRow::measured(1, "pKi", 8.0, None), prediction],
        )]);
        let sets = [ActivitySet {
            id: 2,
            project_id: 1,
            compound_set_id: 1,
            name: "RF <pKi>".into(),
            qsar_model_id: Some(4),
            interval_confidence: Some(0.9),
            created_at: chrono::DateTime::UNIX_EPOCH,
        }];
        let molecules = [molecule(1, "ethanol")];
        let contents = Contents {
            molecules: &molecules,
            activities: &activities,
            prediction_sets: &sets,
        };
        let mut csv = Vec::new();
        write(Format::Csv, contents, &mut csv).expect("writes");
        let text = String::from_utf8(csv.clone()).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "one measured value, one row: {text}");
        assert!(
            lines[0].ends_with(
                ",RF <pKi>: pKi (predicted),RF <pKi>: pKi (predicted) 90 % low,\
                 RF <pKi>: pKi (predicted) 90 % high,RF <pKi>: pKi (predicted) applicability"
            ),
            "{text}"
        );
        assert!(lines[1].contains(",8,pKi,"), "{text}");
        assert!(lines[1].ends_with(",6.375,5.5,7.25,0.62"), "{text}");
        let mut sdf = Vec::new();
        write(Format::Sdf, contents, &mut sdf).expect("writes");
        let sdf_text = String::from_utf8(sdf.clone()).expect("utf-8");
        assert!(
            sdf_text.contains("<RF _pKi_: pKi (predicted) 90 % low>\n5.5\n"),
            "{sdf_text}"
        );
        for (format, file) in [(Format::Csv, csv), (Format::Sdf, sdf)] {
            let parsed = read_back(format, &file);
            let values: Vec<f64> = parsed.records[0]
                .activities
                .iter()
                .map(|a| a.value)
                .collect();
            assert_eq!(values, [8.0], "{format:?}");
        }
    }
}
