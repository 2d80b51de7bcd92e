//! `wattdesk-cli alerts` and `wattdesk-cli prefs`: the desktop app's notifications and choices on a
//! headless box. `alerts` watches the saved meters and prints each alert the app would show as a
//! notification (same rules, same quiet period, same words); `prefs` reads or changes the choices the
//! Settings panel makes (language, closing the window, which notifications).

use crate::error::{CliError, Result};
use std::process::ExitCode;
use wattdesk_core::ipc::{CloseAction, Language, Preferences};
use wattdesk_core::{App, AppOptions, DemoMode};

#[derive(clap::Args)]
pub struct PrefsArgs {
    /// The app's language: en, de, fr, it, or `system` to follow the computer.
    #[arg(long)]
    language: Option<String>,
    /// What closing the window does: `keep` (run on in the tray) or `quit`.
    #[arg(long)]
    on_close: Option<String>,
    /// Turn a notification on or off: offline=on, voltage=off, stream=on, peak=on (repeatable).
    #[arg(long = "notify")]
    notify: Vec<String>,
    /// Minutes a meter must be offline before the notification.
    #[arg(long)]
    offline_minutes: Option<u32>,
    /// Volts under which the supply voltage counts as low.
    #[arg(long)]
    low_voltage: Option<u32>,
}

fn language(s: &str) -> Result<Option<Language>> {
    Ok(Some(match s {
        "system" => return Ok(None),
        "en" => Language::En,
        "de" => Language::De,
        "fr" => Language::Fr,
        "it" => Language::It,
        _ => {
            return Err(CliError::Usage(format!(
                "--language {s}: use en, de, fr, it or system"
            )))
        }
    }))
}

/// Applies the command line's changes to `p`; an unknown value is a usage error, nothing half-applied.
fn apply(args: &PrefsArgs, mut p: Preferences) -> Result<Preferences> {
    if let Some(l) = &args.language {
        p.language = language(l)?;
    }
    if let Some(c) = &args.on_close {
        p.on_close = match c.as_str() {
            "keep" => CloseAction::KeepRunning,
            "quit" => CloseAction::Quit,
            _ => return Err(CliError::Usage(format!("--on-close {c}: use keep or quit"))),
        };
    }
    for n in &args.notify {
        let (kind, value) = n.split_once('=').unwrap_or((n, "on"));
        let on = match value {
            "on" => true,
            "off" => false,
            _ => {
                return Err(CliError::Usage(format!(
                    "--notify {n}: use KIND=on or KIND=off"
                )))
            }
        };
        let slot = match kind {
            "offline" => &mut p.notifications.offline,
            "voltage" => &mut p.notifications.low_voltage,
            "stream" => &mut p.notifications.stream_taken,
            "peak" => &mut p.notifications.peak,
            _ => {
                return Err(CliError::Usage(format!(
                    "--notify {n}: kinds are offline, voltage, stream, peak"
                )))
            }
        };
        *slot = on;
    }
    if let Some(m) = args.offline_minutes {
        if !(1..=1440).contains(&m) {
            return Err(CliError::Usage("--offline-minutes: 1 to 1440".into()));
        }
        p.notifications.offline_minutes = m;
    }
    if let Some(v) = args.low_voltage {
        if !(100..=260).contains(&v) {
            return Err(CliError::Usage("--low-voltage: 100 to 260 V".into()));
        }
        p.notifications.low_voltage_volts = v;
    }
    Ok(p)
}

pub async fn prefs(args: PrefsArgs) -> Result<ExitCode> {
    let app = App::start(AppOptions::from_env(DemoMode::Off)?).await?;
    let before = app.preferences();
    let after = apply(&args, before.clone())?;
    let saved = if after != before {
        app.set_preferences(after)?
    } else {
        before
    };
    let locale = app.locale(crate::system_locale().as_deref());
    app.shutdown().await;
    let json = serde_json::json!({ "preferences": saved, "locale": locale });
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints every alert of the saved meters until Ctrl-C.
pub async fn alerts(json: bool) -> Result<ExitCode> {
    let app = App::start(AppOptions::from_env(DemoMode::Off)?).await?;
    let mut rx = app.subscribe_alerts();
    let locale = app.locale(crate::system_locale().as_deref());
    let n = app.preferences().notifications;
    eprintln!(
        "watching {} meter(s) for alerts (offline > {} min: {}, voltage < {} V: {}, stream taken: {}, peak: {}); Ctrl-C stops",
        app.tray_summary().meters.len(),
        n.offline_minutes,
        n.offline,
        n.low_voltage_volts,
        n.low_voltage,
        n.stream_taken,
        n.peak
    );
    loop {
        let alert = tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            a = rx.recv() => match a {
                Ok(a) => a,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            },
        };
        let name = app
            .meter_name(&alert.device_id)
            .unwrap_or_else(|| alert.device_id.clone());
        let (title, body) = alert.text(&name, locale.language, &locale.format_tag);
        if json {
            let line = serde_json::json!({
                "at": alert.at.to_rfc3339(),
                "device_id": alert.device_id,
                "kind": format!("{:?}", alert.kind),
                "title": title,
                "body": body,
            });
            println!("{line}");
        } else {
            println!("{}  {title}: {body}", alert.at.format("%Y-%m-%d %H:%M:%S"));
        }
    }
    app.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(f: impl FnOnce(&mut PrefsArgs)) -> PrefsArgs {
        let mut a = PrefsArgs {
            language: None,
            on_close: None,
            notify: vec![],
            offline_minutes: None,
            low_voltage: None,
        };
        f(&mut a);
        a
    }

    #[test]
    fn changes_apply_and_bad_values_are_refused_whole() {
        let p = apply(
            &args(|a| {
                a.language = Some("de".into());
                a.notify = vec!["offline=on".into(), "peak".into()];
                a.offline_minutes = Some(5);
                a.on_close = Some("quit".into());
            }),
            Preferences::default(),
        )
        .unwrap();
        assert_eq!(p.language, Some(Language::De));
        assert!(p.notifications.offline && p.notifications.peak && !p.notifications.low_voltage);
        assert_eq!(p.notifications.offline_minutes, 5);
        assert_eq!(p.on_close, CloseAction::Quit);
        for bad in [
            args(|a| a.language = Some("es".into())),
            args(|a| a.notify = vec!["fire=on".into()]),
            args(|a| a.notify = vec!["offline=maybe".into()]),
            args(|a| a.offline_minutes = Some(0)),
            args(|a| a.low_voltage = Some(400)),
        ] {
            assert!(matches!(
                apply(&bad, Preferences::default()),
                Err(CliError::Usage(_))
            ));
        }
    }
}
