//! Times one training step of DrugEx v3's graph transformer at DrugEx's size (12 blocks of
//! width 512, 8 heads, feed-forward 1024; tables of 80 rows) on a batch of 64 tables, and
//! growth from fragments, for comparison with PyTorch on the same machine.
//!
//! `cargo run --release -p genui-generator-engine --example graph_step [steps] [batch]`; the
//! PyTorch twin with the same layers, batch and optimizer is `bench/torch_graph_step.py` (run
//! both in one session).

use std::time::Instant;

use candle_core::Device;
use genui_generator_engine::config::GraphTransformerConfig;
use genui_generator_engine::graph::{GraphCoder, Step};
use genui_generator_engine::graph_model::{GraphBatch, GraphTransformer};
use genui_generator_engine::train::{TrainConfig, Trainer};
use rand::{rngs::StdRng, Rng, SeedableRng};

/// The allocator of the `genui` binary, which training runs in.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> genui_generator_engine::Result<()> {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let batch: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(64);
    let coder = GraphCoder::default();
    let config = GraphTransformerConfig::drugex(coder.vocabulary.size());
    let model = GraphTransformer::new(config.clone(), 0, &Device::Cpu)?;
    // Random rows in range, as the PyTorch twin draws them: the work of a step does not depend
    // on the values.
    let mut rng = StdRng::seed_from_u64(0);
    let sites = config.layout().growth_rows() as u16;
    let tables: Vec<Vec<Step>> = (0..batch)
        .map(|_| {
            (0..config.max_len)
                .map(|_| Step {
                    atom: rng.gen_range(2..coder.vocabulary.size() as u16),
                    curr: rng.gen_range(0..sites),
                    prev: rng.gen_range(0..sites),
                    bond: rng.gen_range(0..4),
                    fragment: 0,
                })
                .collect()
        })
        .collect();
    let refs: Vec<&Vec<Step>> = tables.iter().collect();
    let mut trainer = Trainer::new(model, TrainConfig::default())?;
    trainer.train_batch(&refs)?; // warm-up
    let mut times = Vec::with_capacity(steps);
    for _ in 0..steps {
        let start = Instant::now();
        trainer.train_batch(&refs)?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "graph transformer 12 x 512, 8 heads, ffn 1024, batch {batch} x 80 rows: median {:.3} s per training step (min {:.3}, max {:.3})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    let slices: Vec<&[Step]> = tables.iter().map(Vec::as_slice).collect();
    let prepared = GraphBatch::new(&slices, &config, &Device::Cpu)?;
    let start = Instant::now();
    let loss = trainer.model().loss(&prepared)?;
    let forward = start.elapsed().as_secs_f64();
    let start = Instant::now();
    loss.backward()?;
    println!(
        "  forward + loss {forward:.3} s, backward {:.3} s",
        start.elapsed().as_secs_f64()
    );
    let seeds = vec![coder.seed("*c1ccc2[nH]ccc2c1")?; batch];
    let start = Instant::now();
    let grown = trainer
        .model()
        .generate(&coder.vocabulary, &seeds, None, batch, &mut rng)?;
    println!(
        "  growing {} molecules from a scaffold: {:.2} s",
        grown.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
