//! Misbehaving peers on `127.0.0.1:0`, for fault tests: an HTTP endpoint that never answers, resets,
//! drips its body, sends 2 MB, or opens a live stream and then falls silent; and an MQTT broker that
//! never sends CONNACK or never answers a PINGREQ. Each records how many connections it saw and
//! stops (closing every socket) when dropped.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// How the HTTP peer misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpFault {
    /// Accepts the connection, reads nothing, answers nothing (a host that dropped off the network
    /// while a stale connection or a firewall still accepts).
    Blackhole,
    /// Accepts and resets the connection at once (RST).
    Reset,
    /// Answers `200` with a JSON body, one byte a second.
    Drip,
    /// Answers `200` with a 2 MB JSON body.
    Huge,
    /// Answers `200 text/event-stream`, then sends nothing more and keeps the socket open (the peer
    /// vanished without a FIN: half-open).
    SilentStream,
}

/// How the MQTT broker misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerFault {
    /// Reads CONNECT and never answers.
    NoConnAck,
    /// Accepts the session (CONNACK, SUBACK) but never answers PINGREQ.
    NoPingResp,
}

pub struct Faulty {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    cancel: CancellationToken,
}

impl Faulty {
    pub async fn http(fault: HttpFault) -> std::io::Result<Faulty> {
        Faulty::serve(move |s| Box::pin(http(s, fault))).await
    }

    pub async fn broker(fault: BrokerFault) -> std::io::Result<Faulty> {
        Faulty::serve(move |s| Box::pin(broker(s, fault))).await
    }

    async fn serve(
        handle: impl Fn(TcpStream) -> futures_util::future::BoxFuture<'static, ()> + Send + 'static,
    ) -> std::io::Result<Faulty> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let connections = Arc::new(AtomicUsize::new(0));
        let cancel = CancellationToken::new();
        let (n, c) = (connections.clone(), cancel.clone());
        tokio::spawn(async move {
            let mut conns = JoinSet::new();
            loop {
                tokio::select! {
                    _ = c.cancelled() => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        n.fetch_add(1, Ordering::SeqCst);
                        conns.spawn(handle(stream));
                    }
                    Some(_) = conns.join_next(), if !conns.is_empty() => {}
                }
            }
            conns.abort_all();
        });
        Ok(Faulty {
            addr,
            connections,
            cancel,
        })
    }

    /// `host:port`.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// `mqtt://host:port`.
    pub fn mqtt_url(&self) -> String {
        format!("mqtt://{}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Faulty {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Reads until the end of the request headers (or the connection ends).
async fn read_request(s: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn http(mut s: TcpStream, fault: HttpFault) {
    match fault {
        HttpFault::Blackhole => std::future::pending::<()>().await,
        HttpFault::Reset => {
            // A zero linger makes the close a RST; it is a non-zero linger that blocks on drop.
            #[allow(deprecated)]
            let _ = s.set_linger(Some(Duration::ZERO));
            drop(s);
        }
        HttpFault::Drip => {
            read_request(&mut s).await;
            let body = br#"{"device":{"id":"A842E39F8124","name":"slow"}}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            if s.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for b in body {
                if s.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        HttpFault::Huge => {
            read_request(&mut s).await;
            let filler = "x".repeat(2 * 1024 * 1024);
            let body = format!(r#"{{"device":{{"id":"A842E39F8124","name":"{filler}"}}}}"#);
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes()).await;
            let _ = s.write_all(body.as_bytes()).await;
        }
        HttpFault::SilentStream => {
            read_request(&mut s).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            let _ = s.write_all(head.as_bytes()).await;
            std::future::pending::<()>().await
        }
    }
}

async fn broker(mut s: TcpStream, fault: BrokerFault) {
    let mut buf = [0u8; 4096];
    // CONNECT
    if matches!(s.read(&mut buf).await, Ok(0) | Err(_)) {
        return;
    }
    if fault == BrokerFault::NoConnAck {
        std::future::pending::<()>().await;
    }
    // CONNACK: session not present, accepted.
    if s.write_all(&[0x20, 0x02, 0x00, 0x00]).await.is_err() {
        return;
    }
    loop {
        let n = match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        // SUBSCRIBE (0x82): SUBACK with the packet id and QoS 0 granted. PINGREQ (0xC0): ignored.
        if buf[0] == 0x82 && n >= 4 {
            let _ = s.write_all(&[0x90, 0x03, buf[2], buf[3], 0x00]).await;
        }
    }
}
