//! Shared by the golden-file tests: reading `testdata/` and the golden TSVs
//! made by `tools/golden/make_golden.py` with Debian's python3-rdkit.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use flate2::read::GzDecoder;
use genui_chem::sdf::{RawSdfRecord, SdfReader};
use genui_chem::Molecule;

pub fn testdata(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(relative)
}

pub fn open_gz(relative: &str) -> impl BufRead {
    let path = testdata(relative);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(GzDecoder::new(file))
}

/// One row of a golden TSV, addressable by column name.
pub struct GoldenRow {
    columns: std::sync::Arc<HashMap<String, usize>>,
    fields: Vec<String>,
}

impl GoldenRow {
    pub fn get(&self, column: &str) -> &str {
        let i = self
            .columns
            .get(column)
            .unwrap_or_else(|| panic!("no golden column {column}"));
        self.fields.get(*i).map(String::as_str).unwrap_or("")
    }

    pub fn source(&self) -> &str {
        self.get("source")
    }

    pub fn index(&self) -> usize {
        self.get("index").parse().expect("integer index")
    }
}

impl std::ops::Index<&str> for GoldenRow {
    type Output = String;

    fn index(&self, column: &str) -> &String {
        let i = self
            .columns
            .get(column)
            .unwrap_or_else(|| panic!("no golden column {column}"));
        &self.fields[*i]
    }
}

/// All rows of `testdata/golden/<name>`.
pub fn golden(name: &str) -> Vec<GoldenRow> {
    let mut lines = open_gz(&format!("golden/{name}")).lines();
    let header = lines.next().expect("header").expect("utf-8");
    let columns: HashMap<String, usize> = header
        .split('\t')
        .enumerate()
        .map(|(i, c)| (c.to_owned(), i))
        .collect();
    let columns = std::sync::Arc::new(columns);
    lines
        .map(|line| GoldenRow {
            columns: columns.clone(),
            fields: line
                .expect("utf-8")
                .split('\t')
                .map(str::to_owned)
                .collect(),
        })
        .collect()
}

/// The input molecules of the golden files, by source name.
pub struct Inputs {
    smiles: HashMap<&'static str, Vec<String>>,
    records: HashMap<&'static str, Vec<RawSdfRecord>>,
}

impl Inputs {
    pub fn load() -> Self {
        let mut smiles = HashMap::new();
        smiles.insert("moses", csv_column("moses_first_10k.csv.gz", "SMILES"));
        smiles.insert("chembl_drugs", csv_column("chembl_drugs.csv.gz", "smiles"));
        let nci: Vec<String> = open_gz("NCI_first_5K.smi.gz")
            .lines()
            .map(|l| {
                l.expect("utf-8")
                    .split('\t')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        smiles.insert("nci5k", nci);
        let mut records = HashMap::new();
        records.insert("bzr", sdf_records("bzr.sdf.gz"));
        records.insert("nci200", sdf_records("NCI_first_200.props.sdf.gz"));
        Self { smiles, records }
    }

    /// The input SMILES, for SMILES sources.
    pub fn smiles(&self, source: &str, index: usize) -> Option<&str> {
        self.smiles.get(source).map(|rows| rows[index].as_str())
    }

    /// The molecule as the golden script parsed it (`MolFromSmiles` or the SD supplier).
    pub fn molecule(&self, source: &str, index: usize) -> genui_chem::Result<Molecule> {
        match self.smiles(source, index) {
            Some(smiles) => Molecule::from_smiles(smiles),
            None => {
                let record = &self
                    .records
                    .get(source)
                    .unwrap_or_else(|| panic!("unknown source {source}"))[index];
                Molecule::from_molblock(&record.molblock)
            }
        }
    }
}

pub fn csv_column(relative: &str, column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(open_gz(relative));
    let position = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == column)
        .expect("column");
    reader
        .records()
        .map(|r| r.expect("row")[position].to_owned())
        .collect()
}

pub fn sdf_records(relative: &str) -> Vec<RawSdfRecord> {
    SdfReader::new(open_gz(relative))
        .map(|r| r.expect("readable"))
        .collect()
}

pub fn read_all(relative: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    open_gz(relative).read_to_end(&mut bytes).expect("readable");
    bytes
}

/// Parses space-separated integers ("" = none).
pub fn ints(field: &str) -> Vec<u32> {
    field
        .split_whitespace()
        .map(|t| t.parse().expect("integer"))
        .collect()
}

/// Parses space-separated `a:b` pairs.
pub fn pairs(field: &str) -> Vec<(u32, u32)> {
    field
        .split_whitespace()
        .map(|t| {
            let (a, b) = t.split_once(':').expect("a:b");
            (a.parse().expect("integer"), b.parse().expect("integer"))
        })
        .collect()
}

/// Fails with the first few mismatches and their count.
pub fn assert_no_mismatches(what: &str, compared: usize, mismatches: &[String]) {
    assert!(compared > 0, "{what}: nothing was compared");
    assert!(
        mismatches.is_empty(),
        "{what}: {} of {compared} differ from RDKit-Python, e.g.:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
