//! Delimited text tables (CSV, TSV, …) read with the `csv` crate: quoted
//! fields, a byte-order mark and the usual separators are handled.

use std::io::Read;

use serde::Serialize;

use crate::error::{ChemError, Result};

/// Separators tried when none is given, in order of preference.
pub const CANDIDATE_DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The separator that splits the sample's first lines into the same number
/// (more than one) of fields most consistently; `,` when nothing fits.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    let sample = sample.strip_prefix(BOM).unwrap_or(sample);
    let mut best = (b',', 0usize);
    for &delimiter in &CANDIDATE_DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let widths: Vec<usize> = reader
            .records()
            .take(20)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .collect();
        // A truncated last line may be shorter: judge by the header's width.
        let Some(&width) = widths.first() else {
            continue;
        };
        let agreeing = widths.iter().filter(|&&w| w == width).count();
        if width > 1 && agreeing * width > best.1 {
            best = (delimiter, agreeing * width);
        }
    }
    best.0
}

/// What a file looks like: enough to offer a column mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablePreview {
    pub delimiter: char,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Detects the separator (unless given) and returns the header and up to
/// `max_rows` rows.
pub fn preview(sample: &[u8], delimiter: Option<u8>, max_rows: usize) -> Result<TablePreview> {
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(sample));
    let mut table = TableReader::new(sample, delimiter)?;
    let header = table.header().to_vec();
    let mut rows = Vec::new();
    for row in table.rows().take(max_rows) {
        match row {
            Ok(row) => rows.push(row.fields),
            // A sample cut mid-line or mid-quote ends the preview.
            Err(_) => break,
        }
    }
    Ok(TablePreview {
        delimiter: char::from(delimiter),
        header,
        rows,
    })
}

/// One data row with its 1-based line number in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A table with a header line, read row by row.
pub struct TableReader<R: Read> {
    reader: csv::Reader<BomStripped<R>>,
    header: Vec<String>,
}

impl<R: Read> TableReader<R> {
    pub fn new(input: R, delimiter: u8) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(BomStripped::new(input));
        let header = reader
            .headers()
            .map_err(|e| {
                ChemError::InvalidArgument(match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the header line is not UTF-8 text: \
                        save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and upload it again"
                        .into(),
                    _ => format!("cannot read the header line: {e}"),
                })
            })?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect::<Vec<_>>();
        if header.iter().all(String::is_empty) {
            return Err(ChemError::InvalidArgument(
                "the file has no header line".into(),
            ));
        }
        Ok(Self { reader, header })
    }

    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Position of a column by name (exact, then case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name).or_else(|| {
            self.header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// The data rows; a malformed row (e.g. invalid UTF-8) is an error for
    /// that row only.
    pub fn rows(&mut self) -> impl Iterator<Item = Result<TableRow>> + '_ {
        self.reader.records().map(|record| {
            let record =
                record.map_err(|e| ChemError::InvalidArgument(format!("unreadable row: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            Ok(TableRow {
                line,
                fields: record.iter().map(str::to_owned).collect(),
            })
        })
    }
}

/// Drops a UTF-8 byte-order mark at the start of the input.
pub struct BomStripped<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: Read> BomStripped<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            checked: false,
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for BomStripped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut head = [0u8; 3];
            let mut filled = 0;
            while filled < 3 {
                let n = self.inner.read(&mut head[filled..])?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            if &head[..filled] != BOM {
                self.pending.extend_from_slice(&head[..filled]);
            }
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}
