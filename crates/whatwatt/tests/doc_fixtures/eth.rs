//! `/api/v1/eth/settings`.

use crate::helpers::*;
use whatwatt::models::eth::EthSettings;

#[test]
fn eth_settings_doc_example() {
    let e: EthSettings = parse("eth_settings.json", ETH);
    assert_eq!(e.enable, Some(true));
    assert_eq!(e.static_ip, Some(false));
    assert_eq!(e.ip.as_deref(), Some("0.0.0.0"));
    assert_eq!(e.netmask.as_deref(), Some("0.0.0.0"));
    assert_eq!(e.gateway.as_deref(), Some("0.0.0.0"));
    assert_eq!(e.dns.as_deref(), Some("0.0.0.0"));
}

#[test]
fn eth_settings_openapi_example() {
    let e: EthSettings = parse("openapi_eth_settings.json", OAS_ETH);
    assert_eq!((e.enable, e.static_ip), (Some(true), Some(false)));
    assert_eq!(
        (e.ip, e.netmask, e.gateway, e.dns),
        (None, None, None, None)
    );
}
