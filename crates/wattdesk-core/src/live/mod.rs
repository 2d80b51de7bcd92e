//! Live data: one session per saved meter turns whichever transport works (SSE, polling, MQTT) into
//! one stream of readings and states; the supervisor owns the sessions and what the Meters view
//! shows of them; feeds batch readings for the UI; the inspector counts what each transport
//! delivered; `broker/` shares MQTT connections; `payload` reads what meters publish.

pub mod broker;
pub mod day;
pub mod feed;
pub mod inspector;
pub mod payload;
pub mod session;
pub mod supervisor;
