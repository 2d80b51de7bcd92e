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

fn firmware_form(image: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(image).file_name("fw.bin"),
    )
}

#[tokio::test]
async fn firmware_uploads_are_refused_the_documented_ways() {
    let dev = spawn(config()).await;
    let url = format!("http://{}/load", dev.addr());
    let http = reqwest::Client::new();
    // Not multipart: 415.
    let r = http
        .post(&url)
        .header("content-type", "application/octet-stream")
        .body(vec![0xE9u8; 100])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    // Not an image for this device: 400 "invalid firmware".
    let r = http
        .post(&url)
        .multipart(firmware_form(b"<html>not firmware</html>".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("invalid firmware"));
    // Larger than the device takes: 413.
    let r = http
        .post(&url)
        .multipart(firmware_form(vec![0xE9; 16 * 1024 * 1024 + 1]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);

    // While one upload streams, another is told the device is busy (503).
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let boundary = "wattdesktestboundary";
    let slow = http
        .post(&url)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(tokio_stream_from(rx)))
        .send();
    let slow = tokio::spawn(slow);
    tx.send(Ok(format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fw.bin\"\r\n\r\n"
    )
    .into_bytes()))
        .await
        .unwrap();
    tx.send(Ok(vec![0xE9; 4096])).await.unwrap();
    let busy = whatwatt_sim::testkit::until(10, "the second upload told busy", || async {
        let r = http
            .post(&url)
            .multipart(firmware_form(vec![0xE9; 100]))
            .send()
            .await
            .ok()?;
        (r.status() == 503).then_some(r)
    })
    .await;
    assert!(busy.text().await.unwrap().contains("in progress"));
    tx.send(Ok(format!("\r\n--{boundary}--\r\n").into_bytes()))
        .await
        .unwrap();
    drop(tx);
    let first = slow.await.unwrap().unwrap();
    assert_eq!(first.status(), 200);
    dev.shutdown().await;
}

/// A stream of the chunks sent on `rx`, for a request body that arrives as the test decides.
fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

#[tokio::test]
async fn settings_writes_follow_settings_md() {
    let dev = spawn(whatwatt_sim::SimConfig {
        ethernet: true,
        ..config()
    })
    .await;
    let url = format!("http://{}/api/v1/settings", dev.addr());
    let http = reqwest::Client::new();
    let current: Value = http.get(&url).send().await.unwrap().json().await.unwrap();

    // POST replaces: what it omits is zero/empty/false; where zero is not allowed, a 400 names it.
    let r = http
        .post(&url)
        .json(&json!({"system": {"name": "Kitchen"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("services.report_interval"));
    let mut full = current.clone();
    full["system"]["name"] = json!("Kitchen");
    full["system"]
        .as_object_mut()
        .unwrap()
        .remove("p1_wifi_boost");
    let r = http.post(&url).json(&full).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let now: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["system"]["name"], "Kitchen");
    assert_eq!(now["system"]["p1_wifi_boost"], false, "omitted: false");
    assert_eq!(now["services"], current["services"]);

    let put = |body: Value| http.put(&url).json(&body).send();
    // Power save is refused while the Ethernet link is up.
    let r = put(json!({"system": {"power_save": true}})).await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("Ethernet"));
    // An empty host name is allowed; the device goes by its default name meanwhile.
    assert_eq!(
        put(json!({"system": {"host_name": ""}}))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        put(json!({"system": {"host_name": "bad name!"}}))
            .await
            .unwrap()
            .status(),
        400
    );
    // An invalid custom NTP server is discarded, its use switched off (no error).
    let r =
        put(json!({"system": {"custom_ntp_server": "not a host!", "use_custom_ntp_server": true}}))
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    let now: Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (
            &now["system"]["custom_ntp_server"],
            &now["system"]["use_custom_ntp_server"]
        ),
        (&json!(""), &json!(false))
    );
    let r = put(json!({"system": {"custom_ntp_server": "time.cloudflare.com", "use_custom_ntp_server": true}}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let now: Value = r.json().await.unwrap();
    assert_eq!(now["system"]["use_custom_ntp_server"], true);
    dev.shutdown().await;
}
