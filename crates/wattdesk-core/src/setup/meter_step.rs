//! Step 4, the meter link: the key (and a hand-chosen interface) sent in one partial update, then
//! `.meter.status` every poll with advice per status, until `OK` and a first reading.

use super::advice::{advice, advice_key};
use super::plan::SetupPlan;
use super::run::Run;
use crate::error::{CoreError, Result};
use crate::i18n::catalog::said;
use crate::ipc::{SetupProgress, SetupStep};
use crate::live::session::SessionEvent;
use futures_util::StreamExt;
use tokio::time::Instant;
use whatwatt::models::meter_settings::MeterSettings;
use whatwatt::{Client, MeterStatus};

impl Run<'_> {
    /// Step 4: the meter link, with the key if one was given, until `OK` and a first reading.
    pub(super) async fn meter(
        &mut self,
        plan: &SetupPlan,
        client: &Client,
        device_id: &str,
    ) -> Result<()> {
        self.step(SetupStep::Meter, "setup_say_checking_meter", &[]);
        if plan.meter_key.is_some() || plan.meter_interface.is_some() {
            let (if_type, protocol) = plan.meter_interface.clone().unzip();
            // One partial update (PUT): what is not named here stays as the device had it.
            client
                .update_meter_settings(&MeterSettings {
                    encryption: plan.meter_key.as_ref().map(|_| true),
                    encryption_key: plan.meter_key.clone(),
                    authentication_key: plan.auth_key.clone(),
                    if_type,
                    protocol,
                    ..Default::default()
                })
                .await?;
        }
        let started = Instant::now();
        let deadline = started + self.timing.meter;
        let mut last: Option<MeterStatus> = None;
        let mut wrong_key = 0;
        loop {
            let status = client
                .system()
                .await?
                .meter
                .and_then(|m| m.status)
                .map(|s| MeterStatus::parse(&s))
                .unwrap_or(MeterStatus::NotConnected);
            if last.as_ref() != Some(&status) {
                // With a key sent, "key required" only means the device has not tried it yet.
                let key = match &status {
                    MeterStatus::KeyRequired if plan.meter_key.is_some() => {
                        "setup_advice_trying_key"
                    }
                    other => advice_key(other),
                };
                let (english, words) = said(key, &[]);
                (self.progress)(SetupProgress::MeterStatus {
                    status: status.as_str().to_owned(),
                    advice: english,
                    said: words,
                });
                last = Some(status.clone());
            }
            let stuck = |status: &MeterStatus| CoreError::MeterNotReady {
                status: status.as_str().to_owned(),
                advice: advice(status),
            };
            match &status {
                MeterStatus::Ok => break,
                MeterStatus::KeyRequired if plan.meter_key.is_none() => return Err(stuck(&status)),
                MeterStatus::NotRecognized => return Err(stuck(&status)),
                // Seen twice in a row, so a status from before the key arrived does not count.
                MeterStatus::EncryptionKey if plan.meter_key.is_some() => {
                    wrong_key += 1;
                    if wrong_key >= 2 {
                        return Err(CoreError::MeterKeyWrong);
                    }
                }
                _ => wrong_key = 0,
            }
            if Instant::now() >= deadline {
                return Err(stuck(&status));
            }
            self.waiting(
                SetupStep::Meter,
                status.as_str(),
                started.elapsed(),
                self.timing.meter,
            );
            tokio::time::sleep(self.timing.poll.min(deadline - Instant::now())).await;
        }
        let remaining = deadline.saturating_duration_since(Instant::now()) + self.timing.poll;
        let no_reading = || CoreError::MeterNotReady {
            status: "OK".into(),
            advice:
                "The meter is connected but no reading arrived yet; wait a minute and try again."
                    .into(),
        };
        // A saved meter's session holds the device's one live stream: its readings are the proof
        // (a second stream would take the device from the session, and the session take it back).
        if let Some(mut rx) = self.app.subscribe_meter(device_id) {
            let first = async {
                loop {
                    match rx.recv().await {
                        Ok(SessionEvent::Reading(_)) => return true,
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
                    }
                }
            };
            return match tokio::time::timeout(remaining, first).await {
                Ok(true) => Ok(()),
                _ => Err(no_reading()),
            };
        }
        // The first reading, from the live stream (which a FREE licence allows too).
        let mut live = client.live(None).await?;
        match tokio::time::timeout(remaining, live.next()).await {
            Ok(Some(Ok(_))) => Ok(()),
            Ok(Some(Err(e))) => Err(e.into()),
            _ => Err(no_reading()),
        }
    }
}
