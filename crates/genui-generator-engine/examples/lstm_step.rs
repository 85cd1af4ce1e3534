//! Times one DrugEx-size training step (3×512 LSTM, embedding 128, batch 64 × length 100) and
//! sampling throughput, for comparison with PyTorch on the same machine.
//!
//! `cargo run --release -p genui-generator-engine --example lstm_step [steps] [cell]`; the PyTorch reference with
//! the same architecture, batch and optimizer is `bench/torch_step.py` (run both in one session).

use std::time::Instant;

use candle_core::Device;
use genui_generator_engine::config::{Cell, ModelConfig};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::{masked_cross_entropy, RnnLm};
use genui_generator_engine::sample::{sample, SampleOptions};
use genui_generator_engine::train::{Batch, TrainConfig, Trainer};
use genui_generator_engine::vocab::{Vocabulary, END_ID};
use rand::{rngs::StdRng, Rng, SeedableRng};

/// The allocator of the `genui` binary, which training runs in, with the same compiled-in
/// options (`.cargo/config.toml`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> genui_generator_engine::Result<()> {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let cell = match args.next().as_deref() {
        Some("gru") => Cell::Gru,
        _ => Cell::Lstm,
    };
    // A vocabulary of MOSES size (~30 tokens).
    let tokens: Vec<String> =
        "C c N n O o S s F Cl Br ( ) = # 1 2 3 4 5 6 [nH] [C@@H] [C@H] - + [O-] [N+] H"
            .split(' ')
            .map(String::from)
            .collect();
    let vocab = Vocabulary::from_tokens([tokens.as_slice()]);
    let config = ModelConfig::drugex(cell, vocab.len());
    let model = RnnLm::new(config, 0, &Device::Cpu)?;
    let mut rng = StdRng::seed_from_u64(0);
    let sequences: Vec<Vec<u32>> = (0..64)
        .map(|_| {
            let mut s: Vec<u32> = (0..99)
                .map(|_| rng.gen_range(3..vocab.len() as u32))
                .collect();
            s.push(END_ID);
            s
        })
        .collect();
    let refs: Vec<&[u32]> = sequences.iter().map(Vec::as_slice).collect();
    let batch = Batch::new(&refs, &Device::Cpu)?;
    let mut trainer = Trainer::new(model, TrainConfig::default())?;
    trainer.step(&batch)?; // warm-up
    let start = Instant::now();
    for _ in 0..steps {
        trainer.step(&batch)?;
    }
    let per_step = start.elapsed().as_secs_f64() / steps as f64;
    println!(
        "{cell:?} 3x512 emb 128, batch 64 x 100: {:.3} s per training step",
        per_step
    );
    let start = Instant::now();
    let logits = trainer.model().forward(&batch.input)?;
    let loss = masked_cross_entropy(&logits, &batch.target)?;
    let forward = start.elapsed().as_secs_f64();
    let start = Instant::now();
    loss.backward()?;
    let backward = start.elapsed().as_secs_f64();
    println!(
        "  forward + loss {forward:.3} s, backward {backward:.3} s, clipping + AdamW {:.3} s",
        per_step - forward - backward
    );
    let options = SampleOptions {
        n: 512,
        batch_size: 512,
        max_tokens: 100,
        ..SampleOptions::default()
    };
    let start = Instant::now();
    let smiles = sample(trainer.model(), &vocab, &options)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "sampling (untrained, 100 tokens each): {:.0} SMILES/s",
        smiles.len() as f64 / secs
    );
    Ok(())
}
