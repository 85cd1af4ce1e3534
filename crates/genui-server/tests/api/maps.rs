//! Chemical space maps through the API: t-SNE over two overlapping sets
//! (each molecule once, linked to both), reproducible, points with
//! properties and activities, PCA with physico-chemical descriptors, placing
//! another set onto a map, deleting a set, bad requests.

use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::compound_sets::worker_options;
use crate::helpers::{assert_error, spawn_app, Session, TestApp};

/// A CSV of SMILES with an activity each.
fn csv(smiles: &[String]) -> Vec<u8> {
    let mut out = String::from("SMILES,ACTIVITY\n");
    for (i, s) in smiles.iter().enumerate() {
        out.push_str(&format!("{s},{}\n", 5.0 + (i % 7) as f64 * 0.5));
    }
    out.into_bytes()
}

/// Chains with a head group: `C…CO`, `C…CN`, `C…C(=O)O`, … (all distinct).
fn chains(heads: &[&str], lengths: std::ops::Range<usize>) -> Vec<String> {
    heads
        .iter()
        .flat_map(|h| {
            lengths
                .clone()
                .map(move |k| format!("{}{h}", "C".repeat(k)))
        })
        .collect()
}

async fn import(app: &TestApp, who: &Session, project: i64, name: &str, smiles: &[String]) -> i64 {
    let (task, set) = app
        .import_file(who, project, "csv", name, ("set.csv", csv(smiles)), &[])
        .await;
    assert_eq!(task["status"], "success", "{task}");
    set["id"].as_i64().expect("set id")
}

async fn build(app: &TestApp, who: &Session, body: Value) -> (Value, Value) {
    let (status, map) = app.post("/api/maps", &who.token, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{map}");
    let task = app
        .wait_task(who, map["task_id"].as_i64().expect("task"), 300)
        .await;
    let (_, map) = app
        .get(&format!("/api/maps/{}", map["id"]), &who.token)
        .await;
    (map, task)
}

async fn points(app: &TestApp, who: &Session, map: &Value, query: &str) -> Value {
    let (status, points) = app
        .get(
            &format!("/api/maps/{}/points{query}", map["id"]),
            &who.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{points}");
    points
}

#[tokio::test]
async fn maps_are_built_served_extended_and_cleaned_up() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "maps").await;
        let first = chains(&["O", "N", "C(=O)O"], 1..21);
        let mut second: Vec<String> = first[..10].to_vec();
        second.extend(chains(&["c1ccccc1"], 1..11));
        let a = import(&app, &alice, project, "chains", &first).await;
        let b = import(&app, &alice, project, "chains and rings", &second).await;
        let (_, algorithms) = app.get("/api/maps/algorithms", &alice.token).await;
        assert_eq!(algorithms[0]["name"], "tsne");

        let spec = json!({"project_id": project, "name": "t-SNE", "compound_set_ids": [a, b],
            "algorithm": "tsne", "seed": 3,
            "parameters": {"perplexity": 5, "early_exaggeration_iter": 100, "n_iter": 200}});
        let (map, task) = build(&app, &alice, spec.clone()).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(map["status"], "ready");
        assert_eq!(
            map["summary"]["points"], 70,
            "60 chains + 10 rings, shared ones once"
        );
        assert_eq!(map["summary"]["molecules"], 80);

        let all = points(&app, &alice, &map, "?properties=mw,logp&smiles=true").await;
        assert!(all["smiles"][0].as_str().is_some_and(|s| !s.is_empty()));
        assert!(points(&app, &alice, &map, "").await.get("smiles").is_none());
        assert_eq!(all["count"], 70);
        let sets = all["compound_set_ids"].as_array().expect("sets");
        let shared = sets
            .iter()
            .filter(|s| s.as_array().map(Vec::len) == Some(2))
            .count();
        assert_eq!(shared, 10, "each shared molecule is one point of both sets");
        // A shared molecule's page names both of its sets and the map placing each.
        let (_, page) = app
            .get(
                &format!("/api/compound-sets/{a}/molecules?page_size=1"),
                &alice.token,
            )
            .await;
        let molecule = &page["results"][0]["id"];
        let (_, occurrences) = app
            .get(
                &format!("/api/molecules/{molecule}/occurrences"),
                &alice.token,
            )
            .await;
        let in_sets: Vec<&Value> = occurrences["molecules"]
            .as_array()
            .expect("molecules")
            .iter()
            .map(|o| &o["compound_set_id"])
            .collect();
        assert_eq!(in_sets, [&json!(a), &json!(b)], "{occurrences}");
        let placing: Vec<(&Value, &Value)> = occurrences["maps"]
            .as_array()
            .expect("maps")
            .iter()
            .map(|o| (&o["map_name"], &o["molecule_id"]))
            .collect();
        assert_eq!(placing.len(), 2, "{occurrences}");
        assert!(placing.iter().all(|(name, _)| *name == "t-SNE"));
        assert!(placing.iter().any(|(_, m)| *m == molecule));
        assert_eq!(all["properties"]["mw"].as_array().map(Vec::len), Some(70));
        assert!(all["x"]
            .as_array()
            .expect("x")
            .iter()
            .all(|v| v.as_f64().is_some_and(f64::is_finite)));
        let (_, activity_sets) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={a}"),
                &alice.token,
            )
            .await;
        let activity_set = &activity_sets["results"][0]["id"];
        let with_activities = points(
            &app,
            &alice,
            &map,
            &format!("?activity_set_id={activity_set}"),
        )
        .await;
        let values = with_activities["activities"]["ACTIVITY"]
            .as_array()
            .expect("column");
        assert_eq!(values.len(), 70);
        assert_eq!(
            values.iter().filter(|v| v.is_f64()).count(),
            60,
            "set a's molecules have values"
        );

        // Same sets, parameters and seed: the same map.
        let (again, _) = build(
            &app,
            &alice,
            json!({"name": "t-SNE again"})
                .as_object()
                .map(|o| {
                    let mut s = spec.clone();
                    o.iter().for_each(|(k, v)| s[k] = v.clone());
                    s
                })
                .expect("spec"),
        )
        .await;
        let again = points(&app, &alice, &again, "").await;
        assert_eq!((&again["x"], &again["y"]), (&all["x"], &all["y"]));

        // PCA with physico-chemical values; a third set placed onto it.
        let (pca, task) = build(
            &app,
            &alice,
            json!({"project_id": project, "name": "PCA", "compound_set_ids": [a], "algorithm": "pca",
                   "descriptors": [{"kind": "morgan", "radius": 2, "n_bits": 1024}, {"kind": "physchem"}]}),
        )
        .await;
        assert_eq!(task["status"], "success", "{task}");
        let mut third: Vec<String> = first[..5].to_vec();
        third.extend(chains(&["S"], 1..9));
        let c = import(&app, &alice, project, "thiols", &third).await;
        for map in [&map, &pca] {
            let (status, task) = app
                .post(
                    &format!("/api/maps/{}/transform", map["id"]),
                    &alice.token,
                    json!({"compound_set_id": c}),
                )
                .await;
            assert_eq!(status, StatusCode::ACCEPTED, "{task}");
            let task = app
                .wait_task(&alice, task["id"].as_i64().expect("task"), 120)
                .await;
            assert_eq!(task["status"], "success", "{task}");
            assert_eq!(
                (&task["result"]["placed"], &task["result"]["already_on_map"]),
                (&json!(8), &json!(5))
            );
            let (status, answer) = app
                .post(
                    &format!("/api/maps/{}/transform", map["id"]),
                    &alice.token,
                    json!({"compound_set_id": c}),
                )
                .await;
            assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        }
        let extended = points(&app, &alice, &map, "").await;
        assert_eq!(extended["count"], 78);
        assert_eq!(
            &extended["x"].as_array().expect("x")[..70],
            &all["x"].as_array().expect("x")[..],
            "placing moves nothing"
        );
        let placed = extended["placed"].as_array().expect("placed");
        assert_eq!(placed.iter().filter(|p| **p == json!(true)).count(), 8);

        // Deleting a set removes its memberships; molecules of no set left vanish.
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/compound-sets/{c}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(points(&app, &alice, &map, "").await["count"], 70);
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/maps/{}", pca["id"]),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, list) = app
            .get(&format!("/api/maps?project_id={project}"), &alice.token)
            .await;
        assert_eq!(list["count"], 2);

        // Renaming: the description alone, then a clash with another map's name.
        let path = format!("/api/maps/{}", map["id"]);
        let (status, renamed) = app
            .call(
                Method::PATCH,
                &path,
                Some(&alice.token),
                Some(json!({"name": "  chains and rings ", "description": "ECFP4"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!(
            (&renamed["name"], &renamed["description"]),
            (&json!("chains and rings"), &json!("ECFP4"))
        );
        assert_eq!(renamed["summary"], map["summary"], "renaming keeps the map");
        let other = list["results"]
            .as_array()
            .expect("maps")
            .iter()
            .find(|m| m["id"] != map["id"])
            .expect("another map");
        let (status, body) = app
            .call(
                Method::PATCH,
                &path,
                Some(&alice.token),
                Some(json!({"name": other["name"]})),
            )
            .await;
        assert_error(status, &body, StatusCode::CONFLICT, "conflict");
        let (status, body) = app
            .call(
                Method::PATCH,
                &path,
                Some(&alice.token),
                Some(json!({"name": ""})),
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
}

#[tokio::test]
async fn deleting_a_map_cancels_its_build() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, "maps").await;
    let set = import(
        &app,
        &alice,
        project,
        "chains",
        &chains(&["O", "N", "C(=O)O"], 1..21),
    )
    .await;
    // Long enough to be deleted while it is queued or running.
    let (status, map) = app
        .post(
            "/api/maps",
            &alice.token,
            json!({"project_id": project, "name": "slow", "compound_set_ids": [set],
                   "algorithm": "tsne", "parameters": {"perplexity": 5, "n_iter": 10000}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{map}");
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/maps/{}", map["id"]),
            Some(&alice.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let task = app
        .wait_task(&alice, map["task_id"].as_i64().expect("task"), 60)
        .await;
    assert_eq!(task["status"], "cancelled", "{task}");
}

#[tokio::test]
async fn bad_map_requests_get_a_4xx_or_a_failed_task() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, "maps").await;
    let set = import(&app, &alice, project, "few", &chains(&["O"], 1..11)).await;
    let base =
        json!({"project_id": project, "name": "m", "compound_set_ids": [set], "algorithm": "tsne"});
    for (changes, says) in [
        (json!({"algorithm": "lle"}), "unknown algorithm"),
        (
            json!({"parameters": {"perplexity": "high"}}),
            "perplexity must be a number",
        ),
        (
            json!({"parameters": {"neighbours": 3}}),
            "unknown parameter",
        ),
        (json!({"compound_set_ids": []}), "1 to 20 compound sets"),
        (
            json!({"descriptors": [{"kind": "pattern", "n_bits": 2048}]}),
            "substructure screening",
        ),
        (json!({"colour": "red"}), "unknown field"),
    ] {
        let mut body = base.clone();
        changes
            .as_object()
            .expect("object")
            .iter()
            .for_each(|(k, v)| body[k] = v.clone());
        let (status, answer) = app.post("/api/maps", &alice.token, body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes}: {answer}"
        );
        let message = answer["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
            + &answer["error"]["details"].to_string();
        assert!(message.contains(says), "{changes}: {answer}");
    }
    let (status, _) = app
        .post("/api/maps", &alice.token, json!({"project_id": project, "name": "m", "compound_set_ids": [999_999], "algorithm": "pca"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Ten molecules cannot carry a perplexity of 30: the task says why.
    let (map, task) = build(&app, &alice, base.clone()).await;
    assert_eq!(task["status"], "failure", "{task}");
    assert_eq!(task["errors"][0]["code"], "invalid_data");
    let message = task["errors"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("perplexity 30 needs more than 90 molecules"),
        "{message}"
    );
    assert_eq!(map["status"], "failed");
    let (status, _) = app
        .get(&format!("/api/maps/{}/points", map["id"]), &alice.token)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "an unbuilt map has no points");

    let (ready, task) = build(
        &app,
        &alice,
        json!({"project_id": project, "name": "pca", "compound_set_ids": [set], "algorithm": "pca"}),
    )
    .await;
    assert_eq!(task["status"], "success", "{task}");
    for (algorithm, parameters) in [
        ("svd", json!({})),
        ("mds", json!({})),
        ("isomap", json!({})),
        ("umap", json!({"n_neighbors": 5, "n_epochs": 50})),
    ] {
        let (map, task) = build(
            &app,
            &alice,
            json!({"project_id": project, "name": algorithm, "compound_set_ids": [set],
                   "algorithm": algorithm, "parameters": parameters}),
        )
        .await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(points(&app, &alice, &map, "").await["count"], 10);
    }
    let (status, answer) = app
        .get(
            &format!("/api/maps/{}/points?properties=mw,colour", ready["id"]),
            &alice.token,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, _) = app
        .post(
            &format!("/api/maps/{}/transform", ready["id"]),
            &alice.token,
            json!({"compound_set_id": set}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the set is already on the map"
    );
}
