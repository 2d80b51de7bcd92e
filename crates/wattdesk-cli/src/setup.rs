//! `wattdesk-cli setup`: a new meter from its access point (or the home network) to saved and
//! streaming, on the same core code as the app's wizard. Progress goes to stdout, one line per step
//! (`--json`: NDJSON `{"type":"step",…}`; the last line `{"type":"done",…}`).

use crate::error::{CliError, Result};
use crate::secrets::from_env;
use std::process::ExitCode;
use wattdesk_core::ipc::FoundBy;
use wattdesk_core::setup::{NetworkChoice, SetupPlan, SetupProgress, SetupTiming};
use wattdesk_core::{App, AppOptions, DemoMode};

/// How the device joins the network, as given on the command line.
pub struct NetworkArgs {
    pub ssid: Option<String>,
    pub wifi_password_env: Option<String>,
    pub wps: bool,
    pub ethernet: bool,
    pub max_tx_power: Option<f64>,
}

/// The rest of what the device is told.
pub struct Choices {
    pub name: Option<String>,
    pub report_interval: Option<u32>,
    pub meter_interface: Option<(String, String)>,
}

pub struct SecretArgs {
    pub meter_key_env: Option<String>,
    pub auth_key_env: Option<String>,
    pub password_env: Option<String>,
}

pub async fn setup(
    address: Option<&str>,
    network: NetworkArgs,
    secrets: SecretArgs,
    choices: Choices,
    json: bool,
) -> Result<ExitCode> {
    let chosen = [network.ssid.is_some(), network.wps, network.ethernet];
    if chosen.iter().filter(|c| **c).count() > 1 {
        return Err(CliError::Usage(
            "choose one of --ssid, --wps and --ethernet".into(),
        ));
    }
    let network = match network {
        NetworkArgs {
            ssid: Some(ssid),
            wifi_password_env,
            max_tx_power,
            ..
        } => NetworkChoice::Wifi {
            ssid,
            password: from_env(&wifi_password_env)?,
            static_ip: None,
            max_tx_power,
        },
        NetworkArgs { wps: true, .. } => NetworkChoice::Wps,
        NetworkArgs { ethernet: true, .. } => NetworkChoice::Ethernet { static_ip: None },
        _ => NetworkChoice::Keep,
    };
    let mut plan = SetupPlan {
        address: address.unwrap_or_default().to_owned(),
        network,
        meter_key: from_env(&secrets.meter_key_env)?,
        auth_key: from_env(&secrets.auth_key_env)?,
        password: from_env(&secrets.password_env)?,
        name: choices.name,
        report_interval_s: choices.report_interval,
        meter_interface: choices.meter_interface,
    };
    let options = AppOptions::from_env(DemoMode::Off)?;
    let app = App::start(options).await?;
    let result: Result<_> = async {
        if address.is_none() {
            plan.address = located(&app, json).await?;
        }
        Ok(app
            .set_up(plan, SetupTiming::default(), |p| print_progress(&p, json))
            .await?)
    }
    .await;
    app.shutdown().await;
    let done = result?;
    if json {
        let mut line = serde_json::to_value(&done).unwrap_or_default();
        line["type"] = "done".into();
        println!("{line}");
    } else {
        println!(
            "Done: {} ({}) saved at {}, meter {}.",
            done.name, done.device_id, done.address, done.meter_status
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The one device found without an address; several, or none, are the user's to choose.
async fn located(app: &App, json: bool) -> Result<String> {
    let found = app.setup_locate().await;
    match found.as_slice() {
        [one] => {
            if !json {
                println!(
                    "Found whatwatt Go {} at {} ({}).",
                    one.device_id,
                    one.address,
                    match one.found_by {
                        FoundBy::Gateway => "this computer's gateway",
                        FoundBy::Mdns => "mDNS",
                    }
                );
            }
            Ok(one.address.clone())
        }
        [] => Err(CliError::Usage(
            "no whatwatt Go found: join the device's own Wi-Fi (or the network it is on) and try again, or give its address".into(),
        )),
        many => Err(CliError::Usage(format!(
            "several devices answer; give the address of the one to set up: {}",
            many.iter()
                .map(|c| format!("{} ({})", c.address, c.device_id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn print_progress(p: &SetupProgress, json: bool) {
    if json {
        println!("{}", serde_json::to_string(p).unwrap_or_default());
        return;
    }
    match p {
        SetupProgress::Step { message, .. } => println!("{message}"),
        SetupProgress::Device {
            device_id,
            firmware,
            license,
            network,
            meter_status,
            ..
        } => println!(
            "whatwatt Go {device_id}: firmware {}, licence {}, on {network}, meter {}",
            firmware.as_deref().unwrap_or("?"),
            license.as_deref().unwrap_or("?"),
            meter_status.as_deref().unwrap_or("?")
        ),
        SetupProgress::Waiting { .. } => {}
        SetupProgress::MeterStatus { status, advice, .. } => println!("meter: {status}. {advice}"),
        SetupProgress::Warning { message, .. } => println!("note: {message}"),
    }
}
