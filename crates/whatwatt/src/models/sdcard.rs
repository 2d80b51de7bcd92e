//! SD card: `GET /sdcard/<dir>/` listings and the daily `YYYYMMDD.CSV` report files.

use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryListing {
    pub path: String,
    #[serde(deserialize_with = "super::null_as_empty")]
    pub files: Vec<DirectoryEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryEntry {
    pub name: String,
    /// Bytes; 0 for directories.
    #[serde(with = "As::<Lenient>")]
    pub size: Option<u64>,
    /// `file` or `dir`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl DirectoryEntry {
    pub fn is_dir(&self) -> bool {
        self.kind.eq_ignore_ascii_case("dir")
    }
}

/// One row of an SD-card CSV report. Columns are matched by header name, so reordered, missing
/// (`None`) or new (ignored) columns from other firmware versions still parse. Units as in the report:
/// kW, kvar, kVA, kWh, kvarh, V, A.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[allow(non_snake_case)]
pub struct CsvRow {
    #[serde(with = "As::<Lenient>")]
    pub RID: Option<u64>,
    /// ISO-8601 UTC (`Z`) in current firmware.
    #[serde(with = "As::<Lenient>")]
    pub TIME: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub MID: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub MSTAT: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub TARIFF: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub PF: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAP_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAP_T1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAP_T2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAN_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAN_T1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub EAN_T2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub ERP_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub ERN_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub MDAP_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub MDAN_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAP_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAP_L1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAP_L2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAP_L3: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAN_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAN_L1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAN_L2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPAN_L3: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPRP_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPRN_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub IPA_T: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub V_L1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub V_L2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub V_L3: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub I_L1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub I_L2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub I_L3: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub MIDENT: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub MMODEL: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub MIF: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub MPROT: Option<String>,
    /// Report period in milliseconds (the column note says ms; the real rows show 6818 for a 6.8 s M-Bus meter).
    #[serde(with = "As::<Lenient>")]
    pub RP: Option<f64>,
}

/// The full column list in the order current firmware writes it (docs: sdcard/csv-format).
pub const CSV_COLUMNS: &[&str] = &[
    "RID", "TIME", "MID", "MSTAT", "TARIFF", "PF", "EAP_T", "EAP_T1", "EAP_T2", "EAN_T", "EAN_T1",
    "EAN_T2", "ERP_T", "ERP_T1", "ERP_T2", "ERN_T", "ERN_T1", "ERN_T2", "ERII_T", "ERII_T1",
    "ERII_T2", "ERIC_T", "ERIC_T1", "ERIC_T2", "EREI_T", "EREI_T1", "EREI_T2", "EREC_T", "EREC_T1",
    "EREC_T2", "MDAP_T", "MDAP_T1", "MDAP_T2", "MDAN_T", "MDAN_T1", "MDAN_T2", "IPAP_T", "IPAP_L1",
    "IPAP_L2", "IPAP_L3", "IPAN_T", "IPAN_L1", "IPAN_L2", "IPAN_L3", "IPRP_T", "IPRP_L1",
    "IPRP_L2", "IPRP_L3", "IPRN_T", "IPRN_L1", "IPRN_L2", "IPRN_L3", "IPA_T", "V_L1", "V_L2",
    "V_L3", "I_L1", "I_L2", "I_L3", "MIDENT", "MMODEL", "MIF", "MPROT", "RP",
];

/// Parses a whole CSV file (header line first). A row that does not parse is an error naming its line.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRow>, crate::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let bad = |what: String, e: &dyn std::fmt::Display| crate::Error::InvalidResponse {
        reason: what,
        snippet: crate::redact::snippet(&e.to_string()),
    };
    let headers = reader
        .headers()
        .map_err(|e| bad("the CSV header does not parse".into(), &e))?
        .clone();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let what = || format!("CSV row {} does not parse", i + 2);
        let record = record.map_err(|e| bad(what(), &e))?;
        // Each field goes to its column as the text it is: the CSV reader's own typing would turn a
        // meter id "00012345" into the number 12345; numeric columns read their text leniently. A row
        // with fewer fields than the header (older firmware writing fewer columns, a line cut short when
        // the power went) keeps what it has: the zip leaves the missing columns absent. Found by
        // tests/arithmetic_props.rs: before, one short row made the whole file unreadable.
        let fields: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, f)| !f.is_empty())
            .map(|(h, f)| (h.to_owned(), serde_json::Value::String(f.to_owned())))
            .collect();
        rows.push(
            serde_json::from_value(serde_json::Value::Object(fields))
                .map_err(|e| bad(what(), &e))?,
        );
    }
    Ok(rows)
}
