//! Compound set imports from every source and from bad input: ChEMBL (a
//! local fake of its web API), ChEMBL exports, every data file shipped in
//! `testdata/`, and a corpus of broken files and requests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::StatusCode as AxumStatus;
use axum::routing::get;
use axum::{Json, Router};
use genui_test_support::{backends, Backend};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::compound_sets::{contents, worker_options};
use crate::helpers::{assert_error, spawn_app, testdata, Options};

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

/// `(file, endpoint, options, records in the file)` for every CSV/SD file in `testdata/`
/// (the record counts are those of `../shared/data/README.md`).
/// Form fields of an upload.
type Fields<'a> = &'a [(&'a str, &'a str)];

const DATA_FILES: &[(&str, &str, Fields, i64)] = &[
    ("bzr.sdf.gz", "sdf", &[("activity_tag", "ACTIVITY")], 163),
    (
        "NCI_first_200.props.sdf.gz",
        "sdf",
        &[("extra_tags", "AMW,CLOGP")],
        200,
    ),
    ("egfr.sdf.gz", "sdf", &[], 365),
    (
        "pubchem.200.sdf.gz",
        "sdf",
        &[("name_tag", "PUBCHEM_COMPOUND_CID")],
        200,
    ),
    ("cdk2.sdf.gz", "sdf", &[], 47),
    (
        "solubility.train.sdf.gz",
        "sdf",
        &[("activity_tag", "SOL"), ("activity_units", "log mol/L")],
        1025,
    ),
    (
        "solubility.test.sdf.gz",
        "sdf",
        &[("activity_tag", "SOL")],
        257,
    ),
    ("chembl_drugs.csv.gz", "csv", &[], 1935),
    ("chembl_samples.csv.gz", "csv", &[], 2000),
    (
        "freesolv.csv.gz",
        "csv",
        &[("activity_column", "expt"), ("name_column", "iupac")],
        642,
    ),
    (
        "pcm_sample.csv.gz",
        "csv",
        &[
            ("activity_column", "pchembl_value_Median"),
            ("activity_type", "pChEMBL"),
        ],
        200,
    ),
    (
        "A1.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        174,
    ),
    (
        "A2.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        223,
    ),
    (
        "A3.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        290,
    ),
    (
        "A4.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        441,
    ),
    (
        "A5.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        1292,
    ),
    (
        "AS1.csv.gz",
        "csv",
        &[("activity_column", "STANDARD_VALUE")],
        4132,
    ),
    (
        "NCI_first_5K.smi.gz",
        "csv",
        &[("separator", "tab"), ("smiles_column", "SMILES")],
        4999,
    ),
    ("CHEMBL2321810_act.csv.gz", "csv", &[], 1017),
    ("moses_first_10k.csv.gz", "csv", &[], 10000),
];

#[tokio::test]
async fn every_data_file_imports_with_its_record_count() {
    // One backend: the storage paths are covered on both by the other tests.
    let app = spawn_app(Backend::Sqlite, worker_options()).await;
    let alice = app.user("alice").await;
    let project = app.project(&alice, "data").await;
    for (file, kind, options, records) in DATA_FILES {
        let bytes = testdata(file);
        if *file == "CHEMBL2321810_act.csv.gz" {
            // Activities only (no structures): refused up front.
            let (status, body) = app
                .upload(
                    "/api/compound-sets/csv",
                    &alice,
                    &[("project_id", &project.to_string()), ("name", file)],
                    Some((file, bytes)),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{file}: {body}");
            continue;
        }
        let bytes = if *file == "NCI_first_5K.smi.gz" {
            // `SMILES<TAB>id` without a header: give it one.
            let mut text = b"SMILES\tNAME\n".to_vec();
            text.extend(gunzip(&bytes));
            text
        } else {
            bytes
        };
        let (task, set) = app
            .import_file(&alice, project, kind, file, (file, bytes), options)
            .await;
        assert_eq!(task["status"], "success", "{file}: {task}");
        let report = &set["report"];
        let count = |k: &str| {
            report[k]
                .as_i64()
                .unwrap_or_else(|| panic!("{file}: {report}"))
        };
        assert_eq!(count("read"), *records, "{file}: {report}");
        assert_eq!(
            count("imported") + count("duplicates_merged") + count("rejected"),
            *records
        );
        assert_eq!(set["molecule_count"], count("imported"));
        if *file == "AS1.csv.gz" {
            // The data README counts 3,833 unique canonical SMILES; ChEMBL parents merge a few more.
            assert!((3800..=3833).contains(&count("imported")), "{report}");
        }
        // Real-world files: the pipeline refuses only a few records of each.
        assert!(count("rejected") * 20 <= *records, "{file}: {report}");
        eprintln!(
            "{file}: read {records}, imported {}, merged {}, rejected {}",
            count("imported"),
            count("duplicates_merged"),
            count("rejected")
        );
    }
}

#[tokio::test]
async fn bad_input_gets_a_4xx_or_a_report_and_never_a_half_set() {
    for backend in backends() {
        let app = spawn_app(
            backend,
            Options {
                upload_limit: 8 << 20,
                ..worker_options()
            },
        )
        .await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        let project = app.project(&alice, "p").await;
        let project_field = project.to_string();
        let form =
            |name: &'static str| vec![("project_id", project_field.as_str()), ("name", name)];
        let garbage: Vec<u8> = (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let refused: Vec<Refusal> = vec![
            (
                "csv",
                form("garbage"),
                Some(("g.csv", garbage.clone())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_file",
            ),
            (
                "sdf",
                form("garbage"),
                Some(("g.sdf", garbage.clone())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_file",
            ),
            (
                "csv",
                form("empty"),
                Some(("e.csv", Vec::new())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                form("no file"),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                form("misnamed"),
                Some(("m.csv", b"SMILE,ACTIVITY\nCCO,1\n".to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_file",
            ),
            (
                "csv",
                form("separator"),
                Some(("s.csv", CSV_OK.to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_file",
            ),
            (
                "csv",
                form("unknown option"),
                Some(("u.csv", CSV_OK.to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                vec![("name", "no project")],
                Some(("n.csv", CSV_OK.to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                vec![("project_id", "x"), ("name", "n")],
                Some(("n.csv", CSV_OK.to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                vec![("project_id", "999999"), ("name", "n")],
                Some(("n.csv", CSV_OK.to_vec())),
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                "csv",
                form(""),
                Some(("n.csv", CSV_OK.to_vec())),
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            ),
            (
                "csv",
                form("huge"),
                Some(("h.csv", vec![b'x'; 9 << 20])),
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
            ),
        ];
        for (i, (kind, mut fields, file, status, code)) in refused.into_iter().enumerate() {
            match i {
                5 => fields.push(("separator", ";")),
                6 => fields.push(("smiles_colum", "SMILES")),
                _ => {}
            }
            let (got, body) = app
                .upload(&format!("/api/compound-sets/{kind}"), &alice, &fields, file)
                .await;
            assert_error(got, &body, status, code);
            let message = body["error"]["message"].as_str().unwrap_or("");
            let plain = match i {
                0 | 1 => "the file is not text: upload a CSV or SD file",
                2 => "file: the file is empty",
                _ => "",
            };
            assert!(message.contains(plain), "{i}: {message}");
        }
        // The preview says the same, and names a file that is not UTF-8.
        let latin1 = b"SMILES,Activit\xe9\nCCO,1\n".to_vec();
        for (file, plain) in [
            (garbage.clone(), "the file is not text"),
            (Vec::new(), "file: the file is empty"),
            (latin1, "the header line is not UTF-8 text"),
        ] {
            let (status, body) = app
                .upload(
                    "/api/compound-sets/preview",
                    &alice,
                    &[],
                    Some(("f.csv", file)),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            let message = body["error"]["message"].as_str().unwrap_or("");
            assert!(message.contains(plain), "{message}");
        }
        // An SD file's preview draws each record's structure beside its tags; a record whose mol
        // block does not parse has none.
        let sdf = "ethanol\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n\
            \x20   0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n\
            \x20   1.5000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n\
            \x20   2.0000    1.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n\
            \x20 1  2  1  0\n  2  3  1  0\nM  END\n> <ID>\nE1\n\n$$$$\n\
            broken\n  test\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n\
            \x20   0.0000    0.0000    0.0000 Xx  0  0  0  0  0  0  0  0  0  0  0  0\n\
            M  END\n> <ID>\nB1\n\n$$$$\n";
        let (status, preview) = app
            .upload(
                "/api/compound-sets/preview",
                &alice,
                &[],
                Some(("two.sdf", sdf.as_bytes().to_vec())),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(preview["format"], "sdf");
        assert_eq!(
            preview["rows"],
            json!([["ethanol", "E1"], ["broken", "B1"]])
        );
        assert_eq!(preview["structures"], json!(["CCO", null]), "{preview}");

        // Another user's project is not found.
        let (status, body) = app
            .upload(
                "/api/compound-sets/csv",
                &bob,
                &form("theirs"),
                Some(("t.csv", CSV_OK.to_vec())),
            )
            .await;
        assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
        // Nothing was created and no upload was kept.
        let (_, sets) = app.get("/api/compound-sets", &alice.token).await;
        assert_eq!(sets["count"], 0, "{sets}");
        let uploads = app.files.path().join("uploads");
        let kept = std::fs::read_dir(&uploads).map(|d| d.count()).unwrap_or(0);
        assert_eq!(
            kept, 0,
            "{backend:?}: refused uploads must not stay on disk"
        );

        // A large junk file without line breaks is refused, not imported.
        let junk = vec![b'Q'; 6 << 20];
        let (status, body) = app
            .upload(
                "/api/compound-sets/csv",
                &alice,
                &form("junk"),
                Some(("j.csv", junk)),
            )
            .await;
        assert_error(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_file",
        );

        // Broken SD records are reported one by one; the good ones are imported.
        let mut sdf = String::from_utf8(gunzip(&testdata("cdk2.sdf.gz"))).expect("utf-8");
        sdf.push_str("broken\n  junk\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n");
        sdf.push_str("no end\n\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0 0.0 0.0 Xx  0  0\nM  END\n$$$$\n");
        let (task, set) = app
            .import_file(
                &alice,
                project,
                "sdf",
                "cdk2 plus broken",
                ("b.sdf", sdf.into_bytes()),
                &[],
            )
            .await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(set["report"]["read"], 49);
        let positions: Vec<i64> = set["report"]["rejections"]
            .as_array()
            .expect("rejections")
            .iter()
            .map(|r| r["position"].as_i64().expect("position"))
            .collect();
        assert_eq!(positions, vec![48, 49], "{}", set["report"]);

        // A file of which nothing can be imported fails the task and leaves no molecules.
        let (task, set) = app
            .import_file(
                &alice,
                project,
                "csv",
                "all bad",
                (
                    "bad.csv",
                    b"SMILES,ACTIVITY\nC1CC,1\nnot a molecule,2\nCCO,NaN\n".to_vec(),
                ),
                &[],
            )
            .await;
        assert_eq!(task["status"], "failure");
        assert_eq!(task["errors"][0]["code"], "nothing_imported");
        assert_eq!(task["errors"].as_array().map(Vec::len), Some(4), "{task}");
        assert_eq!(task["errors"][1]["item"], "record 2");
        assert_eq!(
            (set["status"].clone(), set["molecule_count"].clone()),
            (json!("failed"), json!(0))
        );

        // Listing, search and export parameters are validated.
        let set_id = set["id"].as_i64().expect("id");
        for path in [
            format!("/api/compound-sets/{set_id}/molecules?filter=mw<abc"),
            format!("/api/compound-sets/{set_id}/molecules?page_size=5000"),
            format!("/api/compound-sets/{set_id}/export?format=xlsx"),
            "/api/compound-sets/abc".to_owned(),
        ] {
            let (status, body) = app.get(&path, &alice.token).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        }
        for body in [
            json!({"compound_set_id": set_id, "substructure": {"query": "C1(("}}),
            json!({"compound_set_id": set_id, "similarity": {"smiles": "C1CC"}}),
            json!({"compound_set_id": set_id, "project_id": project, "similarity": {"smiles": "CCO"}}),
            json!({"compound_set_id": set_id}),
            json!({"compound_set_id": set_id, "similarity": {"smiles": "CCO", "threshold": 1.5}}),
        ] {
            let (status, answer) = app
                .post("/api/molecules/search", &alice.token, body.clone())
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        }
        let (status, _) = app
            .get(&format!("/api/compound-sets/{set_id}/export"), &alice.token)
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "a failed set has nothing to export"
        );
    }
}

/// `(endpoint, form fields, file, expected status, expected error code)`.
type Refusal<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    Option<(&'a str, Vec<u8>)>,
    StatusCode,
    &'a str,
);

const CSV_OK: &[u8] = b"SMILES,NAME\nCCO,ethanol\n";

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).expect("gzip");
    out
}
