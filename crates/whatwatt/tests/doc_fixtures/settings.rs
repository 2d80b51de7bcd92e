//! `/api/v1/settings`.

use crate::helpers::*;
use whatwatt::models::settings::Settings;

#[test]
fn settings_doc_example() {
    let s: Settings = parse("settings.json", SETTINGS);
    let sys = s.system.as_ref().expect("system");
    assert_eq!(sys.name.as_deref(), Some(""));
    assert_eq!(sys.host_name.as_deref(), Some("whatwatt_9F8124"));
    assert_eq!(sys.protection, Some(false));
    assert!(sys.password.is_none(), "GET never returns the password");
    assert_eq!(sys.power_save, Some(false));
    assert_eq!(sys.p1_wifi_boost, Some(true));
    assert_eq!(sys.use_dhcp_ntp_server, Some(true));
    assert_eq!(
        sys.custom_ntp_server.as_deref(),
        Some("time.cloudflare.com")
    );
    assert_eq!(sys.use_custom_ntp_server, Some(false));

    let sv = s.services.as_ref().expect("services");
    let cloud = sv.cloud.as_ref().expect("cloud");
    assert_eq!(
        (
            cloud.what_watt,
            cloud.solar_manager,
            cloud.mystrom,
            cloud.stromkonto
        ),
        (Some(true), Some(false), Some(false), Some(false))
    );
    assert_eq!(sv.local.as_ref().and_then(|l| l.solar_manager), Some(false));
    assert_eq!(sv.broadcast, Some(true));
    assert_eq!(sv.other_energy_provider, Some(false));
    assert_eq!(sv.report_interval, Some(30));
    assert_eq!(sv.low_power_report, Some(false));
    assert_eq!(sv.log, Some(false));
    assert_eq!(sv.meter_proxy, Some(false));
    let sd = sv.sd.as_ref().expect("sd");
    assert_eq!(
        (sd.enable, sd.frequency, sd.recorder_mode),
        (Some(false), Some(15), Some(false))
    );
    let mb = sv.modbus.as_ref().expect("modbus");
    assert_eq!((mb.enable, mb.port), (Some(false), Some(502)));
    let berry = sv.berry.as_ref().expect("berry");
    assert_eq!((berry.auto_run, berry.run_delay), (Some(false), Some(300)));
}

#[test]
fn settings_berry_page_example() {
    let s: Settings = parse("settings_berry.json", SETTINGS_BERRY);
    let sys = s.system.as_ref().expect("system");
    assert_eq!(sys.name.as_deref(), Some("My"));
    assert_eq!(sys.host_name.as_deref(), Some("whatwatt-000000"));
    assert_eq!((sys.protection, sys.power_save), (Some(false), Some(false)));
    assert!(sys.password.is_none());
    assert_eq!(sys.p1_wifi_boost, None);
    let sv = s.services.as_ref().expect("services");
    assert_eq!(sv.local.as_ref().and_then(|l| l.solar_manager), Some(true));
    assert_eq!(sv.report_interval, Some(30));
    assert_eq!(sv.low_power_report, None);
    let sd = sv.sd.as_ref().expect("sd");
    assert_eq!(
        (sd.enable, sd.frequency, sd.recorder_mode),
        (Some(true), Some(5), None)
    );
    let mb = sv.modbus.as_ref().expect("modbus");
    assert_eq!((mb.enable, mb.port), (Some(true), Some(5020)));
    let berry = sv.berry.as_ref().expect("berry");
    assert_eq!((berry.auto_run, berry.run_delay), (Some(false), Some(300)));
}

#[test]
fn settings_openapi_examples() {
    let get: Settings = parse("openapi_settings_get.json", OAS_SETTINGS_GET);
    let sys = get.system.as_ref().expect("system");
    assert_eq!(sys.name.as_deref(), Some(""));
    assert_eq!(sys.host_name.as_deref(), Some("whatwatt_9F8124"));
    assert_eq!(sys.protection, Some(false));
    let sv = get.services.as_ref().expect("services");
    assert_eq!(sv.report_interval, Some(30));
    assert_eq!((sv.cloud.as_ref(), sv.log), (None, None));

    let put: Settings = parse("openapi_settings_put.json", OAS_SETTINGS_PUT);
    assert_eq!(put.system.as_ref().and_then(|s| s.protection), Some(true));
    assert_eq!(
        put.services.as_ref().and_then(|s| s.report_interval),
        Some(15)
    );

    let post: Settings = parse("openapi_settings_post.json", OAS_SETTINGS_POST);
    let sys = post.system.as_ref().expect("system");
    assert_eq!(sys.name.as_deref(), Some("Plant A"));
    assert_eq!(sys.host_name.as_deref(), Some("whatwatt_9F8124"));
    assert_eq!(sys.protection, Some(false));
    let sv = post.services.as_ref().expect("services");
    assert_eq!((sv.report_interval, sv.log), (Some(30), Some(true)));
}
