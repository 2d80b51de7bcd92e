//! `whatwatt-sim`: one or more simulated whatwatt Go devices on this machine.

use clap::Parser;
use std::net::SocketAddr;
use std::time::Duration;
use whatwatt_sim::{AuthScheme, License, MeterFault, MeterPreset, SimConfig, SimDevice};

#[derive(Parser, Debug)]
#[command(
    version,
    about = "A simulated whatwatt Go smart-meter reader (REST, SSE, MQTT, mDNS)."
)]
struct Cli {
    /// Address of the first device; further devices take the following ports (or free ones for port 0).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// How many devices to run.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=256))]
    devices: u16,
    /// Protect the Web UI/API with this password (Digest MD5-sess unless --basic-auth).
    #[arg(long)]
    password: Option<String>,
    /// Behave like firmware < 1.10: HTTP Basic instead of Digest.
    #[arg(long)]
    basic_auth: bool,
    #[arg(long, value_enum, default_value = "plus")]
    license: LicenseArg,
    /// Meter preset: p1-3ph, p1-1ph, mbus-1ph, mbus-3ph.
    #[arg(long, default_value = "p1-3ph")]
    meter: String,
    /// Report interval in seconds, overriding the preset (0.01 = 100 Hz fast mode).
    #[arg(long)]
    interval: Option<f64>,
    /// Seed of the household model (device N uses seed + N).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Do not advertise over mDNS.
    #[arg(long)]
    no_mdns: bool,
    /// Start unconfigured (Wi-Fi access point); move to a station address once Wi-Fi is configured.
    #[arg(long)]
    setup_mode: bool,
    /// The meter needs a DLMS key (status KEY REQUIRED until one is set).
    #[arg(long)]
    key_required: bool,
    /// With --key-required: the meter's key (32 hex digits); another key shows ENCRYPTION KEY.
    #[arg(long, value_parser = parse_key)]
    meter_key: Option<String>,
    /// A meter that does not come up by itself: unplugged (NOT CONNECTED), no-data (NO DATA),
    /// unrecognized (NOT RECOGNIZED until interface and protocol are set by hand).
    #[arg(long, value_parser = parse_fault)]
    meter_fault: Option<MeterFault>,
    /// The password of the simulated home networks in the Wi-Fi scan (HomeNet and the hidden Attic).
    #[arg(long, default_value = "homenet-wifi-pass")]
    wifi_password: String,
    /// Seconds a WPS pairing window stays open.
    #[arg(long, default_value_t = 120.0)]
    wps_secs: f64,
    /// Press the simulated router's WPS button whenever the device starts WPS.
    #[arg(long)]
    wps_router_pressed: bool,
    /// The super-capacitor sags below 4.5 V (low-supply warnings; WattDesk polls more gently).
    #[arg(long)]
    scap_sag: bool,
    /// A network cable is plugged in (on the home network from boot, beside the setup access point).
    #[arg(long)]
    ethernet: bool,
    /// In setup mode: seconds the access point stays up after the device joined Wi-Fi.
    #[arg(long, default_value_t = 2.0)]
    ap_linger_secs: f64,
    /// Seconds the device stays unreachable after a reboot.
    #[arg(long, default_value_t = 35.0)]
    reboot_secs: f64,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum LicenseArg {
    Free,
    Plus,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let Some(meter) = MeterPreset::named(&cli.meter) else {
        eprintln!(
            "unknown meter preset {:?}; choose one of {}",
            cli.meter,
            MeterPreset::ALL.join(", ")
        );
        return std::process::ExitCode::from(2);
    };
    let seconds = [cli.reboot_secs, cli.wps_secs, cli.ap_linger_secs];
    if seconds.iter().any(|s| !(s.is_finite() && *s >= 0.0))
        || cli.interval.is_some_and(|i| !(i.is_finite() && i > 0.0))
    {
        eprintln!(
            "--interval, --reboot-secs, --wps-secs and --ap-linger-secs must be positive numbers"
        );
        return std::process::ExitCode::from(2);
    }
    let daemon = if cli.no_mdns {
        None
    } else {
        match whatwatt::MdnsPolicy::from_env().and_then(|p| p.daemon()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                return std::process::ExitCode::from(2);
            }
        }
    };
    let mut devices = Vec::new();
    for n in 0..cli.devices {
        let mut bind = cli.bind;
        if bind.port() != 0 {
            bind.set_port(bind.port().saturating_add(n));
        }
        let config = SimConfig {
            bind,
            license: match cli.license {
                LicenseArg::Free => License::Free,
                LicenseArg::Plus => License::Plus,
            },
            password: cli.password.clone(),
            auth: if cli.basic_auth {
                AuthScheme::Basic
            } else {
                AuthScheme::Digest
            },
            meter: meter.clone(),
            interval_s: cli.interval,
            seed: cli.seed + u64::from(n),
            mdns: !cli.no_mdns,
            setup_mode: cli.setup_mode,
            key_required: cli.key_required,
            meter_key: cli.meter_key.clone(),
            meter_fault: cli.meter_fault,
            wifi_password: cli.wifi_password.clone(),
            wps_window: Duration::from_secs_f64(cli.wps_secs),
            wps_router_pressed: cli.wps_router_pressed,
            scap_sag: cli.scap_sag,
            ethernet: cli.ethernet,
            ap_linger: Duration::from_secs_f64(cli.ap_linger_secs),
            reboot_downtime: Duration::from_secs_f64(cli.reboot_secs),
            ..SimConfig::default()
        };
        match SimDevice::spawn_with_mdns(config, daemon.clone()).await {
            Ok(d) => {
                println!("device {} {}", d.id(), d.base_url());
                devices.push(d);
            }
            Err(e) => {
                eprintln!("cannot start device on {bind}: {e}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    for d in devices {
        d.shutdown().await;
    }
    if let Some(d) = daemon {
        let _ = d.shutdown();
    }
    std::process::ExitCode::SUCCESS
}

fn parse_key(s: &str) -> Result<String, String> {
    if s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err("a meter key is 32 hex digits".into())
    }
}

fn parse_fault(s: &str) -> Result<MeterFault, String> {
    MeterFault::named(s).ok_or_else(|| "one of unplugged, no-data, unrecognized".into())
}
