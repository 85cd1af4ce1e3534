//! Import sources: what a user hands in (a CSV or SD file, a ChEMBL query or
//! a ChEMBL export) and how it becomes [`Record`]s.
//!
//! A [`Source`] is stored with its set, so re-importing a set reads the same
//! source with the same options again. File-level problems (no header, a
//! mapped column that does not exist, not an SD file) are a [`SourceError`]
//! and are found before anything is queued; record-level problems (a bad
//! value in one row) become [`Rejection`]s in the import report.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::pipeline::{Activity, Record, Rejection};

pub mod chembl;
pub mod csv;
pub mod sdf;

pub use chembl::{ChemblClient, ChemblFileOptions, ChemblQuery};
pub use csv::CsvMapping;
pub use sdf::SdfMapping;

/// Where a set's molecules come from, with the options to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    Csv(CsvMapping),
    Sdf(SdfMapping),
    /// Activities of targets fetched from the ChEMBL web API.
    Chembl(ChemblQuery),
    /// A ChEMBL activity export (CSV/TSV with ChEMBL's column names).
    ChemblFile(ChemblFileOptions),
    /// Molecules sampled from a generator: the generator workflow fills the set itself.
    Generated(GeneratedSource),
}

/// How a generated set was sampled (the generator workflow's own options).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GeneratedSource {
    #[schema(value_type = HashMap<String, serde_json::Value>)]
    pub sampling: serde_json::Value,
}

impl Source {
    /// The `source_kind` stored with the set.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Csv(_) => "csv",
            Self::Sdf(_) => "sdf",
            Self::Chembl(_) => "chembl",
            Self::ChemblFile(_) => "chembl_file",
            Self::Generated(_) => "generated",
        }
    }

    /// Whether the source is an uploaded file (kept with the set).
    pub fn needs_file(&self) -> bool {
        !matches!(self, Self::Chembl(_) | Self::Generated(_))
    }

    /// Checks an uploaded file against the options before a task is queued:
    /// the header has the mapped columns, an SD file looks like one.
    pub fn check_file(&self, path: &Path) -> Result<(), SourceError> {
        match self {
            Self::Csv(mapping) => mapping.check(open(path)?),
            Self::Sdf(mapping) => mapping.check(open(path)?),
            Self::ChemblFile(options) => options.check(open(path)?),
            Self::Chembl(_) | Self::Generated(_) => Ok(()),
        }
    }

    /// Reads every record of an uploaded file.
    pub fn read_file(&self, path: &Path) -> Result<Parsed, SourceError> {
        match self {
            Self::Csv(mapping) => mapping.read(open(path)?),
            Self::Sdf(mapping) => mapping.read(open(path)?),
            Self::ChemblFile(options) => options.read(open(path)?),
            Self::Chembl(_) | Self::Generated(_) => Err(SourceError::Invalid(
                "only an uploaded source has a file to read".into(),
            )),
        }
    }
}

/// What a source gave: the records to process and those already refused.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub rejected: Vec<Rejection>,
}

impl Parsed {
    /// How many records the source held.
    pub fn read(&self) -> usize {
        self.records.len() + self.rejected.len()
    }
}

/// A source that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file or the options are wrong; the message says how.
    #[error("{0}")]
    Invalid(String),
    /// Reading failed (disk, network).
    #[error("{0}")]
    Unavailable(String),
}

impl From<io::Error> for SourceError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::InvalidData => Self::Invalid(format!("unreadable file: {e}")),
            _ => Self::Unavailable(format!("cannot read the file: {e}")),
        }
    }
}

/// Opens a file for reading, transparently decompressing gzip.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>, SourceError> {
    let mut file = BufReader::new(File::open(path)?);
    let gzipped = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzipped {
        Box::new(BufReader::new(MultiGzDecoder::new(file)))
    } else {
        Box::new(file)
    })
}

/// The first `limit` bytes of a (possibly gzipped) file, for previews.
pub fn head(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let mut sample = Vec::new();
    open(path)?.take(limit).read_to_end(&mut sample)?;
    Ok(sample)
}

/// Parses an activity value; `None` for an empty cell or the `empty` marker.
pub(crate) fn parse_value(text: &str, empty: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() || text == empty {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(_) => Err(format!("activity value {text:?} is not a finite number")),
        Err(_) => Err(format!("activity value {text:?} is not a number")),
    }
}

/// `None` for empty text and for the markers files use for "no value".
pub(crate) fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && !matches!(text, "None" | "NA" | "null")).then(|| text.to_owned())
}

/// An activity with just a type, value and units.
pub(crate) fn activity(kind: String, value: f64, units: Option<String>) -> Activity {
    Activity {
        kind,
        value,
        units,
        relation: None,
        assay: None,
        target: None,
    }
}

/// A record refused before processing.
pub(crate) fn refuse(position: u64, input: &str, reason: String) -> Rejection {
    Rejection {
        position,
        input: input.chars().take(200).collect(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numbers_or_explicitly_empty() {
        assert_eq!(parse_value(" 6.5 ", "NA"), Ok(Some(6.5)));
        assert_eq!(parse_value("NA", "NA"), Ok(None));
        assert_eq!(parse_value("", "NA"), Ok(None));
        assert!(parse_value("NaN", "NA")
            .expect_err("fails")
            .contains("finite"));
        assert!(parse_value("inf", "NA")
            .expect_err("fails")
            .contains("finite"));
        assert!(parse_value("12 nM", "NA")
            .expect_err("fails")
            .contains("not a number"));
    }

    #[test]
    fn gzip_is_read_transparently() {
        let dir = tempfile::tempdir().expect("works");
        let plain = dir.path().join("a.csv");
        std::fs::write(&plain, "SMILES\nCCO\n").expect("works");
        let zipped = dir.path().join("a.csv.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, b"SMILES\nCCO\n").expect("works");
        std::fs::write(&zipped, encoder.finish().expect("works")).expect("works");
        assert_eq!(
            head(&plain, 100).expect("works"),
            head(&zipped, 100).expect("works")
        );
    }
}
