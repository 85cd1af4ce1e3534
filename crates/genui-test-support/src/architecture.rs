//! The workspace's layers, checked against `cargo metadata`: engines at the bottom know nothing
//! of databases, queues or HTTP; platform features store and run them; the server and the CLI
//! sit on top. Every dependency between our crates points down a layer, never up or sideways
//! into a layer above, and a new crate must be given its layer here.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// Each crate of the workspace and its layer (higher layers may use lower ones).
const LAYERS: &[(&str, u8)] = &[
    // engines: chemistry, matrix kernels, learning, generators
    ("genui-chem-sys", 0),
    ("genui-sgemm", 0),
    ("genui-chem", 1),
    ("genui-ml", 2),
    ("genui-generator-engine", 2),
    // platform: storage and tasks, then the features that store and run the engines
    ("genui-storage", 3),
    ("genui-tasks", 4),
    ("genui-compounds", 5),
    ("genui-qsar", 6),
    ("genui-maps", 6),
    ("genui-generators", 7),
    // the HTTP API, then the binary
    ("genui-server", 8),
    ("genui-cli", 9),
    // helpers for tests only (a dev-dependency of anything)
    ("genui-test-support", 10),
];

/// The highest layer that is an engine.
const TOP_ENGINE_LAYER: u8 = 2;

/// Packages an engine must not reach, even indirectly: databases, queues, HTTP, API documents.
const PLATFORM_PACKAGES: &[&str] = &["sqlx", "axum", "utoipa", "redis", "hyper", "tower"];

struct Workspace {
    /// Our crates' names by package id.
    ours: BTreeMap<String, String>,
    /// Every package's name by id.
    names: BTreeMap<String, String>,
    /// Normal (not dev or build) dependencies by package id.
    normal: BTreeMap<String, Vec<String>>,
}

fn workspace() -> Workspace {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata failed");
    let meta: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let members: BTreeSet<&str> = meta["workspace_members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut ours = BTreeMap::new();
    let mut names = BTreeMap::new();
    for package in meta["packages"].as_array().expect("packages") {
        let id = package["id"].as_str().expect("id").to_owned();
        let name = package["name"].as_str().expect("name").to_owned();
        if members.contains(id.as_str()) {
            ours.insert(id.clone(), name.clone());
        }
        names.insert(id, name);
    }
    let mut normal = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().expect("resolve graph") {
        let deps = node["deps"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|dep| {
                dep["dep_kinds"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
            })
            .map(|dep| dep["pkg"].as_str().expect("pkg").to_owned())
            .collect();
        normal.insert(node["id"].as_str().expect("id").to_owned(), deps);
    }
    Workspace {
        ours,
        names,
        normal,
    }
}

fn layer(name: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(crate_name, _)| *crate_name == name)
        .map(|(_, layer)| *layer)
        .unwrap_or_else(|| panic!("{name} has no layer: add it to LAYERS in architecture.rs"))
}

#[test]
fn dependencies_between_our_crates_point_down() {
    let ws = workspace();
    let mut wrong = Vec::new();
    for (id, name) in &ws.ours {
        for dep in &ws.normal[id] {
            if let Some(dep_name) = ws.ours.get(dep) {
                if layer(dep_name) >= layer(name) {
                    wrong.push(format!(
                        "{name} (layer {}) → {dep_name} (layer {})",
                        layer(name),
                        layer(dep_name)
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies that do not point down: {wrong:#?}"
    );
}

#[test]
fn engines_reach_no_database_queue_or_http() {
    let ws = workspace();
    for (id, name) in ws.ours.iter().filter(|(_, n)| layer(n) <= TOP_ENGINE_LAYER) {
        let mut seen = BTreeSet::new();
        let mut stack = vec![id.clone()];
        while let Some(next) = stack.pop() {
            for dep in &ws.normal[&next] {
                if seen.insert(dep.clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        let reached: Vec<&str> = seen
            .iter()
            .map(|dep| ws.names[dep].as_str())
            .filter(|dep| {
                PLATFORM_PACKAGES
                    .iter()
                    .any(|p| dep == p || dep.starts_with(&format!("{p}-")))
            })
            .collect();
        assert!(reached.is_empty(), "the engine {name} reaches {reached:?}");
    }
}
