//! Running the real `genui` binary as child processes.

// Each test binary uses a different part of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_genui");

/// A child process that is killed (SIGKILL) when dropped.
pub struct Proc {
    pub name: String,
    pub child: Child,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `genui <args>` with exactly `env` (the parent's environment is not inherited), logging to
/// `<log_dir>/<name>.log`.
pub fn spawn(name: &str, args: &[&str], env: &BTreeMap<String, String>, log_dir: &Path) -> Proc {
    spawn_command(name, Command::new(BIN).args(args), env, log_dir)
}

/// `command` with exactly `env`, logging to `<log_dir>/<name>.log`.
pub fn spawn_command(
    name: &str,
    command: &mut Command,
    env: &BTreeMap<String, String>,
    log_dir: &Path,
) -> Proc {
    let log = std::fs::File::create(log_dir.join(format!("{name}.log"))).expect("log file");
    let child = command
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("start {name}: {e}"));
    Proc {
        name: name.into(),
        child,
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A small API client.
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub token: Option<String>,
}

impl Api {
    pub fn new(port: u16) -> Self {
        Self {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
            token: None,
        }
    }

    pub async fn wait_healthy(&self, server: &mut Proc, log_dir: &Path) {
        for _ in 0..300 {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "{} exited with {status}: {}",
                    server.name,
                    read_log(log_dir, &server.name)
                );
            }
            let ok = self
                .client
                .get(format!("{}/api/ready", self.base))
                .send()
                .await;
            if ok.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("server not ready: {}", read_log(log_dir, &server.name));
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Token {t}"));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Uploads `csv` as a new compound set of `project` (SMILES in column `smiles`).
    pub async fn upload_csv(&self, project: i64, name: &str, csv: Vec<u8>) -> (u16, Value) {
        let form = reqwest::multipart::Form::new()
            .text("project_id", project.to_string())
            .text("name", name.to_owned())
            .text("smiles_column", "smiles")
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv).file_name("set.csv"),
            );
        let mut req = self
            .client
            .post(format!("{}/api/compound-sets/csv", self.base))
            .multipart(form);
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Token {t}"));
        }
        let resp = req.send().await.expect("upload");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Registers and logs in `name`, keeping the token.
    pub async fn login_new_user(&mut self, name: &str) {
        let creds = json!({"username": name, "password": "correct horse 1"});
        let (s, b) = self
            .call(
                reqwest::Method::POST,
                "/api/accounts/register",
                Some(creds.clone()),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = self
            .call(reqwest::Method::POST, "/api/accounts/login", Some(creds))
            .await;
        assert_eq!(s, 200, "{b}");
        self.token = b["token"].as_str().map(str::to_owned);
    }
}

pub fn read_log(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default()
}
