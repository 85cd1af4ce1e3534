//! Compound-set benchmark through a real `genui serve` (embedded SQLite,
//! in-process worker): imports the first N MOSES SMILES as a CSV upload, end
//! to end, then times substructure and similarity searches over the set, and
//! similarity over `COPIES` × N stored fingerprints (the set's rows copied
//! into more sets in the database), then builds a PCA map of the set and
//! times serving its points. Prints figures; not a timed test.
//!
//! cargo bench -p genui-cli --bench compound_import -- [N] [COPIES] [CSV.gz]
//! (default 100000, 10, ../shared/data/moses/train.csv.gz; see testdata/README.md)

mod common;

use std::time::Instant;

use serde_json::{json, Value};

const PROPERTIES: &str = "mw, exact_mw, logp, mr, tpsa, hbd, hba, rotatable_bonds, heavy_atoms, \
    hetero_atoms, formal_charge, rings, aromatic_rings, aliphatic_rings, saturated_rings, \
    heterocycles, aromatic_heterocycles, aliphatic_heterocycles, saturated_heterocycles, \
    carbocycles, aromatic_carbocycles, aliphatic_carbocycles, saturated_carbocycles, \
    fraction_csp3, spiro_atoms, bridgehead_atoms, amide_bonds, valence_electrons, bertz_ct, qed, sa_score";

async fn timed_search(server: &common::Server, body: Value) -> (f64, Value) {
    let start = Instant::now();
    let response: Value = server
        .http
        .post(format!("{}/api/molecules/search", server.base))
        .header("Authorization", &server.auth)
        .json(&body)
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("search body");
    (start.elapsed().as_secs_f64() * 1e3, response)
}

#[tokio::main]
async fn main() {
    let args = common::args();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let copies: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let path = args.get(2).cloned().unwrap_or_else(common::moses_train);
    let csv = common::first_rows(&path, n);

    let server = common::Server::start(env!("CARGO_BIN_EXE_genui")).await;
    let project = server.project("bench").await;

    let start = Instant::now();
    let set = server.upload_csv(project, "moses", csv).await;
    let set_id = set["id"].as_i64().expect("set id");
    let task = server.finished(&set["task_id"]).await;
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(task["status"], "success", "import failed: {task}");
    println!(
        "import of {n} SMILES (CSV upload → stored set, end to end): {seconds:.1} s = {:.0} molecules/s; \
         imported {}, merged {}, rejected {}; server peak RSS {:.0} MiB",
        n as f64 / seconds,
        task["result"]["imported"],
        task["result"]["duplicates_merged"],
        task["result"]["rejected"],
        server.peak_memory_mib()
    );

    for query in ["c1ccccc1", "C(=O)N", "c1ccc2[nH]ccc2c1", "[#6]S(=O)(=O)N"] {
        let body =
            json!({"compound_set_id": set_id, "substructure": {"query": query}, "page_size": 50});
        let (cold, _) = timed_search(&server, body.clone()).await;
        let (warm, hits) = timed_search(&server, body).await;
        println!(
            "substructure {query} over {n}: {} hits, {warm:.0} ms (first search, with index load: {cold:.0} ms)",
            hits["count"]
        );
    }

    // More stored fingerprints: copy the set's rows into further imported sets.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", server.database().display()))
        .await
        .expect("database");
    for copy in 1..copies {
        let now = chrono::Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO compound_sets (project_id, name, description, source_kind, source, \
             revision, molecule_count, imported_at, created_at, updated_at) \
             SELECT project_id, name || ' copy ' || $1, '', source_kind, source, 1, molecule_count, \
             $2, $2, $2 FROM compound_sets WHERE id = $3 RETURNING id",
        )
        .bind(copy as i64)
        .bind(now)
        .bind(set_id)
        .fetch_one(&db)
        .await
        .expect("copy set");
        sqlx::query(&format!(
            "INSERT INTO molecules (compound_set_id, project_id, name, smiles, inchi, inchikey, \
             source_positions, extra, fingerprint, screen, {PROPERTIES}) \
             SELECT $1, project_id, name, smiles, inchi, inchikey, source_positions, extra, \
             fingerprint, screen, {PROPERTIES} FROM molecules WHERE compound_set_id = $2"
        ))
        .bind(id)
        .bind(set_id)
        .execute(&db)
        .await
        .expect("copy molecules");
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM molecules")
        .fetch_one(&db)
        .await
        .expect("count");
    for (label, body) in [
        (
            "top 10",
            json!({"project_id": project, "similarity": {"smiles": "CC(=O)Nc1ccc(O)cc1", "top_k": 10}}),
        ),
        (
            "Tanimoto ≥ 0.7",
            json!({"project_id": project, "similarity": {"smiles": "CC(=O)Nc1ccc(O)cc1", "threshold": 0.7}}),
        ),
    ] {
        let (cold, _) = timed_search(&server, body.clone()).await;
        let mut warm = Vec::new();
        let mut hits = Value::Null;
        for _ in 0..5 {
            let (ms, answer) = timed_search(&server, body.clone()).await;
            warm.push(ms);
            hits = answer;
        }
        warm.sort_by(f64::total_cmp);
        println!(
            "similarity {label} over {total} stored fingerprints: {} hits, median {:.0} ms (first search, loading the indexes: {cold:.0} ms)",
            hits["count"], warm[2]
        );
    }

    // A map of the set, and its points as the UI loads them.
    let start = Instant::now();
    let map: Value = server
        .http
        .post(format!("{}/api/maps", server.base))
        .header("Authorization", &server.auth)
        .json(&json!({"project_id": project, "name": "moses", "compound_set_ids": [set_id], "algorithm": "pca"}))
        .send()
        .await
        .expect("map")
        .json()
        .await
        .expect("map body");
    let task = server.finished(&map["task_id"]).await;
    assert_eq!(task["status"], "success", "map failed: {task}");
    println!(
        "PCA map of {n} molecules (ECFP4): {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let url = format!(
        "{}/api/maps/{}/points?properties=mw,logp,qed",
        server.base, map["id"]
    );
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let body = server
            .http
            .get(&url)
            .header("Authorization", &server.auth)
            .send()
            .await
            .expect("points")
            .bytes()
            .await
            .expect("points body");
        times.push(start.elapsed().as_secs_f64() * 1e3);
        bytes = body.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "points of the map with 3 properties: median {:.0} ms over 5 calls, {:.1} MB of JSON",
        times[2],
        bytes as f64 / 1e6
    );
    println!("server peak RSS {:.0} MiB", server.peak_memory_mib());
}
