//! Generators through the API: the property list and modifier previews (the curve the UI draws
//! while a user drags a modifier's parameters), and the whole pipeline — fine-tune the shipped
//! network on a compound set, build an environment of a QSAR model and QED, optimize an agent,
//! sample a generated set with scores, evaluate a set — with the bad requests of each step.

use std::io::Read;

use genui_test_support::backends;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::compound_sets::worker_options;
use crate::helpers::{assert_error, spawn_app, testdata, Session, TestApp};

#[tokio::test]
async fn properties_are_listed_and_modifier_curves_previewed() {
    let app = spawn_app(backends()[0], Default::default()).await;
    let alice = app.user("alice").await;

    let (status, properties) = app.get("/api/generators/properties", &alice.token).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = properties
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names.len(), 22);
    assert!(names.contains(&"qed") && names.contains(&"sa_score"));

    let (status, preview) = app
        .post(
            "/api/generators/modifiers/preview",
            &alice.token,
            json!({"modifier": {"kind": "clipped", "lower": 2, "upper": 4},
                   "inputs": [1, 3, 5]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["results"], json!([0.0, 0.5, 1.0]));
    let (_, hump) = app
        .post(
            "/api/generators/modifiers/preview",
            &alice.token,
            json!({"modifier": {"kind": "smooth_hump", "lower": 0, "upper": 1, "sigma": 0.5},
                   "inputs": [0.5, 1.5]}),
        )
        .await;
    assert_eq!(hump["results"][0], 1.0);
    let tail = hump["results"][1].as_f64().expect("number");
    assert!((tail - (-0.5f64).exp()).abs() < 1e-12, "{hump}");

    for (body, field) in [
        (
            json!({"modifier": {"kind": "clipped", "lower": 4, "upper": 2}, "inputs": [1]}),
            "lower",
        ),
        (
            json!({"modifier": {"kind": "smooth_hump", "lower": 0, "upper": 1, "sigma": -1},
                   "inputs": [1]}),
            "sigma",
        ),
        (
            json!({"modifier": {"kind": "clipped", "lower": 0, "upper": 1},
                   "inputs": vec![0.5; 10_001]}),
            "10000",
        ),
    ] {
        let (status, error) = app
            .post("/api/generators/modifiers/preview", &alice.token, body)
            .await;
        assert_error(
            status,
            &error,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert!(error.to_string().contains(field), "{error}");
    }
    let (status, error) = app
        .post(
            "/api/generators/modifiers/preview",
            &alice.token,
            json!({"modifier": {"kind": "linear", "lower": 0, "upper": 1}, "inputs": [1]}),
        )
        .await;
    assert!(status.is_client_error(), "{status} {error}");
    for body in [
        json!({"modifier": {"kind": "clipped", "lower": 0, "upper": 1}, "inputs": ["x"]}),
        json!({"modifier": {"kind": "clipped", "lower": 0, "upper": 1}}),
        json!([1, 2, 3]),
    ] {
        let (status, error) = app
            .post("/api/generators/modifiers/preview", &alice.token, body)
            .await;
        assert!(status.is_client_error(), "{status} {error}");
    }
    let malformed = app
        .client
        .post(app.url("/api/generators/modifiers/preview"))
        .header("Authorization", format!("Token {}", alice.token))
        .header("Content-Type", "application/json")
        .body("{\"modifier\": ")
        .send()
        .await
        .expect("request");
    assert!(
        malformed.status().is_client_error(),
        "{}",
        malformed.status()
    );

    // Nothing here is per-user data, so there is nothing for another user to reach; without
    // an account, nothing at all.
    let (status, _) = app.get("/api/generators/properties", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post(
            "/api/generators/modifiers/preview",
            "",
            json!({"modifier": {"kind": "clipped", "lower": 0, "upper": 1}, "inputs": [1]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, spec) = app.get("/api/openapi.json", &alice.token).await;
    for path in [
        "/api/generators/properties",
        "/api/generators/modifiers/preview",
        "/api/generators/networks",
        "/api/generators/networks/{id}/quick-sample",
        "/api/generators/agents",
        "/api/generators/environments/{id}/evaluations",
        "/api/generators/samples",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from the spec"
        );
    }
}

/// The first 200 5-HT4 ligands of `A4.csv.gz` as a CSV.
fn ligands() -> Vec<u8> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(&testdata("A4.csv.gz")[..])
        .read_to_string(&mut text)
        .expect("gzip");
    let lines: Vec<&str> = text.lines().take(201).collect();
    (lines.join("\n") + "\n").into_bytes()
}

/// The 5-HT4 ligands imported into `project` as the compound set "5-HT4".
pub(crate) async fn import_ligands(app: &TestApp, who: &Session, project: i64) -> Value {
    let (task, set) = app
        .import_file(
            who,
            project,
            "csv",
            "5-HT4",
            ("A4.csv", ligands()),
            &[
                ("activity_column", "STANDARD_VALUE"),
                ("activity_type", "pKi_shifted"),
            ],
        )
        .await;
    assert_eq!(task["status"], "success", "{task}");
    set
}

/// Waits for a task that must succeed and returns its result.
pub(crate) async fn succeeds(app: &TestApp, who: &Session, task: &Value) -> Value {
    let task = app
        .wait_task(who, task.as_i64().expect("task id"), 600)
        .await;
    assert_eq!(task["status"], "success", "{task}");
    task["result"].clone()
}

/// The summary of one type of an activity set.
async fn summary_of(app: &TestApp, who: &Session, activity_set: &Value, kind: &str) -> Value {
    let (_, summary) = app
        .get(
            &format!("/api/activity-sets/{activity_set}/summary"),
            &who.token,
        )
        .await;
    summary
        .as_array()
        .expect("summary")
        .iter()
        .find(|s| s["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {summary}"))
        .clone()
}

#[tokio::test]
async fn the_generator_pipeline_runs_end_to_end() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "generators").await;
        let set = import_ligands(&app, &alice, project).await;
        let set_id = set["id"].as_i64().expect("set id");
        let (_, activity_sets) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={set_id}"),
                &alice.token,
            )
            .await;
        let activity_set = activity_sets["results"][0]["id"].clone();

        // A random forest trained here is one scorer.
        let (status, model) = app
            .post(
                "/api/qsar/models",
                &alice.token,
                json!({"project_id": project, "name": "pKi forest", "activity_set_id": activity_set,
                       "activity_type": "pKi_shifted", "mode": "regression",
                       "algorithm": "random_forest", "parameters": {"n_trees": 20}, "seed": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{model}");
        succeeds(&app, &alice, &model["task_id"]).await;

        // The shipped network is there without a copy, in every project.
        let (status, shipped) = app
            .get("/api/generators/networks/default", &alice.token)
            .await;
        assert_eq!(status, StatusCode::OK, "{shipped}");
        assert_eq!(
            (&shipped["kind"], &shipped["status"]),
            (&json!("shipped"), &json!("ready"))
        );
        assert_eq!(shipped["vocabulary_size"], 26);

        // Fine-tune it on the set.
        let (status, network) = app
            .post(
                "/api/generators/networks",
                &alice.token,
                json!({"project_id": project, "name": "5-HT4 generator", "kind": "finetuned",
                       "parent": "default", "compound_set_ids": [set_id],
                       "training": {"epochs": 2, "batch_size": 64, "seed": 1}}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{network}");
        let summary = succeeds(&app, &alice, &network["task_id"]).await;
        assert!(
            summary["molecules"].as_u64().expect("molecules") >= 190,
            "{summary}"
        );
        let network_id = network["id"].as_i64().expect("network id");
        let (_, network) = app
            .get(
                &format!("/api/generators/networks/{network_id}"),
                &alice.token,
            )
            .await;
        assert_eq!(network["status"], "ready", "{network}");
        let epochs = network["metrics"].as_array().expect("metrics");
        assert_eq!(
            epochs.len(),
            summary["epochs"].as_u64().expect("epochs") as usize
        );
        for epoch in epochs {
            let valid = epoch["valid_ratio"].as_f64().expect("valid ratio");
            assert!((0.0..=1.0).contains(&valid), "{epoch}");
            assert!(epoch["valid_loss"].as_f64().expect("loss") > 0.0, "{epoch}");
        }
        // Fine-tuning keeps the parent's vocabulary: the ligands spelling tokens it lacks are
        // left out and said so, and the result pairs with the shipped network as prior.
        assert_eq!(network["vocabulary_size"], 26);
        assert_eq!(network["pairing_key"], shipped["pairing_key"]);
        let left_out = summary["left_out"].as_u64().expect("left out");
        assert!(left_out > 0 && left_out < 20, "{summary}");

        // Asked to, it adds them; that network can no longer pair with the shipped one.
        let (status, grown) = app
            .post(
                "/api/generators/networks",
                &alice.token,
                json!({"project_id": project, "name": "5-HT4 generator, new tokens",
                       "kind": "finetuned", "parent": "default", "compound_set_ids": [set_id],
                       "new_tokens": "add", "training": {"epochs": 1, "batch_size": 64, "seed": 1}}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{grown}");
        let grown_summary = succeeds(&app, &alice, &grown["task_id"]).await;
        assert!(grown_summary.get("left_out").is_none(), "{grown_summary}");
        let (_, grown) = app
            .get(
                &format!("/api/generators/networks/{}", grown["id"]),
                &alice.token,
            )
            .await;
        assert!(grown["vocabulary_size"].as_u64().expect("tokens") > 26);
        assert_ne!(grown["pairing_key"], shipped["pairing_key"]);

        // The objective: the forest's prediction and QED.
        let (status, environment) = app
            .post(
                "/api/generators/environments",
                &alice.token,
                json!({"project_id": project, "name": "potent and drug-like",
                       "scheme": "pareto_crowding",
                       "objectives": [
                           {"scorer": {"kind": "qsar", "model_id": model["id"]},
                            "modifier": {"kind": "clipped", "lower": -3, "upper": 1},
                            "threshold": 0.5},
                           {"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{environment}");
        let environment_id = environment["id"].as_i64().expect("environment id");

        // A quick preview with scores.
        let (status, quick) = app
            .post(
                &format!("/api/generators/networks/{network_id}/quick-sample"),
                &alice.token,
                json!({"project_id": project, "n": 10, "environment_id": environment_id}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{quick}");
        assert_eq!(quick["molecules"].as_array().map(Vec::len), Some(10));
        let valid = quick["molecules"]
            .as_array()
            .expect("molecules")
            .iter()
            .find(|m| m["valid"] == true)
            .expect("a valid molecule among 10");
        assert!(valid["scores"]["qed"].as_f64().is_some(), "{valid}");
        assert!(
            valid["scores"]["pKi forest desirability"]
                .as_f64()
                .is_some(),
            "{valid}"
        );

        let (status, error) = app
            .post(
                "/api/generators/agents",
                &alice.token,
                json!({"project_id": project, "name": "mismatched", "agent": grown["id"],
                       "prior": "default", "environment_id": environment_id}),
            )
            .await;
        assert_error(
            status,
            &error,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("one vocabulary"),
            "{error}"
        );

        // Two epochs of reinforcement learning, exploring with the shipped network as DrugEx
        // does.
        let (status, agent) = app
            .post(
                "/api/generators/agents",
                &alice.token,
                json!({"project_id": project, "name": "optimized", "agent": network_id,
                       "prior": "default", "environment_id": environment_id,
                       "reinforcement": {"epochs": 2, "batch_size": 64, "seed": 3, "epsilon": 0.1}}),
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
        let epochs = agent["metrics"].as_array().expect("metrics");
        assert_eq!(epochs.len(), 2, "{agent}");
        for epoch in epochs {
            assert!(epoch["desired_ratio"].as_f64().is_some(), "{epoch}");
            assert!(epoch["mean_scores"]["qed"].as_f64().is_some(), "{epoch}");
            assert!(
                epoch["mean_scores"]["pKi forest"].as_f64().is_some(),
                "{epoch}"
            );
        }
        let (_, agents) = app
            .get(
                &format!("/api/generators/agents?project_id={project}"),
                &alice.token,
            )
            .await;
        assert_eq!(agents["count"], 1);
        let (_, networks) = app
            .get(
                &format!("/api/generators/networks?project_id={project}"),
                &alice.token,
            )
            .await;
        assert_eq!(networks["count"], 2, "agents are listed apart");

        // Sample 500 molecules into a generated set, with scores.
        let (status, generated) = app
            .post(
                "/api/generators/samples",
                &alice.token,
                json!({"project_id": project, "name": "generated", "network": agent_id,
                       "n": 500, "seed": 5, "environment_id": environment_id}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{generated}");
        assert_eq!(generated["source_kind"], "generated");
        let report = succeeds(&app, &alice, &generated["task_id"]).await;
        assert_eq!(report["sampled"], 500);
        let (imported, invalid, duplicates) = (
            report["imported"].as_u64().expect("imported"),
            report["invalid"].as_u64().expect("invalid"),
            report["duplicates_merged"].as_u64().expect("duplicates"),
        );
        assert_eq!(imported + invalid + duplicates, 500, "{report}");
        assert!(imported > 100, "{report}");
        let (_, generated) = app
            .get(
                &format!("/api/compound-sets/{}", generated["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(generated["molecule_count"], imported);
        let (_, scores) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={}", generated["id"]),
                &alice.token,
            )
            .await;
        let scores = scores["results"][0]["id"].clone();
        let desired = summary_of(&app, &alice, &scores, "desired").await;
        assert_eq!(
            desired["molecules"], imported,
            "every molecule has a desirability, zeros too"
        );
        assert_eq!(
            summary_of(&app, &alice, &scores, "qed").await["molecules"],
            imported
        );
        let (status, error) = app
            .call(
                reqwest::Method::POST,
                &format!("/api/compound-sets/{}/reimport", generated["id"]),
                Some(&alice.token),
                None,
            )
            .await;
        assert_error(status, &error, StatusCode::CONFLICT, "conflict");

        // Score the training set against the environment.
        let (status, task) = app
            .post(
                &format!("/api/generators/environments/{environment_id}/evaluations"),
                &alice.token,
                json!({"compound_set_id": set_id}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{task}");
        let result = succeeds(&app, &alice, &task["id"]).await;
        let qed = summary_of(&app, &alice, &result["activity_set_id"], "qed desirability").await;
        assert_eq!(qed["molecules"], set["molecule_count"]);

        // Files download and import again; broken files are refused.
        let config = app
            .client
            .get(app.url(&format!("/api/generators/networks/{agent_id}/config")))
            .header("Authorization", format!("Token {}", alice.token))
            .send()
            .await
            .expect("config")
            .text()
            .await
            .expect("text");
        let weights = app
            .client
            .get(app.url(&format!("/api/generators/networks/{agent_id}/weights")))
            .header("Authorization", format!("Token {}", alice.token))
            .send()
            .await
            .expect("weights")
            .bytes()
            .await
            .expect("bytes")
            .to_vec();
        let project_text = project.to_string();
        let form = |name: &'static str| {
            vec![
                ("project_id", project_text.as_str()),
                ("name", name),
                ("config", config.as_str()),
            ]
        };
        let (status, imported_network) = app
            .upload(
                "/api/generators/networks/import",
                &alice,
                &form("imported"),
                Some(("weights.safetensors", weights.clone())),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imported_network}");
        assert_eq!(imported_network["status"], "ready");
        let (status, error) = app
            .upload(
                "/api/generators/networks/import",
                &alice,
                &form("truncated"),
                Some(("weights.safetensors", weights[..weights.len() / 2].to_vec())),
            )
            .await;
        assert_error(
            status,
            &error,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_model_file",
        );

        // Deleting the project takes everything with it.
        let (status, _) = app
            .call(
                reqwest::Method::DELETE,
                &format!("/api/projects/{project}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        for path in [
            format!("/api/generators/networks/{network_id}"),
            format!("/api/generators/networks/{agent_id}"),
            format!("/api/generators/environments/{environment_id}"),
        ] {
            let (status, _) = app.get(&path, &alice.token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    }
}

#[tokio::test]
async fn bad_generator_requests_get_a_4xx() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let project = app.project(&alice, "mine").await;
    let bobs_project = app.project(&bob, "bob's").await;
    let (_, bobs_set) = app
        .import_file(
            &bob,
            bobs_project,
            "csv",
            "bob's set",
            ("b.csv", b"SMILES,ACTIVITY\nCCO,5\nCCN,6\nCCC,7\n".to_vec()),
            &[],
        )
        .await;
    let (_, bobs_activities) = app.get("/api/activity-sets", &bob.token).await;
    let (status, bobs_model) = app
        .post(
            "/api/qsar/models",
            &bob.token,
            json!({"project_id": bobs_project, "name": "bob's", "activity_set_id": bobs_activities["results"][0]["id"],
                   "activity_type": "ACTIVITY", "mode": "regression", "algorithm": "random_forest",
                   "validation": {"folds": 2, "test_fraction": 0.0}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{bobs_model}");
    // A set whose import kept nothing has no molecules to train on.
    let (status, empty) = app
        .upload(
            "/api/compound-sets/csv",
            &alice,
            &[
                ("project_id", project.to_string().as_str()),
                ("name", "empty"),
            ],
            Some(("e.csv", b"SMILES\nnot-a-molecule\n".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{empty}");
    app.finish_import(&alice, &empty).await;

    let qed = json!({"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5});
    let environment = |objectives: Value| json!({"project_id": project, "name": "env", "scheme": "weighted_sum", "objectives": objectives});
    for (body, expected) in [
        (environment(json!([])), "at least one objective"),
        (
            environment(
                json!([{"scorer": {"kind": "qsar", "model_id": bobs_model["id"]}, "threshold": 0.5}]),
            ),
            "no QSAR model",
        ),
        (
            environment(
                json!([{"scorer": {"kind": "property", "name": "colour"}, "threshold": 0.5}]),
            ),
            "colour",
        ),
        (
            environment(
                json!([{"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5,
                                "modifier": {"kind": "clipped", "lower": 0.9, "upper": 0.1}}]),
            ),
            "lower",
        ),
        (environment(json!([qed, qed])), "already"),
    ] {
        let (status, error) = app
            .post("/api/generators/environments", &alice.token, body)
            .await;
        assert_error(
            status,
            &error,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }

    let sample =
        |n: Value| json!({"project_id": project, "name": "s", "network": "default", "n": n});
    for (body, expected) in [
        (sample(json!(0)), "n:"),
        (sample(json!(100_001)), "n:"),
        (
            json!({"project_id": project, "name": "s", "network": "best", "n": 5}),
            "neither a network id",
        ),
        (
            json!({"project_id": project, "name": "s", "network": 999_999, "n": 5}),
            "no network",
        ),
        (
            json!({"project_id": project, "name": "s", "network": "default", "n": 5, "temperature": 0}),
            "temperature",
        ),
    ] {
        let (status, error) = app
            .post("/api/generators/samples", &alice.token, body)
            .await;
        assert!(status.is_client_error(), "{status} {error}");
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }
    // A refused spec names its field in the details, as other validation errors do.
    let (_, error) = app
        .post("/api/generators/samples", &alice.token, sample(json!(0)))
        .await;
    assert!(error["error"]["details"]["n"][0].is_string(), "{error}");

    let finetune = |sets: Value| {
        json!({"project_id": project, "name": "ft", "kind": "finetuned", "parent": "default",
               "compound_set_ids": sets})
    };
    for (body, expected) in [
        (finetune(json!([])), "at least one compound set"),
        (finetune(json!([empty["id"]])), "has no molecules"),
        (finetune(json!([bobs_set["id"]])), "no compound set"),
        (
            json!({"project_id": project, "name": "p", "kind": "pretrained", "compound_set_ids": [1],
                   "shape": {"network": "gpt", "hidden": 100, "heads": 7}}),
            "shape",
        ),
        (
            json!({"project_id": project, "name": "p", "kind": "pretrained", "compound_set_ids": [1],
                   "training": {"validation": 1.5}}),
            "validation",
        ),
        (
            json!({"project_id": project, "name": "a", "kind": "agent", "agent": "default",
                   "environment_id": 1}),
            "agents at /api/generators/agents",
        ),
    ] {
        let (status, error) = app
            .post("/api/generators/networks", &alice.token, body)
            .await;
        assert_error(
            status,
            &error,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }
    let (status, error) = app
        .post(
            "/api/generators/agents",
            &alice.token,
            json!({"project_id": project, "name": "a", "agent": "default", "environment_id": 999_999}),
        )
        .await;
    assert_error(
        status,
        &error,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let (status, error) = app
        .call(
            reqwest::Method::DELETE,
            "/api/generators/networks/default",
            Some(&alice.token),
            None,
        )
        .await;
    assert_error(status, &error, StatusCode::FORBIDDEN, "read_only");
    let (status, _) = app
        .post(
            "/api/generators/networks/default/quick-sample",
            &alice.token,
            json!({"project_id": project, "n": 101}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, tasks) = app
        .get(&format!("/api/tasks?project_id={project}"), &alice.token)
        .await;
    assert_eq!(
        tasks["count"], 1,
        "only the import of the empty set was queued: {tasks}"
    );
}
