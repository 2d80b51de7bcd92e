fn main() {
    // Declaring the app's commands makes them permission-gated: the main window may call exactly the
    // ones its capability (capabilities/main.json) allows.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "list_meters",
            "add_meter",
            "remove_meter",
            "rename_meter",
            "probe_address",
            "discovery_snapshot",
            "set_discovery_active",
            "start_demo",
            "subscribe_live",
            "unsubscribe_live",
            "list_brokers",
            "save_broker",
            "delete_broker",
            "test_broker",
            "meter_link",
            "set_meter_link",
            "device_mqtt",
            "save_device_mqtt",
            "preview_template",
            "device_mqtt_status",
            "suggest_mapping",
            "transport_figures",
            "compare_transports",
            "quick_mqtt_setup",
        ]),
    ))
    .expect("failed to run tauri-build");
}
