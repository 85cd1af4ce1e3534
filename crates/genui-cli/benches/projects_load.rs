//! Load benchmark of the HTTP API: 50 concurrent clients call
//! `GET /api/projects` on a real `genui serve` (embedded SQLite) and the
//! latency percentiles and throughput are printed. Not a timed test.
//!
//! cargo bench -p genui-cli --bench projects_load -- [SECONDS] [CLIENTS]

mod common;

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let seconds = args.first().copied().unwrap_or(10);
    let clients = args.get(1).copied().unwrap_or(50) as usize;

    let server = common::Server::start(env!("CARGO_BIN_EXE_genui")).await;
    for i in 0..20 {
        server.project(&format!("project {i}")).await;
    }

    let load = server
        .load(seconds, clients, |_, _| "/api/projects".to_owned())
        .await;
    println!(
        "GET /api/projects, {clients} clients, {seconds} s: {}",
        load.summary()
    );
}
