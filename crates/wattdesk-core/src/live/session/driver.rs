//! The session loop: ask the device who it is, let the [`Policy`] choose a transport, run it, let
//! the policy say what its end means, wait as it says, repeat until cancelled. All I/O happens in the
//! transports and here; all decisions in `policy.rs`.

use super::context::{host_port, Ctx};
use super::policy::{Next, Outcome, Policy, Run};
use super::{mqtt, poll, sse, SessionConfig, SessionEvent};
use crate::ipc::{SessionState, Transport, TransportChoice};
use std::time::Instant;
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use whatwatt::models::system::SystemInfo;
use whatwatt::Client;

pub async fn run(
    cfg: SessionConfig,
    events: broadcast::Sender<SessionEvent>,
    state: watch::Sender<SessionState>,
    cancel: CancellationToken,
) {
    let mut policy = Policy::new(cfg.transport, cfg.mqtt.is_some(), &cfg.timing);
    let built = Client::builder(&cfg.address)
        .password(cfg.password.clone())
        .expect_scheme(cfg.expect_scheme)
        .timeout(cfg.timing.request_timeout)
        .build();
    let mqtt_alone = cfg.transport == TransportChoice::Mqtt && cfg.address.trim().is_empty();
    let mut cx = Ctx::new(cfg, events, state, cancel);
    let client = match built {
        Ok(c) => Some(c),
        // MQTT alone needs no device address (`wattdesk-cli watch --transport mqtt`).
        Err(_) if mqtt_alone => None,
        Err(e) => {
            park(
                &cx,
                SessionState::Offline {
                    retry_in_s: 0,
                    reason: e.to_string(),
                },
            )
            .await;
            return;
        }
    };
    let reach = client.as_ref().and_then(host_port);
    let mut attempt = 0u32;
    while !cx.cancel.is_cancelled() {
        attempt += 1;
        cx.set(SessionState::Connecting { attempt });
        let next = round(&mut cx, &mut policy, client.as_ref()).await;
        match next {
            Next::Stop => break,
            Next::Run(_) | Next::Again(None) => {}
            Next::Again(Some(s)) => cx.set(s),
            Next::Wait {
                state,
                wait,
                until_reachable,
            } => {
                cx.set(state);
                let reach = reach.as_deref().filter(|_| until_reachable);
                if !cx.wait(wait, reach).await {
                    break;
                }
            }
            Next::Park(s) => {
                park(&cx, s).await;
                return;
            }
        }
    }
    cx.set(SessionState::Stopped);
}

/// Shows `state` until the session is stopped.
async fn park(cx: &Ctx, state: SessionState) {
    cx.set(state);
    cx.cancel.cancelled().await;
    cx.set(SessionState::Stopped);
}

/// One round: learn the device, run what the policy chose, return what the policy makes of the end.
async fn round(cx: &mut Ctx, policy: &mut Policy, client: Option<&Client>) -> Next {
    if let Some(next) = policy.mqtt_alone() {
        let Next::Run(run) = next else { return next };
        if let Some(c) = client {
            if let Some(Ok(sys)) = cx.io(c.system()).await {
                cx.learn(c, &sys).await;
            }
        }
        let outcome = mqtt::run(cx, client, None, run.window).await;
        return settle(cx, policy, &outcome);
    }
    let Some(client) = client else {
        return Next::Stop;
    };
    let sys = match cx.io(client.system()).await {
        None => return Next::Stop,
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            let next = policy.device_silent(&e);
            let Next::Run(run) = next else { return next };
            let outcome = execute(cx, client, None, &run).await;
            return settle(cx, policy, &outcome);
        }
    };
    cx.health(&sys);
    cx.scheme(client.scheme());
    let next = policy.plan(sys.is_plus(), Instant::now());
    let Next::Run(run) = next else { return next };
    let mut outcome = execute(cx, client, Some(&sys), &run).await;
    if let Some(instead) = policy.instead(&run, &outcome) {
        outcome = execute(cx, client, Some(&sys), &instead).await;
    }
    settle(cx, policy, &outcome)
}

fn settle(cx: &mut Ctx, policy: &mut Policy, outcome: &Outcome) -> Next {
    if std::mem::take(&mut cx.went_live) {
        policy.live();
    }
    policy.after(outcome, Instant::now())
}

/// Runs one transport. `sys`: what the device said this round (`None` when it did not answer).
async fn execute(cx: &mut Ctx, client: &Client, sys: Option<&SystemInfo>, run: &Run) -> Outcome {
    let interval = sys.and_then(SystemInfo::meter_interval_s).unwrap_or(1.0);
    match run.transport {
        Transport::Sse => sse::run(cx, client, interval, sys.and_then(sse::utc_offset)).await,
        Transport::Poll => poll::run(cx, client, interval, run.window).await,
        Transport::Mqtt => {
            if let Some(sys) = sys {
                cx.learn(client, sys).await;
            }
            let back = if run.device_back {
                host_port(client)
            } else {
                None
            };
            mqtt::run(cx, Some(client), back, run.window).await
        }
    }
}
