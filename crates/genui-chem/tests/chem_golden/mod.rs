//! Input and golden-file reading shared by the InChI and standardization
//! golden tests (`testdata/`, made by `tools/golden/make_golden.py`).
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use flate2::read::GzDecoder;

pub fn testdata(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(relative)
}

pub fn open_gz(relative: &str) -> BufReader<GzDecoder<std::fs::File>> {
    let path = testdata(relative);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(GzDecoder::new(file))
}

/// One golden row: column name → field.
pub type Row = HashMap<String, String>;

pub fn golden(name: &str) -> Vec<Row> {
    let mut lines = open_gz(&format!("golden/{name}")).lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .expect("utf-8")
        .split('\t')
        .map(str::to_owned)
        .collect();
    lines
        .map(|line| {
            let line = line.expect("utf-8");
            header
                .iter()
                .cloned()
                .zip(line.split('\t').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The column `column` of a gzipped CSV file.
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

/// The SMILES of `NCI_first_5K.smi.gz` (text before the first tab).
pub fn nci_smiles() -> Vec<String> {
    open_gz("NCI_first_5K.smi.gz")
        .lines()
        .map(|l| {
            l.expect("utf-8")
                .split('\t')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

/// The records of a gzipped SD file, split on `$$$$` lines (each record's
/// mol block followed by its data items).
pub fn sd_records(relative: &str) -> Vec<String> {
    let mut text = String::new();
    open_gz(relative).read_to_string(&mut text).expect("utf-8");
    let mut records = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == "$$$$" {
            records.push(std::mem::take(&mut current));
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        records.push(current);
    }
    records
}

/// Input text by golden source: SMILES or an SD record.
pub enum Input {
    Smiles(String),
    Molblock(String),
}

pub struct Inputs {
    by_source: HashMap<&'static str, Vec<String>>,
}

impl Inputs {
    pub fn load() -> Self {
        let mut by_source = HashMap::new();
        by_source.insert("moses", csv_column("moses_first_10k.csv.gz", "SMILES"));
        by_source.insert("chembl_drugs", csv_column("chembl_drugs.csv.gz", "smiles"));
        by_source.insert("nci5k", nci_smiles());
        by_source.insert("bzr", sd_records("bzr.sdf.gz"));
        by_source.insert("nci200", sd_records("NCI_first_200.props.sdf.gz"));
        Self { by_source }
    }

    pub fn get(&self, source: &str, index: usize) -> Input {
        let text = self.by_source[source][index].clone();
        match source {
            "bzr" | "nci200" => Input::Molblock(text),
            _ => Input::Smiles(text),
        }
    }

    pub fn molecule(&self, source: &str, index: usize) -> genui_chem::Result<genui_chem::Molecule> {
        match self.get(source, index) {
            Input::Smiles(s) => genui_chem::Molecule::from_smiles(&s),
            Input::Molblock(b) => genui_chem::Molecule::from_molblock(&b),
        }
    }
}
