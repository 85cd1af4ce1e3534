//! `genui generator …`: the generator engine on the command line, for a workstation or a GPU box.
//!
//! Models are directories as `genui_generator_engine::files` writes them (SMILES networks and
//! graph transformers alike); corpora are SMILES files (`.smi`,
//! `.csv` with the SMILES first, or either gzipped); an environment is a JSON file of property
//! objectives (see [`EnvironmentFile`]).

use std::fs::File;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use candle_core::Device;
use clap::{Args, Subcommand};
use genui_generator_engine::config::Architecture;
use genui_generator_engine::environment::{Environment, Objective, RewardScheme};
use genui_generator_engine::fragments::Fragmenter;
use genui_generator_engine::generator::{Generator, Seeds};
use genui_generator_engine::graph::{GraphCoder, GraphVocabulary};
use genui_generator_engine::graph_model::GraphTransformer;
use genui_generator_engine::graph_workflow::{train_graph, GraphTrainingData};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::network::Network;
use genui_generator_engine::prompt::{train_prompted, PromptedData};
use genui_generator_engine::reinforce::{Generated, ReinforceConfig};
use genui_generator_engine::scoring::{Modifier, Property};
use genui_generator_engine::train::{EpochReport, FitSummary};
use genui_generator_engine::vocab::{NewTokens, Vocabulary};
use genui_generator_engine::workflow::{
    finetuning, train, NetworkKind, NetworkShape, TrainingData, TrainingOptions,
};
use genui_generator_engine::{files, metrics};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

mod input;
mod smoke;

use input::{read_corpus, read_lines};

/// `genui generator [--device …] <command>`.
#[derive(Debug, Args)]
pub struct GeneratorArgs {
    /// Where networks run: `cpu`, or `cuda` / `cuda:N` in a build with the `gpu` feature.
    #[arg(long, global = true, default_value = "cpu")]
    device: String,
    #[command(subcommand)]
    command: GeneratorCommand,
}

#[derive(Debug, Subcommand)]
pub enum GeneratorCommand {
    /// Train a new model on a corpus of SMILES.
    Pretrain {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Network: a recurrent cell (DrugEx's defaults: embedding 128, hidden 512, 3 layers),
        /// a GPT-style transformer (defaults: width 256, 8 heads, 4 layers), or one of DrugEx
        /// v3's graph and SMILES transformers, which learn to grow the corpus's molecules from
        /// their BRICS fragments (defaults: width 256, 8 heads, 4 layers).
        #[arg(long, alias = "architecture", value_enum, default_value = "lstm")]
        network: NetworkArg,
        /// What the network generates from: `molecules` (LSTM, GRU, GPT) or `fragments` (the graph
        /// and SMILES transformers); a check that the architecture is the one meant.
        #[arg(long, value_enum)]
        input: Option<InputArg>,
        /// Token embedding size (recurrent networks).
        #[arg(long, default_value_t = 128)]
        embedding: usize,
        /// Recurrent state size, or the transformer's width.
        #[arg(long)]
        hidden: Option<usize>,
        /// Stacked recurrent layers or transformer blocks.
        #[arg(long)]
        layers: Option<usize>,
        /// Attention heads (transformer).
        #[arg(long, default_value_t = 8)]
        heads: usize,
        #[command(flatten)]
        training: TrainingArgs,
        /// Directory to write the model into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Continue training a model on another corpus, in its parent's vocabulary.
    Finetune {
        /// The parent model directory.
        #[arg(long)]
        parent: PathBuf,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        training: TrainingArgs,
        /// Add tokens the parent's vocabulary lacks instead of leaving out the molecules that
        /// spell them (the model can then no longer be an agent with its parent as prior).
        #[arg(long)]
        new_tokens: bool,
        /// Directory to write the model into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Optimize an agent against an environment by reinforcement learning.
    Reinforce {
        /// The model to optimize.
        #[arg(long)]
        agent: PathBuf,
        /// The exploration network (default: the agent as it was at the start).
        #[arg(long)]
        prior: Option<PathBuf>,
        /// Environment JSON: {"scheme": …, "objectives": [{"property", "modifier", "threshold"}]}.
        #[arg(long)]
        environment: PathBuf,
        #[arg(long, default_value_t = 60)]
        epochs: usize,
        /// Molecules sampled per epoch.
        #[arg(long, default_value_t = 512)]
        batch_size: usize,
        /// Largest share of the prior in each draw.
        #[arg(long, default_value_t = 0.01)]
        epsilon: f64,
        /// Reward baseline.
        #[arg(long, default_value_t = 0.1)]
        beta: f64,
        #[arg(long, default_value_t = 1e-3)]
        learning_rate: f64,
        /// Stop after this many epochs without a better desired ratio.
        #[arg(long, default_value_t = 20)]
        patience: usize,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// What a fragment-input agent grows from: a file of fragment SMILES, or one SMILES.
        #[arg(long)]
        fragments: Option<String>,
        /// Directory to write the best agent into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sample SMILES from a model.
    Sample {
        #[command(flatten)]
        sampling: SamplingArgs,
        /// File to write the SMILES into (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Each molecule of a corpus as the fragments DrugEx v3 cuts it into (its largest BRICS
    /// leaves, `.`-separated), one line per molecule that has any: input for `--fragments`.
    Fragment {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// File to write the fragments into (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// MOSES-style metrics of a sample (sampled from a model, or read from a file).
    Evaluate {
        #[command(flatten)]
        sampling: SamplingArgs,
        /// Read the sample from this SMILES file instead of sampling.
        #[arg(long, conflicts_with = "model")]
        smiles: Option<PathBuf>,
        /// Training set, for novelty.
        #[arg(long)]
        train: Option<PathBuf>,
        /// Reference set, for SNN, fragment and scaffold similarity.
        #[arg(long)]
        reference: Option<PathBuf>,
        /// Read at most this many molecules from the training and reference files.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Checks that `--device` trains and samples as the CPU does, and how fast: a few training
    /// steps of a DrugEx-size LSTM and of a SMILES transformer (the loss must fall) and SMILES
    /// sampled from the shipped model (the validity must match the CPU's within noise), on the
    /// CPU and on the device; no files or network needed (`scripts/gpu-smoke.sh`).
    Smoke {
        /// Training steps per network.
        #[arg(long, default_value_t = 20)]
        steps: usize,
        /// SMILES sampled on each device.
        #[arg(long, default_value_t = 10_000)]
        samples: usize,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NetworkArg {
    Lstm,
    Gru,
    Gpt,
    #[value(alias = "graph_transformer")]
    GraphTransformer,
    #[value(alias = "smiles_transformer")]
    SmilesTransformer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputArg {
    Molecules,
    Fragments,
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// SMILES file (.smi or .csv, SMILES in the first field; .gz accepted).
    #[arg(long)]
    corpus: PathBuf,
    /// Use only the first N molecules of the corpus (after --skip).
    #[arg(long)]
    limit: Option<usize>,
    /// Skip the first N lines of the file (to train on another slice of a large corpus).
    #[arg(long, default_value_t = 0)]
    skip: usize,
}

#[derive(Debug, Args)]
pub struct TrainingArgs {
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Stop after this many epochs without a lower validation loss.
    #[arg(long, default_value_t = 3)]
    patience: usize,
    #[arg(long, default_value_t = 128)]
    batch_size: usize,
    #[arg(long, default_value_t = 1e-3)]
    learning_rate: f64,
    /// Share of the corpus held out for validation.
    #[arg(long, default_value_t = 0.1)]
    validation: f64,
    /// Add this many randomized SMILES of each training molecule (augmentation).
    #[arg(long, default_value_t = 0)]
    augment: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

impl TrainingArgs {
    fn options(&self) -> TrainingOptions {
        TrainingOptions {
            epochs: self.epochs,
            patience: self.patience,
            batch_size: self.batch_size,
            learning_rate: self.learning_rate,
            validation: self.validation,
            augment: self.augment,
            seed: self.seed,
        }
    }
}

#[derive(Debug, Args)]
pub struct SamplingArgs {
    /// The model directory.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Number of SMILES.
    #[arg(short = 'n', long, default_value_t = 1000)]
    n: usize,
    #[arg(long, default_value_t = 1.0)]
    temperature: f64,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// What a fragment-input network grows from: a file of fragment SMILES (one per line), or
    /// one SMILES; attachment points (`*`, `[*]`, `[1*]`) restrict a graph transformer's growth
    /// to them (a SMILES transformer reads them as hydrogens).
    #[arg(long)]
    fragments: Option<String>,
}

/// The environment file of `genui generator reinforce`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentFile {
    scheme: RewardScheme,
    objectives: Vec<PropertyObjective>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PropertyObjective {
    property: String,
    modifier: Option<Modifier>,
    threshold: f64,
}

impl EnvironmentFile {
    fn read(path: &Path) -> anyhow::Result<Environment> {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let file: EnvironmentFile = serde_json::from_str(&text)
            .with_context(|| format!("{}: not an environment", path.display()))?;
        let objectives = file
            .objectives
            .into_iter()
            .map(|o| {
                Ok(Objective {
                    scorer: Arc::new(Property::from_name(&o.property)?),
                    modifier: o.modifier,
                    threshold: o.threshold,
                })
            })
            .collect::<genui_generator_engine::Result<Vec<_>>>()?;
        Ok(Environment::new(objectives, file.scheme)?)
    }
}

/// The device named by `--device`.
fn device(name: &str) -> anyhow::Result<Device> {
    let ordinal = match name {
        "cpu" => return Ok(Device::Cpu),
        "cuda" => 0,
        other => other
            .strip_prefix("cuda:")
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("unknown device {other:?}: use cpu, cuda or cuda:N"))?,
    };
    if !cfg!(feature = "gpu") {
        bail!("this genui was built without the `gpu` feature: rebuild with --features gpu to use {name}");
    }
    Device::new_cuda(ordinal).with_context(|| format!("cannot open {name}"))
}

pub fn run(args: GeneratorArgs) -> anyhow::Result<()> {
    let device = device(&args.device)?;
    match args.command {
        GeneratorCommand::Pretrain {
            corpus,
            network,
            input,
            embedding,
            hidden,
            layers,
            heads,
            training,
            out,
        } => {
            let corpus = read_corpus(&corpus)?;
            let mut vocab = corpus.vocabulary();
            let options = training.options();
            let shape = NetworkShape {
                network: match network {
                    NetworkArg::Lstm => NetworkKind::Lstm,
                    NetworkArg::Gru => NetworkKind::Gru,
                    NetworkArg::Gpt => NetworkKind::Gpt,
                    NetworkArg::GraphTransformer => NetworkKind::GraphTransformer,
                    NetworkArg::SmilesTransformer => NetworkKind::SmilesTransformer,
                },
                embedding,
                hidden,
                layers,
                heads,
            };
            let architecture = shape.architecture(vocab.len());
            let reads = match architecture {
                Architecture::GraphTransformer(_) | Architecture::SmilesTransformer(_) => {
                    InputArg::Fragments
                }
                _ => InputArg::Molecules,
            };
            if input.is_some_and(|i| i != reads) {
                bail!("a {network:?} network reads {reads:?}: choose another --network or --input");
            }
            match architecture {
                Architecture::GraphTransformer(config) => {
                    let model = GraphTransformer::new(config, options.seed, &device)?;
                    return fit_graph(model, &corpus.smiles, &options, &out);
                }
                Architecture::SmilesTransformer(config) => {
                    return fit_written(
                        Vocabulary::special_only(),
                        NewTokens::Add,
                        config.max_len,
                        |tokens| Network::new(shape.architecture(tokens), options.seed, &device),
                        &corpus.smiles,
                        &options,
                        &out,
                    );
                }
                _ => {}
            }
            let data = TrainingData::prepare(&corpus, &mut vocab, &options, NewTokens::Add)?;
            report_augmentation(&data);
            // Augmentation may have added tokens: size the network after it.
            let model = Network::new(shape.architecture(vocab.len()), options.seed, &device)?;
            fit(model, &vocab, &data, &options, &out)
        }
        GeneratorCommand::Finetune {
            parent,
            corpus,
            training,
            new_tokens,
            out,
        } => {
            let corpus = read_corpus(&corpus)?;
            let options = training.options();
            let new_tokens = if new_tokens {
                NewTokens::Add
            } else {
                NewTokens::LeaveOut
            };
            match Generator::load(&parent, &device)? {
                Generator::Graph(parent, _) => fit_graph(parent, &corpus.smiles, &options, &out),
                Generator::Smiles(parent, vocab)
                    if matches!(parent.architecture(), Architecture::SmilesTransformer(_)) =>
                {
                    let max_len = parent.max_positions().unwrap_or_default();
                    fit_written(
                        vocab,
                        new_tokens,
                        max_len,
                        |tokens| parent.with_vocab_size(tokens, options.seed),
                        &corpus.smiles,
                        &options,
                        &out,
                    )
                }
                Generator::Smiles(parent, mut vocab) => {
                    let (model, data, added) =
                        finetuning(&parent, &mut vocab, &corpus, &options, new_tokens)?;
                    if added > 0 {
                        eprintln!("vocabulary: {added} new tokens");
                    }
                    if data.left_out > 0 {
                        eprintln!(
                            "{} molecules left out: they spell tokens the parent's vocabulary \
                             lacks (--new-tokens keeps them)",
                            data.left_out
                        );
                    }
                    report_augmentation(&data);
                    fit(model, &vocab, &data, &options, &out)
                }
            }
        }
        GeneratorCommand::Reinforce {
            agent,
            prior,
            environment,
            epochs,
            batch_size,
            epsilon,
            beta,
            learning_rate,
            patience,
            seed,
            fragments,
            out,
        } => {
            let environment = EnvironmentFile::read(&environment)?;
            let prior_model = Generator::load(prior.as_ref().unwrap_or(&agent), &device)?;
            let agent = Generator::load(&agent, &device)?;
            let seeds = seeds_from(&agent, fragments.as_deref())?;
            let config = ReinforceConfig {
                epochs,
                batch_size,
                epsilon,
                beta,
                learning_rate,
                patience,
                seed,
                ..ReinforceConfig::default()
            };
            let bar = progress(epochs as u64, "epoch");
            let started = Instant::now();
            let (agent, summary) =
                agent.reinforce(&prior_model, seeds, &environment, &config, |r| {
                    bar.inc(1);
                    log(
                        &bar,
                        format!(
                            "epoch {:>3}  loss {:>8.4}  valid {:.3}  unique {:.3}  desired {:.3}{}{}",
                            r.epoch,
                            r.loss,
                            r.valid_ratio,
                            r.unique_ratio,
                            r.desired_ratio,
                            r.fragment_retention
                                .map_or(String::new(), |x| format!("  retention {x:.3}")),
                            if r.best { "  *" } else { "" }
                        ),
                    );
                    ControlFlow::Continue(())
                })?;
            bar.finish_and_clear();
            agent.save(&out)?;
            println!(
                "{} epochs in {:.1} s; best epoch {} (desired ratio {:.3}) saved to {}",
                summary.epochs,
                started.elapsed().as_secs_f64(),
                summary.best_epoch,
                summary.best_desired_ratio,
                out.display()
            );
            Ok(())
        }
        GeneratorCommand::Sample { sampling, out } => {
            let generated = sample_from(&sampling, &device)?;
            let smiles: Vec<String> = generated.into_iter().map(|g| g.smiles).collect();
            let mut writer = output(out.as_deref())?;
            for s in &smiles {
                writeln!(writer, "{s}")?;
            }
            writer.flush()?;
            let stats = genui_generator_engine::sample::SampleStats::of(&smiles);
            eprintln!(
                "{} SMILES: validity {:.3}, uniqueness {:.3}",
                stats.total,
                stats.validity(),
                stats.uniqueness()
            );
            Ok(())
        }
        GeneratorCommand::Fragment { corpus, out } => {
            let corpus = read_corpus(&corpus)?;
            let fragmenter = Fragmenter::default();
            let mut writer = output(out.as_deref())?;
            let mut written = 0;
            for smiles in &corpus.smiles {
                // The last pair holds the largest combination: every leaf kept.
                if let Some(pair) = fragmenter.pairs(smiles)?.pop() {
                    writeln!(writer, "{}", pair.fragments)?;
                    written += 1;
                }
            }
            writer.flush()?;
            eprintln!("{written} of {} molecules have fragments", corpus.len());
            Ok(())
        }
        GeneratorCommand::Evaluate {
            sampling,
            smiles,
            train,
            reference,
            limit,
        } => {
            let generated = match &smiles {
                Some(path) => read_lines(path, None, true)?
                    .into_iter()
                    .map(|smiles| Generated {
                        smiles,
                        fragments: None,
                    })
                    .collect(),
                None => sample_from(&sampling, &device)?,
            };
            let retention = metrics::retention_ratio(&metrics::fragments_retained(&generated));
            let generated: Vec<String> = generated.into_iter().map(|g| g.smiles).collect();
            let training = train
                .map(|p| read_lines(&p, limit, false).map(|t| metrics::canonical_set(&t)))
                .transpose()?;
            let reference = reference
                .map(|p| read_lines(&p, limit, false).map(|r| metrics::Reference::new(&r)))
                .transpose()?;
            let m = metrics::evaluate(&generated, training.as_ref(), reference.as_ref())?;
            let mut report = serde_json::to_value(&m)?;
            if let Some(retention) = retention {
                report["fragment_retention"] = retention.into();
            }
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        GeneratorCommand::Smoke { steps, samples } => {
            smoke::run(&args.device, &device, steps, samples)
        }
    }
}

/// A line above the progress bar, or on standard error when there is no terminal to draw on
/// (indicatif hides the bar and its lines then).
fn log(bar: &ProgressBar, line: String) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.println(line);
    }
}

fn progress(len: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{elapsed_precise}} [{{bar:30}}] {{pos}}/{{len}} {unit}s {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn report_augmentation(data: &TrainingData) {
    if data.augmented > 0 {
        eprintln!(
            "{} randomized SMILES added to the training set",
            data.augmented
        );
    }
}

/// Trains with early stopping on the validation set and saves the best epoch.
fn fit(
    model: Network,
    vocab: &Vocabulary,
    data: &TrainingData,
    options: &TrainingOptions,
    out: &Path,
) -> anyhow::Result<()> {
    eprintln!(
        "{} sequences for training, {} molecules for validation, {} tokens",
        data.train.len(),
        data.valid.len(),
        vocab.len()
    );
    let bar = progress(options.epochs as u64, "epoch");
    let started = Instant::now();
    let (model, summary) = train(model, vocab, data, options, |r| {
        bar.inc(1);
        log(&bar, epoch_line(r, started));
        ControlFlow::Continue(())
    })?;
    bar.finish_and_clear();
    files::save(out, &model, vocab)?;
    print_fit(&summary, started, out);
    Ok(())
}

fn sample_from(args: &SamplingArgs, device: &Device) -> anyhow::Result<Vec<Generated>> {
    let Some(dir) = &args.model else {
        bail!("--model is required to sample");
    };
    if args.n == 0 {
        bail!("-n must be positive");
    }
    let model = Generator::load(dir, device)?;
    let seeds = seeds_from(&model, args.fragments.as_deref())?;
    Ok(model.sample(args.n, args.temperature, args.seed, &seeds)?)
}

/// A buffered file to write, or standard output.
fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(std::io::BufWriter::new(
            File::create(path).with_context(|| path.display().to_string())?,
        )),
        None => Box::new(std::io::stdout().lock()),
    })
}

/// The seeds a `--fragments` argument (a file of SMILES, or one SMILES) gives `model`.
fn seeds_from(model: &Generator, fragments: Option<&str>) -> anyhow::Result<Seeds> {
    let list = match fragments {
        Some(text) if Path::new(text).is_file() => Some(read_lines(Path::new(text), None, false)?),
        Some(text) => Some(vec![text.to_string()]),
        None => None,
    };
    model
        .reader()
        .read(list.as_deref())
        .map_err(|e| anyhow::anyhow!("--fragments: {e}"))
}

/// Trains a SMILES transformer with fragment input on the fragment pairs of `smiles` with
/// early stopping and saves the best epoch; `network` makes it for the number of tokens the
/// pairs need (they may grow `vocabulary`).
fn fit_written(
    mut vocabulary: Vocabulary,
    new_tokens: NewTokens,
    max_len: usize,
    network: impl FnOnce(usize) -> genui_generator_engine::Result<Network>,
    smiles: &[String],
    options: &TrainingOptions,
    out: &Path,
) -> anyhow::Result<()> {
    let data = PromptedData::prepare(smiles, &mut vocabulary, max_len, options, new_tokens)?;
    eprintln!(
        "{} fragment pairs for training, {} for validation ({} molecules gave none)",
        data.train.len(),
        data.valid.len(),
        data.skipped
    );
    let model = network(vocabulary.len())?;
    let bar = progress(options.epochs as u64, "epoch");
    let started = Instant::now();
    let (model, summary) = train_prompted(model, &vocabulary, &data, options, |r| {
        bar.inc(1);
        log(&bar, epoch_line(r, started));
        ControlFlow::Continue(())
    })?;
    bar.finish_and_clear();
    files::save(out, &model, &vocabulary)?;
    print_fit(&summary, started, out);
    Ok(())
}

/// Trains a graph transformer on the fragment tables of `smiles` with early stopping and saves
/// the best epoch.
fn fit_graph(
    model: GraphTransformer,
    smiles: &[String],
    options: &TrainingOptions,
    out: &Path,
) -> anyhow::Result<()> {
    let coder = GraphCoder {
        vocabulary: GraphVocabulary::drugex(),
        layout: model.config().layout(),
    };
    let data = GraphTrainingData::prepare(smiles, &coder, options)?;
    eprintln!(
        "{} fragment tables for training, {} for validation ({} molecules gave none)",
        data.train.len(),
        data.valid.len(),
        data.skipped
    );
    let bar = progress(options.epochs as u64, "epoch");
    let started = Instant::now();
    let (model, summary) = train_graph(model, &coder, &data, options, |r| {
        bar.inc(1);
        log(&bar, epoch_line(r, started));
        ControlFlow::Continue(())
    })?;
    bar.finish_and_clear();
    files::save_graph(out, &model, &coder.vocabulary)?;
    print_fit(&summary, started, out);
    Ok(())
}

/// What a finished training run kept, and where.
fn print_fit(summary: &FitSummary, started: Instant, out: &Path) {
    println!(
        "{} epochs in {:.1} s; best epoch {} (validation loss {:.4}) saved to {}",
        summary.epochs,
        started.elapsed().as_secs_f64(),
        summary.best_epoch,
        summary.best_valid_loss,
        out.display()
    );
}

/// The line of a training epoch.
fn epoch_line(r: &EpochReport, started: Instant) -> String {
    let sampled = r.sample.as_ref().map_or(String::new(), |s| {
        format!(
            "  valid {:.3}  unique {:.3}{}",
            s.valid_ratio,
            s.unique_ratio,
            s.fragment_retention
                .map_or(String::new(), |x| format!("  retention {x:.3}"))
        )
    });
    format!(
        "epoch {:>3}  train loss {:.4}  validation loss {:.4}{sampled}{}  ({:.0} s)",
        r.epoch,
        r.train_loss,
        r.valid_loss,
        if r.best { "  *" } else { "" },
        started.elapsed().as_secs_f64()
    )
}
