//! Bertz's molecular complexity index (S. H. Bertz, J. Am. Chem. Soc. 103,
//! 3599, 1981).
//!
//! A port of `BertzCT` from RDKit's `rdkit/Chem/GraphDescriptors.py` (Greg
//! Landrum and Rational Discovery LLC, BSD-3-Clause) with its defaults
//! (`cutoff=100`, `forceDMat=1`), including its quirks, so that it agrees
//! with the Python original to the last few bits: symmetry classes come from
//! the bond-order-weighted distance matrix with each sorted row printed as
//! `'%.4f'`, aromatic bonds count as order 1.5, and every other bond as the
//! numeric value of its RDKit `BondType` (so a dative bond counts as 17).

use std::collections::HashMap;
use std::fmt::Write;

use genui_chem_sys::graph_ffi;

use crate::error::{RdkitResultExt, Result};
use crate::molecule::Molecule;

/// Vertices are topologically equivalent when their sorted distance rows
/// agree out to this many nearest neighbours (RDKit's default).
const CUTOFF: usize = 100;

/// RDKit's `BondType::AROMATIC` value.
const AROMATIC_BOND_TYPE: u32 = 12;

/// `GraphDescriptors.BertzCT(mol)`.
pub fn bertz_ct(mol: &Molecule) -> Result<f64> {
    let atoms = mol.atoms();
    let n_atoms = atoms.len();
    if n_atoms < 2 {
        return Ok(0.0);
    }

    // _CreateBondDictEtc: per-atom sorted neighbour lists, and bond orders.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n_atoms];
    let mut bond_order: HashMap<(usize, usize), f64> = HashMap::new();
    for bond in mol.bonds() {
        let (a, b) = (bond.begin as usize, bond.end as usize);
        let key = (a.min(b), a.max(b));
        let order = if bond.is_aromatic || bond.bond_type == AROMATIC_BOND_TYPE {
            1.5
        } else {
            f64::from(bond.bond_type)
        };
        bond_order.insert(key, order);
        if !neighbours[key.0].contains(&key.1) {
            neighbours[key.0].push(key.1);
        }
        if !neighbours[key.1].contains(&key.0) {
            neighbours[key.1].push(key.0);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
    }
    let order_of = |a: usize, b: usize| bond_order[&(a.min(b), a.max(b))];

    let classes = symmetry_classes(mol, n_atoms)?;

    // Python dicts keep insertion order, and the entropy sums run in that
    // order; `Counter` does the same so the float sums match bit for bit.
    let mut atom_types = Counter::default();
    let mut connections = Counter::default();
    for (atom, view) in atoms.iter().enumerate() {
        atom_types.add((view.atomic_num, 0, 0), 1.0);
        let hinge = classes[atom];
        let nbrs = &neighbours[atom];
        for (i, &ni) in nbrs.iter().enumerate() {
            let ni_class = classes[ni];
            let order_i = order_of(atom, ni);
            if order_i > 1.0 && ni > atom {
                // (a, b) pairs: classes start at 1, so a 0 third element
                // keeps them apart from the (a, hinge, b) triples.
                let key = (hinge.min(ni_class), hinge.max(ni_class), 0);
                connections.add(key, order_i * (order_i - 1.0) / 2.0);
            }
            for &nj in &nbrs[i + 1..] {
                let nj_class = classes[nj];
                let key = (ni_class.min(nj_class), hinge, ni_class.max(nj_class));
                connections.add(key, order_i * order_of(atom, nj));
            }
        }
    }
    if connections.values.is_empty() {
        connections.add((0, 0, 0), 1.0);
    }

    // _CalculateEntropies
    let total: f64 = connections.values.iter().fold(0.0, |sum, &v| sum + v);
    let connection_ie = total * (info_entropy(&connections.values) + total.ln() / 2f64.ln());
    let atom_type_ie = n_atoms as f64 * info_entropy(&atom_types.values);
    Ok(atom_type_ie + connection_ie)
}

/// _AssignSymmetryClasses: atoms whose sorted rows of the bond-order
/// distance matrix print the same (`'%.4f'`, first `CUTOFF` entries) share
/// a class; classes are numbered from 1 in order of first appearance.
fn symmetry_classes(mol: &Molecule, n_atoms: usize) -> Result<Vec<u32>> {
    let matrix =
        graph_ffi::distance_matrix(mol.raw(), true).during("compute the distance matrix")?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut classes = Vec::with_capacity(n_atoms);
    let mut sorted = Vec::with_capacity(n_atoms);
    for row in matrix.chunks_exact(n_atoms) {
        sorted.clear();
        sorted.extend_from_slice(row);
        sorted.sort_by(f64::total_cmp);
        // One string per row (entries never contain the separator) instead
        // of Python's tuple of strings: the same equality, fewer allocations.
        let mut key = String::with_capacity(8 * sorted.len().min(CUTOFF));
        for d in sorted.iter().take(CUTOFF) {
            write!(key, "{d:.4} ").expect("writing to a String cannot fail");
        }
        let next = seen.len() as u32 + 1;
        classes.push(*seen.entry(key).or_insert(next));
    }
    Ok(classes)
}

/// A float-valued counter that remembers the order keys were first seen.
#[derive(Default)]
struct Counter {
    index: HashMap<(u32, u32, u32), usize>,
    values: Vec<f64>,
}

impl Counter {
    fn add(&mut self, key: (u32, u32, u32), amount: f64) {
        let next = self.values.len();
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            // Python: dict.get(key, 0) + amount, i.e. 0 + amount.
            self.values.push(0.0);
        }
        self.values[at] += amount;
    }
}

/// `rdkit.ML.InfoTheory.entropy.InfoEntropy` (its C++ version): Shannon
/// entropy in bits of the distribution given by the counts.
fn info_entropy(counts: &[f64]) -> f64 {
    let total = counts.iter().fold(0.0, |sum, &c| sum + c);
    let mut accum = 0.0;
    if total != 0.0 {
        for &c in counts {
            let d = c / total;
            if d != 0.0 {
                accum += -d * d.ln();
            }
        }
    }
    accum / 2f64.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_molecules_have_zero_or_small_complexity() {
        assert_eq!(
            bertz_ct(&Molecule::from_smiles("C").expect("valid test input"))
                .expect("valid test input"),
            0.0
        );
        let ethane = bertz_ct(&Molecule::from_smiles("CC").expect("valid test input"))
            .expect("valid test input");
        let benzene = bertz_ct(&Molecule::from_smiles("c1ccccc1").expect("valid test input"))
            .expect("valid test input");
        assert!(ethane >= 0.0 && benzene > ethane, "{ethane} {benzene}");
    }
}
