//! The map tasks: build a map from its compound sets (each distinct
//! molecule, by InChIKey, once), and place another compound set onto a
//! finished map without moving it.

use std::collections::HashMap;
use std::time::Duration;

use genui_compounds::store as compounds;
use genui_tasks::{KindSpec, Queue, TaskContext, TaskFailure, TaskRegistry};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::spec::{inputs, MapSpec, MapSummary};
use crate::store::{self, PointRow};

/// Task kind of map builds.
pub const BUILD_KIND: &str = "map_build";

/// Task kind of placing a compound set onto a map.
pub const TRANSFORM_KIND: &str = "map_transform";

/// The arguments of a build task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildArgs {
    pub map_id: i64,
}

/// The arguments of a transform task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransformArgs {
    pub map_id: i64,
    pub compound_set_id: i64,
}

/// Registers both tasks (CPU queue).
pub fn register(registry: &mut TaskRegistry) {
    registry.register(
        BUILD_KIND,
        KindSpec::new(Queue::Celery, build)
            .time_limit(Duration::from_secs(12 * 3600))
            .max_attempts(2),
    );
    registry.register(
        TRANSFORM_KIND,
        KindSpec::new(Queue::Celery, transform)
            .time_limit(Duration::from_secs(6 * 3600))
            .max_attempts(2),
    );
}

fn failed(code: &str, message: impl Into<String>) -> TaskFailure {
    TaskFailure::new(code, message)
}

/// Distinct molecules (by InChIKey, first seen first) with their members.
struct Distinct {
    smiles: Vec<String>,
    inchikeys: Vec<String>,
    members: Vec<Vec<i64>>,
}

async fn distinct_molecules(ctx: &TaskContext, sets: &[i64]) -> Result<Distinct, TaskFailure> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut out = Distinct {
        smiles: Vec::new(),
        inchikeys: Vec::new(),
        members: Vec::new(),
    };
    for &set in sets {
        for m in compounds::all_molecules(ctx.db(), set).await? {
            match at.get(&m.inchikey) {
                Some(&i) => out.members[i].push(m.id),
                None => {
                    at.insert(m.inchikey.clone(), out.smiles.len());
                    out.smiles.push(m.smiles);
                    out.inchikeys.push(m.inchikey);
                    out.members.push(vec![m.id]);
                }
            }
        }
    }
    Ok(out)
}

async fn load(ctx: &TaskContext, map_id: i64) -> Result<(store::Map, MapSpec), TaskFailure> {
    let map = store::get(ctx.db(), map_id)
        .await?
        .ok_or_else(|| failed("not_found", "the map no longer exists"))?;
    let spec: MapSpec = serde_json::from_value(map.spec.0.clone())
        .map_err(|e| failed("invalid_arguments", e.to_string()))?;
    Ok((map, spec))
}

async fn build(ctx: TaskContext) -> Result<Value, TaskFailure> {
    let args: BuildArgs = ctx.args()?;
    let (map, spec) = load(&ctx, args.map_id).await?;
    let method = spec
        .validate()
        .map_err(|e| failed(e.code(), e.to_string()))?;
    ctx.progress(0, None, "gathering molecules").await?;
    let sets: Vec<i64> = store::compound_sets(ctx.db(), map.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let molecules = distinct_molecules(&ctx, &sets).await?;
    let n = molecules.smiles.len();
    method
        .check_size(n)
        .map_err(|e| failed(e.code(), e.to_string()))?;
    let descriptors = spec.descriptors.clone();
    let smiles = molecules.smiles;
    let embedding = ctx
        .run_blocking("computing descriptors", move |reporter| {
            let (points, _) = inputs(&descriptors, &smiles, None)?;
            method.embed(&points, &mut |step| {
                let message = match step.kl_divergence {
                    Some(kl) => format!(
                        "iteration {} of {}, KL divergence {kl:.4}",
                        step.iteration, step.total
                    ),
                    None => format!("iteration {} of {}", step.iteration, step.total),
                };
                reporter.set(step.iteration as u64, Some(step.total as u64));
                reporter.describe(message);
                !reporter.is_cancelled()
            })
        })
        .await?
        .map_err(|e| failed(e.code(), e.to_string()))?;
    let rows: Vec<PointRow> = molecules
        .members
        .iter()
        .zip(&embedding)
        .enumerate()
        .flat_map(|(point, (members, xy))| {
            members.iter().map(move |&molecule_id| PointRow {
                point: point as i64,
                molecule_id,
                x: xy[0],
                y: xy[1],
                placed: false,
            })
        })
        .collect();
    let summary = MapSummary {
        points: n,
        molecules: rows.len(),
        compound_sets: sets,
    };
    let mut tx = ctx.db().begin().await?;
    store::insert_points(&mut tx, map.id, &rows).await?;
    store::record_build(&mut tx, map.id, &summary).await?;
    ctx.commit_success(tx, json!(summary)).await
}

async fn transform(ctx: TaskContext) -> Result<Value, TaskFailure> {
    let args: TransformArgs = ctx.args()?;
    let (map, spec) = load(&ctx, args.map_id).await?;
    let method = spec
        .validate()
        .map_err(|e| failed(e.code(), e.to_string()))?;
    if map.built_at.is_none() {
        return Err(failed("not_built", "the map has not been built"));
    }
    ctx.progress(0, None, "gathering molecules").await?;
    // The map's own points (not those placed later), one representative each.
    let existing = store::points(ctx.db(), map.id, &[], true).await?;
    let mut by_key: HashMap<String, PointRow> = HashMap::new();
    let (mut reference, mut embedding) = (Vec::new(), Vec::new());
    let mut last_point = -1;
    for p in &existing {
        by_key.entry(p.inchikey.clone()).or_insert(p.row);
        if !p.row.placed && p.row.point != last_point {
            reference.push(p.smiles.clone());
            embedding.push([p.row.x, p.row.y]);
        }
        last_point = p.row.point;
    }
    let next_point = existing.iter().map(|p| p.row.point).max().unwrap_or(-1) + 1;
    let new = distinct_molecules(&ctx, &[args.compound_set_id]).await?;
    if new.smiles.is_empty() {
        return Err(failed("no_data", "the compound set has no molecules"));
    }
    // Molecules already on the map join their point; the others are placed.
    let mut rows = Vec::new();
    let mut to_place: Vec<usize> = Vec::new();
    for (i, key) in new.inchikeys.iter().enumerate() {
        match by_key.get(key) {
            Some(point) => rows.extend(new.members[i].iter().map(|&molecule_id| PointRow {
                molecule_id,
                ..*point
            })),
            None => to_place.push(i),
        }
    }
    let placing: Vec<String> = to_place.iter().map(|&i| new.smiles[i].clone()).collect();
    let descriptors = spec.descriptors.clone();
    let placed = if placing.is_empty() {
        Vec::new()
    } else {
        ctx.run_blocking("placing molecules", move |_| {
            let (points, new_points) = inputs(&descriptors, &reference, Some(&placing))?;
            method.place(&points, &embedding, &new_points.expect("new points"))
        })
        .await?
        .map_err(|e| failed(e.code(), e.to_string()))?
    };
    for (k, (&i, xy)) in to_place.iter().zip(&placed).enumerate() {
        rows.extend(new.members[i].iter().map(|&molecule_id| PointRow {
            point: next_point + k as i64,
            molecule_id,
            x: xy[0],
            y: xy[1],
            placed: true,
        }));
    }
    let summary = json!({"placed": placed.len(), "already_on_map": new.smiles.len() - placed.len(),
        "molecules": rows.len()});
    let mut tx = ctx.db().begin().await?;
    store::insert_points(&mut tx, map.id, &rows).await?;
    store::add_placed_set(&mut tx, map.id, args.compound_set_id).await?;
    ctx.commit_success(tx, summary).await
}
