//! Streaming SD file reading and writing.
//!
//! Records are split in Rust and only the mol block goes to RDKit, so that a
//! broken record costs only itself: CRLF line ends, odd data headers, 3D
//! blocks and a missing final `$$$$` are all read, and every failure is
//! reported with the record's index.

use std::io::{self, BufRead, Write};

use thiserror::Error;

use crate::error::ChemError;
use crate::molecule::Molecule;

/// Largest record accepted; a longer one (e.g. a junk file without line
/// breaks) is skipped with an error instead of filling memory.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// One SD record as text: its mol block and data items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSdfRecord {
    /// 0-based position in the file.
    pub index: usize,
    /// First line of the mol block.
    pub title: String,
    pub molblock: String,
    /// Data items in file order (`> <NAME>` then value lines).
    pub properties: Vec<(String, String)>,
    /// Set when the record could not be read whole (oversized).
    pub defect: Option<String>,
}

/// A record whose mol block became a molecule.
#[derive(Debug, Clone)]
pub struct SdfRecord {
    pub index: usize,
    pub title: String,
    pub molecule: Molecule,
    pub properties: Vec<(String, String)>,
}

/// Why one record could not be read; the file goes on after it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("SD record {index} ({title:?}): {reason}")]
pub struct SdfRecordError {
    pub index: usize,
    pub title: String,
    pub reason: String,
}

impl RawSdfRecord {
    /// Parses the mol block (sanitized, hydrogens removed, as RDKit's SD supplier).
    pub fn parse(self) -> Result<SdfRecord, SdfRecordError> {
        let fail = |reason: String| SdfRecordError {
            index: self.index,
            title: self.title.clone(),
            reason,
        };
        if let Some(defect) = &self.defect {
            return Err(fail(defect.clone()));
        }
        let molecule = Molecule::from_molblock(&self.molblock).map_err(|e| fail(e.to_string()))?;
        Ok(SdfRecord {
            index: self.index,
            title: self.title,
            molecule,
            properties: self.properties,
        })
    }

    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits an SD file into [`RawSdfRecord`]s, one record in memory at a time.
pub struct SdfReader<R> {
    input: R,
    index: usize,
    line: Vec<u8>,
    finished: bool,
}

impl<R: BufRead> SdfReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            index: 0,
            line: Vec::new(),
            finished: false,
        }
    }

    /// Records parsed into molecules, or per-record errors.
    pub fn records(self) -> impl Iterator<Item = io::Result<Result<SdfRecord, SdfRecordError>>> {
        self.map(|raw| raw.map(RawSdfRecord::parse))
    }

    /// Reads one line without its line end; `None` at end of input. Lines
    /// longer than the record limit are cut and flagged.
    fn next_line(&mut self) -> io::Result<Option<(String, bool)>> {
        self.line.clear();
        let mut limited = io::Read::take(self.input.by_ref(), MAX_RECORD_BYTES as u64 + 1);
        let n = limited.read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(None);
        }
        let oversized = self.line.len() > MAX_RECORD_BYTES;
        if oversized {
            // Skip the rest of the overlong line.
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let n =
                    io::Read::take(self.input.by_ref(), 1 << 20).read_until(b'\n', &mut sink)?;
                if n == 0 || sink.last() == Some(&b'\n') {
                    break;
                }
            }
            self.line.truncate(80);
        }
        while matches!(self.line.last(), Some(b'\n' | b'\r')) {
            self.line.pop();
        }
        Ok(Some((
            String::from_utf8_lossy(&self.line).into_owned(),
            oversized,
        )))
    }

    fn read_record(&mut self) -> io::Result<Option<RawSdfRecord>> {
        let mut block_lines: Vec<String> = Vec::new();
        let mut properties: Vec<(String, String)> = Vec::new();
        let mut in_block = true;
        let mut current: Option<(String, Vec<String>)> = None;
        let mut size = 0usize;
        let mut defect = None;
        let mut saw_anything = false;
        loop {
            let Some((line, oversized)) = self.next_line()? else {
                self.finished = true;
                break;
            };
            size += line.len() + 1;
            if oversized || size > MAX_RECORD_BYTES {
                defect.get_or_insert_with(|| {
                    format!("record is larger than {MAX_RECORD_BYTES} bytes")
                });
            }
            if line.starts_with("$$$$") {
                saw_anything = true;
                break;
            }
            saw_anything |= !line.trim().is_empty();
            if defect.is_some() {
                continue;
            }
            if in_block {
                let ends_block = line.starts_with("M  END");
                if line.starts_with('>') && !block_lines.is_empty() {
                    // Data items without an `M  END` line: the block ended here.
                    in_block = false;
                    current = Some((data_header_name(&line), Vec::new()));
                    continue;
                }
                block_lines.push(line);
                in_block = !ends_block;
            } else if line.starts_with('>') {
                flush_item(&mut current, &mut properties);
                current = Some((data_header_name(&line), Vec::new()));
            } else if line.trim().is_empty() {
                flush_item(&mut current, &mut properties);
            } else if let Some((_, values)) = current.as_mut() {
                values.push(line);
            }
        }
        flush_item(&mut current, &mut properties);
        if !saw_anything {
            return Ok(None);
        }
        let title = block_lines.first().cloned().unwrap_or_default();
        let mut molblock = block_lines.join("\n");
        molblock.push('\n');
        let record = RawSdfRecord {
            index: self.index,
            title,
            molblock,
            properties,
            defect,
        };
        self.index += 1;
        Ok(Some(record))
    }
}

impl<R: BufRead> Iterator for SdfReader<R> {
    type Item = io::Result<RawSdfRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.read_record() {
                Ok(Some(record)) => return Some(Ok(record)),
                Ok(None) => continue,
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// The item name of a data header: `> <NAME> (optional)` → `NAME`; headers
/// without angle brackets (`>  25  (MD-08974)`) keep their text.
fn data_header_name(line: &str) -> String {
    let rest = line.trim_start_matches('>');
    match (rest.find('<'), rest.find('>')) {
        (Some(open), Some(close)) if close > open => rest[open + 1..close].to_owned(),
        _ => rest.trim().to_owned(),
    }
}

fn flush_item(current: &mut Option<(String, Vec<String>)>, properties: &mut Vec<(String, String)>) {
    if let Some((name, values)) = current.take() {
        properties.push((name, values.join("\n")));
    }
}

/// Why a record could not be written.
#[derive(Debug, Error)]
pub enum SdfWriteError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Chem(#[from] ChemError),
    #[error(
        "invalid SD tag name {0:?}: it must be non-empty and contain no '<', '>' or line breaks"
    )]
    InvalidTag(String),
}

/// Writes molecules as SD records with 2D coordinates, title and data items.
pub struct SdfWriter<W: Write> {
    output: W,
}

impl<W: Write> SdfWriter<W> {
    pub fn new(output: W) -> Self {
        Self { output }
    }

    pub fn write<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        mol: &Molecule,
        title: &str,
        properties: &[(K, V)],
    ) -> Result<(), SdfWriteError> {
        let title_line = title.replace(['\r', '\n'], " ");
        let mut record = mol.to_molblock(&title_line)?;
        for (name, value) in properties {
            let name = name.as_ref();
            if name.is_empty() || name.contains(['<', '>', '\n', '\r']) {
                return Err(SdfWriteError::InvalidTag(name.to_owned()));
            }
            // A blank line ends a value: keep multi-line values readable back.
            let value: Vec<&str> = value
                .as_ref()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            record.push_str(&format!(">  <{name}>\n{}\n\n", value.join("\n")));
        }
        record.push_str("$$$$\n");
        self.output.write_all(record.as_bytes())?;
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.output
    }
}
