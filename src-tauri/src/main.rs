//! WattDesk's window: a thin shell that hands every request to `wattdesk-core`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod commands_mqtt;
mod events;

use tauri::Manager;
use wattdesk_core::{App, AppOptions, DemoMode};

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let demo = if std::env::args().any(|a| a == "--demo") {
        DemoMode::On
    } else {
        DemoMode::Auto
    };
    let mdns = match whatwatt::MdnsPolicy::from_env() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_meters,
            commands::add_meter,
            commands::remove_meter,
            commands::rename_meter,
            commands::probe_address,
            commands::discovery_snapshot,
            commands::set_discovery_active,
            commands::start_demo,
            commands::subscribe_live,
            commands::unsubscribe_live,
            commands_mqtt::list_brokers,
            commands_mqtt::save_broker,
            commands_mqtt::delete_broker,
            commands_mqtt::test_broker,
            commands_mqtt::meter_link,
            commands_mqtt::set_meter_link,
            commands_mqtt::device_mqtt,
            commands_mqtt::save_device_mqtt,
            commands_mqtt::preview_template,
            commands_mqtt::device_mqtt_status,
            commands_mqtt::suggest_mapping,
            commands_mqtt::transport_figures,
            commands_mqtt::compare_transports,
            commands_mqtt::quick_mqtt_setup,
        ])
        .setup(move |app| {
            let core = tauri::async_runtime::block_on(App::start(AppOptions {
                config_dir: None,
                demo,
                mdns,
                timing: Default::default(),
            }))
            .map_err(|e| Box::new(wattdesk_core::AppError::from(e)))?;
            events::forward(&core, app.handle().clone());
            app.manage(core);
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match result {
        Ok(a) => a,
        Err(e) => {
            eprintln!("WattDesk could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(core) = handle.try_state::<App>() {
                tauri::async_runtime::block_on(core.shutdown());
            }
        }
    });
}
