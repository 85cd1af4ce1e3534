//! Batched sampling of SMILES from a model, and the validity/uniqueness of what came out.
//!
//! The categorical draw happens on the host from a seeded generator (candle's CPU device cannot
//! be seeded), so the same seed gives the same molecules; the network itself runs batched.

use std::collections::HashSet;

use candle_core::{Tensor, D};
use genui_chem::Molecule;
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::model::RnnLm;
use crate::vocab::{Vocabulary, END_ID, PAD_ID, START_ID};
use crate::{GenError, Result};

/// How molecules are sampled.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleOptions {
    /// Number of SMILES to generate.
    pub n: usize,
    /// Sequences generated together.
    pub batch_size: usize,
    /// Softmax temperature: below 1 sharpens towards likely tokens, above 1 flattens.
    pub temperature: f64,
    /// Tokens after which an unfinished sequence is cut (it is then usually invalid).
    pub max_tokens: usize,
    /// Seed of the draws.
    pub seed: u64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            n: 1000,
            batch_size: 512,
            temperature: 1.0,
            max_tokens: 100,
            seed: 0,
        }
    }
}

/// Generates `options.n` SMILES strings (not checked; see [`SampleStats`]).
pub fn sample(model: &RnnLm, vocab: &Vocabulary, options: &SampleOptions) -> Result<Vec<String>> {
    if vocab.len() != model.config().vocab_size {
        return Err(GenError::Invalid(format!(
            "the vocabulary has {} tokens but the model {}",
            vocab.len(),
            model.config().vocab_size
        )));
    }
    if options.batch_size == 0 || !(options.temperature > 0.0 && options.temperature.is_finite()) {
        return Err(GenError::Invalid(
            "sampling needs a positive batch size and a positive, finite temperature".to_string(),
        ));
    }
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut out = Vec::with_capacity(options.n);
    while out.len() < options.n {
        let b = options.batch_size.min(options.n - out.len());
        out.extend(sample_batch(model, vocab, b, options, &mut rng)?);
    }
    Ok(out)
}

fn sample_batch(
    model: &RnnLm,
    vocab: &Vocabulary,
    b: usize,
    options: &SampleOptions,
    rng: &mut StdRng,
) -> Result<Vec<String>> {
    let mut states = model.start(b)?;
    let mut tokens = vec![START_ID; b];
    let mut sequences: Vec<Vec<u32>> = vec![Vec::new(); b];
    let mut finished = vec![false; b];
    for _ in 0..options.max_tokens {
        let input = Tensor::from_vec(tokens.clone(), b, model.device())?;
        let logits = model.step(&input, &mut states)?;
        let probs = candle_nn::ops::softmax(&(logits / options.temperature)?, D::Minus1)?
            .to_vec2::<f32>()?;
        for (row, p) in probs.iter().enumerate() {
            if finished[row] {
                tokens[row] = PAD_ID;
                continue;
            }
            let next = draw(p, rng);
            tokens[row] = next;
            if next == END_ID {
                finished[row] = true;
            } else {
                sequences[row].push(next);
            }
        }
        if finished.iter().all(|&f| f) {
            break;
        }
    }
    Ok(sequences.iter().map(|s| vocab.decode(s)).collect())
}

/// Draws a token id from probabilities, never pad or start (they are not outputs of a molecule).
fn draw(probs: &[f32], rng: &mut StdRng) -> u32 {
    let allowed = |i: usize| i != PAD_ID as usize && i != START_ID as usize;
    let total: f32 = probs
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed(*i))
        .map(|(_, p)| p)
        .sum();
    let mut x = rng.gen::<f32>() * total;
    let mut last = END_ID;
    for (i, &p) in probs.iter().enumerate().filter(|(i, _)| allowed(*i)) {
        last = i as u32;
        if x < p {
            return last;
        }
        x -= p;
    }
    last
}

/// Validity and uniqueness of a set of generated SMILES, judged by the chemistry core.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleStats {
    /// SMILES judged.
    pub total: usize,
    /// Those RDKit parses and sanitizes.
    pub valid: usize,
    /// Distinct canonical SMILES among the valid ones.
    pub unique: usize,
    /// The distinct canonical SMILES, in order of first appearance.
    pub canonical: Vec<String>,
}

impl SampleStats {
    /// Judges `smiles`.
    pub fn of(smiles: &[String]) -> Self {
        let mut seen = HashSet::new();
        let mut canonical = Vec::new();
        let mut valid = 0;
        for s in smiles {
            let Some(c) = canonical_smiles(s) else {
                continue;
            };
            valid += 1;
            if seen.insert(c.clone()) {
                canonical.push(c);
            }
        }
        Self {
            total: smiles.len(),
            valid,
            unique: canonical.len(),
            canonical,
        }
    }

    /// Fraction of valid SMILES (0 for an empty sample).
    pub fn validity(&self) -> f64 {
        ratio(self.valid, self.total)
    }

    /// Fraction of distinct molecules among the valid ones (0 when none is valid).
    pub fn uniqueness(&self) -> f64 {
        ratio(self.unique, self.valid)
    }
}

/// RDKit's canonical SMILES, or `None` for an empty or invalid string.
pub fn canonical_smiles(smiles: &str) -> Option<String> {
    if smiles.is_empty() {
        return None;
    }
    Molecule::from_smiles(smiles).ok()?.to_smiles().ok()
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_and_uniqueness_use_canonical_forms() {
        let smiles: Vec<String> = ["CCO", "OCC", "C1CC", "", "c1ccccc1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let stats = SampleStats::of(&smiles);
        assert_eq!((stats.total, stats.valid, stats.unique), (5, 3, 2));
        assert_eq!(stats.canonical, ["CCO", "c1ccccc1"]);
        assert!((stats.validity() - 0.6).abs() < 1e-12);
        assert!((stats.uniqueness() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn draws_never_return_pad_or_start() {
        let mut rng = StdRng::seed_from_u64(1);
        let probs = [0.5, 0.49, 0.0, 0.01];
        for _ in 0..200 {
            assert_eq!(draw(&probs, &mut rng), 3);
        }
    }
}
