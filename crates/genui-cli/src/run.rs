//! What each command does.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use genui_compounds::import::ImportEnvironment;
use genui_compounds::sources::ChemblClient;
use genui_server::{App, AppState, ServerConfig};
use genui_storage::files::FileStore;
use genui_storage::users::{self, NewUser};
use genui_storage::Db;
use genui_tasks::{
    run_handed_task, CancellationToken, EmbeddedQueue, Isolation, QueueBackend, RedisQueue,
    TaskRegistry, TaskService, Worker, WorkerConfig,
};

use crate::config::{resolve_secret, Config, Mode};
use crate::UserCommand;

pub fn init_tracing(config: &Config) {
    let default = match config.mode {
        Mode::Prod => "info",
        Mode::Stage | Mode::Debug => "debug,sqlx=warn,hyper=info,h2=info,redis=info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.mode {
        Mode::Prod | Mode::Stage => builder.json().try_init(),
        Mode::Debug => builder.try_init(),
    };
}

/// Connects to the database and applies the migrations.
async fn database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database)
        .await
        .with_context(|| format!("cannot connect to the database {:?}", config.database))?;
    db.migrate().await.context("cannot migrate the database")?;
    Ok(db)
}

async fn queue(config: &Config, db: &Db) -> anyhow::Result<QueueBackend> {
    Ok(match &config.redis {
        None => QueueBackend::Embedded(EmbeddedQueue::new(db.clone(), Duration::from_millis(500))),
        Some(settings) => QueueBackend::Redis(
            RedisQueue::connect(db.clone(), settings)
                .await
                .with_context(|| format!("cannot connect to Redis {settings:?}"))?,
        ),
    })
}

/// Where uploaded and generated files live (`GENUI_DATA_MOUNT/files`, shared by all nodes).
fn file_store(config: &Config) -> anyhow::Result<FileStore> {
    let root = config.data_dir.join("files");
    FileStore::open(&root).with_context(|| format!("cannot create {}", root.display()))
}

/// The task handlers of this binary. Feature crates register theirs here.
fn registry(config: &Config, files: &FileStore) -> TaskRegistry {
    let mut registry = TaskRegistry::new();
    if config.test_tasks {
        genui_tasks::register_test_kinds(&mut registry);
    }
    genui_compounds::import::register(
        &mut registry,
        ImportEnvironment {
            files: files.clone(),
            chembl: ChemblClient::new(&config.chembl_url),
            limits: config.import_limits,
        },
    );
    genui_qsar::task::register(&mut registry, files.clone());
    genui_maps::task::register(&mut registry);
    genui_generators::task::register(&mut registry, files.clone());
    registry
}

fn worker_config(config: &Config) -> WorkerConfig {
    WorkerConfig {
        name: config.worker.name.clone(),
        queues: config.worker.queues.clone(),
        concurrency: config.concurrency(),
        lease: config.worker.lease,
        isolation: isolation(config),
    }
}

/// Each task in a child process of this binary (`genui task-run`) within the memory limit,
/// unless the limit is off.
fn isolation(config: &Config) -> Isolation {
    let Some(memory_limit) = config.worker.task_memory.limit() else {
        return Isolation::InProcess;
    };
    match std::env::current_exe() {
        Ok(program) => Isolation::Process {
            program,
            args: vec![
                "task-run".into(),
                "--worker-name".into(),
                config.worker.name.clone(),
                "--memory-limit".into(),
                memory_limit.to_string(),
            ],
            memory_limit,
        },
        Err(e) => {
            tracing::warn!(error = %e, "cannot find this program; tasks run in the worker's process");
            Isolation::InProcess
        }
    }
}

/// Runs one task handed over by a worker (`genui task-run`).
pub async fn task_run(config: Config, task: i64, attempt: i32) -> anyhow::Result<()> {
    let db = Db::connect(&config.database)
        .await
        .with_context(|| format!("cannot connect to the database {:?}", config.database))?;
    let registry = registry(&config, &file_store(&config)?);
    let ran = run_handed_task(
        db.clone(),
        &registry,
        config.worker.name.clone(),
        task,
        attempt,
    )
    .await;
    db.close().await;
    ran.map_err(|e| anyhow::anyhow!(e))
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

pub async fn serve(config: Config, with_worker: bool) -> anyhow::Result<()> {
    let secret = resolve_secret(&config).context("cannot read or create the secret key")?;
    let db = database(&config).await?;
    let queue = queue(&config, &db).await?;
    let files = file_store(&config)?;
    let registry = Arc::new(registry(&config, &files));
    let service = TaskService::new(db.clone(), queue.clone(), registry.clone());
    let server_config = ServerConfig {
        secure_cookies: config.https(),
        registration_enabled: config.registration_enabled,
        upload_limit: config.upload_limit,
        max_samples: config.max_samples,
        import_limits: config.import_limits,
        trusted_proxies: config.trusted_proxies.clone(),
        ..ServerConfig::new(secret)
    };
    let state = AppState::new(db.clone(), service, server_config, files).await?;
    let mut app = App::new(state);
    app = match config.frontend_app_path.as_deref() {
        Some(url) if url.contains("://") => app.frontend_redirect(url.to_owned()),
        mount => app.frontend(mount.unwrap_or("/")),
    };
    let router = app.into_router();
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let stop = CancellationToken::new();
    let worker = with_worker.then(|| {
        let w = Worker::new(db.clone(), queue, registry, worker_config(&config));
        tokio::spawn(w.run(stop.clone()))
    });
    tracing::info!(address = %listener.local_addr()?, worker = with_worker, "serving the GenUI API");
    let on_stop = stop.clone();
    let server = genui_server::serve(listener, router, async move {
        shutdown_signal().await;
        on_stop.cancel();
    });
    // Open event streams never end on their own: past a grace, stop without them.
    let streams_grace = async {
        stop.cancelled().await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    tokio::select! {
        served = server => served?,
        () = streams_grace => tracing::info!("closing the connections still open"),
    }
    stop.cancel();
    if let Some(w) = worker {
        let _ = w.await;
    }
    db.close().await;
    Ok(())
}

pub async fn worker(config: Config) -> anyhow::Result<()> {
    let db = database(&config).await?;
    let queue = queue(&config, &db).await?;
    let registry = Arc::new(registry(&config, &file_store(&config)?));
    let stop = CancellationToken::new();
    let on_stop = stop.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_stop.cancel();
    });
    Worker::new(db.clone(), queue, registry, worker_config(&config))
        .run(stop)
        .await;
    db.close().await;
    Ok(())
}

pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = database(&config).await?;
    println!("migrations applied ({:?})", db.dialect());
    db.close().await;
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!password.is_empty(), "no password on standard input");
    Ok(password)
}

/// Reads a password from standard input, checks it against the password
/// rules and hashes it.
async fn new_password_hash(username: &str) -> anyhow::Result<String> {
    let password = read_password()?;
    check(genui_server::accounts::validate_password(
        &password, username,
    ))?;
    genui_server::auth::hash_password(password)
        .await
        .map_err(|e| anyhow::anyhow!(e.message))
}

fn check(result: Result<(), genui_server::ApiError>) -> anyhow::Result<()> {
    result.map_err(|e| anyhow::anyhow!("{}: {}", e.message, e.details))
}

pub async fn user(config: Config, command: UserCommand) -> anyhow::Result<()> {
    let db = database(&config).await?;
    match command {
        UserCommand::Create {
            username,
            email,
            admin,
        } => {
            check(genui_server::accounts::validate_username(&username))?;
            let hash = new_password_hash(&username).await?;
            let user = users::create(
                &db,
                &NewUser {
                    username: &username,
                    email: &email,
                    password_hash: &hash,
                    is_admin: admin,
                },
            )
            .await
            .with_context(|| format!("cannot create user {username}"))?;
            println!("created user {} (id {})", user.username, user.id);
        }
        UserCommand::Passwd { username } => {
            let creds = users::credentials_by_username(&db, &username)
                .await?
                .with_context(|| format!("no user named {username}"))?;
            let hash = new_password_hash(&username).await?;
            users::set_password_hash(&db, creds.user.id, &hash).await?;
            println!("password of {} changed", creds.user.username);
        }
        UserCommand::List => {
            println!(
                "{:>6}  {:<24} {:<32} admin  created",
                "id", "username", "email"
            );
            for u in users::list(&db).await? {
                println!(
                    "{:>6}  {:<24} {:<32} {:<5}  {}",
                    u.id,
                    u.username,
                    u.email,
                    u.is_admin,
                    u.created_at.to_rfc3339()
                );
            }
        }
    }
    db.close().await;
    Ok(())
}
