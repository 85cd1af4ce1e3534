//! One molecule per InChIKey within a set.

use std::collections::HashMap;

use crate::pipeline::{Activity, ProcessedMolecule};

/// A stored molecule with the positions and activities of every record
/// that gave it.
#[derive(Debug, Clone)]
pub struct Merged {
    pub molecule: ProcessedMolecule,
    pub positions: Vec<u64>,
    pub activities: Vec<Activity>,
}

/// Merges molecules with the same InChIKey, keeping the first record's
/// structure and name, and all records' activities in input order. Returns
/// the merged molecules (in order of first appearance) and how many records
/// were merged into an earlier one.
pub fn merge_duplicates(molecules: Vec<ProcessedMolecule>) -> (Vec<Merged>, usize) {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut merged: Vec<Merged> = Vec::new();
    let mut duplicates = 0;
    for molecule in molecules {
        match by_key.get(&molecule.inchikey) {
            Some(&at) => {
                duplicates += 1;
                let kept = &mut merged[at];
                kept.positions.push(molecule.record.position);
                kept.activities.extend(molecule.record.activities);
            }
            None => {
                by_key.insert(molecule.inchikey.clone(), merged.len());
                merged.push(Merged {
                    positions: vec![molecule.record.position],
                    activities: molecule.record.activities.clone(),
                    molecule,
                });
            }
        }
    }
    (merged, duplicates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{process, Record, Structure};

    #[test]
    fn salt_forms_of_one_parent_become_one_molecule_with_all_activities() {
        let inputs = [
            ("CN1CCC[C@H]1c1cccnc1", 5.0),
            ("C[NH+]1CCC[C@H]1c1cccnc1.[Cl-]", 6.0),
            ("CCO", 4.0),
            ("c1ncccc1[C@@H]1CCCN1C", 7.0),
        ];
        let molecules = inputs
            .iter()
            .enumerate()
            .map(|(i, (smiles, value))| {
                let activity = Activity {
                    kind: "pKi".into(),
                    value: *value,
                    units: None,
                    relation: None,
                    assay: None,
                    target: None,
                    chembl: None,
                };
                process(Record {
                    position: i as u64 + 1,
                    name: None,
                    structure: Structure::Smiles((*smiles).into()),
                    activities: vec![activity],
                    extra: Vec::new(),
                })
                .expect("valid")
            })
            .collect();
        let (merged, duplicates) = merge_duplicates(molecules);
        assert_eq!(duplicates, 2);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].positions, vec![1, 2, 4]);
        let values: Vec<f64> = merged[0].activities.iter().map(|a| a.value).collect();
        assert_eq!(values, vec![5.0, 6.0, 7.0]);
        assert_eq!(merged[1].molecule.canonical_smiles, "CCO");
    }
}
