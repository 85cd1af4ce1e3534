use super::*;

fn env(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn err(pairs: &[(&str, &str)]) -> ConfigError {
    Config::from_env(&env(pairs)).expect_err("configuration should be rejected")
}

#[test]
fn an_empty_environment_gives_the_embedded_defaults() {
    let c = Config::from_env(&env(&[])).expect("defaults are valid");
    assert_eq!(c.mode, Mode::Debug);
    assert_eq!(c.data_dir, PathBuf::from("./genui-data"));
    assert_eq!(
        c.database,
        DatabaseConfig::Sqlite {
            path: PathBuf::from("./genui-data/genui.sqlite3")
        }
    );
    assert!(c.redis.is_none());
    assert_eq!(c.bind.to_string(), "127.0.0.1:8000");
    assert_eq!(c.worker.queues, vec![Queue::Celery, Queue::Gpu]);
    assert_eq!(c.worker.concurrency, 0);
    assert!(c.concurrency() >= 1);
    assert_eq!(c.upload_limit, 1 << 30);
    assert_eq!(c.max_samples, 100_000);
    assert!(c.registration_enabled);
    assert!(!c.test_tasks);
    assert!(!c.https());
    assert_eq!(c.worker.task_memory, TaskMemory::Auto);
    assert!(c.worker.task_memory.limit().is_some_and(|n| n > 0));
}

#[test]
fn the_task_memory_limit_is_a_size_auto_or_off() {
    let memory = |v: &str| {
        Config::from_env(&env(&[("GENUI_TASK_MEMORY_LIMIT", v)])).map(|c| c.worker.task_memory)
    };
    assert_eq!(memory("2G"), Ok(TaskMemory::Bytes(2 << 30)));
    assert_eq!(memory("AUTO"), Ok(TaskMemory::Auto));
    assert_eq!(
        (memory("off"), memory("0")),
        (Ok(TaskMemory::Off), Ok(TaskMemory::Off))
    );
    assert_eq!(TaskMemory::Off.limit(), None);
    assert_eq!(
        err(&[("GENUI_TASK_MEMORY_LIMIT", "lots")]).variable,
        "GENUI_TASK_MEMORY_LIMIT"
    );
}

#[test]
fn auto_takes_three_quarters_of_the_machine_or_of_its_container() {
    let meminfo = "MemTotal:       16384000 kB\nMemFree:  1000 kB\n";
    let machine = 16_384_000 * 1024 / 4 * 3;
    assert_eq!(auto_limit(meminfo, []), Some(machine));
    assert_eq!(auto_limit(meminfo, ["max\n".to_owned()]), Some(machine));
    assert_eq!(
        auto_limit(meminfo, [(2_u64 << 30).to_string() + "\n"]),
        Some((2 << 30) / 4 * 3),
        "a container's limit"
    );
    assert_eq!(
        auto_limit(meminfo, [u64::MAX.to_string()]),
        Some(machine),
        "cgroup v1 without a limit"
    );
    assert_eq!(auto_limit("garbage", []), None);
}

#[test]
fn postgres_and_redis_variables_select_the_cluster_backends() {
    let c = Config::from_env(&env(&[
        ("POSTGRES_HOST", "db"),
        ("POSTGRES_DB", "gen"),
        ("POSTGRES_USER", "u"),
        ("POSTGRES_PASSWORD", "pw"),
        ("REDIS_HOST", "redis"),
        ("REDIS_PASSWORD", "rpw"),
    ]))
    .expect("valid");
    assert_eq!(
        c.database,
        DatabaseConfig::Postgres {
            host: "db".into(),
            port: 5432,
            database: "gen".into(),
            user: "u".into(),
            password: Some("pw".into())
        }
    );
    let r = c.redis.expect("redis");
    assert_eq!(
        (r.host.as_str(), r.port, r.password.as_deref()),
        ("redis", 6379, Some("rpw"))
    );
    assert_eq!(r.prefix, "genui");
}

#[test]
fn inconsistent_backend_variables_name_the_missing_one() {
    assert_eq!(err(&[("POSTGRES_DB", "x")]).variable, "POSTGRES_HOST");
    assert_eq!(err(&[("REDIS_PASSWORD", "x")]).variable, "REDIS_HOST");
    assert_eq!(
        err(&[("POSTGRES_HOST", "h"), ("POSTGRES_PORT", "nope")]).variable,
        "POSTGRES_PORT"
    );
}

#[test]
fn production_mode_requires_a_secret_and_a_host() {
    assert_eq!(
        err(&[("GENUI_MODE", "prod")]).variable,
        "GENUI_BACKEND_SECRET"
    );
    let e = err(&[
        ("GENUI_MODE", "stage"),
        ("GENUI_BACKEND_SECRET", "0123456789abcdef0"),
    ]);
    assert_eq!(e.variable, "GENUI_BACKEND_HOST");
    let c = Config::from_env(&env(&[
        ("GENUI_MODE", "prod"),
        ("GENUI_BACKEND_SECRET", "0123456789abcdef0"),
        ("GENUI_BACKEND_HOST", "genui.example.org"),
        ("GENUI_BACKEND_PROTOCOL", "https"),
        ("GENUI_BACKEND_PORT", "443"),
    ]))
    .expect("valid");
    assert!(c.https());
    assert_eq!(
        c.backend_url.map(|u| u.to_string()).as_deref(),
        Some("https://genui.example.org:443")
    );
}

#[test]
fn bad_values_are_rejected_with_their_variable() {
    let cases: &[(&str, &str)] = &[
        ("GENUI_MODE", "production-ish"),
        ("GENUI_BIND", "localhost"),
        ("GENUI_CELERY_QUEUES", "celery,cpu"),
        ("GENUI_CELERY_QUEUES", " , "),
        ("GENUI_CELERY_CONCURRENCY", "-1"),
        ("GENUI_TASK_LEASE_SECS", "0"),
        ("GENUI_REGISTRATION", "maybe"),
        ("GENUI_UPLOAD_LIMIT", "lots"),
        ("GENUI_BACKEND_PROTOCOL", "ftp"),
        ("GENUI_BACKEND_SECRET", "short"),
        ("GENUI_ENABLE_TEST_TASKS", "2"),
        ("GENUI_GENERATOR_MAX_SAMPLES", "0"),
        ("GENUI_GENERATOR_MAX_SAMPLES", "many"),
        ("GENUI_IMPORT_MAX_BYTES", "huge"),
        ("GENUI_IMPORT_MAX_RECORDS", "0"),
        ("GENUI_IMPORT_MAX_COLUMNS", "-3"),
        ("GENUI_TRUSTED_PROXIES", "nginx"),
    ];
    for (var, value) in cases {
        let e = err(&[(var, value)]);
        assert_eq!(&e.variable, var, "{var}={value} blamed {}", e.variable);
        assert!(e.to_string().starts_with(var));
    }
}

#[test]
fn worker_settings_and_sizes_parse() {
    let c = Config::from_env(&env(&[
        ("GENUI_CELERY_QUEUES", "gpu, gpu ,celery"),
        ("GENUI_CELERY_CONCURRENCY", "3"),
        ("GENUI_CELERY_NAME", "w1"),
        ("GENUI_UPLOAD_LIMIT", "512M"),
        ("GENUI_REGISTRATION", "false"),
        ("GENUI_GENERATOR_MAX_SAMPLES", "5000"),
        ("GENUI_IMPORT_MAX_BYTES", "2G"),
        ("GENUI_IMPORT_MAX_RECORD_BYTES", "64K"),
        ("GENUI_IMPORT_MAX_RECORDS", "5000"),
        ("GENUI_TRUSTED_PROXIES", "127.0.0.1, 172.16.0.0/12"),
    ]))
    .expect("valid");
    assert_eq!(c.max_samples, 5000);
    let limits = c.import_limits;
    assert_eq!(
        (
            limits.max_bytes,
            limits.max_record_bytes,
            limits.max_records
        ),
        (2 << 30, 64 << 10, 5000)
    );
    assert_eq!(limits.max_columns, ImportLimits::default().max_columns);
    assert_eq!(c.trusted_proxies.to_string(), "127.0.0.1/32,172.16.0.0/12");
    assert_eq!(c.worker.queues, vec![Queue::Gpu, Queue::Celery]);
    assert_eq!((c.concurrency(), c.worker.name.as_str()), (3, "w1"));
    assert_eq!(c.upload_limit, 512 << 20);
    assert!(!c.registration_enabled);
    assert_eq!(parse_size("1G", "X"), Ok(1 << 30));
    assert_eq!(parse_size("2kb", "X"), Ok(2048));
    assert!(parse_size("0", "X").is_err());
}

#[test]
fn render_masks_secrets() {
    let c = Config::from_env(&env(&[
        ("POSTGRES_HOST", "db"),
        ("POSTGRES_PASSWORD", "pg-secret-value"),
        ("REDIS_HOST", "r"),
        ("REDIS_PASSWORD", "redis-secret-value"),
        ("GENUI_BACKEND_SECRET", "backend-secret-value"),
    ]))
    .expect("valid");
    let text = c.render();
    for secret in [
        "pg-secret-value",
        "redis-secret-value",
        "backend-secret-value",
    ] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert!(text.contains("POSTGRES_PASSWORD=********"));
    let debug = format!("{c:?}");
    assert!(!debug.contains("pg-secret-value") && !debug.contains("backend-secret-value"));
    assert!(!debug.contains("redis-secret-value"));
}

#[test]
fn a_generated_secret_is_kept_in_the_data_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_string_lossy().into_owned();
    let c = Config::from_env(&env(&[("GENUI_DATA_MOUNT", &data)])).expect("valid");
    let first = resolve_secret(&c).expect("generated");
    assert_eq!(first.len(), 64);
    assert_eq!(resolve_secret(&c).expect("read back"), first);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.path().join("secret_key"))
            .expect("file")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
}
