//! A real `genui serve` (embedded SQLite, temporary data directory) with a
//! logged-in user, for the benchmarks.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

pub struct Server {
    child: Child,
    pub http: reqwest::Client,
    pub base: String,
    /// `Authorization` header value of the benchmark user.
    pub auth: String,
    pub data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `genui serve` (with its in-process worker) and logs in a new user.
    pub async fn start(binary: &str) -> Self {
        let data = tempfile::tempdir().expect("temporary data directory");
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(binary)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("GENUI_DATA_MOUNT", data.path())
            .env("GENUI_MODE", "debug")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start genui serve");
        let http = reqwest::Client::new();
        wait_until_healthy(&http, &base).await;
        let credentials = json!({"username": "bench", "password": "correct horse 1"});
        http.post(format!("{base}/api/accounts/register"))
            .json(&credentials)
            .send()
            .await
            .expect("register");
        let login: Value = http
            .post(format!("{base}/api/accounts/login"))
            .json(&credentials)
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login body");
        let auth = format!("Token {}", login["token"].as_str().expect("token"));
        Self {
            child,
            http,
            base,
            auth,
            data,
        }
    }

    /// The server's SQLite database file.
    #[allow(dead_code)] // not every benchmark reads the database directly
    pub fn database(&self) -> PathBuf {
        self.data.path().join("genui.sqlite3")
    }

    /// Peak resident memory of the server process (VmHWM), in MiB.
    #[allow(dead_code)]
    pub fn peak_memory_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port()
}

pub async fn wait_until_healthy(http: &reqwest::Client, base: &str) {
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("{base}/api/health")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("genui serve did not become healthy within 30 s");
}
