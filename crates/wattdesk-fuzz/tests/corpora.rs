//! Every seed and every input a fuzzing campaign ever found to crash (`fuzz/regressions/`) goes
//! through its check on stable, in CI; the device JSON checks also get the vendor doc examples.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file() && !p.ends_with(".keep"));
    out.sort();
    out
}

#[test]
fn every_seed_and_regression_passes_its_check() {
    let docs = files(&root().join("crates/whatwatt/tests/fixtures/docs"));
    assert!(docs.len() >= 29, "the vendor doc examples are there");
    let mut ran = 0;
    for (name, check) in wattdesk_fuzz::TARGETS {
        let mut inputs = files(&root().join("fuzz/seeds").join(name));
        inputs.extend(files(&root().join("fuzz/regressions").join(name)));
        if matches!(
            *name,
            "device_json" | "reading" | "mqtt_decode" | "settings_doc"
        ) {
            inputs.extend(docs.iter().cloned());
        }
        assert!(!inputs.is_empty(), "{name} has seeds");
        for path in inputs {
            let data = std::fs::read(&path).expect("readable");
            check(&data);
            ran += 1;
        }
    }
    assert!(ran > 100, "{ran} inputs");
}

#[test]
fn garbage_of_every_shape_passes_every_check() {
    let garbage: [&[u8]; 8] = [
        b"",
        b"\0",
        b"{",
        b"[]",
        b"null",
        &[0xff, 0xfe, 0x00, 0x01],
        b"\"\\ud800\"",
        b"{\"device\":{\"id\":5}}",
    ];
    for (_, check) in wattdesk_fuzz::TARGETS {
        for g in garbage {
            check(g);
        }
    }
}
