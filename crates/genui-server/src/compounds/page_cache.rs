//! Answers of whole-set molecule pages (`GET /api/compound-sets/{id}/molecules` without sort or
//! filter), kept serialized and reused while the set's contents stay the same: a page is fixed
//! by the set's import revision and its activity sets (predictions come and go), so browsing a
//! large set under load reads the database once per page instead of once per request.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;
use genui_compounds::store::ContentsVersion;

/// What fixes a page's answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub set: i64,
    pub contents: ContentsVersion,
    /// The request's query string (page, page size; the links repeat it).
    pub query: String,
}

/// Serialized pages, the oldest dropped first past a budget of bytes.
#[derive(Debug)]
pub struct PageCache {
    inner: Mutex<Pages>,
}

#[derive(Debug, Default)]
struct Pages {
    bodies: HashMap<PageKey, Bytes>,
    order: VecDeque<PageKey>,
    bytes: usize,
    budget: usize,
}

/// Bytes of pages kept: about 2,000 pages of 100 molecules (some 120 kB each), every page of a
/// 200,000-molecule set.
pub const DEFAULT_PAGE_CACHE_BYTES: usize = 256 << 20;

impl PageCache {
    pub fn with_budget(budget: usize) -> Self {
        Self {
            inner: Mutex::new(Pages {
                budget,
                ..Pages::default()
            }),
        }
    }

    pub fn get(&self, key: &PageKey) -> Option<Bytes> {
        self.lock().bodies.get(key).cloned()
    }

    /// Keeps `body`, then drops the oldest pages while over budget.
    pub fn insert(&self, key: PageKey, body: Bytes) {
        let mut pages = self.lock();
        if body.len() > pages.budget || pages.bodies.contains_key(&key) {
            return;
        }
        pages.bytes += body.len();
        pages.order.push_back(key.clone());
        pages.bodies.insert(key, body);
        while pages.bytes > pages.budget {
            let Some(oldest) = pages.order.pop_front() else {
                break;
            };
            if let Some(dropped) = pages.bodies.remove(&oldest) {
                pages.bytes -= dropped.len();
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self::with_budget(DEFAULT_PAGE_CACHE_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(set: i64, query: &str) -> PageKey {
        PageKey {
            set,
            contents: ContentsVersion {
                revision: 1,
                activity_sets: 0,
                newest_activity_set: 0,
            },
            query: query.to_owned(),
        }
    }

    #[test]
    fn pages_are_kept_within_the_budget_oldest_dropped_first() {
        let cache = PageCache::with_budget(10);
        cache.insert(key(1, "page=1"), Bytes::from_static(b"aaaa"));
        cache.insert(key(1, "page=2"), Bytes::from_static(b"bbbb"));
        assert_eq!(cache.get(&key(1, "page=1")).as_deref(), Some(&b"aaaa"[..]));
        cache.insert(key(2, "page=1"), Bytes::from_static(b"cccc"));
        assert_eq!(cache.get(&key(1, "page=1")), None, "the oldest went");
        assert!(cache.get(&key(1, "page=2")).is_some() && cache.get(&key(2, "page=1")).is_some());
        let mut changed = key(2, "page=1");
        changed.contents.activity_sets = 1;
        assert_eq!(cache.get(&changed), None, "new predictions make a new page");
        cache.insert(key(3, "page=1"), Bytes::from(vec![0; 11]));
        assert_eq!(cache.get(&key(3, "page=1")), None, "larger than the budget");
    }
}
