//! Property tests that reach the arithmetic and the SD-card CSV paths, which random JSON and random text
//! (tests/fuzz.rs) almost never do: reports and live events shaped like the device's, whose numbers span
//! the whole f64 range (as numbers or numeric strings, or absent, `null`, `""`, `"NaN"`, `"inf"`), and
//! CSV files with the real columns in any order, unknown columns, and rows of any length.
//!
//! What must hold: the document parses; every quantity of the reading is finite (a sum of phases or a
//! net power of two huge values must not become infinity and reach a chart); a total is the device's
//! when it sends one, else the sum of the phases it sent; net power is import minus export.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use whatwatt::models::live::LiveEvent;
use whatwatt::models::report::ReportEnvelope;
use whatwatt::models::sdcard::{parse_csv, CSV_COLUMNS};
use whatwatt::Reading;

/// Any finite value, with the extremes that overflow when added.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1.0e4f64..1.0e5,
        1 => Just(0.0),
        1 => Just(f64::MAX),
        1 => Just(-f64::MAX),
        1 => Just(9.0e307),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

/// A field as devices send it; `None` leaves the key out.
fn field() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        6 => number().prop_map(|f| Some(json!(f))),
        2 => number().prop_map(|f| Some(Value::String(f.to_string()))),
        1 => Just(Some(Value::Null)),
        1 => prop::sample::select(vec!["", "null", "NaN", "inf", "-inf", "1e999"])
            .prop_map(|s| Some(Value::String(s.into()))),
        2 => Just(None),
    ]
}

fn object(keys: &[&str], values: Vec<Option<Value>>) -> Value {
    let mut m = Map::new();
    for (k, v) in keys.iter().zip(values) {
        if let Some(v) = v {
            m.insert((*k).to_owned(), v);
        }
    }
    Value::Object(m)
}

fn phases() -> impl Strategy<Value = Value> {
    prop::collection::vec(field(), 4).prop_map(|v| object(&["total", "l1", "l2", "l3"], v))
}

fn tariffs() -> impl Strategy<Value = Value> {
    prop::collection::vec(field(), 3).prop_map(|v| object(&["total", "t1", "t2"], v))
}

fn report() -> impl Strategy<Value = Value> {
    (
        (phases(), phases(), phases(), phases()),
        (tariffs(), tariffs()),
        (
            prop::collection::vec(field(), 3),
            prop::collection::vec(field(), 3),
        ),
        field(),
    )
        .prop_map(|((a_in, a_out, r_in, r_out), (e_in, e_out), (v, c), pf)| {
            let mut report = json!({
                "id": 7,
                "date_time_utc": "2025-10-07T12:29:41Z",
                "instantaneous_power": {
                    "active": {"positive": a_in, "negative": a_out},
                    "reactive": {"positive": r_in, "negative": r_out},
                },
                "energy": {"active": {"positive": e_in, "negative": e_out}},
                "voltage": object(&["l1", "l2", "l3"], v),
                "current": object(&["l1", "l2", "l3"], c),
            });
            if let Some(pf) = pf {
                report["power_factor"] = pf;
            }
            json!({ "report": report })
        })
}

const LIVE_KEYS: &[&str] = &[
    "P_In", "P_Out", "P_P1_In", "P_P2_In", "P_P3_In", "P_P1_Out", "P_P2_Out", "P_P3_Out", "rP_In",
    "rP_Out", "PF", "I_P1", "I_P2", "I_P3", "V_P1", "V_P2", "V_P3", "E_In", "E_In_T1", "E_In_T2",
    "E_Out", "E_Out_T1", "E_Out_T2", "rE_In", "rE_Out", "Uptime",
];

fn live_event() -> impl Strategy<Value = Value> {
    prop::collection::vec(field(), LIVE_KEYS.len()).prop_map(|v| {
        let mut ev = object(LIVE_KEYS, v);
        ev["Date"] = json!("2024-08-24");
        ev["Time"] = json!("14:34:00");
        ev
    })
}

/// Every quantity the reading carries, by name.
fn quantities(r: &Reading) -> Vec<(String, f64)> {
    let Value::Object(m) = serde_json::to_value(r).unwrap() else {
        unreachable!("a reading is an object")
    };
    m.into_iter()
        .filter_map(|(k, v)| v.as_f64().map(|f| (k, f)))
        .collect()
}

/// What a device field means after lenient parsing: a finite number, or nothing.
fn meant(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// The total the reading should carry for a `{total, l1, l2, l3}` object.
fn expected_total(p: &Value) -> Option<f64> {
    if let Some(t) = p.get("total").and_then(meant) {
        return Some(t);
    }
    let parts: Vec<f64> = ["l1", "l2", "l3"]
        .iter()
        .filter_map(|k| p.get(*k).and_then(meant))
        .collect();
    let sum: f64 = parts.iter().sum();
    (!parts.is_empty() && sum.is_finite()).then_some(sum)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn report_arithmetic_stays_finite_and_adds_up(doc in report()) {
        let env: ReportEnvelope = serde_json::from_value(doc.clone()).unwrap();
        let r = Reading::from_report(&env);
        for (name, value) in quantities(&r) {
            prop_assert!(value.is_finite(), "{name} = {value}");
        }
        let active = &doc["report"]["instantaneous_power"]["active"];
        prop_assert_eq!(r.power_import_kw, expected_total(&active["positive"]));
        prop_assert_eq!(r.power_export_kw, expected_total(&active["negative"]));
        let net = r.net_power_kw();
        prop_assert!(net.is_none_or(f64::is_finite), "net {net:?}");
        if let (Some(i), Some(e), Some(n)) = (r.power_import_kw, r.power_export_kw, net) {
            prop_assert_eq!(n, i - e);
        }
    }

    #[test]
    fn live_event_arithmetic_stays_finite(doc in live_event()) {
        let ev: LiveEvent = serde_json::from_value(doc.clone()).unwrap();
        let r = Reading::from_live(&ev, chrono::FixedOffset::east_opt(3600));
        for (name, value) in quantities(&r) {
            prop_assert!(value.is_finite(), "{name} = {value}");
        }
        prop_assert_eq!(r.power_import_kw, doc.get("P_In").and_then(meant));
        prop_assert!(r.net_power_kw().is_none_or(f64::is_finite));
        prop_assert!(r.timestamp.is_some());
    }

    /// A CSV file with the real columns in any order, some unknown ones, and rows of any length.
    #[test]
    fn sdcard_csv_reads_every_column_it_is_given(
        columns in prop::sample::subsequence(CSV_COLUMNS.to_vec(), 1..CSV_COLUMNS.len()).prop_shuffle(),
        extra in prop::collection::vec("[A-Z]{2,6}", 0..3),
        rows in prop::collection::vec(prop::collection::vec(number(), 1..70), 0..8),
    ) {
        let header: Vec<String> = columns.iter().map(|c| (*c).to_owned()).chain(extra.iter().map(|e| format!("X_{e}"))).collect();
        // The counter columns hold whole numbers.
        let rows: Vec<Vec<f64>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .enumerate()
                    .map(|(i, f)| match header.get(i).map(String::as_str) {
                        Some("RID" | "TARIFF") => (f.abs() % 1.0e6).floor(),
                        _ => f,
                    })
                    .collect()
            })
            .collect();
        let mut text = header.join(",");
        for row in &rows {
            text.push('\n');
            text.push_str(&row.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(","));
        }
        text.push('\n');
        let parsed = match parse_csv(&text) {
            Ok(p) => p,
            // Numbers in text columns (MID, MIDENT …) are fine; a row can only fail on a field that is
            // not what its column holds, which a generated number never is for a numeric column.
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}"))),
        };
        prop_assert_eq!(parsed.len(), rows.len());
        for (row, got) in rows.iter().zip(&parsed) {
            let got = serde_json::to_value(got).unwrap();
            for (i, column) in header.iter().enumerate() {
                let (Some(sent), Some(read)) = (row.get(i), got.get(column.as_str())) else { continue };
                if let Some(read) = read.as_f64() {
                    prop_assert_eq!(read, *sent, "{} in row {:?}", column, row);
                }
            }
        }
    }
}

#[test]
fn sdcard_text_columns_keep_their_text_and_short_rows_keep_what_they_have() {
    let rows = parse_csv("RID,MID,TIME,EAP_T,V_L1\n7,00012345,2025-01-02 03:04:05,12.5,230.1\n8,00012345,2025-01-02 03:04:06,12.6\n").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].MID.as_deref(),
        Some("00012345"),
        "a meter id is text"
    );
    assert_eq!(rows[0].V_L1, Some(230.1));
    assert_eq!(rows[1].RID, Some(8));
    assert_eq!(rows[1].EAP_T, Some(12.6));
    assert_eq!(rows[1].V_L1, None, "the cut-off column is absent");
    let err = parse_csv("RID,EAP_T\n7,twelve\n").unwrap_err().to_string();
    assert!(err.contains("CSV row 2"), "{err}");
}
