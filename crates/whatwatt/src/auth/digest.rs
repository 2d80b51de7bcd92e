//! HTTP Digest (RFC 2617 / 7616 with MD5 and MD5-sess, `qop=auth`) — the computation and a client
//! session that reuses one server nonce across requests, incrementing `nc`.

use super::params::{self, quote};
use md5::{Digest as _, Md5};
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Md5Sess,
}

impl Algorithm {
    pub fn parse(s: &str) -> Option<Algorithm> {
        if s.eq_ignore_ascii_case("md5") {
            Some(Algorithm::Md5)
        } else if s.eq_ignore_ascii_case("md5-sess") {
            Some(Algorithm::Md5Sess)
        } else {
            None
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
        }
    }
}

/// A parsed `WWW-Authenticate: Digest ...` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// True when the server offered `qop=auth` (we never use `auth-int`).
    pub qop_auth: bool,
    /// `stale=true`: our nonce expired, the credentials were right.
    pub stale: bool,
}

impl DigestChallenge {
    /// Parses the part after `Digest `. `None` if the nonce is missing or the algorithm is unsupported
    /// (e.g. SHA-256, which no whatwatt firmware offers).
    pub fn parse(params_text: &str) -> Option<DigestChallenge> {
        let p = params::parse(params_text);
        let algorithm = match p.get("algorithm") {
            None => Algorithm::Md5,
            Some(a) => Algorithm::parse(a)?,
        };
        let qop_auth = p
            .get("qop")
            .is_some_and(|q| q.split(',').any(|o| o.trim().eq_ignore_ascii_case("auth")));
        // A server that offers only auth-int would need the body hash; not supported by any firmware.
        if p.contains_key("qop") && !qop_auth {
            return None;
        }
        Some(DigestChallenge {
            realm: p.get("realm").cloned().unwrap_or_default(),
            nonce: p.get("nonce").filter(|n| !n.is_empty())?.clone(),
            opaque: p.get("opaque").cloned(),
            algorithm,
            qop_auth,
            stale: p
                .get("stale")
                .is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }
}

fn md5_hex(data: &str) -> String {
    let d = Md5::digest(data.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The inputs of one Digest response computation.
#[derive(Debug, Clone, Copy)]
pub struct DigestInput<'a> {
    pub algorithm: Algorithm,
    pub username: &'a str,
    pub realm: &'a str,
    pub password: &'a str,
    pub nonce: &'a str,
    pub cnonce: &'a str,
    /// Request counter, formatted as 8 hex digits in the header.
    pub nc: u32,
    pub qop_auth: bool,
    pub method: &'a str,
    pub uri: &'a str,
}

/// The `response=` value (lower-case hex) per RFC 2617 §3.2.2.
pub fn compute_response(i: &DigestInput<'_>) -> String {
    let mut ha1 = md5_hex(&format!("{}:{}:{}", i.username, i.realm, i.password));
    if i.algorithm == Algorithm::Md5Sess {
        ha1 = md5_hex(&format!("{ha1}:{}:{}", i.nonce, i.cnonce));
    }
    let ha2 = md5_hex(&format!("{}:{}", i.method, i.uri));
    if i.qop_auth {
        md5_hex(&format!(
            "{ha1}:{}:{:08x}:{}:auth:{ha2}",
            i.nonce, i.nc, i.cnonce
        ))
    } else {
        md5_hex(&format!("{ha1}:{}:{ha2}", i.nonce))
    }
}

/// A client's Digest state for one device: the server nonce plus our cnonce and request counter.
/// One session serves many requests, so after the first challenge no request costs an extra round trip.
#[derive(Debug, Clone)]
pub struct DigestSession {
    challenge: DigestChallenge,
    cnonce: String,
    nc: u32,
}

impl DigestSession {
    /// Starts a session on a fresh challenge: new random cnonce, nc back to 0 (first use sends 1).
    pub fn new(challenge: DigestChallenge) -> Self {
        let cnonce = format!("{:016x}", rand::rng().random::<u64>());
        DigestSession {
            challenge,
            cnonce,
            nc: 0,
        }
    }

    pub fn challenge(&self) -> &DigestChallenge {
        &self.challenge
    }

    /// The `Authorization` header value for the next request; increments `nc`.
    pub fn authorize(&mut self, method: &str, uri: &str, password: &str) -> String {
        self.nc = self.nc.wrapping_add(1);
        let c = &self.challenge;
        let response = compute_response(&DigestInput {
            algorithm: c.algorithm,
            username: "",
            realm: &c.realm,
            password,
            nonce: &c.nonce,
            cnonce: &self.cnonce,
            nc: self.nc,
            qop_auth: c.qop_auth,
            method,
            uri,
        });
        let mut h = format!(
            "Digest username=\"\", realm={}, nonce={}, uri={}, algorithm={}, response=\"{response}\"",
            quote(&c.realm),
            quote(&c.nonce),
            quote(uri),
            c.algorithm.as_str(),
        );
        if c.qop_auth {
            h.push_str(&format!(
                ", qop=auth, nc={:08x}, cnonce={}",
                self.nc,
                quote(&self.cnonce)
            ));
        }
        if let Some(o) = &c.opaque {
            h.push_str(&format!(", opaque={}", quote(o)));
        }
        h
    }
}

/// A parsed `Authorization: Digest ...` header, as a server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestCredentials {
    pub username: String,
    pub realm: String,
    pub nonce: String,
    pub uri: String,
    pub response: String,
    pub algorithm: Algorithm,
    pub qop_auth: bool,
    pub nc: u32,
    pub cnonce: String,
    pub opaque: Option<String>,
}

impl DigestCredentials {
    /// Parses the header value (including the `Digest` scheme word). `None` if malformed.
    pub fn parse(header: &str) -> Option<DigestCredentials> {
        let (scheme, rest) = header.trim().split_once(char::is_whitespace)?;
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let p = params::parse(rest);
        let qop_auth = p.get("qop").is_some_and(|q| q.eq_ignore_ascii_case("auth"));
        Some(DigestCredentials {
            username: p.get("username").cloned().unwrap_or_default(),
            realm: p.get("realm")?.clone(),
            nonce: p.get("nonce")?.clone(),
            uri: p.get("uri")?.clone(),
            response: p.get("response")?.to_ascii_lowercase(),
            algorithm: match p.get("algorithm") {
                None => Algorithm::Md5,
                Some(a) => Algorithm::parse(a)?,
            },
            qop_auth,
            nc: if qop_auth {
                u32::from_str_radix(p.get("nc")?, 16).ok()?
            } else {
                0
            },
            cnonce: if qop_auth {
                p.get("cnonce")?.clone()
            } else {
                String::new()
            },
            opaque: p.get("opaque").cloned(),
        })
    }

    /// True if `response` matches `password` for this request method.
    pub fn verify(&self, method: &str, password: &str) -> bool {
        let expected = compute_response(&DigestInput {
            algorithm: self.algorithm,
            username: &self.username,
            realm: &self.realm,
            password,
            nonce: &self.nonce,
            cnonce: &self.cnonce,
            nc: self.nc,
            qop_auth: self.qop_auth,
            method,
            uri: &self.uri,
        });
        // Constant-time compare: the response is attacker-controlled.
        expected.len() == self.response.len()
            && expected
                .bytes()
                .zip(self.response.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 2617 §3.5: the reference example.
    #[test]
    fn rfc2617_example_vector() {
        let r = compute_response(&DigestInput {
            algorithm: Algorithm::Md5,
            username: "Mufasa",
            realm: "testrealm@host.com",
            password: "Circle Of Life",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            cnonce: "0a4f113b",
            nc: 1,
            qop_auth: true,
            method: "GET",
            uri: "/dir/index.html",
        });
        assert_eq!(r, "6629fae49393a05397450978507c4ef1");
    }

    #[test]
    fn session_increments_nc_and_round_trips_through_server_parser() {
        let ch = DigestChallenge::parse(
            r#"realm="whatwatt-ABCDEF.local", qop="auth", algorithm=MD5-sess, nonce="n1", opaque="op""#,
        )
        .unwrap();
        assert_eq!(ch.algorithm, Algorithm::Md5Sess);
        let mut s = DigestSession::new(ch);
        let h1 = s.authorize("GET", "/api/v1/system", "pw");
        let h2 = s.authorize("GET", "/api/v1/system", "pw");
        let c1 = DigestCredentials::parse(&h1).unwrap();
        let c2 = DigestCredentials::parse(&h2).unwrap();
        assert_eq!((c1.nc, c2.nc), (1, 2));
        assert_eq!(c1.username, "");
        assert_eq!(c1.opaque.as_deref(), Some("op"));
        assert!(c1.verify("GET", "pw") && c2.verify("GET", "pw"));
        assert!(!c1.verify("GET", "wrong"));
        assert!(!c1.verify("PUT", "pw"));
        assert!(
            !h1.contains("pw\""),
            "password must not appear in the header"
        );
    }

    #[test]
    fn stale_and_unsupported_challenges() {
        let ch = DigestChallenge::parse(r#"realm="r", nonce="x", qop="auth", stale=true"#).unwrap();
        assert!(ch.stale);
        assert!(DigestChallenge::parse(r#"realm="r", nonce="x", algorithm=SHA-256"#).is_none());
        assert!(DigestChallenge::parse(r#"realm="r""#).is_none());
        assert!(DigestChallenge::parse(r#"realm="r", nonce="x", qop="auth-int""#).is_none());
    }
}
