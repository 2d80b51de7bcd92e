//! A real mosquitto broker in the foreground on a free loopback port, stopped when
//! dropped. Needs `/usr/sbin/mosquitto` (scripts/ensure-deps.sh installs it).

use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

pub struct Mosquitto {
    pub addr: SocketAddr,
    child: Child,
    dir: PathBuf,
    binary: &'static str,
}

impl Mosquitto {
    /// Starts a broker allowing anonymous clients, with `extra` lines appended to its config.
    /// Returns once it accepts TCP connections (or an error after 10 s).
    pub async fn start(extra: &str) -> std::io::Result<Mosquitto> {
        let binary = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "mosquitto is not installed: run scripts/ensure-deps.sh",
                )
            })?;
        // A free port: bind, read, release. The tiny race with other processes is acceptable in tests.
        let port = StdListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let dir =
            std::env::temp_dir().join(format!("wattdesk-mosquitto-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let conf = dir.join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type error\n{extra}\n"
            ),
        )?;
        let child = spawn(binary, &conf)?;
        let broker = Mosquitto {
            addr,
            child,
            dir,
            binary,
        };
        broker.wait_listening().await?;
        Ok(broker)
    }

    /// The directory holding the broker's config (tests put certificates and password files here).
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    async fn wait_listening(&self) -> std::io::Result<()> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if tokio::net::TcpStream::connect(self.addr).await.is_ok() {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                return Err(std::io::Error::other("mosquitto did not start listening"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Kills the broker (clients see the connection drop); [`Mosquitto::restart`] brings it back
    /// on the same port with the same configuration.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    pub async fn restart(&mut self) -> std::io::Result<()> {
        let _ = self.child.kill().await;
        self.child = spawn(self.binary, &self.dir.join("mosquitto.conf"))?;
        self.wait_listening().await
    }

    /// `mqtt://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("mqtt://{}", self.addr)
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// The broker's own complaints (a TLS handshake a test refuses on purpose, say) go to `mosquitto.log`
/// in its folder, not into the test output, where they would read like failures.
fn spawn(binary: &str, conf: &std::path::Path) -> std::io::Result<Child> {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(conf.with_file_name("mosquitto.log"))?;
    Command::new(binary)
        .arg("-c")
        .arg(conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .kill_on_drop(true)
        .spawn()
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Test bed helper: configures a device's MQTT publishing through its REST API, as a user would —
/// publish every second to `url`/`topic` with `template`, trusting `ca` (PEM) for `mqtts://`.
pub async fn publish_via_rest(
    base_url: &str,
    url: &str,
    topic: &str,
    template: &str,
    ca: Option<&str>,
) -> whatwatt::Result<()> {
    use whatwatt::models::mqtt_settings::{MqttBroker, MqttPublish, MqttSettings};
    use whatwatt::models::settings::{ServicesSettings, Settings};
    let c = whatwatt::Client::new(base_url, None)?;
    c.update_settings(&Settings {
        services: Some(ServicesSettings {
            report_interval: Some(1),
            ..Default::default()
        }),
        ..Default::default()
    })
    .await?;
    c.update_mqtt_settings(&MqttSettings {
        enable: Some(true),
        url: Some(url.to_owned()),
        publish: Some(MqttPublish {
            topic: Some(topic.to_owned()),
            template: Some(template.to_owned()),
        }),
        broker: ca.map(|ca| MqttBroker {
            certificate: Some(Some(ca.to_owned())),
        }),
        ..Default::default()
    })
    .await
}
