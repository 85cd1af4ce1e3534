//! Files under the data directory: uploads, model files, exports, depictions.
//!
//! Every file gets an unguessable name (128 random bits) inside a folder per
//! kind, so a name leaks nothing and cannot be guessed; files are never
//! served by path, only by handlers that first check who owns the object the
//! file belongs to. A file is written under a temporary name and appears
//! under its final name only when [`PendingFile::persist`] is called, so a
//! failed or retried task never leaves a half-written file behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rand::RngCore;

/// The folder that holds GenUI's files (`GENUI_DATA_MOUNT/files`).
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// A stored file's key: `<kind>/<32 hex digits>[.ext]`, what the database keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey(String);

impl FileKey {
    /// Accepts only keys this store could have made, so a key read from
    /// anywhere can never point outside the store.
    pub fn parse(key: &str) -> Result<Self, io::Error> {
        let invalid = || {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid file key {key:?}"),
            )
        };
        let (kind, name) = key.split_once('/').ok_or_else(invalid)?;
        let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
        let kind_ok = !kind.is_empty()
            && kind
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_');
        let stem_ok = stem.len() == 32
            && stem
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        let ext_ok = ext.len() <= 16 && ext.bytes().all(|b| b.is_ascii_alphanumeric());
        if kind_ok && stem_ok && ext_ok {
            Ok(Self(key.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FileStore {
    /// A store rooted at `root` (created when missing).
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    /// Starts a new file of `kind` (e.g. `uploads`, `exports`); write to it,
    /// then [`PendingFile::persist`] it. Dropped without persisting, it is removed.
    pub fn create(&self, kind: &str, extension: &str) -> io::Result<PendingFile> {
        let mut random = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut random);
        let name = if extension.is_empty() {
            hex::encode(random)
        } else {
            format!("{}.{extension}", hex::encode(random))
        };
        let key = FileKey::parse(&format!("{kind}/{name}"))?;
        let dir = self.root.join(kind);
        fs::create_dir_all(&dir)?;
        let temporary = dir.join(format!(".{name}.partial"));
        let file = fs::File::create_new(&temporary)?;
        Ok(PendingFile {
            file: Some(file),
            temporary,
            target: self.path(&key),
            key,
        })
    }

    /// Where a stored file is on disk.
    pub fn path(&self, key: &FileKey) -> PathBuf {
        self.root.join(&key.0)
    }

    /// Removes a stored file; a file that is already gone is not an error.
    pub fn remove(&self, key: &FileKey) -> io::Result<()> {
        match fs::remove_file(self.path(key)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// A file being written; see [`FileStore::create`].
#[derive(Debug)]
pub struct PendingFile {
    file: Option<fs::File>,
    temporary: PathBuf,
    target: PathBuf,
    key: FileKey,
}

impl PendingFile {
    pub fn key(&self) -> &FileKey {
        &self.key
    }

    /// Flushes the file to disk and gives it its final name.
    pub fn persist(mut self) -> io::Result<FileKey> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        fs::rename(&self.temporary, &self.target)?;
        Ok(self.key.clone())
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.as_mut() {
            Some(file) => file.write(buf),
            None => Err(io::Error::other("file already persisted")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persisted_files_get_unguessable_distinct_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::open(dir.path().join("files")).expect("store");
        let mut first = store.create("uploads", "sdf").expect("create");
        first.write_all(b"data").expect("write");
        let first = first.persist().expect("persist");
        let second = store
            .create("uploads", "sdf")
            .expect("create")
            .persist()
            .expect("persist");
        assert_ne!(first, second);
        assert!(first.as_str().starts_with("uploads/") && first.as_str().ends_with(".sdf"));
        assert_eq!(fs::read(store.path(&first)).expect("read"), b"data");
        store.remove(&first).expect("remove");
        store.remove(&first).expect("removing twice is fine");
        assert!(!store.path(&first).exists());
    }

    #[test]
    fn abandoned_files_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::open(dir.path()).expect("store");
        let mut pending = store.create("exports", "csv").expect("create");
        pending.write_all(b"half").expect("write");
        let target = store.path(pending.key());
        drop(pending);
        assert!(!target.exists());
        let leftovers = fs::read_dir(dir.path().join("exports"))
            .expect("dir")
            .count();
        assert_eq!(leftovers, 0, "the partial file is removed too");
    }

    #[test]
    fn keys_cannot_escape_the_store() {
        for bad in [
            "../etc/passwd",
            "uploads/../../x",
            "uploads/abc",
            "/uploads/0123456789abcdef0123456789abcdef",
            "UP/0123456789abcdef0123456789abcdef",
            "uploads/0123456789abcdef0123456789abcdef.s/h",
            "",
        ] {
            assert!(FileKey::parse(bad).is_err(), "{bad}");
        }
        assert!(FileKey::parse("uploads/0123456789abcdef0123456789abcdef.sdf").is_ok());
    }
}
