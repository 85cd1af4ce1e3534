//! Sampling throughput of the shipped model (2 × 256 LSTM), of a DrugEx-size network (3 × 512
//! LSTM, embedding 128, same vocabulary, seeded random weights) and of a SMILES transformer of
//! the platform's default size (4 × 256, 8 heads; random weights), batches of 512, and the wall
//! time of one reinforcement-learning epoch of 100 molecules with the shipped model.
//!
//! `cargo run --release -p genui-generator-engine --example sample_speed [n] [dir]` writes both
//! LSTMs to `dir` (default `target/sample-speed`) for the PyTorch reference, which samples the
//! same networks the same way (`crates/genui-generator-engine/bench/torch_sample.py [n] [dir]`).
//! With `GENUI_TORCH_PYTHON` naming a Python that has `torch` and `safetensors`, the example runs
//! it right after its own figures, so both come from one run on the same machine.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use candle_core::Device;
use genui_generator_engine::config::{Cell, GptConfig, ModelConfig};
use genui_generator_engine::environment::{Environment, Objective, RewardScheme};
use genui_generator_engine::files::{load, save};
use genui_generator_engine::gpt::GptLm;
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::RnnLm;
use genui_generator_engine::network::Network;
use genui_generator_engine::reinforce::{reinforce, ReinforceConfig};
use genui_generator_engine::sample::{sample, SampleOptions};
use genui_generator_engine::scoring::Property;
use genui_generator_engine::vocab::{tokenize, Vocabulary};

/// The allocator of the `genui` binary, which sampling runs in.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> genui_generator_engine::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5120);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/sample-speed".into()));
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/default");
    let (network, vocab) = load(&shipped, &Device::Cpu)?;
    save(&dir.join("shipped"), &network, &vocab)?;
    let drugex = RnnLm::new(
        ModelConfig::drugex(Cell::Lstm, vocab.len()),
        1,
        &Device::Cpu,
    )?;
    save(&dir.join("drugex"), &drugex, &vocab)?;
    println!(
        "{} threads; networks written to {}",
        rayon::current_num_threads(),
        dir.display()
    );
    time_sampling("shipped 2x256 LSTM", &network, &vocab, n)?;
    time_sampling("DrugEx 3x512 LSTM", &drugex, &vocab, n)?;
    let transformer = GptLm::new(GptConfig::small(vocab.len()), 1, &Device::Cpu)?;
    time_sampling("transformer 4x256", &transformer, &vocab, n)?;
    time_reinforcement_epoch(network, vocab)?;
    if let Some(python) = std::env::var_os("GENUI_TORCH_PYTHON") {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/torch_sample.py");
        let outcome = std::process::Command::new(python)
            .arg(script)
            .arg(n.to_string())
            .arg(&dir)
            .status();
        match outcome {
            Ok(status) if status.success() => {}
            outcome => eprintln!("the PyTorch reference failed: {outcome:?}"),
        }
    }
    Ok(())
}

fn time_sampling<M: LanguageModel>(
    name: &str,
    model: &M,
    vocab: &Vocabulary,
    n: usize,
) -> genui_generator_engine::Result<()> {
    let options = SampleOptions {
        n,
        batch_size: 512,
        max_tokens: 100,
        seed: 7,
        ..SampleOptions::default()
    };
    // Three rounds (this machine's timings vary by several percent): each, then the median.
    let mut rates = Vec::new();
    let mut tokens = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let smiles = sample(model, vocab, &options)?;
        rates.push(n as f64 / start.elapsed().as_secs_f64());
        // Each written token, the end token included.
        tokens = smiles
            .iter()
            .map(|s| tokenize(s).map_or(0, |t| t.len()) + 1)
            .sum();
    }
    let rounds: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    rates.sort_by(f64::total_cmp);
    println!(
        "{name}: {:.0} SMILES/s (median of {}; {:.1} tokens each)",
        rates[1],
        rounds.join(", "),
        tokens as f64 / n as f64
    );
    Ok(())
}

/// One epoch of 100 molecules toward QED, the shipped model as agent and prior.
fn time_reinforcement_epoch(
    network: Network,
    vocab: Vocabulary,
) -> genui_generator_engine::Result<()> {
    let prior = network.try_clone()?;
    let environment = Environment::new(
        vec![Objective {
            scorer: Arc::new(Property::Qed),
            modifier: None,
            threshold: 0.5,
        }],
        RewardScheme::WeightedSum,
    )?;
    let config = ReinforceConfig {
        epochs: 1,
        batch_size: 100,
        seed: 3,
        ..ReinforceConfig::default()
    };
    let start = Instant::now();
    reinforce(
        network,
        &prior,
        &vocab.into(),
        &environment,
        &config,
        |_| ControlFlow::Continue(()),
    )?;
    println!(
        "reinforcement learning, shipped model, one epoch of 100 molecules (QED): {:.2} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
