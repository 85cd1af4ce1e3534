//! The deployment files (`deploy/`): every compose file parses as a compose file, the topology
//! keeps the database and the queue private, no secret is committed, every variable is
//! documented, and `set_env.sh` generates the secrets. (No Docker engine runs here; the
//! network-namespace cluster test exercises the same topology natively.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use docker_compose_types::{Command as ComposeCommand, Compose, Ports, Service};

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(deploy_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const COMPOSE_FILES: [&str; 5] = [
    "docker-compose.yml",
    "docker-compose-worker.yml",
    "docker-compose-node-main.yml",
    "docker-compose-node-worker.yml",
    "docker-compose-worker-gpu.yml",
];
const ENV_FILES: [&str; 4] = ["quickstart.env", "prod.env", "debug.env", "prod-worker.env"];
const SECRETS: [&str; 3] = [
    "POSTGRES_PASSWORD",
    "REDIS_PASSWORD",
    "GENUI_BACKEND_SECRET",
];

fn compose(name: &str) -> Compose {
    serde_yaml::from_str(&read(name))
        .unwrap_or_else(|e| panic!("{name} is not a compose file: {e}"))
}

fn service(file: &Compose, name: &str) -> Service {
    file.services
        .0
        .get(name)
        .cloned()
        .flatten()
        .unwrap_or_else(|| panic!("no service {name}"))
}

fn published(service: &Service) -> Vec<String> {
    match &service.ports {
        Ports::Short(ports) => ports.clone(),
        Ports::Long(ports) => ports.iter().map(|p| format!("{:?}", p)).collect(),
    }
}

/// `${NAME}`, `${NAME:-default}`, `${NAME:?message}` references (not `$${…}` escapes).
fn variables(text: &str) -> BTreeSet<(String, bool)> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(start) = text[i..].find("${") {
        let at = i + start;
        i = at + 2;
        if at > 0 && bytes[at - 1] == b'$' {
            continue;
        }
        let rest = &text[at + 2..];
        let end = rest.find('}').expect("closed reference");
        let inner = &rest[..end];
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        found.insert((name, inner.contains(":-")));
    }
    found
}

fn env_names(name: &str) -> BTreeSet<String> {
    read(name)
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.starts_with('#'))
        .collect()
}

#[test]
fn every_compose_file_parses_and_pins_its_images() {
    for name in COMPOSE_FILES {
        let file = compose(name);
        assert!(!file.services.0.is_empty(), "{name} has services");
        for (service_name, service) in &file.services.0 {
            let Some(image) = service.as_ref().and_then(|s| s.image.clone()) else {
                continue;
            };
            let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
            assert!(
                image.starts_with("genui:")
                    || image.starts_with("genui-gpu:")
                    || tag.chars().next().is_some_and(|c| c.is_ascii_digit()),
                "{name}: {service_name} uses {image}: third-party images are pinned to a version"
            );
        }
    }
}

#[test]
fn the_database_and_the_queue_are_private_except_on_a_main_node_lan_address() {
    let single = compose("docker-compose.yml");
    for private in ["db", "redis", "app"] {
        assert!(
            published(&service(&single, private)).is_empty(),
            "{private} publishes no port on a single host"
        );
    }
    assert_eq!(published(&service(&single, "nginx")), ["80:80", "443:443"]);
    let Some(ComposeCommand::Args(redis)) = service(&single, "redis").command else {
        panic!("redis has an argument list");
    };
    assert!(redis.iter().any(|a| a == "--requirepass"), "{redis:?}");

    let main = compose("docker-compose-node-main.yml");
    for (name, port) in [("db", "5432"), ("redis", "6379")] {
        let ports = published(&service(&main, name));
        assert_eq!(ports.len(), 1, "{name}: {ports:?}");
        assert!(
            ports[0].starts_with("${GENUI_PUBLISH_ADDRESS:?")
                && ports[0].ends_with(&format!(":{port}")),
            "{name} is published on the LAN address only: {ports:?}"
        );
    }
}

#[test]
fn genui_containers_run_as_the_mapped_user_with_the_data_mount() {
    let single = compose("docker-compose.yml");
    let worker = compose("docker-compose-worker.yml");
    for service in [service(&single, "app"), service(&worker, "worker")] {
        let user = service.user.clone().expect("a user");
        assert!(
            user.starts_with("${GENUI_USER_ID:?") && user.contains("${GENUI_USER_GROUP_ID:?"),
            "{user}"
        );
        let volumes = format!("{:?}", service.volumes);
        assert!(volumes.contains("${GENUI_DATA_MOUNT:?"), "{volumes}");
        assert!(
            !volumes.contains("shadow"),
            "password hashes are never mounted: {volumes}"
        );
    }
    let dockerfile =
        std::fs::read_to_string(deploy_dir().join("../Dockerfile")).expect("Dockerfile");
    let stages: Vec<&str> = dockerfile.split("\nFROM ").skip(1).collect();
    assert!(
        stages
            .last()
            .is_some_and(|s| s.starts_with("runtime-libraries AS runtime\n")),
        "a plain build makes the default image"
    );
    for stage in stages.iter().filter(|s| s.contains(" AS runtime")) {
        let user = stage.lines().rev().find(|l| l.starts_with("USER "));
        assert!(
            user.is_none_or(|u| u == "USER 1000:1000"),
            "runtime stages end unprivileged: {stage}"
        );
        assert!(
            !stage.contains("librdkit-dev"),
            "no build tools at run time"
        );
    }
    // The GPU image runs the binary built with the `gpu` feature, with every CUDA library that
    // binary links (cudart for candle's kernels; nvrtc, cuBLAS and cuRAND for cudarc).
    let stage = |name: &str| {
        stages
            .iter()
            .find(|s| {
                s.lines()
                    .next()
                    .is_some_and(|l| l.ends_with(&format!(" AS {name}")))
            })
            .unwrap_or_else(|| panic!("no {name} stage"))
    };
    assert!(
        stage("build-gpu").contains("cargo build --release --locked -p genui-cli --features gpu")
    );
    let gpu = stage("runtime-gpu");
    assert!(gpu.contains("COPY --from=build-gpu /usr/local/bin/genui"));
    for library in ["cuda-cudart-", "cuda-nvrtc-", "libcublas-", "libcurand-"] {
        assert!(gpu.contains(library), "runtime-gpu installs {library}");
    }
    assert!(stage("runtime").contains("COPY --from=build /usr/local/bin/genui"));
}

#[test]
fn no_secret_is_committed_and_every_variable_is_known_and_documented() {
    let readme = std::fs::read_to_string(deploy_dir().join("../README.md")).expect("README");
    let mut defined = BTreeSet::new();
    for name in ENV_FILES {
        let text = read(name);
        for secret in SECRETS {
            assert!(
                text.lines().any(|l| l == format!("{secret}=")),
                "{name} leaves {secret} empty for set_env.sh to fill"
            );
        }
        for var in env_names(name) {
            assert!(
                readme.contains(&format!("`{var}`")),
                "{var} (from {name}) is in the README"
            );
            defined.insert(var);
        }
    }
    let mut texts: Vec<String> = COMPOSE_FILES.iter().map(|f| read(f)).collect();
    texts.push(read("config/nginx/templates/genui.conf.template"));
    for text in &texts {
        for (var, has_default) in variables(text) {
            assert!(
                has_default || defined.contains(&var),
                "${{{var}}} is required by a compose file but set in no environment file"
            );
            assert!(
                readme.contains(&format!("`{var}`")),
                "{var} is in the README"
            );
        }
    }
}

#[test]
fn nginx_redirects_to_https_and_streams_task_events() {
    let conf = read("config/nginx/templates/genui.conf.template");
    assert!(conf.contains("return 301 https://$host$request_uri;"));
    assert!(conf.contains("ssl_certificate     /etc/nginx/certs/${GENUI_BACKEND_HOST}.crt;"));
    let events = conf
        .split("location = /api/tasks/events")
        .nth(1)
        .expect("an event-stream location");
    let block = &events[..events.find('}').expect("closed")];
    assert!(block.contains("proxy_buffering off;"), "{block}");
    assert!(conf.contains("client_max_body_size 1g;"));
    assert!(conf.contains("Strict-Transport-Security"));
    // The app learns the client's address from nginx, and trusts only the compose network.
    assert!(conf.contains("proxy_set_header X-Real-IP $remote_addr;"));
    let app = read("docker-compose.yml");
    let trusted = app
        .lines()
        .find_map(|l| l.trim().strip_prefix("GENUI_TRUSTED_PROXIES: "))
        .expect("the app trusts nginx's forwarding headers");
    assert!(trusted.contains("172.16.0.0/12"), "{trusted}");
}

#[test]
fn set_env_generates_secrets_once_and_refuses_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ENV_FILES.iter().chain(&["set_env.sh"]) {
        std::fs::copy(deploy_dir().join(name), dir.path().join(name)).expect("copy");
    }
    let env = dir.path().join("prod-worker.env");
    let text = read("prod-worker.env")
        .replace("GENUI_USER=\n", "GENUI_USER=chemist\n")
        .replace("GENUI_USER_ID=\n", "GENUI_USER_ID=1234\n")
        .replace("GENUI_USER_GROUP=\n", "GENUI_USER_GROUP=chemists\n")
        .replace("GENUI_USER_GROUP_ID=\n", "GENUI_USER_GROUP_ID=1234\n");
    std::fs::write(&env, text).expect("write");
    let run = |file: &str| {
        Command::new("bash")
            .arg(dir.path().join("set_env.sh"))
            .arg(file)
            .current_dir(dir.path())
            .output()
            .expect("bash runs")
    };
    let first = run("prod-worker.env");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let generated = std::fs::read_to_string(dir.path().join(".env")).expect(".env");
    let value = |text: &str, name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")).map(str::to_owned))
            .expect("set")
    };
    for secret in SECRETS {
        assert!(value(&generated, secret).len() >= 32, "{secret} generated");
    }
    assert_eq!(value(&generated, "GENUI_USER_ID"), "1234");
    let secret = value(&generated, "GENUI_BACKEND_SECRET");
    assert!(run("prod-worker.env").status.success());
    let again = std::fs::read_to_string(dir.path().join(".env")).expect(".env");
    assert_eq!(
        value(&again, "GENUI_BACKEND_SECRET"),
        secret,
        "secrets are kept"
    );

    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.path().join("secrets.env"))
            .expect("secrets")
            .permissions(),
    );
    assert_eq!(mode & 0o077, 0, "secrets.env is private");
    let missing = run("nothing.env");
    assert!(!missing.status.success());

    let as_root = read("prod-worker.env").replace("GENUI_USER_ID=\n", "GENUI_USER_ID=0\n");
    std::fs::write(dir.path().join("root.env"), as_root).expect("write");
    let refused = run("root.env");
    assert!(!refused.status.success(), "containers never run as root");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("would run as root"));
    assert!(!dir.path().join(".env").exists(), "no .env is left behind");
}
