//! A string that must never be printed: device and broker passwords, keys.
//!
//! Serializing a [`Secret`] writes it in clear only inside [`reveal`], which the REST client uses to
//! build a request body for the device it belongs to (and which also tells the client which secrets
//! to redact from the device's answer). Anywhere else, serializing a secret fails: a secret that
//! slips into an IPC response, an event or a JSON log is an error, never a leak.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;

/// A secret value. `Debug` and `Display` print `***`; only [`Secret::expose`] and serialization
/// inside [`reveal`] give the value.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is sent to its owner.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Length in characters, as the device reports it (`password_len`).
    pub fn len(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

thread_local! {
    /// Inside [`reveal`]: the secrets serialized so far (serialization is synchronous, so a
    /// thread-local scope cannot see another task's secrets).
    static REVEALED: RefCell<Option<Vec<Secret>>> = const { RefCell::new(None) };
}

/// Runs `f` (which serializes something holding secrets, for the device they belong to) with
/// secrets written in clear, and returns what `f` returned with the secrets it serialized.
pub fn reveal<T>(f: impl FnOnce() -> T) -> (T, Vec<Secret>) {
    let outer = REVEALED.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = f();
    let seen = REVEALED.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    (out, seen.unwrap_or_default())
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let revealed = REVEALED.with(|r| match r.borrow_mut().as_mut() {
            Some(seen) => {
                seen.push(self.clone());
                true
            }
            None => false,
        });
        if revealed {
            s.serialize_str(&self.0)
        } else {
            Err(serde::ser::Error::custom(
                "a secret is serialized only for the device it belongs to",
            ))
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::{reveal, Secret};

    #[test]
    fn never_printed_nor_serialized_by_accident() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?} {s} {:?}", Some(&s)).contains("hunter2"));
        let err = serde_json::to_string(&s).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let v = serde_json::json!({"a": 1});
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":1}"#);
    }

    #[test]
    fn revealed_for_the_device_and_collected_for_redaction() {
        let body = (Secret::new("pw-1"), Some(Secret::new("pw-2")));
        let (json, seen) = reveal(|| serde_json::to_string(&body));
        assert_eq!(json.unwrap(), r#"["pw-1","pw-2"]"#);
        assert_eq!(seen, vec![Secret::new("pw-1"), Secret::new("pw-2")]);
        // The scope ends with the call, also when nested.
        let ((_, inner), outer) = reveal(|| reveal(|| serde_json::to_string(&body).unwrap()));
        assert_eq!((inner.len(), outer.len()), (2, 0));
        assert!(serde_json::to_string(&body).is_err());
    }
}
