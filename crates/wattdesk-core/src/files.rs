//! Writing WattDesk's files safely: a temp file in the same folder, flushed to disk, then renamed over
//! the old one, so a crash or a full disk leaves the old file or the new one, never half of either.

use crate::error::{CoreError, Result};
use std::io::Write as _;
use std::path::Path;

/// Writes `body` to `path` atomically (mode 0600 from the start on Unix: the temp file is created
/// private). With `private_dir`, the folder is made 0700 first (for the secrets file).
pub fn write_atomic(path: &Path, body: &[u8], private_dir: bool) -> Result<()> {
    let err = |source| CoreError::Storage {
        path: path.display().to_string(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    #[cfg(unix)]
    if private_dir {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(err)?;
    }
    #[cfg(not(unix))]
    let _ = private_dir;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(body).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Writes `value` as pretty JSON to `path` atomically (see [`write_atomic`]).
pub fn write_json(path: &Path, value: &impl serde::Serialize, private_dir: bool) -> Result<()> {
    let body = serde_json::to_vec_pretty(value).map_err(|e| CoreError::Storage {
        path: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    write_atomic(path, &body, private_dir)
}
