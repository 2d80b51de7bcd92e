//! The simulated micro-SD card: daily `YYYYMMDD.CSV` report files plus a system folder.

use crate::meter::Snapshot;
use std::collections::{BTreeMap, BTreeSet};
use whatwatt::models::sdcard::{DirectoryEntry, DirectoryListing, CSV_COLUMNS};

/// Oldest rows are dropped beyond this, so a long fast-mode run cannot eat memory.
const MAX_ROWS: usize = 200_000;

#[derive(Debug, Default)]
pub struct SdCard {
    files: BTreeMap<String, Vec<String>>,
    dirs: BTreeSet<String>,
    rows: usize,
}

pub struct MeterIdent<'a> {
    pub ident: &'a str,
    pub interface: &'a str,
    pub protocol: &'a str,
}

impl SdCard {
    pub fn new() -> SdCard {
        SdCard {
            dirs: BTreeSet::from(["SYSTEM~1".to_owned()]),
            ..SdCard::default()
        }
    }

    /// File name of the day a report belongs to (UTC date, matching the UTC `TIME` column).
    pub fn file_name(s: &Snapshot) -> String {
        format!("{}.CSV", s.time.format("%Y%m%d"))
    }

    pub fn append(&mut self, s: &Snapshot, m: &MeterIdent<'_>) {
        self.files
            .entry(SdCard::file_name(s))
            .or_default()
            .push(s.csv_row(m.ident, m.interface, m.protocol));
        self.rows += 1;
        while self.rows > MAX_ROWS {
            let Some(first) = self.files.keys().next().cloned() else {
                break;
            };
            if let Some(rows) = self.files.remove(&first) {
                self.rows -= rows.len();
            }
        }
    }

    /// A whole file as served: header line and rows, CRLF-free.
    pub fn read(&self, name: &str) -> Option<String> {
        let rows = self.files.get(&name.to_ascii_uppercase())?;
        let mut out = CSV_COLUMNS.join(",");
        out.push('\n');
        for r in rows {
            out.push_str(r);
            out.push('\n');
        }
        Some(out)
    }

    /// Listing of `dir` (`""` = root). `None` if the directory does not exist.
    pub fn list(&self, dir: &str) -> Option<DirectoryListing> {
        let dir = dir.trim_matches('/');
        if !dir.is_empty() && !self.dirs.contains(&dir.to_ascii_uppercase()) {
            return None;
        }
        let path = if dir.is_empty() {
            "/sdcard/".to_owned()
        } else {
            format!("/sdcard/{dir}/")
        };
        let mut files = Vec::new();
        if dir.is_empty() {
            for name in self.files.keys() {
                files.push(DirectoryEntry {
                    name: name.clone(),
                    size: self.read(name).map(|t| t.len() as u64),
                    kind: "file".into(),
                });
            }
            for d in &self.dirs {
                files.push(DirectoryEntry {
                    name: d.clone(),
                    size: Some(0),
                    kind: "dir".into(),
                });
            }
        }
        Some(DirectoryListing { path, files })
    }

    /// Deletes a file or (path ending in `/`) a directory. False if nothing was there.
    pub fn delete(&mut self, path: &str) -> bool {
        let name = path.trim_matches('/').to_ascii_uppercase();
        if path.ends_with('/') {
            return self.dirs.remove(&name);
        }
        match self.files.remove(&name) {
            Some(rows) => {
                self.rows -= rows.len();
                true
            }
            None => false,
        }
    }
}
