//! What answers at an address that did not answer like a web server: nothing at all, an MQTT broker
//! (it acknowledges an MQTT CONNECT), or something else that accepts connections. Used by
//! [`crate::probe`] so "Add by address" can say what it found instead of "nothing answered".

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// No connection could be made.
    Nothing,
    /// An MQTT broker (it answered CONNECT with CONNACK).
    MqttBroker,
    /// Something accepts connections, but it is neither a web server nor a broker.
    Other,
}

/// MQTT 3.1.1 CONNECT, clean session, keep-alive 60 s, client id `wattdesk-probe`.
const CONNECT: &[u8] = &[
    0x10, 0x1a, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x0e, b'w', b'a',
    b't', b't', b'd', b'e', b's', b'k', b'-', b'p', b'r', b'o', b'b', b'e',
];

/// Looks at `addr` for at most about `timeout` twice.
pub async fn sniff(addr: SocketAddr, timeout: Duration) -> Found {
    let Ok(Ok(mut s)) = tokio::time::timeout(timeout, TcpStream::connect(addr)).await else {
        return Found::Nothing;
    };
    if s.write_all(CONNECT).await.is_err() {
        return Found::Other;
    }
    let mut ack = [0u8; 4];
    match tokio::time::timeout(timeout, s.read_exact(&mut ack)).await {
        Ok(Ok(_)) if ack[0] == 0x20 && ack[1] == 0x02 => {
            // DISCONNECT, politely.
            let _ = s.write_all(&[0xe0, 0x00]).await;
            Found::MqttBroker
        }
        _ => Found::Other,
    }
}
