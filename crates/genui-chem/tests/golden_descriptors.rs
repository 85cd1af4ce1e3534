//! Every descriptor against RDKit-Python (same RDKit build):
//! `testdata/golden/descriptors.tsv.gz`. Counts must be equal; real values
//! must agree to 1e-9 relative (1e-12 absolute near zero).

mod common;

use common::{assert_no_mismatches, golden, Inputs};
use genui_chem::descriptors::{
    bertz_ct, descriptors, descriptors_screened, qed, sa_score, Descriptors,
};
use genui_chem::substructure::screen_fingerprint;
use rayon::prelude::*;

const RELATIVE: f64 = 1e-9;
const ABSOLUTE: f64 = 1e-12;

fn agrees(expected: f64, actual: f64) -> bool {
    (expected - actual).abs() <= ABSOLUTE.max(RELATIVE * expected.abs())
}

#[test]
fn every_descriptor_matches_rdkit_python() {
    let inputs = Inputs::load();
    let rows = golden("descriptors.tsv.gz");
    assert_eq!(rows.len(), 9291, "golden rows");

    // Golden rows are not Sync: copy out what each molecule needs.
    let cases: Vec<(String, usize, Vec<f64>)> = rows
        .iter()
        .map(|row| {
            let expected = Descriptors::NAMES
                .iter()
                .map(|&name| {
                    let field = row.get(name);
                    field.parse().unwrap_or_else(|_| {
                        panic!("{} {} {name}: {field:?}", row.source(), row.index())
                    })
                })
                .collect();
            (row.source().to_owned(), row.index(), expected)
        })
        .collect();
    // Per row: mismatch messages, and the relative error of each column.
    let outcomes: Vec<(Vec<String>, Vec<f64>)> = cases
        .par_iter()
        .map(|(source, index, expected)| {
            let label = format!("{source} {index}");
            let Ok(mol) = inputs.molecule(source, *index) else {
                return (
                    vec![format!("{label}: parsed by RDKit-Python but not by us")],
                    Vec::new(),
                );
            };
            let computed = match descriptors(&mol) {
                Ok(d) => d,
                Err(e) => return (vec![format!("{label}: {e}")], Vec::new()),
            };
            let mut mismatches = Vec::new();
            // With the molecule's pattern fingerprint, QED screens its alerts: same values.
            match screen_fingerprint(&mol).and_then(|s| descriptors_screened(&mol, Some(&s))) {
                Ok(screened) if screened == computed => {}
                other => mismatches.push(format!("{label}: screened {other:?} vs {computed:?}")),
            }
            // The standalone functions take other paths (no reuse of the
            // C++ descriptors; hydrogens removed for QED): check them on a
            // sample and wherever the graph holds hydrogen atoms.
            if index % 10 == 0 || mol.atoms().iter().any(|a| a.atomic_num == 1) {
                let standalone = [
                    ("qed", qed(&mol), computed.qed),
                    ("sa_score", sa_score(&mol), computed.sa_score),
                    ("bertz_ct", bertz_ct(&mol), computed.bertz_ct),
                ];
                for (name, value, bundled) in standalone {
                    match value {
                        Ok(v) if v == bundled => {}
                        other => mismatches.push(format!(
                            "{label} {name}: alone {other:?}, in the bundle {bundled}"
                        )),
                    }
                }
            }
            let mut errors = Vec::new();
            for ((name, actual), &expected) in computed.named().into_iter().zip(expected) {
                let same = if Descriptors::is_integer(name) {
                    expected == actual
                } else {
                    agrees(expected, actual)
                };
                if !same {
                    mismatches.push(format!("{label} {name}: RDKit {expected}, ours {actual}"));
                }
                errors.push((expected - actual).abs() / expected.abs().max(f64::MIN_POSITIVE));
            }
            (mismatches, errors)
        })
        .collect();

    let mut worst = [0f64; Descriptors::NAMES.len()];
    for (_, errors) in &outcomes {
        for (w, &e) in worst.iter_mut().zip(errors) {
            *w = w.max(e);
        }
    }
    let worst: Vec<String> = Descriptors::NAMES
        .iter()
        .zip(worst)
        .filter(|(name, _)| !Descriptors::is_integer(name))
        .map(|(name, w)| format!("{name} {w:.1e}"))
        .collect();
    eprintln!(
        "{} molecules compared; largest relative differences: {}",
        outcomes.len(),
        worst.join(", ")
    );

    let mismatches: Vec<String> = outcomes.into_iter().flat_map(|(m, _)| m).collect();
    let mut per_column: Vec<(&str, usize)> = Descriptors::NAMES
        .iter()
        .map(|&name| {
            (
                name,
                mismatches
                    .iter()
                    .filter(|m| m.contains(&format!(" {name}: ")))
                    .count(),
            )
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    per_column.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    assert_no_mismatches(
        &format!("descriptors (mismatches per column: {per_column:?})"),
        rows.len(),
        &mismatches,
    );
}

#[test]
fn named_values_follow_the_golden_columns() {
    let header: Vec<&str> = Descriptors::NAMES.to_vec();
    let rows = golden("descriptors.tsv.gz");
    for name in header {
        assert!(!rows[0].get(name).is_empty(), "golden has column {name}");
    }
}
