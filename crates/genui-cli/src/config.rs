//! Configuration from the environment (the original deployment's variables plus `GENUI_*`
//! additions), overridable by command-line flags. Parsing is pure — it reads a map, not the
//! process environment — so every rule is unit-tested below. A bad or inconsistent value stops
//! start-up with a message naming the variable.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use genui_compounds::sources::ImportLimits;
use genui_server::auth::TrustedProxies;
use genui_storage::tasks::UnknownName;
use genui_storage::DatabaseConfig;
use genui_tasks::{Queue, RedisSettings};

/// Deployment mode (`GENUI_MODE`), replacing `DJANGO_SETTINGS_MODULE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Production: `GENUI_BACKEND_SECRET` and `GENUI_BACKEND_HOST` are required; JSON logs.
    Prod,
    /// Like prod, with debug logging.
    Stage,
    /// Local use (the default): the secret is generated once into the data directory.
    Debug,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prod => "prod",
            Self::Stage => "stage",
            Self::Debug => "debug",
        }
    }
}

/// A configuration mistake, naming the variable at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// The public address of the backend (`GENUI_BACKEND_PROTOCOL/HOST/PORT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendUrl {
    pub protocol: String,
    pub host: String,
    pub port: Option<u16>,
}

impl fmt::Display for BackendUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}://{}:{}", self.protocol, self.host, port),
            None => write!(f, "{}://{}", self.protocol, self.host),
        }
    }
}

/// Worker settings (`GENUI_CELERY_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSettings {
    pub queues: Vec<Queue>,
    /// 0 means one per CPU.
    pub concurrency: usize,
    pub name: String,
    pub lease: Duration,
    /// `GENUI_TASK_MEMORY_LIMIT`.
    pub task_memory: TaskMemory,
}

/// How much memory one task may take (`GENUI_TASK_MEMORY_LIMIT`): each task runs in a child
/// process of its worker, limited to it, so that a task past it fails alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskMemory {
    /// Unset or `auto`: three quarters of the machine's memory.
    Auto,
    /// A size, e.g. `4G`.
    Bytes(u64),
    /// `off`: tasks run inside the worker's own process, without a limit of their own.
    Off,
}

impl TaskMemory {
    fn parse(value: Option<&str>) -> Result<Self, ConfigError> {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("auto") => Ok(Self::Auto),
            Some("off" | "0") => Ok(Self::Off),
            Some(v) => parse_size(v, "GENUI_TASK_MEMORY_LIMIT").map(|n| Self::Bytes(n as u64)),
        }
    }

    /// The limit in bytes; `None` when tasks run in the worker's process.
    pub fn limit(self) -> Option<u64> {
        match self {
            Self::Bytes(n) => Some(n),
            Self::Off => None,
            Self::Auto => {
                let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
                let container = CGROUP_MEMORY_LIMITS
                    .iter()
                    .filter_map(|path| std::fs::read_to_string(path).ok());
                auto_limit(&meminfo, container)
            }
        }
    }
}

/// Where a container's memory limit is (cgroup v2, then v1).
const CGROUP_MEMORY_LIMITS: [&str; 2] = [
    "/sys/fs/cgroup/memory.max",
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
];

/// Three quarters of the memory this process can have: the machine's (`MemTotal` of
/// `/proc/meminfo`) or its container's limit, whichever is smaller (in Docker, `MemTotal` is
/// the host's). A limit file saying `max` means none.
fn auto_limit(meminfo: &str, container_limits: impl IntoIterator<Item = String>) -> Option<u64> {
    let kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    let container = container_limits
        .into_iter()
        .filter_map(|limit| limit.trim().parse::<u64>().ok())
        .min();
    let memory = container.map_or(kib * 1024, |bytes| bytes.min(kib * 1024));
    Some(memory / 4 * 3)
}

/// A secret value whose `Debug` output is masked.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"********\"")
    }
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub mode: Mode,
    pub data_dir: PathBuf,
    pub database: DatabaseConfig,
    pub redis: Option<RedisSettings>,
    /// `GENUI_BACKEND_SECRET`, when set (otherwise see [`resolve_secret`]).
    pub secret: Option<Secret>,
    pub backend_url: Option<BackendUrl>,
    pub frontend_app_path: Option<String>,
    pub bind: SocketAddr,
    pub worker: WorkerSettings,
    pub registration_enabled: bool,
    pub upload_limit: usize,
    /// `GENUI_GENERATOR_MAX_SAMPLES`: most molecules one generator sample may ask for.
    pub max_samples: usize,
    /// Base URL of the ChEMBL web API (`GENUI_CHEMBL_URL`).
    pub chembl_url: String,
    /// What one import may read (`GENUI_IMPORT_MAX_*`).
    pub import_limits: ImportLimits,
    /// `GENUI_TRUSTED_PROXIES`: proxies whose forwarding headers name the client.
    pub trusted_proxies: TrustedProxies,
    pub test_tasks: bool,
}

type Env = BTreeMap<String, String>;

fn get<'a>(env: &'a Env, name: &str) -> Option<&'a str> {
    env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn parse_bool(env: &Env, name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match get(env, name).map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(bad(
            name,
            format!("`{other}` is not a boolean (use true or false)"),
        )),
    }
}

fn parse_num<T: std::str::FromStr>(
    env: &Env,
    name: &'static str,
) -> Result<Option<T>, ConfigError> {
    get(env, name)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| bad(name, format!("`{v}` is not a valid number")))
        })
        .transpose()
}

/// `GENUI_IMPORT_MAX_BYTES`, `_RECORD_BYTES` (sizes), `_RECORDS` and `_COLUMNS` (counts).
fn import_limits(env: &Env) -> Result<ImportLimits, ConfigError> {
    let defaults = ImportLimits::default();
    let size = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
        get(env, name).map_or(Ok(default), |v| Ok(parse_size(v, name)? as u64))
    };
    let count = |name: &'static str, default: usize| -> Result<usize, ConfigError> {
        match parse_num(env, name)? {
            None => Ok(default),
            Some(0) => Err(bad(name, "must be at least 1")),
            Some(n) => Ok(n),
        }
    };
    Ok(ImportLimits {
        max_bytes: size("GENUI_IMPORT_MAX_BYTES", defaults.max_bytes)?,
        max_record_bytes: size("GENUI_IMPORT_MAX_RECORD_BYTES", defaults.max_record_bytes)?,
        max_records: count("GENUI_IMPORT_MAX_RECORDS", defaults.max_records)?,
        max_columns: count("GENUI_IMPORT_MAX_COLUMNS", defaults.max_columns)?,
    })
}

/// Parses a queue list such as `celery,gpu`.
pub fn parse_queues(value: &str, variable: &'static str) -> Result<Vec<Queue>, ConfigError> {
    let mut queues = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let q: Queue = part
            .parse()
            .map_err(|e: UnknownName| bad(variable, e.to_string()))?;
        if !queues.contains(&q) {
            queues.push(q);
        }
    }
    if queues.is_empty() {
        return Err(bad(variable, "name at least one queue (celery, gpu)"));
    }
    Ok(queues)
}

/// Parses a size in bytes with an optional K/M/G suffix (powers of 1024).
pub fn parse_size(value: &str, variable: &'static str) -> Result<usize, ConfigError> {
    let v = value.trim().to_ascii_uppercase();
    let v = v
        .strip_suffix("IB")
        .or_else(|| v.strip_suffix('B'))
        .unwrap_or(&v);
    let (digits, factor) = match v.chars().last() {
        Some('K') => (&v[..v.len() - 1], 1usize << 10),
        Some('M') => (&v[..v.len() - 1], 1 << 20),
        Some('G') => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            bad(
                variable,
                format!("`{value}` is not a size (e.g. 1073741824, 512M, 1G)"),
            )
        })
}

fn default_worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("worker-{}@{}", std::process::id(), host)
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_process_env() -> Result<Self, ConfigError> {
        Self::from_env(&std::env::vars().collect())
    }

    /// Reads the configuration from `env`.
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let mode = match get(env, "GENUI_MODE")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("debug") => Mode::Debug,
            Some("stage") => Mode::Stage,
            Some("prod" | "production") => Mode::Prod,
            Some(other) => {
                return Err(bad(
                    "GENUI_MODE",
                    format!("`{other}` is not one of prod, stage, debug"),
                ))
            }
        };
        let data_dir = PathBuf::from(get(env, "GENUI_DATA_MOUNT").unwrap_or("./genui-data"));
        let database = Self::database(env, &data_dir)?;
        let redis = Self::redis(env)?;
        let secret = get(env, "GENUI_BACKEND_SECRET").map(|s| Secret(s.to_owned()));
        if let Some(Secret(s)) = &secret {
            if s.len() < 16 {
                return Err(bad(
                    "GENUI_BACKEND_SECRET",
                    "must be at least 16 characters long",
                ));
            }
        }
        let backend_url = Self::backend_url(env)?;
        if mode != Mode::Debug {
            if secret.is_none() {
                return Err(bad(
                    "GENUI_BACKEND_SECRET",
                    format!("required in {} mode", mode.as_str()),
                ));
            }
            if backend_url.is_none() {
                return Err(bad(
                    "GENUI_BACKEND_HOST",
                    format!("required in {} mode", mode.as_str()),
                ));
            }
        }
        let bind = match get(env, "GENUI_BIND") {
            None => SocketAddr::from(([127, 0, 0, 1], 8000)),
            Some(v) => v.parse().map_err(|_| {
                bad(
                    "GENUI_BIND",
                    format!("`{v}` is not an address like 127.0.0.1:8000"),
                )
            })?,
        };
        let queues = parse_queues(
            get(env, "GENUI_CELERY_QUEUES").unwrap_or("celery,gpu"),
            "GENUI_CELERY_QUEUES",
        )?;
        let lease_secs: u64 = parse_num(env, "GENUI_TASK_LEASE_SECS")?.unwrap_or(60);
        if lease_secs == 0 {
            return Err(bad("GENUI_TASK_LEASE_SECS", "must be at least 1"));
        }
        let worker = WorkerSettings {
            queues,
            concurrency: parse_num(env, "GENUI_CELERY_CONCURRENCY")?.unwrap_or(0),
            name: get(env, "GENUI_CELERY_NAME").map_or_else(default_worker_name, str::to_owned),
            lease: Duration::from_secs(lease_secs),
            task_memory: TaskMemory::parse(get(env, "GENUI_TASK_MEMORY_LIMIT"))?,
        };
        let upload_limit = match get(env, "GENUI_UPLOAD_LIMIT") {
            None => 1 << 30,
            Some(v) => parse_size(v, "GENUI_UPLOAD_LIMIT")?,
        };
        Ok(Self {
            mode,
            data_dir,
            database,
            redis,
            secret,
            backend_url,
            frontend_app_path: get(env, "GENUI_FRONTEND_APP_PATH").map(str::to_owned),
            bind,
            worker,
            registration_enabled: parse_bool(env, "GENUI_REGISTRATION", true)?,
            upload_limit,
            max_samples: match parse_num(env, "GENUI_GENERATOR_MAX_SAMPLES")? {
                None => 100_000,
                Some(0) => return Err(bad("GENUI_GENERATOR_MAX_SAMPLES", "must be at least 1")),
                Some(n) => n,
            },
            chembl_url: chembl_url(env)?,
            import_limits: import_limits(env)?,
            trusted_proxies: TrustedProxies::parse(get(env, "GENUI_TRUSTED_PROXIES").unwrap_or(""))
                .map_err(|e| bad("GENUI_TRUSTED_PROXIES", e))?,
            test_tasks: parse_bool(env, "GENUI_ENABLE_TEST_TASKS", false)?,
        })
    }

    fn database(env: &Env, data_dir: &Path) -> Result<DatabaseConfig, ConfigError> {
        let Some(host) = get(env, "POSTGRES_HOST") else {
            for var in [
                "POSTGRES_DB",
                "POSTGRES_USER",
                "POSTGRES_PASSWORD",
                "POSTGRES_PORT",
            ] {
                if get(env, var).is_some() {
                    return Err(bad(
                        "POSTGRES_HOST",
                        format!("must be set when {var} is (or unset {var} to use SQLite)"),
                    ));
                }
            }
            return Ok(DatabaseConfig::Sqlite {
                path: data_dir.join("genui.sqlite3"),
            });
        };
        Ok(DatabaseConfig::Postgres {
            host: host.to_owned(),
            port: parse_num(env, "POSTGRES_PORT")?.unwrap_or(5432),
            database: get(env, "POSTGRES_DB").unwrap_or("genui").to_owned(),
            user: get(env, "POSTGRES_USER").unwrap_or("genui").to_owned(),
            password: get(env, "POSTGRES_PASSWORD").map(str::to_owned),
        })
    }

    fn redis(env: &Env) -> Result<Option<RedisSettings>, ConfigError> {
        let Some(host) = get(env, "REDIS_HOST") else {
            for var in ["REDIS_PASSWORD", "REDIS_PORT"] {
                if get(env, var).is_some() {
                    return Err(bad(
                        "REDIS_HOST",
                        format!(
                            "must be set when {var} is (or unset {var} to use the embedded queue)"
                        ),
                    ));
                }
            }
            return Ok(None);
        };
        let prefix = get(env, "GENUI_REDIS_PREFIX").unwrap_or("genui");
        if prefix.contains(char::is_whitespace) {
            return Err(bad("GENUI_REDIS_PREFIX", "must not contain spaces"));
        }
        Ok(Some(RedisSettings {
            host: host.to_owned(),
            port: parse_num(env, "REDIS_PORT")?.unwrap_or(6379),
            password: get(env, "REDIS_PASSWORD").map(str::to_owned),
            prefix: prefix.to_owned(),
        }))
    }

    fn backend_url(env: &Env) -> Result<Option<BackendUrl>, ConfigError> {
        let protocol = get(env, "GENUI_BACKEND_PROTOCOL")
            .unwrap_or("http")
            .to_ascii_lowercase();
        if protocol != "http" && protocol != "https" {
            return Err(bad(
                "GENUI_BACKEND_PROTOCOL",
                format!("`{protocol}` is not http or https"),
            ));
        }
        let port = parse_num::<u16>(env, "GENUI_BACKEND_PORT")?;
        let Some(host) = get(env, "GENUI_BACKEND_HOST") else {
            if port.is_some() || get(env, "GENUI_BACKEND_PROTOCOL").is_some() {
                return Err(bad(
                    "GENUI_BACKEND_HOST",
                    "must be set with GENUI_BACKEND_PROTOCOL/PORT",
                ));
            }
            return Ok(None);
        };
        if host.contains(['/', ' ', ':']) {
            return Err(bad(
                "GENUI_BACKEND_HOST",
                format!("`{host}` is not a host name"),
            ));
        }
        Ok(Some(BackendUrl {
            protocol,
            host: host.to_owned(),
            port,
        }))
    }

    /// Cookies get `Secure` when the public address is https.
    pub fn https(&self) -> bool {
        self.backend_url
            .as_ref()
            .is_some_and(|u| u.protocol == "https")
    }

    /// Effective worker concurrency (0 → number of CPUs).
    pub fn concurrency(&self) -> usize {
        match self.worker.concurrency {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
    }

    /// The configuration as `NAME=value` lines, secrets masked (`genui config`).
    pub fn render(&self) -> String {
        let mask = |s: &Option<String>| {
            s.as_ref()
                .map_or("(unset)".to_owned(), |_| "********".to_owned())
        };
        let mut lines = vec![
            format!("GENUI_MODE={}", self.mode.as_str()),
            format!("GENUI_DATA_MOUNT={}", self.data_dir.display()),
            format!("GENUI_BIND={}", self.bind),
        ];
        match &self.database {
            DatabaseConfig::Sqlite { path } => {
                lines.push(format!("database=sqlite:{}", path.display()))
            }
            DatabaseConfig::Postgres {
                host,
                port,
                database,
                user,
                password,
            } => {
                lines.push(format!(
                    "database=postgresql://{user}@{host}:{port}/{database}"
                ));
                lines.push(format!("POSTGRES_PASSWORD={}", mask(password)));
            }
        }
        match &self.redis {
            None => lines.push("queue=embedded".into()),
            Some(r) => {
                lines.push(format!(
                    "queue=redis://{}:{} (prefix {})",
                    r.host, r.port, r.prefix
                ));
                lines.push(format!("REDIS_PASSWORD={}", mask(&r.password)));
            }
        }
        lines.push(format!(
            "GENUI_BACKEND_SECRET={}",
            if self.secret.is_some() {
                "********"
            } else {
                "(generated in the data directory)"
            }
        ));
        lines.push(format!(
            "backend_url={}",
            self.backend_url
                .as_ref()
                .map_or("(unset)".into(), ToString::to_string)
        ));
        lines.push(format!(
            "GENUI_FRONTEND_APP_PATH={}",
            self.frontend_app_path.as_deref().unwrap_or("(unset)")
        ));
        let queues: Vec<&str> = self.worker.queues.iter().map(|q| q.as_str()).collect();
        lines.push(format!("GENUI_CELERY_QUEUES={}", queues.join(",")));
        lines.push(format!(
            "GENUI_CELERY_CONCURRENCY={} (effective {})",
            self.worker.concurrency,
            self.concurrency()
        ));
        lines.push(format!("GENUI_CELERY_NAME={}", self.worker.name));
        lines.push(format!(
            "GENUI_TASK_LEASE_SECS={}",
            self.worker.lease.as_secs()
        ));
        lines.push(format!(
            "GENUI_TASK_MEMORY_LIMIT={}",
            self.worker.task_memory.limit().map_or_else(
                || "off (tasks run in the worker's process)".to_owned(),
                |n| format!("{} MB per task", n >> 20)
            )
        ));
        lines.push(format!("GENUI_REGISTRATION={}", self.registration_enabled));
        lines.push(format!("GENUI_UPLOAD_LIMIT={}", self.upload_limit));
        lines.push(format!("GENUI_GENERATOR_MAX_SAMPLES={}", self.max_samples));
        let limits = &self.import_limits;
        lines.push(format!("GENUI_IMPORT_MAX_BYTES={}", limits.max_bytes));
        lines.push(format!(
            "GENUI_IMPORT_MAX_RECORD_BYTES={}",
            limits.max_record_bytes
        ));
        lines.push(format!("GENUI_IMPORT_MAX_RECORDS={}", limits.max_records));
        lines.push(format!("GENUI_IMPORT_MAX_COLUMNS={}", limits.max_columns));
        lines.push(format!("GENUI_TRUSTED_PROXIES={}", self.trusted_proxies));
        lines.push(format!("GENUI_CHEMBL_URL={}", self.chembl_url));
        lines.push(format!("GENUI_ENABLE_TEST_TASKS={}", self.test_tasks));
        lines.join("\n")
    }
}

/// The secret: `GENUI_BACKEND_SECRET`, or (outside prod/stage) one generated on first start
/// and kept in `<data dir>/secret_key` with owner-only permissions.
pub fn resolve_secret(config: &Config) -> std::io::Result<String> {
    if let Some(Secret(secret)) = &config.secret {
        return Ok(secret.clone());
    }
    let path = config.data_dir.join("secret_key");
    match std::fs::read_to_string(&path) {
        Ok(s) if !s.trim().is_empty() => return Ok(s.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    let secret = hex::encode(bytes);
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
    {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())?;
            Ok(secret)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::thread::sleep(Duration::from_millis(100));
            Ok(std::fs::read_to_string(&path)?.trim().to_owned())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;

/// `GENUI_CHEMBL_URL`: an http(s) URL, default the public ChEMBL web API.
fn chembl_url(env: &Env) -> Result<String, ConfigError> {
    match get(env, "GENUI_CHEMBL_URL") {
        None => Ok(genui_compounds::sources::chembl::DEFAULT_BASE_URL.to_owned()),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Ok(url.trim_end_matches('/').to_owned())
        }
        Some(_) => Err(bad(
            "GENUI_CHEMBL_URL",
            "must be an http:// or https:// URL",
        )),
    }
}
