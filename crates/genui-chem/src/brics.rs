//! BRICS decomposition as RDKit-Python's `BRICS.BRICSDecompose` does it: BRICS' cleavage
//! reactions applied group by group until none matches, so that bonds which only become BRICS
//! bonds after an earlier cut are cut too, a cut C=C leaves single bonds to its dummies, and an
//! atom cut twice is labelled by the reaction that cut it first. Fragment-based generators learn
//! from exactly these fragments (DrugEx v3 calls `BRICSDecompose`).
//!
//! The atom environments and the pairs of them that a bond may join are BRICS' (Degen et al.,
//! ChemMedChem 2008, 3, 1503), in the form and order RDKit's `rdkit/Chem/BRICS.py` (BSD licence)
//! gives them, which decides the labels.

use std::collections::{HashSet, VecDeque};

use genui_chem_sys::reaction_ffi as ffi;
use genui_chem_sys::UniquePtr;

use crate::error::{RdkitResultExt, Result};
use crate::molecule::Molecule;

/// BRICS atom environments by label.
const ENVIRONMENTS: [(&str, &str); 18] = [
    ("1", "[C;D3]([#0,#6,#7,#8])(=O)"),
    ("3", "[O;D2]-;!@[#0,#6,#1]"),
    ("4", "[C;!D1;!$(C=*)]-;!@[#6]"),
    (
        "5",
        "[N;!D1;!$(N=*);!$(N-[!#6;!#16;!#0;!#1]);!$([N;R]@[C;R]=O)]",
    ),
    ("6", "[C;D3;!R](=O)-;!@[#0,#6,#7,#8]"),
    ("7a", "[C;D2,D3]-[#6]"),
    ("7b", "[C;D2,D3]-[#6]"),
    ("8", "[C;!R;!D1;!$(C!-*)]"),
    ("9", "[n;+0;$(n(:[c,n,o,s]):[c,n,o,s])]"),
    ("10", "[N;R;$(N(@C(=O))@[C,N,O,S])]"),
    ("11", "[S;D2](-;!@[#0,#6])"),
    ("12", "[S;D4]([#6,#0])(=O)(=O)"),
    ("13", "[C;$(C(-;@[C,N,O,S])-;@[N,O,S])]"),
    ("14", "[c;$(c(:[c,n,o,s]):[n,o,s])]"),
    ("14b", "[c;$(c(:[c,n,o,s]):[n,o,s])]"),
    ("15", "[C;$(C(-;@C)-;@C)]"),
    ("16", "[c;$(c(:c):c)]"),
    ("16b", "[c;$(c(:c):c)]"),
];

/// The bonds BRICS cuts, in groups applied one after the other: environment pairs and the bond
/// between them.
const REACTION_GROUPS: [&[(&str, &str, &str)]; 14] = [
    &[("1", "3", "-"), ("1", "5", "-"), ("1", "10", "-")],
    &[
        ("3", "4", "-"),
        ("3", "13", "-"),
        ("3", "14", "-"),
        ("3", "15", "-"),
        ("3", "16", "-"),
    ],
    &[("4", "5", "-"), ("4", "11", "-")],
    &[
        ("5", "12", "-"),
        ("5", "14", "-"),
        ("5", "16", "-"),
        ("5", "13", "-"),
        ("5", "15", "-"),
    ],
    &[
        ("6", "13", "-"),
        ("6", "14", "-"),
        ("6", "15", "-"),
        ("6", "16", "-"),
    ],
    &[("7a", "7b", "=")],
    &[
        ("8", "9", "-"),
        ("8", "10", "-"),
        ("8", "13", "-"),
        ("8", "14", "-"),
        ("8", "15", "-"),
        ("8", "16", "-"),
    ],
    &[
        ("9", "13", "-"),
        ("9", "14", "-"),
        ("9", "15", "-"),
        ("9", "16", "-"),
    ],
    &[
        ("10", "13", "-"),
        ("10", "14", "-"),
        ("10", "15", "-"),
        ("10", "16", "-"),
    ],
    &[
        ("11", "13", "-"),
        ("11", "14", "-"),
        ("11", "15", "-"),
        ("11", "16", "-"),
    ],
    &[("13", "14", "-"), ("13", "15", "-"), ("13", "16", "-")],
    &[("14", "14", "-"), ("14", "15", "-"), ("14", "16", "-")],
    &[("15", "16", "-")],
    &[("16", "16", "-")],
];

fn environment(label: &str) -> &'static str {
    ENVIRONMENTS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, smarts)| *smarts)
        .expect("every reaction names a known environment")
}

/// The cleavage reaction for a bond between two environments: each side keeps a dummy atom
/// labelled with its own environment's number, singly bonded.
fn reaction_smarts(first: &str, second: &str, bond: &str) -> String {
    let number = |label: &str| {
        label
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .to_owned()
    };
    format!(
        "[$({}):1]{bond};!@[$({}):2]>>[{}*]-[*:1].[{}*]-[*:2]",
        environment(first),
        environment(second),
        number(first),
        number(second)
    )
}

type ReactionGroups = Vec<Vec<UniquePtr<ffi::ChemicalReaction>>>;

fn compile_reactions() -> Result<ReactionGroups> {
    REACTION_GROUPS
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|&(first, second, bond)| {
                    ffi::reaction_from_smarts(&reaction_smarts(first, second, bond))
                        .during("compile a BRICS reaction")
                })
                .collect()
        })
        .collect()
}

thread_local! {
    // RDKit reactions are not shared between threads; each compiles them once.
    static REACTIONS: ReactionGroups = compile_reactions().expect("BRICS reactions compile");
}

/// The distinct BRICS leaf fragments of a molecule, each as canonical SMILES with its cut points
/// as labelled dummy atoms (`[16*]`), sorted: `BRICS.BRICSDecompose(mol)` with default arguments.
/// A molecule without BRICS bonds is its own only fragment.
pub fn brics_decompose(mol: &Molecule) -> Result<Vec<String>> {
    let start = mol.to_smiles()?;
    let mut seen: HashSet<String> = HashSet::from([start.clone()]);
    let mut pool: VecDeque<(String, Molecule)> = VecDeque::from([(start, mol.clone())]);
    REACTIONS.with(|groups| {
        for group in groups {
            let mut leaves = VecDeque::new();
            while let Some((smiles, current)) = pool.pop_front() {
                let mut cut = false;
                for reaction in group {
                    let reaction = reaction.as_ref().expect("compiled reactions are not null");
                    let product_sets = ffi::run_reactants(reaction, current.raw())
                        .during("apply a BRICS reaction")?;
                    for set in product_sets {
                        // Each product needs an atom besides its dummies.
                        let kept = set.smiles.iter().zip(&set.atoms).all(|(s, &atoms)| {
                            s.is_empty() || atoms as usize > s.matches('*').count()
                        });
                        if !kept {
                            continue;
                        }
                        cut = true;
                        for product in set.smiles.into_iter().filter(|s| !s.is_empty()) {
                            if seen.insert(product.clone()) {
                                let parsed = Molecule::from_smiles(&product)?;
                                pool.push_back((product, parsed));
                            }
                        }
                    }
                }
                if !cut {
                    leaves.push_back((smiles, current));
                }
            }
            pool = leaves;
        }
        let mut fragments: Vec<String> = pool.into_iter().map(|(smiles, _)| smiles).collect();
        fragments.sort();
        Ok(fragments)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompose(smiles: &str) -> Vec<String> {
        brics_decompose(&Molecule::from_smiles(smiles).expect("parses")).expect("decomposes")
    }

    #[test]
    fn rdkit_s_own_examples_decompose_the_same() {
        // The examples of RDKit's BRICSDecompose documentation.
        assert_eq!(
            decompose("CCCOCc1cc(c2ncccc2)ccc1"),
            [
                "[14*]c1ccccn1",
                "[16*]c1cccc([16*])c1",
                "[3*]O[3*]",
                "[4*]CCC",
                "[4*]C[8*]"
            ]
        );
        assert_eq!(
            decompose("CNC(=O)C1=NC=CC(OC2=CC=C(NC(=O)NC3=CC(=C(Cl)C=C3)C(F)(F)F)C=C2)=C1"),
            [
                "[1*]C([1*])=O",
                "[1*]C([6*])=O",
                "[14*]c1cc([16*])ccn1",
                "[16*]c1ccc(Cl)c([16*])c1",
                "[16*]c1ccc([16*])cc1",
                "[3*]O[3*]",
                "[5*]NC",
                "[5*]N[5*]",
                "[8*]C(F)(F)F"
            ]
        );
    }

    #[test]
    fn a_cut_double_bond_leaves_single_bonds_and_new_cuts() {
        assert_eq!(
            decompose("CC(C)=CC(=O)Oc1ccc2c(C)cc(=O)oc2c1"),
            [
                "[1*]C(=O)C[7*]",
                "[16*]c1ccc2c(C)cc(=O)oc2c1",
                "[3*]O[3*]",
                "[7*]C(C)C"
            ]
        );
    }

    #[test]
    fn molecules_without_brics_bonds_are_their_own_fragment() {
        assert_eq!(decompose("c1ccc2ccccc2c1"), ["c1ccc2ccccc2c1"]);
    }
}
