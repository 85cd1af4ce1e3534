//! Compound sets through the API: import (CSV, SDF), report, browse, search,
//! activities, export round trips, re-import and delete.

use std::collections::BTreeMap;

use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, spawn_app, testdata, Options, Session, TestApp};

const CSV: &str = "SMILES,NAME,ACTIVITY,ACTIVITY_TYPE,ACTIVITY_UNITS\n\
CN1CCC[C@H]1c1cccnc1,nicotine,6.5,pIC50,\n\
C[NH+]1CCC[C@H]1c1cccnc1.[Cl-],nicotine HCl,7.5,pIC50,\n\
CCO,ethanol,NA,pIC50,\n\
c1ccccc1,benzene,350,IC50,nM\n\
C1CC,broken,5,pIC50,\n\
CCN,ethylamine,abc,pIC50,\n\
Cn1c(=O)c2c(ncn2C)n(C)c1=O,caffeine,5.0,pIC50,\n\
CCCC,butane,NaN,pIC50,\n";

pub fn worker_options() -> Options {
    Options {
        worker: true,
        ..Options::default()
    }
}

/// `{inchikey: sorted [(type, value, units)]}` of every molecule of a set.
pub async fn contents(app: &TestApp, who: &Session, set: i64) -> BTreeMap<String, Vec<String>> {
    let (status, page) = app
        .get(
            &format!("/api/compound-sets/{set}/molecules?page_size=1000"),
            &who.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let mut map = BTreeMap::new();
    for m in page["results"].as_array().expect("results") {
        let mut activities: Vec<String> = m["activities"]
            .as_array()
            .expect("activities")
            .iter()
            .map(|a| format!("{} {} {}", a["type"], a["value"], a["units"]))
            .collect();
        activities.sort();
        map.insert(m["inchikey"].as_str().expect("key").to_owned(), activities);
    }
    map
}

fn molecule<'a>(page: &'a Value, name: &str) -> &'a Value {
    page["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {page}"))
}

#[tokio::test]
async fn csv_import_reports_browses_searches_and_exports() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let (task, set) = app
            .import_file(
                &alice,
                project,
                "csv",
                "first",
                ("set.csv", CSV.as_bytes().to_vec()),
                &[],
            )
            .await;
        assert_eq!(task["status"], "success", "{backend:?} {task}");
        assert_eq!(task["title"], "Import first");
        assert_eq!(set["status"], "ready");
        let report = &set["report"];
        assert_eq!(report["read"], 8, "{report}");
        assert_eq!(report["imported"], 4);
        assert_eq!(report["duplicates_merged"], 1);
        assert_eq!(report["rejected"], 3);
        assert_eq!(report["activities"], 4);
        let rejected: Vec<i64> = report["rejections"]
            .as_array()
            .expect("rejections")
            .iter()
            .map(|r| r["position"].as_i64().expect("position"))
            .collect();
        assert_eq!(rejected, vec![6, 7, 9], "{report}");
        assert!(report["rejections"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("ring"));
        let set_id = set["id"].as_i64().expect("id");

        // Browse: the salt form merged into nicotine, sorted and filtered.
        let base = format!("/api/compound-sets/{set_id}/molecules");
        let (_, page) = app.get(&base, &alice.token).await;
        assert_eq!(page["count"], 4);
        // Pages of the set's own order (the file's) join up to the whole set, as by id.
        let ids = |page: &Value| -> Vec<i64> {
            let results = page["results"].as_array().expect("results");
            results
                .iter()
                .map(|m| m["id"].as_i64().expect("id"))
                .collect()
        };
        let mut paged = Vec::new();
        for number in 1..=3 {
            let (status, part) = app
                .get(&format!("{base}?page_size=3&page={number}"), &alice.token)
                .await;
            assert_eq!(
                (status, &part["count"]),
                (StatusCode::OK, &json!(4)),
                "{part}"
            );
            paged.extend(ids(&part));
        }
        let (_, by_id) = app.get(&format!("{base}?sort=id"), &alice.token).await;
        assert_eq!((paged.len(), &paged), (4, &ids(&by_id)));
        let nicotine = molecule(&page, "nicotine");
        assert_eq!(nicotine["smiles"], "CN1CCC[C@H]1c1cccnc1");
        assert_eq!(nicotine["inchikey"], "SNICXCGAKADSCV-JTQLQIEISA-N");
        assert_eq!(nicotine["source_positions"], json!([2, 3]));
        assert_eq!(nicotine["activities"].as_array().map(Vec::len), Some(2));
        assert_eq!(nicotine["properties"]["heavy_atoms"], 12.0);
        let (_, sorted) = app
            .get(&format!("{base}?sort=-activity:pIC50"), &alice.token)
            .await;
        let names: Vec<&str> = sorted["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|m| m["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names, vec!["nicotine", "caffeine", "ethanol", "benzene"]);
        let (_, filtered) = app
            .get(&format!("{base}?filter=activity:pIC50>=6"), &alice.token)
            .await;
        assert_eq!(filtered["count"], 1);
        let (_, small) = app
            .get(
                &format!("{base}?filter=heavy_atoms<=6&sort=-mw&page_size=1"),
                &alice.token,
            )
            .await;
        assert_eq!(small["count"], 2);
        assert_eq!(small["results"][0]["name"], "benzene");
        assert!(small["next"].as_str().is_some(), "{small}");
        let (status, bad) = app.get(&format!("{base}?sort=weight"), &alice.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");

        // A molecule, its depiction with ETag and 304.
        let nicotine_id = nicotine["id"].as_i64().expect("id");
        let (status, detail) = app
            .get(&format!("/api/molecules/{nicotine_id}"), &alice.token)
            .await;
        assert_eq!(
            (status, &detail["name"]),
            (StatusCode::OK, &json!("nicotine"))
        );
        let (status, headers, svg) = app
            .get_raw(
                &format!("/api/molecules/{nicotine_id}/depiction.svg"),
                &alice,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/svg+xml");
        assert!(String::from_utf8_lossy(&svg).contains("<svg"));
        let etag = headers["etag"].to_str().expect("etag").to_owned();
        let (status, _, body) = app
            .get_raw(
                &format!("/api/molecules/{nicotine_id}/depiction.svg"),
                &alice,
                &[("if-none-match", &etag)],
            )
            .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());
        // A structure that is not stored (a sampled one) is drawn the same way, the same picture.
        let stored = detail["smiles"].as_str().expect("smiles");
        let url =
            reqwest::Url::parse_with_params("http://x/api/depiction.svg", [("smiles", stored)])
                .expect("url");
        let path = format!("{}?{}", url.path(), url.query().unwrap_or(""));
        let (status, headers, by_smiles) = app.get_raw(&path, &alice, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/svg+xml");
        assert_eq!(by_smiles, svg, "stored and sampled nicotine look alike");
        for bad in ["C1CC(", "", "C&width=5"] {
            let path = format!("/api/depiction.svg?smiles={bad}");
            let (status, body) = app.get(&path, &alice.token).await;
            assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_query");
        }
        let anonymous = app
            .client
            .get(app.url("/api/depiction.svg?smiles=CCO"))
            .send()
            .await;
        assert_eq!(
            anonymous.expect("answer").status(),
            StatusCode::UNAUTHORIZED
        );

        // Search: substructure with highlighted atoms, similarity.
        let (status, hits) = app
            .post(
                "/api/molecules/search",
                &alice.token,
                json!({"compound_set_id": set_id, "substructure": {"query": "c1ccncc1"}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{hits}");
        assert_eq!(
            (hits["count"].clone(), hits["searched"].clone()),
            (json!(1), json!(4))
        );
        assert_eq!(hits["results"][0]["name"], "nicotine");
        assert_eq!(
            hits["results"][0]["matched_atoms"].as_array().map(Vec::len),
            Some(6)
        );
        let highlighted = hits["results"][0]["depiction_url"].as_str().expect("url");
        assert!(highlighted.contains("highlight=c1ccncc1"), "{highlighted}");
        let (status, _, svg) = app.get_raw(highlighted, &alice, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&svg).contains("<svg"));
        let (_, similar) = app
            .post(
                "/api/molecules/search",
                &alice.token,
                json!({"project_id": project, "similarity": {"smiles": "CN1CCCC1c1cccnc1", "top_k": 2}}),
            )
            .await;
        assert_eq!(similar["count"], 2, "{similar}");
        assert_eq!(similar["results"][0]["name"], "nicotine");
        assert!(
            similar["results"][0]["similarity"]
                .as_f64()
                .expect("similarity")
                > 0.5
        );

        // Activity sets and their summary.
        let (_, sets) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={set_id}"),
                &alice.token,
            )
            .await;
        assert_eq!(sets["count"], 1, "{sets}");
        let aset = sets["results"][0]["id"].as_i64().expect("id");
        let (_, summary) = app
            .get(
                &format!("/api/activity-sets/{aset}/summary?bins=5"),
                &alice.token,
            )
            .await;
        let pic50 = summary
            .as_array()
            .expect("summary")
            .iter()
            .find(|s| s["type"] == "pIC50")
            .expect("pIC50");
        assert_eq!(
            (pic50["molecules"].clone(), pic50["measurements"].clone()),
            (json!(2), json!(3))
        );
        assert_eq!(
            (
                pic50["min"].clone(),
                pic50["max"].clone(),
                pic50["median"].clone()
            ),
            (json!(5.0), json!(7.5), json!(6.5))
        );
        assert_eq!(pic50["histogram"].as_array().map(Vec::len), Some(5));
        let (_, of_nicotine) = app
            .post(
                &format!("/api/activity-sets/{aset}/activities"),
                &alice.token,
                json!({"molecules": [nicotine_id]}),
            )
            .await;
        assert_eq!(of_nicotine["count"], 2, "{of_nicotine}");
        let (_, by_query) = app
            .get(
                &format!("/api/activity-sets/{aset}/activities?molecules={nicotine_id}"),
                &alice.token,
            )
            .await;
        assert_eq!(by_query["count"], 2);

        // Export round trips: SDF and CSV give back the same molecules and activities.
        let original = contents(&app, &alice, set_id).await;
        for (format, kind) in [("sdf", "sdf"), ("csv", "csv")] {
            let (status, headers, file) = app
                .get_raw(
                    &format!("/api/compound-sets/{set_id}/export?format={format}"),
                    &alice,
                    &[],
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            assert!(headers["content-disposition"]
                .to_str()
                .expect("disposition")
                .contains(&format!("first.{format}")));
            let (task, again) = app
                .import_file(
                    &alice,
                    project,
                    kind,
                    &format!("round trip {format}"),
                    (&format!("export.{format}"), file),
                    &[],
                )
                .await;
            assert_eq!(task["status"], "success", "{task}");
            assert_eq!(again["report"]["rejected"], 0, "{again}");
            let copy = contents(&app, &alice, again["id"].as_i64().expect("id")).await;
            assert_eq!(copy, original, "{backend:?} {format} round trip");
        }

        // A molecule's page finds its structure in each set that holds it.
        let (status, occurrences) = app
            .get(
                &format!("/api/molecules/{nicotine_id}/occurrences"),
                &alice.token,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{occurrences}");
        let sets_with_nicotine: Vec<&str> = occurrences["molecules"]
            .as_array()
            .expect("molecules")
            .iter()
            .map(|o| o["compound_set_name"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(
            sets_with_nicotine,
            ["first", "round trip sdf", "round trip csv"],
            "{occurrences}"
        );
        assert_eq!(occurrences["molecules"][0]["molecule_id"], nicotine_id);
        assert_eq!(occurrences["maps"], json!([]));

        // The project's molecules are those of all three sets.
        let (_, all) = app
            .get(
                &format!("/api/molecules?project_id={project}"),
                &alice.token,
            )
            .await;
        assert_eq!(all["count"], 12);

        // Re-import with a new file replaces the contents; the old file goes.
        let files_before: Vec<_> = std::fs::read_dir(app.files.path().join("uploads"))
            .expect("uploads")
            .collect();
        let (status, updating) = app
            .upload(
                &format!("/api/compound-sets/{set_id}/reimport"),
                &alice,
                &[],
                Some((
                    "new.csv",
                    b"SMILES,NAME\nCCO,ethanol\nCCCO,propanol\n".to_vec(),
                )),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{updating}");
        assert!(["updating", "ready"].contains(&updating["status"].as_str().expect("status")));
        let (task, updated) = app.finish_import(&alice, &updating).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(updated["molecule_count"], 2);
        assert_eq!(contents(&app, &alice, set_id).await.len(), 2);
        let files_after: Vec<_> = std::fs::read_dir(app.files.path().join("uploads"))
            .expect("uploads")
            .collect();
        assert_eq!(files_before.len(), files_after.len());

        // Delete: molecules, activity sets and the file go with the set.
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("/api/compound-sets/{set_id}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .get(&format!("/api/molecules/{nicotine_id}"), &alice.token)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .get(&format!("/api/activity-sets/{aset}"), &alice.token)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let remaining = std::fs::read_dir(app.files.path().join("uploads"))
            .expect("uploads")
            .count();
        assert_eq!(remaining, files_after.len() - 1);
    }
}

#[tokio::test]
async fn sdf_import_reads_genui_tags_and_a_mapped_tag() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let (task, set) = app
            .import_file(
                &alice,
                project,
                "sdf",
                "bzr",
                ("bzr.sdf.gz", testdata("bzr.sdf.gz")),
                &[("activity_tag", "ACTIVITY"), ("activity_type", "pIC50")],
            )
            .await;
        assert_eq!(task["status"], "success", "{task}");
        let report = &set["report"];
        assert_eq!(report["read"], 163, "{report}");
        let imported = report["imported"].as_i64().expect("imported");
        let merged = report["duplicates_merged"].as_i64().expect("merged");
        assert_eq!(
            imported + merged + report["rejected"].as_i64().expect("rejected"),
            163
        );
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
        assert_eq!(summary.as_array().map(Vec::len), Some(1), "{summary}");
        assert_eq!(summary[0]["type"], "pIC50");
        assert_eq!(summary[0]["molecules"], imported);
        assert_eq!(
            summary[0]["measurements"],
            163 - report["rejected"].as_i64().expect("n")
        );
        let (min, max) = (
            summary[0]["min"].as_f64().expect("min"),
            summary[0]["max"].as_f64().expect("max"),
        );
        assert!(4.0 < min && min < max && max < 10.0, "{summary}");
    }
}

#[tokio::test]
async fn a_cancelled_import_leaves_nothing() {
    let app = spawn_app(backends()[0], worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, "p").await;
    let (status, set) = app
        .upload(
            "/api/compound-sets/csv",
            &alice,
            &[("project_id", &project.to_string()), ("name", "big")],
            Some(("moses.csv.gz", testdata("moses_first_10k.csv.gz"))),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{set}");
    let task = set["task_id"].as_i64().expect("task");
    // Cancel once it is processing.
    for _ in 0..200 {
        let (_, t) = app.get(&format!("/api/tasks/{task}"), &alice.token).await;
        if t["progress"]["current"].as_i64().unwrap_or(0) > 0 || t["status"] != "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (status, _) = app
        .post(
            &format!("/api/tasks/{task}/cancel"),
            &alice.token,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (task, set) = app.finish_import(&alice, &set).await;
    assert_eq!(task["status"], "cancelled", "{task}");
    assert_eq!(set["status"], "failed");
    assert_eq!(set["molecule_count"], 0);
    let (_, molecules) = app
        .get(
            &format!("/api/compound-sets/{}/molecules", set["id"]),
            &alice.token,
        )
        .await;
    assert_eq!(molecules["count"], 0);
}
