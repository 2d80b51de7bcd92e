//! `wattdesk-cli probe`: who answers at an address, and whether it needs a password.

use crate::error::Result;
use std::process::ExitCode;
use std::time::Duration;
use whatwatt::ProbeOutcome;

pub async fn probe(host: &str, pw: &Option<String>, json: bool) -> Result<ExitCode> {
    let outcome =
        whatwatt::probe(host, crate::secrets::from_env(pw)?, Duration::from_secs(5)).await?;
    if json {
        println!("{}", serde_json::to_string(&outcome).unwrap_or_default());
    } else {
        match &outcome {
            ProbeOutcome::Device {
                device_id,
                system,
                protected,
                ..
            } => println!(
                "whatwatt Go {device_id}: firmware {}, licence {}, meter {}{}",
                system.device.firmware.as_deref().unwrap_or("?"),
                system
                    .device
                    .license
                    .as_ref()
                    .and_then(|l| l.kind.as_deref())
                    .unwrap_or("?"),
                system
                    .meter
                    .as_ref()
                    .and_then(|m| m.status.as_deref())
                    .unwrap_or("?"),
                if *protected {
                    ", password protected"
                } else {
                    ""
                }
            ),
            ProbeOutcome::NeedsPassword => println!("needs a password (use --password-env VAR)"),
            ProbeOutcome::WrongPassword => println!("the password was rejected"),
            ProbeOutcome::BasicRefused => println!(
                "the device asked for the password in clear text (HTTP Basic); it was not sent"
            ),
            ProbeOutcome::NotWhatwatt { detail } => println!("not a whatwatt Go: {detail}"),
            ProbeOutcome::UnknownHost { host } => println!("no device has the name {host}"),
            ProbeOutcome::Unreachable { detail } => println!("unreachable: {detail}"),
        }
    }
    Ok(match outcome {
        ProbeOutcome::Device { .. } => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}
