//! `wattdesk-cli`: WattDesk's core without a window, for power users, scripts and a headless box
//! next to the meter. Every subcommand runs the same `wattdesk-core` code as the app.
//!
//!   wattdesk-cli discover [--seconds N] [--json]
//!   wattdesk-cli probe <host> [--password-env VAR] [--json]
//!   wattdesk-cli watch <host> [--transport auto|sse|poll|mqtt] [--password-env VAR] [--json]
//!   wattdesk-cli watch [<host>] --transport mqtt --broker mqtt://HOST:PORT --topic T
//!                      [--mapping wattdesk|home-assistant] [--broker-user U]
//!                      [--broker-password-env VAR] [--ca FILE]
//!
//!   wattdesk-cli setup <address> [--ssid S --wifi-password-env VAR | --wps | --ethernet]
//!                      [--meter-key-env VAR] [--auth-key-env VAR] [--password-env VAR]
//!                      [--name NAME] [--report-interval SECS] [--json]
//!
//!   wattdesk-cli settings <address> [--password-env VAR] [--json]
//!                      get [GROUP] | set GROUP.PATH=VALUE... [--dry-run] | backup FILE
//!                      | restore FILE [--secret-env KEY=VAR]... | reboot | firmware FILE
//!
//!   wattdesk-cli serve [--meter ADDRESS ...] [--saved] --listen 127.0.0.1:PORT [--token-env VAR]
//!                      [--compat-port PORT ...] [--allow-origin URL ...] [--allow-host NAME ...]
//!
//! `host` is a name, an IP, `host:port` or an `http://` URL. Passwords come from an environment
//! variable so they never appear in the process list or shell history. With `--json`, a failure is
//! also printed as `{"type":"error","code":…,"message":…}` (codes as in the app).

mod desktop;
mod discover;
mod error;
mod history;
mod output;
mod probe;
mod secrets;
mod serve;
mod settings;
mod setup;
mod watch;

use clap::{Parser, Subcommand, ValueEnum};
use error::CliError;
use std::process::ExitCode;

#[derive(Parser)]
#[command(version, about = "Find and watch whatwatt Go meters from a terminal.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the alerts the desktop app would show as notifications (saved meters, saved choices).
    Alerts {
        #[arg(long)]
        json: bool,
    },
    /// Show or change the app's choices: language, closing the window, notifications.
    Prefs(desktop::PrefsArgs),
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
    /// Set up a new meter: from its own Wi-Fi (or your network) to saved and streaming.
    Setup {
        /// Where the device answers now: its access point's address, or its address on your
        /// network. Without it WattDesk looks for the device (this computer's default gateway, which
        /// is the device while you are on its own Wi-Fi, then mDNS) and uses the one it finds.
        address: Option<String>,
        /// Join this Wi-Fi network (a hidden one by its name).
        #[arg(long, conflicts_with_all = ["wps", "ethernet"])]
        ssid: Option<String>,
        /// Name of an environment variable holding the Wi-Fi password (none for an open network).
        #[arg(long, requires = "ssid")]
        wifi_password_env: Option<String>,
        /// Pair with the router by WPS (press the router's button within 2 minutes).
        #[arg(long, conflicts_with = "ethernet")]
        wps: bool,
        /// The device is on a network cable (DHCP).
        #[arg(long)]
        ethernet: bool,
        /// Wi-Fi transmit power in dBm (0-21, steps of 0.5; the device's default is 17). A device
        /// powered by the meter alone is steadier at 10-15.
        #[arg(long, requires = "ssid")]
        max_tx_power: Option<f64>,
        /// The meter's interface, for a meter the device does not recognise by itself (auto, p1,
        /// mbus, ttl, mep, irda, uart, p1_adapter, ttl_push).
        #[arg(long, requires = "meter_protocol")]
        meter_interface: Option<String>,
        /// The meter's protocol, with --meter-interface (auto, dsmr, hdlc, kmp, mep, mbus, mbtr).
        #[arg(long, requires = "meter_interface")]
        meter_protocol: Option<String>,
        /// Name of an environment variable holding the meter's encryption key (32 hex digits;
        /// spaces and dashes as printed in the grid operator's letter are fine).
        #[arg(long)]
        meter_key_env: Option<String>,
        /// Name of an environment variable holding the meter's authentication key, if any.
        #[arg(long)]
        auth_key_env: Option<String>,
        /// Name of an environment variable holding the device password to set (at most 31
        /// characters). Without it the device stays open to anyone on your network.
        #[arg(long)]
        password_env: Option<String>,
        /// The device's name, and the meter's name in WattDesk.
        #[arg(long)]
        name: Option<String>,
        /// Seconds between the device's reports to its services (1-3600).
        #[arg(long)]
        report_interval: Option<u32>,
        /// Newline-delimited JSON progress; the last line is {"type":"done",...} or {"type":"error",...}.
        #[arg(long)]
        json: bool,
    },
    /// Read and change the device's own settings, back them up and restore them, restart it or
    /// update its firmware (GROUP: device, meter, wifi, eth, mqtt).
    Settings {
        /// The device: a name, an IP, `host:port` or an `http://` URL.
        address: String,
        /// Name of an environment variable holding the device password.
        #[arg(long, global = true)]
        password_env: Option<String>,
        /// Newline-delimited JSON.
        #[arg(long, global = true)]
        json: bool,
        #[command(subcommand)]
        action: settings::Action,
    },
    /// History in a file: record a meter, fill from its SD card, query buckets, export CSV.
    History {
        #[command(subcommand)]
        action: history::Action,
    },
    /// Share meters with other programs: WattDesk's API and WebSocket, and a device-style listener
    /// per meter (read-only; one stream from each device however many clients connect).
    Serve(serve::ServeArgs),
}

#[derive(clap::Args)]
struct MqttArgs {
    /// `mqtt://HOST:PORT` or `mqtts://HOST:PORT` of the broker the meter publishes to.
    #[arg(long)]
    broker: Option<String>,
    /// The topic the meter publishes to.
    #[arg(long)]
    topic: Option<String>,
    /// The payload format; without it, recognised from the payload's keys.
    #[arg(long, value_enum)]
    mapping: Option<MappingArg>,
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

impl Command {
    fn json(&self) -> bool {
        match self {
            Command::Discover { json, .. }
            | Command::Probe { json, .. }
            | Command::Watch { json, .. }
            | Command::Setup { json, .. }
            | Command::Settings { json, .. } => *json,
            Command::History { action } => action.json(),
            Command::Alerts { json } => *json,
            Command::Prefs(_) => true,
            Command::Serve(_) => false,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.command.json();
    let result = match cli.command {
        Command::Discover { seconds, json } => discover::discover(seconds, json).await,
        Command::Probe {
            host,
            password_env,
            json,
        } => probe::probe(&host, &password_env, json).await,
        Command::Watch {
            host,
            transport,
            password_env,
            mqtt,
            json,
        } => watch::watch(host.as_deref(), transport, &password_env, &mqtt, json).await,
        Command::Setup {
            address,
            ssid,
            wifi_password_env,
            wps,
            ethernet,
            max_tx_power,
            meter_interface,
            meter_protocol,
            meter_key_env,
            auth_key_env,
            password_env,
            name,
            report_interval,
            json,
        } => {
            let network = setup::NetworkArgs {
                ssid,
                wifi_password_env,
                wps,
                ethernet,
                max_tx_power,
            };
            let secrets = setup::SecretArgs {
                meter_key_env,
                auth_key_env,
                password_env,
            };
            let choices = setup::Choices {
                name,
                report_interval,
                meter_interface: meter_interface.zip(meter_protocol),
            };
            setup::setup(address.as_deref(), network, secrets, choices, json).await
        }
        Command::Settings {
            address,
            password_env,
            json,
            action,
        } => settings::settings(&address, &password_env, action, json).await,
        Command::History { action } => history::history(action).await,
        Command::Serve(args) => serve::serve(args).await,
        Command::Alerts { json } => desktop::alerts(json).await,
        Command::Prefs(args) => desktop::prefs(args).await,
    };
    result.unwrap_or_else(|e| fail(&e, json))
}

fn fail(e: &CliError, json: bool) -> ExitCode {
    if json {
        println!(
            "{}",
            serde_json::json!({"type": "error", "code": e.code(), "message": e.to_string()})
        );
    }
    eprintln!("wattdesk-cli: {e}");
    ExitCode::from(2)
}

/// The computer's locale as the OS reports it (what the desktop app reads through Tauri's OS plugin).
pub(crate) fn system_locale() -> Option<String> {
    sys_locale::get_locale()
}
