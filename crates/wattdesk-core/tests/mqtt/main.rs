//! MQTT end to end against real parts: whatwatt-sim configured through the app publishes to a real
//! mosquitto broker, and the app's session reads it back. One test binary, a module per topic.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

#[path = "../common/mod.rs"]
mod common;

mod device;
mod fallback;
mod payloads;
mod tls;
