//! The native file chooser, opened by the backend: the webview never names a path on this computer
//! (it has no file-system access), the user picks one here. `WATTDESK_PICK_FILE` answers instead of
//! the chooser (the window tests cannot click a native dialog).

use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

pub const ENV_PICK_FILE: &str = "WATTDESK_PICK_FILE";

fn seam() -> Option<Option<PathBuf>> {
    std::env::var_os(ENV_PICK_FILE)
        .map(|p| Some(PathBuf::from(p)).filter(|p| !p.as_os_str().is_empty()))
}

/// A file to read (`extensions`: what the chooser offers, e.g. `["bin"]`). `None`: cancelled.
pub async fn open(
    app: &AppHandle,
    title: &str,
    kind: &str,
    extensions: &[&str],
) -> Option<PathBuf> {
    if let Some(p) = seam() {
        return p;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(kind, extensions)
        .pick_file(move |f| {
            let _ = tx.send(f.and_then(|f| f.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Where to write a file, suggesting `name`. `None`: cancelled.
pub async fn save(app: &AppHandle, title: &str, name: &str) -> Option<PathBuf> {
    if let Some(p) = seam() {
        return p;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().set_title(title).set_file_name(name);
    if let Some(dir) =
        directories::UserDirs::new().and_then(|d| d.download_dir().map(|d| d.to_path_buf()))
    {
        dialog = dialog.set_directory(dir);
    }
    dialog.save_file(move |f| {
        let _ = tx.send(f.and_then(|f| f.into_path().ok()));
    });
    rx.await.ok().flatten()
}
