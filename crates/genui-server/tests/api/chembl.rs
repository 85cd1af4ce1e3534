//! ChEMBL imports: by target from a local fake of its web API (paging, retries, filters), and
//! from an export downloaded from ChEMBL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::StatusCode as AxumStatus;
use axum::routing::get;
use axum::{Json, Router};
use genui_test_support::backends;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::compound_sets::{contents, worker_options};
use crate::helpers::{spawn_app, testdata, Options};

/// Requests seen per (target, offset), to fail the first one of a flaky target.
type Seen = Arc<Mutex<HashMap<(String, u64), u32>>>;

/// A fake ChEMBL web API: `GET /activity.json?target_chembl_id=&limit=&offset=`
/// answers pages in ChEMBL's format from `testdata/chembl/`. `CHEMBL251` has
/// data, `CHEMBL999` is the same data but every page fails once with 503,
/// `CHEMBL500` always fails with 500; other targets have no activities.
async fn fake_chembl() -> String {
    let fixture: Value =
        serde_json::from_slice(&testdata("chembl/CHEMBL251_activities.json")).expect("fixture");
    let activities = fixture["activities"]
        .as_array()
        .expect("activities")
        .clone();
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route(
            "/chembl/api/data/activity.json",
            get(
                |State((activities, seen)): State<(Vec<Value>, Seen)>,
                 Query(q): Query<HashMap<String, String>>| async move {
                    let target = q.get("target_chembl_id").cloned().unwrap_or_default();
                    let limit: usize = q.get("limit").and_then(|v| v.parse().ok()).unwrap_or(20);
                    let offset: usize = q.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let attempts = {
                        let mut seen = seen.lock().expect("lock");
                        let n = seen.entry((target.clone(), offset as u64)).or_default();
                        *n += 1;
                        *n
                    };
                    if target == "CHEMBL500" || (target == "CHEMBL999" && attempts == 1) {
                        return Err((AxumStatus::SERVICE_UNAVAILABLE, "overloaded"));
                    }
                    let data: &[Value] = if target == "CHEMBL251" || target == "CHEMBL999" {
                        &activities
                    } else {
                        &[]
                    };
                    let page: Vec<Value> = data.iter().skip(offset).take(limit).cloned().collect();
                    let next = (offset + limit < data.len()).then(|| {
                        format!(
                            "/chembl/api/data/activity.json?limit={limit}&offset={}&target_chembl_id={target}",
                            offset + limit
                        )
                    });
                    Ok(Json(json!({
                        "activities": page,
                        "page_meta": {"limit": limit, "offset": offset, "next": next,
                                      "previous": null, "total_count": data.len()}
                    })))
                },
            ),
        )
        .with_state((activities, seen));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/chembl/api/data")
}

#[tokio::test]
async fn chembl_targets_import_with_pchembl_activities_paging_and_retries() {
    let chembl = fake_chembl().await;
    for backend in backends() {
        let app = spawn_app(
            backend,
            Options {
                chembl_url: chembl.clone(),
                ..worker_options()
            },
        )
        .await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let create = |name: &str, targets: Value, max: Value| json!({"project_id": project, "name": name, "targets": targets, "max_per_target": max});
        let (status, set) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                create("a2a", json!(["CHEMBL251"]), Value::Null),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{set}");
        let (task, set) = app.finish_import(&alice, &set).await;
        assert_eq!(task["status"], "success", "{task}");
        let report = &set["report"];
        assert_eq!(report["read"], 55, "{report}");
        assert_eq!(report["rejected"], 2, "no SMILES, no value: {report}");
        let imported = report["imported"].as_i64().expect("imported");
        assert_eq!(
            imported + report["duplicates_merged"].as_i64().expect("merged"),
            53
        );
        // Every accepted record brings its standard value and its pChEMBL value.
        assert_eq!(report["activities"], 53 * 2);
        let (_, sets) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={}", set["id"]),
                &alice.token,
            )
            .await;
        let aset = sets["results"][0]["id"].as_i64().expect("activity set");
        let (_, summary) = app
            .get(&format!("/api/activity-sets/{aset}/summary"), &alice.token)
            .await;
        let types: Vec<&str> = summary
            .as_array()
            .expect("summary")
            .iter()
            .map(|s| s["type"].as_str().expect("type"))
            .collect();
        assert_eq!(types, vec!["IC50", "IC50_pChEMBL", "Ki", "Ki_pChEMBL"]);
        let (_, activities) = app
            .get(
                &format!("/api/activity-sets/{aset}/activities?page_size=1"),
                &alice.token,
            )
            .await;
        let first = &activities["results"][0];
        assert_eq!(first["target_id"], "CHEMBL251");
        assert!(first["assay_id"]
            .as_str()
            .expect("assay")
            .starts_with("CHEMBL"));
        assert_eq!(first["relation"], "=");
        // ChEMBL's detail of the measurement stays with it.
        assert_eq!(first["target_name"], "Adenosine receptor A2a", "{first}");
        assert_eq!(first["target_organism"], "Homo sapiens");
        assert_eq!(first["assay_type"], "B");

        // Filters by assay type and organism: what they leave out is a reported rejection.
        let filtered = |name: &str, filters: Value| {
            let mut body = create(name, json!(["CHEMBL251"]), Value::Null);
            body.as_object_mut()
                .expect("object")
                .extend(filters.as_object().expect("filters").clone());
            body
        };
        let (_, kept) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                filtered(
                    "binding, human",
                    json!({"assay_types": ["B"], "organism": "homo sapiens"}),
                ),
            )
            .await;
        let (task, kept) = app.finish_import(&alice, &kept).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(kept["report"]["imported"], imported);
        let (_, functional) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                filtered("functional", json!({"assay_types": ["F"]})),
            )
            .await;
        let (task, _) = app.finish_import(&alice, &functional).await;
        assert_eq!(task["errors"][0]["code"], "nothing_imported", "{task}");
        assert!(
            task.to_string()
                .contains("assay type B is not among those chosen (F)"),
            "{task}"
        );
        let (status, body) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                filtered("bad type", json!({"assay_types": ["Z"]})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["details"]["assay_types"].is_array(), "{body}");

        // An export downloaded from ChEMBL is filtered alike (a form's list is comma-separated).
        let export = testdata("chembl/5ht1a_censored_export.csv");
        let (task, human) = app
            .import_file(
                &alice,
                project,
                "chembl",
                "export, human binding",
                ("5ht1a.csv", export.clone()),
                &[("organism", "Homo sapiens"), ("assay_types", "B, F")],
            )
            .await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(human["report"]["rejected"], 0, "{human}");
        let (task, _) = app
            .import_file(
                &alice,
                project,
                "chembl",
                "export, rat",
                ("5ht1a.csv", export.clone()),
                &[("organism", "Rattus norvegicus")],
            )
            .await;
        assert_eq!(task["errors"][0]["code"], "nothing_imported", "{task}");
        assert!(
            task.to_string()
                .contains("target organism Homo sapiens is not Rattus norvegicus"),
            "{task}"
        );
        let (status, body) = app
            .upload(
                "/api/compound-sets/chembl",
                &alice,
                &[
                    ("project_id", project.to_string().as_str()),
                    ("name", "export, bad type"),
                    ("assay_types", "B,Z"),
                ],
                Some(("5ht1a.csv", export)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["details"]["assay_types"].is_array(), "{body}");

        // A cap per target, and a flaky target that succeeds after retries.
        let (_, capped) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                create("capped", json!(["CHEMBL251"]), json!(10)),
            )
            .await;
        let (task, capped) = app.finish_import(&alice, &capped).await;
        assert_eq!(task["status"], "success", "{task}");
        assert!(
            capped["molecule_count"].as_i64().expect("count") <= 10,
            "{capped}"
        );
        let (_, flaky) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                create("flaky", json!(["CHEMBL999"]), Value::Null),
            )
            .await;
        let (task, flaky) = app.finish_import(&alice, &flaky).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(flaky["molecule_count"], imported);

        // A failing server ends the task with a clear message and no molecules.
        let (_, broken) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                create("broken", json!(["CHEMBL500"]), Value::Null),
            )
            .await;
        let (task, broken) = app.finish_import(&alice, &broken).await;
        assert_eq!(task["status"], "failure", "{task}");
        let message = task["errors"][0]["message"].as_str().expect("message");
        assert!(
            message.contains("HTTP 503") && message.contains("gave up"),
            "{message}"
        );
        assert_eq!(
            (broken["status"].clone(), broken["molecule_count"].clone()),
            (json!("failed"), json!(0))
        );
        // An unknown target has nothing to import.
        let (_, empty) = app
            .post(
                "/api/compound-sets/chembl",
                &alice.token,
                create("empty", json!(["CHEMBL1"]), Value::Null),
            )
            .await;
        let (task, _) = app.finish_import(&alice, &empty).await;
        assert_eq!(task["errors"][0]["code"], "nothing_imported", "{task}");

        // Invalid requests are refused before anything is queued.
        for (targets, max) in [
            (json!([]), Value::Null),
            (json!(["P29274"]), Value::Null),
            (json!(["CHEMBL251"]), json!(0)),
        ] {
            let (status, body) = app
                .post(
                    "/api/compound-sets/chembl",
                    &alice.token,
                    create("bad", targets, max),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        }

        // The same activities as a ChEMBL web site export give the same set.
        let fixture: Value =
            serde_json::from_slice(&testdata("chembl/CHEMBL251_activities.json")).expect("fixture");
        let columns = [
            ("Molecule ChEMBL ID", "molecule_chembl_id"),
            ("Smiles", "canonical_smiles"),
            ("Standard Type", "standard_type"),
            ("Standard Relation", "standard_relation"),
            ("Standard Value", "standard_value"),
            ("Standard Units", "standard_units"),
            ("pChEMBL Value", "pchembl_value"),
            ("Assay ChEMBL ID", "assay_chembl_id"),
            ("Target ChEMBL ID", "target_chembl_id"),
            ("Comment", "activity_comment"),
        ];
        let mut export: Vec<String> = vec![columns
            .iter()
            .map(|(title, _)| format!("\"{title}\""))
            .collect::<Vec<_>>()
            .join(";")];
        for a in fixture["activities"].as_array().expect("activities") {
            export.push(
                columns
                    .iter()
                    .map(|(_, field)| match &a[*field] {
                        Value::Null => "\"\"".to_owned(),
                        Value::String(s) if *field == "standard_relation" => format!("\"'{s}'\""),
                        Value::String(s) => format!("\"{s}\""),
                        other => format!("\"{other}\""),
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
            );
        }
        let (status, offline) = app
            .upload(
                "/api/compound-sets/chembl",
                &alice,
                &[("project_id", &project.to_string()), ("name", "offline")],
                Some(("export.csv", export.join("\n").into_bytes())),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{offline}");
        let (task, offline) = app.finish_import(&alice, &offline).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(offline["report"]["rejected"], 2);
        assert_eq!(
            contents(&app, &alice, offline["id"].as_i64().expect("id")).await,
            contents(&app, &alice, set["id"].as_i64().expect("id")).await
        );
    }
}
