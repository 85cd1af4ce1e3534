//! Batched sampling of SMILES from a model, and the validity/uniqueness of what came out.
//!
//! The categorical draw happens on the host from a seeded generator (candle's CPU device cannot
//! be seeded), so the same seed gives the same molecules; the network itself runs batched.

use std::collections::HashSet;

use candle_core::{Tensor, D};
use genui_chem::Molecule;
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::language_model::LanguageModel;
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
pub fn sample<M: LanguageModel>(
    model: &M,
    vocab: &Vocabulary,
    options: &SampleOptions,
) -> Result<Vec<String>> {
    check_vocabulary(model, vocab)?;
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut out = Vec::with_capacity(options.n);
    while out.len() < options.n {
        let b = options.batch_size.min(options.n - out.len());
        let prompts = vec![START_PROMPT; b];
        let sequences = sample_sequences(model, None, &prompts, options, &mut rng)?;
        out.extend(sequences.iter().map(|s| vocab.decode(s)));
    }
    Ok(out)
}

/// The prompt of a network that writes whole molecules: the start token alone.
pub(crate) const START_PROMPT: &[u32] = &[START_ID];

/// An error unless `vocab` is the vocabulary `model` was built for (by size).
pub(crate) fn check_vocabulary<M: LanguageModel>(model: &M, vocab: &Vocabulary) -> Result<()> {
    if vocab.len() != model.vocab_size() {
        return Err(GenError::Invalid(format!(
            "the vocabulary has {} tokens but the model {}",
            vocab.len(),
            model.vocab_size()
        )));
    }
    Ok(())
}

/// Exploration during reinforcement learning: a second network whose next-token distribution is
/// mixed into the agent's, per sequence and step, with a weight drawn uniformly from
/// `[0, epsilon)` (DrugEx's `mutate` network).
pub struct Exploration<'a, M> {
    /// The exploration network (usually the pretrained or fine-tuned prior).
    pub network: &'a M,
    /// Largest share of the exploration network in a draw.
    pub epsilon: f64,
}

// By hand: derived impls would require the network itself to be `Copy`.
impl<M> Clone for Exploration<'_, M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for Exploration<'_, M> {}

/// Samples one token sequence per prompt, each ending with the end token unless it was cut at
/// `options.max_tokens` or at the network's last position. A prompt is what the network reads
/// before it writes: `[START]` for a whole molecule, or fragments followed by the start token
/// for a SMILES transformer with fragment input ([`crate::prompt`]). The returned sequences
/// hold only the written tokens.
pub(crate) fn sample_sequences<M: LanguageModel>(
    model: &M,
    exploration: Option<Exploration<'_, M>>,
    prompts: &[&[u32]],
    options: &SampleOptions,
    rng: &mut StdRng,
) -> Result<Vec<Vec<u32>>> {
    if options.batch_size == 0 || !(options.temperature > 0.0 && options.temperature.is_finite()) {
        return Err(GenError::Invalid(
            "sampling needs a positive batch size and a positive, finite temperature".to_string(),
        ));
    }
    if prompts.iter().any(|p| p.last() != Some(&START_ID)) {
        return Err(GenError::Invalid(
            "every prompt must end with the start token".to_string(),
        ));
    }
    let probabilities = |logits: Tensor| -> Result<Vec<Vec<f32>>> {
        Ok(
            candle_nn::ops::softmax(&(logits / options.temperature)?, D::Minus1)?
                .to_vec2::<f32>()?,
        )
    };
    let b = prompts.len();
    let mut states = model.start(b)?;
    let mut explorer_states = exploration.map(|e| e.network.start(b)).transpose()?;
    let mut sequences: Vec<Vec<u32>> = vec![Vec::new(); b];
    // The sequences still being read or written, one per batch row: finished ones leave the
    // batch, so the network's work shrinks as molecules end instead of running on padding.
    let mut active: Vec<usize> = (0..b).collect();
    let mut tokens: Vec<u32> = prompts.iter().map(|p| p[0]).collect();
    let longest_prompt = prompts.iter().map(|p| p.len()).max().unwrap_or(0);
    let positions = [
        model.max_positions(),
        exploration.and_then(|e| e.network.max_positions()),
    ];
    let positions = positions
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(longest_prompt + options.max_tokens);
    for step in 0..positions {
        let input = Tensor::from_vec(tokens.clone(), active.len(), model.device())?;
        let logits = model.step(&input, &mut states)?;
        let explorer_logits = match (exploration, explorer_states.as_mut()) {
            (Some(e), Some(states)) => Some(e.network.step(&input, states)?),
            _ => None,
        };
        // Rows still reading their prompt are fed its next token; the others draw one.
        let writing: Vec<usize> = (0..active.len())
            .filter(|&row| step + 1 >= prompts[active[row]].len())
            .collect();
        let mut probs = if writing.is_empty() {
            Vec::new()
        } else {
            probabilities(logits)?
        };
        if let (Some(e), Some(logits)) =
            (exploration, explorer_logits.filter(|_| !probs.is_empty()))
        {
            let other = probabilities(logits)?;
            for &row in &writing {
                let share = (rng.gen::<f64>() * e.epsilon) as f32;
                for (x, y) in probs[row].iter_mut().zip(&other[row]) {
                    *x = *x * (1.0 - share) + y * share;
                }
            }
        }
        let mut kept = Vec::with_capacity(active.len());
        for row in 0..active.len() {
            let sequence = active[row];
            let prompt = prompts[sequence];
            if step + 1 < prompt.len() {
                tokens[row] = prompt[step + 1];
                kept.push(row);
                continue;
            }
            let next = draw(&probs[row], rng);
            sequences[sequence].push(next);
            let room = sequences[sequence].len() < options.max_tokens && step + 1 < positions;
            if next != END_ID && room {
                kept.push(row);
                tokens[row] = next;
            }
        }
        if kept.is_empty() {
            break;
        }
        if kept.len() < active.len() {
            let rows = Tensor::from_vec(
                kept.iter().map(|&r| r as u32).collect::<Vec<_>>(),
                kept.len(),
                model.device(),
            )?;
            model.keep_rows(&mut states, &rows)?;
            if let (Some(e), Some(states)) = (exploration, explorer_states.as_mut()) {
                e.network.keep_rows(states, &rows)?;
            }
            tokens = kept.iter().map(|&r| tokens[r]).collect();
            active = kept.iter().map(|&r| active[r]).collect();
        }
    }
    Ok(sequences)
}

/// Draws a token id from probabilities, never pad or start (they are not outputs of a molecule).
fn draw(probs: &[f32], rng: &mut StdRng) -> u32 {
    // A diverged network (NaN or no mass left) ends the sequence rather than guess.
    draw_where(probs, rng, |i| {
        i != PAD_ID as usize && i != START_ID as usize
    })
    .map_or(END_ID, |i| i as u32)
}

/// Draws an index from probabilities restricted to the `allowed` ones (renormalized); None when
/// they hold no finite, positive mass.
pub(crate) fn draw_where(
    probs: &[f32],
    rng: &mut StdRng,
    allowed: impl Fn(usize) -> bool,
) -> Option<usize> {
    let candidates = || {
        probs
            .iter()
            .enumerate()
            .filter(|&(i, &p)| p > 0.0 && allowed(i))
    };
    let total: f32 = candidates().map(|(_, p)| p).sum();
    if !(total.is_finite() && total > 0.0) {
        return None;
    }
    let mut x = rng.gen::<f32>() * total;
    let mut last = None;
    for (i, &p) in candidates() {
        last = Some(i);
        if x < p {
            return last;
        }
        x -= p;
    }
    // Rounding left `x` past the last step: the last index with any probability.
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
    fn draws_never_return_impossible_tokens_and_end_diverged_rows() {
        let mut rng = StdRng::seed_from_u64(2);
        for _ in 0..200 {
            assert_eq!(draw(&[0.0, 0.0, 0.0, 1.0, 0.0], &mut rng), 3);
        }
        assert_eq!(draw(&[f32::NAN, 0.1, 0.2, 0.3], &mut rng), END_ID);
        assert_eq!(draw(&[0.5, 0.5, 0.0, 0.0], &mut rng), END_ID);
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
