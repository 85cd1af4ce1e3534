//! Similarity and substructure search over stored molecules.
//!
//! Fingerprints are stored with every molecule; the first search of a set
//! loads them into an in-memory index that is reused until the set is
//! re-imported (the cache is keyed by the set's revision). Similarity is a
//! Tanimoto scan of the index on all cores; substructure search screens with
//! the stored pattern fingerprints and matches only the survivors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use genui_chem::fingerprint::BitFingerprint;
use genui_chem::similarity::FingerprintIndex;
use genui_chem::substructure::{self, QuerySpec, SCREEN_BITS};
use genui_chem::{ChemError, Molecule};
use genui_storage::Db;
use serde::Serialize;

use crate::pipeline::SIMILARITY_FINGERPRINT;
use crate::store;

/// The searchable data of one imported set.
#[derive(Debug)]
pub struct SetIndex {
    ids: Vec<i64>,
    smiles: Vec<String>,
    fingerprints: FingerprintIndex,
    screens: Vec<BitFingerprint>,
}

impl SetIndex {
    fn build(rows: Vec<store::SearchRow>) -> Result<Self, ChemError> {
        let n_bits = SIMILARITY_FINGERPRINT.n_bits();
        let mut index = Self {
            ids: Vec::with_capacity(rows.len()),
            smiles: Vec::with_capacity(rows.len()),
            fingerprints: FingerprintIndex::new(n_bits),
            screens: Vec::with_capacity(rows.len()),
        };
        for row in rows {
            let fingerprint =
                BitFingerprint::from_words(store::fingerprint_words(&row.fingerprint), n_bits)?;
            index.fingerprints.push(&fingerprint)?;
            index.screens.push(BitFingerprint::from_words(
                store::fingerprint_words(&row.screen),
                SCREEN_BITS,
            )?);
            index.ids.push(row.id);
            index.smiles.push(row.smiles);
        }
        Ok(index)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Loaded set indexes by set id, each with the revision it was built from;
/// the least recently used go when they hold more than a budget of molecules
/// (about 600 bytes each: fingerprints, screen and SMILES).
#[derive(Debug)]
pub struct SearchCache {
    sets: Mutex<Cached>,
}

#[derive(Debug, Default)]
struct Cached {
    /// Set id → (revision, index, last use).
    entries: HashMap<i64, (i64, Arc<SetIndex>, u64)>,
    clock: u64,
    budget: usize,
}

impl Cached {
    fn get(&mut self, id: i64, revision: i64) -> Option<Arc<SetIndex>> {
        self.clock += 1;
        let clock = self.clock;
        match self.entries.get_mut(&id) {
            Some((cached, index, used)) if *cached == revision => {
                *used = clock;
                Some(index.clone())
            }
            _ => None,
        }
    }

    /// Keeps `index`, then drops the least recently used others while over budget.
    fn insert(&mut self, id: i64, revision: i64, index: Arc<SetIndex>) {
        self.clock += 1;
        self.entries.insert(id, (revision, index, self.clock));
        while self.entries.values().map(|e| e.1.len()).sum::<usize>() > self.budget {
            let oldest = self
                .entries
                .iter()
                .filter(|(k, _)| **k != id)
                .min_by_key(|(_, e)| e.2)
                .map(|(k, _)| *k);
            match oldest {
                Some(k) => self.entries.remove(&k),
                None => break,
            };
        }
    }
}

/// Molecules kept in search indexes by default (about 1.2 GB).
pub const DEFAULT_CACHE_MOLECULES: usize = 2_000_000;

impl Default for SearchCache {
    fn default() -> Self {
        Self::with_budget(DEFAULT_CACHE_MOLECULES)
    }
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is not valid chemistry.
    #[error("{0}")]
    Query(#[from] ChemError),
    #[error(transparent)]
    Storage(#[from] genui_storage::StorageError),
}

impl SearchCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache that keeps at most about `molecules` molecules (always the
    /// set being searched).
    pub fn with_budget(molecules: usize) -> Self {
        Self {
            sets: Mutex::new(Cached {
                budget: molecules,
                ..Cached::default()
            }),
        }
    }

    /// The index of set `id` at `revision`, loaded from the database unless cached.
    pub async fn index(
        &self,
        db: &Db,
        id: i64,
        revision: i64,
    ) -> Result<Arc<SetIndex>, SearchError> {
        if let Some(index) = self.sets.lock().expect("not poisoned").get(id, revision) {
            return Ok(index);
        }
        let rows = store::search_rows(db, id).await?;
        let index = Arc::new(
            tokio::task::spawn_blocking(move || SetIndex::build(rows))
                .await
                .map_err(|e| ChemError::InvalidArgument(format!("index build stopped: {e}")))??,
        );
        self.sets
            .lock()
            .expect("not poisoned")
            .insert(id, revision, index.clone());
        Ok(index)
    }

    /// The indexes of every imported set of a project.
    pub async fn project(&self, db: &Db, project: i64) -> Result<Vec<Arc<SetIndex>>, SearchError> {
        let mut indexes = Vec::new();
        for (id, revision) in store::imported_sets(db, project).await? {
            indexes.push(self.index(db, id, revision).await?);
        }
        Ok(indexes)
    }

    /// Forgets a set (deleted).
    pub fn evict(&self, id: i64) {
        self.sets.lock().expect("not poisoned").entries.remove(&id);
    }
}

/// A molecule found by a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub molecule_id: i64,
    /// Tanimoto similarity (ECFP4) for similarity searches.
    pub similarity: Option<f64>,
}

/// How many similar molecules to return.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SimilarityLimit {
    /// Every molecule at least this similar.
    Threshold(f64),
    /// The k most similar.
    TopK(usize),
}

/// Molecules similar to `smiles`, most similar first (ties by id).
pub fn similar(
    indexes: &[Arc<SetIndex>],
    smiles: &str,
    limit: SimilarityLimit,
) -> Result<Vec<Hit>, ChemError> {
    let query = SIMILARITY_FINGERPRINT.compute(&Molecule::from_smiles(smiles)?)?;
    let mut hits = Vec::new();
    for index in indexes {
        let found = match limit {
            SimilarityLimit::Threshold(t) => index.fingerprints.threshold(&query, t)?,
            SimilarityLimit::TopK(k) => index.fingerprints.top_k(&query, k)?,
        };
        hits.extend(found.into_iter().map(|h| Hit {
            molecule_id: index.ids[h.index],
            similarity: Some(h.similarity),
        }));
    }
    hits.sort_by(|a, b| {
        b.similarity
            .partial_cmp(&a.similarity)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.molecule_id.cmp(&b.molecule_id))
    });
    if let SimilarityLimit::TopK(k) = limit {
        hits.truncate(k);
    }
    Ok(hits)
}

/// Molecules that contain the query, in id order.
pub fn containing(indexes: &[Arc<SetIndex>], query: &QuerySpec) -> Result<Vec<Hit>, ChemError> {
    query.compile()?; // a bad query is an error even when there is nothing to search
    let mut hits = Vec::new();
    for index in indexes {
        let found = substructure::search_canonical(query, &index.smiles, Some(&index.screens))?;
        hits.extend(found.into_iter().map(|i| Hit {
            molecule_id: index.ids[i],
            similarity: None,
        }));
    }
    hits.sort_by_key(|h| h.molecule_id);
    Ok(hits)
}

/// The atoms of `smiles` matched by `query` (for highlighting).
pub fn matched_atoms(smiles: &str, query: &QuerySpec) -> Result<Vec<u32>, ChemError> {
    query
        .compile()?
        .matched_atoms(&Molecule::from_smiles(smiles)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(n: usize) -> Arc<SetIndex> {
        let fp = store::SearchRow {
            id: 0,
            smiles: "C".into(),
            fingerprint: vec![0; 256],
            screen: vec![0; 256],
        };
        Arc::new(SetIndex::build(vec![fp; n]).expect("index"))
    }

    #[test]
    fn the_least_recently_used_sets_leave_a_full_cache() {
        let mut cached = Cached {
            budget: 10,
            ..Cached::default()
        };
        cached.insert(1, 1, index(4));
        cached.insert(2, 1, index(4));
        assert!(cached.get(1, 1).is_some(), "set 1 is now the most recent");
        assert!(cached.get(1, 2).is_none(), "another revision is not cached");
        cached.insert(3, 1, index(4));
        assert!(
            cached.get(2, 1).is_none(),
            "set 2 was the least recently used"
        );
        assert!(cached.get(1, 1).is_some() && cached.get(3, 1).is_some());
        cached.insert(4, 1, index(30));
        assert_eq!(
            cached.entries.len(),
            1,
            "one big set stays alone, even over budget"
        );
    }
}
