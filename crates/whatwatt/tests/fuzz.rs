//! Garbled input never panics: random bytes and chunkings into the SSE parser, random JSON into every
//! model, random header text into the auth parsers. Plus the SSE framing cases a real device produces.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use bytes::Bytes;
use futures_util::{stream, StreamExt};
use proptest::prelude::*;
use whatwatt::models::{
    eth::EthSettings, live::LiveEvent, meter_settings::MeterSettings, mqtt_settings::MqttSettings,
    report::ReportEnvelope, scalers::Scaler, sdcard::DirectoryListing, settings::Settings,
    system::SystemInfo, variables::Variables, wifi::WifiNetwork, wifi::WifiStaSettings,
};
use whatwatt::{Error, LiveStream, Reading};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Feeds `chunks` to a live stream and collects everything it yields.
fn run(chunks: Vec<Vec<u8>>) -> Vec<Result<Reading, Error>> {
    rt().block_on(async {
        let s = stream::iter(chunks.into_iter().map(|c| Ok::<_, String>(Bytes::from(c))));
        LiveStream::from_bytes(s, None).collect().await
    })
}

/// Splits `data` at the given cut points.
fn chunked(data: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts.into_iter().chain([data.len()]) {
        out.push(data[last..c].to_vec());
        last = c;
    }
    out
}

const EVENT: &str = r#"{"P_In":0.036,"P_Out":0,"V_P1":230.1,"E_In":47.251,"T":1,"Date":"2024-08-24","Time":"14:34:00","Uptime":71.05}"#;

#[test]
fn framing_lf_crlf_cr_comments_and_unknown_events() {
    for nl in ["\n", "\r\n", "\r"] {
        let text = format!(
            ":comment{nl}event: hello{nl}data: {{}}{nl}{nl}event: live{nl}data: {EVENT}{nl}{nl}event: live{nl}data: not json{nl}{nl}event: live{nl}data: {EVENT}{nl}{nl}"
        );
        let items = run(vec![text.into_bytes()]);
        assert_eq!(items.len(), 3, "newline {nl:?}: {items:?}");
        assert_eq!(items[0].as_ref().unwrap().power_import_kw, Some(0.036));
        assert!(matches!(items[1], Err(Error::MalformedEvent { .. })));
        assert_eq!(items[2].as_ref().unwrap().voltage_l1_v, Some(230.1));
    }
}

#[test]
fn an_event_split_byte_by_byte_still_parses() {
    let text = format!("event: live\r\ndata: {EVENT}\r\n\r\n");
    let items = run(text.bytes().map(|b| vec![b]).collect());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().energy_import_kwh, Some(47.251));
}

#[test]
fn a_byte_that_is_not_utf8_spoils_its_event_only() {
    let items = run(vec![
        format!("event: live\ndata: {EVENT}\n\n").into_bytes(),
        b"event: live\ndata: {\"P_In\":\xff}\n\n".to_vec(),
        format!("event: live\ndata: {EVENT}\n\n").into_bytes(),
    ]);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[2].is_ok(), "{items:?}");
    assert!(matches!(items[1], Err(Error::MalformedEvent { .. })));
}

#[test]
fn oversized_event_ends_the_stream_with_an_error() {
    let mut chunks = vec![b"event: live\ndata: ".to_vec()];
    chunks.extend(std::iter::repeat_n(vec![b'x'; 8192], 10));
    let items = run(chunks);
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(matches!(items[0], Err(Error::OversizedEvent { .. })));
}

#[test]
fn transport_error_is_reported_then_the_stream_ends() {
    let items = rt().block_on(async {
        let s = stream::iter(vec![
            Ok(Bytes::from(format!("event: live\ndata: {EVENT}\n\n"))),
            Err("connection reset".to_owned()),
            Ok(Bytes::from(format!("event: live\ndata: {EVENT}\n\n"))),
        ]);
        LiveStream::from_bytes(s, None).collect::<Vec<_>>().await
    });
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(&items[1], Err(Error::StreamBroken(m)) if m.contains("reset")));
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        "[a-zA-Z0-9_. -]{0,12}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("null")),
        Just(serde_json::Value::from("12.5")),
    ];
    let keys = prop_oneof![
        Just("device".to_owned()),
        Just("report".to_owned()),
        Just("id".to_owned()),
        Just("P_In".to_owned()),
        Just("energy".to_owned()),
        Just("active".to_owned()),
        Just("positive".to_owned()),
        Just("total".to_owned()),
        Just("system".to_owned()),
        Just("services".to_owned()),
        Just("sd".to_owned()),
        Just("publish".to_owned()),
        Just("broker".to_owned()),
        Just("certificate".to_owned()),
        Just("files".to_owned()),
        "[a-z_]{1,8}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn decode_all(text: &str) {
    let _ = serde_json::from_str::<SystemInfo>(text);
    let _ = serde_json::from_str::<ReportEnvelope>(text).map(|e| Reading::from_report(&e));
    let _ = serde_json::from_str::<LiveEvent>(text).map(|e| Reading::from_live(&e, None));
    let _ = serde_json::from_str::<Settings>(text);
    let _ = serde_json::from_str::<MeterSettings>(text);
    let _ = serde_json::from_str::<MqttSettings>(text);
    let _ = serde_json::from_str::<Vec<WifiNetwork>>(text);
    let _ = serde_json::from_str::<WifiStaSettings>(text);
    let _ = serde_json::from_str::<EthSettings>(text);
    let _ = serde_json::from_str::<Variables>(text);
    let _ = serde_json::from_str::<Vec<Scaler>>(text);
    let _ = serde_json::from_str::<DirectoryListing>(text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sse_random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..4096),
                                    cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        let _ = run(chunked(&data, &cuts));
    }

    #[test]
    fn sse_valid_events_survive_any_chunking(n in 1usize..6, crlf in any::<bool>(),
                                             cuts in prop::collection::vec(any::<usize>(), 0..12)) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text: String = (0..n).map(|_| format!("event: live{nl}data: {EVENT}{nl}{nl}")).collect();
        let items = run(chunked(text.as_bytes(), &cuts));
        prop_assert_eq!(items.len(), n);
        prop_assert!(items.iter().all(|i| i.as_ref().map(|r| r.power_import_kw == Some(0.036)).unwrap_or(false)));
    }

    #[test]
    fn sse_garbled_data_lines_are_errors_not_crashes(payload in "[ -~]{0,200}") {
        let text = format!("event: live\ndata: {payload}\n\nevent: live\ndata: {EVENT}\n\n");
        let items = run(vec![text.into_bytes()]);
        prop_assert!(items.last().map(|i| i.is_ok()).unwrap_or(false), "a good event after a bad one still arrives");
    }

    #[test]
    fn models_accept_or_reject_random_json_without_panicking(v in json_value()) {
        decode_all(&v.to_string());
    }

    #[test]
    fn models_survive_random_text(s in "\\PC{0,300}") {
        decode_all(&s);
        let _ = whatwatt::models::sdcard::parse_csv(&s);
    }

    #[test]
    fn mqtt_payloads_decode_or_fail_without_panicking(v in json_value(), s in "\\PC{0,300}") {
        use whatwatt::mqtt::{decode, Mapping, PayloadFormat};
        for text in [v.to_string(), s] {
            let format = PayloadFormat::detect(text.as_bytes());
            for m in [Mapping::wattdesk(), Mapping::home_assistant()] {
                if let Ok(d) = decode(text.as_bytes(), &m) {
                    // A decoded payload always carries something, and is in no other built-in format.
                    let empty = Reading { source: d.reading.source, ..Reading::default() };
                    prop_assert!(d.reading != empty, "{text}");
                    prop_assert!(format.is_none_or(|f| f.mapping() == m));
                }
            }
        }
    }

    #[test]
    fn auth_header_parsers_never_panic(s in "\\PC{0,200}") {
        let _ = whatwatt::auth::Challenge::pick([s.as_str()]);
        let _ = whatwatt::auth::Challenge::pick([format!("Digest {s}").as_str()]);
        let _ = whatwatt::auth::digest::DigestCredentials::parse(&format!("Digest {s}"));
        let _ = whatwatt::parse_address(&s);
    }
}
