//! Numbers in native surfaces (tray, notifications) written the way the locale writes them. The UI
//! uses `Intl`; this is the small subset Rust needs, without pulling in ICU.

/// The decimal separator of a BCP 47 tag: a comma in German, French and Italian, except Swiss and
/// Liechtenstein German and English, which use a point.
fn comma(tag: &str) -> bool {
    let lang = tag.split('-').next().unwrap_or("");
    match lang {
        "de" => !(tag.ends_with("-CH") || tag.ends_with("-LI")),
        "fr" | "it" => true,
        _ => false,
    }
}

/// `value` with `digits` decimals, in the locale's decimal separator.
pub fn decimal(value: f64, digits: usize, tag: &str) -> String {
    let s = format!("{value:.digits$}");
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    };
    if comma(tag) {
        s.replace('.', ",")
    } else {
        s
    }
}

/// Power in watts as people read it: "850 W", "1.2 kW" (sign dropped; the words say the direction).
pub fn power(watts: f64, tag: &str) -> String {
    let w = watts.abs();
    if w < 1000.0 {
        format!("{} W", decimal(w, 0, tag))
    } else {
        format!(
            "{} kW",
            decimal(w / 1000.0, if w < 10_000.0 { 2 } else { 1 }, tag)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_per_locale() {
        assert_eq!(power(1234.0, "en-GB"), "1.23 kW");
        assert_eq!(power(-1234.0, "de-DE"), "1,23 kW");
        assert_eq!(power(1234.0, "de-CH"), "1.23 kW");
        assert_eq!(power(1234.0, "fr-CH"), "1,23 kW");
        assert_eq!(power(12_345.0, "it-CH"), "12,3 kW");
        assert_eq!(power(849.6, "fr-FR"), "850 W");
        assert_eq!(power(-0.2, "en-GB"), "0 W");
        assert_eq!(decimal(-0.04, 1, "en-GB"), "0.0");
    }
}
