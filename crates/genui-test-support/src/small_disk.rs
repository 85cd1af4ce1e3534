//! [`SmallDisk`]: a few megabytes of tmpfs a test fills up, to play a full disk without
//! touching the machine's real one. Mounting needs root; tests skip without it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of a given size on a temporary directory, unmounted on drop.
pub struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    /// Mounts `megabytes` of tmpfs; `None` where that is not allowed (not root).
    pub fn mount(megabytes: u32) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        mounted.then_some(Self(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Fills the disk with one file; deleting it frees the space again.
    pub fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).expect("filler");
        let block = vec![7u8; 64 << 10];
        while std::io::Write::write_all(&mut file, &block).is_ok() {}
        // Whatever is left is smaller than a block: take that too.
        while std::io::Write::write_all(&mut file, &[7u8; 512]).is_ok() {}
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}
