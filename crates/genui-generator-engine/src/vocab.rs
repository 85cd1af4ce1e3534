//! SMILES tokens and the vocabulary that maps them to ids.
//!
//! Tokens follow DrugEx/REINVENT: a bracket atom (`[nH+]`, `[C@@H]`) is one token because its
//! parts mean nothing alone; `Cl` and `Br` are one token so that the network never has to learn
//! that `C` followed by `l` is chlorine; a two-digit ring closure `%12` is one token; everything
//! else (organic-subset atoms, bonds, branches, single-digit ring closures) is one character.
//!
//! Ids of the special tokens are fixed (pad 0, start 1, end 2) and the vocabulary is only ever
//! *appended* to, so a model fine-tuned from a parent keeps every id the parent learned.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// Padding: fills sequences of a batch up to the same length; never a prediction target.
pub const PAD: &str = "<pad>";
/// Start of a sequence ("GO" in DrugEx): the first input of every sequence.
pub const START: &str = "<go>";
/// End of a sequence ("EOS" in DrugEx): the network's way of saying the molecule is complete.
pub const END: &str = "<eos>";

/// Id of [`PAD`].
pub const PAD_ID: u32 = 0;
/// Id of [`START`].
pub const START_ID: u32 = 1;
/// Id of [`END`].
pub const END_ID: u32 = 2;

/// Why a string could not be split into SMILES tokens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenizeError {
    /// The SMILES was empty (or only whitespace).
    #[error("empty SMILES")]
    Empty,
    /// A `[` without its `]`.
    #[error("unclosed bracket atom starting at character {0}")]
    UnclosedBracket(usize),
    /// A `%` not followed by two digits.
    #[error("'%' at character {0} is not followed by two digits")]
    BadRingClosure(usize),
    /// Whitespace or a control character inside the SMILES.
    #[error("character {ch:?} at {pos} cannot be part of a SMILES")]
    BadCharacter {
        /// The offending character.
        ch: char,
        /// Its character position.
        pos: usize,
    },
}

/// Why a SMILES could not be encoded with a given vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The SMILES does not tokenize.
    #[error(transparent)]
    Tokenize(#[from] TokenizeError),
    /// A token that the vocabulary does not have (e.g. an element the model never saw).
    #[error("unknown token {0:?}")]
    UnknownToken(String),
}

/// Splits a SMILES into tokens.
pub fn tokenize(smiles: &str) -> Result<Vec<String>, TokenizeError> {
    let chars: Vec<char> = smiles.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        return Err(TokenizeError::Empty);
    }
    let mut tokens = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' => {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .ok_or(TokenizeError::UnclosedBracket(i))?;
                tokens.push(chars[i..=i + close].iter().collect());
                i += close + 1;
            }
            '%' => {
                let two_digits = chars
                    .get(i + 1..i + 3)
                    .filter(|d| d.iter().all(char::is_ascii_digit));
                let digits = two_digits.ok_or(TokenizeError::BadRingClosure(i))?;
                tokens.push(std::iter::once('%').chain(digits.iter().copied()).collect());
                i += 3;
            }
            'C' if chars.get(i + 1) == Some(&'l') => {
                tokens.push("Cl".to_string());
                i += 2;
            }
            'B' if chars.get(i + 1) == Some(&'r') => {
                tokens.push("Br".to_string());
                i += 2;
            }
            c if c.is_whitespace() || c.is_control() => {
                return Err(TokenizeError::BadCharacter { ch: c, pos: i });
            }
            c => {
                tokens.push(c.to_string());
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// The token ↔ id mapping of one model, saved with its weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Vocabulary {
    tokens: Vec<String>,
    ids: HashMap<String, u32>,
}

/// Why a list of tokens is not a vocabulary (a hand-edited or corrupt model file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyError {
    /// The first three tokens must be pad, start, end.
    #[error("the vocabulary must start with {PAD:?}, {START:?}, {END:?}")]
    MissingSpecials,
    /// Each token may appear once.
    #[error("token {0:?} appears twice in the vocabulary")]
    Duplicate(String),
}

impl TryFrom<Vec<String>> for Vocabulary {
    type Error = VocabularyError;

    fn try_from(tokens: Vec<String>) -> Result<Self, Self::Error> {
        if tokens.len() < 3 || tokens[0] != PAD || tokens[1] != START || tokens[2] != END {
            return Err(VocabularyError::MissingSpecials);
        }
        let mut ids = HashMap::with_capacity(tokens.len());
        for (id, token) in tokens.iter().enumerate() {
            if ids.insert(token.clone(), id as u32).is_some() {
                return Err(VocabularyError::Duplicate(token.clone()));
            }
        }
        Ok(Self { tokens, ids })
    }
}

impl From<Vocabulary> for Vec<String> {
    fn from(vocab: Vocabulary) -> Self {
        vocab.tokens
    }
}

/// What training does with a token missing from the vocabulary it starts from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NewTokens {
    /// Leave out the molecules that use it: the vocabulary, and so the network's shape, stay the
    /// parent's, and the result can pair with its parent as agent and prior.
    #[default]
    LeaveOut,
    /// Add it: the network grows a row for it, and can no longer pair with its parent.
    Add,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::special_only()
    }
}

impl Vocabulary {
    /// A vocabulary holding only the special tokens.
    pub fn special_only() -> Self {
        let tokens = vec![PAD.to_string(), START.to_string(), END.to_string()];
        let ids = tokens
            .iter()
            .enumerate()
            .map(|(id, t)| (t.clone(), id as u32))
            .collect();
        Self { tokens, ids }
    }

    /// Builds a vocabulary from token sequences; tokens are sorted so that the same corpus always
    /// gives the same ids, whatever its order.
    pub fn from_tokens<'a, I, S>(sequences: I) -> Self
    where
        I: IntoIterator<Item = &'a [S]>,
        S: AsRef<str> + 'a,
    {
        let mut vocab = Self::special_only();
        vocab.extend(sequences);
        vocab
    }

    /// Appends the tokens of `sequences` that are new, in sorted order; existing ids never change,
    /// which is what lets a fine-tuned model reuse its parent's embedding rows.
    /// Returns how many tokens were added.
    pub fn extend<'a, I, S>(&mut self, sequences: I) -> usize
    where
        I: IntoIterator<Item = &'a [S]>,
        S: AsRef<str> + 'a,
    {
        let new: BTreeSet<&str> = sequences
            .into_iter()
            .flat_map(|seq| seq.iter().map(AsRef::as_ref))
            .filter(|t| !self.ids.contains_key(*t))
            .collect();
        let added = new.len();
        for token in new {
            self.ids.insert(token.to_string(), self.tokens.len() as u32);
            self.tokens.push(token.to_string());
        }
        added
    }

    /// Number of tokens, specials included: the size of the network's input and output layers.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when only the special tokens are present.
    pub fn is_empty(&self) -> bool {
        self.tokens.len() <= 3
    }

    /// All tokens, in id order.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Id of a token, if known.
    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// True when every one of `tokens` has an id.
    pub fn knows_all<S: AsRef<str>>(&self, tokens: &[S]) -> bool {
        tokens.iter().all(|t| self.ids.contains_key(t.as_ref()))
    }

    /// Token of an id, if in range.
    pub fn token(&self, id: u32) -> Option<&str> {
        self.tokens.get(id as usize).map(String::as_str)
    }

    /// Encodes a SMILES as token ids followed by the end token (the start token is added by the
    /// trainer as the first input, not stored here).
    pub fn encode(&self, smiles: &str) -> Result<Vec<u32>, EncodeError> {
        let tokens = tokenize(smiles)?;
        self.encode_tokens(&tokens)
    }

    /// Encodes already split tokens, followed by the end token.
    pub fn encode_tokens<S: AsRef<str>>(&self, tokens: &[S]) -> Result<Vec<u32>, EncodeError> {
        let mut ids = Vec::with_capacity(tokens.len() + 1);
        for token in tokens {
            let token = token.as_ref();
            ids.push(
                self.id(token)
                    .ok_or_else(|| EncodeError::UnknownToken(token.to_string()))?,
            );
        }
        ids.push(END_ID);
        Ok(ids)
    }

    /// Decodes ids up to the first end token; start and pad tokens are skipped, so a sampled row
    /// decodes the same whether or not it still carries them.
    pub fn decode(&self, ids: &[u32]) -> String {
        ids.iter()
            .take_while(|&&id| id != END_ID)
            .filter(|&&id| id != PAD_ID && id != START_ID)
            .filter_map(|&id| self.token(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn two_letter_halogens_are_one_token() {
        assert_eq!(toks("ClCBr"), ["Cl", "C", "Br"]);
    }

    #[test]
    fn bracket_atoms_are_one_token() {
        assert_eq!(
            toks("[nH+]1cc[C@@H]1"),
            ["[nH+]", "1", "c", "c", "[C@@H]", "1"]
        );
    }

    #[test]
    fn two_digit_ring_closures_are_one_token() {
        assert_eq!(toks("C%10CC%10"), ["C", "%10", "C", "C", "%10"]);
    }

    #[test]
    fn bonds_and_branches_are_single_tokens() {
        assert_eq!(
            toks("C=C(#N)/C\\O"),
            ["C", "=", "C", "(", "#", "N", ")", "/", "C", "\\", "O"]
        );
    }

    #[test]
    fn malformed_smiles_give_errors_not_panics() {
        assert_eq!(tokenize(""), Err(TokenizeError::Empty));
        assert_eq!(tokenize("C[NH"), Err(TokenizeError::UnclosedBracket(1)));
        assert_eq!(tokenize("C%1"), Err(TokenizeError::BadRingClosure(1)));
        assert_eq!(tokenize("C%a1"), Err(TokenizeError::BadRingClosure(1)));
        assert_eq!(
            tokenize("C C"),
            Err(TokenizeError::BadCharacter { ch: ' ', pos: 1 })
        );
    }

    #[test]
    fn same_corpus_in_any_order_gives_same_ids() {
        let a = [toks("CCO"), toks("c1ccccc1Cl")];
        let b = [toks("c1ccccc1Cl"), toks("CCO")];
        let va = Vocabulary::from_tokens(a.iter().map(Vec::as_slice));
        let vb = Vocabulary::from_tokens(b.iter().map(Vec::as_slice));
        assert_eq!(va, vb);
        assert_eq!(va.id(PAD), Some(PAD_ID));
        assert_eq!(va.id(START), Some(START_ID));
        assert_eq!(va.id(END), Some(END_ID));
    }

    #[test]
    fn encode_then_decode_gives_back_the_smiles() {
        let smiles = "Cc1cc(Br)[nH]c1C%12CC%12";
        let t = toks(smiles);
        let vocab = Vocabulary::from_tokens([t.as_slice()]);
        let ids = vocab.encode(smiles).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids.last(), Some(&END_ID));
        assert_eq!(vocab.decode(&ids), smiles);
        let mut with_start = vec![START_ID];
        with_start.extend(&ids);
        with_start.extend([PAD_ID, PAD_ID]);
        assert_eq!(vocab.decode(&with_start), smiles);
    }

    #[test]
    fn unknown_token_is_an_error_naming_the_token() {
        let vocab = Vocabulary::from_tokens([toks("CCO").as_slice()]);
        assert_eq!(
            vocab.encode("CCBr"),
            Err(EncodeError::UnknownToken("Br".to_string()))
        );
    }

    #[test]
    fn extending_appends_new_tokens_and_keeps_old_ids() {
        let mut vocab = Vocabulary::from_tokens([toks("CCO").as_slice()]);
        let before = vocab.clone();
        let added = vocab.extend([toks("CCN[Se]O").as_slice()]);
        assert_eq!(added, 2);
        for (id, token) in before.tokens().iter().enumerate() {
            assert_eq!(vocab.id(token), Some(id as u32));
        }
        assert_eq!(vocab.token(before.len() as u32), Some("N"));
        assert_eq!(vocab.token(before.len() as u32 + 1), Some("[Se]"));
        assert_eq!(vocab.extend([toks("CCO").as_slice()]), 0);
    }

    #[test]
    fn vocabulary_round_trips_through_json_and_rejects_corrupt_lists() {
        let vocab = Vocabulary::from_tokens([toks("c1ccccc1Cl").as_slice()]);
        let json = serde_json::to_string(&vocab).unwrap_or_else(|e| panic!("{e}"));
        let back: Vocabulary = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, vocab);
        assert!(serde_json::from_str::<Vocabulary>(r#"["C","<go>","<eos>"]"#).is_err());
        assert!(serde_json::from_str::<Vocabulary>(r#"["<pad>","<go>","<eos>","C","C"]"#).is_err());
    }
}
