//! Compound set imports from every data file shipped in `testdata/` and from bad input: a
//! corpus of broken files and requests.

use genui_test_support::{backends, Backend};
use reqwest::StatusCode;
use serde_json::json;

use crate::compound_sets::worker_options;
use crate::helpers::{assert_error, spawn_app, testdata, Options};

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
