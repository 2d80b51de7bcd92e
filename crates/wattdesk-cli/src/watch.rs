//! `wattdesk-cli watch`: a meter's live session (the app's own code) until Ctrl-C, as text or NDJSON.

use crate::error::{CliError, Result};
use crate::output::print_event;
use crate::secrets::from_env;
use crate::{MappingArg, MqttArgs, TransportArg};
use std::process::ExitCode;
use wattdesk_core::ipc::TransportChoice;
use wattdesk_core::live::broker::{check_topic, BrokerEndpoint, BrokerPool};
use wattdesk_core::live::session::{MqttSource, Session, SessionConfig, Timing};
use whatwatt::mqtt::Mapping;

fn mqtt_source(args: &MqttArgs) -> Result<Option<MqttSource>> {
    let (Some(broker), Some(topic)) = (&args.broker, &args.topic) else {
        if args.broker.is_some() || args.topic.is_some() {
            return Err(CliError::Usage("--broker and --topic go together".into()));
        }
        return Ok(None);
    };
    let mut endpoint = BrokerEndpoint::parse(broker)?;
    endpoint.username = args.broker_user.clone();
    endpoint.password = from_env(&args.broker_password_env)?;
    if let Some(ca) = &args.ca {
        endpoint.ca_pem = Some(
            std::fs::read_to_string(ca).map_err(|source| CliError::File {
                path: ca.display().to_string(),
                source,
            })?,
        );
    }
    check_topic(topic)?;
    Ok(Some(MqttSource {
        pool: BrokerPool::new(),
        endpoint,
        topic: topic.clone(),
        // Without --mapping the format is recognised from the payload's keys.
        mapping: args.mapping.map(|m| match m {
            MappingArg::Wattdesk => Mapping::wattdesk(),
            MappingArg::HomeAssistant => Mapping::home_assistant(),
        }),
    }))
}

pub async fn watch(
    host: Option<&str>,
    transport: TransportArg,
    pw: &Option<String>,
    mqtt: &MqttArgs,
    json: bool,
) -> Result<ExitCode> {
    let mqtt = mqtt_source(mqtt)?;
    match (host, transport) {
        (Some(h), _) => {
            whatwatt::parse_address(h)?;
        }
        (None, TransportArg::Mqtt) => {}
        (None, _) => {
            return Err(CliError::Usage(
                "give the device's address (only --transport mqtt works without it)".into(),
            ))
        }
    }
    if matches!(transport, TransportArg::Mqtt) && mqtt.is_none() {
        return Err(CliError::Usage(
            "--transport mqtt needs --broker and --topic".into(),
        ));
    }
    let session = Session::spawn(SessionConfig {
        address: host.unwrap_or_default().to_owned(),
        password: from_env(pw)?,
        expect_scheme: None,
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
        match ev {
            Ok(ev) => print_event(&ev, json),
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                eprintln!("wattdesk-cli: output too slow, {n} events skipped");
            }
            Err(_) => break,
        }
    }
    session.stop().await;
    Ok(ExitCode::SUCCESS)
}
