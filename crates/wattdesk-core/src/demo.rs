//! The built-in demo meter: an in-process simulated whatwatt Go on 127.0.0.1 that advertises on the
//! loopback interface only — a neighbour's Home Assistant must never discover a fake meter.

use crate::error::{CoreError, Result};
use whatwatt::MdnsPolicy;
use whatwatt_sim::{SimConfig, SimDevice};

/// Seed of the demo household; also fixes the demo device id across runs.
pub const DEMO_SEED: u64 = 2024;

pub struct DemoMeter {
    device: SimDevice,
    daemon: Option<mdns_sd::ServiceDaemon>,
}

impl DemoMeter {
    /// Starts the demo device. mDNS follows the app's policy, narrowed to loopback (`off` stays off).
    pub async fn start(policy: MdnsPolicy) -> Result<DemoMeter> {
        let daemon = match policy {
            MdnsPolicy::Off => None,
            MdnsPolicy::All | MdnsPolicy::Loopback => MdnsPolicy::Loopback
                .daemon()
                .map_err(|e| CoreError::Demo(e.to_string()))?,
        };
        let config = SimConfig {
            seed: DEMO_SEED,
            mdns: daemon.is_some(),
            history_days: 2,
            ..SimConfig::default()
        };
        let device = SimDevice::spawn_with_mdns(config, daemon.clone())
            .await
            .map_err(|e| CoreError::Demo(e.to_string()))?;
        Ok(DemoMeter { device, daemon })
    }

    pub fn id(&self) -> &str {
        self.device.id()
    }

    /// `127.0.0.1:PORT`.
    pub fn address(&self) -> String {
        self.device.addr().to_string()
    }

    pub async fn stop(self) {
        self.device.shutdown().await;
        if let Some(d) = self.daemon {
            let _ = d.shutdown();
        }
    }
}
