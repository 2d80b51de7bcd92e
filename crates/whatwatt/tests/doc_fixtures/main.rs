//! Every response example of the vendor documentation, parsed by the models and checked value by value.
//!
//! The fixtures in `tests/fixtures/docs/` are verbatim copies of the examples (sources listed in
//! `tests/fixtures/docs/SOURCES.md`); the `openapi_*` ones are the `examples:` of the 200 responses in
//! `openapi/api.yaml`, converted from YAML to JSON. Floats are compared exactly where the JSON literal
//! parses to the same `f64` as the Rust literal, and with a tolerance where arithmetic is involved.
//!
//! The second half checks the leniency the models promise (missing phases, unknown fields, numbers as
//! strings, `null`s) and that a wrong-typed field the code relies on is still an error.
//!
//! One module per endpoint; `helpers` holds the fixtures and what the modules share.

mod eth;
mod helpers;
mod lenient;
mod live;
mod meter;
mod mqtt;
mod report;
mod scalers;
mod sdcard;
mod settings;
mod system;
mod variables;
mod wifi;
mod wrong_types;
