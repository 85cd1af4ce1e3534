//! The import task: read a set's source, process every record on all cores,
//! merge duplicates and replace the set's contents in one transaction that
//! also marks the task successful. A failed, cancelled or retried import
//! therefore never leaves part of a set behind.

use std::sync::Arc;
use std::time::Duration;

use genui_storage::files::{FileKey, FileStore};
use genui_tasks::{KindSpec, Queue, TaskContext, TaskError, TaskFailure, TaskRegistry};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::pipeline::{process_all, Rejection};
use crate::report::ImportReport;
use crate::sources::{chembl, ChemblClient, ImportLimits, Parsed, Source, SourceError};
use crate::{merge_duplicates, store};

/// Task kind of imports.
pub const IMPORT_KIND: &str = "compound_set_import";

/// What an import needs besides the database.
#[derive(Debug, Clone)]
pub struct ImportEnvironment {
    pub files: FileStore,
    pub chembl: ChemblClient,
    pub limits: ImportLimits,
}

/// The arguments of an import task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportArgs {
    pub compound_set_id: i64,
}

/// Registers the import task (CPU queue) with `registry`. One attempt: an import that took its
/// worker down (a file that crashes a parser or exhausts memory) is quarantined with the
/// reason rather than handed to the next worker; a worker that stops normally hands it back
/// uncounted.
pub fn register(registry: &mut TaskRegistry, environment: ImportEnvironment) {
    let environment = Arc::new(environment);
    registry.register(
        IMPORT_KIND,
        KindSpec::new(Queue::Celery, move |ctx| run(ctx, environment.clone()))
            .time_limit(Duration::from_secs(6 * 3600))
            .max_attempts(1),
    );
}

fn source_failure(e: SourceError) -> TaskFailure {
    match e {
        SourceError::Invalid(m) => TaskError::new("invalid_source", m).into(),
        SourceError::Unavailable(m) => TaskError::new("source_unavailable", m).into(),
    }
}

async fn run(ctx: TaskContext, environment: Arc<ImportEnvironment>) -> Result<Value, TaskFailure> {
    let args: ImportArgs = ctx.args()?;
    let set = store::get_set(ctx.db(), args.compound_set_id)
        .await?
        .ok_or_else(|| TaskError::new("not_found", "the compound set no longer exists"))?;
    let source = set
        .source()
        .map_err(|e| TaskError::new("invalid_source", e.to_string()))?;
    let parsed = read(&ctx, &environment, &set, source).await?;
    let read = parsed.read();
    let mut rejected = parsed.rejected;
    let total = parsed.records.len() as u64;
    let results = ctx
        .run_blocking("processing molecules", move |reporter| {
            reporter.set(0, Some(total));
            process_all(parsed.records, &|| reporter.is_cancelled(), &|n| {
                reporter.set_done(n as u64)
            })
        })
        .await?
        .ok_or(TaskFailure::Cancelled)?;
    let mut molecules = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(molecule) => molecules.push(molecule),
            Err(rejection) => rejected.push(rejection),
        }
    }
    rejected.sort_by_key(|r| r.position);
    let (merged, duplicates) = merge_duplicates(molecules);
    if merged.is_empty() {
        return Err(nothing_imported(read, &rejected));
    }
    let report = ImportReport::new(read, &merged, duplicates, rejected);
    ctx.progress(total as i64, Some(total as i64), "saving molecules")
        .await?;
    let mut tx = ctx.db().begin().await?;
    store::replace_contents(&mut tx, &set, &merged, &report).await?;
    ctx.commit_success(tx, json!(report)).await
}

/// Reads the records of the set's source: its file, or ChEMBL.
async fn read(
    ctx: &TaskContext,
    environment: &ImportEnvironment,
    set: &store::CompoundSet,
    source: Source,
) -> Result<Parsed, TaskFailure> {
    if let Source::Chembl(query) = &source {
        let reporter = ctx.reporter("downloading ChEMBL activities", None);
        let download = environment
            .chembl
            .activities(query, |n, of| reporter.set(n, Some(of)));
        let activities = ctx
            .watch(&reporter, download)
            .await?
            .map_err(source_failure)?;
        return Ok(chembl::records(activities, query));
    }
    let key = set
        .file_key
        .as_deref()
        .and_then(|k| FileKey::parse(k).ok())
        .ok_or_else(|| TaskError::new("invalid_source", "the set has no uploaded file"))?;
    let path = environment.files.path(&key);
    let limits = environment.limits;
    ctx.progress(0, None, "reading the file").await?;
    tokio::task::spawn_blocking(move || source.read_file(&path, &limits))
        .await?
        .map_err(source_failure)
}

/// The failure of an import that kept no molecule, with the first reasons.
fn nothing_imported(read: usize, rejected: &[Rejection]) -> TaskFailure {
    let mut errors = vec![TaskError::new(
        "nothing_imported",
        if read == 0 {
            "the source holds no records".to_owned()
        } else {
            format!("none of the {read} records could be imported")
        },
    )];
    errors.extend(rejected.iter().take(100).map(|r| {
        TaskError::new("rejected_record", format!("{} ({})", r.reason, r.input))
            .with_item(format!("record {}", r.position))
    }));
    TaskFailure::Failed(errors)
}
