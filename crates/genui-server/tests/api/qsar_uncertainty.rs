//! What a QSAR build does with censored values, and how far its predictions can be trusted:
//! conformal intervals, calibrated probabilities, the measurements it used.

use genui_test_support::backends;
use reqwest::StatusCode;
use serde_json::json;

use crate::compound_sets::worker_options;
use crate::helpers::{spawn_app, testdata};
use crate::qsar::predictions;

/// A ChEMBL export of 5-HT1A Ki values, 18 of them "> 10000 nM" (Not Active) and one
/// "< 0.1 nM" (`tools/qsar/censored_5ht1a_export.py`): each rule's counts, and models that
/// differ by what they learnt from the censored rows.
#[tokio::test]
async fn censored_values_are_used_by_the_rule_the_build_names() {
    let backend = backends()[0];
    let app = spawn_app(backend, worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, "censored").await;
    let (task, set) = app
        .import_file(
            &alice,
            project,
            "chembl",
            "5-HT1A export",
            ("5ht1a.csv", testdata("chembl/5ht1a_censored_export.csv")),
            &[],
        )
        .await;
    assert_eq!(task["status"], "success", "{task}");
    let (_, sets) = app
        .get(
            &format!("/api/activity-sets?compound_set_id={}", set["id"]),
            &alice.token,
        )
        .await;
    let activity_set = &sets["results"][0]["id"];
    let (_, page) = app
        .get(
            &format!("/api/activity-sets/{activity_set}/activities?page_size=1000"),
            &alice.token,
        )
        .await;
    let relations = |kind: &str, relation: &str| {
        page["results"]
            .as_array()
            .expect("values")
            .iter()
            .filter(|a| a["type"] == kind && a["relation"] == relation)
            .count()
    };
    assert_eq!(relations("Ki", ">"), 18, "{page}");
    let measured = page["results"].as_array().expect("values").len();
    let measured_pki: Vec<(i64, f64)> = page["results"]
        .as_array()
        .expect("values")
        .iter()
        .filter(|a| a["type"] == "Ki_pChEMBL")
        .map(|a| {
            let molecule = a["molecule_id"].as_i64().expect("molecule");
            (molecule, a["value"].as_f64().expect("value"))
        })
        .collect();
    let inactive = page["results"]
        .as_array()
        .expect("values")
        .iter()
        .filter(|a| a["type"] == "Ki" && a["relation"] == ">");
    for a in inactive {
        assert_eq!(a["comment"], "Not Active", "{a}");
        assert_eq!(a["assay_type"], "B");
        assert_eq!(a["target_organism"], "Homo sapiens");
    }
    assert_eq!(relations("Ki_pChEMBL", "<"), 18, "pKi below 5 for each");
    assert_eq!(relations("Ki_pChEMBL", ">"), 1);
    assert_eq!(relations("Ki_pChEMBL", "="), 141);

    let model = |mode: &str, censored: &str| {
        json!({"project_id": project, "name": format!("{mode} {censored}"),
               "activity_set_id": activity_set, "activity_type": "Ki_pChEMBL", "mode": mode,
               "algorithm": "random_forest", "parameters": {"n_trees": 30},
               "validation": {"folds": 3, "test_fraction": 0.2}, "censored": censored, "seed": 5})
    };
    let mut built = Vec::new();
    for (mode, censored, exact, used, left_out, molecules) in [
        ("regression", "exclude", 141, 0, 19, 141),
        ("regression", "as_exact", 141, 19, 0, 160),
        ("regression", "bounds", 141, 19, 0, 160),
        // Threshold 6.5: "< 5" decides inactive, "> 10" active.
        ("classification", "bounds", 141, 19, 0, 160),
    ] {
        let body = model(mode, censored);
        let (status, created) = app.post("/api/qsar/models", &alice.token, body).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{created}");
        let task = app
            .wait_task(&alice, created["task_id"].as_i64().expect("task"), 300)
            .await;
        assert_eq!(task["status"], "success", "{task}");
        let (_, performance) = app
            .get(
                &format!("/api/qsar/models/{}/performance", created["id"]),
                &alice.token,
            )
            .await;
        let report = &performance["data"];
        assert_eq!(report["rule"], censored, "{report}");
        assert_eq!(report["measurements"], 160);
        assert_eq!(
            [
                &report["exact"],
                &report["censored_used"],
                &report["censored_left_out"]
            ],
            [&json!(exact), &json!(used), &json!(left_out)],
            "{mode} {censored}: {report}"
        );
        assert_eq!(performance["molecules"], molecules, "{mode} {censored}");
        built.push(created["id"].clone());
    }
    // Excluded and taken as exact, the censored rows make different models.
    let excluded = predictions(&app, &alice, &built[0], &set["id"]).await;
    let as_exact = predictions(&app, &alice, &built[1], &set["id"]).await;
    assert_eq!(excluded.len(), as_exact.len());
    let differing = excluded
        .iter()
        .zip(&as_exact)
        .filter(|(a, b)| a[1] != b[1])
        .count();
    assert!(differing > 100, "{differing} of 160 predictions differ");

    // Uncertainty: the regression model's intervals, the classifier's calibration.
    let (_, performance) = app
        .get(
            &format!("/api/qsar/models/{}/performance", built[0]),
            &alice.token,
        )
        .await;
    let intervals = &performance["uncertainty"]["intervals"];
    let levels = intervals["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 3, "{intervals}");
    assert_eq!(levels[1]["confidence"], 0.9);
    for key in ["test_coverage", "cross_validation_coverage"] {
        let coverage = levels[1][key].as_f64().expect("a test set");
        assert!((0.6..=1.0).contains(&coverage), "{key} {coverage}");
    }
    let (status, task) = app
        .post(
            &format!("/api/qsar/models/{}/predictions", built[0]),
            &alice.token,
            json!({"compound_set_id": set["id"], "confidence": 0.8}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    let task = app
        .wait_task(&alice, task["id"].as_i64().expect("task"), 120)
        .await;
    let made = &task["result"]["activity_set_id"];
    let (_, made_set) = app
        .get(&format!("/api/activity-sets/{made}"), &alice.token)
        .await;
    assert_eq!(made_set["interval_confidence"], 0.8, "{made_set}");
    let (_, page) = app
        .get(
            &format!("/api/activity-sets/{made}/activities?page_size=1000"),
            &alice.token,
        )
        .await;
    for a in page["results"].as_array().expect("values") {
        let (low, high) = (a["interval"][0].as_f64(), a["interval"][1].as_f64());
        let value = a["value"].as_f64().expect("value");
        assert!(
            low.zip(high).is_some_and(|(l, h)| l < value && value < h),
            "{a}"
        );
    }
    // Listings sort and filter by a type's values, or by one set's: one model's predictions.
    let listed = |query: String| {
        let app = &app;
        let (alice, set) = (&alice, &set);
        async move {
            let (status, listing) = app
                .get(
                    &format!(
                        "/api/compound-sets/{}/molecules?page_size=1000&{query}",
                        set["id"]
                    ),
                    &alice.token,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{query}: {listing}");
            listing["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|m| m["id"].as_i64().expect("id"))
                .collect::<Vec<i64>>()
        }
    };
    let by_value_descending = |values: &[(i64, f64)]| {
        let mut values = values.to_vec();
        values.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        values.into_iter().map(|(id, _)| id).collect::<Vec<i64>>()
    };
    assert_eq!(
        listed("sort=-activity:Ki_pChEMBL".into()).await,
        by_value_descending(&measured_pki),
        "ranked by the measurements"
    );
    let above = |values: &[(i64, f64)], bound: f64| {
        let mut ids: Vec<i64> = values
            .iter()
            .filter(|v| v.1 >= bound)
            .map(|v| v.0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    assert_eq!(
        listed("filter=activity:Ki_pChEMBL>=7".into()).await,
        above(&measured_pki, 7.0)
    );
    let predicted: Vec<(i64, f64)> = page["results"]
        .as_array()
        .expect("values")
        .iter()
        .map(|a| {
            let molecule = a["molecule_id"].as_i64().expect("molecule");
            (molecule, a["value"].as_f64().expect("value"))
        })
        .collect();
    assert_eq!(
        listed(format!("sort=-activity:Ki_pChEMBL (predicted)@{made}")).await,
        by_value_descending(&predicted)
    );
    assert_eq!(
        listed(format!("filter=activity:Ki_pChEMBL (predicted)@{made}>=7")).await,
        above(&predicted, 7.0)
    );
    // Exports write predictions apart, with their intervals, and read back only what was measured.
    let column = format!(
        "{}: Ki_pChEMBL (predicted)",
        made_set["name"].as_str().expect("name")
    );
    for format in ["csv", "sdf"] {
        let (status, _, file) = app
            .get_raw(
                &format!("/api/compound-sets/{}/export?format={format}", set["id"]),
                &alice,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let text = String::from_utf8(file.clone()).expect("utf-8");
        assert!(text.contains(&format!("{column} 80 % high")), "{format}");
        let (task, again) = app
            .import_file(
                &alice,
                project,
                format,
                &format!("exported {format}"),
                (&format!("export.{format}"), file),
                &[],
            )
            .await;
        assert_eq!(task["status"], "success", "{task}");
        let (_, sets) = app
            .get(
                &format!("/api/activity-sets?compound_set_id={}", again["id"]),
                &alice.token,
            )
            .await;
        let (_, values) = app
            .get(
                &format!(
                    "/api/activity-sets/{}/activities?page_size=1",
                    sets["results"][0]["id"]
                ),
                &alice.token,
            )
            .await;
        assert_eq!(values["count"], measured, "{format}");
    }
    let (_, performance) = app
        .get(
            &format!("/api/qsar/models/{}/performance", built[3]),
            &alice.token,
        )
        .await;
    let calibration = &performance["uncertainty"]["calibration"];
    for (on, molecules) in [("cross_validation", 128), ("test", 32)] {
        let figures = &calibration[on];
        assert_eq!(figures["molecules"], molecules, "{on}: {calibration}");
        for key in ["brier", "ece", "brier_uncalibrated", "ece_uncalibrated"] {
            assert!(figures[key].as_f64().is_some(), "{on} {key}: {calibration}");
        }
    }
    let probabilities = predictions(&app, &alice, &built[3], &set["id"]).await;
    assert!(probabilities
        .iter()
        .all(|p| (0.0..=1.0).contains(&p[1].as_f64().expect("probability"))));
    for confidence in [0.3, 1.0] {
        let (status, body) = app
            .post(
                &format!("/api/qsar/models/{}/predictions", built[0]),
                &alice.token,
                json!({"compound_set_id": set["id"], "confidence": confidence}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("0.5 to 0.99")));
    }
}
