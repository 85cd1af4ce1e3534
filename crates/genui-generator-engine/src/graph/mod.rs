//! Molecules as graph-growing steps, the representation of DrugEx v3's graph transformer: a
//! molecule is a fixed-size table of steps `[atom, curr, prev, bond, fragment]`, its input
//! fragments' atoms first, so a decoder that starts from the fragments' own steps grows whole
//! molecules that contain them.
//!
//! * `atom` is a token of the [`GraphVocabulary`]: an element with its valence (hydrogens
//!   included) and charge on the kekulized molecule (`4C`, `3N`, `4N+`), so a decoder knows how
//!   many bonds an atom can still take; `*` adds no atom, only a bond (ring closures, joins).
//! * `curr` is the atom the step is about (its index in order of addition), `prev` the earlier
//!   atom it bonds to (`curr` itself, with bond 0, for an atom added without a bond).
//! * `bond` is 0 (none), 1, 2 or 3; `fragment` the 1-based fragment component of a fragment
//!   step, 0 for grown atoms and bonds.
//!
//! The table has [`GraphLayout::max_len`] rows: a growth section (a `GO` row, the fragments'
//! steps, then the grown atoms' steps, then zero padding) and a connection section of
//! `max_fragments + 1` rows (a `GO` row and the bonds that join two fragment atoms directly).
//! Grown atoms come in breadth-first order from the fragments, so each is bonded to an earlier
//! atom by its first step; DrugEx orders them by canonical SMILES output instead, which our
//! models do not need.

use std::collections::{HashSet, VecDeque};

use genui_chem::substructure::QuerySpec;
use genui_chem::Molecule;

use crate::{GenError, Result};

mod smiles;
mod vocabulary;

use smiles::Graph;
pub use vocabulary::{AtomWord, GraphVocabulary, DRUGEX_WORDS};

/// One step of a graph: `[atom, curr, prev, bond, fragment]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Step {
    pub atom: u16,
    pub curr: u16,
    pub prev: u16,
    pub bond: u8,
    pub fragment: u8,
}

impl Step {
    fn new(atom: u16, curr: usize, prev: usize, bond: u8, fragment: u8) -> Self {
        Self {
            atom,
            curr: curr as u16,
            prev: prev as u16,
            bond,
            fragment,
        }
    }
}

/// The sizes of a graph table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphLayout {
    /// Rows in all.
    pub max_len: usize,
    /// Most fragment components in an input.
    pub max_fragments: usize,
}

impl Default for GraphLayout {
    /// DrugEx v3's: 80 rows, up to 4 fragments (75 growth rows, 5 connection rows).
    fn default() -> Self {
        Self {
            max_len: 80,
            max_fragments: 4,
        }
    }
}

impl GraphLayout {
    /// Rows of the growth section, its `GO` row included.
    pub fn growth_rows(&self) -> usize {
        self.max_len - self.connection_rows()
    }

    /// Rows of the connection section, its `GO` row included.
    pub fn connection_rows(&self) -> usize {
        self.max_fragments + 1
    }
}

/// Encodes molecules with fragments as graph tables and decodes tables back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphCoder {
    pub vocabulary: GraphVocabulary,
    pub layout: GraphLayout,
}

/// A decoded table: the molecule and the part its fragment steps drew, as canonical SMILES.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub fragments: String,
    pub molecule: String,
}

impl Default for GraphCoder {
    fn default() -> Self {
        Self {
            vocabulary: GraphVocabulary::drugex(),
            layout: GraphLayout::default(),
        }
    }
}

impl GraphCoder {
    /// The table of `molecule` grown from `fragments` (one or more components, `.`-separated,
    /// all found in the molecule without sharing atoms). Fails when the fragments are not in
    /// the molecule, an atom has no token, or the table would be too long.
    /// An empty `fragments` grows the whole molecule from its first atom.
    pub fn encode(&self, molecule: &Molecule, fragments: &str) -> Result<Vec<Step>> {
        let (components, matched, fragment_bonds) = if fragments.is_empty() {
            (Vec::new(), Vec::new(), HashSet::new())
        } else {
            let fragment_mol = Molecule::from_smiles(fragments)?;
            let components = fragment_mol.fragment_ids();
            let component_count = components.iter().max().map_or(0, |&c| c as usize + 1);
            if component_count > self.layout.max_fragments {
                return Err(GenError::Invalid(format!(
                    "{component_count} fragments: at most {} fit",
                    self.layout.max_fragments
                )));
            }
            let matched = self.best_match(molecule, &fragment_mol, fragments)?;
            let fragment_bonds: HashSet<(u32, u32)> = fragment_mol
                .bonds()
                .iter()
                .map(|b| ordered(matched[b.begin as usize], matched[b.end as usize]))
                .collect();
            (components, matched, fragment_bonds)
        };

        let kekule = molecule.kekulized()?;
        let atoms = kekule.atoms();
        let bonds = kekule.bonds();
        let mut neighbours: Vec<Vec<(u32, u8)>> = vec![Vec::new(); atoms.len()];
        for b in &bonds {
            let order = kekule_order(b.order)?;
            neighbours[b.begin as usize].push((b.end, order));
            neighbours[b.end as usize].push((b.begin, order));
        }
        let order = growth_order(&matched, &neighbours);
        let mut position = vec![0usize; atoms.len()];
        for (j, &a) in order.iter().enumerate() {
            position[a as usize] = j;
        }

        let star = self.vocabulary.star();
        let mut fragment_steps = vec![Step::new(GraphVocabulary::GO, 0, 0, 0, 1)];
        let mut grown_steps = Vec::new();
        let mut connections = vec![Step::new(GraphVocabulary::GO, 0, 0, 0, 0)];
        for (j, &a) in order.iter().enumerate() {
            let atom = &atoms[a as usize];
            let bonded: u32 = neighbours[a as usize]
                .iter()
                .map(|&(_, o)| u32::from(o))
                .sum();
            let token = self
                .vocabulary
                .token_of(atom.atomic_num, bonded + atom.total_hs, atom.formal_charge)
                .ok_or_else(|| {
                    GenError::Invalid(format!(
                        "atom {a} (element {}, charge {}, valence {}) has no token",
                        atom.atomic_num,
                        atom.formal_charge,
                        bonded + atom.total_hs
                    ))
                })?;
            let mut back: Vec<(usize, u8, u32)> = neighbours[a as usize]
                .iter()
                .filter(|&&(other, _)| position[other as usize] < j)
                .map(|&(other, o)| (position[other as usize], o, other))
                .collect();
            back.sort_unstable();
            if j < matched.len() {
                let fragment = components[j] as u8 + 1;
                let (inside, joins): (Vec<_>, Vec<_>) = back
                    .iter()
                    .copied()
                    .partition(|&(_, _, other)| fragment_bonds.contains(&ordered(a, other)));
                push_atom_steps(&mut fragment_steps, (token, star), j, &inside, fragment);
                for &(p, bond, _) in &joins {
                    connections.push(Step::new(star, j, p, bond, 0));
                }
            } else {
                push_atom_steps(&mut grown_steps, (token, star), j, &back, 0);
            }
        }
        let mut growth = fragment_steps;
        growth.extend(grown_steps);
        if growth.len() > self.layout.growth_rows() {
            return Err(GenError::Invalid(format!(
                "the molecule takes {} steps: at most {} fit",
                growth.len() - 1,
                self.layout.growth_rows() - 1
            )));
        }
        if connections.len() > self.layout.connection_rows() {
            return Err(GenError::Invalid(format!(
                "{} bonds join fragments directly: at most {} fit",
                connections.len() - 1,
                self.layout.connection_rows() - 1
            )));
        }
        growth.resize(self.layout.growth_rows(), Step::default());
        connections.resize(self.layout.connection_rows(), Step::default());
        growth.extend(connections);
        Ok(growth)
    }

    /// The match of the fragments in the molecule (molecule atom per fragment atom) whose other
    /// bonds to the rest of the molecule are all single, as DrugEx prefers; else the first.
    fn best_match(
        &self,
        molecule: &Molecule,
        fragment_mol: &Molecule,
        fragments: &str,
    ) -> Result<Vec<u32>> {
        let query = QuerySpec::smiles(fragments).compile()?;
        let matches = query.matches(molecule, 1000)?;
        let fragment_bonds = fragment_mol.bonds();
        let bonds = molecule.bonds();
        let cut_only_at_single_bonds = |m: &Vec<u32>| {
            let inside: HashSet<(u32, u32)> = fragment_bonds
                .iter()
                .map(|b| ordered(m[b.begin as usize], m[b.end as usize]))
                .collect();
            let matched: HashSet<u32> = m.iter().copied().collect();
            bonds.iter().all(|b| {
                let touches = matched.contains(&b.begin) || matched.contains(&b.end);
                !touches || inside.contains(&ordered(b.begin, b.end)) || b.order == 1.0
            })
        };
        matches
            .iter()
            .find(|m| cut_only_at_single_bonds(m))
            .or(matches.first())
            .cloned()
            .ok_or_else(|| GenError::Invalid(format!("the molecule does not contain {fragments}")))
    }

    /// The molecule a table draws, and the part drawn by its fragment steps, as canonical SMILES.
    /// Fails for a table that breaks the rules (a bond to an atom not yet added, a bond twice, an
    /// atom with more bonds than its valence) or whose molecule RDKit rejects.
    pub fn decode(&self, steps: &[Step]) -> Result<Decoded> {
        let mut graph = Graph::default();
        for (row, step) in steps.iter().enumerate() {
            let invalid = |why: &str| GenError::Invalid(format!("step {row}: {why}"));
            if step.atom == GraphVocabulary::EOS || step.atom == GraphVocabulary::GO {
                continue;
            }
            if step.atom != self.vocabulary.star() {
                let word = *self
                    .vocabulary
                    .word(step.atom)
                    .ok_or_else(|| invalid("unknown token"))?;
                if usize::from(step.curr) != graph.atoms.len() {
                    return Err(invalid("a new atom must take the next index"));
                }
                graph.atoms.push((word, step.fragment != 0));
            }
            if step.bond != 0 {
                let (a, b) = (usize::from(step.curr), usize::from(step.prev));
                if a >= graph.atoms.len() || b >= graph.atoms.len() || a == b {
                    return Err(invalid("a bond to an atom not yet added"));
                }
                if step.bond > 3 {
                    return Err(invalid("no such bond order"));
                }
                if graph
                    .bonds
                    .insert(ordered(a as u32, b as u32), (step.bond, step.fragment != 0))
                    .is_some()
                {
                    return Err(invalid("a bond added twice"));
                }
            }
        }
        Ok(Decoded {
            fragments: graph.smiles(true)?,
            molecule: graph.smiles(false)?,
        })
    }
}

/// Most attachment points a fragment input may have: each is a place to grow, and more than
/// this leaves no room in the table for what grows there.
pub const MAX_ATTACHMENT_POINTS: usize = 8;

/// Where generation starts: the fragment steps of a table (its `GO` row not included) and how
/// many bonds each fragment atom may take in all. An atom of a fragment with attachment points
/// (`*`, `[*]`, `[1*]`) may take only its bonds inside the fragment plus those points'; an atom
/// of a fragment without them, as many as its valence allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentSeed {
    pub steps: Vec<Step>,
    pub capacity: Vec<u8>,
}

impl FragmentSeed {
    /// The seed of an encoded table: its fragment steps, every fragment atom open up to its
    /// valence (fragments cut from training molecules carry no attachment points).
    pub fn of_table(table: &[Step], vocabulary: &GraphVocabulary) -> Self {
        let steps: Vec<Step> = table
            .iter()
            .skip(1)
            .take_while(|s| s.fragment != 0)
            .copied()
            .collect();
        let capacity = steps
            .iter()
            .filter_map(|s| vocabulary.word(s.atom))
            .map(|w| w.valence)
            .collect();
        Self { steps, capacity }
    }

    /// Atoms the fragments add.
    pub fn atoms(&self) -> usize {
        self.capacity.len()
    }
}

impl GraphCoder {
    /// The seeds of many fragments; the error names every fragment at fault by its 1-based
    /// position.
    pub fn seeds(&self, fragments: &[String]) -> std::result::Result<Vec<FragmentSeed>, String> {
        let mut seeds = Vec::with_capacity(fragments.len());
        let mut problems = Vec::new();
        for (i, fragment) in fragments.iter().enumerate() {
            match self.seed(fragment) {
                Ok(seed) => seeds.push(seed),
                Err(e) => problems.push(format!("fragment {} ({fragment}): {e}", i + 1)),
            }
        }
        if problems.is_empty() {
            Ok(seeds)
        } else {
            Err(problems.join("; "))
        }
    }

    /// The seed of user fragments (`.`-separated components, each with or without attachment
    /// points). Fails, saying why, for SMILES RDKit rejects, an attachment point not bonded to
    /// exactly one atom, more than [`MAX_ATTACHMENT_POINTS`] points or [`GraphLayout::max_fragments`]
    /// components, an atom without a token, or fragments too large to leave a row to grow.
    pub fn seed(&self, fragments: &str) -> Result<FragmentSeed> {
        let molecule = Molecule::from_smiles(fragments)?.kekulized()?;
        let atoms = molecule.atoms();
        let is_point = |a: u32| atoms[a as usize].atomic_num == 0;
        let mut neighbours: Vec<Vec<(u32, u8)>> = vec![Vec::new(); atoms.len()];
        for b in molecule.bonds() {
            let order = kekule_order(b.order)?;
            neighbours[b.begin as usize].push((b.end, order));
            neighbours[b.end as usize].push((b.begin, order));
        }
        let mut points = 0;
        for (a, around) in neighbours.iter().enumerate() {
            if is_point(a as u32) {
                points += 1;
                if around.len() != 1 || is_point(around[0].0) {
                    return Err(GenError::Invalid(format!(
                        "attachment point {points} must be bonded to exactly one atom of the fragment"
                    )));
                }
            }
        }
        if points > MAX_ATTACHMENT_POINTS {
            return Err(GenError::Invalid(format!(
                "{points} attachment points: at most {MAX_ATTACHMENT_POINTS}"
            )));
        }
        let order: Vec<u32> = (0..atoms.len() as u32).filter(|&a| !is_point(a)).collect();
        if order.is_empty() {
            return Err(GenError::Invalid("the fragments have no atoms".into()));
        }
        let mut position = vec![usize::MAX; atoms.len()];
        for (j, &a) in order.iter().enumerate() {
            position[a as usize] = j;
        }
        // Components numbered from 1 in order of their first atom.
        let raw_components = molecule.fragment_ids();
        let mut numbering: Vec<u32> = Vec::new();
        let component_of: Vec<u8> = order
            .iter()
            .map(|&a| {
                let raw = raw_components[a as usize];
                let index = numbering.iter().position(|&c| c == raw).unwrap_or_else(|| {
                    numbering.push(raw);
                    numbering.len() - 1
                });
                index as u8 + 1
            })
            .collect();
        if numbering.len() > self.layout.max_fragments {
            return Err(GenError::Invalid(format!(
                "{} fragments: at most {} fit",
                numbering.len(),
                self.layout.max_fragments
            )));
        }
        let decorated: HashSet<u8> = order
            .iter()
            .zip(&component_of)
            .filter(|&(&a, _)| neighbours[a as usize].iter().any(|&(n, _)| is_point(n)))
            .map(|(_, &c)| c)
            .collect();

        let star = self.vocabulary.star();
        let mut steps = Vec::new();
        let mut capacity = Vec::with_capacity(order.len());
        for (j, &a) in order.iter().enumerate() {
            let atom = &atoms[a as usize];
            let (mut inside, mut at_points) = (0u32, 0u32);
            for &(n, bond) in &neighbours[a as usize] {
                if is_point(n) {
                    at_points += u32::from(bond);
                } else {
                    inside += u32::from(bond);
                }
            }
            let valence = inside + at_points + atom.total_hs;
            let token = self
                .vocabulary
                .token_of(atom.atomic_num, valence, atom.formal_charge)
                .ok_or_else(|| {
                    GenError::Invalid(format!(
                        "atom {} (element {}, charge {}, valence {valence}) has no token",
                        j + 1,
                        atom.atomic_num,
                        atom.formal_charge
                    ))
                })?;
            let fragment = component_of[j];
            capacity.push(if decorated.contains(&fragment) {
                (inside + at_points) as u8
            } else {
                valence as u8
            });
            let mut back: Vec<(usize, u8, u32)> = neighbours[a as usize]
                .iter()
                .filter(|&&(n, _)| position[n as usize] < j)
                .map(|&(n, bond)| (position[n as usize], bond, n))
                .collect();
            back.sort_unstable();
            push_atom_steps(&mut steps, (token, star), j, &back, fragment);
        }
        if steps.len() + 2 > self.layout.growth_rows() {
            return Err(GenError::Invalid(format!(
                "the fragments take {} steps: a network of {} rows grows from at most {}",
                steps.len(),
                self.layout.max_len,
                self.layout.growth_rows() - 2
            )));
        }
        Ok(FragmentSeed { steps, capacity })
    }
}

/// The steps that add atom `j` (`token`) with its bonds to earlier atoms (`back`: position,
/// order, atom): the first bond's step carries the atom, the others are `star` steps; an atom
/// without such bonds gets a step of its own with bond 0.
fn push_atom_steps(
    steps: &mut Vec<Step>,
    (token, star): (u16, u16),
    j: usize,
    back: &[(usize, u8, u32)],
    fragment: u8,
) {
    for (k, &(p, bond, _)) in back.iter().enumerate() {
        steps.push(Step::new(
            if k == 0 { token } else { star },
            j,
            p,
            bond,
            fragment,
        ));
    }
    if back.is_empty() {
        steps.push(Step::new(token, j, j, 0, fragment));
    }
}

fn ordered(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

fn kekule_order(order: f64) -> Result<u8> {
    match order {
        1.0 => Ok(1),
        2.0 => Ok(2),
        3.0 => Ok(3),
        _ => Err(GenError::Invalid(format!(
            "a bond of order {order} has no graph step"
        ))),
    }
}

/// The fragment atoms in match order, then every other atom breadth-first from them (lower
/// atom indices first), then atoms not connected to any (from the lowest index).
fn growth_order(matched: &[u32], neighbours: &[Vec<(u32, u8)>]) -> Vec<u32> {
    let mut seen = vec![false; neighbours.len()];
    let mut order: Vec<u32> = matched.to_vec();
    for &a in matched {
        seen[a as usize] = true;
    }
    let mut queue: VecDeque<u32> = matched.iter().copied().collect();
    loop {
        while let Some(a) = queue.pop_front() {
            let mut next: Vec<u32> = neighbours[a as usize]
                .iter()
                .map(|&(n, _)| n)
                .filter(|&n| !seen[n as usize])
                .collect();
            next.sort_unstable();
            for n in next {
                seen[n as usize] = true;
                order.push(n);
                queue.push_back(n);
            }
        }
        match seen.iter().position(|&s| !s) {
            Some(a) => {
                seen[a] = true;
                order.push(a as u32);
                queue.push_back(a as u32);
            }
            None => return order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(smiles: &str, fragments: &str) -> (Vec<Step>, Decoded) {
        let coder = GraphCoder::default();
        let mol = Molecule::from_smiles(smiles).expect("parses");
        let steps = coder
            .encode(&mol, fragments)
            .unwrap_or_else(|e| panic!("{smiles} / {fragments}: {e}"));
        let decoded = coder.decode(&steps).expect("decodes");
        assert_eq!(
            decoded.molecule,
            mol.to_smiles().expect("SMILES"),
            "{smiles}"
        );
        (steps, decoded)
    }

    #[test]
    fn the_vocabulary_is_drugex_s() {
        let v = GraphVocabulary::drugex();
        assert_eq!(v.size(), 40);
        assert_eq!(v.star(), 39);
        assert_eq!(
            v.word(2).map(|w| (w.symbol, w.valence, w.charge)),
            Some(("O", 2, 0))
        );
        assert_eq!(
            v.word(9).map(|w| (w.symbol, w.valence, w.charge)),
            Some(("N", 4, 1))
        );
        assert!(v.word(GraphVocabulary::GO).is_none() && v.word(39).is_none());
        assert!(AtomWord::parse("4X").is_err() && AtomWord::parse("C").is_err());
        assert!(GraphVocabulary::new(&["4C", "4C"]).is_err());
    }

    #[test]
    fn paracetamol_grows_from_its_fragments() {
        let (steps, decoded) = round_trip("CC(=O)Nc1ccc(O)cc1", "Oc1ccccc1.CC=O");
        assert_eq!(steps.len(), 80);
        assert_eq!(decoded.fragments, "CC=O.Oc1ccccc1");
        let v = GraphVocabulary::drugex();
        // GO, then the phenol's first atom (component 1) with no bond.
        assert_eq!(steps[0], Step::new(GraphVocabulary::GO, 0, 0, 0, 1));
        assert_eq!(steps[1], Step::new(2, 0, 0, 0, 1));
        // seven phenol atoms, a ring closure, three acetyl atoms, then the grown N.
        let fragment_rows: Vec<&Step> = steps[1..75].iter().filter(|s| s.fragment != 0).collect();
        assert_eq!(fragment_rows.len(), 11);
        assert_eq!(
            fragment_rows.iter().filter(|s| s.atom == v.star()).count(),
            1
        );
        let grown: Vec<&Step> = steps[1..75]
            .iter()
            .filter(|s| s.fragment == 0 && s.atom != GraphVocabulary::EOS)
            .collect();
        // the grown amide N: its first bond adds it, its second (to the acetyl) is a `*` step.
        assert_eq!(grown.len(), 2);
        assert_eq!(
            v.word(grown[0].atom).map(|w| (w.symbol, w.valence)),
            Some(("N", 3))
        );
        assert_eq!((grown[1].atom, grown[1].curr), (v.star(), grown[0].curr));
        assert_eq!(steps[75], Step::new(GraphVocabulary::GO, 0, 0, 0, 0));
        assert!(steps[76..].iter().all(|s| *s == Step::default()));
    }

    #[test]
    fn fragments_bonded_to_each_other_are_joined_by_connection_rows() {
        // Biphenyl from two benzenes: the bond between them is a connection.
        let (steps, decoded) = round_trip("c1ccc(-c2ccccc2)cc1", "c1ccccc1.c1ccccc1");
        assert_eq!(decoded.fragments, "c1ccccc1.c1ccccc1");
        let connections: Vec<&Step> = steps[76..].iter().filter(|s| s.bond != 0).collect();
        assert_eq!(connections.len(), 1);
        assert_eq!(connections[0].bond, 1);
    }

    #[test]
    fn molecules_encode_without_fragments_and_with_charges() {
        round_trip("C[N+](C)(C)CCOC(=O)c1ccccc1", "");
        round_trip("O=[N+]([O-])c1ccc(S(=O)(=O)N)cc1", "c1ccccc1");
        round_trip("Cc1nc2ccccc2[nH]1", "");
    }

    #[test]
    fn bad_input_and_bad_tables_are_errors() {
        let coder = GraphCoder::default();
        let mol = Molecule::from_smiles("CCO").expect("parses");
        assert!(coder.encode(&mol, "c1ccccc1").is_err(), "not contained");
        assert!(
            coder.encode(&mol, "C.C.C.C.C").is_err(),
            "too many fragments"
        );
        let big = Molecule::from_smiles(&"C".repeat(90)).expect("parses");
        assert!(coder.encode(&big, "").is_err(), "too long");
        let gold = Molecule::from_smiles("[Au]").expect("parses");
        assert!(coder.encode(&gold, "").is_err(), "no token");
        let carbon = 5; // 4C
        let bad = [
            vec![Step::new(carbon, 1, 0, 1, 0)], // skips index 0
            vec![Step::new(carbon, 0, 0, 0, 0), Step::new(carbon, 1, 5, 1, 0)], // bond to nothing
            vec![
                Step::new(carbon, 0, 0, 0, 0),
                Step::new(carbon, 1, 0, 3, 0),
                Step::new(39, 1, 0, 1, 0), // same bond twice
            ],
            vec![
                Step::new(2, 0, 0, 0, 0),      // 2O
                Step::new(carbon, 1, 0, 3, 0), // O#C: valence 3 > 2
            ],
        ];
        for steps in bad {
            assert!(coder.decode(&steps).is_err(), "{steps:?}");
        }
    }

    #[test]
    fn smiles_writer_closes_rings_and_branches() {
        let coder = GraphCoder::default();
        for smiles in [
            "C1CC2CCC1CC2",
            "CC(C)(C)c1ccc2c(c1)C(=O)N(C)C2=O",
            "C#CC1(O)CCCC1",
            "[O-][n+]1ccccc1",
        ] {
            let mol = Molecule::from_smiles(smiles).expect("parses");
            let decoded = coder
                .decode(&coder.encode(&mol, "").expect("encodes"))
                .expect("decodes");
            assert_eq!(decoded.molecule, mol.to_smiles().expect("SMILES"));
            assert_eq!(decoded.fragments, "");
        }
    }
}
