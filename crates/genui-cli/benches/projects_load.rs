//! Load benchmark of the HTTP API: 50 concurrent clients call
//! `GET /api/projects` on a real `genui serve` (embedded SQLite) and the
//! latency percentiles and throughput are printed. Not a timed test.
//!
//! cargo bench -p genui-cli --bench projects_load -- [SECONDS] [CLIENTS]

mod common;

use std::time::{Duration, Instant};

use serde_json::json;

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let seconds = args.first().copied().unwrap_or(10);
    let clients = args.get(1).copied().unwrap_or(50) as usize;

    let server = common::Server::start(env!("CARGO_BIN_EXE_genui")).await;
    let (http, base, auth) = (
        server.http.clone(),
        server.base.clone(),
        server.auth.clone(),
    );
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
