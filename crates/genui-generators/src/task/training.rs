//! The build task: pretraining or fine-tuning a network, or optimizing an agent, epoch by epoch.

use super::*;

/// One epoch's report: stored as JSON, shown as a progress line.
struct EpochLine {
    metrics: EpochMetrics,
    line: String,
}

/// Runs `work` on a blocking thread while storing each epoch report it sends on the network
/// as it comes and showing the last as the task's progress; the work is asked to stop when the
/// task is cancelled.
async fn with_reports<T: Send + 'static>(
    ctx: &TaskContext,
    network_id: i64,
    epochs: usize,
    work: impl FnOnce(&dyn Fn(EpochLine) -> ControlFlow<()>) -> T + Send + 'static,
) -> Result<T, TaskFailure> {
    let (sender, mut receiver) = mpsc::unbounded_channel::<EpochLine>();
    let reporter = ctx.reporter("starting", Some(epochs as u64));
    let running = {
        let reporter = reporter.clone();
        tokio::task::spawn_blocking(move || {
            work(&|line| {
                let _ = sender.send(line);
                if reporter.is_cancelled() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
        })
    };
    store::set_metrics(ctx.db(), network_id, &[]).await?;
    let storing = async {
        let mut reports = Vec::new();
        // The channel closes when the work ends (its sender is dropped with it).
        while let Some(line) = receiver.recv().await {
            let epoch = line.metrics.epoch;
            reports.push(line.metrics);
            store::set_metrics(ctx.db(), network_id, &reports).await?;
            reporter.set_done(epoch as u64);
            reporter.describe(line.line);
        }
        Ok::<_, TaskFailure>(running.await?)
    };
    ctx.watch(&reporter, storing).await?
}

/// The SMILES of every molecule of the sets, as a training corpus.
async fn corpus_of(db: &genui_storage::Db, sets: &[i64]) -> Result<Corpus, TaskFailure> {
    let mut smiles = Vec::new();
    for &set in sets {
        smiles.extend(
            compounds::all_molecules(db, set)
                .await?
                .into_iter()
                .map(|m| m.smiles),
        );
    }
    if smiles.is_empty() {
        return Err(failed(
            "no_data",
            "the compound sets hold no molecules to train on",
        ));
    }
    tokio::task::spawn_blocking(move || Corpus::from_lines(&smiles, &CorpusOptions::default()))
        .await?
        .map_err(|e| {
            failed(
                "no_data",
                format!("no molecule of the sets can be used: {e}"),
            )
        })
}

fn training_line(r: &genui_generator_engine::train::EpochReport) -> EpochLine {
    let sample = r.sample.as_ref();
    EpochLine {
        metrics: EpochMetrics {
            epoch: r.epoch,
            best: r.best,
            examples: sample.map(|s| s.examples.clone()),
            valid_ratio: sample.map(|s| s.valid_ratio),
            unique_ratio: sample.map(|s| s.unique_ratio),
            fragment_retention: sample.and_then(|s| s.fragment_retention),
            train_loss: Some(r.train_loss),
            valid_loss: Some(r.valid_loss),
            loss: None,
            desired_ratio: None,
            mean_scores: None,
        },
        line: format!(
            "epoch {}: training loss {:.3}, validation loss {:.3}{}",
            r.epoch,
            r.train_loss,
            r.valid_loss,
            sample.map_or(String::new(), |s| format!(
                ", valid {:.2}, unique {:.2}",
                s.valid_ratio, s.unique_ratio
            ))
        ),
    }
}

pub(super) async fn build(ctx: TaskContext, files: Arc<FileStore>) -> Result<Value, TaskFailure> {
    let args: BuildArgs = ctx.args()?;
    let row = store::get_network(ctx.db(), args.network_id)
        .await?
        .ok_or_else(|| failed("not_found", "the network no longer exists"))?;
    let spec = row.spec.0.clone();
    spec.validate()
        .map_err(|e| failed("invalid_arguments", e.to_string()))?;
    let (network, summary) = match spec {
        NetworkSpec::Pretrained {
            compound_set_ids,
            shape,
            training,
        } => {
            let corpus = corpus_of(ctx.db(), &compound_set_ids).await?;
            let molecules = corpus.len();
            let (network, fit) = with_reports(&ctx, row.id, training.epochs, move |report| {
                match shape.architecture(corpus.vocabulary().len()) {
                    Architecture::GraphTransformer(config) => {
                        let model = GraphTransformer::new(config, training.seed, &device())?;
                        train_fragments(model, &corpus.smiles, &training, report)
                    }
                    Architecture::SmilesTransformer(config) => train_written(
                        Vocabulary::special_only(),
                        NewTokens::Add,
                        config.max_len,
                        |tokens| Network::new(shape.architecture(tokens), training.seed, &device()),
                        &corpus.smiles,
                        &training,
                        report,
                    ),
                    _ => {
                        let mut vocab = corpus.vocabulary();
                        let data =
                            TrainingData::prepare(&corpus, &mut vocab, &training, NewTokens::Add)?;
                        // Augmentation may have added tokens: size the network after it.
                        let architecture = shape.architecture(vocab.len());
                        let model = Network::new(architecture, training.seed, &device())?;
                        train_smiles(model, vocab, &data, &training, report)
                    }
                }
            })
            .await?
            .map_err(engine)?;
            (network, fit_summary(&fit, molecules))
        }
        NetworkSpec::Finetuned {
            parent,
            compound_set_ids,
            training,
            new_tokens,
        } => {
            let parent = load_network(ctx.db(), &files, parent, row.project_id).await?;
            let corpus = corpus_of(ctx.db(), &compound_set_ids).await?;
            let molecules = corpus.len();
            let left_out = match (&parent, new_tokens) {
                (Generator::Smiles(_, vocab), NewTokens::LeaveOut) => (0..corpus.len())
                    .filter(|&i| !vocab.knows_all(&corpus.tokens(i)))
                    .count(),
                _ => 0,
            };
            let (network, fit) =
                with_reports(&ctx, row.id, training.epochs, move |report| match parent {
                    Generator::Graph(parent, _) => {
                        train_fragments(parent, &corpus.smiles, &training, report)
                    }
                    Generator::Smiles(parent, vocab)
                        if matches!(parent.architecture(), Architecture::SmilesTransformer(_)) =>
                    {
                        let max_len = parent.max_positions().unwrap_or_default();
                        train_written(
                            vocab,
                            new_tokens,
                            max_len,
                            |tokens| parent.with_vocab_size(tokens, training.seed),
                            &corpus.smiles,
                            &training,
                            report,
                        )
                    }
                    Generator::Smiles(parent, mut vocab) => {
                        let (model, data, _) =
                            finetuning(&parent, &mut vocab, &corpus, &training, new_tokens)?;
                        train_smiles(model, vocab, &data, &training, report)
                    }
                })
                .await?
                .map_err(engine)?;
            let summary = NetworkSummary {
                left_out: (left_out > 0).then_some(left_out),
                ..fit_summary(&fit, molecules)
            };
            (network, summary)
        }
        NetworkSpec::Agent {
            agent,
            prior,
            environment_id,
            reinforcement,
            fragments,
        } => {
            let environment = store::get_environment(ctx.db(), environment_id)
                .await?
                .filter(|e| e.project_id == row.project_id)
                .ok_or_else(|| failed("invalid_input", "the environment no longer exists"))?;
            let environment = load_environment(ctx.db(), &files, &environment).await?;
            let agent = load_network(ctx.db(), &files, agent, row.project_id).await?;
            let prior = match prior {
                Some(prior) => load_network(ctx.db(), &files, prior, row.project_id).await?,
                None => agent.try_clone().map_err(engine)?,
            };
            let seeds = seeds(ctx.db(), &agent, fragments.as_ref(), row.project_id).await?;
            let config = reinforcement.config();
            let keys: Vec<String> = environment
                .objectives()
                .iter()
                .map(|o| o.scorer.key())
                .collect();
            let (network, summary) = with_reports(&ctx, row.id, config.epochs, move |report| {
                agent.reinforce(&prior, seeds, &environment, &config, |r| {
                    let scores = keys
                        .iter()
                        .cloned()
                        .zip(r.mean_scores.iter().map(|&s| s.is_finite().then_some(s)));
                    report(EpochLine {
                        metrics: EpochMetrics {
                            epoch: r.epoch,
                            best: r.best,
                            examples: Some(r.examples.clone()),
                            valid_ratio: Some(r.valid_ratio),
                            unique_ratio: Some(r.unique_ratio),
                            fragment_retention: r.fragment_retention,
                            train_loss: None,
                            valid_loss: None,
                            loss: Some(r.loss),
                            desired_ratio: Some(r.desired_ratio),
                            mean_scores: Some(scores.collect()),
                        },
                        line: format!(
                            "epoch {}: desired {:.2}, valid {:.2}, unique {:.2}",
                            r.epoch, r.desired_ratio, r.valid_ratio, r.unique_ratio
                        ),
                    })
                })
            })
            .await?
            .map_err(engine)?;
            let summary = NetworkSummary {
                epochs: summary.epochs,
                best_epoch: summary.best_epoch,
                stopped_early: summary.stopped_early,
                molecules: None,
                left_out: None,
                best_valid_loss: None,
                best_desired_ratio: Some(summary.best_desired_ratio),
            };
            (network, summary)
        }
        NetworkSpec::Imported {} => {
            return Err(failed(
                "invalid_arguments",
                "imported networks are not trained",
            ))
        }
    };
    if ctx.is_cancelled() {
        return Err(TaskFailure::Cancelled);
    }
    let (config, weights) = tokio::task::spawn_blocking(move || network.to_files())
        .await?
        .map_err(engine)?;
    let mut pending = files.create("generators", "safetensors")?;
    std::io::Write::write_all(&mut pending, &weights)?;
    let key = pending.persist()?;
    let mut tx = ctx.db().begin().await?;
    store::record_build(&mut tx, row.id, &config, key.as_str(), &summary).await?;
    match ctx.commit_success(tx, json!(summary)).await {
        Ok(v) => Ok(v),
        Err(e) => {
            let _ = files.remove(&key);
            Err(e)
        }
    }
}

/// Trains a SMILES network on prepared data, reporting each epoch.
fn train_smiles(
    model: Network,
    vocab: genui_generator_engine::vocab::Vocabulary,
    data: &TrainingData,
    training: &TrainingOptions,
    report: &dyn Fn(EpochLine) -> ControlFlow<()>,
) -> genui_generator_engine::Result<(Generator, genui_generator_engine::train::FitSummary)> {
    let (model, fit) = train(model, &vocab, data, training, |r| report(training_line(r)))?;
    Ok((Generator::Smiles(model, vocab), fit))
}

/// Trains a SMILES transformer with fragment input on the fragment pairs of `smiles`,
/// reporting each epoch: `network` makes it for the number of tokens the pairs need (they may
/// grow `vocabulary`).
fn train_written(
    mut vocabulary: Vocabulary,
    new_tokens: NewTokens,
    max_len: usize,
    network: impl FnOnce(usize) -> genui_generator_engine::Result<Network>,
    smiles: &[String],
    training: &TrainingOptions,
    report: &dyn Fn(EpochLine) -> ControlFlow<()>,
) -> genui_generator_engine::Result<(Generator, genui_generator_engine::train::FitSummary)> {
    let data = PromptedData::prepare(smiles, &mut vocabulary, max_len, training, new_tokens)?;
    let model = network(vocabulary.len())?;
    let (model, fit) = train_prompted(model, &vocabulary, &data, training, |r| {
        report(training_line(r))
    })?;
    Ok((Generator::Smiles(model, vocabulary), fit))
}

/// Trains a graph transformer on the fragment tables of `smiles`, reporting each epoch.
fn train_fragments(
    model: GraphTransformer,
    smiles: &[String],
    training: &TrainingOptions,
    report: &dyn Fn(EpochLine) -> ControlFlow<()>,
) -> genui_generator_engine::Result<(Generator, genui_generator_engine::train::FitSummary)> {
    let coder = GraphCoder {
        vocabulary: genui_generator_engine::graph::GraphVocabulary::drugex(),
        layout: model.config().layout(),
    };
    let data = GraphTrainingData::prepare(smiles, &coder, training)?;
    let (model, fit) = train_graph(model, &coder, &data, training, |r| report(training_line(r)))?;
    Ok((Generator::Graph(model, coder), fit))
}

fn fit_summary(
    fit: &genui_generator_engine::train::FitSummary,
    molecules: usize,
) -> NetworkSummary {
    NetworkSummary {
        epochs: fit.epochs,
        best_epoch: fit.best_epoch,
        stopped_early: fit.stopped_early,
        molecules: Some(molecules),
        left_out: None,
        best_valid_loss: Some(fit.best_valid_loss),
        best_desired_ratio: None,
    }
}
