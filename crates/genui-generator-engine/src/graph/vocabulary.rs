//! The atom words of graph steps: DrugEx v3's vocabulary.

use std::collections::HashSet;

use super::smiles::charge_sign;
use crate::{GenError, Result};

/// DrugEx v3's atom words: valence, element, charge.
pub const DRUGEX_WORDS: [&str; 37] = [
    "2O", "3O+", "1O-", "4C", "3C+", "3C-", "3N", "4N+", "2N-", "1Cl", "2S", "6S", "4S", "3S+",
    "5S+", "1S-", "1F", "1I", "5I", "2I+", "1Br", "5P", "3P", "4P+", "2Se", "6Se", "4Se", "3Se+",
    "4Si", "3B", "4B-", "5As", "3As", "4As+", "2Te", "4Te", "3Te+",
];

const ELEMENTS: [(&str, u32); 14] = [
    ("B", 5),
    ("C", 6),
    ("N", 7),
    ("O", 8),
    ("F", 9),
    ("Si", 14),
    ("P", 15),
    ("S", 16),
    ("Cl", 17),
    ("As", 33),
    ("Se", 34),
    ("Br", 35),
    ("Te", 52),
    ("I", 53),
];

/// An atom token: element, valence (bonds plus hydrogens) and formal charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtomWord {
    pub symbol: &'static str,
    pub atomic_num: u32,
    pub valence: u8,
    pub charge: i8,
}

impl AtomWord {
    /// Reads a word such as `4N+`.
    pub fn parse(word: &str) -> Result<Self> {
        let invalid = || GenError::Invalid(format!("{word:?} is no atom word (e.g. 4C, 3N, 4N+)"));
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let valence: u8 = word[..digits].parse().map_err(|_| invalid())?;
        let rest = &word[digits..];
        let (element, charge) = match rest.strip_suffix('+') {
            Some(e) => (e, 1),
            None => match rest.strip_suffix('-') {
                Some(e) => (e, -1),
                None => (rest, 0),
            },
        };
        let &(symbol, atomic_num) = ELEMENTS
            .iter()
            .find(|(s, _)| *s == element)
            .ok_or_else(invalid)?;
        Ok(Self {
            symbol,
            atomic_num,
            valence,
            charge,
        })
    }
}

impl std::fmt::Display for AtomWord {
    /// The word as [`AtomWord::parse`] reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.valence,
            self.symbol,
            charge_sign(self.charge)
        )
    }
}

/// The tokens of graph steps: `EOS` (0, also padding), `GO` (1), the atom words, and `*` last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphVocabulary {
    words: Vec<AtomWord>,
}

impl GraphVocabulary {
    pub const EOS: u16 = 0;
    pub const GO: u16 = 1;

    /// DrugEx v3's default vocabulary (40 tokens).
    pub fn drugex() -> Self {
        Self::new(&DRUGEX_WORDS).expect("the default words parse")
    }

    /// The vocabulary of `words` (e.g. `4C`, `3N`, `4N+`), each at most once.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Result<Self> {
        let words = words
            .iter()
            .map(|w| AtomWord::parse(w.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        let distinct: HashSet<&AtomWord> = words.iter().collect();
        if distinct.len() != words.len() {
            return Err(GenError::Invalid("an atom word is listed twice".into()));
        }
        Ok(Self { words })
    }

    /// The atom words in token order (what model files store).
    pub fn words(&self) -> Vec<String> {
        self.words.iter().map(ToString::to_string).collect()
    }

    /// Tokens in all, control tokens and `*` included.
    pub fn size(&self) -> usize {
        self.words.len() + 3
    }

    /// The token that adds a bond and no atom.
    pub fn star(&self) -> u16 {
        (self.words.len() + 2) as u16
    }

    /// The word of an atom token; None for control tokens and `*`.
    pub fn word(&self, token: u16) -> Option<&AtomWord> {
        (token as usize)
            .checked_sub(2)
            .and_then(|i| self.words.get(i))
    }

    pub(super) fn token_of(&self, atomic_num: u32, valence: u32, charge: i32) -> Option<u16> {
        self.words
            .iter()
            .position(|w| {
                w.atomic_num == atomic_num
                    && u32::from(w.valence) == valence
                    && i32::from(w.charge) == charge
            })
            .map(|i| (i + 2) as u16)
    }
}
