//! Helpers for the GenUI test suites (a dev-dependency only).
//!
//! * [`backends`] — which databases a test runs against: `GENUI_TEST_DATABASE=sqlite`,
//!   `postgres`, or `both`; by default SQLite plus PostgreSQL when one answers on
//!   `GENUI_TEST_PG_HOST:GENUI_TEST_PG_PORT` (default `127.0.0.1:5432`, user
//!   `GENUI_TEST_PG_USER`, default `postgres`, trust or `GENUI_TEST_PG_PASSWORD`).
//! * [`TestDb`] — a fresh, migrated database per test: an SQLite file in a temporary directory,
//!   or a uniquely named PostgreSQL database that is dropped when the value is dropped.
//! * [`redis_available`] — whether the Redis of `GENUI_TEST_REDIS_HOST:PORT` (default
//!   `127.0.0.1:6379`) answers; Redis tests are skipped with a message when it does not, unless
//!   `GENUI_TEST_REQUIRE_REDIS=1`.
//! * [`FaultProxy`] — a TCP forwarder a test cuts and restores, to play a service outage.
//! * [`SmallDisk`] — a small tmpfs a test fills up, to play a full disk (needs root).
#![forbid(unsafe_code)]

mod fault;
mod small_disk;
pub use fault::FaultProxy;
pub use small_disk::SmallDisk;

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use genui_storage::{DatabaseConfig, Db};
use sqlx::Connection;

/// A database backend under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn reachable(host: &str, port: &str) -> bool {
    format!("{host}:{port}")
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok())
}

/// PostgreSQL connection settings for tests.
pub fn pg_host() -> String {
    env_or("GENUI_TEST_PG_HOST", "127.0.0.1")
}
pub fn pg_port() -> u16 {
    env_or("GENUI_TEST_PG_PORT", "5432").parse().unwrap_or(5432)
}
pub fn pg_user() -> String {
    env_or("GENUI_TEST_PG_USER", "postgres")
}
pub fn pg_password() -> Option<String> {
    std::env::var("GENUI_TEST_PG_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Whether a PostgreSQL server answers for the tests.
pub fn postgres_available() -> bool {
    reachable(&pg_host(), &pg_port().to_string())
}

/// The backends selected for this run.
pub fn backends() -> Vec<Backend> {
    match env_or("GENUI_TEST_DATABASE", "auto").as_str() {
        "sqlite" => vec![Backend::Sqlite],
        "postgres" | "postgresql" => vec![Backend::Postgres],
        "both" => vec![Backend::Sqlite, Backend::Postgres],
        _ if postgres_available() => vec![Backend::Sqlite, Backend::Postgres],
        _ => {
            eprintln!("note: PostgreSQL not reachable; running on SQLite only");
            vec![Backend::Sqlite]
        }
    }
}

/// Redis settings for tests.
pub fn redis_host() -> String {
    env_or("GENUI_TEST_REDIS_HOST", "127.0.0.1")
}
pub fn redis_port() -> u16 {
    env_or("GENUI_TEST_REDIS_PORT", "6379")
        .parse()
        .unwrap_or(6379)
}

/// Whether Redis answers; panics when it does not but `GENUI_TEST_REQUIRE_REDIS=1`.
pub fn redis_available() -> bool {
    let up = reachable(&redis_host(), &redis_port().to_string());
    if !up {
        assert!(
            std::env::var("GENUI_TEST_REQUIRE_REDIS").as_deref() != Ok("1"),
            "Redis is required (GENUI_TEST_REQUIRE_REDIS=1) but does not answer"
        );
        eprintln!("note: Redis not reachable; skipping a Redis test");
    }
    up
}

/// A short unique name (databases, stream prefixes, users).
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

/// A fresh, migrated database that disappears with the value.
pub struct TestDb {
    pub db: Db,
    pub backend: Backend,
    pub config: DatabaseConfig,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let (config, dir, pg_name) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path: PathBuf = dir.path().join("test.sqlite3");
                (DatabaseConfig::Sqlite { path }, Some(dir), None)
            }
            Backend::Postgres => {
                let name = unique_name("genui_test");
                admin_execute(&format!("CREATE DATABASE \"{name}\"")).await;
                let config = DatabaseConfig::Postgres {
                    host: pg_host(),
                    port: pg_port(),
                    database: name.clone(),
                    user: pg_user(),
                    password: pg_password(),
                };
                (config, None, Some(name))
            }
        };
        let db = Db::connect(&config)
            .await
            .expect("connect to the test database");
        db.migrate().await.expect("migrate the test database");
        Self {
            db,
            backend,
            config,
            _dir: dir,
            pg_name,
        }
    }
}

async fn admin_execute(sql: &str) {
    let mut options = sqlx::postgres::PgConnectOptions::new()
        .host(&pg_host())
        .port(pg_port())
        .username(&pg_user())
        .database("postgres");
    if let Some(p) = pg_password() {
        options = options.password(&p);
    }
    let mut conn = sqlx::PgConnection::connect_with(&options)
        .await
        .expect("connect to PostgreSQL as the test administrator");
    sqlx::query(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("`{sql}` failed: {e}"));
    let _ = conn.close().await;
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which is blocked while we wait here: do the
        // clean-up on a runtime of its own, and let `WITH (FORCE)` end the pool's connections
        // (closing the pool from here would wait on the blocked runtime).
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(admin_execute(&format!(
                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
            )));
        })
        .join();
    }
}

#[cfg(test)]
mod architecture;
