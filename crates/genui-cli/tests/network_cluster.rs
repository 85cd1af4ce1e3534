//! The cluster deployment on real hosts: three network namespaces (`main`, `worker1`,
//! `worker2`) joined by veth pairs on a bridge in `main`, which runs PostgreSQL, Redis with a
//! password, `genui serve` and nginx with a self-signed certificate (deploy/'s template); the
//! workers run `genui worker` against `main`'s address with a shared data directory. Over
//! https, from a fourth end of the bridge, a user imports a compound set (the worker running it
//! is stopped in the middle and hands it back), builds a QSAR model and a map.
//!
//! Needs root (network namespaces) and Debian's nginx, PostgreSQL, Redis and openssl (installed
//! by `GENUI_WITH_TEST_DEPS=1 scripts/install-deps.sh`); skipped with a note where namespaces
//! cannot be created.

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{read_log, spawn_command, Api, Proc, BIN};

use reqwest::Method;
use serde_json::{json, Value};

const PASSWORD: &str = "cluster-test-password-4d1c";
const HOST: &str = "genui.test";
const GENUI_UID: u32 = 4242;

/// Runs a command to completion; its stderr on failure.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn must(program: &str, args: &[&str]) {
    run(program, args).unwrap_or_else(|e| panic!("{e}"));
}

/// The test's network: namespaces and the root end of the bridge, removed when dropped.
struct Network {
    namespaces: Vec<String>,
    root_link: String,
    subnet: String,
}

impl Network {
    fn address(&self, host: u8) -> String {
        format!("{}.{host}", self.subnet)
    }

    fn main(&self) -> &str {
        &self.namespaces[0]
    }

    /// `main` with a bridge, `worker1`, `worker2`, and a link from here (the client).
    fn create(id: u32) -> Result<Self, String> {
        let mut network = Self {
            namespaces: Vec::new(),
            root_link: format!("gr{id}b"),
            subnet: format!("10.77.{}", id % 250),
        };
        for role in ["m", "w1", "w2"] {
            let name = format!("genui-{role}-{id}");
            run("ip", &["netns", "add", &name])?;
            network.namespaces.push(name.clone());
            run("ip", &["-n", &name, "link", "set", "lo", "up"])?;
        }
        let main = network.main().to_owned();
        run("ip", &["-n", &main, "link", "add", "br0", "type", "bridge"])?;
        let gateway = format!("{}/24", network.address(1));
        run("ip", &["-n", &main, "addr", "add", &gateway, "dev", "br0"])?;
        run("ip", &["-n", &main, "link", "set", "br0", "up"])?;
        let ends: [(Option<&str>, String, u8); 3] = [
            (Some(&network.namespaces[1]), format!("gw1{id}"), 11),
            (Some(&network.namespaces[2]), format!("gw2{id}"), 12),
            (None, format!("gr{id}"), 100),
        ];
        for (namespace, link, host) in ends {
            let (bridge_end, far_end) = (format!("{link}a"), format!("{link}b"));
            run(
                "ip",
                &[
                    "link",
                    "add",
                    &bridge_end,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    &far_end,
                ],
            )?;
            run("ip", &["link", "set", &bridge_end, "netns", &main])?;
            run(
                "ip",
                &[
                    "-n",
                    &main,
                    "link",
                    "set",
                    &bridge_end,
                    "master",
                    "br0",
                    "up",
                ],
            )?;
            let address = format!("{}/24", network.address(host));
            let mut scope: Vec<String> = Vec::new();
            if let Some(ns) = namespace {
                run("ip", &["link", "set", &far_end, "netns", ns])?;
                scope = vec!["-n".into(), ns.into()];
            }
            for rest in [
                vec!["addr", "add", address.as_str(), "dev", far_end.as_str()],
                vec!["link", "set", far_end.as_str(), "up"],
            ] {
                let args: Vec<&str> = scope.iter().map(String::as_str).chain(rest).collect();
                run("ip", &args)?;
            }
        }
        Ok(network)
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        let _ = run("ip", &["link", "del", &self.root_link]);
        for ns in &self.namespaces {
            let _ = run("ip", &["netns", "del", ns]);
        }
    }
}

/// `program args` inside a namespace, logging to `<logs>/<name>.log`, killed when dropped.
fn spawn_in(
    ns: &str,
    name: &str,
    program: &[&str],
    env: &BTreeMap<String, String>,
    logs: &Path,
) -> Proc {
    let mut env = env.clone();
    env.insert("PATH".into(), "/usr/sbin:/usr/bin:/sbin:/bin".into());
    let mut command = Command::new("ip");
    command.args(["netns", "exec", ns]).args(program);
    spawn_command(name, &mut command, &env, logs)
}

fn postgres_bin(tool: &str) -> PathBuf {
    let versions = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (GENUI_WITH_TEST_DEPS=1 scripts/install-deps.sh)");
    let mut dirs: Vec<PathBuf> = versions.filter_map(|d| d.ok().map(|d| d.path())).collect();
    dirs.sort();
    dirs.last()
        .expect("a PostgreSQL version")
        .join("bin")
        .join(tool)
}

/// deploy/'s nginx template for this host: upstream on main's loopback, certificates in
/// `dir`; Debian 12's nginx 1.22 takes HTTP/2 on `listen` rather than `http2 on`.
fn nginx_config(dir: &Path) -> String {
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy/config/nginx/templates/genui.conf.template"),
    )
    .expect("template");
    let site = template
        .replace("${GENUI_BACKEND_HOST}", HOST)
        .replace("http://app:8000", "http://127.0.0.1:8000")
        .replace("/etc/nginx/certs/", &format!("{}/", dir.display()))
        .replace("    http2 on;\n", "")
        .replace("listen 443 ssl;", "listen 443 ssl http2;")
        .replace("listen [::]:443 ssl;", "listen [::]:443 ssl http2;");
    let d = dir.display();
    format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log;\n\
         events {{}}\nhttp {{\n  access_log {d}/nginx-access.log;\n  \
         client_body_temp_path {d}/nginx-body;\n  proxy_temp_path {d}/nginx-proxy;\n  \
         types {{ application/json json; }}\n{site}\n}}\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_three_host_cluster_behind_nginx_survives_a_killed_worker() {
    let id = std::process::id() % 100_000;
    let probe = format!("genui-probe-{id}");
    if let Err(why) = run("ip", &["netns", "add", &probe]) {
        eprintln!("note: network namespaces cannot be created here ({why}); skipping the three-host cluster test");
        return;
    }
    must("ip", &["netns", "del", &probe]);
    for tool in ["nginx", "redis-server", "openssl", "setpriv"] {
        assert!(
            run("sh", &["-c", &format!("command -v {tool}")]).is_ok(),
            "{tool} is missing: run GENUI_WITH_TEST_DEPS=1 scripts/install-deps.sh"
        );
    }

    let network = Network::create(id).unwrap_or_else(|e| panic!("creating the network: {e}"));
    let base = tempfile::tempdir().expect("base dir");
    let dir = base.path();
    must("chmod", &["755", &dir.display().to_string()]);
    let logs = dir;
    let main = network.main().to_owned();
    let main_ip = network.address(1);

    // PostgreSQL as its own user, listening on main's address only, password required.
    let pg = dir.join("pg");
    let pg_dir = pg.display().to_string();
    must(
        "install",
        &[
            "-d", "-o", "postgres", "-g", "postgres", "-m", "700", &pg_dir,
        ],
    );
    let pwfile = dir.join("pgpass");
    std::fs::write(&pwfile, PASSWORD).expect("password file");
    must("chmod", &["644", &pwfile.display().to_string()]);
    let as_postgres = [
        "setpriv",
        "--reuid=postgres",
        "--regid=postgres",
        "--init-groups",
    ];
    let initdb = postgres_bin("initdb").display().to_string();
    let pwfile_arg = format!("--pwfile={}", pwfile.display());
    must(
        as_postgres[0],
        &[
            &as_postgres[1..],
            &[
                &initdb,
                "-D",
                &pg_dir,
                "-U",
                "genui",
                &pwfile_arg,
                "-A",
                "scram-sha-256",
            ],
        ]
        .concat(),
    );
    let hba = pg.join("pg_hba.conf");
    let mut rules = std::fs::read_to_string(&hba).expect("pg_hba");
    rules.push_str(&format!(
        "host all all {}.0/24 scram-sha-256\n",
        network.subnet
    ));
    std::fs::write(&hba, rules).expect("pg_hba");
    let postgres = postgres_bin("postgres").display().to_string();
    let listen = format!("listen_addresses={main_ip}");
    let sockets = format!("unix_socket_directories={pg_dir}");
    let no_env = BTreeMap::new();
    let mut services = vec![spawn_in(
        &main,
        "postgres",
        &[
            &as_postgres[..],
            &[
                &postgres,
                "-D",
                &pg_dir,
                "-c",
                &listen,
                "-c",
                &sockets,
                "-c",
                "fsync=off",
            ],
        ]
        .concat(),
        &no_env,
        logs,
    )];
    services.push(spawn_in(
        &main,
        "redis",
        &[
            "redis-server",
            "--bind",
            &main_ip,
            "--port",
            "6379",
            "--requirepass",
            PASSWORD,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            &dir.display().to_string(),
        ],
        &no_env,
        logs,
    ));

    // nginx with a self-signed certificate for the public host name.
    let (crt, key) = (
        dir.join(format!("{HOST}.crt")),
        dir.join(format!("{HOST}.key")),
    );
    must(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            &format!("/CN={HOST}"),
            "-addext",
            &format!("subjectAltName=DNS:{HOST}"),
            // rustls accepts a self-signed server certificate only when it is not a CA.
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
            "-keyout",
            &key.display().to_string(),
            "-out",
            &crt.display().to_string(),
        ],
    );
    for temp in ["nginx-body", "nginx-proxy"] {
        std::fs::create_dir(dir.join(temp)).expect("nginx temp dir");
    }
    let nginx_conf = dir.join("nginx.conf");
    std::fs::write(&nginx_conf, nginx_config(dir)).expect("nginx.conf");
    let conf_arg = nginx_conf.display().to_string();
    let test = Command::new("ip")
        .args(["netns", "exec", &main, "nginx", "-t", "-c", &conf_arg])
        .output()
        .expect("nginx -t");
    assert!(
        test.status.success(),
        "deploy/'s nginx template does not load: {}",
        String::from_utf8_lossy(&test.stderr)
    );
    services.push(spawn_in(
        &main,
        "nginx",
        &["nginx", "-c", &conf_arg],
        &no_env,
        logs,
    ));

    let data = dir.join("data");
    std::fs::create_dir(&data).expect("shared data dir");
    // GenUI runs as an unprivileged user (as GENUI_USER_ID in the containers), which owns
    // the shared data directory.
    must(
        "chown",
        &[
            &format!("{GENUI_UID}:{GENUI_UID}"),
            &data.display().to_string(),
        ],
    );
    let (uid, gid) = (
        format!("--reuid={GENUI_UID}"),
        format!("--regid={GENUI_UID}"),
    );
    let as_genui = ["setpriv", &uid, &gid, "--clear-groups", BIN];
    let env: BTreeMap<String, String> = [
        ("POSTGRES_HOST", main_ip.as_str()),
        ("POSTGRES_DB", "postgres"),
        ("POSTGRES_USER", "genui"),
        ("POSTGRES_PASSWORD", PASSWORD),
        ("REDIS_HOST", main_ip.as_str()),
        ("REDIS_PASSWORD", PASSWORD),
        ("GENUI_DATA_MOUNT", &data.display().to_string()),
        ("GENUI_MODE", "prod"),
        (
            "GENUI_BACKEND_SECRET",
            "cluster-test-secret-0123456789abcdef",
        ),
        ("GENUI_BACKEND_PROTOCOL", "https"),
        ("GENUI_BACKEND_HOST", HOST),
        ("GENUI_BACKEND_PORT", "443"),
        ("GENUI_TASK_LEASE_SECS", "3"),
        ("RUST_LOG", "info"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let mut server = spawn_in(
        &main,
        "server",
        &[
            &as_genui[..],
            &["serve", "--no-worker", "--bind", "127.0.0.1:8000"],
        ]
        .concat(),
        &env,
        logs,
    );

    let certificate =
        reqwest::Certificate::from_pem(&std::fs::read(&crt).expect("certificate")).expect("pem");
    let nginx_address: SocketAddr = format!("{main_ip}:443").parse().expect("address");
    let client = reqwest::Client::builder()
        .add_root_certificate(certificate)
        .resolve(HOST, nginx_address)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut api = Api {
        base: format!("https://{HOST}"),
        client: client.clone(),
        token: None,
    };
    wait_ready(&api, &mut server, logs).await;

    let workers = vec![
        spawn_in(
            &network.namespaces[1],
            "worker1",
            &[&as_genui[..], &["worker", "-n", "worker1", "-c", "1"]].concat(),
            &env,
            logs,
        ),
        spawn_in(
            &network.namespaces[2],
            "worker2",
            &[&as_genui[..], &["worker", "-n", "worker2", "-c", "1"]].concat(),
            &env,
            logs,
        ),
    ];

    // The same name on port 80 (a resolve override carries its port).
    let plain = reqwest::Client::builder()
        .resolve(HOST, format!("{main_ip}:80").parse().expect("address"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(format!("http://{HOST}/api/health"))
        .send()
        .await
        .expect("http");
    assert_eq!(plain.status(), 301, "plain HTTP is redirected");
    assert_eq!(
        plain.headers()["location"],
        format!("https://{HOST}/api/health")
    );

    api.login_new_user("cluster-chemist").await;
    let (s, project) = api
        .call(
            Method::POST,
            "/api/projects",
            Some(json!({"name": "on three hosts"})),
        )
        .await;
    assert_eq!(s, 201, "{project}");
    let project = project["id"].as_i64().expect("id");

    // A compound set through nginx; the worker that takes the import is killed mid-task.
    let csv = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/A5.csv.gz"))
        .expect("testdata/A5.csv.gz");
    let form = reqwest::multipart::Form::new()
        .text("project_id", project.to_string())
        .text("name", "5-HT1D")
        .text("smiles_column", "smiles")
        .text("activity_column", "STANDARD_VALUE")
        .text("activity_type", "pKi-9")
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv).file_name("A5.csv.gz"),
        );
    let response = client
        .post(format!("https://{HOST}/api/compound-sets/csv"))
        .header(
            "Authorization",
            format!("Token {}", api.token.as_deref().expect("token")),
        )
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), 202);
    let set: Value = response.json().await.expect("set");
    let import = set["task_id"].as_i64().expect("task");
    let taken_by = wait_task(&api, import, 60, logs, |t| {
        (t["status"] == "started")
            .then(|| t["worker_name"].as_str().map(str::to_owned))
            .flatten()
    })
    .await;
    // The worker is stopped as an operator or systemd stops it (SIGTERM): it hands the import
    // back and the other finishes it. (A worker that dies instead uses the import's one
    // attempt up: an import that crashed its worker is not handed to the next.)
    let victim = usize::from(!taken_by.starts_with("worker1"));
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &workers[victim].child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(stopped.success());
    let finished = wait_task(&api, import, 180, logs, |t| {
        (t["status"] != "started" && t["status"] != "pending").then(|| t.clone())
    })
    .await;
    assert_eq!(finished["status"], "success", "{finished}");
    let survivor = if victim == 0 { "worker2" } else { "worker1" };
    assert!(
        finished["worker_name"]
            .as_str()
            .is_some_and(|w| w.starts_with(survivor)),
        "the surviving worker finished the import: {finished}"
    );
    assert_eq!(
        finished["attempts"], 1,
        "the handed-back attempt is not counted: {finished}"
    );
    let set_id = set["id"].as_i64().expect("set id");
    let (_, set) = api
        .call(Method::GET, &format!("/api/compound-sets/{set_id}"), None)
        .await;
    let molecules = set["molecule_count"].as_i64().expect("count");
    assert!(molecules > 1000, "{set}");
    let (_, activity_sets) = api
        .call(
            Method::GET,
            &format!("/api/activity-sets?compound_set_id={set_id}"),
            None,
        )
        .await;
    let activity_set = activity_sets["results"][0]["id"]
        .as_i64()
        .expect("activities");

    // A QSAR model and a map, built by the remaining worker.
    let (s, model) = api
        .call(
            Method::POST,
            "/api/qsar/models",
            Some(
                json!({"project_id": project, "name": "forest", "activity_set_id": activity_set,
                "activity_type": "pKi-9", "mode": "regression", "algorithm": "random_forest",
                "parameters": {"n_trees": 30}, "validation": {"folds": 3, "test_fraction": 0.2}}),
            ),
        )
        .await;
    assert_eq!(s, 202, "{model}");
    let (s, map) = api
        .call(
            Method::POST,
            "/api/maps",
            Some(json!({"project_id": project, "name": "chemical space", "compound_set_ids": [set_id],
                "algorithm": "pca"})),
        )
        .await;
    assert_eq!(s, 202, "{map}");
    for task in [&model["task_id"], &map["task_id"]] {
        let done = wait_task(&api, task.as_i64().expect("task"), 300, logs, |t| {
            (t["status"] != "started" && t["status"] != "pending").then(|| t.clone())
        })
        .await;
        assert_eq!(done["status"], "success", "{done}");
    }
    let (_, performance) = api
        .call(
            Method::GET,
            &format!("/api/qsar/models/{}/performance", model["id"]),
            None,
        )
        .await;
    assert!(
        performance["cross_validation"]["mean"]["r2"]
            .as_f64()
            .is_some(),
        "{performance}"
    );
    let (s, points) = api
        .call(
            Method::GET,
            &format!("/api/maps/{}/points", map["id"]),
            None,
        )
        .await;
    assert_eq!(s, 200, "{points}");
    assert_eq!(points["count"].as_i64(), Some(molecules));

    drop(workers);
    drop(server);
    drop(services);
    let mut owners = BTreeMap::new();
    count_owners(&data, &mut owners);
    assert!(
        owners.values().sum::<usize>() > 1,
        "files were written: {owners:?}"
    );
    assert_eq!(
        owners.keys().copied().collect::<Vec<_>>(),
        [GENUI_UID],
        "every file on the data mount belongs to GenUI's user"
    );
}

fn count_owners(dir: &Path, owners: &mut BTreeMap<u32, usize>) {
    for entry in std::fs::read_dir(dir).expect("data dir") {
        let entry = entry.expect("entry");
        let meta = entry.metadata().expect("metadata");
        *owners
            .entry(std::os::unix::fs::MetadataExt::uid(&meta))
            .or_default() += 1;
        if meta.is_dir() {
            count_owners(&entry.path(), owners);
        }
    }
}

async fn wait_ready(api: &Api, server: &mut Proc, logs: &Path) {
    let mut last = String::new();
    for _ in 0..300 {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!(
                "genui serve exited with {status}: {}",
                read_log(logs, "server")
            );
        }
        match api
            .client
            .get(format!("{}/api/ready", api.base))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => return,
            Ok(r) => last = format!("HTTP {}", r.status()),
            Err(e) => last = format!("{e:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "not ready through nginx: {last}\n--- server\n{}\n--- nginx\n{}",
        read_log(logs, "server"),
        std::fs::read_to_string(logs.join("nginx-error.log")).unwrap_or_default()
    );
}

/// Polls a task until `check` returns something.
async fn wait_task<T>(
    api: &Api,
    id: i64,
    secs: u64,
    logs: &Path,
    check: impl Fn(&Value) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let (s, task) = api
            .call(Method::GET, &format!("/api/tasks/{id}"), None)
            .await;
        assert_eq!(s, 200, "{task}");
        if let Some(found) = check(&task) {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "task {id}: {task}\n--- server\n{}\n--- worker1\n{}\n--- worker2\n{}",
            read_log(logs, "server"),
            read_log(logs, "worker1"),
            read_log(logs, "worker2")
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
