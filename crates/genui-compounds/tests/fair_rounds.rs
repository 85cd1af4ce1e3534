//! A small import is not stuck behind a huge one: both process their records
//! on the process's shared thread pool at once, and the small one ends long
//! before the huge one does.

use std::time::{Duration, Instant};

use genui_compounds::{process_all, Record, Structure};

fn records(n: u64, smiles: &str) -> Vec<Record> {
    (0..n)
        .map(|position| Record {
            position,
            name: None,
            structure: Structure::Smiles(smiles.to_owned()),
            activities: Vec::new(),
            extra: Vec::new(),
        })
        .collect()
}

#[test]
fn a_small_import_is_not_stuck_behind_a_huge_one() {
    let huge = records(3_000, "O=C(NCCO)c1ccc(-c2ccncc2)cc1");
    let small = records(8, "CC(=O)Nc1ccc(O)cc1");
    let started = Instant::now();
    let huge_import = std::thread::spawn(move || {
        let results = process_all(huge, &|| false, &|_| {}).expect("not cancelled");
        assert!(results.iter().all(Result::is_ok));
        started.elapsed()
    });
    std::thread::sleep(Duration::from_millis(300));
    let small_started = Instant::now();
    let results = process_all(small, &|| false, &|_| {}).expect("not cancelled");
    let small_took = small_started.elapsed();
    let huge_took = huge_import.join().expect("huge import");
    assert_eq!(results.len(), 8);
    assert!(
        small_took * 4 < huge_took,
        "the small import took {small_took:?}, the huge one {huge_took:?}"
    );
}
