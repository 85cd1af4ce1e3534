//! `genui`: the GenUI platform in one binary.
//!
//! * `genui serve [--bind ADDR] [--no-worker]` — REST API (+ an in-process worker);
//! * `genui worker [-Q celery,gpu] [-c N] [-n NAME]` — a worker process;
//! * `genui migrate` — apply database migrations;
//! * `genui user create|passwd|list` — account administration (passwords read from stdin);
//! * `genui config` — the effective configuration, secrets masked;
//! * `genui generator pretrain|finetune|reinforce|sample|evaluate` — the generator engine.
//!
//! Configuration comes from the environment (see `config.rs`); flags override it.
#![forbid(unsafe_code)]

mod config;
mod generator;
mod run;

/// jemalloc for the whole process, RDKit's C++ included: imports allocate many
/// small objects per molecule on every core, where it is faster than glibc's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::{Parser, Subcommand};

use crate::config::{parse_queues, Config};

#[derive(Debug, Parser)]
#[command(
    name = "genui",
    version,
    about = "GenUI: molecular generation and QSAR platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API, with an in-process worker unless --no-worker.
    Serve {
        /// Address to listen on (overrides GENUI_BIND).
        #[arg(long)]
        bind: Option<std::net::SocketAddr>,
        /// Do not run tasks in this process (use separate `genui worker` processes).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run a worker that consumes task queues.
    Worker {
        /// Queues to consume, comma-separated (overrides GENUI_CELERY_QUEUES).
        #[arg(short = 'Q', long)]
        queues: Option<String>,
        /// Tasks run at once; 0 = number of CPUs (overrides GENUI_CELERY_CONCURRENCY).
        #[arg(short = 'c', long)]
        concurrency: Option<usize>,
        /// Worker name stored on its tasks (overrides GENUI_CELERY_NAME).
        #[arg(short = 'n', long)]
        name: Option<String>,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Print the effective configuration with secrets masked.
    Config,
    /// Train, steer, sample and evaluate molecular generators (no database needed).
    Generator(generator::GeneratorArgs),
    /// Run one task a worker hands over, within a memory limit (workers start this for each
    /// task; see GENUI_TASK_MEMORY_LIMIT).
    #[command(hide = true)]
    TaskRun {
        /// The worker's name, stored on the task.
        #[arg(long)]
        worker_name: String,
        /// Bytes this process may allocate.
        #[arg(long)]
        memory_limit: u64,
        task: i64,
        attempt: i32,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from the first line of standard input.
    Create {
        username: String,
        #[arg(long, default_value = "")]
        email: String,
        /// Make the user an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Set a user's password, read from the first line of standard input.
    Passwd { username: String },
    /// List users.
    List,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Command::Generator(args) = cli.command {
        return match generator::run(args) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("genui generator: {e:#}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let mut config = match Config::from_process_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("genui: invalid configuration: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Err(e) = apply_flags(&mut config, &cli.command) {
        eprintln!("genui: invalid option: {e}");
        return std::process::ExitCode::from(2);
    }
    if let Command::TaskRun { memory_limit, .. } = &cli.command {
        // The data segment (heap and anonymous mappings) of this process only.
        if let Err(e) = rlimit::setrlimit(rlimit::Resource::DATA, *memory_limit, *memory_limit) {
            eprintln!("genui: cannot limit the task's memory: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    run::init_tracing(&config);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("genui: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(config, cli.command)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("genui: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Command-line flags override the environment.
fn apply_flags(config: &mut Config, command: &Command) -> Result<(), config::ConfigError> {
    match command {
        Command::Serve {
            bind: Some(bind), ..
        } => config.bind = *bind,
        Command::Worker {
            queues,
            concurrency,
            name,
        } => {
            if let Some(q) = queues {
                config.worker.queues = parse_queues(q, "-Q/--queues")?;
            }
            if let Some(c) = concurrency {
                config.worker.concurrency = *c;
            }
            if let Some(n) = name {
                config.worker.name = n.clone();
            }
        }
        Command::TaskRun { worker_name, .. } => config.worker.name = worker_name.clone(),
        _ => {}
    }
    Ok(())
}

async fn dispatch(config: Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { no_worker, .. } => run::serve(config, !no_worker).await,
        Command::Worker { .. } => run::worker(config).await,
        Command::Migrate => run::migrate(config).await,
        Command::User { command } => run::user(config, command).await,
        Command::Config => {
            println!("{}", config.render());
            Ok(())
        }
        Command::TaskRun { task, attempt, .. } => run::task_run(config, task, attempt).await,
        Command::Generator(_) => unreachable!("handled before the configuration is read"),
    }
}
