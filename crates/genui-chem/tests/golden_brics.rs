//! BRICS decomposition against RDKit-Python's `BRICS.BRICSDecompose` (same RDKit build) on the
//! first 2,000 MOSES test molecules: the leaf fragments that fragment-based generators learn
//! to grow molecules from must be exactly RDKit's.

mod common;

use common::{assert_no_mismatches, golden};
use genui_chem::{brics, Molecule};

#[test]
fn brics_decomposition_matches_rdkit() {
    let rows = golden("brics_moses_test.tsv.gz");
    assert_eq!(rows.len(), 2000, "the golden file covers 2,000 molecules");
    let mut mismatches = Vec::new();
    let mut cut = 0;
    for row in &rows {
        let smiles = row.get("smiles");
        let mol = Molecule::from_smiles(smiles).expect("MOSES molecules parse");
        let fragments = brics::brics_decompose(&mol).expect("BRICS decomposition");
        cut += usize::from(fragments.len() > 1);
        let ours = fragments.join(" ");
        if ours != row.get("fragments") {
            mismatches.push(format!(
                "{smiles}: ours {ours} vs RDKit {}",
                row.get("fragments")
            ));
        }
    }
    assert_no_mismatches("BRICS fragments", rows.len(), &mismatches);
    assert!(cut > 1900, "most MOSES molecules have BRICS bonds ({cut})");
}
