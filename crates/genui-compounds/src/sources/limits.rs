//! Limits on what an import may read, enforced while the (decompressed)
//! bytes stream in, so that no file can make an import hold more than a
//! bounded amount of memory: a small gzip that expands to gigabytes, one
//! endless line or SD record, a header of a million columns, or more
//! records than a set may hold.
//!
//! The reader does not fail with an I/O error (parsers would take that for
//! one bad row and go on): once a limit is passed it ends the stream and
//! leaves the reason on its [`Tripwire`], which the source turns into a
//! clear error for the whole import.

use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// How much an import may read (`GENUI_IMPORT_MAX_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Bytes of the file after decompression.
    pub max_bytes: u64,
    /// Bytes of one record: a CSV row (quoted line breaks included) or an SD record.
    pub max_record_bytes: u64,
    /// Records (rows or SD records, refused ones included) per set.
    pub max_records: usize,
    /// Columns of a CSV header.
    pub max_columns: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_bytes: 1 << 30,
            max_record_bytes: 4 << 20,
            max_records: 2_000_000,
            max_columns: 1_000,
        }
    }
}

/// Holds why reading stopped early, if it did; shared by a reader and the
/// parse that consumes it.
#[derive(Debug, Clone, Default)]
pub struct Tripwire(Arc<Mutex<Option<String>>>);

impl Tripwire {
    /// Records the first reason; later ones are consequences of it.
    pub fn trip(&self, reason: String) {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert(reason);
    }

    pub fn reason(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn is_tripped(&self) -> bool {
        self.reason().is_some()
    }
}

/// Where one record ends and the next begins, for the record-length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Delimited text: a line break outside double quotes.
    Delimited,
    /// SD files: a line starting with `$$$$`.
    SdRecords,
}

/// A reader that ends the stream (and trips its wire) as soon as the input
/// passes the byte or record-length limit.
pub struct Limited<R> {
    inner: R,
    limits: ImportLimits,
    framing: Framing,
    wire: Tripwire,
    total: u64,
    record: u64,
    in_quotes: bool,
    /// The first bytes of the current line (enough to recognise `$$$$`).
    line_start: [u8; 4],
    line_len: usize,
}

impl<R: Read> Limited<R> {
    pub fn new(inner: R, limits: ImportLimits, framing: Framing, wire: Tripwire) -> Self {
        Self {
            inner,
            limits,
            framing,
            wire,
            total: 0,
            record: 0,
            in_quotes: false,
            line_start: [0; 4],
            line_len: 0,
        }
    }

    /// Accounts for `bytes`; `Err` with the reason once a limit is passed.
    fn account(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.total += bytes.len() as u64;
        if self.total > self.limits.max_bytes {
            return Err(format!(
                "the file is larger than {} bytes once decompressed (GENUI_IMPORT_MAX_BYTES)",
                self.limits.max_bytes
            ));
        }
        for &byte in bytes {
            self.record += 1;
            if self.line_len < 4 {
                self.line_start[self.line_len] = byte;
            }
            self.line_len += 1;
            match (self.framing, byte) {
                (Framing::Delimited, b'"') => self.in_quotes = !self.in_quotes,
                (Framing::Delimited, b'\n') if !self.in_quotes => self.record = 0,
                (Framing::SdRecords, b'\n') if self.line_start == *b"$$$$" => self.record = 0,
                _ => {}
            }
            if byte == b'\n' {
                self.line_len = 0;
                self.line_start = [0; 4];
            }
            if self.record > self.limits.max_record_bytes {
                return Err(format!(
                    "a record is longer than {} bytes (GENUI_IMPORT_MAX_RECORD_BYTES)",
                    self.limits.max_record_bytes
                ));
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.wire.is_tripped() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        match self.account(&buf[..n]) {
            Ok(()) => Ok(n),
            Err(reason) => {
                self.wire.trip(reason);
                Ok(0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8], limits: ImportLimits, framing: Framing) -> (Vec<u8>, Option<String>) {
        let wire = Tripwire::default();
        let mut out = Vec::new();
        Limited::new(text, limits, framing, wire.clone())
            .read_to_end(&mut out)
            .expect("never an I/O error");
        (out, wire.reason())
    }

    fn limits(max_bytes: u64, max_record_bytes: u64) -> ImportLimits {
        ImportLimits {
            max_bytes,
            max_record_bytes,
            ..ImportLimits::default()
        }
    }

    #[test]
    fn input_within_the_limits_passes_unchanged() {
        let text = b"SMILES,NAME\nCCO,\"two\nlines\"\nCCN,x\n";
        let (out, reason) = read_all(text, limits(100, 20), Framing::Delimited);
        assert_eq!(out, text);
        assert_eq!(reason, None);
    }

    #[test]
    fn the_stream_ends_at_the_byte_limit_with_a_reason() {
        let text = b"SMILES\nCCO\nCCN\nCCC\n".repeat(100);
        let (out, reason) = read_all(&text, limits(50, 20), Framing::Delimited);
        assert!(out.len() < text.len());
        assert!(reason.expect("tripped").contains("GENUI_IMPORT_MAX_BYTES"));
    }

    #[test]
    fn a_long_line_or_quoted_field_passes_the_record_limit() {
        let line = [b"SMILES\n".as_slice(), &[b'C'; 500]].concat();
        let (_, reason) = read_all(&line, limits(10_000, 100), Framing::Delimited);
        assert!(reason.expect("tripped").contains("RECORD_BYTES"));
        // Line breaks inside quotes do not end a CSV record.
        let quoted = [b"SMILES\n\"".as_slice(), &b"CC\n".repeat(100)].concat();
        let (_, reason) = read_all(&quoted, limits(10_000, 100), Framing::Delimited);
        assert!(reason.is_some());
        // ... but they do end lines of an SD record.
        let (_, reason) = read_all(
            &b"CC\n".repeat(100),
            limits(10_000, 100),
            Framing::Delimited,
        );
        assert_eq!(reason, None);
    }

    #[test]
    fn sd_records_end_at_dollar_lines() {
        let record = b"title\n\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n";
        let (_, reason) = read_all(&record.repeat(50), limits(100_000, 80), Framing::SdRecords);
        assert_eq!(reason, None);
        let endless = b"a short line\n".repeat(20);
        let (_, reason) = read_all(&endless, limits(100_000, 80), Framing::SdRecords);
        assert!(reason.expect("tripped").contains("RECORD_BYTES"));
    }
}
