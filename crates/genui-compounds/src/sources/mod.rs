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
use genui_chem::table::{sniff_delimiter, TableReader};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::pipeline::{Activity, Record, Rejection, Structure};

pub mod chembl;
pub mod csv;
mod limits;
pub mod sdf;

pub use chembl::{ChemblClient, ChemblFileOptions, ChemblQuery};
pub use csv::CsvMapping;
pub use limits::ImportLimits;
use limits::{Framing, Limited, Tripwire};
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
    pub fn check_file(&self, path: &Path, limits: &ImportLimits) -> Result<(), SourceError> {
        check_not_binary(&head(path, TEXT_SAMPLE)?)?;
        let wire = Tripwire::default();
        let input = open_limited(path, limits, self.framing(), &wire)?;
        let checked = match self {
            Self::Csv(mapping) => mapping.check(input, limits),
            Self::Sdf(mapping) => mapping.check(input),
            Self::ChemblFile(options) => options.check(input, limits),
            Self::Chembl(_) | Self::Generated(_) => Ok(()),
        };
        wire.reason()
            .map_or(checked, |reason| Err(SourceError::Invalid(reason)))
    }

    /// Reads every record of an uploaded file, within `limits`. A first pass
    /// keeps nothing and only checks the limits, so a file past one (a small
    /// gzip expanding to gigabytes of rows) is refused in constant memory
    /// before a single record is held; the second pass keeps the records.
    pub fn read_file(&self, path: &Path, limits: &ImportLimits) -> Result<Parsed, SourceError> {
        self.parse_file(path, limits, Parsed::surveying)?;
        self.parse_file(path, limits, Parsed::capped)
    }

    fn parse_file(
        &self,
        path: &Path,
        limits: &ImportLimits,
        start: fn(usize, Tripwire) -> Parsed,
    ) -> Result<Parsed, SourceError> {
        let wire = Tripwire::default();
        let input = open_limited(path, limits, self.framing(), &wire)?;
        let mut parsed = start(limits.max_records, wire.clone());
        let read = match self {
            Self::Csv(mapping) => mapping.read(input, limits, &mut parsed),
            Self::Sdf(mapping) => mapping.read(input, &mut parsed),
            Self::ChemblFile(options) => options.read(input, limits, &mut parsed),
            Self::Chembl(_) | Self::Generated(_) => Err(SourceError::Invalid(
                "only an uploaded source has a file to read".into(),
            )),
        };
        match wire.reason() {
            Some(reason) => Err(SourceError::Invalid(reason)),
            None => read.map(|()| parsed),
        }
    }

    fn framing(&self) -> Framing {
        match self {
            Self::Sdf(_) => Framing::SdRecords,
            _ => Framing::Delimited,
        }
    }
}

/// What a source gave: the records to process and those already refused.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub rejected: Vec<Rejection>,
    /// Records seen, kept or refused (counted even when not kept).
    seen: usize,
    /// Counts records without keeping them (the pass that checks the limits).
    counting_only: bool,
    /// Most records (kept or refused) and the wire that stops the reading beyond them.
    cap: Option<(usize, Tripwire)>,
}

impl Parsed {
    /// Holds at most `max_records`; one more trips `wire`.
    fn capped(max_records: usize, wire: Tripwire) -> Self {
        Self {
            cap: Some((max_records, wire)),
            ..Self::default()
        }
    }

    /// Counts up to `max_records` and keeps none; one more trips `wire`.
    fn surveying(max_records: usize, wire: Tripwire) -> Self {
        Self {
            counting_only: true,
            ..Self::capped(max_records, wire)
        }
    }

    /// How many records the source held.
    pub fn read(&self) -> usize {
        self.seen
    }

    /// Keeps a record, or refuses it when its text cannot be stored.
    pub(crate) fn accept(&mut self, record: Record) {
        if record.holds_nul() {
            let input = match &record.structure {
                Structure::Smiles(text) | Structure::MolBlock(text) => text.replace('\0', "\\0"),
            };
            let reason = "the record holds a NUL character, which cannot be stored".to_owned();
            self.refuse(refuse(record.position, &input, reason));
        } else if self.count() && !self.counting_only {
            self.records.push(record);
        }
    }

    pub(crate) fn refuse(&mut self, rejection: Rejection) {
        if self.count() && !self.counting_only {
            self.rejected.push(rejection);
        }
    }

    /// Counts one more record; false (and the wire tripped) past the cap.
    fn count(&mut self) -> bool {
        if let Some((max, wire)) = &self.cap {
            if self.seen >= *max {
                wire.trip(format!(
                    "the file holds more than {max} records (GENUI_IMPORT_MAX_RECORDS)"
                ));
                return false;
            }
        }
        self.seen += 1;
        true
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

/// [`open`] within the byte and record-length limits: past them the input
/// ends and `wire` says why.
fn open_limited(
    path: &Path,
    limits: &ImportLimits,
    framing: Framing,
    wire: &Tripwire,
) -> Result<BufReader<Limited<Box<dyn BufRead>>>, SourceError> {
    Ok(BufReader::new(Limited::new(
        open(path)?,
        *limits,
        framing,
        wire.clone(),
    )))
}

/// A delimited table with its separator (detected from the first 64 kB
/// unless given) and at most `max_columns` columns.
pub(crate) fn table<R: Read>(
    mut input: R,
    separator: Option<char>,
    max_columns: usize,
) -> Result<TableReader<impl Read>, SourceError> {
    let mut sample = Vec::new();
    (&mut input).take(64 << 10).read_to_end(&mut sample)?;
    let delimiter = match separator {
        None => sniff_delimiter(&sample),
        Some(c) if c.is_ascii() && !matches!(c, '"' | '\n' | '\r') => c as u8,
        Some(c) => {
            return Err(SourceError::Invalid(format!(
                "separator {c:?} cannot be used: give one ASCII character other than a quote or line end"
            )))
        }
    };
    let table = TableReader::new(io::Cursor::new(sample).chain(input), delimiter)
        .map_err(|e| SourceError::Invalid(e.to_string()))?;
    let width = table.header().len();
    if width > max_columns {
        return Err(SourceError::Invalid(format!(
            "the header has {width} columns, more than {max_columns} (GENUI_IMPORT_MAX_COLUMNS)"
        )));
    }
    Ok(table)
}

/// How much of a file [`check_not_binary`] looks at.
pub const TEXT_SAMPLE: u64 = 64 << 10;

/// Refuses a binary file (an image, a spreadsheet, an archive), in words a person
/// understands: more than 1% of its start are control bytes, which text has next to none of
/// (a stray one in a record is that record's problem, refused alone). `sample` is the start of
/// the (decompressed) file.
pub fn check_not_binary(sample: &[u8]) -> Result<(), SourceError> {
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if control > 8 && control * 100 > sample.len() {
        return Err(SourceError::Invalid(
            "the file is not text: upload a CSV or SD file (plain or gzip-compressed), \
             not a spreadsheet, image or archive"
                .into(),
        ));
    }
    Ok(())
}

/// The first `limit` bytes of a (possibly gzipped) file, for previews.
pub fn head(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let mut sample = Vec::new();
    open(path)?.take(limit).read_to_end(&mut sample)?;
    Ok(sample)
}

/// A value as a file gives it: the number and how the true value relates to it (`<`: below it;
/// `None`: exact, no relation written).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Measured {
    pub value: f64,
    pub relation: Option<String>,
}

impl Measured {
    /// The value with the relation a column or tag of its own gives (`text`), which must agree
    /// with one written before the number.
    pub(crate) fn related(mut self, text: Option<&str>) -> Result<Self, String> {
        let Some(given) = text.map(parse_relation).transpose()?.flatten() else {
            return Ok(self);
        };
        match self.relation {
            Some(written) if written != given => Err(format!(
                "the value is written {written} but its relation is {given}"
            )),
            _ => {
                self.relation = Some(given);
                Ok(self)
            }
        }
    }
}

/// Parses an activity value, with the relation a file may write before the number (`<5`,
/// `>= 10`); `None` for an empty cell or the `empty` marker.
pub(crate) fn parse_value(text: &str, empty: &str) -> Result<Option<Measured>, String> {
    let text = text.trim();
    if text.is_empty() || text == empty {
        return Ok(None);
    }
    let number_at = text
        .find(|c: char| !matches!(c, '<' | '>' | '=' | '~' | '≤' | '≥' | '\'' | ' '))
        .unwrap_or(text.len());
    let (relation, number) = text.split_at(number_at);
    let relation = parse_relation(relation)?;
    match number.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(Measured { value, relation })),
        Ok(_) => Err(format!("activity value {text:?} is not a finite number")),
        Err(_) => Err(format!("activity value {text:?} is not a number")),
    }
}

/// A relation as it is stored (`=`, `<`, `<=`, `>`, `>=`, `~`) from the ways files write it
/// (ChEMBL's downloads quote it: `'<'`; `≤`, `=<`, `<<` …); `None` for none.
pub(crate) fn parse_relation(text: &str) -> Result<Option<String>, String> {
    let bare = text.trim().trim_matches(|c| c == '\'' || c == '"').trim();
    let relation = match bare {
        "" => return Ok(None),
        "=" | "==" => "=",
        "<" | "<<" => "<",
        "<=" | "=<" | "≤" => "<=",
        ">" | ">>" => ">",
        ">=" | "=>" | "≥" => ">=",
        "~" | "≈" => "~",
        _ => {
            return Err(format!(
                "relation {bare:?} is not one of =, <, <=, >, >=, ~"
            ))
        }
    };
    Ok(Some(relation.to_owned()))
}

/// `None` for empty text and for the markers files use for "no value".
pub(crate) fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && !matches!(text, "None" | "NA" | "null")).then(|| text.to_owned())
}

/// An activity with just a type, value, relation and units.
pub(crate) fn activity(kind: String, measured: Measured, units: Option<String>) -> Activity {
    Activity {
        kind,
        value: measured.value,
        units,
        relation: measured.relation,
        assay: None,
        target: None,
        chembl: None,
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
    fn binary_files_are_told_apart_from_text_with_a_stray_control_byte() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
        let refused = check_not_binary(&png).expect_err("binary");
        assert!(refused.to_string().contains("not text"), "{refused}");
        let mut csv = b"SMILES,pKi\n".to_vec();
        for i in 0..200 {
            csv.extend(format!("CC{i}O,6.5\n").bytes());
        }
        csv.extend(b"C\0C,7\n");
        assert!(check_not_binary(&csv).is_ok(), "a NUL in one record");
        assert!(check_not_binary(b"").is_ok());
    }

    #[test]
    fn values_are_numbers_or_explicitly_empty() {
        let exact = |value| Measured {
            value,
            relation: None,
        };
        assert_eq!(parse_value(" 6.5 ", "NA"), Ok(Some(exact(6.5))));
        assert_eq!(parse_value("-3", "NA"), Ok(Some(exact(-3.0))));
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
    fn relations_written_before_a_value_are_kept() {
        let measured = |text| parse_value(text, "NA").expect("parses").expect("a value");
        let relation = |text| measured(text).relation;
        assert_eq!(measured("<5").value, 5.0);
        assert_eq!(relation("<5").as_deref(), Some("<"));
        assert_eq!(relation(">= 10.5").as_deref(), Some(">="));
        assert_eq!(
            relation("'<' 5").as_deref(),
            Some("<"),
            "as ChEMBL quotes it"
        );
        assert_eq!(relation("≤1e3").as_deref(), Some("<="));
        assert_eq!(relation("=7").as_deref(), Some("="));
        assert_eq!(relation("~7").as_deref(), Some("~"));
        assert!(parse_value("<>5", "NA")
            .expect_err("fails")
            .contains("relation \"<>\""));
        assert!(parse_value("<", "NA")
            .expect_err("fails")
            .contains("not a number"));
        assert_eq!(parse_relation(" '>>' "), Ok(Some(">".into())));
        assert_eq!(parse_relation(""), Ok(None));
        assert!(parse_relation("approx").is_err());
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
