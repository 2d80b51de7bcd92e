//! Scalers (docs: scalers-current, scalers-custom): the ones the meter's values get now, and the
//! custom list. The device takes the custom list only whole (POST), so a save replaces it; WattDesk
//! checks every row first and reads the list back.

use super::document::{get_path, read};
use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::{ScalerRow, ScalersView, SettingsGroup};
use whatwatt::models::scalers::Scaler;
use whatwatt::Client;

/// `C.D.E`: C and D 0..=254, E 0..=255 (255: every E, e.g. all tariffs).
fn obis(text: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    let limits = [254u32, 254, 255];
    if parts.len() != 3 {
        return Err(format!("{text:?} is not a register like 1.8.0 (C.D.E)"));
    }
    for (part, max) in parts.iter().zip(limits) {
        match part.parse::<u32>() {
            Ok(n) if n <= max => {}
            _ => {
                return Err(format!(
                    "{text:?}: each part is a number, C and D up to 254, E up to 255"
                ))
            }
        }
    }
    Ok(parts.join("."))
}

/// The custom list as the device will take it, or what is wrong with each row.
pub fn check_custom(rows: &[ScalerRow]) -> Result<Vec<Scaler>> {
    let mut out: Vec<Scaler> = Vec::new();
    let mut problems = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match obis(&r.obis) {
            Err(e) => problems.push(format!("row {}: {e}", i + 1)),
            Ok(o) if out.iter().any(|s| s.obis == o) => {
                problems.push(format!("row {}: {o} is in the list twice", i + 1))
            }
            Ok(_) if !(-6..=6).contains(&r.scaler) => problems.push(format!(
                "row {}: the scaler is a power of ten from -6 to 6, not {}",
                i + 1,
                r.scaler
            )),
            Ok(o) => out.push(Scaler {
                obis: o,
                scaler: Some(r.scaler),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems.join("; ")));
    }
    Ok(out)
}

fn rows(list: Vec<Scaler>) -> Vec<ScalerRow> {
    list.into_iter()
        .map(|s| ScalerRow {
            obis: s.obis,
            scaler: s.scaler.unwrap_or(0),
        })
        .collect()
}

pub async fn scalers(client: &Client) -> Result<ScalersView> {
    let (current, current_note) = match client.scalers_current().await {
        Ok(list) if list.is_empty() => (
            Vec::new(),
            Some("This meter's values come without scalers to show (only DLMS meters list them).".to_owned()),
        ),
        Ok(list) => (rows(list), None),
        Err(whatwatt::Error::NotFound(_)) => (
            Vec::new(),
            Some("The device does not list them: it needs firmware 1.2.15 or later and a DLMS meter.".to_owned()),
        ),
        Err(e) => return Err(e.into()),
    };
    let custom = rows(client.scalers_custom().await?);
    let meter = read(client, SettingsGroup::Meter).await?;
    Ok(ScalersView {
        current,
        current_note,
        custom,
        scalers_set: get_path(&meter, "scalers_set")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
    })
}

/// Replaces the custom list (checked first) and reads everything back.
pub async fn set_custom(client: &Client, list: &[ScalerRow]) -> Result<ScalersView> {
    let checked = check_custom(list)?;
    client.set_scalers_custom(&checked).await?;
    let view = scalers(client).await?;
    let want = rows(checked);
    if view.custom != want {
        return Err(CoreError::Invalid(format!(
            "the device keeps another list than the one sent ({} rows instead of {})",
            view.custom.len(),
            want.len()
        )));
    }
    Ok(view)
}

impl App {
    pub async fn meter_scalers(&self, device_id: &str) -> Result<ScalersView> {
        scalers(&self.device_client(device_id)?).await
    }

    pub async fn set_custom_scalers(
        &self,
        device_id: &str,
        list: &[ScalerRow],
    ) -> Result<ScalersView> {
        set_custom(&self.device_client(device_id)?, list).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(obis: &str, scaler: i32) -> ScalerRow {
        ScalerRow {
            obis: obis.into(),
            scaler,
        }
    }

    #[test]
    fn rows_follow_the_docs() {
        let ok = check_custom(&[row("1.8.255", 3), row(" 32.7.0 ", -1)]).unwrap();
        assert_eq!(ok[1].obis, "32.7.0");
        for (bad, says) in [
            (vec![row("1.8", 0)], "C.D.E"),
            (vec![row("255.8.0", 0)], "up to 254"),
            (vec![row("1.8.256", 0)], "up to 255"),
            (vec![row("1.8.0", 7)], "-6 to 6"),
            (vec![row("1.8.0", 1), row("1.8.0", 2)], "twice"),
        ] {
            let e = check_custom(&bad).unwrap_err().to_string();
            assert!(e.contains(says), "{e}");
        }
    }
}
