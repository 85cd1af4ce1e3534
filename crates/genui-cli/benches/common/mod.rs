//! A real `genui serve` (embedded SQLite unless told otherwise, temporary
//! data directory) with a logged-in user, and what the benchmarks do with it:
//! upload a CSV, wait for a task, put many clients on an endpoint.

#![allow(dead_code)] // each benchmark uses a part

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        Self::start_with(binary, &[]).await
    }

    /// [`Server::start`] with further environment variables (e.g. `POSTGRES_*`).
    pub async fn start_with(binary: &str, env: &[(String, String)]) -> Self {
        let data = tempfile::tempdir().expect("temporary data directory");
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(binary)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .envs(env.iter().map(|(k, v)| (k, v)))
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
    pub fn database(&self) -> PathBuf {
        self.data.path().join("genui.sqlite3")
    }

    /// Peak resident memory of the server process (VmHWM), in MiB.
    pub fn peak_memory_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }

    /// A new project's id.
    pub async fn project(&self, name: &str) -> i64 {
        let project: Value = self
            .http
            .post(format!("{}/api/projects", self.base))
            .header("Authorization", &self.auth)
            .json(&json!({"name": name}))
            .send()
            .await
            .expect("project")
            .json()
            .await
            .expect("project body");
        project["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("creating a project failed: {project}"))
    }

    /// Uploads `csv` as a new set of `project` and returns the set (with its `task_id`).
    pub async fn upload_csv(&self, project: i64, name: &str, csv: Vec<u8>) -> Value {
        let form = reqwest::multipart::Form::new()
            .text("project_id", project.to_string())
            .text("name", name.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv).file_name(format!("{name}.csv")),
            );
        let set: Value = self
            .http
            .post(format!("{}/api/compound-sets/csv", self.base))
            .header("Authorization", &self.auth)
            .multipart(form)
            .send()
            .await
            .expect("upload")
            .json()
            .await
            .expect("upload body");
        assert!(set["id"].is_i64(), "upload failed: {set}");
        set
    }

    /// Waits for task `id` to end and returns it.
    pub async fn finished(&self, id: &Value) -> Value {
        let url = format!("{}/api/tasks/{id}", self.base);
        loop {
            let task: Value = self
                .http
                .get(&url)
                .header("Authorization", &self.auth)
                .send()
                .await
                .expect("task")
                .json()
                .await
                .expect("task body");
            if ["success", "failure", "cancelled"].contains(&task["status"].as_str().unwrap_or(""))
            {
                return task;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `clients` concurrent clients GET `url(client, request)` for `seconds`;
    /// the latencies of the successful answers (bodies read) and the errors.
    pub async fn load(
        &self,
        seconds: u64,
        clients: usize,
        url: impl Fn(usize, u64) -> String + Send + Sync + 'static,
    ) -> Load {
        let url = std::sync::Arc::new(url);
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let (http, base, auth, url) = (
                    self.http.clone(),
                    self.base.clone(),
                    self.auth.clone(),
                    url.clone(),
                );
                tokio::spawn(async move {
                    let (mut latencies, mut errors) = (Vec::new(), 0u64);
                    let mut request = 0;
                    while Instant::now() < deadline {
                        let target = format!("{base}{}", url(client, request));
                        request += 1;
                        let start = Instant::now();
                        let ok = match http
                            .get(&target)
                            .header("Authorization", &auth)
                            .send()
                            .await
                        {
                            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                            Err(_) => false,
                        };
                        if ok {
                            latencies.push(start.elapsed());
                        } else {
                            errors += 1;
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        let mut load = Load::default();
        for worker in workers {
            let (latencies, errors) = worker.await.expect("client task");
            load.latencies.extend(latencies);
            load.errors += errors;
        }
        load.seconds = started.elapsed().as_secs_f64();
        load.latencies.sort_unstable();
        load
    }
}

/// What [`Server::load`] measured.
#[derive(Debug, Default)]
pub struct Load {
    /// Sorted.
    pub latencies: Vec<Duration>,
    pub errors: u64,
    pub seconds: f64,
}

impl Load {
    /// Requests, errors, throughput and latency percentiles, on one line.
    pub fn summary(&self) -> String {
        let percentile = |p: f64| {
            let n = self.latencies.len();
            self.latencies
                .get(((n as f64 * p) as usize).min(n.saturating_sub(1)))
                .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
        };
        format!(
            "{} requests, {} errors, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
            self.latencies.len(),
            self.errors,
            self.latencies.len() as f64 / self.seconds,
            percentile(0.50),
            percentile(0.99),
        )
    }
}

/// The benchmark's own arguments (without the flags `cargo bench` adds).
pub fn args() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect()
}

/// The header and first `n` rows of a gzipped CSV.
pub fn first_rows(path: &str, n: usize) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut out = Vec::new();
    for line in reader.lines().take(n + 1) {
        out.extend_from_slice(line.expect("line").as_bytes());
        out.push(b'\n');
    }
    out
}

/// The MOSES training set (see testdata/README.md).
pub fn moses_train() -> String {
    format!(
        "{}/../../../shared/data/moses/train.csv.gz",
        env!("CARGO_MANIFEST_DIR")
    )
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
