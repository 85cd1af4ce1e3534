//! A decoded graph written as SMILES, for RDKit to perceive aromaticity and canonicalize.

use std::collections::{BTreeMap, HashSet};

use genui_chem::Molecule;

use super::AtomWord;
use crate::{GenError, Result};

/// Atoms (word, drawn by a fragment step) and bonds (order, drawn by a fragment step) of a
/// decoded table.
#[derive(Default)]
pub(super) struct Graph {
    pub(super) atoms: Vec<(AtomWord, bool)>,
    pub(super) bonds: BTreeMap<(u32, u32), (u8, bool)>,
}

impl Graph {
    /// Canonical SMILES of the whole graph, or of its fragment part: every atom written with
    /// its hydrogens (valence minus bonds) and every bond with its order, for RDKit to perceive
    /// aromaticity and canonicalize.
    pub(super) fn smiles(&self, fragment_part: bool) -> Result<String> {
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

pub(super) fn charge_sign(charge: i8) -> &'static str {
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
