//! Training corpora: SMILES read line by line, checked, tokenized and encoded.
//!
//! A bad line never aborts a corpus: a user's compound set or a ChEMBL dump always holds a few
//! molecules that RDKit rejects or that use a token the parent model does not know. Each such
//! line is skipped and reported (line number, SMILES, reason) so that the caller can show it;
//! only a corpus with *no* usable molecule is an error.

use std::collections::HashMap;
use std::io::BufRead;

use genui_chem::Molecule;
use rand::{rngs::StdRng, seq::SliceRandom, SeedableRng};
use rayon::prelude::*;

use crate::vocab::{tokenize, TokenizeError, Vocabulary, END_ID};

/// Lines read and checked together by [`Corpus::from_reader`].
const READ_BLOCK: usize = 4096;

/// Longest sequence accepted by default, in tokens (end token excluded), as in DrugEx.
pub const DEFAULT_MAX_TOKENS: usize = 100;

/// How a corpus is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// Molecules with more tokens are skipped: they would dominate the padded batch length.
    pub max_tokens: usize,
    /// Rewrite each SMILES in RDKit's canonical form, so that one molecule is one string.
    pub canonicalize: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        Self {
            max_tokens: DEFAULT_MAX_TOKENS,
            canonicalize: true,
        }
    }
}

/// Why one line of a corpus was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// RDKit could not parse or sanitize the SMILES.
    #[error("invalid SMILES: {0}")]
    InvalidSmiles(String),
    /// The SMILES could not be split into tokens.
    #[error(transparent)]
    Tokenize(#[from] TokenizeError),
    /// A token missing from the model's vocabulary.
    #[error("unknown token {0:?}")]
    UnknownToken(String),
    /// More tokens than [`CorpusOptions::max_tokens`].
    #[error("{tokens} tokens, more than the maximum {max}")]
    TooLong {
        /// Tokens in this SMILES.
        tokens: usize,
        /// The limit.
        max: usize,
    },
    /// The corpus already holds the most distinct tokens it can (65,536).
    #[error("a new token {0:?} beyond the 65,536 distinct tokens a corpus can hold")]
    TooManyTokens(String),
}

/// One skipped line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line number in the input.
    pub line: usize,
    /// The SMILES as read.
    pub smiles: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Errors that stop a corpus from being used at all.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// Reading the input failed.
    #[error("cannot read the corpus: {0}")]
    Io(#[from] std::io::Error),
    /// Nothing usable was left; `skipped` tells why each line was rejected.
    #[error("the corpus has no usable molecule ({} line(s) skipped)", skipped.len())]
    Empty {
        /// Every rejected line.
        skipped: Vec<Skipped>,
    },
}

/// A checked, tokenized corpus.
///
/// Tokens are kept as 16-bit indexes into the corpus's own table of distinct tokens, not as
/// strings: 1.58 million MOSES molecules then take a few hundred megabytes, not gigabytes.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The accepted SMILES (canonical if asked), one per molecule.
    pub smiles: Vec<String>,
    /// Source line of each accepted molecule, for reports of later stages.
    pub lines: Vec<usize>,
    /// Lines that were rejected.
    pub skipped: Vec<Skipped>,
    /// Distinct tokens, in order of first appearance.
    table: Vec<String>,
    index: HashMap<String, u16>,
    /// Each molecule's tokens as indexes into `table`, index-aligned with `smiles`.
    token_ids: Vec<Vec<u16>>,
}

/// A corpus encoded with one vocabulary.
#[derive(Debug, Clone, Default)]
pub struct EncodedCorpus {
    /// Token ids of each molecule, each ending with the end token.
    pub sequences: Vec<Vec<u32>>,
    /// Molecules dropped because a token was missing from the vocabulary.
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Reads a corpus from lines: the SMILES is the first field (separated by whitespace, a comma
    /// or a tab, none of which occur in SMILES); blank lines and `#` comments are ignored.
    pub fn from_lines<I, S>(lines: I, options: &CorpusOptions) -> Result<Self, CorpusError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str> + Sync,
    {
        let lines: Vec<S> = lines.into_iter().collect();
        let mut corpus = Corpus::default();
        corpus.push_lines(1, &lines, options);
        corpus.non_empty()
    }

    /// Reads a corpus from a reader (a `.smi` file, one SMILES per line), a block of lines at a
    /// time.
    pub fn from_reader<R: BufRead>(
        reader: R,
        options: &CorpusOptions,
    ) -> Result<Self, CorpusError> {
        let mut corpus = Corpus::default();
        let mut block = Vec::with_capacity(READ_BLOCK);
        let mut first = 1;
        for line in lossy_lines(reader) {
            block.push(line?);
            if block.len() == READ_BLOCK {
                corpus.push_lines(first, &block, options);
                first += block.len();
                block.clear();
            }
        }
        corpus.push_lines(first, &block, options);
        corpus.non_empty()
    }

    /// The corpus built line by line with [`Corpus::push_lines`], or an error when nothing in it
    /// is usable.
    pub fn finish(self) -> Result<Self, CorpusError> {
        self.non_empty()
    }

    fn non_empty(self) -> Result<Self, CorpusError> {
        if self.smiles.is_empty() {
            Err(CorpusError::Empty {
                skipped: self.skipped,
            })
        } else {
            Ok(self)
        }
    }

    /// Adds consecutive lines, the first being line number `first_line` (1-based). The SMILES
    /// is a line's first field (separated by whitespace, a comma or a tab, none of which occur
    /// in SMILES); blank lines, `#` comments and a `SMILES` header on line 1 are ignored, and a
    /// bad SMILES is skipped. The chemistry (parsing, canonical SMILES) runs on all cores.
    pub fn push_lines<S: AsRef<str> + Sync>(
        &mut self,
        first_line: usize,
        lines: &[S],
        options: &CorpusOptions,
    ) {
        let checked: Vec<_> = lines
            .par_iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let line = first_line + i;
                let field = text
                    .as_ref()
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .find(|f| !f.is_empty())?;
                let ignored =
                    field.starts_with('#') || (line == 1 && field.eq_ignore_ascii_case("smiles"));
                (!ignored).then(|| (line, field, check(field, options)))
            })
            .collect();
        for (line, field, result) in checked {
            match result.and_then(|(smiles, tokens)| Ok((smiles, self.intern(&tokens)?))) {
                Ok((smiles, ids)) => {
                    self.smiles.push(smiles);
                    self.token_ids.push(ids);
                    self.lines.push(line);
                }
                Err(reason) => self.skipped.push(Skipped {
                    line,
                    smiles: field.to_string(),
                    reason,
                }),
            }
        }
    }

    /// Indexes of `tokens` in the corpus's table, adding new ones.
    fn intern(&mut self, tokens: &[String]) -> Result<Vec<u16>, SkipReason> {
        tokens
            .iter()
            .map(|token| {
                if let Some(&id) = self.index.get(token) {
                    return Ok(id);
                }
                let id = u16::try_from(self.table.len())
                    .map_err(|_| SkipReason::TooManyTokens(token.clone()))?;
                self.table.push(token.clone());
                self.index.insert(token.clone(), id);
                Ok(id)
            })
            .collect()
    }

    /// The distinct tokens of the corpus (what a parent's vocabulary must be extended with).
    pub fn distinct_tokens(&self) -> &[String] {
        &self.table
    }

    /// The tokens of the `i`-th accepted molecule.
    pub fn tokens(&self, i: usize) -> Vec<&str> {
        self.token_ids[i]
            .iter()
            .map(|&id| self.table[usize::from(id)].as_str())
            .collect()
    }

    /// Number of accepted molecules.
    pub fn len(&self) -> usize {
        self.smiles.len()
    }

    /// True when no molecule was accepted (only possible for `Corpus::default()`).
    pub fn is_empty(&self) -> bool {
        self.smiles.is_empty()
    }

    /// A vocabulary of exactly this corpus's tokens.
    pub fn vocabulary(&self) -> Vocabulary {
        Vocabulary::from_tokens([self.table.as_slice()])
    }

    /// Encodes every molecule; molecules with a token outside `vocab` are skipped and reported,
    /// as happens when fine-tuning a parent model without extending its vocabulary.
    pub fn encode(&self, vocab: &Vocabulary) -> EncodedCorpus {
        let ids: Vec<Option<u32>> = self.table.iter().map(|t| vocab.id(t)).collect();
        let mut out = EncodedCorpus::default();
        for ((smiles, tokens), &line) in self.smiles.iter().zip(&self.token_ids).zip(&self.lines) {
            let encoded: Result<Vec<u32>, u16> = tokens
                .iter()
                .map(|&t| ids[usize::from(t)].ok_or(t))
                .chain(std::iter::once(Ok(END_ID)))
                .collect();
            match encoded {
                Ok(sequence) => out.sequences.push(sequence),
                Err(unknown) => out.skipped.push(Skipped {
                    line,
                    smiles: smiles.clone(),
                    reason: SkipReason::UnknownToken(self.table[usize::from(unknown)].clone()),
                }),
            }
        }
        out
    }
}

/// The lines of a reader with invalid UTF-8 replaced (U+FFFD), so that a stray Latin-1 name in
/// a file costs at most that line's molecule, never the whole corpus.
pub fn lossy_lines<R: BufRead>(mut reader: R) -> impl Iterator<Item = std::io::Result<String>> {
    let mut buffer = Vec::new();
    std::iter::from_fn(move || {
        buffer.clear();
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => None,
            Ok(_) => {
                let text = String::from_utf8_lossy(&buffer);
                Some(Ok(text.trim_end_matches(['\n', '\r']).to_string()))
            }
            Err(e) => Some(Err(e)),
        }
    })
}

/// `count` randomized SMILES of a molecule (random atom orders, seeded; duplicates possible for
/// small molecules): the same molecule written differently, to augment a training set so that a
/// model learns the chemistry rather than one writing of it (Arús-Pous et al., 2019).
pub fn randomized_smiles(smiles: &str, count: usize, seed: u64) -> Result<Vec<String>, SkipReason> {
    let mol =
        Molecule::from_smiles(smiles).map_err(|e| SkipReason::InvalidSmiles(e.to_string()))?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut order: Vec<u32> = (0..mol.num_atoms() as u32).collect();
    (0..count)
        .map(|_| {
            order.shuffle(&mut rng);
            mol.to_smiles_in_order(&order)
                .map_err(|e| SkipReason::InvalidSmiles(e.to_string()))
        })
        .collect()
}

fn check(field: &str, options: &CorpusOptions) -> Result<(String, Vec<String>), SkipReason> {
    let mol = Molecule::from_smiles(field).map_err(|e| SkipReason::InvalidSmiles(e.to_string()))?;
    let smiles = if options.canonicalize {
        mol.to_smiles()
            .map_err(|e| SkipReason::InvalidSmiles(e.to_string()))?
    } else {
        field.to_string()
    };
    let tokens = tokenize(&smiles)?;
    if tokens.len() > options.max_tokens {
        return Err(SkipReason::TooLong {
            tokens: tokens.len(),
            max: options.max_tokens,
        });
    }
    Ok((smiles, tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Corpus, CorpusError> {
        Corpus::from_reader(text.as_bytes(), &CorpusOptions::default())
    }

    #[test]
    fn invalid_smiles_are_skipped_with_line_and_reason() {
        let corpus = read("CCO ethanol\n\nC1CC\n# comment\nc1ccccc1,benzene\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(corpus.smiles, ["CCO", "c1ccccc1"]);
        assert_eq!(corpus.lines, [1, 5]);
        assert_eq!(corpus.skipped.len(), 1);
        assert_eq!(corpus.skipped[0].line, 3);
        assert_eq!(corpus.skipped[0].smiles, "C1CC");
        assert!(matches!(
            corpus.skipped[0].reason,
            SkipReason::InvalidSmiles(_)
        ));
    }

    #[test]
    fn a_smiles_header_is_not_a_skipped_molecule_and_tokens_are_kept_compactly() {
        let corpus = read("SMILES,SPLIT\nOCC,train\nCCN,train\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(corpus.skipped.is_empty());
        assert_eq!(corpus.tokens(0), ["C", "C", "O"]);
        assert_eq!(corpus.tokens(1), ["C", "C", "N"]);
        assert_eq!(corpus.distinct_tokens(), ["C", "O", "N"]);
        assert_eq!(corpus.lines, [2, 3]);
    }

    #[test]
    fn randomized_smiles_write_the_same_molecule_differently_and_reproducibly() {
        let variants =
            randomized_smiles("CC(=O)Nc1ccc(O)cc1", 5, 3).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(variants.len(), 5);
        let distinct: std::collections::HashSet<_> = variants.iter().collect();
        assert!(distinct.len() > 1, "{variants:?}");
        for v in &variants {
            let canonical = Molecule::from_smiles(v).and_then(|m| m.to_smiles());
            assert_eq!(canonical.ok().as_deref(), Some("CC(=O)Nc1ccc(O)cc1"), "{v}");
        }
        assert_eq!(
            randomized_smiles("CC(=O)Nc1ccc(O)cc1", 5, 3).ok(),
            Some(variants)
        );
        assert!(randomized_smiles("C1CC", 2, 0).is_err());
    }

    #[test]
    fn a_line_of_invalid_utf8_costs_only_that_line() {
        let corpus = Corpus::from_reader(
            &b"CCO ethanol\nCCN \xe9thylamine\r\nc1cc\xffccc1\n"[..],
            &CorpusOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(corpus.smiles, ["CCO", "CCN"]);
        assert_eq!(corpus.skipped.len(), 1);
        assert_eq!(corpus.skipped[0].line, 3);
    }

    #[test]
    fn smiles_are_canonicalized_so_one_molecule_is_one_string() {
        let corpus = read("OCC\nC(O)C\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(corpus.smiles, ["CCO", "CCO"]);
    }

    #[test]
    fn too_long_molecules_are_skipped() {
        let options = CorpusOptions {
            max_tokens: 3,
            canonicalize: true,
        };
        let corpus =
            Corpus::from_lines(["CCO", "CCCCO"], &options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(corpus.smiles, ["CCO"]);
        assert_eq!(
            corpus.skipped[0].reason,
            SkipReason::TooLong { tokens: 5, max: 3 }
        );
    }

    #[test]
    fn a_corpus_without_usable_molecules_is_an_error_listing_the_skips() {
        match read("") {
            Err(CorpusError::Empty { skipped }) => assert!(skipped.is_empty()),
            other => panic!("expected Empty, got {other:?}"),
        }
        match read("not-a-smiles\nC1CC\n") {
            Err(CorpusError::Empty { skipped }) => assert_eq!(skipped.len(), 2),
            other => panic!("expected Empty, got {other:?}"),
        }
    }

    #[test]
    fn unknown_tokens_skip_the_molecule_and_name_the_token() {
        let parent = read("CCO\nc1ccccc1\n")
            .unwrap_or_else(|e| panic!("{e}"))
            .vocabulary();
        let child = read("CCO\nCCBr\nCC[Se]C\n").unwrap_or_else(|e| panic!("{e}"));
        let encoded = child.encode(&parent);
        assert_eq!(encoded.sequences.len(), 1);
        let reasons: Vec<_> = encoded
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (2, SkipReason::UnknownToken("Br".to_string())),
                (3, SkipReason::UnknownToken("[Se]".to_string())),
            ]
        );
    }
}
