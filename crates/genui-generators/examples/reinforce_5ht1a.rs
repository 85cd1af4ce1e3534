//! Benchmark (prints figures): reinforcement learning from a shipped network towards 5-HT1A
//! ligands, as issues 10 and 20 ask: the SMILES LSTM, or — given a scaffold — the graph
//! transformer growing molecules from it (its fragment retention printed too). A random-forest regression of pKi on `AS1.csv.gz` (4,132 5-HT1A
//! Ki values of the WDL-RF package; pKi = value + 9) and QED are the objectives: desired when
//! the predicted pKi ≥ 7 and QED ≥ 0.5, rewarded by Pareto ranking with crowding distance.
//! Each epoch prints the desired, valid and unique ratios of its batch and the time so far; at
//! the end 1,000 molecules sampled from the kept agent are scored the same way.
//!
//! ```sh
//! cargo run --release -p genui-generators --example reinforce_5ht1a -- \
//!     ../shared/data/wdl_rf_gpcr/AS1.csv.gz [epochs=40] [batch=256] [epsilon=0.1] [scaffold]
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

use candle_core::Device;
use genui_generator_engine::environment::{Environment, Objective, RewardScheme};
use genui_generator_engine::metrics::{fragments_retained, retention_ratio};
use genui_generator_engine::reinforce::ReinforceConfig;
use genui_generator_engine::sample::{canonical_smiles, SampleStats};
use genui_generator_engine::scoring::{Modifier, Property};
use genui_generators::scorer::QsarScorer;
use genui_generators::shipped::Shipped;
use genui_ml::aggregate::{DataReport, Target};
use genui_ml::model::{build, BuildSpec};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: reinforce_5ht1a AS1.csv.gz [epochs] [batch] [epsilon] [scaffold]")?;
    let epochs: usize = args.get(1).map_or(Ok(40), |a| a.parse())?;
    let batch_size: usize = args.get(2).map_or(Ok(256), |a| a.parse())?;
    let epsilon: f64 = args.get(3).map_or(Ok(0.1), |a| a.parse())?;
    let scaffold = args.get(4);
    let started = Instant::now();

    // pKi per distinct molecule (the median of repeats).
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
    let mut values: HashMap<String, Vec<f64>> = HashMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (Some(value), Some(smiles)) = (fields.get(1), fields.get(2)) else {
            continue;
        };
        if let (Ok(v), Some(c)) = (value.parse::<f64>(), canonical_smiles(smiles)) {
            values.entry(c).or_default().push(v + 9.0);
        }
    }
    let mut molecules: Vec<(String, f64)> = values
        .into_iter()
        .map(|(s, mut v)| {
            v.sort_by(f64::total_cmp);
            (s, v[v.len() / 2])
        })
        .collect();
    molecules.sort_by(|a, b| a.0.cmp(&b.0));
    let smiles: Vec<String> = molecules.iter().map(|m| m.0.clone()).collect();
    let targets: Vec<Target> = molecules.iter().map(|m| Target::Value(m.1)).collect();
    let keys: Vec<i64> = (0..smiles.len() as i64).collect();
    let spec: BuildSpec = serde_json::from_value(serde_json::json!({
        "activity_set_id": 0, "activity_type": "pKi", "mode": "regression",
        "algorithm": "random_forest", "parameters": {"n_trees": 100},
        "validation": {"folds": 3, "test_fraction": 0.2}, "seed": 1
    }))?;
    let config = spec.validate()?;
    let data = DataReport::default();
    let built = build(
        &spec,
        &config,
        &keys,
        &smiles,
        &targets,
        data,
        &mut |_, _| {},
    )?;
    println!(
        "random forest on {} molecules in {:.1} s: cross-validated R² {:?}, test {:?}",
        smiles.len(),
        started.elapsed().as_secs_f64(),
        built.performance.cross_validation.mean["r2"],
        built.performance.test.map(|t| t.metrics)
    );
    let metadata = serde_json::json!({"descriptors": spec.descriptors});
    let file = genui_ml::file::write(&built.model, &built.reference, &metadata);
    let forest = QsarScorer::new("pKi".to_owned(), &file)?;

    let environment = Environment::new(
        vec![
            Objective {
                scorer: Arc::new(forest),
                modifier: Some(Modifier::Clipped {
                    lower: 5.0,
                    upper: 9.0,
                    low: 0.0,
                    high: 1.0,
                }),
                // pKi 7 on the 5 → 9 ramp.
                threshold: 0.5,
            },
            Objective {
                scorer: Arc::new(Property::Qed),
                modifier: None,
                threshold: 0.5,
            },
        ],
        RewardScheme::ParetoCrowding,
    )?;
    let shipped = match scaffold {
        Some(_) => Shipped::Fragments,
        None => Shipped::Smiles,
    };
    let agent = shipped.load(&Device::Cpu)?;
    let scaffolds = scaffold.map(|s| vec![s.to_string()]);
    let seeds = agent
        .reader()
        .read(scaffolds.as_deref())
        .map_err(|e| format!("the scaffold: {e}"))?;
    let prior = agent.try_clone()?;
    let config = ReinforceConfig {
        epochs,
        batch_size,
        epsilon,
        seed: 7,
        ..ReinforceConfig::default()
    };
    let rl_started = Instant::now();
    let (agent, summary) = agent.reinforce(&prior, seeds.clone(), &environment, &config, |r| {
        println!(
            "epoch {:>3}  desired {:.3}  valid {:.3}  unique {:.3}{}  mean desirability pKi {:.3} QED {:.3}{}  ({:.0} s)",
            r.epoch,
            r.desired_ratio,
            r.valid_ratio,
            r.unique_ratio,
            r.fragment_retention
                .map_or(String::new(), |x| format!("  retention {x:.3}")),
            r.mean_scores[0],
            r.mean_scores[1],
            if r.best { "  *" } else { "" },
            rl_started.elapsed().as_secs_f64()
        );
        ControlFlow::Continue(())
    })?;
    println!(
        "best epoch {} (desired {:.3}) after {} epochs, {:.1} s of reinforcement learning",
        summary.best_epoch,
        summary.best_desired_ratio,
        summary.epochs,
        rl_started.elapsed().as_secs_f64()
    );
    let generated = agent.sample(1000, 1.0, 11, &seeds)?;
    let retention = retention_ratio(&fragments_retained(&generated));
    let sampled: Vec<String> = generated.into_iter().map(|g| g.smiles).collect();
    let evaluation = environment.evaluate(&sampled)?;
    let stats = SampleStats::of(&sampled);
    let distinct_desired: std::collections::HashSet<String> = sampled
        .iter()
        .zip(&evaluation.desired)
        .filter(|(_, &desired)| desired)
        .filter_map(|(s, _)| canonical_smiles(s))
        .collect();
    println!(
        "1,000 molecules from the kept agent: desired {:.3}, valid {:.3}, unique (of valid) {:.3}, \
         fragment retention {retention:?}, {} distinct desired molecules; {:.1} s in all",
        evaluation.desired_ratio(),
        stats.validity(),
        stats.uniqueness(),
        distinct_desired.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
