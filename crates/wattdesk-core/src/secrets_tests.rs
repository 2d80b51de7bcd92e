//! The file store as a user's machine can leave it: private, exposed, damaged, and as root.

use super::*;

#[test]
fn file_store_round_trip_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conf/secrets.json");
    let store = SecretStore::file(path.clone());
    assert!(store.get("A").unwrap().is_none());
    store.set("A", &Secret::new("pw-a")).unwrap();
    store.set("B", &Secret::new("pw-b")).unwrap();
    assert_eq!(store.get("A").unwrap().unwrap().expose(), "pw-a");
    store.delete("A").unwrap();
    assert!(store.get("A").unwrap().is_none());
    assert_eq!(store.get("B").unwrap().unwrap().expose(), "pw-b");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
    assert!(matches!(store.backend(), SecretBackend::File { .. }));
    // Entries keep the names of earlier releases.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"meter:B\""), "{text}");
}

#[cfg(unix)]
#[test]
fn a_file_others_can_read_is_refused_and_explained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    std::fs::write(&path, br#"{"meter:A":"pw-a"}"#).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = SecretStore::file(path.clone());
    let err = store.get("A").unwrap_err();
    assert!(
        matches!(err, CoreError::SecretsExposed { mode: 0o644, .. }),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("chmod 600") && !text.contains("pw-a"),
        "{text}"
    );
    // Writing does not quietly take over the exposed file either.
    assert!(store.set("B", &Secret::new("pw-b")).is_err());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        br#"{"meter:A":"pw-a"}"#.to_vec()
    );
}

#[test]
fn a_damaged_file_is_moved_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    let store = SecretStore::file(path.clone());
    store.set("A", &Secret::new("pw-a")).unwrap();
    // A crash mid-write on a filesystem without atomic rename, or a hand edit.
    let good = std::fs::read(&path).unwrap();
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert!(store.get("A").unwrap().is_none());
    let aside = store.recovered().expect("reported");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        good[..good.len() / 2].to_vec()
    );
    // The store works again, without having overwritten what was kept aside.
    store.set("B", &Secret::new("pw-b")).unwrap();
    assert_eq!(store.get("B").unwrap().unwrap().expose(), "pw-b");
    assert!(aside.exists());
}

#[test]
fn a_parent_path_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("conf");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let store = SecretStore::file(blocker.join("secrets.json"));
    let err = store.set("A", &Secret::new("pw-a")).unwrap_err();
    assert!(matches!(err, CoreError::Storage { .. }), "{err}");
    assert!(err.to_string().contains("conf"), "{err}");
    assert!(!err.to_string().contains("pw-a"));
}

#[test]
fn headless_machine_falls_back_to_the_file() {
    // CI and these build machines have no Secret Service session: the store must still work, and
    // it must be the file store that did the work.
    let dir = tempfile::tempdir().unwrap();
    let store = SecretStore::open(dir.path().join("secrets.json"), false);
    assert!(
        matches!(store.backend(), SecretBackend::File { .. }),
        "no keychain answers here"
    );
    store.set("C", &Secret::new("pw-c")).unwrap();
    assert_eq!(store.get("C").unwrap().unwrap().expose(), "pw-c");
    assert!(dir.path().join("secrets.json").exists());
    store.delete("C").unwrap();
}
