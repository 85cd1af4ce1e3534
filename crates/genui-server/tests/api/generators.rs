//! Generator objectives through the API: the property list and modifier previews (the curve the
//! UI draws while a user drags a modifier's parameters), with their bad requests.

use genui_test_support::backends;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_error, spawn_app};

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
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from the spec"
        );
    }
}
