//! Fields the docs spell two ways. serde's `alias` reads either spelling but rejects a document that
//! carries both as a duplicate field; these models resolve the second spelling before decoding instead.

use crate::lenient::is_absent_value;
use serde_json::Value;

/// A field with two spellings in the docs, read from `v` (a JSON object) as `canonical`: the `alias`
/// is renamed to `canonical` unless `canonical` already carries a value (anything but `null`, `""`,
/// `"null"`, `"nan"`), in which case the alias is dropped.
pub(crate) fn resolve_alias(mut v: Value, canonical: &str, alias: &str) -> Value {
    if let Value::Object(m) = &mut v {
        if let Some(a) = m.remove(alias) {
            if m.get(canonical).is_none_or(is_absent_value) {
                m.insert(canonical.to_owned(), a);
            }
        }
    }
    v
}

/// Implements `Serialize` and `Deserialize` for a model declared with `#[serde(remote = "Self")]` whose
/// field `$canonical` is also spelled `$alias` (see [`resolve_alias`]): the document is read into a JSON
/// value, the alias resolved, and the derived code does the rest. (`remote = "Self"` leaves the derived
/// code as inherent `$ty::serialize`/`$ty::deserialize` functions; use the trait methods, which resolve
/// the alias.)
macro_rules! serde_with_alias {
    ($ty:ty, $canonical:literal, $alias:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                let v = $crate::models::alias::resolve_alias(v, $canonical, $alias);
                <$ty>::deserialize(v).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_with_alias;

#[cfg(test)]
mod tests {
    use super::resolve_alias;
    use serde_json::json;

    #[test]
    fn an_alias_gives_way_to_the_canonical_spelling() {
        let r = |v| resolve_alias(v, "max_tx_power", "max_power");
        assert_eq!(r(json!({"max_power": 5})), json!({"max_tx_power": 5}));
        assert_eq!(
            r(json!({"max_power": 5, "max_tx_power": 7})),
            json!({"max_tx_power": 7})
        );
        for absent in [json!(null), json!(""), json!("null")] {
            assert_eq!(
                r(json!({"max_power": 5, "max_tx_power": absent})),
                json!({"max_tx_power": 5})
            );
        }
        assert_eq!(r(json!({"other": 1})), json!({"other": 1}));
        assert_eq!(r(json!([1, 2])), json!([1, 2]));
    }
}
