//! The chemistry core against RDKit-Python (same RDKit build): parsing,
//! canonical SMILES, fingerprints, scaffolds, substructure search and SD
//! records must agree exactly.

mod common;

use common::{assert_no_mismatches, golden, ints, pairs, Inputs};
use genui_chem::fingerprint::{morgan_counts, morgan_sparse_counts, FingerprintKind};
use genui_chem::sdf::SdfReader;
use genui_chem::substructure::{search, search_canonical, QuerySpec};
use genui_chem::{scaffold, Molecule};

#[test]
fn parsing_and_canonical_smiles_match_rdkit() {
    let inputs = Inputs::load();
    let rows = golden("identifiers.tsv.gz");
    let mut mismatches = Vec::new();
    let mut failures_seen = 0;
    for row in &rows {
        let (source, index) = (row.source(), row.index());
        let Some(smiles) = inputs.smiles(source, index) else {
            continue;
        };
        let parsed = Molecule::from_smiles(smiles);
        match (row.get("parsed"), parsed) {
            ("1", Ok(mol)) => {
                let ours = mol.to_smiles().expect("SMILES");
                if ours != row.get("canonical_smiles") {
                    mismatches.push(format!(
                        "{source}#{index}: {ours} vs {}",
                        row.get("canonical_smiles")
                    ));
                }
            }
            ("0", Err(_)) => failures_seen += 1,
            (expected, ours) => mismatches.push(format!(
                "{source}#{index} {smiles}: RDKit parsed={expected}, ours={ours:?}"
            )),
        }
    }
    assert_no_mismatches("canonical SMILES", rows.len(), &mismatches);
    assert!(
        failures_seen > 0,
        "the messy NCI set has SMILES that RDKit rejects"
    );
}

#[test]
fn sparse_fingerprints_match_rdkit() {
    let inputs = Inputs::load();
    let rows = golden("fingerprints.tsv.gz");
    let mut mismatches = Vec::new();
    let bit_kinds = [
        ("morgan2_2048", FingerprintKind::ECFP4),
        (
            "morgan3_1024_chiral",
            FingerprintKind::Morgan {
                radius: 3,
                n_bits: 1024,
                chirality: true,
                features: false,
            },
        ),
        (
            "fcfp2_2048",
            FingerprintKind::Morgan {
                radius: 2,
                n_bits: 2048,
                chirality: false,
                features: true,
            },
        ),
        ("maccs", FingerprintKind::Maccs),
    ];
    for row in &rows {
        let (source, index) = (row.source(), row.index());
        let mol = inputs
            .molecule(source, index)
            .expect("golden molecules parse");
        for (column, kind) in &bit_kinds {
            let ours = kind.compute(&mol).expect("fingerprint").on_bits();
            if ours != ints(row.get(column)) {
                mismatches.push(format!("{source}#{index} {column}"));
            }
        }
        let counts: Vec<(u32, u32)> = morgan_counts(&mol, 2, 2048, false, false)
            .expect("counts")
            .iter()
            .map(|c| (c.bit, c.count))
            .collect();
        if counts != pairs(row.get("morgan2_counts_2048")) {
            mismatches.push(format!("{source}#{index} morgan2_counts_2048"));
        }
        if !row.get("sa_morgan_ids").is_empty() {
            let ids: Vec<(u32, u32)> = morgan_sparse_counts(&mol, 2)
                .expect("ids")
                .iter()
                .map(|c| (c.bit, c.count))
                .collect();
            if ids != pairs(row.get("sa_morgan_ids")) {
                mismatches.push(format!("{source}#{index} sa_morgan_ids"));
            }
        }
    }
    assert_no_mismatches("fingerprints", rows.len(), &mismatches);
}

#[test]
fn dense_fingerprints_match_rdkit() {
    let inputs = Inputs::load();
    let rows = golden("fingerprints_dense.tsv.gz");
    let kinds = [
        (
            "rdkit_path",
            FingerprintKind::RdkitPath {
                min_path: 1,
                max_path: 7,
                n_bits: 2048,
            },
        ),
        (
            "atom_pairs_2048",
            FingerprintKind::AtomPairs { n_bits: 2048 },
        ),
        ("pattern", FingerprintKind::Pattern { n_bits: 2048 }),
    ];
    let mut mismatches = Vec::new();
    for row in &rows {
        let mol = inputs
            .molecule(row.source(), row.index())
            .expect("golden molecules parse");
        for (column, kind) in &kinds {
            if kind.compute(&mol).expect("fingerprint").on_bits() != ints(row.get(column)) {
                mismatches.push(format!("{}#{} {column}", row.source(), row.index()));
            }
        }
    }
    assert_no_mismatches("dense fingerprints", rows.len(), &mismatches);
}

#[test]
fn scaffolds_match_rdkit() {
    let inputs = Inputs::load();
    let rows = golden("scaffolds.tsv.gz");
    let mut mismatches = Vec::new();
    for row in &rows {
        let (source, index) = (row.source(), row.index());
        let mol = inputs
            .molecule(source, index)
            .expect("golden molecules parse");
        let murcko = scaffold::murcko(&mol)
            .expect("scaffold")
            .to_smiles()
            .expect("SMILES");
        if murcko != row.get("murcko") {
            mismatches.push(format!(
                "{source}#{index} murcko {murcko} vs {}",
                row.get("murcko")
            ));
        }
        match (scaffold::generic(&mol), row.get("error")) {
            (Ok(generic), "") => {
                let generic = generic.to_smiles().expect("SMILES");
                if generic != row.get("generic") {
                    mismatches.push(format!(
                        "{source}#{index} generic {generic} vs {}",
                        row.get("generic")
                    ));
                }
            }
            (Err(_), error) if !error.is_empty() => {}
            (ours, theirs) => mismatches.push(format!(
                "{source}#{index} generic: ours {ours:?}, RDKit error {theirs:?}"
            )),
        }
    }
    assert_no_mismatches("scaffolds", rows.len(), &mismatches);
}

#[test]
fn substructure_search_matches_rdkit() {
    let moses = common::csv_column("moses_first_10k.csv.gz", "SMILES");
    let drugs = common::csv_column("chembl_drugs.csv.gz", "smiles");
    let rows = golden("substructure.tsv.gz");
    let mut mismatches = Vec::new();
    let mut prepared: std::collections::HashMap<String, (Vec<Option<Molecule>>, Option<Vec<_>>)> =
        Default::default();
    for row in &rows {
        let n: usize = row.get("n_targets").parse().expect("count");
        let targets = match row.get("target") {
            "moses" => &moses[..n],
            "chembl_drugs" => &drugs[..n],
            other => panic!("unknown target {other}"),
        };
        let mut spec = match row.get("query_kind") {
            "smarts" => QuerySpec::smarts(row.get("query")),
            _ => QuerySpec::smiles(row.get("query")),
        };
        spec.use_chirality = row.get("use_chirality") == "1";
        let expected: Vec<usize> = row
            .get("hit_indices")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("index"))
            .collect();
        // With and without the pattern-fingerprint screen.
        let (mols, screens) = prepared
            .entry(format!("{}:{n}", row.get("target")))
            .or_insert_with(|| {
                let mols: Vec<Option<Molecule>> = targets
                    .iter()
                    .map(|s| Molecule::from_smiles(s).ok())
                    .collect();
                let screens = mols
                    .iter()
                    .map(|m| {
                        m.as_ref().map(|m| {
                            genui_chem::substructure::screen_fingerprint(m).expect("screen")
                        })
                    })
                    .collect();
                (mols, screens)
            });
        let plain = search(&spec, targets, None).expect("search");
        if plain != expected {
            mismatches.push(format!(
                "{} on {}: {} hits vs {}",
                spec.text,
                row.get("target"),
                plain.len(),
                expected.len()
            ));
        }
        // Stored canonical SMILES read as trusted give the same hits.
        let canonical: Vec<String> = mols
            .iter()
            .map(|m| {
                m.as_ref()
                    .and_then(|m| m.to_smiles().ok())
                    .unwrap_or_default()
            })
            .collect();
        let trusted = search_canonical(&spec, &canonical, None).expect("canonical search");
        if trusted != expected {
            mismatches.push(format!(
                "{} on canonical SMILES: {} hits vs {}",
                spec.text,
                trusted.len(),
                expected.len()
            ));
        }
        if let Some(screens) = screens {
            let screened = search(&spec, targets, Some(screens)).expect("screened search");
            if screened != expected {
                mismatches.push(format!(
                    "{} screened: {} hits vs {}",
                    spec.text,
                    screened.len(),
                    expected.len()
                ));
            }
        }
        let query = spec.compile().expect("query");
        for entry in row.get("first5_matches").split_whitespace() {
            let (index, tuples) = entry.split_once(':').expect("idx:matches");
            let mol = mols[index.parse::<usize>().expect("index")]
                .as_ref()
                .expect("parsed");
            let theirs: Vec<Vec<u32>> = tuples
                .split(';')
                .map(|t| t.split(',').map(|a| a.parse().expect("atom")).collect())
                .collect();
            if query.matches(mol, 1000).expect("matches") != theirs {
                mismatches.push(format!("{} atoms of #{index}", spec.text));
            }
        }
    }
    assert_no_mismatches("substructure", rows.len(), &mismatches);
}

#[test]
fn sd_records_match_rdkit_supplier() {
    let rows = golden("sdf_records.tsv.gz");
    let mut mismatches = Vec::new();
    let mut by_file: std::collections::HashMap<String, Vec<genui_chem::sdf::RawSdfRecord>> =
        Default::default();
    for row in &rows {
        let file = row.get("file").to_owned();
        let records = by_file.entry(file.clone()).or_insert_with(|| {
            SdfReader::new(common::open_gz(&file))
                .map(|r| r.expect("readable"))
                .collect()
        });
        let raw = records[row.index()].clone();
        let expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(row.get("properties")).expect("json");
        let props: serde_json::Map<String, serde_json::Value> = raw
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        if props != expected {
            mismatches.push(format!(
                "{file}#{} properties {props:?} vs {expected:?}",
                row.index()
            ));
        }
        match raw.parse() {
            Ok(record) => {
                let smiles = record.molecule.to_smiles().expect("SMILES");
                if record.title != row.get("title") || smiles != row.get("canonical_smiles") {
                    mismatches.push(format!(
                        "{file}#{}: {:?} {smiles}",
                        row.index(),
                        record.title
                    ));
                }
            }
            Err(e) => mismatches.push(format!("{file}#{}: {e}", row.index())),
        }
    }
    for (file, records) in &by_file {
        let expected = rows.iter().filter(|r| r.get("file") == file).count();
        if records.len() != expected {
            mismatches.push(format!("{file}: {} records vs {expected}", records.len()));
        }
    }
    assert_no_mismatches("SD records", rows.len(), &mismatches);
}
