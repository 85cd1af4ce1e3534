//! Bad input never panics, aborts or hangs: it becomes a typed error.

use genui_chem::fingerprint::FingerprintKind;
use genui_chem::sdf::SdfReader;
use genui_chem::substructure::QuerySpec;
use genui_chem::{ChemError, Molecule};

fn smiles_error(smiles: &str) -> String {
    match Molecule::from_smiles(smiles) {
        Err(ChemError::InvalidSmiles { reason, .. }) => reason,
        other => panic!("{smiles:?} should be rejected, got {other:?}"),
    }
}

#[test]
fn broken_smiles_are_rejected_with_the_reason() {
    assert_eq!(
        smiles_error("C1CCC"),
        "ring bond 1 is opened but never closed"
    );
    assert!(
        smiles_error("CN(C)(C)(C)C").contains("valence"),
        "impossible valence names valence"
    );
    assert!(
        smiles_error("c1cccc1").contains("kekulize"),
        "wrong aromaticity names kekulization"
    );
    assert!(smiles_error("C(C").contains("never closed"));
    assert_eq!(smiles_error(""), "empty input");
    assert_eq!(smiles_error("   "), "empty input");
    assert!(smiles_error("CC\0C").contains("NUL"));
    assert!(smiles_error("[Xx]").starts_with("syntax error"));
}

#[test]
fn garbage_and_huge_inputs_are_rejected_quickly() {
    let garbage =
        String::from_utf8_lossy(&(0..=255u8).cycle().take(5000).collect::<Vec<_>>()).into_owned();
    assert!(Molecule::from_smiles(&garbage).is_err());
    let huge = "C".repeat(1 << 20);
    assert!(
        smiles_error(&huge).contains("more than"),
        "1 MB strings are refused before RDKit sees them"
    );
    // Found by fuzzing: RDKit's kekulization is exponential in aromatic rings of dummies.
    let dummies = format!(
        "C1ccc(Cl)s(S(=O)(=O){})*{}1",
        "*".repeat(30),
        "*".repeat(30)
    );
    assert!(smiles_error(&dummies).contains("dummy atoms"));
    assert!(
        Molecule::from_smiles("*c1ccccc1*").is_ok(),
        "a few dummy atoms are fine"
    );
    // RDKit's cost grows with the cube of a chain's length: refuse giants.
    assert!(smiles_error(&"C".repeat(1500)).contains("atoms"));
    assert!(
        Molecule::from_smiles(&"C".repeat(300)).is_ok(),
        "long but legal inputs still parse"
    );
    let big_block = "title\n\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\nM  V30 COUNTS 1500 1499 0 0 0\n";
    assert!(
        matches!(Molecule::from_molblock(big_block), Err(ChemError::InvalidMolBlock { reason }) if reason.contains("atoms"))
    );
    assert!(matches!(
        QuerySpec::smarts("[C;").compile(),
        Err(ChemError::InvalidSmarts { .. })
    ));
    assert!(matches!(
        QuerySpec::smarts("").compile(),
        Err(ChemError::InvalidSmarts { .. })
    ));
    assert!(Molecule::from_molblock("not a mol block").is_err());
    assert!(Molecule::from_molblock("").is_err());
}

#[test]
fn truncated_and_broken_sd_records_fail_alone() {
    let good = Molecule::from_smiles("c1ccccc1O")
        .expect("phenol")
        .to_molblock("phenol")
        .expect("block");
    let truncated: String = good.lines().take(6).collect::<Vec<_>>().join("\n");
    let file =
        format!("{good}>  <A>\n1\n\n$$$$\n{truncated}\n$$$$\n\x00\x01garbage\n$$$$\n{good}$$$$\n");
    let results: Vec<_> = SdfReader::new(file.as_bytes())
        .records()
        .map(|r| r.expect("io"))
        .collect();
    assert_eq!(results.len(), 4);
    assert!(results[0].is_ok());
    let errors: Vec<usize> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.index))
        .collect();
    assert_eq!(errors, vec![1, 2]);
    assert!(results[3].as_ref().is_ok_and(|r| r.title == "phenol"));
}

#[test]
fn bad_fingerprint_parameters_are_rejected() {
    let mol = Molecule::from_smiles("CCO").expect("ethanol");
    let bad = [
        FingerprintKind::Morgan {
            radius: 2,
            n_bits: 0,
            chirality: false,
            features: false,
        },
        FingerprintKind::Morgan {
            radius: 99,
            n_bits: 2048,
            chirality: false,
            features: false,
        },
        FingerprintKind::RdkitPath {
            min_path: 3,
            max_path: 2,
            n_bits: 2048,
        },
    ];
    for kind in bad {
        assert!(
            matches!(kind.compute(&mol), Err(ChemError::InvalidArgument(_))),
            "{kind:?}"
        );
    }
}

#[test]
fn out_of_range_highlights_are_errors_not_crashes() {
    let mol = Molecule::from_smiles("CCO").expect("ethanol");
    let options = genui_chem::depict::SvgOptions {
        highlight_atoms: vec![7],
        ..Default::default()
    };
    assert!(genui_chem::depict::to_svg(&mol, &options).is_err());
    let options = genui_chem::depict::SvgOptions {
        width: 0,
        ..Default::default()
    };
    assert!(genui_chem::depict::to_svg(&mol, &options).is_err());
}

#[test]
fn a_record_without_atoms_has_a_parent_and_no_crash() {
    // Found by the sdf_import fuzz target: the fragment parent of a molecule with no atoms
    // dereferenced the end of an empty list (SEGV in standardize.cc).
    let empty =
        "empty\n     RDKit          2D\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n";
    let record = SdfReader::new(empty.as_bytes())
        .records()
        .next()
        .expect("one record")
        .expect("io")
        .expect("an empty mol block parses");
    let parent = genui_chem::standardize::parent(&record.molecule).expect("a parent");
    assert_eq!(parent.molecule.num_atoms(), 0);
}
