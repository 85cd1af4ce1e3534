//! Faults an attacker or a careless operator brings: files that expand
//! beyond any memory, endless lines and records, absurd widths and counts.
//! Each ends with a clear error (on upload or as the task's failure), keeps
//! nothing of the bad import, and leaves the server importing the next file.

use genui_compounds::sources::ImportLimits;
use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::compound_sets::worker_options;
use crate::helpers::{assert_error, spawn_app, Options, Session, TestApp};

/// Small limits, so that small files pass them.
const LIMITS: ImportLimits = ImportLimits {
    max_bytes: 1 << 20,
    max_record_bytes: 16 << 10,
    max_records: 2_000,
    max_columns: 50,
};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// Uploads `bytes` as a set of `kind`; the status and body of the answer.
async fn upload(
    app: &TestApp,
    who: &Session,
    project: i64,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let project = project.to_string();
    app.upload(
        &format!("/api/compound-sets/{kind}"),
        who,
        &[("project_id", project.as_str()), ("name", name)],
        Some((&format!("{name}.{kind}.gz"), gzip(&bytes))),
    )
    .await
}

#[tokio::test]
async fn imports_past_their_limits_fail_clearly_and_keep_nothing() {
    for backend in backends() {
        let app = spawn_app(
            backend,
            Options {
                import_limits: LIMITS,
                ..worker_options()
            },
        )
        .await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;

        // Refused on upload: the first lines already pass a limit.
        let endless_line = [b"SMILES\nCC".as_slice(), &[b'C'; 100_000]].concat();
        let endless_quote = [b"SMILES\n\"".as_slice(), &b"CC\n".repeat(30_000)].concat();
        let wide = format!("SMILES,{}\nCCO\n", vec!["x"; 60].join(","));
        let endless_record = b"title\n  line of a mol block\n".repeat(5_000);
        for (kind, name, bytes, limit) in [
            ("csv", "line", endless_line, "GENUI_IMPORT_MAX_RECORD_BYTES"),
            (
                "csv",
                "quote",
                endless_quote,
                "GENUI_IMPORT_MAX_RECORD_BYTES",
            ),
            ("csv", "wide", wide.into_bytes(), "GENUI_IMPORT_MAX_COLUMNS"),
            (
                "sdf",
                "record",
                endless_record,
                "GENUI_IMPORT_MAX_RECORD_BYTES",
            ),
        ] {
            let (status, body) = upload(&app, &alice, project, kind, name, bytes).await;
            assert_error(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_file",
            );
            let message = body["error"]["message"].as_str().unwrap_or("");
            assert!(message.contains(limit), "{name}: {body}");
        }

        // Failed by the import: the limit is passed beyond the first lines.
        let long_rows = [
            b"SMILES\n".as_slice(),
            &[b"C".repeat(1_000).as_slice(), b"\n"]
                .concat()
                .repeat(1_500),
        ]
        .concat();
        let many_rows = [b"SMILES\n".as_slice(), &b"CCO\n".repeat(2_500)].concat();
        let record = b"\n  RDKit          2D\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\nM  END\n$$$$\n";
        let many_records = record.repeat(2_500);
        for (kind, name, bytes, limit) in [
            ("csv", "bytes", long_rows, "GENUI_IMPORT_MAX_BYTES"),
            ("csv", "rows", many_rows, "GENUI_IMPORT_MAX_RECORDS"),
            ("sdf", "records", many_records, "GENUI_IMPORT_MAX_RECORDS"),
        ] {
            let (status, set) = upload(&app, &alice, project, kind, name, bytes).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{name}: {set}");
            let (task, set) = app.finish_import(&alice, &set).await;
            assert_eq!(task["status"], "failure", "{name}: {task}");
            assert_eq!(task["errors"][0]["code"], "invalid_source", "{task}");
            let message = task["errors"][0]["message"].as_str().unwrap_or("");
            assert!(message.contains(limit), "{name}: {task}");
            assert_eq!(set["status"], "failed", "{set}");
            assert_eq!(set["molecule_count"], 0, "{set}");
        }

        // Within the limits, the same server imports as before.
        let fine = [b"SMILES\n".as_slice(), &b"CCO\nCCN\n".repeat(500)].concat();
        let (status, set) = upload(&app, &alice, project, "csv", "fine", fine).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{set}");
        let (task, set) = app.finish_import(&alice, &set).await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(set["molecule_count"], 2, "{set}");
    }
}

#[tokio::test]
async fn control_characters_are_refused_at_the_edge_and_per_record_in_imports() {
    for backend in backends() {
        let app = spawn_app(backend, worker_options()).await;
        let alice = app.user("alice").await;
        let project = app.project(&alice, "p").await;
        let bodies = [
            ("/api/projects", json!({"name": "a\u{0}b"})),
            ("/api/projects", json!({"name": "bell\u{7}"})),
            ("/api/accounts/tokens", json!({"name": "ci\u{0}"})),
        ];
        for (path, body) in bodies {
            let (status, answer) = app.post(path, &alice.token, body.clone()).await;
            assert_error(
                status,
                &answer,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            );
            let details = answer["error"]["details"].to_string();
            assert!(
                details.contains("must not contain control characters"),
                "{answer}"
            );
        }
        let (status, answer) = app
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": "bob\u{0}", "password": "correct horse 1"})),
            )
            .await;
        assert_error(
            status,
            &answer,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        let (status, answer) = app
            .get(
                &format!("/api/molecules?project_id={project}&sort=mw%00"),
                &alice.token,
            )
            .await;
        assert_error(status, &answer, StatusCode::BAD_REQUEST, "invalid_query");
        let project_field = project.to_string();
        let (status, answer) = app
            .upload(
                "/api/compound-sets/csv",
                &alice,
                &[
                    ("project_id", project_field.as_str()),
                    ("name", "nul\u{0}set"),
                ],
                Some(("a.csv", b"SMILES\nCCO\n".to_vec())),
            )
            .await;
        assert_error(
            status,
            &answer,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        // Text (tabs, line breaks) is fine; nothing above was created.
        let (status, answer) = app
            .post(
                "/api/projects",
                &alice.token,
                json!({"name": "q", "description": "two\n\tlines"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let (_, projects) = app.get("/api/projects", &alice.token).await;
        assert_eq!(projects["count"], 2, "{projects}");

        // One record with a NUL is refused; the others are imported.
        let (task, set) = app
            .import_file(
                &alice,
                project,
                "csv",
                "with a nul",
                (
                    "n.csv",
                    b"SMILES,NAME\nCCO,eth\0anol\nCCN,ethylamine\nC\0C,x\n".to_vec(),
                ),
                &[],
            )
            .await;
        assert_eq!(task["status"], "success", "{task}");
        assert_eq!(set["molecule_count"], 1, "{set}");
        let rejections = set["report"]["rejections"].as_array().expect("rejections");
        let positions: Vec<i64> = rejections
            .iter()
            .map(|r| r["position"].as_i64().unwrap_or(0))
            .collect();
        assert_eq!(positions, [2, 4], "{}", set["report"]);
        assert!(
            rejections[0]["reason"]
                .as_str()
                .unwrap_or("")
                .contains("NUL"),
            "{rejections:?}"
        );
    }
}

#[tokio::test]
async fn a_database_outage_is_a_prompt_503_and_the_server_recovers_without_a_restart() {
    if !genui_test_support::postgres_available() {
        eprintln!("skipped: needs PostgreSQL");
        return;
    }
    let app = spawn_app(
        genui_test_support::Backend::Postgres,
        Options {
            database_proxy: true,
            ..Options::default()
        },
    )
    .await;
    let alice = app.user("alice").await;
    let (status, _) = app.get("/api/projects", &alice.token).await;
    assert_eq!(status, StatusCode::OK);

    let proxy = app.database_proxy.as_ref().expect("a proxy");
    proxy.cut();
    let outage = std::time::Instant::now();
    while outage.elapsed() < std::time::Duration::from_secs(10) {
        for path in ["/api/projects", "/api/ready"] {
            let asked = std::time::Instant::now();
            let response = app
                .client
                .get(app.url(path))
                .header("Authorization", format!("Token {}", alice.token))
                .send()
                .await
                .expect("an answer");
            assert!(
                asked.elapsed() < std::time::Duration::from_secs(3),
                "{path} took {:?}",
                asked.elapsed()
            );
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
            assert!(response.headers().contains_key("retry-after"), "{path}");
            let body: Value = response.json().await.expect("json");
            assert_eq!(body["error"]["code"], "unavailable", "{body}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }

    proxy.restore();
    let back = std::time::Instant::now();
    loop {
        let (status, body) = app.get("/api/projects", &alice.token).await;
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(
            back.elapsed() < std::time::Duration::from_secs(15),
            "no recovery"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (status, _) = app
        .post("/api/projects", &alice.token, json!({"name": "after"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
}
