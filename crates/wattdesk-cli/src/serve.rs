//! `wattdesk-cli serve`: the sharing gateway without a window (a small computer next to the meter).
//! Meters come from `--meter ADDRESS` (each probed for its id, watched by its own session) or
//! `--saved` (the app's saved meters, with their history). Prints one line per listener once ready,
//! logs to stdout, and stops cleanly on SIGTERM or Ctrl-C (systemd friendly).

use crate::error::{CliError, Result};
use crate::secrets::from_env;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use wattdesk_core::gateway::{
    Gateway, GatewayConfig, GatewayToken, SharedMeter, Source, SupervisorSource,
};
use wattdesk_core::ipc::{TimeZoneChoice, TransportChoice};
use wattdesk_core::live::session::Timing;
use wattdesk_core::live::supervisor::{Hooks, MeterLink, Supervisor};
use wattdesk_core::{App, AppOptions, DemoMode};
use whatwatt::ProbeOutcome;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// A meter to share (repeat for several): a name, an IP, host:port or an http:// URL.
    #[arg(long = "meter")]
    meters: Vec<String>,
    /// Share the meters saved in WattDesk (with their history).
    #[arg(long)]
    saved: bool,
    /// Where WattDesk's API listens (127.0.0.1 keeps it to this computer; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8437")]
    listen: SocketAddr,
    /// Name of an environment variable holding the token clients must present (required when
    /// listening on another address than loopback).
    #[arg(long)]
    token_env: Option<String>,
    /// A port for each meter's device-style listener, in the order of the meters (0: any free one).
    #[arg(long = "compat-port")]
    compat_ports: Vec<u16>,
    /// Name of an environment variable holding the devices' password (`--meter` only).
    #[arg(long)]
    password_env: Option<String>,
    /// A web origin (http://host:port) whose pages may call the gateway; repeatable.
    #[arg(long = "allow-origin")]
    origins: Vec<String>,
    /// A host name requests may address besides IP literals and localhost (e.g. pi.local).
    #[arg(long = "allow-host")]
    hosts: Vec<String>,
}

/// Keeps what the gateway reads from alive.
enum Running {
    Meters(Arc<Supervisor>),
    App(App),
}

async fn meters_by_address(args: &ServeArgs) -> Result<(Arc<dyn Source>, Running)> {
    let password = from_env(&args.password_env)?;
    let supervisor = Arc::new(Supervisor::new(
        Timing::default(),
        TimeZoneChoice::Computer,
        Arc::new(|| {}),
        Hooks::default(),
    ));
    let mut meters = Vec::new();
    for address in &args.meters {
        whatwatt::parse_address(address)?;
        let id = match whatwatt::probe(address, password.clone(), Duration::from_secs(10)).await? {
            ProbeOutcome::Device { device_id, .. } => device_id.to_ascii_uppercase(),
            ProbeOutcome::NeedsPassword => {
                return Err(CliError::Usage(format!(
                    "{address} needs a password (--password-env VAR)"
                )))
            }
            other => {
                return Err(CliError::Usage(format!(
                    "{address} is not a whatwatt Go WattDesk can read: {}",
                    serde_json::to_string(&other).unwrap_or_default()
                )))
            }
        };
        if meters.iter().any(|m: &SharedMeter| m.id == id) {
            continue;
        }
        supervisor.ensure(
            &id,
            MeterLink {
                address: address.clone(),
                password: password.clone(),
                auth: None,
                transport: TransportChoice::Auto,
                mqtt: None,
            },
        );
        meters.push(SharedMeter {
            name: id.clone(),
            id,
        });
    }
    let source = Arc::new(SupervisorSource {
        supervisor: supervisor.clone(),
        meters,
    });
    Ok((source, Running::Meters(supervisor)))
}

pub async fn serve(args: ServeArgs) -> Result<ExitCode> {
    if args.meters.is_empty() != args.saved {
        return Err(CliError::Usage(
            "give the meters to share: --meter ADDRESS (repeatable) or --saved".into(),
        ));
    }
    let token = from_env(&args.token_env)?;
    if token.as_ref().is_some_and(|t| t.expose().trim().len() < 16) {
        return Err(CliError::Usage(
            "the token must be at least 16 characters".into(),
        ));
    }
    let (source, running) = if args.saved {
        let app = App::start(AppOptions::from_env(DemoMode::Off)?).await?;
        // The app's own sharing (if on) gives way: this command's listeners are the ones asked for.
        app.sharing_stop().await;
        (app.sharing_source(), Running::App(app))
    } else {
        meters_by_address(&args).await?
    };
    let meters = source.meters();
    if args.compat_ports.len() > meters.len() {
        return Err(CliError::Usage(format!(
            "{} --compat-port given for {} meters",
            args.compat_ports.len(),
            meters.len()
        )));
    }
    let cfg = GatewayConfig {
        listen: args.listen,
        compat: meters
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), args.compat_ports.get(i).copied().unwrap_or(0)))
            .collect(),
        tokens: token
            .map(|secret| GatewayToken {
                name: "command line".into(),
                secret,
            })
            .into_iter()
            .collect(),
        require_token: args.token_env.is_some(),
        allowed_origins: args.origins.clone(),
        allowed_hosts: args.hosts.clone(),
        limits: Default::default(),
    };
    let gateway = Gateway::start(cfg, source)
        .await
        .map_err(|e| CliError::Core(e.into()))?;
    println!("gateway http://{}", gateway.api_addr());
    for (id, addr) in gateway.compat_addrs() {
        println!("compat {id} http://{addr}");
    }
    wait_for_stop().await;
    println!("stopping");
    gateway.stop().await;
    match running {
        Running::Meters(s) => s.stop_all().await,
        Running::App(app) => app.shutdown().await,
    }
    Ok(ExitCode::SUCCESS)
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
