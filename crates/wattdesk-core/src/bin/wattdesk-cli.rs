//! `wattdesk-cli`: WattDesk's session code without a window, for power users and scripts.
//!
//!   wattdesk-cli discover [--seconds N] [--json]
//!   wattdesk-cli probe <host> [--password-env VAR] [--json]
//!   wattdesk-cli watch <host> [--transport auto|sse|poll|mqtt] [--password-env VAR] [--json]
//!   wattdesk-cli watch [<host>] --transport mqtt --broker mqtt://HOST:PORT --topic T
//!                      [--mapping wattdesk|home-assistant] [--broker-user U]
//!                      [--broker-password-env VAR] [--ca FILE]
//!
//! `host` is a name, an IP, `host:port` or an `http://` URL. Passwords come from an environment
//! variable so they never appear in the process list or shell history.

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use std::time::Duration;
use wattdesk_core::broker::{BrokerEndpoint, BrokerPool};
use wattdesk_core::session::MqttSource;
use wattdesk_core::session::{
    Session, SessionConfig, SessionEvent, SessionState, Timing, TransportChoice,
};
use whatwatt::mqtt::Mapping;
use whatwatt::{MdnsPolicy, ProbeOutcome, Secret};

#[derive(Parser)]
#[command(version, about = "Find and watch whatwatt Go meters from a terminal.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List meters advertising on the network (mDNS; WATTDESK_MDNS=all|loopback|off).
    Discover {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        #[arg(long)]
        json: bool,
    },
    /// Identify the device at an address.
    Probe {
        host: String,
        /// Name of an environment variable holding the device password.
        #[arg(long)]
        password_env: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Stream readings and state changes until Ctrl-C.
    Watch {
        /// The device (optional with `--transport mqtt`: readings then come from the broker alone).
        host: Option<String>,
        #[arg(long, value_enum, default_value = "auto")]
        transport: TransportArg,
        #[arg(long)]
        password_env: Option<String>,
        #[command(flatten)]
        mqtt: MqttArgs,
        /// Newline-delimited JSON: {"type":"reading",...}, {"type":"state",...}, {"type":"health",...}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct MqttArgs {
    /// `mqtt://HOST:PORT` or `mqtts://HOST:PORT` of the broker the meter publishes to.
    #[arg(long)]
    broker: Option<String>,
    /// The topic the meter publishes to.
    #[arg(long)]
    topic: Option<String>,
    #[arg(long, value_enum, default_value = "wattdesk")]
    mapping: MappingArg,
    #[arg(long)]
    broker_user: Option<String>,
    /// Name of an environment variable holding the broker password.
    #[arg(long)]
    broker_password_env: Option<String>,
    /// PEM file of the CA that signed the broker's certificate (mqtts://).
    #[arg(long)]
    ca: Option<std::path::PathBuf>,
}

#[derive(ValueEnum, Clone, Copy)]
enum MappingArg {
    Wattdesk,
    HomeAssistant,
}

#[derive(ValueEnum, Clone, Copy)]
enum TransportArg {
    Auto,
    Sse,
    Poll,
    Mqtt,
}

fn password(var: &Option<String>) -> Result<Option<Secret>, String> {
    match var {
        None => Ok(None),
        Some(v) => std::env::var(v)
            .map(|p| Some(Secret::new(p)))
            .map_err(|_| format!("environment variable {v} is not set")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Discover { seconds, json } => discover(seconds, json).await,
        Command::Probe {
            host,
            password_env,
            json,
        } => probe(&host, &password_env, json).await,
        Command::Watch {
            host,
            transport,
            password_env,
            mqtt,
            json,
        } => watch(host.as_deref(), transport, &password_env, &mqtt, json).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("wattdesk-cli: {e}");
            ExitCode::from(2)
        }
    }
}

async fn discover(seconds: u64, json: bool) -> Result<ExitCode, String> {
    let policy = MdnsPolicy::from_env().map_err(|e| e.to_string())?;
    let Some(daemon) = policy.daemon().map_err(|e| e.to_string())? else {
        return Err("mDNS is off (WATTDESK_MDNS=off)".into());
    };
    let mut browser = whatwatt::Browser::start(&daemon).map_err(|e| e.to_string())?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let mut seen = std::collections::BTreeSet::new();
    while let Ok(Some(ev)) = tokio::time::timeout_at(deadline, browser.next()).await {
        if let whatwatt::DiscoveryEvent::Found(d) = ev {
            if !seen.insert((d.device_id.clone(), d.address())) {
                continue;
            }
            if json {
                println!("{}", serde_json::json!({"type": "found", "device": d}));
            } else {
                println!(
                    "{}  {}  {}  {}",
                    d.device_id,
                    d.address().unwrap_or_default(),
                    d.host_name,
                    d.instance_name
                );
            }
        }
    }
    drop(browser);
    let _ = daemon.shutdown();
    if seen.is_empty() && !json {
        eprintln!("no whatwatt Go found in {seconds} s");
    }
    Ok(ExitCode::SUCCESS)
}

async fn probe(host: &str, pw: &Option<String>, json: bool) -> Result<ExitCode, String> {
    let outcome = whatwatt::probe(host, password(pw)?, Duration::from_secs(5))
        .await
        .map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string(&outcome).unwrap_or_default());
    } else {
        match &outcome {
            ProbeOutcome::Device {
                device_id,
                system,
                protected,
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
            ProbeOutcome::NotWhatwatt { detail } => println!("not a whatwatt Go: {detail}"),
            ProbeOutcome::Unreachable { detail } => println!("unreachable: {detail}"),
        }
    }
    Ok(match outcome {
        ProbeOutcome::Device { .. } => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}

fn describe(s: &SessionState) -> String {
    match s {
        SessionState::Connecting { attempt } => format!("connecting (attempt {attempt})"),
        SessionState::Live { transport } => format!("live via {transport:?}").to_lowercase(),
        SessionState::Stale { silent_s, .. } => {
            format!("stale: no reading for {silent_s:.1} s, reconnecting")
        }
        SessionState::Preempted {
            fallback: Some(t), ..
        } => format!("another app is using the live stream; using {t:?} meanwhile").to_lowercase(),
        SessionState::Preempted { retry_in_s, .. } => {
            format!("another app is using the live stream; retrying in {retry_in_s} s")
        }
        SessionState::NeedsPassword => "the device needs a password (--password-env VAR)".into(),
        SessionState::WrongPassword => "the device rejected the password".into(),
        SessionState::LicenseRequired { detail } => format!("licence: {detail}"),
        SessionState::Offline { retry_in_s, reason } => {
            format!("offline ({reason}); retrying in {retry_in_s} s")
        }
        SessionState::Stopped => "stopped".into(),
    }
}

fn mqtt_source(args: &MqttArgs) -> Result<Option<MqttSource>, String> {
    let (Some(broker), Some(topic)) = (&args.broker, &args.topic) else {
        if args.broker.is_some() || args.topic.is_some() {
            return Err("--broker and --topic go together".into());
        }
        return Ok(None);
    };
    let mut endpoint = BrokerEndpoint::parse(broker).map_err(|e| e.to_string())?;
    endpoint.username = args.broker_user.clone();
    endpoint.password = password(&args.broker_password_env)?;
    if let Some(ca) = &args.ca {
        endpoint.ca_pem = Some(
            std::fs::read_to_string(ca)
                .map_err(|e| format!("cannot read {}: {e}", ca.display()))?,
        );
    }
    wattdesk_core::broker::check_topic(topic).map_err(|e| e.to_string())?;
    Ok(Some(MqttSource {
        pool: BrokerPool::new(),
        endpoint,
        topic: topic.clone(),
        mapping: match args.mapping {
            MappingArg::Wattdesk => Mapping::wattdesk(),
            MappingArg::HomeAssistant => Mapping::home_assistant(),
        },
    }))
}

async fn watch(
    host: Option<&str>,
    transport: TransportArg,
    pw: &Option<String>,
    mqtt: &MqttArgs,
    json: bool,
) -> Result<ExitCode, String> {
    let mqtt = mqtt_source(mqtt)?;
    match (host, transport) {
        (Some(h), _) => {
            whatwatt::parse_address(h).map_err(|e| e.to_string())?;
        }
        (None, TransportArg::Mqtt) => {}
        (None, _) => {
            return Err("give the device's address (only --transport mqtt works without it)".into())
        }
    }
    if matches!(transport, TransportArg::Mqtt) && mqtt.is_none() {
        return Err("--transport mqtt needs --broker and --topic".into());
    }
    let session = Session::spawn(SessionConfig {
        address: host.unwrap_or_default().to_owned(),
        password: password(pw)?,
        transport: match transport {
            TransportArg::Auto => TransportChoice::Auto,
            TransportArg::Sse => TransportChoice::Sse,
            TransportArg::Poll => TransportChoice::Poll,
            TransportArg::Mqtt => TransportChoice::Mqtt,
        },
        mqtt,
        timing: Timing::default(),
    });
    let mut rx = session.subscribe();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let ev = tokio::select! {
            _ = &mut ctrl_c => break,
            ev = rx.recv() => ev,
        };
        let ev = match ev {
            Ok(ev) => ev,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                eprintln!("wattdesk-cli: output too slow, {n} events skipped");
                continue;
            }
            Err(_) => break,
        };
        match ev {
            SessionEvent::Reading(r) if json => {
                let mut v = serde_json::to_value(&r.reading).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("type".into(), "reading".into());
                    o.insert(
                        "transport".into(),
                        serde_json::to_value(r.transport).unwrap_or_default(),
                    );
                    o.insert("received".into(), r.received.to_rfc3339().into());
                    o.insert("bytes".into(), r.bytes.into());
                }
                println!("{v}");
            }
            SessionEvent::Reading(r) => {
                let x = &r.reading;
                let net = x.net_power_kw().unwrap_or(0.0);
                println!(
                    "{}  {:>+8.3} kW {}  import {:.3} kWh  export {:.3} kWh  {:?}",
                    x.local_time
                        .or_else(|| x
                            .timestamp
                            .map(|t| t.with_timezone(&chrono::Local).naive_local()))
                        .map(|t| t.format("%H:%M:%S").to_string())
                        .unwrap_or_else(|| "--:--:--".into()),
                    net,
                    if net < 0.0 { "exporting" } else { "importing" },
                    x.energy_import_kwh.unwrap_or(f64::NAN),
                    x.energy_export_kwh.unwrap_or(f64::NAN),
                    r.transport
                );
            }
            SessionEvent::State(s) if json => {
                let mut v = serde_json::to_value(&s).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("type".into(), "state".into());
                }
                println!("{v}");
            }
            SessionEvent::State(s) => eprintln!("state: {}", describe(&s)),
            SessionEvent::Health(h) if json => {
                let mut v = serde_json::to_value(&h).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("type".into(), "health".into());
                }
                println!("{v}");
            }
            SessionEvent::Health(_) => {}
            SessionEvent::Malformed(m) if json => {
                let mut v = serde_json::to_value(&m).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("type".into(), "malformed".into());
                }
                println!("{v}");
            }
            SessionEvent::Malformed(m) => eprintln!(
                "malformed {:?} payload #{} ({} bytes): {}",
                m.transport, m.count, m.bytes, m.reason
            ),
        }
    }
    session.stop().await;
    Ok(ExitCode::SUCCESS)
}
