//! Lenient field decoding shared by the models.
//!
//! Real devices differ: numbers arrive as JSON numbers or as strings (`"24.087"`, the MQTT variables API
//! quotes everything), absent values as `null`, `""` or the string `"null"`, booleans as `true` or `"true"`
//! (`/api/v1/wifi/scan` quotes `wps`). [`Lenient`] accepts all of those spellings, but still rejects values
//! of the wrong kind (an object where a number belongs, `"abc"` for a power) so a broken payload is an error
//! rather than a silent zero.
//!
//! A model field opts in with one attribute: `#[serde(with = "As::<Lenient>")] pub power: Option<f64>`
//! (`As` is [`serde_with::As`]; `#[serde_as(as = "Lenient")]` works the same).

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// The `serde_with` adapter for every optional scalar of the models: `Option<T>` for each `T` that is
/// [`LenientValue`] (`f64`, the integer types, `bool`, `String`). Serializes the value unchanged.
pub struct Lenient;

impl<'de, T: LenientValue> serde_with::DeserializeAs<'de, Option<T>> for Lenient {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(d)
    }
}

impl<T: LenientValue + Serialize> serde_with::SerializeAs<Option<T>> for Lenient {
    fn serialize_as<S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// A scalar [`Lenient`] can decode. For numbers and booleans `None` is every spelling of "no value"
/// (`null`, `""`, `"null"`, `"nan"`, and for numbers non-finite values); text keeps `""` and `"null"` as
/// they are, only JSON `null` being absent.
pub trait LenientValue: Sized {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;
}

fn is_absent(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.eq_ignore_ascii_case("null") || t.eq_ignore_ascii_case("nan")
}

/// True for the JSON spellings of "no value" a number or boolean may have: `null`, `""`, `"null"`, `"nan"`.
pub(crate) fn is_absent_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => is_absent(s),
        _ => false,
    }
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

/// The visitor methods every lenient visitor shares: `null`, unit and `Some(x)` wrappers.
macro_rules! absent_is_none {
    () => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
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
    // The CSV reader hands whole numbers beyond 64 bits over as 128-bit ones (tests/arithmetic_props.rs).
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse_f64_text(v).map_err(E::custom)
    }
    absent_is_none!();
}

/// A number, a numeric string, `null`, `""` or `"null"`.
impl LenientValue for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        d.deserialize_any(OptF64)
    }
}

/// Integral numbers (also `3.0`) and integer strings, checked against the target type's range.
fn integer<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    let Some(v) = f64::deserialize_lenient(d)? else {
        return Ok(None);
    };
    if v.fract() != 0.0 || v < i64::MIN as f64 || v > i64::MAX as f64 {
        return Err(de::Error::custom(format!("expected an integer, found {v}")));
    }
    let v = v as i64;
    T::try_from(v).map(Some).map_err(|_| {
        de::Error::custom(if v < 0 && T::try_from(-1).is_err() {
            format!("expected a non-negative integer, found {v}")
        } else {
            format!("integer {v} out of range")
        })
    })
}

macro_rules! lenient_integers {
    ($($t:ty),*) => {$(
        impl LenientValue for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$t>, D::Error> {
                integer(d)
            }
        }
    )*};
}
lenient_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

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
    absent_is_none!();
}

/// `true`, `"true"`, `1`, their opposites, or null.
impl LenientValue for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        d.deserialize_any(OptBool)
    }
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
    absent_is_none!();
}

/// Text, and scalars as text (a meter id sent as a number, `"stop_bits": 1`). Unlike numbers, the text
/// `""` or `"null"` is kept as it is: only JSON `null` is absent.
impl LenientValue for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(OptString)
    }
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
    use super::Lenient;
    use serde::{Deserialize, Serialize};
    use serde_with::As;

    #[serde_with::skip_serializing_none]
    #[derive(Deserialize, Serialize, Debug, Default)]
    #[serde(default)]
    struct T {
        #[serde(with = "As::<Lenient>")]
        f: Option<f64>,
        #[serde(with = "As::<Lenient>")]
        b: Option<bool>,
        #[serde(with = "As::<Lenient>")]
        u: Option<u32>,
        #[serde(with = "As::<Lenient>")]
        u64: Option<u64>,
        #[serde(with = "As::<Lenient>")]
        i: Option<i32>,
        #[serde(with = "As::<Lenient>")]
        i64: Option<i64>,
        #[serde(with = "As::<Lenient>")]
        s: Option<String>,
    }

    fn parse(s: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(s)
    }

    fn error(s: &str) -> String {
        parse(s).expect_err(s).to_string()
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

    #[test]
    fn not_a_number_and_infinity_are_absent() {
        for absent in [
            r#"{"f":"NaN"}"#,
            r#"{"f":"nan"}"#,
            r#"{"f":"inf"}"#,
            r#"{"f":"-Infinity"}"#,
        ] {
            assert_eq!(parse(absent).unwrap().f, None, "{absent}");
        }
        assert_eq!(parse(r#"{"u":"NaN"}"#).unwrap().u, None);
        assert_eq!(parse(r#"{"b":"nan"}"#).unwrap().b, None);
        // JSON itself has no NaN literal: a non-finite number can only arrive as text.
        assert!(parse(r#"{"f":NaN}"#).is_err());
    }

    #[test]
    fn every_integer_width_checks_its_range() {
        let t = parse(r#"{"u64":"18","i":-7,"i64":"-9000000000"}"#).unwrap();
        assert_eq!(
            (t.u64, t.i, t.i64),
            (Some(18), Some(-7), Some(-9_000_000_000))
        );
        assert_eq!(parse(r#"{"i":"-3.0"}"#).unwrap().i, Some(-3));
        assert!(error(r#"{"i":3000000000}"#).contains("integer 3000000000 out of range"));
        assert!(error(r#"{"i":-3000000000}"#).contains("integer -3000000000 out of range"));
        assert!(error(r#"{"u":99999999999}"#).contains("integer 99999999999 out of range"));
        assert!(error(r#"{"u":-1}"#).contains("expected a non-negative integer, found -1"));
        assert!(error(r#"{"u64":"-2"}"#).contains("expected a non-negative integer, found -2"));
        assert!(error(r#"{"i64":7.5}"#).contains("expected an integer, found 7.5"));
        assert!(error(r#"{"u64":1e300}"#).contains("expected an integer"));
    }

    #[test]
    fn strings_take_scalars_and_keep_empty_text() {
        assert_eq!(parse(r#"{"s":1}"#).unwrap().s.as_deref(), Some("1"));
        assert_eq!(parse(r#"{"s":-1.5}"#).unwrap().s.as_deref(), Some("-1.5"));
        assert_eq!(parse(r#"{"s":true}"#).unwrap().s.as_deref(), Some("true"));
        assert_eq!(parse(r#"{"s":""}"#).unwrap().s.as_deref(), Some(""));
        assert_eq!(parse(r#"{"s":null}"#).unwrap().s, None);
        assert!(parse(r#"{"s":{"a":1}}"#).is_err());
        assert!(parse(r#"{"s":["a"]}"#).is_err());
    }

    #[test]
    fn errors_quote_a_short_single_line_snippet() {
        let long = format!("{}\n{}", "x".repeat(100), "y".repeat(100));
        let e = error(&format!(r#"{{"f":{long:?}}}"#));
        assert!(e.starts_with("expected a number, found \""), "{e}");
        assert!(
            e.contains('…') && !e.contains('\n') && !e.contains(&"y".repeat(30)),
            "{e}"
        );
        let e = error(&format!(r#"{{"b":{long:?}}}"#));
        assert!(e.starts_with("expected a boolean, found \""), "{e}");
        assert!(e.contains('…') && !e.contains(&"y".repeat(30)), "{e}");
    }

    #[test]
    fn serializes_values_unchanged_and_skips_absent_ones() {
        let t = parse(r#"{"f":"1.5","b":"true","u":"2","s":7}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"f":1.5,"b":true,"u":2,"s":"7"}"#
        );
        assert_eq!(serde_json::to_string(&T::default()).unwrap(), "{}");
    }
}
