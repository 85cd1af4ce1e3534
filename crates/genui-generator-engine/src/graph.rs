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

use std::collections::{BTreeMap, HashSet, VecDeque};

use genui_chem::substructure::QuerySpec;
use genui_chem::Molecule;

use crate::{GenError, Result};

/// DrugEx v3's atom words: valence, element, charge.
pub const DRUGEX_WORDS: [&str; 37] = [
    "2O", "3O+", "1O-", "4C", "3C+", "3C-", "3N", "4N+", "2N-", "1Cl", "2S", "6S", "4S", "3S+",
    "5S+", "1S-", "1F", "1I", "5I", "2I+", "1Br", "5P", "3P", "4P+", "2Se", "6Se", "4Se", "3Se+",
    "4Si", "3B", "4B-", "5As", "3As", "4As+", "2Te", "4Te", "3Te+",
];

const ELEMENTS: [(&str, u32); 14] = [
    ("B", 5),
    ("C", 6),
    ("N", 7),
    ("O", 8),
    ("F", 9),
    ("Si", 14),
    ("P", 15),
    ("S", 16),
    ("Cl", 17),
    ("As", 33),
    ("Se", 34),
    ("Br", 35),
    ("Te", 52),
    ("I", 53),
];

/// An atom token: element, valence (bonds plus hydrogens) and formal charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtomWord {
    pub symbol: &'static str,
    pub atomic_num: u32,
    pub valence: u8,
    pub charge: i8,
}

impl AtomWord {
    /// Reads a word such as `4N+`.
    pub fn parse(word: &str) -> Result<Self> {
        let invalid = || GenError::Invalid(format!("{word:?} is no atom word (e.g. 4C, 3N, 4N+)"));
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let valence: u8 = word[..digits].parse().map_err(|_| invalid())?;
        let rest = &word[digits..];
        let (element, charge) = match rest.strip_suffix('+') {
            Some(e) => (e, 1),
            None => match rest.strip_suffix('-') {
                Some(e) => (e, -1),
                None => (rest, 0),
            },
        };
        let &(symbol, atomic_num) = ELEMENTS
            .iter()
            .find(|(s, _)| *s == element)
            .ok_or_else(invalid)?;
        Ok(Self {
            symbol,
            atomic_num,
            valence,
            charge,
        })
    }
}

impl std::fmt::Display for AtomWord {
    /// The word as [`AtomWord::parse`] reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.valence,
            self.symbol,
            charge_sign(self.charge)
        )
    }
}

/// The tokens of graph steps: `EOS` (0, also padding), `GO` (1), the atom words, and `*` last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphVocabulary {
    words: Vec<AtomWord>,
}

impl GraphVocabulary {
    pub const EOS: u16 = 0;
    pub const GO: u16 = 1;

    /// DrugEx v3's default vocabulary (40 tokens).
    pub fn drugex() -> Self {
        Self::new(&DRUGEX_WORDS).expect("the default words parse")
    }

    /// The vocabulary of `words` (e.g. `4C`, `3N`, `4N+`), each at most once.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Result<Self> {
        let words = words
            .iter()
            .map(|w| AtomWord::parse(w.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        let distinct: HashSet<&AtomWord> = words.iter().collect();
        if distinct.len() != words.len() {
            return Err(GenError::Invalid("an atom word is listed twice".into()));
        }
        Ok(Self { words })
    }

    /// The atom words in token order (what model files store).
    pub fn words(&self) -> Vec<String> {
        self.words.iter().map(ToString::to_string).collect()
    }

    /// Tokens in all, control tokens and `*` included.
    pub fn size(&self) -> usize {
        self.words.len() + 3
    }

    /// The token that adds a bond and no atom.
    pub fn star(&self) -> u16 {
        (self.words.len() + 2) as u16
    }

    /// The word of an atom token; None for control tokens and `*`.
    pub fn word(&self, token: u16) -> Option<&AtomWord> {
        (token as usize)
            .checked_sub(2)
            .and_then(|i| self.words.get(i))
    }

    fn token_of(&self, atomic_num: u32, valence: u32, charge: i32) -> Option<u16> {
        self.words
            .iter()
            .position(|w| {
                w.atomic_num == atomic_num
                    && u32::from(w.valence) == valence
                    && i32::from(w.charge) == charge
            })
            .map(|i| (i + 2) as u16)
    }
}

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

/// Atoms (word, drawn by a fragment step) and bonds (order, drawn by a fragment step) of a
/// decoded table.
#[derive(Default)]
struct Graph {
    atoms: Vec<(AtomWord, bool)>,
    bonds: BTreeMap<(u32, u32), (u8, bool)>,
}

impl Graph {
    /// Canonical SMILES of the whole graph, or of its fragment part: every atom written with
    /// its hydrogens (valence minus bonds) and every bond with its order, for RDKit to perceive
    /// aromaticity and canonicalize.
    fn smiles(&self, fragment_part: bool) -> Result<String> {
        let keep_atom = |a: usize| !fragment_part || self.atoms[a].1;
        let mut neighbours: Vec<Vec<(usize, u8)>> = vec![Vec::new(); self.atoms.len()];
        let mut bonded = vec![0u32; self.atoms.len()];
        for (&(a, b), &(order, in_fragment)) in &self.bonds {
            let (a, b) = (a as usize, b as usize);
            bonded[a] += u32::from(order);
            bonded[b] += u32::from(order);
            if !fragment_part || (in_fragment && keep_atom(a) && keep_atom(b)) {
                neighbours[a].push((b, order));
                neighbours[b].push((a, order));
            }
        }
        let mut atoms_text = Vec::with_capacity(self.atoms.len());
        for (a, (word, _)) in self.atoms.iter().enumerate() {
            // A fragment part keeps the hydrogens its atoms have in the whole molecule only
            // where they are bonded inside it; bonds to grown atoms become hydrogens.
            let own: u32 = neighbours[a].iter().map(|&(_, o)| u32::from(o)).sum();
            let hydrogens = u32::from(word.valence)
                .checked_sub(bonded[a])
                .ok_or_else(|| {
                    GenError::Invalid(format!(
                        "atom {a} ({}) has {} bonds for valence {}",
                        word.symbol, bonded[a], word.valence
                    ))
                })?
                + (bonded[a] - own);
            atoms_text.push(bracket_atom(word, hydrogens));
        }
        let text = write_smiles(&atoms_text, &neighbours, keep_atom);
        if text.is_empty() {
            return Ok(String::new());
        }
        Ok(Molecule::from_smiles(&text)?.to_smiles()?)
    }
}

fn bracket_atom(word: &AtomWord, hydrogens: u32) -> String {
    let h = match hydrogens {
        0 => String::new(),
        1 => "H".to_owned(),
        n => format!("H{n}"),
    };
    format!("[{}{h}{}]", word.symbol, charge_sign(word.charge))
}

fn charge_sign(charge: i8) -> &'static str {
    match charge {
        1 => "+",
        -1 => "-",
        _ => "",
    }
}

fn bond_symbol(order: u8) -> &'static str {
    match order {
        2 => "=",
        3 => "#",
        _ => "-",
    }
}

/// A SMILES string of a graph (components joined by `.`), depth first from the lowest atom of
/// each component, with ring closures for the bonds outside the depth-first tree.
fn write_smiles(
    atoms: &[String],
    neighbours: &[Vec<(usize, u8)>],
    keep_atom: impl Fn(usize) -> bool,
) -> String {
    let n = atoms.len();
    // First pass: depth-first visit order, tree children, and ring-closure bonds.
    let mut visited = vec![false; n];
    let mut children: Vec<Vec<(usize, u8)>> = vec![Vec::new(); n];
    let mut closures: Vec<Vec<(usize, u8)>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    let mut rank = vec![usize::MAX; n];
    let mut counter = 0;
    for root in 0..n {
        if visited[root] || !keep_atom(root) {
            continue;
        }
        roots.push(root);
        let mut stack = vec![(root, usize::MAX)];
        while let Some((a, parent)) = stack.pop() {
            if visited[a] {
                continue;
            }
            visited[a] = true;
            rank[a] = counter;
            counter += 1;
            if parent != usize::MAX {
                let order = neighbours[a]
                    .iter()
                    .find(|&&(p, _)| p == parent)
                    .map_or(1, |&(_, o)| o);
                children[parent].push((a, order));
            }
            let mut next: Vec<usize> = neighbours[a]
                .iter()
                .map(|&(b, _)| b)
                .filter(|&b| !visited[b])
                .collect();
            next.sort_unstable_by(|x, y| y.cmp(x));
            for b in next {
                stack.push((b, a));
            }
        }
    }
    let tree: HashSet<(usize, usize)> = children
        .iter()
        .enumerate()
        .flat_map(|(p, cs)| cs.iter().map(move |&(c, _)| (p.min(c), p.max(c))))
        .collect();
    for a in 0..n {
        for &(b, order) in &neighbours[a] {
            if a < b && !tree.contains(&(a, b)) {
                let (first, second) = if rank[a] < rank[b] { (a, b) } else { (b, a) };
                closures[first].push((second, order));
                closures[second].push((first, 0));
            }
        }
    }
    // Second pass: write, numbering ring closures with the lowest free digit.
    let mut out = String::new();
    let mut open: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut free: Vec<bool> = vec![true; 100];
    for (i, &root) in roots.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        let mut stack: Vec<Writing> = vec![Writing::Atom(root, 0)];
        while let Some(item) = stack.pop() {
            match item {
                Writing::Text(t) => out.push_str(t),
                Writing::Atom(a, order) => {
                    if order > 1 {
                        out.push_str(bond_symbol(order));
                    }
                    out.push_str(&atoms[a]);
                    let mut ring_bonds = closures[a].clone();
                    ring_bonds.sort_by_key(|&(b, _)| rank[b]);
                    for (b, order) in ring_bonds {
                        let key = (a.min(b), a.max(b));
                        let digit = match open.remove(&key) {
                            Some(d) => {
                                free[d] = true;
                                d
                            }
                            None => {
                                let d = (1..100)
                                    .find(|&d| free[d])
                                    .expect("fewer than 99 open rings");
                                free[d] = false;
                                open.insert(key, d);
                                if order > 1 {
                                    out.push_str(bond_symbol(order));
                                }
                                d
                            }
                        };
                        if digit < 10 {
                            out.push_str(&digit.to_string());
                        } else {
                            out.push_str(&format!("%{digit}"));
                        }
                    }
                    let kids = &children[a];
                    for (k, &(c, order)) in kids.iter().enumerate().rev() {
                        if k + 1 < kids.len() {
                            stack.push(Writing::Text(")"));
                            stack.push(Writing::Atom(c, order));
                            stack.push(Writing::Text("("));
                        } else {
                            stack.push(Writing::Atom(c, order));
                        }
                    }
                }
            }
        }
    }
    out
}

enum Writing {
    Atom(usize, u8),
    Text(&'static str),
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
