//! Keeps device text that ends up in error messages short and free of secrets.

/// At most this many characters of a device response are quoted in an error.
pub const SNIPPET_CHARS: usize = 120;

/// A short, single-line excerpt of `text` for error messages: control characters become spaces and the
/// text is cut at [`SNIPPET_CHARS`] characters (with an ellipsis).
pub fn snippet(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// Like [`snippet`], and every occurrence of `secret` (when non-empty) is replaced by `***`, so a device
/// that echoes a password back cannot leak it into logs or the UI.
pub fn snippet_without(text: &str, secret: Option<&str>) -> String {
    snippet_without_any(text, secret)
}

/// Like [`snippet_without`] for several secrets. Every one is replaced before the text is cut, so no
/// part of one survives at the cut.
pub fn snippet_without_any<'a>(text: &str, secrets: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = text.to_owned();
    for s in secrets {
        if !s.is_empty() {
            text = text.replace(s, "***");
        }
    }
    snippet(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_and_cleans() {
        let long = "a\nb".repeat(100);
        let s = snippet(&long);
        assert!(!s.contains('\n'));
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
        assert_eq!(snippet_without("pw=hunter2!", Some("hunter2")), "pw=***!");
        // A secret across the cut is redacted whole before cutting.
        let text = format!("{}broker-pass-9", "x".repeat(SNIPPET_CHARS - 4));
        let s = snippet_without_any(&text, ["pw", "broker-pass-9"]);
        assert!(!s.contains("brok"), "{s}");
    }
}
