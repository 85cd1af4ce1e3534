//! The 5-HT1A data set (`testdata/AS1.csv.gz`) as model input, shared by the
//! acceptance test and the benchmarks.

// Each includer reads different fields (fingerprints, SMILES or both).
#![allow(dead_code)]

use std::collections::BTreeMap;

use genui_chem::fingerprint::FingerprintKind;
use genui_chem::Molecule;
use genui_ml::BitMatrix;

/// Morgan r2/2048 fingerprints and median pKi, sorted by canonical SMILES.
pub struct Dataset {
    pub smiles: Vec<String>,
    pub x: BitMatrix,
    pub pki: Vec<f64>,
}

/// pKi = STANDARD_VALUE + 9; repeated measurements merged by their median.
pub fn as1() -> Dataset {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/AS1.csv.gz");
    let file = std::fs::File::open(path).expect("AS1.csv.gz");
    let mut reader = csv::Reader::from_reader(flate2::read::GzDecoder::new(file));
    let mut values: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("row");
        let value: f64 = record[1].parse().expect("STANDARD_VALUE");
        let canonical = Molecule::from_smiles(&record[2])
            .and_then(|m| m.to_smiles())
            .expect("AS1 SMILES parse");
        values.entry(canonical).or_default().push(value + 9.0);
    }
    let mut words = Vec::new();
    let mut pki = Vec::new();
    let smiles: Vec<String> = values.keys().cloned().collect();
    for (smiles, mut v) in values {
        v.sort_by(f64::total_cmp);
        let median = if v.len() % 2 == 1 {
            v[v.len() / 2]
        } else {
            (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
        };
        let fp = FingerprintKind::ECFP4
            .compute(&Molecule::from_smiles(&smiles).expect("canonical"))
            .expect("fingerprint");
        words.push(fp.words().to_vec());
        pki.push(median);
    }
    let rows: Vec<&[u64]> = words.iter().map(Vec::as_slice).collect();
    Dataset {
        smiles,
        x: BitMatrix::from_words(2048, &rows).expect("matrix"),
        pki,
    }
}
