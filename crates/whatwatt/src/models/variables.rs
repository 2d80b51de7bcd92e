//! `GET /api/v1/variables` (PLUS): the template variables as an array of one-entry objects,
//! every value a string and `"null"` for "not available".

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The variables in device order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variables(pub Vec<(String, String)>);

impl Variables {
    /// The raw text of a variable, `None` if absent.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value as a number; `None` when absent, `"null"`, empty or not numeric.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.raw(name)
            .and_then(|v| crate::lenient::parse_f64_text(v).ok().flatten())
    }
}

impl Serialize for Variables {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One<'a>(&'a str, &'a str);
        impl Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(self.0, self.1)?;
                m.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (n, v) in &self.0 {
            seq.serialize_element(&One(n, v))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Variables {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Variables;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of {\"name\": \"value\"} objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Variables, A::Error> {
                let mut out = Vec::new();
                while let Some(obj) =
                    seq.next_element::<std::collections::BTreeMap<String, serde_json::Value>>()?
                {
                    for (name, value) in obj {
                        let text = match value {
                            serde_json::Value::String(s) => s,
                            serde_json::Value::Null => "null".to_owned(),
                            serde_json::Value::Number(n) => n.to_string(),
                            serde_json::Value::Bool(b) => b.to_string(),
                            other => {
                                return Err(de::Error::custom(format!(
                                    "variable {name:?} has a non-scalar value ({})",
                                    crate::redact::snippet(&other.to_string())
                                )))
                            }
                        };
                        out.push((name, text));
                    }
                }
                Ok(Variables(out))
            }
        }
        d.deserialize_seq(V)
    }
}
