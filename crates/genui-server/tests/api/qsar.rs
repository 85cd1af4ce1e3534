//! QSAR models through the API: build (regression, classification with a
//! scaffold test set), performance, reproducible files, bad requests.

use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::compound_sets::worker_options;
use crate::helpers::{assert_error, spawn_app, testdata, Session, TestApp};

/// Imports 5-HT4 ligands (`A4.csv.gz`, 441 rows) and returns (project, activity set).
async fn data(app: &TestApp, who: &Session) -> (i64, i64) {
    let project = app.project(who, "qsar").await;
    let (task, set) = app
        .import_file(
            who,
            project,
            "csv",
            "5-HT4",
            ("A4.csv.gz", testdata("A4.csv.gz")),
            &[
                ("activity_column", "STANDARD_VALUE"),
                ("activity_type", "pKi_shifted"),
                ("activity_units", "log units"),
            ],
        )
        .await;
    assert_eq!(task["status"], "success", "{task}");
    let (_, sets) = app
        .get(
            &format!("/api/activity-sets?compound_set_id={}", set["id"]),
            &who.token,
        )
        .await;
    (
        project,
        sets["results"][0]["id"].as_i64().expect("activity set"),
    )
}

async fn build(app: &TestApp, who: &Session, body: Value) -> Value {
    let (status, model) = app.post("/api/qsar/models", &who.token, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{model}");
    let task = app
        .wait_task(who, model["task_id"].as_i64().expect("task"), 300)
        .await;
    assert_eq!(task["status"], "success", "{task}");
    let (_, model) = app
        .get(&format!("/api/qsar/models/{}", model["id"]), &who.token)
        .await;
    model
}

#[tokio::test]
async fn models_are_built_validated_and_reproducible() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let (project, activity_set) = data(&app, &alice).await;
        let (status, algorithms) = app.get("/api/qsar/algorithms", &alice.token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(algorithms[0]["name"], "random_forest");

        let regression = json!({
            "project_id": project, "name": "rf regression", "activity_set_id": activity_set,
            "activity_type": "pKi_shifted", "mode": "regression", "algorithm": "random_forest",
            "parameters": {"n_trees": 30}, "seed": 7
        });
        let model = build(&app, &alice, regression.clone()).await;
        assert_eq!(model["status"], "ready", "{model}");
        let (_, performance) = app
            .get(
                &format!("/api/qsar/models/{}/performance", model["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(
            performance["cross_validation"]["folds"]
                .as_array()
                .map(Vec::len),
            Some(5)
        );
        let r2 = performance["cross_validation"]["mean"]["r2"]
            .as_f64()
            .expect("r2");
        assert!(r2 > 0.2, "a forest learns 5-HT4 affinities: R² {r2}");
        let test = &performance["test"];
        assert!(test["metrics"]["rmse"].as_f64().expect("rmse") > 0.0);
        let n = performance["molecules"].as_i64().expect("molecules");
        assert_eq!(
            test["n_train"].as_i64().expect("n") + test["n_test"].as_i64().expect("n"),
            n
        );
        let pairs = performance["cross_validation"]["observed_predicted"]
            .as_array()
            .expect("pairs");
        assert_eq!(pairs.len() as i64, test["n_train"].as_i64().expect("n"));
        // The summary says in which range and units the model was trained: what an objective's
        // bounds default to.
        let observed: Vec<f64> = pairs
            .iter()
            .chain(test["observed_predicted"].as_array().expect("test pairs"))
            .map(|p| p[1].as_f64().expect("observed"))
            .collect();
        let low = observed.iter().copied().fold(f64::INFINITY, f64::min);
        let high = observed.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(high > low + 1.0, "{low} {high}");
        assert_eq!(model["summary"]["observed_range"], json!([low, high]));
        assert_eq!(model["summary"]["units"], "log units");

        // Same data, parameters and seed: the same file, byte for byte.
        let again = build(
            &app,
            &alice,
            replaced(&regression, json!({"name": "rf regression again"})),
        )
        .await;
        let (_, _, first) = app
            .get_raw(
                &format!("/api/qsar/models/{}/file", model["id"]),
                &alice,
                &[],
            )
            .await;
        let (_, _, second) = app
            .get_raw(
                &format!("/api/qsar/models/{}/file", again["id"]),
                &alice,
                &[],
            )
            .await;
        assert!(first.starts_with(b"GENUIQSR"));
        assert_eq!(first, second);
        let (_, again_performance) = app
            .get(
                &format!("/api/qsar/models/{}/performance", again["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(again_performance, performance);

        // Predictions for the training set and for another target's ligands.
        let (_, other) = app
            .import_file(
                &alice,
                project,
                "csv",
                "5-HT1F",
                ("A1.csv.gz", testdata("A1.csv.gz")),
                &[],
            )
            .await;
        let training_set = performance["molecules"].as_i64().expect("n");
        for (set_id, expected, own) in [
            (
                app.get(&format!("/api/activity-sets/{activity_set}"), &alice.token)
                    .await
                    .1["compound_set_id"]
                    .clone(),
                training_set,
                true,
            ),
            (
                other["id"].clone(),
                other["molecule_count"].as_i64().expect("count"),
                false,
            ),
        ] {
            // The set's first page shows the predictions as soon as they are stored.
            let first_page = format!("/api/compound-sets/{set_id}/molecules?page_size=5");
            let with_predictions = |page: &Value| -> (usize, usize) {
                let results = page["results"].as_array().expect("results");
                let predicted = results.iter().filter(|m| {
                    m["activities"]
                        .as_array()
                        .expect("activities")
                        .iter()
                        .any(|a| a["type"] == "pKi_shifted (predicted)")
                });
                (predicted.count(), results.len())
            };
            let (_, before) = app.get(&first_page, &alice.token).await;
            assert_eq!(with_predictions(&before), (0, 5), "{before}");
            let (status, task) = app
                .post(
                    &format!("/api/qsar/models/{}/predictions", model["id"]),
                    &alice.token,
                    json!({"compound_set_id": set_id}),
                )
                .await;
            assert_eq!(status, StatusCode::ACCEPTED, "{task}");
            let (_, set) = app
                .get(&format!("/api/compound-sets/{set_id}"), &alice.token)
                .await;
            assert_eq!(
                task["title"],
                format!(
                    "Predict {} with {}",
                    set["name"].as_str().unwrap_or("?"),
                    model["name"].as_str().unwrap_or("?")
                ),
                "tasks are titled for people"
            );
            let task = app
                .wait_task(&alice, task["id"].as_i64().expect("task"), 120)
                .await;
            assert_eq!(task["status"], "success", "{task}");
            let predicted = task["result"]["activity_set_id"]
                .as_i64()
                .expect("activity set");
            let (_, values) = app
                .get(
                    &format!("/api/activity-sets/{predicted}/activities?page_size=1000"),
                    &alice.token,
                )
                .await;
            assert_eq!(values["count"], expected);
            let (_, after) = app.get(&first_page, &alice.token).await;
            assert_eq!(with_predictions(&after), (5, 5), "{after}");
            let values = values["results"].as_array().expect("values");
            assert!(values
                .iter()
                .all(|v| v["type"] == "pKi_shifted (predicted)" && v["value"].is_f64()));
            let applicability: Vec<f64> = values
                .iter()
                .map(|v| v["applicability"].as_f64().expect("ad"))
                .collect();
            if own {
                assert!(
                    applicability.iter().all(|&a| a == 1.0),
                    "training molecules are in the domain"
                );
            } else {
                assert!(applicability.iter().any(|&a| a < 1.0));
            }
        }
        let (_, prediction_sets) = app
            .get(
                &format!("/api/qsar/models/{}/predictions", model["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(
            prediction_sets.as_array().map(Vec::len),
            Some(2),
            "{prediction_sets}"
        );
        assert_eq!(prediction_sets[0]["qsar_model_id"], model["id"]);

        // Predictions no longer wanted are deleted with their values; the page that showed them
        // no longer does, and the model stays.
        let unwanted = prediction_sets[0]["id"].as_i64().expect("prediction set");
        let shown_in = prediction_sets[0]["compound_set_id"].as_i64().expect("set");
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/activity-sets/{unwanted}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        for gone in ["", "/activities"] {
            let (status, _) = app
                .get(
                    &format!("/api/activity-sets/{unwanted}{gone}"),
                    &alice.token,
                )
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (_, page) = app
            .get(
                &format!("/api/compound-sets/{shown_in}/molecules?page_size=5"),
                &alice.token,
            )
            .await;
        let predicted = page["results"]
            .as_array()
            .expect("results")
            .iter()
            .flat_map(|m| m["activities"].as_array().cloned().unwrap_or_default())
            .filter(|a| a["activity_set_id"] == unwanted)
            .count();
        assert_eq!(predicted, 0, "{page}");
        let (_, model_after) = app
            .get(&format!("/api/qsar/models/{}", model["id"]), &alice.token)
            .await;
        assert_eq!(model_after["status"], "ready");

        // A downloaded model imported again predicts exactly as the original.
        let (status, imported) = app
            .upload(
                "/api/qsar/models/import",
                &alice,
                &[("project_id", &project.to_string()), ("name", "imported")],
                Some(("model.genui-qsar", first.clone())),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imported}");
        assert_eq!(imported["status"], "ready");
        let mut predictions_of = Vec::new();
        for id in [&imported["id"], &model["id"]] {
            let (_, task) = app
                .post(
                    &format!("/api/qsar/models/{id}/predictions"),
                    &alice.token,
                    json!({"compound_set_id": other["id"]}),
                )
                .await;
            let task = app
                .wait_task(&alice, task["id"].as_i64().expect("task"), 120)
                .await;
            let set = task["result"]["activity_set_id"].as_i64().expect("set");
            let (_, page) = app
                .get(
                    &format!("/api/activity-sets/{set}/activities?page_size=1000"),
                    &alice.token,
                )
                .await;
            let values: Vec<(Value, Value, Value)> = page["results"]
                .as_array()
                .expect("values")
                .iter()
                .map(|v| {
                    (
                        v["molecule_id"].clone(),
                        v["value"].clone(),
                        v["applicability"].clone(),
                    )
                })
                .collect();
            predictions_of.push(values);
        }
        assert_eq!(predictions_of[0], predictions_of[1]);
        // The imported file shows the card it was built with.
        let card_path = |id: &Value| format!("/api/qsar/models/{id}/card");
        let (status, card) = app.get(&card_path(&model["id"]), &alice.token).await;
        assert_eq!(status, StatusCode::OK, "{card}");
        let (_, imported_card) = app.get(&card_path(&imported["id"]), &alice.token).await;
        assert_eq!(imported_card, card);
        assert!(card["built_with"]
            .as_str()
            .is_some_and(|v| v.starts_with("genui-qsar ")));
        let sha = card["training_set"]["sha256"].as_str().expect("hash");
        assert_eq!(sha.len(), 64, "{card}");
        let molecules = model_performance_molecules(&app, &alice, &model["id"]).await;
        assert_eq!(card["training_set"]["molecules"], molecules);
        assert_eq!(card["training_set"]["measurements"]["rule"], "exclude");
        assert!(card["cross_validation"]["r2"].is_number(), "{card}");
        assert!(
            card["uncertainty"]["intervals"]["levels"].is_array(),
            "{card}"
        );
        assert_eq!(card["test_similarity"].as_array().map(Vec::len), Some(5));
        for (bytes, why) in [
            (b"not a model".to_vec(), "GENUIQSR"),
            (first[..first.len() / 2].to_vec(), "checksum"),
            (
                forged(
                    &first,
                    "descriptors",
                    json!([{"kind": "morgan", "radius": 2, "n_bits": 4_000_000_000u64}]),
                ),
                "no usable descriptors",
            ),
            (
                forged(&first, "card", json!({"built_with": 7})),
                "card is unreadable",
            ),
            (
                forged(
                    &first,
                    "uncertainty",
                    json!({"intervals": {"groups": [{"from_similarity": 0.0, "errors": [2.0, 1.0]}]}}),
                ),
                "uncertainty does not fit",
            ),
        ] {
            let (status, answer) = app
                .upload(
                    "/api/qsar/models/import",
                    &alice,
                    &[("project_id", &project.to_string()), ("name", "broken")],
                    Some(("broken.genui-qsar", bytes)),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
            let message = answer["error"]["message"].as_str().expect("message");
            assert!(message.contains(why), "{answer}");
        }

        // Classification with a scaffold test set.
        let classifier = build(
            &app,
            &alice,
            json!({
                "project_id": project, "name": "rf classes", "activity_set_id": activity_set,
                "activity_type": "pKi_shifted", "mode": "classification", "threshold": -2.0,
                "algorithm": "random_forest", "parameters": {"n_trees": 30, "balanced_classes": true},
                "validation": {"folds": 3, "test_fraction": 0.25, "split": "scaffold"}
            }),
        )
        .await;
        let (_, performance) = app
            .get(
                &format!("/api/qsar/models/{}/performance", classifier["id"]),
                &alice.token,
            )
            .await;
        let auc = performance["cross_validation"]["mean"]["roc_auc"]
            .as_f64()
            .expect("auc");
        assert!(auc > 0.6, "ROC AUC {auc}");
        assert_eq!(performance["test"]["split"], "scaffold");
        let confusion = &performance["test"]["metrics"]["confusion"];
        let counted: i64 = (0..2)
            .flat_map(|i| (0..2).map(move |j| (i, j)))
            .map(|(i, j)| confusion[i][j].as_i64().expect("count"))
            .sum();
        assert_eq!(counted, performance["test"]["n_test"].as_i64().expect("n"));
        assert!(performance["test"]["roc"].as_array().expect("roc").len() > 2);
        for fold in performance["cross_validation"]["folds"]
            .as_array()
            .expect("folds")
        {
            let roc = fold["roc"].as_array().expect("a ROC curve per fold");
            assert_eq!(
                (roc[0]["fpr"].as_f64(), roc[0]["tpr"].as_f64()),
                (Some(0.0), Some(0.0))
            );
            let last = roc.last().expect("a last point");
            assert_eq!(
                (last["fpr"].as_f64(), last["tpr"].as_f64()),
                (Some(1.0), Some(1.0))
            );
        }
        assert_eq!(performance["threshold"], -2.0);

        let (_, list) = app
            .get(
                &format!("/api/qsar/models?project_id={project}"),
                &alice.token,
            )
            .await;
        assert_eq!(list["count"], 4);
        let (status, renamed) = app
            .call(
                Method::PATCH,
                &format!("/api/qsar/models/{}", model["id"]),
                Some(&alice.token),
                Some(json!({"name": "ridge on pKi", "description": "the first one"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(renamed["name"], "ridge on pKi");
        assert_eq!(renamed["status"], "ready", "renaming keeps the model");
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/qsar/models/{}", again["id"]),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .get(
                &format!("/api/qsar/models/{}/file", again["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

/// Predictions of a model for a compound set: (molecule, value, applicability).
pub async fn predictions(app: &TestApp, who: &Session, model: &Value, set: &Value) -> Vec<Value> {
    let (status, task) = app
        .post(
            &format!("/api/qsar/models/{model}/predictions"),
            &who.token,
            json!({"compound_set_id": set}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    let task = app
        .wait_task(who, task["id"].as_i64().expect("task"), 120)
        .await;
    assert_eq!(task["status"], "success", "{task}");
    let set = task["result"]["activity_set_id"].as_i64().expect("set");
    let (_, page) = app
        .get(
            &format!("/api/activity-sets/{set}/activities?page_size=1000"),
            &who.token,
        )
        .await;
    page["results"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| json!([v["molecule_id"], v["value"], v["applicability"]]))
        .collect()
}

#[tokio::test]
async fn every_algorithm_builds_with_physchem_descriptors_and_its_file_predicts_the_same() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let (project, activity_set) = data(&app, &alice).await;
    let (_, algorithms) = app.get("/api/qsar/algorithms", &alice.token).await;
    let names: Vec<&str> = algorithms
        .as_array()
        .expect("registry")
        .iter()
        .map(|a| a["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    let (_, groups) = app.get("/api/qsar/descriptors", &alice.token).await;
    assert!(groups
        .as_array()
        .expect("groups")
        .iter()
        .any(|g| g["kind"] == "physchem"));
    let (_, sets) = app
        .get(&format!("/api/activity-sets/{activity_set}"), &alice.token)
        .await;
    let compound_set = sets["compound_set_id"].clone();
    let ecfp_and_physchem =
        json!([{"kind": "morgan", "radius": 2, "n_bits": 1024}, {"kind": "physchem"}]);
    for (algorithm, mode, parameters) in [
        (
            "gradient_boosting",
            "regression",
            json!({"n_estimators": 50}),
        ),
        ("svm", "regression", json!({"kernel": "rbf"})),
        (
            "knn",
            "classification",
            json!({"k": 3, "weights": "similarity"}),
        ),
        ("naive_bayes", "classification", json!({})),
        ("pls", "regression", json!({"n_components": 3})),
        ("logistic_regression", "classification", json!({"c": 0.1})),
        ("ridge", "regression", json!({"alpha": 10.0})),
        (
            "svm",
            "classification",
            json!({"kernel": "tanimoto", "c": 2.0}),
        ),
    ] {
        let body = json!({
            "project_id": project, "name": format!("{algorithm} {mode} {parameters}"),
            "activity_set_id": activity_set, "activity_type": "pKi_shifted", "mode": mode,
            "threshold": (mode == "classification").then_some(-2.0),
            "algorithm": algorithm, "parameters": parameters, "descriptors": ecfp_and_physchem,
            "validation": {"folds": 3, "test_fraction": 0.2}
        });
        let model = build(&app, &alice, body).await;
        let (_, performance) = app
            .get(
                &format!("/api/qsar/models/{}/performance", model["id"]),
                &alice.token,
            )
            .await;
        let mean = &performance["cross_validation"]["mean"];
        let quality = if mode == "regression" {
            &mean["r2"]
        } else {
            &mean["roc_auc"]
        };
        let quality = quality.as_f64().expect("metric");
        let floor = if mode == "regression" { 0.1 } else { 0.6 };
        assert!(
            quality > floor,
            "{algorithm} {mode}: {quality} ({performance})"
        );

        let (_, _, file) = app
            .get_raw(
                &format!("/api/qsar/models/{}/file", model["id"]),
                &alice,
                &[],
            )
            .await;
        let (status, imported) = app
            .upload(
                "/api/qsar/models/import",
                &alice,
                &[
                    ("project_id", &project.to_string()),
                    ("name", &format!("imported {}", model["name"])),
                ],
                Some(("model.genui-qsar", file)),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{imported}");
        assert_eq!(imported["spec"]["algorithm"], algorithm, "{imported}");
        let original = predictions(&app, &alice, &model["id"], &compound_set).await;
        assert_eq!(
            original,
            predictions(&app, &alice, &imported["id"], &compound_set).await,
            "{algorithm}: an imported model predicts as the original"
        );
        assert!(
            original.iter().all(|p| p[2] == 1.0),
            "training molecules are in the domain"
        );
    }
    // Morgan counts, actives below the threshold.
    let model = build(
        &app,
        &alice,
        json!({"project_id": project, "name": "counts", "activity_set_id": activity_set,
               "activity_type": "pKi_shifted", "mode": "classification", "threshold": -2.0,
               "active_when": "at_most", "algorithm": "random_forest", "parameters": {"n_trees": 20},
               "descriptors": [{"kind": "morgan", "radius": 2, "n_bits": 512, "counts": true}]}),
    )
    .await;
    let (_, performance) = app
        .get(
            &format!("/api/qsar/models/{}/performance", model["id"]),
            &alice.token,
        )
        .await;
    assert_eq!(performance["active_when"], "at_most");
    let auc = performance["cross_validation"]["mean"]["roc_auc"]
        .as_f64()
        .expect("auc");
    assert!(auc > 0.6, "ROC AUC {auc}");
    assert_eq!(model["spec"]["descriptors"][0]["counts"], true);
}

#[tokio::test]
async fn bad_model_requests_get_a_4xx_or_a_failed_task() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let (project, activity_set) = data(&app, &alice).await;
    let base = json!({
        "project_id": project, "name": "m", "activity_set_id": activity_set,
        "activity_type": "pKi_shifted", "mode": "regression", "algorithm": "random_forest"
    });
    let with = |changes: Value| replaced(&base, changes);
    for body in [
        with(json!({"algorithm": "deep_magic"})),
        with(json!({"parameters": {"n_trees": 0}})),
        with(json!({"parameters": {"n_trees": "many"}})),
        with(json!({"parameters": {"trees": 10}})),
        with(json!({"parameters": {"max_features": 1.5}})),
        with(json!({"algorithm": "pls", "mode": "classification", "threshold": 6.5})),
        with(json!({"algorithm": "svm", "parameters": {"kernel": "poly"}})),
        with(json!({"algorithm": "ridge", "parameters": {"n_trees": 10}})),
        with(json!({"descriptors": [{"kind": "physchem", "scaled": false}]})),
        with(json!({"active_when": "at_most"})),
        with(json!({"descriptors": [{"kind": "maccs", "counts": true}]})),
        with(json!({"mode": "ranking"})),
        with(json!({"threshold": 6.5})),
        with(json!({"validation": {"folds": 1}})),
        with(json!({"descriptors": [{"kind": "morgan", "radius": 2, "n_bits": 0}]})),
        with(json!({"unknown_field": true})),
        with(json!({"censored": "guess"})),
        with(json!({"name": " "})),
    ] {
        let (status, answer) = app
            .post("/api/qsar/models", &alice.token, body.clone())
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
    }
    // Another user's activity set or project is not found.
    let bobs = app.project(&bob, "bob's").await;
    let (status, answer) = app
        .post(
            "/api/qsar/models",
            &bob.token,
            with(json!({"project_id": bobs})),
        )
        .await;
    assert_error(status, &answer, StatusCode::NOT_FOUND, "not_found");
    let (status, answer) = app
        .upload(
            "/api/qsar/models/import",
            &bob,
            &[
                ("project_id", &project.to_string()),
                ("name", "into alice's"),
            ],
            Some(("m.genui-qsar", b"GENUIQSR".to_vec())),
        )
        .await;
    assert_error(status, &answer, StatusCode::NOT_FOUND, "not_found");
    // No data of the type, or a single class: the build fails with a reason.
    for (changes, code) in [
        (
            json!({"name": "no data", "activity_type": "IC50"}),
            "no_data",
        ),
        (
            json!({"name": "one class", "mode": "classification", "threshold": 100.0}),
            "invalid_data",
        ),
    ] {
        let (status, model) = app
            .post("/api/qsar/models", &alice.token, with(changes))
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{model}");
        let task = app
            .wait_task(&alice, model["task_id"].as_i64().expect("task"), 60)
            .await;
        assert_eq!(task["status"], "failure", "{task}");
        assert_eq!(task["errors"][0]["code"], code, "{task}");
        let (_, model) = app
            .get(&format!("/api/qsar/models/{}", model["id"]), &alice.token)
            .await;
        assert_eq!(model["status"], "failed");
        let (status, _) = app
            .get(
                &format!("/api/qsar/models/{}/performance", model["id"]),
                &alice.token,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
    }
}

/// `base` with the fields of `changes` replaced.
fn replaced(base: &Value, changes: Value) -> Value {
    let mut out = base.clone();
    for (k, v) in changes.as_object().expect("object") {
        out[k] = v.clone();
    }
    out
}

/// `model` with its descriptors claiming 4,000,000,000 fingerprint bits, sealed again as a
/// forger would: importing it must not let a prediction allocate for them.
/// The model file with one metadata entry replaced (and a valid checksum).
fn forged(model: &[u8], key: &str, value: Value) -> Vec<u8> {
    use sha2::Digest;
    let body = &model[..model.len() - 32];
    let len = u32::from_le_bytes(body[12..16].try_into().expect("length")) as usize;
    let mut header: Value = serde_json::from_slice(&body[16..16 + len]).expect("header");
    header["metadata"][key] = value;
    let header = serde_json::to_vec(&header).expect("json");
    let mut forged = [
        &body[..12],
        &(header.len() as u32).to_le_bytes(),
        &header,
        &body[16 + len..],
    ]
    .concat();
    let checksum = sha2::Sha256::digest(&forged);
    forged.extend_from_slice(&checksum);
    forged
}

async fn model_performance_molecules(app: &TestApp, who: &Session, model: &Value) -> Value {
    let (_, performance) = app
        .get(&format!("/api/qsar/models/{model}/performance"), &who.token)
        .await;
    performance["molecules"].clone()
}
