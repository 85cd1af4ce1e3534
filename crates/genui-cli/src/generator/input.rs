//! The files `genui generator` reads: SMILES files and corpora, plain or gzipped.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::Context;
use genui_generator_engine::corpus::{lossy_lines, Corpus, CorpusOptions};

use super::CorpusArgs;

/// The first field of each line of a (possibly gzipped) SMILES file, without a `SMILES` header.
/// A sample (`verbatim`) keeps every other line, since blank or odd lines are what a model
/// generated; a corpus also drops blank lines and `#` comments.
pub(super) fn read_lines(
    path: &Path,
    limit: Option<usize>,
    verbatim: bool,
) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for (index, line) in lossy_lines(open(path)?).enumerate() {
        let line = line.with_context(|| path.display().to_string())?;
        let field = line.split([',', '\t', ' ']).next().unwrap_or("").trim();
        let header = index == 0 && field.eq_ignore_ascii_case("smiles");
        if header || (!verbatim && (field.is_empty() || field.starts_with('#'))) {
            continue;
        }
        out.push(field.to_string());
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
    }
    Ok(out)
}

fn open(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    let file = File::open(path).with_context(|| path.display().to_string())?;
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// Reads a corpus a block of lines at a time (never the whole file at once), up to `--limit`
/// molecules.
pub(super) fn read_corpus(args: &CorpusArgs) -> anyhow::Result<Corpus> {
    const BLOCK: usize = 4096;
    let options = CorpusOptions::default();
    let mut corpus = Corpus::default();
    let mut lines = lossy_lines(open(&args.corpus)?).skip(args.skip);
    let mut first = 1 + args.skip;
    loop {
        // A line gives at most one molecule, so a block never overshoots the limit.
        let wanted = args.limit.map_or(BLOCK, |l| BLOCK.min(l - corpus.len()));
        let block = lines
            .by_ref()
            .take(wanted)
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| args.corpus.display().to_string())?;
        if block.is_empty() {
            break;
        }
        corpus.push_lines(first, &block, &options);
        first += block.len();
    }
    let corpus = corpus
        .finish()
        .with_context(|| format!("{}: no usable molecule", args.corpus.display()))?;
    for skipped in corpus.skipped.iter().take(10) {
        eprintln!(
            "skipped line {}: {} ({})",
            skipped.line, skipped.smiles, skipped.reason
        );
    }
    if corpus.skipped.len() > 10 {
        eprintln!("… {} lines skipped in all", corpus.skipped.len());
    }
    Ok(corpus)
}
