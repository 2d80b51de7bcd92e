//! `wattdesk-cli settings <ADDRESS> ...`: the device's own settings with the app's code — read,
//! change fields (checked first; only the changed ones are sent, then read back), backup, restore,
//! reboot, firmware. Any invalid value exits non-zero naming the field, and nothing is sent.

use crate::error::{CliError, Result};
use crate::secrets::from_env;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use wattdesk_core::ipc::{
    FieldChange, FieldProblem, FirmwareProgress, RestoreRequest, ScalerRow, SettingsEditRequest,
    SettingsGroup, SettingsSaved, SettingsSnapshot,
};
use wattdesk_core::settings::{backup, catalogue, edit, maintenance, rules, scalers};
use whatwatt::Client;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print a group's settings (all groups without GROUP): device, meter, wifi, eth, mqtt.
    Get { group: Option<String> },
    /// Change settings: `GROUP.PATH=VALUE ...`, e.g. `device.services.report_interval=12
    /// device.system.name=Kitchen`. Prints the changes, sends only those, reads them back.
    Set {
        #[arg(required = true)]
        assignments: Vec<String>,
        /// Print the changes and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write every setting the device shows to FILE (JSON; write-only values are not in it).
    Backup { file: std::path::PathBuf },
    /// Write a backup's settings to the device. Write-only values it cannot hold are left as they
    /// are unless given: `--secret-env meter.encryption_key=VAR` (also meter.authentication_key,
    /// wifi.password, mqtt.password).
    Restore {
        file: std::path::PathBuf,
        #[arg(long = "secret-env", value_name = "KEY=VAR")]
        secrets: Vec<String>,
    },
    /// The meter's scalers in use and the custom list; `--set OBIS=SCALER` (repeatable) replaces the
    /// custom list, `--clear` empties it.
    Scalers {
        #[arg(long = "set", value_name = "OBIS=SCALER")]
        set: Vec<String>,
        #[arg(long, conflicts_with = "set")]
        clear: bool,
    },
    /// Restart the device and wait until it answers again.
    Reboot,
    /// Upload a firmware image and wait for the device to come back with it.
    Firmware { file: std::path::PathBuf },
}

fn client(address: &str, pw: &Option<String>) -> Result<Client> {
    Ok(Client::builder(address)
        .password(from_env(pw)?)
        .timeout(Duration::from_secs(10))
        .build()?)
}

pub async fn settings(
    address: &str,
    pw: &Option<String>,
    action: Action,
    json: bool,
) -> Result<ExitCode> {
    let client = client(address, pw)?;
    match action {
        Action::Get { group } => get(&client, group.as_deref(), json).await,
        Action::Set {
            assignments,
            dry_run,
        } => set(&client, &assignments, dry_run, json).await,
        Action::Backup { file } => {
            let b = backup::backup(&client).await?;
            backup::write_backup(&file, &b)?;
            say(
                json,
                serde_json::json!({"type": "backup", "file": file.display().to_string(), "groups": b.groups.keys().collect::<Vec<_>>(), "secrets_not_included": b.secrets_not_included}),
                &format!(
                    "Saved {} groups to {} (write-only values are not in a backup: {}).",
                    b.groups.len(),
                    file.display(),
                    b.secrets_not_included.join(", ")
                ),
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Restore { file, secrets } => restore(&client, &file, &secrets, json).await,
        Action::Scalers { set, clear } => {
            let view = if set.is_empty() && !clear {
                scalers::scalers(&client).await?
            } else {
                let rows = set
                    .iter()
                    .map(|a| {
                        let (obis, n) = a.split_once('=').ok_or_else(|| {
                            CliError::Usage(format!("{a:?}: write OBIS=SCALER, e.g. 1.8.255=3"))
                        })?;
                        let scaler = n.trim().parse().map_err(|_| {
                            CliError::Usage(format!("{a:?}: the scaler is a whole number"))
                        })?;
                        Ok(ScalerRow {
                            obis: obis.trim().to_owned(),
                            scaler,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                scalers::set_custom(&client, &rows).await?
            };
            if json {
                println!("{}", tagged("scalers", &view));
            } else {
                println!(
                    "scalers_set = {}",
                    view.scalers_set.as_deref().unwrap_or("?")
                );
                for (name, list) in [("in use", &view.current), ("custom", &view.custom)] {
                    println!("{name}:");
                    for r in list {
                        println!("  {} 10^{}", r.obis, r.scaler);
                    }
                }
                if let Some(n) = &view.current_note {
                    println!("{n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Reboot => {
            let r = maintenance::reboot(&client).await?;
            say(
                json,
                tagged("restarted", &r),
                &format!(
                    "Restarted: away for {:.1} s{}.",
                    r.downtime_s,
                    boot_ids(&r.boot_id_before, &r.boot_id_after)
                ),
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Firmware { file } => {
            let r =
                maintenance::update_firmware(&client, &file, move |p| progress(&p, json)).await?;
            say(
                json,
                tagged("updated", &r),
                &format!(
                    "Firmware {} -> {}; the device was away for {:.1} s{}.",
                    r.firmware_before,
                    r.firmware_after,
                    r.downtime_s,
                    boot_ids(&r.boot_id_before, &r.boot_id_after)
                ),
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn boot_ids(before: &Option<String>, after: &Option<String>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!(", boot id {b} -> {a}"),
        _ => String::new(),
    }
}

fn progress(p: &FirmwareProgress, json: bool) {
    if json {
        println!("{}", tagged("progress", p));
        return;
    }
    match p {
        FirmwareProgress::Uploading { sent, total } if *total > 0.0 => {
            eprint!("\ruploading {:>3.0} %", sent / total * 100.0);
            if sent >= total {
                eprintln!();
            }
        }
        FirmwareProgress::Uploading { .. } => {}
        FirmwareProgress::Restarting => eprintln!("the device is restarting with it..."),
    }
}

fn tagged(kind: &str, value: impl serde::Serialize) -> serde_json::Value {
    let mut v = serde_json::to_value(value).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("type".into(), kind.into());
    }
    v
}

fn say(json: bool, line: serde_json::Value, text: &str) {
    if json {
        println!("{line}");
    } else {
        println!("{text}");
    }
}

fn group_arg(name: &str) -> Result<SettingsGroup> {
    catalogue::parse_group(name).ok_or_else(|| {
        CliError::Usage(format!(
            "{name:?} is not a settings group (device, meter, wifi, eth, mqtt)"
        ))
    })
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("{s:?}"),
        serde_json::Value::Null => "(not set)".into(),
        other => other.to_string(),
    }
}

fn print_snapshot(s: &SettingsSnapshot) {
    for (key, value) in &s.values {
        println!("{key} = {}", show(value));
    }
    for (key, state) in &s.secrets {
        let state = serde_json::to_value(state).unwrap_or_default();
        println!("{key} = <write-only: {}>", state.as_str().unwrap_or("?"));
    }
}

async fn get(client: &Client, group: Option<&str>, json: bool) -> Result<ExitCode> {
    let groups = match group {
        Some(g) => vec![group_arg(g)?],
        None => catalogue::GROUPS.to_vec(),
    };
    for g in groups {
        let s = match edit::group(client, g).await {
            Err(wattdesk_core::CoreError::Device(
                whatwatt::Error::NotFound(_) | whatwatt::Error::LicenseRequired,
            )) if group.is_none() => continue,
            other => other?,
        };
        if json {
            println!("{}", tagged("settings", &s));
        } else {
            print_snapshot(&s);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `GROUP.PATH=VALUE` arguments, checked against the catalogue, by group.
fn parse_assignments(
    args: &[String],
) -> Result<BTreeMap<SettingsGroup, BTreeMap<String, serde_json::Value>>> {
    let mut by_group: BTreeMap<SettingsGroup, BTreeMap<String, serde_json::Value>> =
        BTreeMap::new();
    for a in args {
        let (key, text) = a.split_once('=').ok_or_else(|| {
            CliError::Usage(format!(
                "{a:?}: write GROUP.PATH=VALUE, e.g. device.system.name=Kitchen"
            ))
        })?;
        let key = key.trim();
        let field = catalogue::find(key).ok_or_else(|| {
            CliError::Usage(format!(
                "{key}: not a setting WattDesk edits (see `settings ADDRESS get` for the names)"
            ))
        })?;
        let value =
            rules::parse_text(field, text).map_err(|m| CliError::Usage(format!("{key}: {m}")))?;
        by_group
            .entry(field.group)
            .or_default()
            .insert(key.to_owned(), value);
    }
    Ok(by_group)
}

fn print_changes(changes: &[FieldChange], json: bool) {
    for c in changes {
        if json {
            println!("{}", tagged("change", c));
        } else if let Some(action) = &c.secret_action {
            println!("{}: {action} (write-only)", c.key);
        } else {
            println!("{}: {} -> {}", c.key, show(&c.before), show(&c.after));
        }
    }
}

fn problems_error(problems: &[FieldProblem]) -> CliError {
    CliError::Usage(
        problems
            .iter()
            .map(|p| match &p.key {
                Some(k) => format!("{k}: {}", p.message),
                None => p.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

async fn set(client: &Client, args: &[String], dry_run: bool, json: bool) -> Result<ExitCode> {
    let by_group = parse_assignments(args)?;
    // Every group is checked before any is sent: one invalid value sends nothing.
    let mut requests = Vec::new();
    for (group, edits) in by_group {
        let base = edit::group(client, group).await?.values;
        let req = SettingsEditRequest {
            group,
            base,
            edits,
            force: false,
        };
        let review = edit::review(client, &req).await?;
        if !review.problems.is_empty() {
            return Err(problems_error(&review.problems));
        }
        for n in &review.notes {
            eprintln!("note: {}", n.message);
        }
        print_changes(&review.changes, json);
        requests.push(req);
    }
    if dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    let mut status = ExitCode::SUCCESS;
    for req in requests {
        match edit::save(client, &req).await? {
            SettingsSaved::Saved { different, .. } => {
                for d in &different {
                    if json {
                        println!("{}", tagged("different", d));
                    } else {
                        println!(
                            "note: {} reads back as {} (expected {})",
                            d.key,
                            show(&d.after),
                            show(&d.before)
                        );
                    }
                }
                say(
                    json,
                    serde_json::json!({"type": "saved", "group": req.group}),
                    &format!("Saved {}.", catalogue::group_name(req.group)),
                );
            }
            SettingsSaved::NothingToSave => say(
                json,
                serde_json::json!({"type": "unchanged", "group": req.group}),
                &format!("{}: nothing to change.", catalogue::group_name(req.group)),
            ),
            SettingsSaved::Invalid { problems } => return Err(problems_error(&problems)),
            SettingsSaved::Conflict { conflicts } => {
                print_changes(&conflicts, json);
                return Err(CliError::Usage(
                    "the device's settings changed while they were being saved; run again".into(),
                ));
            }
            SettingsSaved::Refused { key, message } => {
                eprintln!(
                    "the device refused {}: {message}",
                    key.as_deref().unwrap_or("the change")
                );
                status = ExitCode::from(1);
            }
        }
    }
    Ok(status)
}

async fn restore(client: &Client, file: &Path, secrets: &[String], json: bool) -> Result<ExitCode> {
    let b = backup::read_backup(file)?;
    let mut given = BTreeMap::new();
    for s in secrets {
        let (key, var) = s.split_once('=').ok_or_else(|| {
            CliError::Usage(format!(
                "{s:?}: write KEY=VAR, e.g. meter.encryption_key=METER_KEY"
            ))
        })?;
        let value = from_env(&Some(var.to_owned()))?.unwrap_or_default();
        given.insert(key.trim().to_owned(), value);
    }
    let r = backup::restore(
        client,
        RestoreRequest {
            backup: b,
            secrets: given,
        },
    )
    .await?;
    if json {
        println!("{}", tagged("restored", &r));
    } else {
        let names = |gs: &[SettingsGroup]| {
            gs.iter()
                .map(|g| catalogue::group_name(*g))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!("Restored: {}.", names(&r.restored));
        for s in &r.skipped {
            println!(
                "Not restored: {}: {}.",
                catalogue::group_name(s.group),
                s.reason
            );
        }
        if !r.secrets_set.is_empty() {
            println!("Set: {}.", r.secrets_set.join(", "));
        }
        println!("Left as they are: {}.", r.secrets_unchanged.join(", "));
        for d in &r.different {
            println!(
                "note: {} reads back as {} (backup: {})",
                d.key,
                show(&d.after),
                show(&d.before)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
