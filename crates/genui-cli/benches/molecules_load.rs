//! Load benchmark of browsing a large compound set: imports the first N MOSES
//! SMILES through the API (the real pipeline), then `CLIENTS` concurrent
//! clients ask for random 100-row pages of the set's molecules (properties,
//! activities, depiction links) for `SECONDS`, twice (cold, then warm), on a real `genui serve`; the
//! latency percentiles and throughput are printed. On SQLite by default, on
//! PostgreSQL (a fresh database on the test server, see `GENUI_TEST_PG_*`)
//! with `postgres`. Not a timed test.
//!
//! cargo bench -p genui-cli --bench molecules_load -- [N] [SECONDS] [CLIENTS] [sqlite|postgres]
//! (default 100000, 20, 50, sqlite)

mod common;

use genui_storage::DatabaseConfig;
use genui_test_support::{Backend, TestDb};

const PAGE_SIZE: u64 = 100;

#[tokio::main]
async fn main() {
    let args = common::args();
    let number =
        |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (n, seconds, clients) = (number(0, 100_000), number(1, 20), number(2, 50) as usize);
    let postgres = args.iter().any(|a| a == "postgres");

    // The PostgreSQL database lives as long as `_database`.
    let (_database, env) = if postgres {
        let database = TestDb::new(Backend::Postgres).await;
        let DatabaseConfig::Postgres {
            host,
            port,
            database: name,
            user,
            password,
        } = database.config.clone()
        else {
            unreachable!("a PostgreSQL test database")
        };
        let mut env = vec![
            ("POSTGRES_HOST".to_owned(), host),
            ("POSTGRES_PORT".to_owned(), port.to_string()),
            ("POSTGRES_DB".to_owned(), name),
            ("POSTGRES_USER".to_owned(), user),
        ];
        env.extend(password.map(|p| ("POSTGRES_PASSWORD".to_owned(), p)));
        (Some(database), env)
    } else {
        (None, Vec::new())
    };
    let backend = if postgres { "PostgreSQL" } else { "SQLite" };
    let server = common::Server::start_with(env!("CARGO_BIN_EXE_genui"), &env).await;
    let project = server.project("bench").await;
    let set = server
        .upload_csv(
            project,
            "moses",
            common::first_rows(&common::moses_train(), n as usize),
        )
        .await;
    let task = server.finished(&set["task_id"]).await;
    assert_eq!(task["status"], "success", "import failed: {task}");
    let stored = task["result"]["imported"].as_u64().expect("imported count");
    let pages = stored.div_ceil(PAGE_SIZE);
    let set_id = set["id"].as_i64().expect("set id");

    println!("imported {stored} molecules; {clients} clients for {seconds} s");
    // Each client walks its own pseudo-random sequence of pages (xorshift, seeded by the client).
    // Twice: the first pass meets every page cold, the second browses a warm server.
    let page_url = move |client: usize, request: u64| {
        let mut x = (client as u64 + 1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(request);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let page = x % pages + 1;
        format!("/api/compound-sets/{set_id}/molecules?page={page}&page_size={PAGE_SIZE}")
    };
    for pass in ["first pass", "second pass"] {
        let load = server.load(seconds, clients, page_url).await;
        println!(
            "GET a random {PAGE_SIZE}-molecule page of a {stored}-molecule set on {backend}, \
             {clients} clients, {seconds} s, {pass}: {}",
            load.summary()
        );
    }
}
