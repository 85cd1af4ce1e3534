//! Training corpora: SMILES read line by line, checked, tokenized and encoded.
//!
//! A bad line never aborts a corpus: a user's compound set or a ChEMBL dump always holds a few
//! molecules that RDKit rejects or that use a token the parent model does not know. Each such
//! line is skipped and reported (line number, SMILES, reason) so that the caller can show it;
//! only a corpus with *no* usable molecule is an error.

use std::io::BufRead;

use genui_chem::Molecule;

use crate::vocab::{tokenize, EncodeError, TokenizeError, Vocabulary};

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
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The accepted SMILES (canonical if asked), one per molecule.
    pub smiles: Vec<String>,
    /// Their tokens, index-aligned with `smiles`.
    pub tokens: Vec<Vec<String>>,
    /// Source line of each accepted molecule, for reports of later stages.
    pub lines: Vec<usize>,
    /// Lines that were rejected.
    pub skipped: Vec<Skipped>,
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
        S: AsRef<str>,
    {
        let mut corpus = Corpus::default();
        for (index, line) in lines.into_iter().enumerate() {
            corpus.push_line(index + 1, line.as_ref(), options);
        }
        corpus.non_empty()
    }

    /// Reads a corpus from a reader (a `.smi` file, one SMILES per line).
    pub fn from_reader<R: BufRead>(
        reader: R,
        options: &CorpusOptions,
    ) -> Result<Self, CorpusError> {
        let mut corpus = Corpus::default();
        for (index, line) in reader.lines().enumerate() {
            corpus.push_line(index + 1, &line?, options);
        }
        corpus.non_empty()
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

    fn push_line(&mut self, line: usize, text: &str, options: &CorpusOptions) {
        let Some(field) = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|f| !f.is_empty())
        else {
            return;
        };
        if field.starts_with('#') {
            return;
        }
        match check(field, options) {
            Ok((smiles, tokens)) => {
                self.smiles.push(smiles);
                self.tokens.push(tokens);
                self.lines.push(line);
            }
            Err(reason) => self.skipped.push(Skipped {
                line,
                smiles: field.to_string(),
                reason,
            }),
        }
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
        Vocabulary::from_tokens(self.tokens.iter().map(Vec::as_slice))
    }

    /// Encodes every molecule; molecules with a token outside `vocab` are skipped and reported,
    /// as happens when fine-tuning a parent model without extending its vocabulary.
    pub fn encode(&self, vocab: &Vocabulary) -> EncodedCorpus {
        let mut out = EncodedCorpus::default();
        for ((smiles, tokens), &line) in self.smiles.iter().zip(&self.tokens).zip(&self.lines) {
            match vocab.encode_tokens(tokens) {
                Ok(ids) => out.sequences.push(ids),
                Err(e) => out.skipped.push(Skipped {
                    line,
                    smiles: smiles.clone(),
                    reason: match e {
                        EncodeError::UnknownToken(t) => SkipReason::UnknownToken(t),
                        EncodeError::Tokenize(t) => SkipReason::Tokenize(t),
                    },
                }),
            }
        }
        out
    }
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
