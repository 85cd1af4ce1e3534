//! Storage for the GenUI platform: connection pools, migrations and repositories for users,
//! sessions and API tokens, projects and tasks, on **SQLite** (the embedded default) and
//! **PostgreSQL** (the cluster).
//!
//! # Why an enum of pools and not `sqlx::AnyPool`
//!
//! [`Db`] is `enum { Sqlite(SqlitePool), Postgres(PgPool) }` and every repository function runs
//! the same statement text through [`dispatch!`], which expands it once per backend with the
//! concrete pool type. We chose this deliberately over `AnyPool` because:
//!
//! * `Any` only knows the lowest common denominator of types: no `chrono::DateTime<Utc>`, no
//!   JSON, no `TIMESTAMPTZ`/`JSONB`; every timestamp would have to be hand-encoded.
//! * Some statements *must* differ per dialect (the queue claim uses `FOR UPDATE SKIP LOCKED` on
//!   PostgreSQL and a single atomic `UPDATE … RETURNING` on SQLite); with an enum the dialect
//!   is a `match`, not string sniffing of a connection URL.
//! * Each dialect gets its own embedded migration set (`migrations/sqlite`,
//!   `migrations/postgres`) and its own pool options (WAL + busy timeout for SQLite).
//! * Statement text is shared: `sqlx`'s SQLite driver accepts PostgreSQL-style `$1` parameters,
//!   so one SQL string serves both backends in the common case.
//!
//! Ids are 64-bit (`BIGSERIAL` / SQLite rowid) and all timestamps are UTC, produced by [`now`]
//! in the application (truncated to microseconds, PostgreSQL's precision) and never by SQL
//! defaults, so both dialects store and compare the same instants.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

pub mod files;
pub mod projects;
pub mod tasks;
pub mod tokens;
pub mod users;

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend `$db` holds.
///
/// The body is type-checked once per backend, so the same query code serves both dialects.
///
/// A write that returns rows (`INSERT`/`UPDATE … RETURNING`) on the pool is read with
/// `fetch_all`, never `fetch_one`/`fetch_optional`: SQLite commits such an autocommit write when
/// its statement runs to its end, and those stop at the first row, so a commit failing there
/// (a full disk) would go unnoticed and a row be returned for a write that was rolled back.
#[macro_export]
macro_rules! dispatch {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the connection of whichever backend the transaction
/// `$tx` (a `&mut Tx`) holds, like [`dispatch!`] does for pools.
#[macro_export]
macro_rules! dispatch_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// An open transaction on either backend (see [`Db::begin`]); rolled back when dropped
/// without [`Tx::commit`].
#[derive(Debug)]
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Self::Sqlite(t) => t.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self {
            Self::Sqlite(t) => t.rollback().await?,
            Self::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// Which SQL dialect a [`Db`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A database handle: a pool for one of the two supported backends. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Where the database lives.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseConfig {
    /// An SQLite file (created when missing).
    Sqlite { path: PathBuf },
    /// A PostgreSQL server.
    Postgres {
        host: String,
        port: u16,
        database: String,
        user: String,
        password: Option<String>,
    },
}

impl std::fmt::Debug for DatabaseConfig {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite { path } => f.debug_struct("Sqlite").field("path", path).finish(),
            Self::Postgres {
                host,
                port,
                database,
                user,
                password,
            } => f
                .debug_struct("Postgres")
                .field("host", host)
                .field("port", port)
                .field("database", database)
                .field("user", user)
                .field("password", &password.as_ref().map(|_| "********"))
                .finish(),
        }
    }
}

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A unique constraint was violated; carries the constraint (or index) name when known.
    #[error("conflict with an existing row ({0})")]
    Conflict(String),
    /// A foreign key pointed nowhere.
    #[error("referenced row does not exist ({0})")]
    MissingReference(String),
    /// A value read from the database is not one the application knows.
    #[error("corrupt value in column {column}: {value}")]
    Corrupt { column: &'static str, value: String },
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let name = db
                .constraint()
                .map(str::to_owned)
                .unwrap_or_else(|| db.message().to_owned());
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => return Self::Conflict(name),
                sqlx::error::ErrorKind::ForeignKeyViolation => return Self::MissingReference(name),
                _ => {}
            }
        }
        Self::Database(e)
    }
}

impl StorageError {
    /// The database cannot be reached now (down, restarting, every connection busy): worth
    /// retrying later, not a fault of the request.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Database(
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_),
            ) => true,
            // PostgreSQL shutting down or starting up (class 57P: operator intervention).
            Self::Database(sqlx::Error::Database(db)) => {
                db.code().is_some_and(|code| code.starts_with("57P"))
            }
            _ => false,
        }
    }

    /// The database could not write for lack of space (SQLite `SQLITE_FULL`, PostgreSQL
    /// `disk_full`): nothing of the write was kept.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Self::Database(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("13" | "53100"))
            }
            Self::Database(sqlx::Error::Io(e)) => e.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The current instant in UTC, at the microsecond precision both backends store.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// How long a request waits for a database connection before the database counts as
/// unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Opens a pool for `config`. Does not run migrations (see [`Db::migrate`]).
    pub async fn connect(config: &DatabaseConfig) -> Result<Self> {
        match config {
            DatabaseConfig::Sqlite { path } => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| StorageError::Database(e.into()))?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                Ok(Self::Sqlite(pool))
            }
            DatabaseConfig::Postgres {
                host,
                port,
                database,
                user,
                password,
            } => {
                let mut options = PgConnectOptions::new()
                    .host(host)
                    .port(*port)
                    .database(database)
                    .username(user);
                if let Some(password) = password {
                    options = options.password(password);
                }
                let pool = PgPoolOptions::new()
                    .max_connections(20)
                    // An outage is answered within seconds (503), not after a long wait.
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                Ok(Self::Postgres(pool))
            }
        }
    }

    /// Opens an SQLite database from a `sqlite:` URL or path (tests and tools).
    pub async fn connect_sqlite_url(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(30));
        Ok(Self::Sqlite(
            SqlitePoolOptions::new().connect_with(options).await?,
        ))
    }

    /// Applies the embedded migrations of this backend's dialect.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Self::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Begins a transaction.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Round-trips a trivial statement (readiness checks).
    pub async fn ping(&self) -> Result<()> {
        dispatch!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Self::Sqlite(_) => Dialect::Sqlite,
            Self::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Closes every connection of the pool.
    pub async fn close(&self) {
        dispatch!(self, |pool| pool.close().await)
    }
}

/// A page of rows plus the total number of matching rows.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub count: i64,
    pub items: Vec<T>,
}

/// Which slice of a listing to return.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: i64,
    pub offset: i64,
}

/// A listing: `SELECT {columns} FROM {from} WHERE {filter} ORDER BY {order}`,
/// whose filter refers to the ids bound by [`page_of`] as `$1`, `$2`, ….
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    pub columns: &'a str,
    pub from: &'a str,
    pub filter: &'a str,
    pub order: &'a str,
}

/// One page of a [`Listing`] and the count of all its rows, with `ids`
/// bound in order (a `None` binds NULL, for `($2 IS NULL OR … = $2)` filters).
pub async fn page_of<T>(
    db: &Db,
    listing: Listing<'_>,
    ids: &[Option<i64>],
    page: PageRequest,
) -> Result<Page<T>>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let Listing {
        columns,
        from,
        filter,
        order,
    } = listing;
    let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
    let n = ids.len();
    let sql = format!(
        "SELECT {columns} FROM {from} WHERE {filter} ORDER BY {order} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    Ok(dispatch!(db, |pool| {
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        let mut select = sqlx::query_as::<_, T>(&sql);
        for id in ids {
            count = count.bind(*id);
            select = select.bind(*id);
        }
        let count = count.fetch_one(pool).await?;
        let items = select
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(pool)
            .await?;
        Page { count, items }
    }))
}

/// Records the task that builds row `id` of `table` (a model, a map; a
/// table name of ours, never user input), in the transaction that inserts the task.
pub async fn attach_task(tx: &mut Tx, table: &'static str, id: i64, task_id: i64) -> Result<()> {
    let sql = format!("UPDATE {table} SET task_id = $1, updated_at = $2 WHERE id = $3");
    dispatch_tx!(tx, |conn| {
        sqlx::query(&sql)
            .bind(task_id)
            .bind(now())
            .bind(id)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Renames row `id` of `table` and/or changes its description (`None` keeps the value).
pub async fn rename_row(
    db: &Db,
    table: &'static str,
    id: i64,
    name: Option<&str>,
    description: Option<&str>,
) -> Result<()> {
    let sql = format!(
        "UPDATE {table} SET name = COALESCE($1, name), \
         description = COALESCE($2, description), updated_at = $3 WHERE id = $4"
    );
    dispatch!(db, |pool| {
        sqlx::query(&sql)
            .bind(name)
            .bind(description)
            .bind(now())
            .bind(id)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Deletes row `id` of `table` (a table name of ours; rows that depend on it
/// go by their foreign keys).
pub async fn delete_row(db: &Db, table: &'static str, id: i64) -> Result<()> {
    let sql = format!("DELETE FROM {table} WHERE id = $1");
    dispatch!(db, |pool| {
        sqlx::query(&sql).bind(id).execute(pool).await?;
    });
    Ok(())
}

/// The row of `T` that `sql` selects with `ids` bound as `$1`, `$2`, …, if any.
pub async fn optional_row<T>(db: &Db, sql: &str, ids: &[i64]) -> Result<Option<T>>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    Ok(dispatch!(db, |pool| {
        let mut query = sqlx::query_as::<_, T>(sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_optional(pool).await?
    }))
}
