//! Fragment-based design through the API: DrugEx v3's graph transformer decorating a pasted
//! scaffold (pretrain, sample, reinforcement learning, a generated set drawn with the scaffold
//! highlighted) and its SMILES transformer with fragment input (pretrain, fine-tune, sample from
//! pasted fragments and from a compound set), with the requests each network cannot use.

use genui_test_support::backends;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::compound_sets::worker_options;
use crate::generators::{import_ligands, succeeds};
use crate::helpers::{assert_error, spawn_app, Session, TestApp};

/// Whether every SMILES contains `scaffold` (RDKit substructure match).
fn all_contain(smiles: &[String], scaffold: &str) -> bool {
    let query = genui_chem::substructure::QuerySpec::smiles(scaffold)
        .compile()
        .expect("scaffold query");
    smiles.iter().all(|s| {
        genui_chem::Molecule::from_smiles(s)
            .and_then(|m| query.is_match(&m))
            .unwrap_or(false)
    })
}

#[tokio::test]
async fn the_scaffold_decoration_path_runs_end_to_end() {
    let (app, alice, project, set_id) = project_with_ligands("decoration").await;

    // A small graph transformer learns to grow the set's molecules from their fragments.
    let network = trained(
        &app,
        &alice,
        json!({"project_id": project, "name": "fragments", "kind": "pretrained",
               "compound_set_ids": [set_id],
               "shape": {"network": "graph_transformer", "hidden": 32, "layers": 1, "heads": 4},
               "training": {"epochs": 1, "batch_size": 64, "seed": 1}}),
    )
    .await;
    let network_id = network["id"].as_i64().expect("network id");
    assert_eq!(
        network["architecture"]["kind"], "graph_transformer",
        "{network}"
    );
    assert_eq!(network["input"], "fragments", "{network}");
    let (_, shipped) = app
        .get("/api/generators/networks/default", &alice.token)
        .await;
    assert_eq!(shipped["input"], "molecules", "{shipped}");
    let retention = network["metrics"][0]["fragment_retention"].as_f64();
    assert!(retention.is_some_and(|r| r > 0.9), "{network}");

    // A scaffold with one attachment point, pasted: 50 molecules, each containing it.
    let scaffold = "c1ccc2[nH]ccc2c1";
    let fragments = json!({"smiles": ["*c1ccc2[nH]ccc2c1"]});
    let (status, quick) = app
        .post(
            &format!("/api/generators/networks/{network_id}/quick-sample"),
            &alice.token,
            json!({"project_id": project, "n": 50, "seed": 2, "fragments": fragments}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{quick}");
    let molecules = quick["molecules"].as_array().expect("molecules");
    assert_eq!(molecules.len(), 50);
    let valid: Vec<String> = molecules
        .iter()
        .filter(|m| m["valid"] == true)
        .map(|m| m["smiles"].as_str().expect("smiles").to_owned())
        .collect();
    assert!(valid.len() >= 45, "{quick}");
    assert!(all_contain(&valid, scaffold), "{quick}");
    assert!(
        molecules.iter().all(|m| m["fragments"] == scaffold),
        "{quick}"
    );

    // Two epochs of reinforcement learning on the scaffold.
    let (status, environment) = app
        .post(
            "/api/generators/environments",
            &alice.token,
            json!({"project_id": project, "name": "drug-like", "scheme": "weighted_sum",
                   "objectives": [{"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{environment}");
    let (status, agent) = app
        .post(
            "/api/generators/agents",
            &alice.token,
            json!({"project_id": project, "name": "decorated", "agent": network_id,
                   "environment_id": environment["id"], "fragments": fragments,
                   "reinforcement": {"epochs": 2, "batch_size": 32, "seed": 3}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{agent}");
    let summary = succeeds(&app, &alice, &agent["task_id"]).await;
    assert_eq!(summary["epochs"], 2, "{summary}");
    let agent_id = agent["id"].as_i64().expect("agent id");
    let (_, agent) = app
        .get(
            &format!("/api/generators/networks/{agent_id}"),
            &alice.token,
        )
        .await;
    for epoch in agent["metrics"].as_array().expect("metrics") {
        assert!(epoch["fragment_retention"].as_f64().is_some(), "{epoch}");
    }

    // A generated set from the agent: every molecule contains the scaffold.
    let (status, generated) = app
        .post(
            "/api/generators/samples",
            &alice.token,
            json!({"project_id": project, "name": "decorations", "network": agent_id,
                   "n": 40, "seed": 5, "fragments": fragments}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{generated}");
    let report = succeeds(&app, &alice, &generated["task_id"]).await;
    assert_eq!(report["sampled"], 40, "{report}");
    let (_, page) = app
        .get(
            &format!(
                "/api/compound-sets/{}/molecules?page_size=100",
                generated["id"]
            ),
            &alice.token,
        )
        .await;
    let smiles: Vec<String> = page["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|m| m["smiles"].as_str().expect("smiles").to_owned())
        .collect();
    assert!(!smiles.is_empty(), "{page}");
    assert!(all_contain(&smiles, scaffold), "{page}");
    // Each is drawn with the scaffold it grew from highlighted.
    let first = &page["results"][0];
    assert_eq!(first["extra"]["fragments"], scaffold, "{first}");
    let depiction = first["depiction_url"].as_str().expect("depiction");
    assert!(
        depiction.contains("highlight=") && depiction.contains("language=smiles"),
        "{depiction}"
    );
    let svg = app
        .client
        .get(app.url(depiction))
        .header("Authorization", format!("Token {}", alice.token))
        .send()
        .await
        .expect("depiction");
    assert_eq!(svg.status(), StatusCode::OK);

    // What the networks cannot use is refused before any task starts, saying why.
    let quick_path = format!("/api/generators/networks/{network_id}/quick-sample");
    let default_path = "/api/generators/networks/default/quick-sample".to_owned();
    let bad_fragments = json!({"smiles": ["c1ccccc1", "C1CC*", "*C(*)(*)C(*)(*)C(*)(*)C(*)(*)*"]});
    for (path, body, field, why) in [
        (
            &default_path,
            json!({"project_id": project, "fragments": fragments}),
            "fragments",
            "reads no fragments",
        ),
        (
            &quick_path,
            json!({"project_id": project}),
            "fragments",
            "grows molecules from fragments",
        ),
        (
            &quick_path,
            json!({"project_id": project, "fragments": bad_fragments}),
            "fragments",
            "fragment 2 (C1CC*)",
        ),
        (
            &quick_path,
            json!({"project_id": project, "fragments": bad_fragments}),
            "fragments",
            "fragment 3",
        ),
        (
            &"/api/generators/agents".to_owned(),
            json!({"project_id": project, "name": "mixed", "agent": network_id, "prior": "default",
                "environment_id": environment["id"], "fragments": fragments}),
            "prior",
            "different architectures",
        ),
    ] {
        refused(&app, &alice, path, body, field, why).await;
    }
}

/// A server, a user and her project `name` with the 5-HT4 ligands imported (the set's id last).
async fn project_with_ligands(name: &str) -> (TestApp, Session, i64, i64) {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, name).await;
    let set_id = import_ligands(&app, &alice, project).await["id"]
        .as_i64()
        .expect("set id");
    (app, alice, project, set_id)
}

/// The network a training request builds, once its task succeeded (with its metrics).
async fn trained(app: &TestApp, who: &Session, request: Value) -> Value {
    let path = if request.get("agent").is_some() {
        "/api/generators/agents"
    } else {
        "/api/generators/networks"
    };
    let (status, network) = app.post(path, &who.token, request).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{network}");
    succeeds(app, who, &network["task_id"]).await;
    let (_, network) = app
        .get(
            &format!("/api/generators/networks/{}", network["id"]),
            &who.token,
        )
        .await;
    network
}

/// Asserts that a request is refused with 422 and a message on `field` containing `why`.
async fn refused(app: &TestApp, who: &Session, path: &str, body: Value, field: &str, why: &str) {
    let (status, error) = app.post(path, &who.token, body).await;
    assert_error(
        status,
        &error,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let message = &error["error"]["details"][field][0];
    assert!(
        message.as_str().is_some_and(|m| m.contains(why)),
        "{why}: {error}"
    );
}

#[tokio::test]
async fn a_smiles_transformer_writes_molecules_from_pasted_fragments_and_from_a_set() {
    let (app, alice, project, set_id) = project_with_ligands("smiles-fragments").await;

    // Pretrained on the set's fragment pairs, then fine-tuned on them again.
    let pretrained = trained(
        &app,
        &alice,
        json!({"project_id": project, "name": "st", "kind": "pretrained",
               "compound_set_ids": [set_id],
               "shape": {"network": "smiles_transformer", "hidden": 64, "layers": 2, "heads": 4},
               "training": {"epochs": 2, "batch_size": 32, "seed": 1}}),
    )
    .await;
    assert_eq!(
        pretrained["architecture"]["kind"], "smiles_transformer",
        "{pretrained}"
    );
    assert_eq!(pretrained["input"], "fragments", "{pretrained}");
    let retention = pretrained["metrics"][0]["fragment_retention"].as_f64();
    assert!(
        retention.is_some_and(|r| (0.0..=1.0).contains(&r)),
        "{pretrained}"
    );
    let network = trained(
        &app,
        &alice,
        json!({"project_id": project, "name": "st-finetuned", "kind": "finetuned",
               "compound_set_ids": [set_id], "parent": pretrained["id"],
               "training": {"epochs": 1, "batch_size": 64, "seed": 2}}),
    )
    .await;
    assert_eq!(
        network["architecture"]["kind"], "smiles_transformer",
        "{network}"
    );
    let network_id = network["id"].as_i64().expect("network id");

    // Pasted fragments are read without their attachment points.
    let quick_path = format!("/api/generators/networks/{network_id}/quick-sample");
    let (status, quick) = app
        .post(
            &quick_path,
            &alice.token,
            json!({"project_id": project, "n": 20, "seed": 2,
                   "fragments": {"smiles": ["*c1ccc2[nH]ccc2c1"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{quick}");
    let molecules = quick["molecules"].as_array().expect("molecules");
    assert_eq!(molecules.len(), 20);
    assert!(
        molecules
            .iter()
            .all(|m| m["fragments"] == "c1ccc2[nH]ccc2c1"),
        "{quick}"
    );

    // A compound set gives one prompt per molecule (a network this briefly trained writes few
    // valid molecules, hence the many).
    let (status, generated) = app
        .post(
            "/api/generators/samples",
            &alice.token,
            json!({"project_id": project, "name": "from the set", "network": network_id,
                   "n": 400, "seed": 5, "fragments": {"compound_set_id": set_id}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{generated}");
    let report = succeeds(&app, &alice, &generated["task_id"]).await;
    assert_eq!(report["sampled"], 400, "{report}");

    // Fragments it cannot read, and a prior of another kind, are refused before any task.
    refused(
        &app,
        &alice,
        &quick_path,
        json!({"project_id": project, "fragments": {"smiles": ["c1ccccc1", "[Se]1C=CC=C1"]}}),
        "fragments",
        "fragment 2 ([Se]1C=CC=C1): the network never learned the token",
    )
    .await;
    refused(
        &app,
        &alice,
        &quick_path,
        json!({"project_id": project}),
        "fragments",
        "grows molecules from fragments",
    )
    .await;
    let (status, environment) = app
        .post(
            "/api/generators/environments",
            &alice.token,
            json!({"project_id": project, "name": "drug-like", "scheme": "weighted_sum",
                   "objectives": [{"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{environment}");
    refused(
        &app,
        &alice,
        "/api/generators/agents",
        json!({"project_id": project, "name": "mixed", "agent": network_id,
               "prior": "default", "environment_id": environment["id"],
               "fragments": {"smiles": ["c1ccncc1"]}}),
        "prior",
        "one vocabulary",
    )
    .await;
}
