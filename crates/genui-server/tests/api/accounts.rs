use genui_test_support::backends;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, spawn_app, Options};

#[tokio::test]
async fn register_login_me_tokens_password_and_logout() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        let alice = app.user("alice").await;
        let (status, me) = app.get("/api/accounts/me", &alice.token).await;
        assert_eq!(
            (status, me["username"].as_str()),
            (StatusCode::OK, Some("alice"))
        );
        assert!(me.get("password_hash").is_none());

        // Bearer works like Token.
        let resp = app
            .client
            .get(app.url("/api/accounts/me"))
            .bearer_auth(&alice.token)
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::OK);

        // Duplicate (case-insensitive) and invalid registrations.
        let (s, b) = app
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": "ALICE", "password": "another pass 2"})),
            )
            .await;
        assert_error(s, &b, StatusCode::CONFLICT, "conflict");
        let (s, b) = app
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": "bob", "password": "1234567890"})),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(b["error"]["details"]["password"].is_array());
        let (s, b) = app
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": "bad name", "password": "fine password"})),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

        // Wrong password, unknown user: same answer.
        for (user, pw) in [("alice", "wrong password"), ("nobody", "whatever pw")] {
            let (s, b) = app
                .call(
                    Method::POST,
                    "/api/accounts/login",
                    None,
                    Some(json!({"username": user, "password": pw})),
                )
                .await;
            assert_error(s, &b, StatusCode::BAD_REQUEST, "invalid_credentials");
        }

        // API tokens: create, use, list, delete.
        let (s, created) = app
            .post("/api/accounts/tokens", &alice.token, json!({"name": "ci"}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{created}");
        let key = created["key"].as_str().expect("key").to_owned();
        assert_eq!(app.get("/api/accounts/me", &key).await.0, StatusCode::OK);
        let (_, list) = app.get("/api/accounts/tokens", &alice.token).await;
        assert_eq!(list.as_array().map(Vec::len), Some(1));
        assert!(list[0].get("key").is_none(), "keys are shown once");
        let id = created["id"].as_i64().expect("id");
        let (s, _) = app
            .call(
                Method::DELETE,
                &format!("/api/accounts/tokens/{id}"),
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, b) = app.get("/api/accounts/me", &key).await;
        assert_error(s, &b, StatusCode::UNAUTHORIZED, "not_authenticated");

        // Password change ends the other sessions but keeps the current one.
        let (_, second) = app
            .call(
                Method::POST,
                "/api/accounts/login",
                None,
                Some(json!({"username": "alice", "password": "correct horse 1"})),
            )
            .await;
        let second = second["token"].as_str().expect("token").to_owned();
        let (s, b) = app
            .post(
                "/api/accounts/password",
                &alice.token,
                json!({"old_password": "nope nope", "new_password": "new secret 99"}),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let (s, _) = app
            .post(
                "/api/accounts/password",
                &alice.token,
                json!({"old_password": "correct horse 1", "new_password": "new secret 99"}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/accounts/me", &alice.token).await.0,
            StatusCode::OK
        );
        assert_eq!(
            app.get("/api/accounts/me", &second).await.0,
            StatusCode::UNAUTHORIZED
        );
        let (s, _) = app
            .call(
                Method::POST,
                "/api/accounts/login",
                None,
                Some(json!({"username": "alice", "password": "new secret 99"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);

        // Logout deletes the token.
        let (s, _) = app
            .call(
                Method::POST,
                "/api/accounts/logout",
                Some(&alice.token),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/accounts/me", &alice.token).await.0,
            StatusCode::UNAUTHORIZED
        );
        let (s, b) = app.call(Method::GET, "/api/accounts/me", None, None).await;
        assert_error(s, &b, StatusCode::UNAUTHORIZED, "not_authenticated");
    }
}

#[tokio::test]
async fn session_cookies_need_a_csrf_token_for_unsafe_requests() {
    for backend in backends() {
        let app = spawn_app(backend, Options::default()).await;
        app.user("carol").await;
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let resp = browser
            .post(app.url("/api/accounts/login"))
            .json(&json!({"username": "carol", "password": "correct horse 1"}))
            .send()
            .await
            .expect("login");
        let cookies: Vec<String> = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .collect();
        let session = cookies
            .iter()
            .find(|c| c.starts_with("genui_session="))
            .expect("session cookie");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Lax"),
            "{session}"
        );
        assert!(!session.contains("Secure"), "plain http: {session}");
        let body: serde_json::Value = resp.json().await.expect("json");
        let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();

        let me = browser
            .get(app.url("/api/accounts/me"))
            .send()
            .await
            .expect("me");
        assert_eq!(me.status(), StatusCode::OK, "safe method without CSRF");
        let no_csrf = browser
            .post(app.url("/api/projects"))
            .json(&json!({"name": "p"}))
            .send()
            .await
            .expect("post");
        assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
        let body: serde_json::Value = no_csrf.json().await.expect("json");
        assert_eq!(body["error"]["code"], "csrf_failed");
        let wrong = browser
            .post(app.url("/api/projects"))
            .header("X-CSRFToken", "00ff")
            .json(&json!({"name": "p"}))
            .send()
            .await
            .expect("post");
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
        let ok = browser
            .post(app.url("/api/projects"))
            .header("X-CSRFToken", &csrf)
            .json(&json!({"name": "p"}))
            .send()
            .await
            .expect("post");
        assert_eq!(ok.status(), StatusCode::CREATED);
        let out = browser
            .post(app.url("/api/accounts/logout"))
            .header("X-CSRFToken", &csrf)
            .send()
            .await
            .expect("logout");
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        let after = browser
            .get(app.url("/api/accounts/me"))
            .send()
            .await
            .expect("me");
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn registration_can_be_switched_off_and_logins_are_rate_limited() {
    for backend in backends() {
        let options = Options {
            registration: false,
            login_max_failures: 3,
            ..Options::default()
        };
        let app = spawn_app(backend, options).await;
        let (s, b) = app
            .call(
                Method::POST,
                "/api/accounts/register",
                None,
                Some(json!({"username": "dave", "password": "correct horse 1"})),
            )
            .await;
        assert_error(s, &b, StatusCode::FORBIDDEN, "registration_disabled");
        let (s, b) = app
            .call(Method::GET, "/api/accounts/register", None, None)
            .await;
        assert_eq!((s, &b), (StatusCode::OK, &json!({"open": false})));
        let open = spawn_app(backend, Options::default()).await;
        let (_, b) = open
            .call(Method::GET, "/api/accounts/register", None, None)
            .await;
        assert_eq!(b, json!({"open": true}));
        for _ in 0..3 {
            let (s, _) = app
                .call(
                    Method::POST,
                    "/api/accounts/login",
                    None,
                    Some(json!({"username": "dave", "password": "wrong wrong"})),
                )
                .await;
            assert_eq!(s, StatusCode::BAD_REQUEST);
        }
        let resp = app
            .client
            .post(app.url("/api/accounts/login"))
            .json(&json!({"username": "dave", "password": "wrong wrong"}))
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(resp.headers().get("retry-after").is_some());
        // The address is limited too, whatever the username.
        let (s, b) = app
            .call(
                Method::POST,
                "/api/accounts/login",
                None,
                Some(json!({"username": "erin", "password": "wrong wrong"})),
            )
            .await;
        assert_error(s, &b, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    }
}
