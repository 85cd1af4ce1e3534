//! The isolation matrix: every endpoint that takes an id, called by a second user with the
//! first user's ids, must answer 404 and change nothing. **Add every new endpoint here.**

use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, spawn_app, Options};

/// `(method, path, body)`; `{project}`, `{task}`, `{token}`, `{set}`, `{molecule}`,
/// `{activity_set}`, `{model}` and `{map}` are replaced by the owner's ids.
const MATRIX: &[(&str, &str, Option<&str>)] = &[
    ("GET", "/api/projects/{project}", None),
    (
        "PATCH",
        "/api/projects/{project}",
        Some(r#"{"description": "mine now"}"#),
    ),
    ("DELETE", "/api/projects/{project}", None),
    ("GET", "/api/tasks/{task}", None),
    ("POST", "/api/tasks/{task}/cancel", None),
    ("GET", "/api/tasks?project_id={project}", None),
    (
        "POST",
        "/api/tasks",
        Some(r#"{"project_id": {project}, "kind": "echo", "args": {}}"#),
    ),
    ("GET", "/api/tasks/events?project_id={project}", None),
    ("DELETE", "/api/accounts/tokens/{token}", None),
    ("GET", "/api/compound-sets?project_id={project}", None),
    ("GET", "/api/compound-sets/{set}", None),
    (
        "PATCH",
        "/api/compound-sets/{set}",
        Some(r#"{"name": "mine now"}"#),
    ),
    ("DELETE", "/api/compound-sets/{set}", None),
    ("POST", "/api/compound-sets/{set}/reimport", None),
    ("GET", "/api/compound-sets/{set}/export", None),
    ("GET", "/api/compound-sets/{set}/molecules", None),
    (
        "POST",
        "/api/compound-sets/chembl",
        Some(r#"{"project_id": {project}, "name": "x", "targets": ["CHEMBL251"]}"#),
    ),
    ("GET", "/api/molecules?project_id={project}", None),
    ("GET", "/api/molecules/{molecule}", None),
    ("GET", "/api/molecules/{molecule}/depiction.svg", None),
    ("GET", "/api/molecules/{molecule}/occurrences", None),
    (
        "POST",
        "/api/molecules/search",
        Some(r#"{"compound_set_id": {set}, "similarity": {"smiles": "CCO"}}"#),
    ),
    (
        "POST",
        "/api/molecules/search",
        Some(r#"{"project_id": {project}, "substructure": {"query": "C"}}"#),
    ),
    ("GET", "/api/activity-sets?project_id={project}", None),
    ("GET", "/api/activity-sets?compound_set_id={set}", None),
    ("GET", "/api/activity-sets/{activity_set}", None),
    ("GET", "/api/activity-sets/{activity_set}/activities", None),
    (
        "POST",
        "/api/activity-sets/{activity_set}/activities",
        Some(r#"{"molecules": [{molecule}]}"#),
    ),
    ("GET", "/api/activity-sets/{activity_set}/summary", None),
    ("DELETE", "/api/activity-sets/{activity_set}", None),
    ("GET", "/api/qsar/models?project_id={project}", None),
    ("GET", "/api/qsar/models/{model}", None),
    ("GET", "/api/qsar/models/{model}/performance", None),
    ("GET", "/api/qsar/models/{model}/file", None),
    ("GET", "/api/qsar/models/{model}/card", None),
    ("GET", "/api/qsar/models/{model}/predictions", None),
    (
        "POST",
        "/api/qsar/models/{model}/predictions",
        Some(r#"{"compound_set_id": {set}}"#),
    ),
    (
        "PATCH",
        "/api/qsar/models/{model}",
        Some(r#"{"name": "mine now"}"#),
    ),
    ("DELETE", "/api/qsar/models/{model}", None),
    (
        "POST",
        "/api/qsar/models",
        Some(
            r#"{"project_id": {project}, "name": "x", "activity_set_id": {activity_set},
                "activity_type": "ACTIVITY", "mode": "regression", "algorithm": "random_forest"}"#,
        ),
    ),
    ("GET", "/api/maps?project_id={project}", None),
    ("GET", "/api/maps/{map}", None),
    ("GET", "/api/maps/{map}/points", None),
    (
        "POST",
        "/api/maps/{map}/transform",
        Some(r#"{"compound_set_id": {set}}"#),
    ),
    ("PATCH", "/api/maps/{map}", Some(r#"{"name": "mine now"}"#)),
    ("DELETE", "/api/maps/{map}", None),
    (
        "POST",
        "/api/maps",
        Some(
            r#"{"project_id": {project}, "name": "x", "compound_set_ids": [{set}], "algorithm": "pca"}"#,
        ),
    ),
    ("GET", "/api/generators/networks?project_id={project}", None),
    ("GET", "/api/generators/agents?project_id={project}", None),
    (
        "GET",
        "/api/generators/environments?project_id={project}",
        None,
    ),
    ("GET", "/api/generators/networks/{network}", None),
    (
        "PATCH",
        "/api/generators/networks/{network}",
        Some(r#"{"name": "mine now"}"#),
    ),
    ("DELETE", "/api/generators/networks/{network}", None),
    ("GET", "/api/generators/networks/{network}/config", None),
    ("GET", "/api/generators/networks/{network}/weights", None),
    (
        "POST",
        "/api/generators/networks/{network}/quick-sample",
        Some(r#"{"project_id": {project}}"#),
    ),
    (
        "POST",
        "/api/generators/networks/default/quick-sample",
        Some(r#"{"project_id": {project}}"#),
    ),
    (
        "POST",
        "/api/generators/networks",
        Some(
            r#"{"project_id": {project}, "name": "x", "kind": "finetuned", "parent": "default",
                "compound_set_ids": [{set}]}"#,
        ),
    ),
    (
        "POST",
        "/api/generators/agents",
        Some(
            r#"{"project_id": {project}, "name": "x", "agent": "default", "environment_id": {environment}}"#,
        ),
    ),
    (
        "POST",
        "/api/generators/environments",
        Some(
            r#"{"project_id": {project}, "name": "x", "scheme": "weighted_sum",
                "objectives": [{"scorer": {"kind": "qsar", "model_id": {model}}, "threshold": 0.5}]}"#,
        ),
    ),
    ("GET", "/api/generators/environments/{environment}", None),
    (
        "PATCH",
        "/api/generators/environments/{environment}",
        Some(r#"{"name": "mine now"}"#),
    ),
    ("DELETE", "/api/generators/environments/{environment}", None),
    (
        "POST",
        "/api/generators/environments/{environment}/evaluations",
        Some(r#"{"compound_set_id": {set}}"#),
    ),
    (
        "POST",
        "/api/generators/samples",
        Some(r#"{"project_id": {project}, "name": "x", "network": "default", "n": 5}"#),
    ),
];

/// The owner's ids that the matrix paths refer to.
struct Ids {
    project: i64,
    task: i64,
    token: i64,
    set: i64,
    molecule: i64,
    activity_set: i64,
    model: i64,
    map: i64,
    network: i64,
    environment: i64,
}

fn fill(template: &str, ids: &Ids) -> String {
    template
        .replace("{project}", &ids.project.to_string())
        .replace("{task}", &ids.task.to_string())
        .replace("{token}", &ids.token.to_string())
        .replace("{set}", &ids.set.to_string())
        .replace("{molecule}", &ids.molecule.to_string())
        .replace("{activity_set}", &ids.activity_set.to_string())
        .replace("{model}", &ids.model.to_string())
        .replace("{map}", &ids.map.to_string())
        .replace("{network}", &ids.network.to_string())
        .replace("{environment}", &ids.environment.to_string())
}

#[tokio::test]
async fn another_users_resources_answer_404_on_every_endpoint() {
    for backend in backends() {
        let app = spawn_app(
            backend,
            Options {
                worker: true,
                ..Options::default()
            },
        )
        .await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        let project = app.project(&alice, "secret project").await;
        let (_, task) = app
            .post(
                "/api/tasks",
                &alice.token,
                json!({"project_id": project, "kind": "sleep", "args": {"ms": 10}}),
            )
            .await;
        let task = task["id"].as_i64().expect("task id");
        let (_, token) = app
            .post("/api/accounts/tokens", &alice.token, json!({"name": "t"}))
            .await;
        let token = token["id"].as_i64().expect("token id");
        let (_, set) = app
            .import_file(
                &alice,
                project,
                "csv",
                "alice's set",
                ("a.csv", b"SMILES,ACTIVITY\nCCO,5\n".to_vec()),
                &[],
            )
            .await;
        let (_, molecules) = app
            .get(
                &format!("/api/compound-sets/{}/molecules", set["id"]),
                &alice.token,
            )
            .await;
        let (_, activity_sets) = app.get("/api/activity-sets", &alice.token).await;
        let activity_set = activity_sets["results"][0]["id"]
            .as_i64()
            .expect("activity set id");
        let (status, model) = app
            .post(
                "/api/qsar/models",
                &alice.token,
                json!({"project_id": project, "name": "alice's model", "activity_set_id": activity_set,
                       "activity_type": "ACTIVITY", "mode": "regression", "algorithm": "random_forest"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{model}");
        let (status, map) = app
            .post(
                "/api/maps",
                &alice.token,
                json!({"project_id": project, "name": "alice's map", "compound_set_ids": [set["id"]],
                       "algorithm": "pca"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{map}");
        let (status, network) = app
            .post(
                "/api/generators/networks",
                &alice.token,
                json!({"project_id": project, "name": "alice's network", "kind": "finetuned",
                       "parent": "default", "compound_set_ids": [set["id"]]}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{network}");
        let (status, environment) = app
            .post(
                "/api/generators/environments",
                &alice.token,
                json!({"project_id": project, "name": "alice's environment", "scheme": "weighted_sum",
                       "objectives": [{"scorer": {"kind": "property", "name": "qed"}, "threshold": 0.5}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{environment}");
        let ids = Ids {
            project,
            task,
            token,
            set: set["id"].as_i64().expect("set id"),
            molecule: molecules["results"][0]["id"].as_i64().expect("molecule id"),
            activity_set,
            model: model["id"].as_i64().expect("model id"),
            map: map["id"].as_i64().expect("map id"),
            network: network["id"].as_i64().expect("network id"),
            environment: environment["id"].as_i64().expect("environment id"),
        };
        let bobs_project = app.project(&bob, "bob's").await;

        for (method, path, body) in MATRIX {
            let path = fill(path, &ids);
            let body: Option<Value> =
                body.map(|b| serde_json::from_str(&fill(b, &ids)).expect("matrix body is JSON"));
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let (status, json) = app
                .call(method.clone(), &path, Some(&bob.token), body)
                .await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{backend:?} {method} {path}: {json}"
            );
            assert_error(status, &json, StatusCode::NOT_FOUND, "not_found");
        }

        // In his own project, Alice's set cannot give Bob's generator its fragments.
        let (status, json) = app
            .post(
                "/api/generators/networks/default-fragments/quick-sample",
                &bob.token,
                json!({"project_id": bobs_project, "fragments": {"compound_set_id": ids.set}}),
            )
            .await;
        assert_error(
            status,
            &json,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert!(
            json.to_string().contains("is not in this project"),
            "{backend:?}: {json}"
        );

        // Lists never show another user's objects.
        let (_, projects) = app.get("/api/projects", &bob.token).await;
        assert_eq!(projects["count"], 1);
        let (_, tasks) = app.get("/api/tasks", &bob.token).await;
        assert_eq!(tasks["count"], 0);
        for list in [
            "/api/compound-sets",
            "/api/activity-sets",
            "/api/qsar/models",
            "/api/maps",
            "/api/generators/networks",
            "/api/generators/agents",
            "/api/generators/environments",
        ] {
            let (_, page) = app.get(list, &bob.token).await;
            assert_eq!(page["count"], 0, "{list}");
        }

        // And nothing of Alice's changed.
        let (s, p) = app
            .get(&format!("/api/projects/{project}"), &alice.token)
            .await;
        assert_eq!((s, p["description"].as_str()), (StatusCode::OK, Some("")));
        let (s, t) = app.get(&format!("/api/tasks/{task}"), &alice.token).await;
        assert_eq!(
            (s, t["cancel_requested"].as_bool()),
            (StatusCode::OK, Some(false))
        );
        let (_, tokens) = app.get("/api/accounts/tokens", &alice.token).await;
        assert_eq!(tokens.as_array().map(Vec::len), Some(1));
        let (_, tasks) = app
            .get(&format!("/api/tasks?project_id={project}"), &alice.token)
            .await;
        assert_eq!(
            tasks["count"], 5,
            "the test task, the import, the model build, the map build and the network training"
        );
        let (s, kept) = app
            .get(&format!("/api/compound-sets/{}", ids.set), &alice.token)
            .await;
        assert_eq!(
            (s, &kept["name"], &kept["molecule_count"]),
            (StatusCode::OK, &json!("alice's set"), &json!(1))
        );
    }
}
