//! The whatwatt Go device protocol, usable on its own: typed models of every documented payload, a REST
//! client with Digest/Basic authentication, the SSE live stream, MQTT payload decoding helpers and mDNS
//! discovery. No application logic.
//!
//! Interpretations of the vendor docs where they contradict themselves are written next to the code
//! they shape (search for "docs").

pub mod address;
pub mod auth;
pub mod discovery;
pub mod encode;
pub mod error;
pub mod lenient;
pub mod live;
pub mod mdns;
pub mod models;
pub mod mqtt;
pub mod reading;
pub mod redact;
pub mod resolve;
pub mod rest;
pub mod secret;
pub mod sniff;
pub mod status;

pub use address::{host_port, parse_address};
pub use auth::AuthScheme;
pub use discovery::{probe, probe_with, Browser, DiscoveredDevice, DiscoveryEvent, ProbeOutcome};
pub use error::{AuthFailure, Error, Result};
pub use live::LiveStream;
pub use mdns::MdnsPolicy;
pub use reading::{Reading, ReadingSource};
pub use rest::Client;
pub use secret::{reveal, Secret};
pub use status::MeterStatus;
