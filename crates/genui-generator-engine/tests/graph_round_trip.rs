//! Graph tables hold whole molecules: 10,000 MOSES molecules, each grown from its largest
//! combination of BRICS fragments (or from nothing when it has none), decode back to their
//! canonical SMILES, and the fragment steps decode to the fragments.

mod common;

use genui_chem::Molecule;
use genui_generator_engine::fragments::Fragmenter;
use genui_generator_engine::graph::GraphCoder;
use rayon::prelude::*;

#[test]
fn ten_thousand_moses_molecules_survive_encoding_and_decoding() {
    let smiles = common::moses(10_000);
    assert_eq!(smiles.len(), 10_000);
    let fragmenter = Fragmenter::default();
    let coder = GraphCoder::default();
    let outcomes: Vec<(bool, Option<String>)> = smiles
        .par_iter()
        .map(|s| {
            let mol = Molecule::from_smiles(s).expect("MOSES molecules parse");
            let fragments = fragmenter
                .pairs(s)
                .expect("fragments")
                .pop()
                .map(|p| p.fragments)
                .unwrap_or_default();
            let decoded = coder
                .encode(&mol, &fragments)
                .and_then(|steps| coder.decode(&steps));
            let expected = (
                Molecule::from_smiles(&fragments)
                    .and_then(|f| f.to_smiles())
                    .unwrap_or_default(),
                mol.to_smiles().expect("SMILES"),
            );
            let mismatch = match decoded {
                Ok(d) if (d.fragments.clone(), d.molecule.clone()) == expected => None,
                other => Some(format!("{s} from {fragments:?}: {other:?}")),
            };
            (!fragments.is_empty(), mismatch)
        })
        .collect();
    let with_fragments = outcomes.iter().filter(|(with, _)| *with).count();
    let mismatches: Vec<String> = outcomes.into_iter().filter_map(|(_, m)| m).collect();
    assert!(
        mismatches.is_empty(),
        "{} of 10,000 differ, e.g.\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    assert!(
        with_fragments > 9_000,
        "most have fragments ({with_fragments})"
    );
}
