//! ChEMBL structure pipeline port against `testdata/golden/standardized.tsv.gz`
//! (chembl_structure_pipeline 1.2.2 on Debian's python3-rdkit; the
//! checker's InChI checks there use inchi_main 1.03, as ours use InChI 1.03).

mod common;

use common::{golden, Inputs};
use genui_chem::standardize::{check, parent, standardize, without_coordinates};
use genui_chem::Molecule;
use rayon::prelude::*;

/// Rows allowed to differ, with the reason. Empty: every row agrees.
const EXCEPTIONS: &[(&str, usize, &str)] = &[];

struct Outcome {
    tag: String,
    compared_std: bool,
    std_mismatch: Option<String>,
    checker_mismatch: Option<String>,
}

fn input(inputs: &Inputs, source: &str, index: usize) -> genui_chem::Result<Molecule> {
    match source {
        "bzr_2d" => without_coordinates(&inputs.molecule("bzr", index)?),
        _ => inputs.molecule(source, index),
    }
}

fn format_issues(mol: &Molecule) -> String {
    match check(mol) {
        Ok(issues) => issues
            .iter()
            .map(|i| format!("{}:{}", i.score, i.message.replace('|', "/")))
            .collect::<Vec<_>>()
            .join("|"),
        Err(e) => format!("error: {e}"),
    }
}

fn compare(inputs: &Inputs, row: &common::GoldenRow) -> Outcome {
    let source = row["source"].as_str();
    let index: usize = row["index"].parse().expect("index");
    let tag = format!("{source}#{index}");
    let mut out = Outcome {
        tag: tag.clone(),
        compared_std: false,
        std_mismatch: None,
        checker_mismatch: None,
    };
    let parsed = input(inputs, source, index);
    if row["parsed"] != "1" {
        if parsed.is_ok() {
            out.std_mismatch = Some(format!("{tag}: parses here but not in RDKit-Python"));
        }
        return out;
    }
    let mol = match parsed {
        Ok(mol) => mol,
        Err(e) => {
            out.std_mismatch = Some(format!("{tag}: does not parse here: {e}"));
            return out;
        }
    };
    if !row["error"].starts_with("checker:") {
        let issues = format_issues(&mol);
        if issues != row["checker"] {
            out.checker_mismatch =
                Some(format!("{tag}: checker {issues:?} != {:?}", row["checker"]));
        }
    }
    out.compared_std = true;
    let golden_failed = row["standardized"].is_empty() && row["error"].contains("standardizer:");
    let got = standardize(&mol).and_then(|std| {
        let p = parent(&std)?;
        Ok((std.to_smiles()?, p.molecule.to_smiles()?, p.excluded))
    });
    out.std_mismatch = match (got, golden_failed) {
        (Err(_), true) => None,
        (Err(e), false) => Some(format!("{tag}: {e}, golden {}", row["standardized"])),
        (Ok(got), true) => Some(format!(
            "{tag}: {got:?} but golden failed: {}",
            row["error"]
        )),
        (Ok((std, par, excl)), false) => {
            let golden = (
                row["standardized"].as_str(),
                row["parent"].as_str(),
                row["exclude"] == "1",
            );
            ((std.as_str(), par.as_str(), excl) != golden)
                .then(|| format!("{tag}: ({std}, {par}, {excl}) != {golden:?}"))
        }
    };
    out
}

#[test]
fn standardize_parent_and_checker_match_chembl_pipeline() {
    let inputs = Inputs::load();
    let rows = golden("standardized.tsv.gz");
    let outcomes: Vec<Outcome> = rows.par_iter().map(|row| compare(&inputs, row)).collect();
    let excepted = |tag: &str| EXCEPTIONS.iter().any(|(s, i, _)| tag == format!("{s}#{i}"));
    let compared = outcomes.iter().filter(|o| o.compared_std).count();
    let std_bad: Vec<&String> = outcomes
        .iter()
        .filter(|o| !excepted(&o.tag))
        .filter_map(|o| o.std_mismatch.as_ref())
        .collect();
    let chk_bad: Vec<&String> = outcomes
        .iter()
        .filter(|o| !excepted(&o.tag))
        .filter_map(|o| o.checker_mismatch.as_ref())
        .collect();
    eprintln!(
        "standardize: {} rows, {compared} standardized and checked, {} standardize/parent mismatches, {} checker mismatches",
        rows.len(),
        std_bad.len(),
        chk_bad.len()
    );
    let show = |v: &[&String]| {
        v.iter()
            .take(15)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(compared > 7_000, "only {compared} rows compared");
    assert!(
        std_bad.is_empty(),
        "{} standardize/parent mismatches:\n{}",
        std_bad.len(),
        show(&std_bad)
    );
    assert!(
        chk_bad.is_empty(),
        "{} checker mismatches:\n{}",
        chk_bad.len(),
        show(&chk_bad)
    );
}

#[test]
fn pipeline_examples() {
    let smiles = |s: &str| Molecule::from_smiles(s).expect("valid input");
    // Neutralized, then water and the chloride stripped (values from the
    // Python pipeline).
    let std = standardize(&smiles("c1ccccc1CC[NH3+].O.[Cl-]")).expect("valid input");
    assert_eq!(std.to_smiles().expect("valid input"), "Cl.NCCc1ccccc1.O");
    let p = parent(&std).expect("valid input");
    assert_eq!(p.molecule.to_smiles().expect("valid input"), "NCCc1ccccc1");
    assert!(!p.excluded);
    // Nitro normalized to the charge-separated form.
    assert_eq!(
        standardize(&smiles("CN(=O)=O"))
            .expect("valid input")
            .to_smiles()
            .expect("valid input"),
        "C[N+](=O)[O-]"
    );
    // Metals exclude.
    let pt = parent(&standardize(&smiles("Cl[Pt]Cl")).expect("valid input")).expect("valid input");
    assert!(pt.excluded);
    // A clean molecule has no checker issues.
    assert!(check(&smiles("CCO")).expect("valid input").is_empty());
    let tautomer =
        genui_chem::standardize::canonical_tautomer(&smiles("Oc1ccccn1")).expect("valid input");
    assert_eq!(tautomer.to_smiles().expect("valid input"), "O=c1cccc[nH]1");
}
