//! The REST client against peers that misbehave on purpose: every fault ends in a typed error within
//! the client's timeout, never a hang or an unbounded read.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use futures_util::StreamExt;
use std::time::{Duration, Instant};
use whatwatt::{Client, Error};
use whatwatt_sim::testkit::{Faulty, HttpFault};

const TIMEOUT: Duration = Duration::from_secs(2);

fn client(f: &Faulty) -> Client {
    Client::builder(&f.address())
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .build()
        .unwrap()
}

/// Runs `system()` against `fault`; returns the error and how long it took.
async fn system_error(fault: HttpFault) -> (Error, Duration) {
    let f = Faulty::http(fault).await.unwrap();
    let started = Instant::now();
    let r = within(20, "the request to end", client(&f).system()).await;
    let took = started.elapsed();
    assert!(f.connections() >= 1);
    (r.unwrap_err(), took)
}

#[tokio::test]
async fn a_blackhole_times_out() {
    let (e, took) = system_error(HttpFault::Blackhole).await;
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert!(took < TIMEOUT * 2, "{took:?}");
}

#[tokio::test]
async fn a_reset_is_unreachable() {
    let (e, _) = system_error(HttpFault::Reset).await;
    assert!(matches!(e, Error::Unreachable { .. }), "{e:?}");
    assert!(e.is_transient());
}

#[tokio::test]
async fn a_body_dripping_one_byte_a_second_times_out() {
    let (e, took) = system_error(HttpFault::Drip).await;
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert!(took < TIMEOUT * 2, "{took:?}");
}

#[tokio::test]
async fn a_2_mb_answer_is_refused_without_reading_it_all() {
    let (e, _) = system_error(HttpFault::Huge).await;
    match &e {
        Error::InvalidResponse { reason, .. } => assert!(reason.contains("larger than"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_live_stream_that_falls_silent_stays_a_pending_stream() {
    // The stream itself cannot tell silence from a slow meter: the session's stale timer does
    // (wattdesk-core's fault tests). Here: it opens, yields nothing, and ends when dropped.
    let f = Faulty::http(HttpFault::SilentStream).await.unwrap();
    let mut stream = client(&f).live(None).await.unwrap();
    let next = tokio::time::timeout(Duration::from_millis(500), stream.next()).await;
    assert!(next.is_err(), "nothing arrives: {next:?}");
    drop(stream);
}
