//! One typed method per documented endpoint.

use super::{Client, MAX_DOWNLOAD_BYTES, MAX_FIRMWARE_BYTES, MAX_JSON_RESPONSE_BYTES};
use crate::error::Result;
use crate::models::{
    eth::EthSettings, meter_settings::MeterSettings, mqtt_settings::MqttSettings,
    report::ReportEnvelope, scalers::Scaler, sdcard::DirectoryListing, settings::Settings,
    system::SystemInfo, variables::Variables, wifi::WifiNetwork, wifi::WifiStaSettings,
};
use bytes::Bytes;
use reqwest::Method;

impl Client {
    /// `GET /api/v1/system` — works on every licence; the connectivity check.
    pub async fn system(&self) -> Result<SystemInfo> {
        self.get_json("/api/v1/system").await
    }
    /// `GET /api/v1/report` — PLUS only ([`Error::LicenseRequired`](crate::Error::LicenseRequired) otherwise).
    pub async fn report(&self) -> Result<ReportEnvelope> {
        self.get_json("/api/v1/report").await
    }
    /// The report and the size of its body in bytes (for the transport inspector).
    pub async fn report_sized(&self) -> Result<(ReportEnvelope, usize)> {
        let resp = self.send(Method::GET, "/api/v1/report", None).await?;
        let bytes = self.body(resp, super::MAX_JSON_RESPONSE_BYTES).await?;
        Ok((self.decode(&bytes)?, bytes.len()))
    }
    pub async fn settings(&self) -> Result<Settings> {
        self.get_json("/api/v1/settings").await
    }
    /// PUT: only the fields present change.
    pub async fn update_settings(&self, s: &Settings) -> Result<()> {
        self.send_json(Method::PUT, "/api/v1/settings", s).await
    }
    /// POST: replaces everything; absent fields return to defaults.
    pub async fn replace_settings(&self, s: &Settings) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/settings", s).await
    }
    pub async fn meter_settings(&self) -> Result<MeterSettings> {
        self.get_json("/api/v1/meter/settings").await
    }
    pub async fn update_meter_settings(&self, s: &MeterSettings) -> Result<()> {
        self.send_json(Method::PUT, "/api/v1/meter/settings", s)
            .await
    }
    pub async fn replace_meter_settings(&self, s: &MeterSettings) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/meter/settings", s)
            .await
    }
    pub async fn mqtt_settings(&self) -> Result<MqttSettings> {
        self.get_json("/api/v1/mqtt/settings").await
    }
    /// PUT keeps secrets the body does not mention.
    pub async fn update_mqtt_settings(&self, s: &MqttSettings) -> Result<()> {
        self.send_json(Method::PUT, "/api/v1/mqtt/settings", s)
            .await
    }
    pub async fn replace_mqtt_settings(&self, s: &MqttSettings) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/mqtt/settings", s)
            .await
    }
    pub async fn wifi_scan(&self) -> Result<Vec<WifiNetwork>> {
        self.get_json("/api/v1/wifi/scan").await
    }
    pub async fn wifi_sta_settings(&self) -> Result<WifiStaSettings> {
        self.get_json("/api/v1/wifi/sta/settings").await
    }
    pub async fn update_wifi_sta_settings(&self, s: &WifiStaSettings) -> Result<()> {
        self.send_json(Method::PUT, "/api/v1/wifi/sta/settings", s)
            .await
    }
    pub async fn replace_wifi_sta_settings(&self, s: &WifiStaSettings) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/wifi/sta/settings", s)
            .await
    }
    /// Erases the station configuration and stops the Wi-Fi client.
    pub async fn delete_wifi_sta_settings(&self) -> Result<()> {
        self.empty(Method::DELETE, "/api/v1/wifi/sta/settings")
            .await
    }
    /// Starts a 2-minute WPS pairing window.
    pub async fn start_wps(&self) -> Result<()> {
        self.empty(Method::POST, "/api/v1/wifi/wps").await
    }
    pub async fn eth_settings(&self) -> Result<EthSettings> {
        self.get_json("/api/v1/eth/settings").await
    }
    pub async fn update_eth_settings(&self, s: &EthSettings) -> Result<()> {
        self.send_json(Method::PUT, "/api/v1/eth/settings", s).await
    }
    pub async fn replace_eth_settings(&self, s: &EthSettings) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/eth/settings", s)
            .await
    }
    /// PLUS only.
    pub async fn variables(&self) -> Result<Variables> {
        self.get_json("/api/v1/variables").await
    }
    pub async fn scalers_current(&self) -> Result<Vec<Scaler>> {
        self.get_json("/api/v1/meter/scalers/current").await
    }
    pub async fn scalers_custom(&self) -> Result<Vec<Scaler>> {
        self.get_json("/api/v1/meter/scalers/custom").await
    }
    pub async fn set_scalers_custom(&self, s: &[Scaler]) -> Result<()> {
        self.send_json(Method::POST, "/api/v1/meter/scalers/custom", s)
            .await
    }
    /// Renders `template` with the device's current variables (PLUS only). The endpoint is named in the
    /// docs but its request format is not: we POST `{"template": "..."}` and read the rendered text.
    pub async fn template_test(&self, template: &str) -> Result<String> {
        let body =
            serde_json::to_vec(&serde_json::json!({ "template": template })).unwrap_or_default();
        let resp = self
            .send(
                Method::POST,
                "/api/v1/template/test",
                Some((Bytes::from(body), "application/json")),
            )
            .await?;
        let bytes = self.body(resp, MAX_JSON_RESPONSE_BYTES).await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
    /// Restarts the device (unreachable for ~30–60 s).
    pub async fn reboot(&self) -> Result<()> {
        self.empty(Method::POST, "/api/v1/reboot").await
    }
    /// Factory reset: erases Wi-Fi, password, MQTT and all other user settings.
    pub async fn factory_reset(&self) -> Result<()> {
        self.empty(Method::POST, "/api/v1/restore").await
    }
    /// Uploads a firmware image (multipart field `file`); the device reboots afterwards.
    pub async fn upload_firmware(&self, image: Vec<u8>, file_name: &str) -> Result<String> {
        self.upload_firmware_with(image, file_name, &super::Upload::default())
            .await
    }

    /// [`Client::upload_firmware`] with progress and its own time limit (`upload`).
    pub async fn upload_firmware_with(
        &self,
        image: Vec<u8>,
        file_name: &str,
        upload: &super::Upload,
    ) -> Result<String> {
        let boundary = format!("wattdesk{:016x}", rand::random::<u64>());
        let mut body = Vec::with_capacity(image.len() + 256);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file_name.replace(['"', '\r', '\n'], "_")
            )
            .as_bytes(),
        );
        body.extend_from_slice(&image);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        let resp = self
            .send_with(
                Method::POST,
                "/load",
                Some((Bytes::from(body), &ct)),
                MAX_FIRMWARE_BYTES,
                &[],
                upload,
            )
            .await?;
        let bytes = self.body(resp, MAX_JSON_RESPONSE_BYTES).await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
    /// Lists an SD-card directory (`""` for the root). [`Error::ServiceUnavailable`](crate::Error::ServiceUnavailable) without a card.
    pub async fn sdcard_list(&self, dir: &str) -> Result<DirectoryListing> {
        let dir = dir.trim_matches('/');
        let path = if dir.is_empty() {
            "/sdcard/".to_owned()
        } else {
            format!("/sdcard/{dir}/")
        };
        self.get_json(&path).await
    }
    /// Downloads an SD-card file (e.g. `20251007.CSV`).
    pub async fn sdcard_download(&self, file: &str) -> Result<Bytes> {
        let resp = self
            .send(
                Method::GET,
                &format!("/sdcard/{}", file.trim_start_matches('/')),
                None,
            )
            .await?;
        self.body(resp, MAX_DOWNLOAD_BYTES).await
    }
    /// Deletes an SD-card file, or a directory recursively when `path` ends with `/`.
    pub async fn sdcard_delete(&self, path: &str) -> Result<()> {
        self.empty(
            Method::DELETE,
            &format!("/sdcard/{}", path.trim_start_matches('/')),
        )
        .await
    }
}
