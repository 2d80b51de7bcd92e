//! `${variable}` templates, as the device renders MQTT payloads and `/api/v1/template/test`.

/// Formats a measurement like the device: up to 3 decimals, no trailing zeros (`0.006`, `233`, `24.087`).
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "null".into();
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".into(),
        other => other.into(),
    }
}

/// Replaces every `${name}` whose name `lookup` knows. Unknown names stay literally in the output, as
/// the firmware does; an unterminated `${` is copied as is.
pub fn render(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match lookup(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push_str("${");
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_like_the_device() {
        assert_eq!(format_number(0.006), "0.006");
        assert_eq!(format_number(233.0), "233");
        assert_eq!(format_number(24.0871), "24.087");
        assert_eq!(format_number(-0.0001), "0");
        assert_eq!(format_number(f64::NAN), "null");
    }

    #[test]
    fn unresolved_variables_stay_literal() {
        let out = render(
            r#"{"P":${1_7_0},"X":"${nope}","S":"${sys.id}"} ${"#,
            |n| match n {
                "1_7_0" => Some("0.5".into()),
                "sys.id" => Some("ABC".into()),
                _ => None,
            },
        );
        assert_eq!(out, r#"{"P":0.5,"X":"${nope}","S":"ABC"} ${"#);
    }
}
