//! `genui generator smoke`: does a device train and sample as the CPU does, and how fast? For a
//! GPU machine with a prebuilt binary and no network (`scripts/gpu-smoke.sh`): everything it
//! needs is compiled in (the shipped model samples the training corpus).

use std::cmp::Ordering;
use std::time::Instant;

use anyhow::{bail, ensure};
use candle_core::Device;
use genui_generator_engine::config::{Cell, GptConfig, ModelConfig};
use genui_generator_engine::generator::Generator;
use genui_generator_engine::gpt::GptLm;
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::RnnLm;
use genui_generator_engine::network::Network;
use genui_generator_engine::sample::{sample, SampleOptions, SampleStats};
use genui_generator_engine::train::{Batch, TrainConfig, Trainer};
use genui_generator_engine::vocab::Vocabulary;
use genui_generators::shipped::Shipped;

/// Sequences per training step.
const BATCH: usize = 64;

/// What one device did.
struct Figures {
    device: String,
    trained: Vec<Training>,
    sampled: Sampling,
}

struct Training {
    network: &'static str,
    first_loss: f32,
    last_loss: f32,
    steps_per_second: f64,
}

struct Sampling {
    smiles_per_second: f64,
    validity: f64,
}

/// Runs the CPU half, then `device`'s unless it is the CPU, prints the figures side by side and
/// fails unless every loss fell and the device's validity matches the CPU's within noise.
pub(super) fn run(name: &str, device: &Device, steps: usize, samples: usize) -> anyhow::Result<()> {
    ensure!(
        steps >= 2,
        "--steps must be at least 2 (the first one warms the device up)"
    );
    ensure!(samples > 0, "--samples must be positive");
    let (network, vocabulary) = shipped(&Device::Cpu)?;
    let corpus = training_corpus(&network, &vocabulary, steps * BATCH)?;
    let mut halves = vec![measure(
        "cpu",
        &Device::Cpu,
        &vocabulary,
        &corpus,
        steps,
        samples,
    )?];
    if !device.is_cpu() {
        halves.push(measure(name, device, &vocabulary, &corpus, steps, samples)?);
    }
    println!("{:<8} {:<38} figures", "device", "what");
    for half in &halves {
        for t in &half.trained {
            println!(
                "{:<8} {:<38} loss {:.3} -> {:.3}, {:.2} steps/s",
                half.device,
                format!("{} training, {steps} steps", t.network),
                t.first_loss,
                t.last_loss,
                t.steps_per_second
            );
        }
        println!(
            "{:<8} {:<38} {:.0} SMILES/s, validity {:.3}",
            half.device,
            format!("sampling {samples} (shipped LSTM)"),
            half.sampled.smiles_per_second,
            half.sampled.validity
        );
    }
    let mut problems = Vec::new();
    for half in &halves {
        // A NaN loss did not fall either.
        let fell = |t: &&Training| t.last_loss.partial_cmp(&t.first_loss) == Some(Ordering::Less);
        for t in half.trained.iter().filter(|t| !fell(t)) {
            problems.push(format!(
                "{}: the {}'s loss did not fall ({:.3} -> {:.3})",
                half.device, t.network, t.first_loss, t.last_loss
            ));
        }
    }
    if let [cpu, other] = halves.as_slice() {
        let p = cpu.sampled.validity.clamp(0.01, 0.99);
        // Four standard deviations of the difference of two independent proportions.
        let allowed = 4.0 * (2.0 * p * (1.0 - p) / samples as f64).sqrt();
        let difference = (other.sampled.validity - cpu.sampled.validity).abs();
        println!(
            "{} vs cpu: validity differs by {difference:.3} (allowed {allowed:.3}); sampling {:.1}x, training {}",
            other.device,
            other.sampled.smiles_per_second / cpu.sampled.smiles_per_second,
            other
                .trained
                .iter()
                .zip(&cpu.trained)
                .map(|(o, c)| format!("{} {:.1}x", o.network, o.steps_per_second / c.steps_per_second))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if difference > allowed {
            problems.push(format!(
                "{}'s validity {:.3} is not the CPU's {:.3} within noise",
                other.device, other.sampled.validity, cpu.sampled.validity
            ));
        }
    }
    if !problems.is_empty() {
        bail!("smoke test failed: {}", problems.join("; "));
    }
    println!("smoke test passed");
    Ok(())
}

fn shipped(device: &Device) -> anyhow::Result<(Network, Vocabulary)> {
    match Shipped::Smiles.load(device)? {
        Generator::Smiles(network, vocabulary) => Ok((network, vocabulary)),
        Generator::Graph(..) => bail!("the shipped SMILES model is not a SMILES network"),
    }
}

/// `n` encoded SMILES sampled from the shipped model (seeded): real molecules to learn from.
fn training_corpus(
    network: &Network,
    vocabulary: &Vocabulary,
    n: usize,
) -> anyhow::Result<Vec<Vec<u32>>> {
    let options = SampleOptions {
        n,
        seed: 1,
        ..SampleOptions::default()
    };
    Ok(sample(network, vocabulary, &options)?
        .iter()
        .filter_map(|smiles| vocabulary.encode(smiles).ok())
        .filter(|ids| ids.len() > 1)
        .collect())
}

fn measure(
    name: &str,
    device: &Device,
    vocabulary: &Vocabulary,
    corpus: &[Vec<u32>],
    steps: usize,
    samples: usize,
) -> anyhow::Result<Figures> {
    eprintln!("{name}: training and sampling…");
    let v = vocabulary.len();
    let lstm = RnnLm::new(ModelConfig::drugex(Cell::Lstm, v), 1, device)?;
    let transformer = GptLm::new(GptConfig::small(v), 1, device)?;
    let trained = vec![
        train("LSTM 3x512", lstm, device, corpus, steps)?,
        train("transformer 4x256", transformer, device, corpus, steps)?,
    ];
    let (network, vocabulary) = shipped(device)?;
    let options = SampleOptions {
        n: samples,
        seed: 7,
        ..SampleOptions::default()
    };
    let start = Instant::now();
    let smiles = sample(&network, &vocabulary, &options)?;
    let smiles_per_second = samples as f64 / start.elapsed().as_secs_f64();
    Ok(Figures {
        device: name.to_string(),
        trained,
        sampled: Sampling {
            smiles_per_second,
            validity: SampleStats::of(&smiles).validity(),
        },
    })
}

/// `steps` steps over consecutive batches of the corpus; the first is not timed (it loads the
/// device's kernels).
fn train<M: LanguageModel>(
    network: &'static str,
    model: M,
    device: &Device,
    corpus: &[Vec<u32>],
    steps: usize,
) -> anyhow::Result<Training> {
    let mut trainer = Trainer::new(
        model,
        TrainConfig {
            batch_size: BATCH,
            ..TrainConfig::default()
        },
    )?;
    let mut losses = Vec::with_capacity(steps);
    let mut timed_from = Instant::now();
    for (step, sequences) in corpus.chunks(BATCH).cycle().take(steps).enumerate() {
        let refs: Vec<&[u32]> = sequences.iter().map(Vec::as_slice).collect();
        losses.push(trainer.step(&Batch::new(&refs, device)?)?);
        if step == 0 {
            timed_from = Instant::now();
        }
    }
    // The means of the first and last three steps: one batch can be easier than another.
    let mean = |l: &[f32]| l.iter().sum::<f32>() / l.len() as f32;
    let ends = 3.min(steps / 2);
    Ok(Training {
        network,
        first_loss: mean(&losses[..ends]),
        last_loss: mean(&losses[steps - ends..]),
        steps_per_second: (steps - 1) as f64 / timed_from.elapsed().as_secs_f64(),
    })
}
