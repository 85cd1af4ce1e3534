//! DrugEx v3's SMILES transformer with fragment input (ST + FS), written the way DrugEx v3.1's
//! GPT-2 model writes it: one decoder reads the fragments' SMILES as a prompt and goes on to
//! write a molecule that contains them. A training sequence is
//! `<go> fragments <go> molecule <eos>`; the prompt's tokens are read but never predicted
//! ([`crate::train::Batch`]), so the loss and the likelihood reinforcement learning follows are
//! the molecule's given its fragments. The network is a [`crate::gpt::GptLm`] that reads
//! fragments ([`Architecture::SmilesTransformer`]), so training, files, the policy gradient and
//! the SMILES explorer work on it as on any language model.
//!
//! Fragments are read without attachment points (each is capped with a hydrogen, as the BRICS
//! leaves it learns from are): the transformer may grow a fragment anywhere. Growing only at
//! chosen points is the graph transformer's ([`crate::graph`]).

use std::ops::ControlFlow;

use rand::{rngs::StdRng, SeedableRng};

use crate::config::Architecture;
use crate::fragments::{capped, split_examples};
use crate::graph_workflow::sample_report;
use crate::language_model::LanguageModel;
use crate::network::Network;
use crate::reinforce::Generated;
use crate::sample::{sample_sequences, SampleOptions, START_PROMPT};
use crate::train::{EpochReport, FitSummary, TrainConfig, Trainer};
use crate::vocab::{tokenize, EncodeError, NewTokens, Vocabulary, START_ID};
use crate::workflow::{TrainingOptions, MONITOR_SAMPLES};
use crate::{GenError, Result};

/// Fewest positions a prompt must leave the network for the molecule it writes.
pub const MIN_MOLECULE_TOKENS: usize = 16;
/// Most fragments (`.`-separated components) one prompt holds, as DrugEx's combinations.
pub const MAX_COMPONENTS: usize = 4;

/// What a SMILES transformer reads before it writes a molecule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// The fragments as read: canonical SMILES, attachment points capped.
    pub fragments: String,
    /// `<go>`, the fragments' tokens, `<go>`.
    pub tokens: Vec<u32>,
}

impl Prompt {
    /// The prompt of user fragments for a network with `vocabulary` and `max_len` positions.
    /// Fails, saying why, for SMILES RDKit rejects, more than [`MAX_COMPONENTS`] fragments, a
    /// token the network never learned, or fragments that leave fewer than
    /// [`MIN_MOLECULE_TOKENS`] positions for the molecule.
    pub fn new(vocabulary: &Vocabulary, fragments: &str, max_len: usize) -> Result<Self> {
        let fragments = in_prompt_order(&capped(fragments)?)?;
        let components = fragments.split('.').count();
        if components > MAX_COMPONENTS {
            return Err(GenError::Invalid(format!(
                "{components} fragments: at most {MAX_COMPONENTS}"
            )));
        }
        let ids = vocabulary.encode(&fragments).map_err(|e| match e {
            EncodeError::UnknownToken(token) => {
                GenError::Invalid(format!("the network never learned the token {token:?}"))
            }
            other => GenError::Invalid(other.to_string()),
        })?;
        let mut tokens = Vec::with_capacity(ids.len() + 1);
        tokens.push(START_ID);
        tokens.extend(&ids[..ids.len() - 1]);
        tokens.push(START_ID);
        let room = max_len.saturating_sub(MIN_MOLECULE_TOKENS);
        if tokens.len() > room {
            return Err(GenError::Invalid(format!(
                "the fragments are {} tokens long: this network reads at most {}",
                tokens.len() - 2,
                room.saturating_sub(2)
            )));
        }
        Ok(Self { fragments, tokens })
    }

    /// The prompts of many fragments; the error names every fragment at fault by its 1-based
    /// position.
    pub fn many(
        vocabulary: &Vocabulary,
        fragments: &[String],
        max_len: usize,
    ) -> std::result::Result<Vec<Self>, String> {
        let mut prompts = Vec::with_capacity(fragments.len());
        let mut problems = Vec::new();
        for (i, fragment) in fragments.iter().enumerate() {
            match Self::new(vocabulary, fragment, max_len) {
                Ok(prompt) => prompts.push(prompt),
                Err(e) => problems.push(format!("fragment {} ({fragment}): {e}", i + 1)),
            }
        }
        if problems.is_empty() {
            Ok(prompts)
        } else {
            Err(problems.join("; "))
        }
    }
}

/// Fragments (`.`-separated SMILES without attachment points) as a prompt writes them: each
/// canonical, the largest first (as DrugEx orders a molecule's leaves), then by SMILES. Training
/// and sampling write them alike whatever order a chemist gives them in.
fn in_prompt_order(fragments: &str) -> Result<String> {
    let mut components = fragments
        .split('.')
        .map(|c| {
            let molecule = genui_chem::Molecule::from_smiles(c)?;
            Ok((
                std::cmp::Reverse(molecule.num_atoms()),
                molecule.to_smiles()?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    components.sort();
    let smiles: Vec<String> = components.into_iter().map(|(_, s)| s).collect();
    Ok(smiles.join("."))
}

/// What SMILES sampling needs besides the network: its vocabulary, and the prompts of a SMILES
/// transformer with fragment input (none for a network that writes whole molecules).
#[derive(Debug, Clone, PartialEq)]
pub struct SmilesSampler {
    pub vocabulary: Vocabulary,
    pub prompts: Vec<Prompt>,
}

impl From<Vocabulary> for SmilesSampler {
    fn from(vocabulary: Vocabulary) -> Self {
        Self {
            vocabulary,
            prompts: Vec::new(),
        }
    }
}

impl SmilesSampler {
    /// An error unless the prompts fit the network: a SMILES transformer with fragment input
    /// needs some, any other network none.
    pub fn check<M: LanguageModel>(&self, model: &M) -> Result<()> {
        let reads_fragments = matches!(model.architecture(), Architecture::SmilesTransformer(_));
        match (reads_fragments, self.prompts.is_empty()) {
            (true, true) => Err(GenError::Invalid(
                "a SMILES transformer with fragment input writes from fragments: give at least one"
                    .into(),
            )),
            (false, false) => Err(GenError::Invalid(
                "this network writes whole molecules and reads no fragments".into(),
            )),
            _ => Ok(()),
        }
    }

    /// The prompts of `n` sequences: the prompts in turn, or `<go>` alone without prompts.
    fn prompts_of(&self, n: usize) -> Vec<&[u32]> {
        if self.prompts.is_empty() {
            vec![START_PROMPT; n]
        } else {
            self.prompts
                .iter()
                .cycle()
                .take(n)
                .map(|p| p.tokens.as_slice())
                .collect()
        }
    }

    /// `n` written sequences, each its prompt (without the first `<go>`) and what followed.
    pub(crate) fn write<M: LanguageModel>(
        &self,
        model: &M,
        exploration: Option<crate::sample::Exploration<'_, M>>,
        n: usize,
        options: &SampleOptions,
        rng: &mut StdRng,
    ) -> Result<Vec<Vec<u32>>> {
        write_after(model, exploration, &self.prompts_of(n), options, rng)
    }

    /// The molecule a written sequence holds, and the fragments it was written from.
    pub fn read(&self, sequence: &[u32]) -> Generated {
        match sequence.iter().rposition(|&id| id == START_ID) {
            Some(end) => Generated {
                smiles: self.vocabulary.decode(&sequence[end + 1..]),
                fragments: Some(self.vocabulary.decode(&sequence[..end])),
            },
            None => Generated {
                smiles: self.vocabulary.decode(sequence),
                fragments: None,
            },
        }
    }

    /// One molecule written from each prompt (the prompts in turn for `n` molecules),
    /// reproducibly for a `seed`.
    pub fn sample<M: LanguageModel>(
        &self,
        model: &M,
        n: usize,
        temperature: f64,
        seed: u64,
    ) -> Result<Vec<Generated>> {
        self.check(model)?;
        crate::sample::check_vocabulary(model, &self.vocabulary)?;
        let options = SampleOptions {
            temperature,
            seed,
            ..SampleOptions::default()
        };
        let mut rng = StdRng::seed_from_u64(seed);
        let mut generated = Vec::with_capacity(n);
        for prompts in self.prompts_of(n).chunks(options.batch_size) {
            let written = write_after(model, None, prompts, &options, &mut rng)?;
            generated.extend(written.iter().map(|s| self.read(s)));
        }
        Ok(generated)
    }
}

/// Sequences written after `prompts`, each its prompt (without the first `<go>`) and what
/// followed.
fn write_after<M: LanguageModel>(
    model: &M,
    exploration: Option<crate::sample::Exploration<'_, M>>,
    prompts: &[&[u32]],
    options: &SampleOptions,
    rng: &mut StdRng,
) -> Result<Vec<Vec<u32>>> {
    let written = sample_sequences(model, exploration, prompts, options, rng)?;
    Ok(prompts
        .iter()
        .zip(written)
        .map(|(prompt, tokens)| prompt[1..].iter().copied().chain(tokens).collect())
        .collect())
}

/// Encoded fragment–molecule sequences for training, split so that no fragment combination is
/// in both sets.
#[derive(Debug, Clone)]
pub struct PromptedData {
    /// `fragments <go> molecule <eos>` (the trainer adds the first `<go>`).
    pub train: Vec<Vec<u32>>,
    pub valid: Vec<Vec<u32>>,
    /// Molecules that gave no pair (no BRICS bond, too large, too long).
    pub skipped: usize,
}

impl PromptedData {
    /// Cuts `smiles` into fragment pairs as DrugEx v3 does (in parallel), keeps those that fit
    /// `max_len` positions and holds out the `options.validation` share of fragment
    /// combinations. Tokens `vocabulary` lacks are added (it only grows, so a parent's ids stay)
    /// or leave their pairs out, as `new_tokens` says.
    pub fn prepare(
        smiles: &[String],
        vocabulary: &mut Vocabulary,
        max_len: usize,
        options: &TrainingOptions,
        new_tokens: NewTokens,
    ) -> Result<Self> {
        let known = &*vocabulary;
        let (train, valid, skipped) = split_examples(
            smiles,
            |pair| {
                let fragments = tokenize(&in_prompt_order(&pair.fragments).ok()?).ok()?;
                let molecule = tokenize(&pair.molecule).ok()?;
                // `<go> fragments <go> molecule` are the inputs.
                let fits = fragments.len() + molecule.len() + 2 <= max_len;
                let spelled = new_tokens == NewTokens::Add
                    || (known.knows_all(&fragments) && known.knows_all(&molecule));
                (fits && spelled).then_some([fragments, molecule])
            },
            options.validation,
            options.seed,
        )?;
        vocabulary.extend(train.iter().chain(&valid).flatten().map(Vec::as_slice));
        let encode = |pairs: Vec<[Vec<String>; 2]>| -> Result<Vec<Vec<u32>>> {
            pairs
                .iter()
                .map(|[fragments, molecule]| {
                    let mut sequence = vocabulary
                        .encode_tokens(fragments)
                        .map_err(|e| GenError::Invalid(e.to_string()))?;
                    sequence.pop();
                    sequence.push(START_ID);
                    sequence.extend(
                        vocabulary
                            .encode_tokens(molecule)
                            .map_err(|e| GenError::Invalid(e.to_string()))?,
                    );
                    Ok(sequence)
                })
                .collect()
        };
        let (train, valid) = (encode(train)?, encode(valid)?);
        Ok(Self {
            train,
            valid,
            skipped,
        })
    }

    /// The prompts of validation sequences, [`MONITOR_SAMPLES`] of them taken round: what
    /// training writes from after each epoch to report validity and fragment retention.
    fn monitor_prompts(&self, vocabulary: &Vocabulary) -> Vec<Prompt> {
        self.valid
            .iter()
            .cycle()
            .take(MONITOR_SAMPLES)
            .filter_map(|sequence| {
                let end = sequence.iter().position(|&id| id == START_ID)?;
                let mut tokens = vec![START_ID];
                tokens.extend(&sequence[..=end]);
                Some(Prompt {
                    fragments: vocabulary.decode(&sequence[..end]),
                    tokens,
                })
            })
            .collect()
    }
}

/// Trains a SMILES transformer with fragment input with early stopping on the validation
/// sequences and returns it with the weights of its best epoch. After each epoch it writes
/// [`MONITOR_SAMPLES`] molecules from validation fragments and reports their validity,
/// uniqueness and fragment retention.
pub fn train_prompted(
    model: Network,
    vocabulary: &Vocabulary,
    data: &PromptedData,
    options: &TrainingOptions,
    on_epoch: impl FnMut(&EpochReport) -> ControlFlow<()>,
) -> Result<(Network, FitSummary)> {
    options.validate()?;
    let sampler = SmilesSampler {
        vocabulary: vocabulary.clone(),
        prompts: data.monitor_prompts(vocabulary),
    };
    sampler.check(&model)?;
    let n = sampler.prompts.len();
    let mut trainer = Trainer::new(
        model,
        TrainConfig {
            learning_rate: options.learning_rate,
            batch_size: options.batch_size,
            seed: options.seed,
            ..TrainConfig::default()
        },
    )?
    .with_sampling_monitor(move |model: &Network, seed| {
        Ok(sample_report(&sampler.sample(model, n, 1.0, seed)?))
    });
    let summary = trainer.fit(
        &data.train,
        &data.valid,
        options.epochs,
        options.patience,
        on_epoch,
    )?;
    Ok((trainer.into_model(), summary))
}

#[cfg(test)]
mod tests {
    use candle_core::Device;

    use super::*;
    use crate::config::GptConfig;
    use crate::gpt::GptLm;
    use crate::sample::sample;

    fn ok<T, E: std::fmt::Display>(r: std::result::Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    fn vocabulary() -> Vocabulary {
        let corpus = ["c1ccncc1.CC(=O)N", "CCOc1ccccc1Cl"];
        let tokens: Vec<Vec<String>> = corpus.iter().map(|s| ok(tokenize(s))).collect();
        Vocabulary::from_tokens(tokens.iter().map(Vec::as_slice))
    }

    fn network(vocabulary: &Vocabulary, max_len: usize) -> GptLm {
        let config = GptConfig {
            vocab_size: vocabulary.len(),
            d_model: 16,
            heads: 2,
            layers: 1,
            max_len,
        };
        ok(GptLm::new(config, 5, &Device::Cpu)).reading_fragments()
    }

    #[test]
    fn fragments_become_capped_prompts_or_say_what_is_wrong() {
        let vocabulary = vocabulary();
        let prompt = ok(Prompt::new(&vocabulary, "[*]c1ccncc1", 40));
        assert_eq!(prompt.fragments, "c1ccncc1");
        assert_eq!(prompt.tokens.first(), Some(&START_ID));
        assert_eq!(prompt.tokens.last(), Some(&START_ID));
        assert_eq!(prompt.tokens.len(), 8 + 2);
        let list: Vec<String> = [
            "c1ccncc1",
            "C1CC",
            "c1ccsc1",
            "C.C.C.C.C",
            "c1ccncc1CCCCCCCCCC",
        ]
        .map(String::from)
        .to_vec();
        let message = Prompt::many(&vocabulary, &list, 35).expect_err("four bad fragments");
        for expected in [
            "fragment 2 (C1CC)",
            "fragment 3 (c1ccsc1): the network never learned the token \"s\"",
            "fragment 4 (C.C.C.C.C): 5 fragments: at most 4",
            "fragment 5 (c1ccncc1CCCCCCCCCC): the fragments are 18 tokens long: this network reads at most 17",
        ] {
            assert!(message.contains(expected), "{message}");
        }
        assert!(!message.contains("fragment 1 "), "{message}");
    }

    #[test]
    fn fragments_given_in_any_order_make_one_prompt() {
        let vocabulary = vocabulary();
        let one = ok(Prompt::new(&vocabulary, "CC(N)=O.*c1ccncc1.Cl", 40));
        let other = ok(Prompt::new(&vocabulary, "Cl.c1ccncc1.NC(C)=O", 40));
        assert_eq!(one, other);
        assert_eq!(one.fragments, "c1ccncc1.CC(N)=O.Cl");
    }

    #[test]
    fn sampling_without_prompts_is_sampling_as_before() {
        let vocabulary = vocabulary();
        let config = GptConfig {
            vocab_size: vocabulary.len(),
            d_model: 16,
            heads: 2,
            layers: 1,
            max_len: 30,
        };
        let model = ok(GptLm::new(config, 2, &Device::Cpu));
        let options = SampleOptions {
            n: 40,
            seed: 3,
            ..SampleOptions::default()
        };
        let before = ok(sample(&model, &vocabulary, &options));
        let sampler = SmilesSampler::from(vocabulary);
        let now: Vec<String> = ok(sampler.sample(&model, 40, 1.0, 3))
            .into_iter()
            .map(|g| {
                assert_eq!(g.fragments, None);
                g.smiles
            })
            .collect();
        assert_eq!(now, before);
    }

    #[test]
    fn prompted_rows_read_their_fragments_and_stop_at_the_last_position() {
        let vocabulary = vocabulary();
        let model = network(&vocabulary, 32);
        let prompts = ok(Prompt::many(
            &vocabulary,
            &["c1ccncc1".to_string(), "CC(N)=O.Cl".to_string()],
            32,
        ));
        let sampler = SmilesSampler {
            vocabulary: vocabulary.clone(),
            prompts: prompts.clone(),
        };
        let options = SampleOptions {
            n: 6,
            batch_size: 6,
            ..SampleOptions::default()
        };
        let written = ok(sampler.write(&model, None, 6, &options, &mut StdRng::seed_from_u64(1)));
        for (i, sequence) in written.iter().enumerate() {
            let prompt = &prompts[i % 2];
            assert_eq!(sequence[..prompt.tokens.len() - 1], prompt.tokens[1..]);
            // The network's 32 positions hold the prompt and every written token but the last.
            assert!(sequence.len() < 32, "{sequence:?}");
            assert_eq!(
                sampler.read(sequence).fragments.as_deref(),
                Some(prompt.fragments.as_str())
            );
        }
        let again = ok(sampler.write(&model, None, 6, &options, &mut StdRng::seed_from_u64(1)));
        assert_eq!(again, written);
        // A network that writes whole molecules takes no prompts, and this one needs some.
        assert!(sampler.check(&model).is_ok());
        assert!(SmilesSampler::from(vocabulary.clone())
            .check(&model)
            .is_err());
        let plain = ok(GptLm::new(
            GptConfig::small(vocabulary.len()),
            0,
            &Device::Cpu,
        ));
        assert!(sampler.check(&plain).is_err());
    }
}
