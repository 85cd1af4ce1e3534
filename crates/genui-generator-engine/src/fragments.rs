//! Fragment combinations of molecules, the training data of fragment-input generators as DrugEx v3
//! prepares it: a molecule's BRICS leaf fragments without their cut points, the largest few of
//! them, and every combination of those that the molecule contains, each paired with the molecule.
//!
//! Two of DrugEx's quirks are not kept, because both silently lose fragments a chemist would give:
//! identical leaves (the two benzenes of a molecule) stay as one fragment instead of both being
//! dropped, and combinations are matched as molecules rather than as SMARTS patterns (SMARTS reads
//! `[nH]` as "an aromatic N with one H", so DrugEx never finds an N-substituted imidazole's leaf in
//! its own molecule). Inputs are expected standardized (the platform's compound sets are).

use std::collections::HashSet;

use genui_chem::brics::brics_decompose;
use genui_chem::substructure::QuerySpec;
use genui_chem::Molecule;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rayon::prelude::*;

use crate::Result;

/// How molecules are cut into fragment combinations (DrugEx v3's defaults, as GenUI uses them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragmenter {
    /// Leaf fragments kept per molecule: the largest ones.
    pub max_fragments: usize,
    /// Most leaf fragments in one combination.
    pub max_combination: usize,
    /// Molecules with this many bonds or more are skipped.
    pub max_bonds: usize,
}

impl Default for Fragmenter {
    fn default() -> Self {
        Self {
            max_fragments: 4,
            max_combination: 4,
            max_bonds: 75,
        }
    }
}

/// One training example: fragments (canonical SMILES joined by `.`) and a molecule containing
/// them all, with no atom shared between two fragments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FragmentPair {
    pub fragments: String,
    pub molecule: String,
}

impl Fragmenter {
    /// The leaf fragments kept for a molecule, largest first: BRICS leaves with their cut points
    /// capped by hydrogens, of two heavy atoms or more, not contained in another leaf. Empty when
    /// the molecule has no BRICS bond or is too large.
    pub fn leaves(&self, mol: &Molecule) -> Result<Vec<Molecule>> {
        if mol.bonds().len() >= self.max_bonds {
            return Ok(Vec::new());
        }
        let mut cut: Vec<String> = brics_decompose(mol)?
            .iter()
            .map(|f| unlabelled(f))
            .collect();
        cut.sort();
        cut.dedup();
        if cut.len() < 2 {
            return Ok(Vec::new());
        }
        let mut seen = HashSet::new();
        let mut leaves = Vec::new();
        for fragment in &cut {
            let capped = capped_molecule(fragment)?;
            let smiles = capped.to_smiles()?;
            if capped.num_atoms() > 1 && seen.insert(smiles.clone()) {
                leaves.push((capped, smiles));
            }
        }
        let queries = leaves
            .iter()
            .map(|(_, smiles)| QuerySpec::smiles(smiles).compile())
            .collect::<genui_chem::Result<Vec<_>>>()?;
        let mut inside_another = vec![false; leaves.len()];
        for (j, query) in queries.iter().enumerate() {
            for (i, (other, _)) in leaves.iter().enumerate() {
                if i != j && query.is_match(other)? {
                    inside_another[j] = true;
                    break;
                }
            }
        }
        let mut kept: Vec<Molecule> = leaves
            .into_iter()
            .zip(inside_another)
            .filter(|(_, inside)| !inside)
            .map(|((leaf, _), _)| leaf)
            .collect();
        // Stable: equal sizes keep the order of their cut SMILES, as DrugEx.
        kept.sort_by_key(|leaf| std::cmp::Reverse(leaf.num_atoms()));
        kept.truncate(self.max_fragments);
        Ok(kept)
    }

    /// Every combination of the molecule's leaves (one to `max_combination` of them, in leaf
    /// order) that the molecule contains, paired with its canonical SMILES. Empty for a molecule
    /// that cannot be fragmented; an error only for a SMILES that does not parse.
    pub fn pairs(&self, smiles: &str) -> Result<Vec<FragmentPair>> {
        let mol = Molecule::from_smiles(smiles)?;
        let molecule = mol.to_smiles()?;
        let leaves: Vec<String> = self
            .leaves(&mol)?
            .iter()
            .map(|leaf| leaf.to_smiles())
            .collect::<genui_chem::Result<_>>()?;
        let mut pairs = Vec::new();
        for size in 1..=self.max_combination.min(leaves.len()) {
            for combination in combinations(leaves.len(), size) {
                let fragments = combination
                    .iter()
                    .map(|&i| leaves[i].as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let query = QuerySpec::smiles(&fragments).compile()?;
                if query.is_match(&mol)? {
                    pairs.push(FragmentPair {
                        fragments,
                        molecule: molecule.clone(),
                    });
                }
            }
        }
        Ok(pairs)
    }
}

/// Fragments with every attachment point (`*`, `[*]`, `[16*]`) replaced by a hydrogen, as
/// canonical SMILES: what a network that grows anywhere reads of them.
pub fn capped(fragments: &str) -> Result<String> {
    Ok(capped_molecule(fragments)?.to_smiles()?)
}

fn capped_molecule(fragments: &str) -> Result<Molecule> {
    Ok(Molecule::from_smiles(
        &unlabelled(fragments).replace('*', "[H]"),
    )?)
}

/// Fragments with their attachment points, labelled (`[16*]`) or bracketed (`[*]`), written as
/// bare dummies (`*`).
fn unlabelled(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len());
    let mut rest = fragment;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(']').map_or(tail.len(), |e| e + 1);
        let inside = &tail[1..end.saturating_sub(1)];
        let label = inside.strip_suffix('*');
        if label.is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit())) {
            out.push('*');
        } else {
            out.push_str(&tail[..end]);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The `size`-element combinations of `0..n` in lexicographic order (as Python's
/// `itertools.combinations`).
fn combinations(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    let mut current: Vec<usize> = (0..size).collect();
    if size == 0 || size > n {
        return all;
    }
    loop {
        all.push(current.clone());
        let Some(i) = (0..size).rev().find(|&i| current[i] != i + n - size) else {
            return all;
        };
        current[i] += 1;
        for j in i + 1..size {
            current[j] = current[j - 1] + 1;
        }
    }
}

/// Most fragment combinations held out for validation (DrugEx's `validSetSize` default).
pub const MAX_VALIDATION_COMBINATIONS: usize = 10_000;

/// Training and validation examples made of the fragment pairs of `smiles` (cut in parallel;
/// `make` may refuse a pair), split by fragment combination: a `fraction` of the combinations,
/// drawn with `seed`, goes to validation with all their examples. Also returns how many
/// molecules gave no example; an error when either side is empty.
pub fn split_examples<T: Send>(
    smiles: &[String],
    make: impl Fn(&FragmentPair) -> Option<T> + Sync,
    fraction: f64,
    seed: u64,
) -> Result<(Vec<T>, Vec<T>, usize)> {
    let fragmenter = Fragmenter::default();
    let made: Vec<Vec<(String, T)>> = smiles
        .par_iter()
        .map(|s| {
            let pairs = fragmenter.pairs(s).unwrap_or_default();
            pairs
                .into_iter()
                .filter_map(|pair| Some((make(&pair)?, pair.fragments)))
                .map(|(example, combination)| (combination, example))
                .collect()
        })
        .collect();
    let skipped = made.iter().filter(|examples| examples.is_empty()).count();
    let (train, valid) = split_by_combination(
        made.into_iter().flatten().collect(),
        |(combination, _): &(String, T)| combination.as_str(),
        fraction,
        MAX_VALIDATION_COMBINATIONS,
        seed,
    );
    if train.is_empty() || valid.is_empty() {
        return Err(crate::GenError::Invalid(format!(
            "the molecules gave {} training and {} validation fragment combinations: at \
             least one of each is needed (molecules without a BRICS bond give none)",
            train.len(),
            valid.len()
        )));
    }
    let examples = |items: Vec<(String, T)>| items.into_iter().map(|(_, e)| e).collect();
    Ok((examples(train), examples(valid), skipped))
}

/// Splits items (pairs, or what was made of them) into training and validation items by
/// fragment combination (`combination` of an item), so that no combination is in both: a
/// `fraction` of the distinct combinations (at most `max_validation`), drawn with `seed`, goes
/// to validation with all its items.
pub fn split_by_combination<T>(
    items: Vec<T>,
    combination: impl Fn(&T) -> &str,
    fraction: f64,
    max_validation: usize,
    seed: u64,
) -> (Vec<T>, Vec<T>) {
    let mut distinct: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for item in &items {
        if seen.insert(combination(item)) {
            distinct.push(combination(item).to_string());
        }
    }
    let drawn = ((distinct.len() as f64 * fraction) as usize).min(max_validation);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    distinct.shuffle(&mut rng);
    let validation: HashSet<&str> = distinct[..drawn].iter().map(String::as_str).collect();
    items
        .into_iter()
        .partition(|item| !validation.contains(combination(item)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_fragments(pair: &FragmentPair) -> &str {
        &pair.fragments
    }

    fn pairs_of(smiles: &str) -> Vec<String> {
        Fragmenter::default()
            .pairs(smiles)
            .unwrap_or_else(|e| panic!("{smiles}: {e}"))
            .into_iter()
            .map(|p| p.fragments)
            .collect()
    }

    #[test]
    fn paracetamol_gives_its_ring_its_acetyl_and_both() {
        // DrugEx v3.1's own output for this molecule; the amide N (one heavy atom) is no leaf.
        assert_eq!(
            pairs_of("CC(=O)Nc1ccc(O)cc1"),
            ["Oc1ccccc1", "CC=O", "Oc1ccccc1.CC=O"]
        );
    }

    #[test]
    fn every_combination_is_found_in_its_molecule_without_shared_atoms() {
        let smiles = "Cc1ccc(S(=O)(=O)N2CCN(C(=O)c3ccco3)CC2)cc1";
        let pairs = pairs_of(smiles);
        assert!(
            pairs.contains(&"C1CNCCN1.c1ccoc1.C=O".to_owned()),
            "{pairs:?}"
        );
        let mol = Molecule::from_smiles(smiles).expect("parses");
        for fragments in &pairs {
            let query = QuerySpec::smiles(fragments).compile().expect("compiles");
            assert!(query.is_match(&mol).expect("matches"), "{fragments}");
        }
    }

    #[test]
    fn identical_and_n_substituted_leaves_are_kept() {
        // DrugEx drops both benzenes (identical leaves) and the imidazole ([nH] read as SMARTS).
        let leaves: Vec<String> = Fragmenter::default()
            .leaves(&Molecule::from_smiles("O=C(NCc1ccccc1)c1ccc(-n2ccnc2)cc1").expect("parses"))
            .expect("fragments")
            .iter()
            .map(|m| m.to_smiles().expect("SMILES"))
            .collect();
        assert_eq!(leaves, ["c1ccccc1", "c1c[nH]cn1", "C=O"]);
    }

    #[test]
    fn molecules_without_brics_bonds_or_too_large_give_nothing() {
        assert!(pairs_of("c1ccc2ccccc2c1").is_empty());
        let small = Fragmenter {
            max_bonds: 5,
            ..Fragmenter::default()
        };
        assert!(small
            .pairs("CC(=O)Nc1ccc(O)cc1")
            .expect("parses")
            .is_empty());
        assert!(Fragmenter::default().pairs("C1CC").is_err());
    }

    #[test]
    fn labels_are_stripped_only_from_dummies() {
        assert_eq!(
            unlabelled("[16*]c1ccc([NH3+])cc1[4*]"),
            "*c1ccc([NH3+])cc1*"
        );
        assert_eq!(unlabelled("[2H]C[13CH3]"), "[2H]C[13CH3]");
    }

    #[test]
    fn attachment_points_of_every_spelling_are_capped() {
        for spelling in ["c1ccc(*)cc1", "[*]c1ccccc1", "c1ccccc1[12*]"] {
            assert_eq!(
                capped(spelling).ok().as_deref(),
                Some("c1ccccc1"),
                "{spelling}"
            );
        }
        assert_eq!(
            capped("[1*]C(=O)N*.c1ccncc1").ok().as_deref(),
            Some("NC=O.c1ccncc1")
        );
        assert!(capped("C1CC*").is_err());
    }

    #[test]
    fn combinations_follow_itertools_order() {
        assert_eq!(
            combinations(4, 2),
            [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
        );
        assert_eq!(combinations(3, 3), [[0, 1, 2]]);
        assert!(combinations(2, 3).is_empty());
    }

    #[test]
    fn the_split_keeps_each_combination_on_one_side_and_is_seeded() {
        let pairs: Vec<FragmentPair> = (0..200)
            .map(|i| FragmentPair {
                fragments: format!("F{}", i % 50),
                molecule: format!("M{i}"),
            })
            .collect();
        let (train, validation) = split_by_combination(pairs.clone(), by_fragments, 0.2, 1000, 7);
        assert_eq!(train.len() + validation.len(), 200);
        let in_validation: HashSet<&str> =
            validation.iter().map(|p| p.fragments.as_str()).collect();
        assert_eq!(in_validation.len(), 10);
        assert!(train
            .iter()
            .all(|p| !in_validation.contains(p.fragments.as_str())));
        assert_eq!(
            split_by_combination(pairs.clone(), by_fragments, 0.2, 1000, 7).1,
            validation
        );
        assert_eq!(
            split_by_combination(pairs, by_fragments, 0.2, 3, 7).1.len(),
            12
        );
    }
}
