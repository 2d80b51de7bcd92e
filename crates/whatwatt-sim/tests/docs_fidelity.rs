//! Where the simulator once answered differently from the docs (found by reading the docs against
//! it), checked with a plain HTTP client: both spellings of the Wi-Fi transmit power, and the SD card's
//! paths (no trailing slash, directories without one, the root not deletable).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

use serde_json::{json, Value};
use whatwatt_sim::testkit::{config, spawn};

#[tokio::test]
async fn the_transmit_power_is_written_under_either_documented_name() {
    let dev = spawn(config()).await;
    let url = format!("http://{}/api/v1/wifi/sta/settings", dev.addr());
    let http = reqwest::Client::new();
    let put = |body: Value| http.put(&url).json(&body).send();
    // The OpenAPI's writable name.
    assert_eq!(put(json!({"max_power": 10})).await.unwrap().status(), 200);
    let got: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(got["max_tx_power"], 10.0);
    // The docs' name; with both in one request the docs' name wins.
    assert_eq!(
        put(json!({"max_tx_power": 12.5})).await.unwrap().status(),
        200
    );
    let r = put(json!({"max_power": 8, "max_tx_power": 14}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    assert_eq!(got["max_tx_power"], 14.0);
    // Checked like the other: out of range is a 400.
    assert_eq!(put(json!({"max_power": 30})).await.unwrap().status(), 400);
    dev.shutdown().await;
}

#[tokio::test]
async fn sd_card_paths_as_the_docs_write_them() {
    let dev = spawn(config()).await;
    let base = format!("http://{}", dev.addr());
    let http = reqwest::Client::new();
    for root in ["/sdcard", "/sdcard/"] {
        let r = http.get(format!("{base}{root}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{root}");
        let l: Value = r.json().await.unwrap();
        assert_eq!(l["path"], "/sdcard/");
    }
    // A directory without its trailing slash lists (it has no file extension).
    let r = http
        .get(format!("{base}/sdcard/SYSTEM~1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap()["path"],
        "/sdcard/SYSTEM~1/"
    );
    // The root cannot be deleted; a file that is not there is a 404.
    for root in ["/sdcard", "/sdcard/"] {
        let r = http.delete(format!("{base}{root}")).send().await.unwrap();
        assert_eq!(r.status(), 400, "{root}");
    }
    let r = http
        .delete(format!("{base}/sdcard/19990101.CSV"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    dev.shutdown().await;
}
