//! Parser for the `key=value, key="quoted value"` lists of auth headers (RFC 7235 auth-params).

use std::collections::HashMap;

/// Parses auth-params; keys are lower-cased, quoted values unescaped. Malformed pieces are skipped,
/// never a panic, so a garbled header simply yields fewer parameters.
pub fn parse(input: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut chars = input.chars().peekable();
    loop {
        while matches!(chars.peek(), Some(c) if c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() && chars.peek().is_none() {
            break;
        }
        while matches!(chars.peek(), Some(c) if c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            // A bare token (no value): skip it.
            if key.is_empty() {
                chars.next();
            }
            continue;
        }
        chars.next();
        while matches!(chars.peek(), Some(c) if c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    }
                    '"' => break,
                    _ => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
            value = value.trim().to_owned();
        }
        if !key.is_empty() {
            out.insert(key.to_ascii_lowercase(), value);
        }
    }
    out
}

/// Quotes a value for an auth header.
pub fn quote(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_unquoted_and_commas_inside_quotes() {
        let p = parse(
            r#"realm="whatwatt-ABCDEF.local", qop="auth,auth-int", algorithm=MD5-sess, nonce="a\"b", stale=TRUE"#,
        );
        assert_eq!(p["realm"], "whatwatt-ABCDEF.local");
        assert_eq!(p["qop"], "auth,auth-int");
        assert_eq!(p["algorithm"], "MD5-sess");
        assert_eq!(p["nonce"], "a\"b");
        assert_eq!(p["stale"], "TRUE");
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            ",,,",
            "=",
            "a=",
            "\"",
            "x=\"unterminated",
            "=v, k",
            "k = v",
        ] {
            let _ = parse(s);
        }
        assert_eq!(parse("k = v")["k"], "v");
    }
}
