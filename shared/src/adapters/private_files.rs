//! Files that hold supporters' data or secrets: only their owner may read
//! or write them (mode 0600), from the moment they exist.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

const OWNER_ONLY: u32 = 0o600;

/// Options that create a file only its owner may use; the caller says how
/// it opens it. A file that already exists keeps its mode.
pub fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.mode(OWNER_ONLY);
    options
}

/// Writes `contents` to `path`, as [`std::fs::write`] does, into a file
/// only its owner may use.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?
        .write_all(contents.as_ref())
}

/// Leaves `file` to its owner alone, whatever mode it was made with (by an
/// earlier version, say).
pub fn restrict(file: &File) -> io::Result<()> {
    file.set_permissions(Permissions::from_mode(OWNER_ONLY))
}
