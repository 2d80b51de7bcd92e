//! `/api/v1/meter/settings`.

use crate::helpers::*;
use whatwatt::models::meter_settings::MeterSettings;

#[test]
fn meter_settings_doc_example() {
    let m: MeterSettings = parse("meter_settings.json", METER_SETTINGS);
    assert_eq!(m.baudrate, Some(115200));
    assert_eq!(m.parity.as_deref(), Some("none"));
    assert_eq!(m.stop_bits.as_deref(), Some("1"));
    assert_eq!(m.buffer_size, Some(64));
    assert_eq!(m.method.as_deref(), Some("Passive Push"));
    assert_eq!(m.encryption, Some(false));
    assert!(m.encryption_key.is_none() && m.authentication_key.is_none());
    assert_eq!((m.rx_invert, m.tx_invert), (Some(false), Some(false)));
    assert_eq!(m.auto_baudrate, Some(true));
    assert_eq!(m.if_type.as_deref(), Some("auto"));
    assert_eq!(m.protocol.as_deref(), Some("auto"));
    assert_eq!(m.if_mode.as_deref(), Some("auto"));
    assert_eq!(m.conv_factor, Some(1.0));
    assert_eq!(m.time_offset, Some(0));
    assert_eq!(m.sync_time_offset_with_ntp, Some(false));
    assert_eq!(m.scalers_set.as_deref(), Some("default"));
}
