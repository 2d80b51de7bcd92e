//! `/api/v1/variables`.

use crate::helpers::*;
use whatwatt::models::variables::Variables;

#[test]
fn variables_doc_example() {
    let v: Variables = parse("variables.json", VARIABLES);
    assert_eq!(v.0.len(), 61);
    assert_eq!(v.0.first(), Some(&("sys.name".to_owned(), String::new())));
    assert_eq!(
        v.0.last(),
        Some(&("wifi.sta.dns".to_owned(), "0.0.0.0".to_owned()))
    );
    assert_eq!(v.raw("sys.id"), Some("A842E39F8124"));
    assert_eq!(v.raw("sys.firmware"), Some("1.2.15"));
    assert_eq!(v.raw("sys.date_time"), Some("2025-02-20T17:49:45Z"));
    assert_eq!(v.number("1_8_0"), Some(24.087));
    assert_eq!(v.number("energy.in"), Some(24.087));
    assert_eq!(v.raw("1_8_1"), Some("null"));
    assert_eq!(v.number("1_8_1"), None);
    assert_eq!(v.number("2_8_0"), Some(0.004));
    assert_eq!(v.number("3_8_0"), Some(10.505));
    assert_eq!(v.number("4_8_0"), Some(15.385));
    assert_eq!(v.number("1_7_0"), Some(0.006));
    assert_eq!(v.number("31_7_0"), Some(0.06));
    assert_eq!(v.number("32_7_0"), Some(233.0));
    assert_eq!(v.number("tariff"), Some(2.0));
    assert_eq!(v.number("timestamp"), Some(1_735_542_122.0));
    assert_eq!(v.number("wifi.sta.rssi"), Some(-30.0));
    assert_eq!(v.number("plug.voltage.mbus"), Some(10.952));
    assert_eq!(v.raw("meter.type"), Some("LGZ1030662444349"));
    assert_eq!(v.raw("meter.id"), Some(""));
    assert_eq!(v.number("meter.id"), None);
    assert_eq!(v.number("meter.vendor"), None, "not numeric");
    assert_eq!(v.raw("no.such.variable"), None);
    let nulls = v.0.iter().filter(|(_, val)| val == "null").count();
    assert_eq!(nulls, 8);
}
