//! One record's way from text to a stored molecule: parse → ChEMBL
//! standardization → parent → canonical SMILES, InChI, InChIKey →
//! descriptors → fingerprints.

use genui_chem::descriptors::{descriptors_screened, Descriptors};
use genui_chem::fingerprint::{BitFingerprint, FingerprintKind};
use genui_chem::identifiers::inchi;
use genui_chem::standardize::{check, parent, standardize, without_coordinates};
use genui_chem::substructure::screen_fingerprint;
use genui_chem::Molecule;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The fingerprint stored with every molecule for similarity search.
pub const SIMILARITY_FINGERPRINT: FingerprintKind = FingerprintKind::ECFP4;

/// A structure as the import file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Structure {
    Smiles(String),
    MolBlock(String),
}

/// One measured activity of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// e.g. `pIC50`, `Ki`.
    pub kind: String,
    pub value: f64,
    pub units: Option<String>,
    /// `=`, `<`, `>` … as ChEMBL's standard relation.
    pub relation: Option<String>,
    /// ChEMBL assay and target ids, when the source has them.
    pub assay: Option<String>,
    pub target: Option<String>,
    /// What ChEMBL says of it beyond that (none for other sources).
    pub chembl: Option<ChemblDetail>,
}

/// What ChEMBL says of an activity beyond its value and ids (stored with it, served with it).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema,
)]
pub struct ChemblDetail {
    /// `Not Active`, `Inconclusive`, … (ChEMBL's `activity_comment`).
    pub comment: Option<String>,
    /// B binding, F functional, A ADMET, T toxicity, P physicochemical, U unassigned.
    pub assay_type: Option<String>,
    pub assay_description: Option<String>,
    pub target_name: Option<String>,
    pub target_organism: Option<String>,
    /// The ChEMBL document (publication) id.
    pub document_id: Option<String>,
}

impl ChemblDetail {
    fn texts(&self) -> impl Iterator<Item = &String> {
        [
            &self.comment,
            &self.assay_type,
            &self.assay_description,
            &self.target_name,
            &self.target_organism,
            &self.document_id,
        ]
        .into_iter()
        .flatten()
    }
}

/// One input record: a row of a CSV file, a record of an SD file, an
/// activity of ChEMBL.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Row or record number in the input, for the import report.
    pub position: u64,
    pub name: Option<String>,
    pub structure: Structure,
    pub activities: Vec<Activity>,
    /// Further columns or SD tags the user chose to keep, by name.
    pub extra: Vec<(String, String)>,
}

impl Record {
    /// Whether any text of the record holds a NUL character (which no
    /// database text column can store).
    pub fn holds_nul(&self) -> bool {
        let structure = match &self.structure {
            Structure::Smiles(text) | Structure::MolBlock(text) => text,
        };
        let activities = self.activities.iter().flat_map(|a| {
            [Some(&a.kind), a.units.as_ref(), a.relation.as_ref()]
                .into_iter()
                .chain([a.assay.as_ref(), a.target.as_ref()])
                .flatten()
                .chain(a.chembl.iter().flat_map(ChemblDetail::texts))
        });
        let extra = self.extra.iter().flat_map(|(k, v)| [k, v]);
        [structure]
            .into_iter()
            .chain(&self.name)
            .chain(activities)
            .chain(extra)
            .any(|text| text.contains('\0'))
    }
}

/// A record that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rejection {
    pub position: u64,
    /// The start of the input, to recognise it by.
    pub input: String,
    pub reason: String,
}

/// What is stored for a molecule.
#[derive(Debug, Clone)]
pub struct ProcessedMolecule {
    pub record: Record,
    pub canonical_smiles: String,
    pub inchi: String,
    pub inchikey: String,
    pub descriptors: Descriptors,
    pub fingerprint: BitFingerprint,
    /// Pattern fingerprint that screens substructure searches.
    pub screen: BitFingerprint,
}

/// Standardizes and describes one record.
pub fn process(record: Record) -> Result<ProcessedMolecule, Rejection> {
    match describe(&record) {
        Ok((canonical_smiles, id, descriptors, fingerprint, screen)) => Ok(ProcessedMolecule {
            record,
            canonical_smiles,
            inchi: id.inchi,
            inchikey: id.key,
            descriptors,
            fingerprint,
            screen,
        }),
        Err(reason) => Err(rejection(&record, reason)),
    }
}

type Described = (
    String,
    genui_chem::identifiers::Inchi,
    Descriptors,
    BitFingerprint,
    BitFingerprint,
);

fn describe(record: &Record) -> Result<Described, String> {
    if let Some(bad) = record.activities.iter().find(|a| !a.value.is_finite()) {
        return Err(format!(
            "activity {} has no numeric value ({})",
            bad.kind, bad.value
        ));
    }
    let text = |e: genui_chem::ChemError| e.to_string();
    let parsed = match &record.structure {
        Structure::Smiles(smiles) => Molecule::from_smiles(smiles).map_err(text)?,
        // Stereo is perceived from the coordinates while parsing; the
        // pipeline then needs a 2D-free molecule (it refuses 3D ones).
        Structure::MolBlock(block) => {
            without_coordinates(&Molecule::from_molblock(block).map_err(text)?).map_err(text)?
        }
    };
    let standardized = standardize(&parsed).map_err(text)?;
    let parent = parent(&standardized).map_err(text)?;
    if parent.excluded {
        let issues: Vec<String> = check(&parsed)
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.message)
            .collect();
        return Err(format!(
            "excluded by the ChEMBL structure pipeline (metal or boron cluster): {}",
            issues.join("; ")
        ));
    }
    let mol = parent.molecule;
    let canonical_smiles = mol.to_smiles().map_err(text)?;
    // RDKit cannot read some of its own SMILES back (e.g. triple bonds in
    // small rings); such a molecule could never be exported and re-imported.
    Molecule::from_smiles(&canonical_smiles).map_err(|e| {
        format!("RDKit cannot read back its canonical SMILES {canonical_smiles}: {e}")
    })?;
    let id = inchi(&mol).map_err(text)?;
    let screen = screen_fingerprint(&mol).map_err(text)?;
    let descriptors = descriptors_screened(&mol, Some(&screen)).map_err(text)?;
    let fingerprint = SIMILARITY_FINGERPRINT.compute(&mol).map_err(text)?;
    Ok((canonical_smiles, id, descriptors, fingerprint, screen))
}

fn rejection(record: &Record, reason: String) -> Rejection {
    let input = match &record.structure {
        Structure::Smiles(smiles) => smiles.as_str(),
        Structure::MolBlock(block) => block.lines().next().unwrap_or(""),
    };
    Rejection {
        position: record.position,
        input: input.chars().take(200).collect(),
        reason,
    }
}

/// Processes records on all cores, in input order. `progress` is called
/// with the number of records done; once `cancelled` answers true the work
/// stops and `None` is returned.
///
/// The work goes in rounds of a few records per core: the thread pool is
/// shared by every task of the process, and a parallel iterator keeps the
/// pool's threads busy with its own pieces until it ends, while work that
/// other tasks queue meanwhile waits its turn in arrival order. Rounds end
/// often, so a small import is never stuck behind a huge one.
pub fn process_all(
    records: Vec<Record>,
    cancelled: &(dyn Fn() -> bool + Sync),
    progress: &(dyn Fn(usize) + Sync),
) -> Option<Vec<Result<ProcessedMolecule, Rejection>>> {
    let round = 64 * rayon::current_num_threads();
    let mut results = Vec::with_capacity(records.len());
    let mut records = records.into_iter();
    loop {
        let batch: Vec<Record> = records.by_ref().take(round).collect();
        if batch.is_empty() {
            break;
        }
        let processed: Option<Vec<_>> = batch
            .into_par_iter()
            .map(|record| (!cancelled()).then(|| process(record)))
            .collect();
        results.extend(processed?);
        progress(results.len());
    }
    Some(results)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn smiles(position: u64, smiles: &str, activities: Vec<Activity>) -> Record {
        Record {
            position,
            name: None,
            structure: Structure::Smiles(smiles.into()),
            activities,
            extra: Vec::new(),
        }
    }

    fn pic50(value: f64) -> Activity {
        Activity {
            kind: "pIC50".into(),
            value,
            units: None,
            relation: Some("=".into()),
            chembl: None,
            assay: None,
            target: None,
        }
    }

    #[test]
    fn salts_are_stripped_and_charges_neutralized() {
        let processed =
            process(smiles(1, "C[NH+]1CCC[C@H]1c1cccnc1.[Cl-]", vec![])).expect("nicotine HCl");
        assert_eq!(processed.canonical_smiles, "CN1CCC[C@H]1c1cccnc1");
        assert_eq!(processed.inchikey, "SNICXCGAKADSCV-JTQLQIEISA-N");
        assert_eq!(processed.descriptors.get("heavy_atoms"), Some(12.0));
        assert!(processed.fingerprint.count_ones() > 0 && processed.screen.count_ones() > 0);
    }

    #[test]
    fn bad_records_are_rejected_with_position_and_reason() {
        let bad = process(smiles(7, "C1CC", vec![])).expect_err("unclosed ring");
        assert_eq!(bad.position, 7);
        assert_eq!(bad.input, "C1CC");
        assert!(bad.reason.contains("ring bond 1"), "{}", bad.reason);
        let nan = process(smiles(8, "CCO", vec![pic50(f64::NAN)])).expect_err("NaN activity");
        assert!(nan.reason.contains("no numeric value"), "{}", nan.reason);
        let metal = process(smiles(9, "[Pt](Cl)(Cl)(N)N", vec![])).expect_err("excluded");
        assert!(metal.reason.contains("excluded"), "{}", metal.reason);
    }

    #[test]
    fn mol_blocks_with_3d_coordinates_are_imported() {
        let block = Molecule::from_smiles("C[C@H](N)C(=O)O")
            .and_then(|m| m.to_molblock("alanine"))
            .expect("block");
        let processed = process(Record {
            position: 1,
            name: None,
            structure: Structure::MolBlock(block),
            activities: vec![],
            extra: Vec::new(),
        })
        .expect("alanine");
        assert_eq!(processed.canonical_smiles, "C[C@H](N)C(=O)O");
    }

    #[test]
    fn processing_all_keeps_order_reports_progress_and_can_be_cancelled() {
        let records: Vec<Record> = (0..600)
            .map(|i| smiles(i, if i % 3 == 0 { "C(" } else { "c1ccccc1O" }, vec![]))
            .collect();
        let seen = AtomicUsize::new(0);
        let results = process_all(records.clone(), &|| false, &|n| {
            seen.fetch_max(n, Ordering::Relaxed);
        })
        .expect("not cancelled");
        assert_eq!(results.len(), 600);
        assert_eq!(seen.load(Ordering::Relaxed), 600);
        for (i, result) in results.iter().enumerate() {
            assert_eq!(result.is_err(), i % 3 == 0, "record {i}");
        }
        assert!(process_all(records, &|| true, &|_| {}).is_none());
    }
}
