//! `/api/v1/mqtt/settings`.

use crate::helpers::*;
use whatwatt::models::mqtt_settings::MqttSettings;

#[test]
fn mqtt_settings_client_page_example() {
    let m: MqttSettings = parse("mqtt_settings_client.json", MQTT_CLIENT);
    assert_eq!(m.enable, Some(false));
    assert_eq!(m.url.as_deref(), Some("mqtts://broker.example.com"));
    assert_eq!(m.username.as_deref(), Some("demo"));
    assert!(m.password.is_none());
    assert_eq!(m.client_id.as_deref(), Some("device123"));
    assert_eq!(m.skip_cn_check, Some(false));
    let p = m.publish.as_ref().expect("publish");
    assert_eq!(p.topic.as_deref(), Some("test"));
    let template = p.template.as_deref().expect("template");
    // JSON escapes decoded: real newlines and quotes, placeholders untouched.
    assert!(
        template.starts_with("{\n  \"P_In\": ${1_7_0},\n"),
        "{template}"
    );
    assert!(template.contains("\"DateTime\": \"${meter.date_time}\""));
    assert!(template.ends_with("\"Id\": \"${sys.id}\"\n  }\n}"));
    assert_eq!(template.lines().count(), 12);
    assert_eq!(m.password_len, Some(0));
    assert_eq!((m.key_len, m.key_password_len), (None, None));
    assert_eq!((m.broker.as_ref(), m.client.as_ref()), (None, None));
}

#[test]
fn mqtt_settings_secure_mqtt_examples() {
    for (name, text, template) in [
        (
            "mqtt_settings_provision_verify.json",
            MQTT_PROVISION,
            r#"{ "P_In": ${1_7_0}, "P_Out": ${2_7_0} }"#,
        ),
        (
            "mqtt_settings_setup_script.json",
            MQTT_SETUP_SCRIPT,
            r#"{"P_In": ${1_7_0}, "P_Out": ${2_7_0}}"#,
        ),
    ] {
        let m: MqttSettings = parse(name, text);
        assert_eq!(m.enable, Some(true), "{name}");
        assert_eq!(
            m.url.as_deref(),
            Some("mqtts://192.168.99.186:8883"),
            "{name}"
        );
        assert_eq!(m.skip_cn_check, Some(true), "{name}");
        assert_eq!(m.client_id.as_deref(), Some("whatwatt-001"), "{name}");
        assert_eq!(m.username, None, "{name}");
        let p = m.publish.as_ref().expect("publish");
        assert_eq!(
            p.topic.as_deref(),
            Some("lab/energy/whatwatt-001"),
            "{name}"
        );
        assert_eq!(p.template.as_deref(), Some(template), "{name}");
        assert_eq!(m.password_len, Some(0), "{name}");
        // Certificates and keys were uploaded but are not echoed back.
        assert_eq!(
            (m.broker.as_ref(), m.client.as_ref()),
            (None, None),
            "{name}"
        );
        assert!(m.password.is_none(), "{name}");
    }
}
