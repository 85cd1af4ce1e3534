//! Load benchmark of the HTTP API: 50 concurrent clients call
//! `GET /api/projects` on a real `genui serve` (embedded SQLite) and the
//! latency percentiles and throughput are printed. Not a timed test.
//!
//! cargo bench -p genui-cli --bench projects_load -- [SECONDS] [CLIENTS]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let seconds = args.first().copied().unwrap_or(10);
    let clients = args.get(1).copied().unwrap_or(50) as usize;

    let data = tempfile::tempdir().expect("temporary data directory");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_genui"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("GENUI_DATA_MOUNT", data.path())
            .env("GENUI_MODE", "debug")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start genui serve"),
    );
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
    for i in 0..20 {
        let project = json!({"name": format!("project {i}"), "description": "load test"});
        let response = http
            .post(format!("{base}/api/projects"))
            .header("Authorization", &auth)
            .json(&project)
            .send()
            .await
            .expect("create project");
        assert!(
            response.status().is_success(),
            "creating a project failed: {}",
            response.status()
        );
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (http, url, auth) = (http.clone(), format!("{base}/api/projects"), auth.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                while Instant::now() < deadline {
                    let start = Instant::now();
                    let ok = match http.get(&url).header("Authorization", &auth).send().await {
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
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (l, e) = worker.await.expect("client task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "GET /api/projects, {clients} clients, {seconds} s: {} requests, {errors} errors, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.50).as_secs_f64() * 1e3,
        percentile(0.99).as_secs_f64() * 1e3,
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port()
}

async fn wait_until_healthy(http: &reqwest::Client, base: &str) {
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
