//! Lenient field decoders shared by the models.
//!
//! Real devices differ: numbers arrive as JSON numbers or as strings (`"24.087"`, the MQTT variables API
//! quotes everything), absent values as `null`, `""` or the string `"null"`, booleans as `true` or `"true"`
//! (`/api/v1/wifi/scan` quotes `wps`). These decoders accept all of those spellings, but still reject values
//! of the wrong kind (an object where a number belongs, `"abc"` for a power) so a broken payload is an error
//! rather than a silent zero.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

fn is_absent(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.eq_ignore_ascii_case("null") || t.eq_ignore_ascii_case("nan")
}

/// Parses a device number written as text; `None` for the spellings of "no value".
pub fn parse_f64_text(s: &str) -> Result<Option<f64>, String> {
    if is_absent(s) {
        return Ok(None);
    }
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(_) => Ok(None),
        Err(_) => Err(format!(
            "expected a number, found {:?}",
            crate::redact::snippet(s)
        )),
    }
}

struct OptF64;
impl<'de> Visitor<'de> for OptF64 {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a numeric string or null")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.is_finite().then_some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_f64_text(v).map_err(E::custom)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `Option<f64>` from a number, a numeric string, `null`, `""` or `"null"`.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptF64)
}

/// `Option<i64>` accepting integral numbers (also `3.0`) and integer strings.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match opt_f64(d)? {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v >= i64::MIN as f64 && v <= i64::MAX as f64 => {
            Ok(Some(v as i64))
        }
        Some(v) => Err(de::Error::custom(format!("expected an integer, found {v}"))),
    }
}

/// `Option<u64>` accepting non-negative integral numbers and integer strings.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_i64(d)? {
        None => Ok(None),
        Some(v) => u64::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("expected a non-negative integer, found {v}"))),
    }
}

/// `Option<u32>`, see [`opt_u64`].
pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match opt_u64(d)? {
        None => Ok(None),
        Some(v) => u32::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("integer {v} out of range"))),
    }
}

/// `Option<i32>`, see [`opt_i64`].
pub fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    match opt_i64(d)? {
        None => Ok(None),
        Some(v) => i32::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("integer {v} out of range"))),
    }
}

struct OptBool;
impl<'de> Visitor<'de> for OptBool {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean, \"true\"/\"false\", 0/1 or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::custom(format!("expected a boolean, found {v}"))),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .map_err(|_| E::custom(format!("expected a boolean, found {v}")))
            .and_then(|v| self.visit_u64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if is_absent(t) {
            Ok(None)
        } else if t.eq_ignore_ascii_case("true") || t == "1" {
            Ok(Some(true))
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            Ok(Some(false))
        } else {
            Err(E::custom(format!(
                "expected a boolean, found {:?}",
                crate::redact::snippet(v)
            )))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `Option<bool>` from `true`, `"true"`, `1`, their opposites, or null.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(OptBool)
}

struct OptString;
impl<'de> Visitor<'de> for OptString {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `Option<String>` that also takes scalars (a meter id sent as a number, `"stop_bits": 1`).
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptString)
}

/// Tri-state field for PUT bodies and GET answers: absent (`None`), explicitly `null` (`Some(None)`, the
/// documented way to delete a certificate or key) or a value.
pub fn double_option<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "super::opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::opt_u32")]
        u: Option<u32>,
    }

    fn parse(s: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn numbers_in_every_spelling() {
        assert_eq!(parse(r#"{"f":1.5}"#).unwrap().f, Some(1.5));
        assert_eq!(parse(r#"{"f":"24.087"}"#).unwrap().f, Some(24.087));
        assert_eq!(parse(r#"{"f":" 7 "}"#).unwrap().f, Some(7.0));
        for absent in [r#"{"f":null}"#, r#"{"f":"null"}"#, r#"{"f":""}"#, "{}"] {
            assert_eq!(parse(absent).unwrap().f, None, "{absent}");
        }
        assert!(parse(r#"{"f":"abc"}"#).is_err());
        assert!(parse(r#"{"f":{"x":1}}"#).is_err());
        assert!(parse(r#"{"f":[1]}"#).is_err());
    }

    #[test]
    fn booleans_and_integers() {
        assert_eq!(parse(r#"{"b":"true"}"#).unwrap().b, Some(true));
        assert_eq!(parse(r#"{"b":false}"#).unwrap().b, Some(false));
        assert_eq!(parse(r#"{"b":0}"#).unwrap().b, Some(false));
        assert!(parse(r#"{"b":"maybe"}"#).is_err());
        assert_eq!(parse(r#"{"u":"2"}"#).unwrap().u, Some(2));
        assert_eq!(parse(r#"{"u":3.0}"#).unwrap().u, Some(3));
        assert!(parse(r#"{"u":-1}"#).is_err());
        assert!(parse(r#"{"u":1.5}"#).is_err());
        assert!(parse(r#"{"u":99999999999}"#).is_err());
    }
}
