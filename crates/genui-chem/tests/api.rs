//! Behaviour of the safe API beyond what the golden files cover.

use genui_chem::depict::{to_svg, SvgOptions};
use genui_chem::fingerprint::{BitFingerprint, FingerprintKind};
use genui_chem::sdf::{SdfReader, SdfWriter};
use genui_chem::similarity::FingerprintIndex;
use genui_chem::substructure::QuerySpec;
use genui_chem::table::{preview, sniff_delimiter, TableReader};
use genui_chem::Molecule;
use rayon::prelude::*;

fn mol(smiles: &str) -> Molecule {
    Molecule::from_smiles(smiles).expect("valid SMILES")
}

#[test]
fn molecules_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Molecule>();
    let smiles = ["CCO", "c1ccccc1", "CC(=O)O", "C1CCCCC1N"];
    let mols: Vec<Molecule> = smiles.iter().map(|s| mol(s)).collect();
    let canonical: Vec<String> = mols
        .into_par_iter()
        .map(|m| m.to_smiles().expect("SMILES"))
        .collect();
    assert_eq!(canonical, vec!["CCO", "c1ccccc1", "CC(=O)O", "NC1CCCCC1"]);
}

#[test]
fn clones_are_independent_copies() {
    let original = mol("CC[C@H](N)O");
    let copy = original.clone();
    drop(original);
    assert_eq!(copy.to_smiles().expect("SMILES"), "CC[C@H](N)O");
}

#[test]
fn sdf_reader_tolerates_crlf_odd_tags_and_a_missing_terminator() {
    let block = mol("CCO").to_molblock("ethanol").expect("block");
    let text = format!(
        "{block}>  <ACTIVITY> (1)\n6.5\n\n>  25  (MD-1)\nodd\nmultiline\n\n$$$$\n{block}>  <X>\n\n"
    )
    .replace('\n', "\r\n");
    let records: Vec<_> = SdfReader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .expect("io");
    assert_eq!(records.len(), 2, "the last record has no $$$$");
    assert_eq!(records[0].title, "ethanol");
    assert_eq!(records[0].property("ACTIVITY"), Some("6.5"));
    assert_eq!(records[0].property("25  (MD-1)"), Some("odd\nmultiline"));
    assert_eq!(records[1].property("X"), Some(""));
    assert!(records.into_iter().all(|r| r.parse().is_ok()));
}

#[test]
fn sdf_round_trip_keeps_molecules_titles_and_properties() {
    let inputs = [
        ("aspirin", "CC(=O)Oc1ccccc1C(=O)O"),
        ("(S)-alanine", "C[C@H](N)C(=O)O"),
    ];
    let mut writer = SdfWriter::new(Vec::new());
    for (name, smiles) in inputs {
        writer
            .write(
                &mol(smiles),
                name,
                &[("SMILES", smiles), ("NOTE", "two\n\nlines")],
            )
            .expect("write");
    }
    let bytes = writer.into_inner();
    let records: Vec<_> = SdfReader::new(bytes.as_slice())
        .records()
        .map(|r| r.expect("io").expect("parse"))
        .collect();
    assert_eq!(records.len(), 2);
    for (record, (name, smiles)) in records.iter().zip(inputs) {
        assert_eq!(record.title, name);
        assert_eq!(
            record.molecule.to_smiles().expect("SMILES"),
            mol(smiles).to_smiles().expect("SMILES")
        );
        assert_eq!(
            record.properties,
            vec![
                ("SMILES".into(), smiles.into()),
                ("NOTE".into(), "two\nlines".into())
            ]
        );
    }
    let mut writer = SdfWriter::new(Vec::new());
    assert!(writer.write(&mol("C"), "x", &[("bad>tag", "1")]).is_err());
}

#[test]
fn tables_detect_separators_quotes_and_bom() {
    assert_eq!(sniff_delimiter(b"SMILES;NAME\nCCO;ethanol\n"), b';');
    assert_eq!(sniff_delimiter(b"SMILES\tNAME\nCCO\tethanol\n"), b'\t');
    assert_eq!(sniff_delimiter(b"SMILES,NAME\n\"C(C)O\",\"a, b\"\n"), b',');
    let text = "\u{feff}SMILES,NAME\n\"CC(=O)O\",\"acetic, acid\"\nCCO,ethanol\n";
    let mut table = TableReader::new(text.as_bytes(), b',').expect("table");
    assert_eq!(table.header(), ["SMILES", "NAME"]);
    assert_eq!(table.column("name"), Some(1));
    let rows: Vec<_> = table.rows().map(|r| r.expect("row")).collect();
    assert_eq!(rows[0].fields, ["CC(=O)O", "acetic, acid"]);
    assert_eq!((rows[0].line, rows[1].line), (2, 3));
    let shown = preview(text.as_bytes(), None, 1).expect("preview");
    assert_eq!((shown.delimiter, shown.rows.len()), (',', 1));
    assert!(TableReader::new(&b""[..], b',').is_err());
}

#[test]
fn similarity_search_ranks_by_tanimoto() {
    let smiles = [
        "c1ccccc1O",
        "c1ccccc1N",
        "CCCCCC",
        "c1ccccc1C(=O)O",
        "c1ccccc1O",
    ];
    let fps: Vec<BitFingerprint> = smiles
        .iter()
        .map(|s| FingerprintKind::ECFP4.compute(&mol(s)).expect("fp"))
        .collect();
    let mut index = FingerprintIndex::new(2048);
    for fp in &fps {
        index.push(fp).expect("same size");
    }
    let top = index.top_k(&fps[0], 3).expect("top-k");
    assert_eq!(top.iter().map(|h| h.index).collect::<Vec<_>>()[..2], [0, 4]);
    assert_eq!(top[0].similarity, 1.0);
    for window in top.windows(2) {
        assert!(window[0].similarity >= window[1].similarity);
    }
    let close = index.threshold(&fps[0], 0.3).expect("threshold");
    for hit in &close {
        assert!((hit.similarity - fps[0].tanimoto(&fps[hit.index])).abs() < 1e-12);
        assert!(hit.similarity >= 0.3);
    }
    assert!(
        !close.iter().any(|h| h.index == 2),
        "hexane is not like phenol"
    );
    let small = FingerprintKind::Morgan {
        radius: 2,
        n_bits: 1024,
        chirality: false,
        features: false,
    };
    assert!(index
        .top_k(&small.compute(&mol("C")).expect("fp"), 1)
        .is_err());
    assert!(index.threshold(&fps[0], 1.5).is_err());
}

#[test]
fn bit_fingerprints_convert_and_compare() {
    let fp = BitFingerprint::from_on_bits(&[1, 64, 200], 256).expect("bits");
    assert_eq!(fp.on_bits(), vec![1, 64, 200]);
    assert_eq!(
        BitFingerprint::from_words(fp.words().to_vec(), 256).expect("words"),
        fp
    );
    let other = BitFingerprint::from_on_bits(&[1, 64], 256).expect("bits");
    assert!(other.is_subset_of(&fp));
    assert!((fp.tanimoto(&other) - 2.0 / 3.0).abs() < 1e-12);
    assert!((fp.dice(&other) - 0.8).abs() < 1e-12);
    assert!(BitFingerprint::from_on_bits(&[300], 256).is_err());
}

#[test]
fn substructure_hits_are_highlighted_in_svg() {
    let phenol = mol("Oc1ccccc1");
    let query = QuerySpec::smarts("c[OX2H]").compile().expect("SMARTS");
    let atoms = query.matched_atoms(&phenol).expect("match");
    assert_eq!(atoms, vec![0, 1]);
    let svg = to_svg(
        &phenol,
        &SvgOptions {
            highlight_atoms: atoms,
            legend: "phenol".into(),
            ..Default::default()
        },
    )
    .expect("svg");
    assert!(svg.starts_with("<?xml") && svg.contains("</svg>"));
    assert!(svg.contains("class='legend'"), "legend is drawn");
    let plain = to_svg(&phenol, &SvgOptions::default()).expect("svg");
    assert_ne!(svg, plain, "highlighting changes the drawing");
}
